"""crmlib: the computations behind the CRM (客户关系管理) teaching package.

Each topic has its own small module (``funnel``, ``retention``, ...); notebooks call these and
never re-implement them. User-facing text comes from the language catalogue (:mod:`crmlib.i18n`).

Examples
--------
>>> import crmlib
>>> crmlib.setup("en")
>>> crmlib.t("common.customers")
'Customers'

``crmlib.language`` switches the language for a ``with`` block only (say, to show one table in
the other language); the notebook's language returns afterwards, also after an error:

>>> with crmlib.language("zh-CN"):
...     crmlib.t("common.customers")
'客户'
>>> crmlib.get_language()
'en'
"""

from __future__ import annotations

import os
import warnings

from crmlib.i18n import get_language, language, set_language, t

__version__ = "0.1.0"
__all__ = ["__version__", "get_language", "language", "set_language", "setup", "t"]


def setup(language: str = "zh-CN") -> None:
    """Prepare a notebook: language of labels and messages, plot theme with the Chinese font.

    When the environment variable ``CRMLIB_WARNINGS=error`` is set (the test suite sets it),
    warnings raised from crmlib code become errors inside the notebook kernel too.

    Parameters
    ----------
    language : {"zh-CN", "en"}
    """
    set_language(language)
    from crmlib.figures.theme import use_theme

    use_theme()
    if os.environ.get("CRMLIB_WARNINGS") == "error":
        warnings.filterwarnings("error", module=r"crmlib(\..*)?$")
