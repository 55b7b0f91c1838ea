"""Course machinery, apart from the CRM content: exercise feedback (:mod:`~crmlib.course.checks`),
the quiz and its question banks (:mod:`~crmlib.course.quiz`, :mod:`~crmlib.course.quiz_widget`),
the environment check of the course home (:mod:`~crmlib.course.envcheck`,
:mod:`~crmlib.course.widget_check`), and the exercise check ``check("ch03.q3", q3)`` against the
hashed answer keys (:mod:`~crmlib.course.keys`).
"""

from typing import Any


def __getattr__(name: str) -> Any:
    """``from crmlib.course import check`` without importing pandas for every course module."""
    if name == "check":
        from crmlib.course.keys import check

        return check
    raise AttributeError(f"module 'crmlib.course' has no attribute {name!r}")
