"""Course machinery, apart from the CRM content: exercise feedback (:mod:`~crmlib.course.checks`),
the quiz and its question banks (:mod:`~crmlib.course.quiz`, :mod:`~crmlib.course.quiz_widget`),
the environment check of the course home (:mod:`~crmlib.course.envcheck`,
:mod:`~crmlib.course.widget_check`).
"""
