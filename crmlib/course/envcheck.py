"""Environment check for the course home: Python and package versions, the Chinese font, widgets.

Examples
--------
>>> from crmlib import i18n; i18n.set_language("en")
>>> report = environment_report()
>>> bool(report["ok"].all())
True
>>> report.loc[report["check"] == "Python", "found"].item().startswith("3.")
True
"""

from __future__ import annotations

import importlib.metadata as md
import sys

import pandas as pd

from crmlib.i18n import t

MINIMUM: dict[str, str] = {
    "numpy": "1.26",
    "pandas": "2.2",
    "matplotlib": "3.8",
    "seaborn": "0.13.2",
    "statsmodels": "0.14",
    "ipywidgets": "8.1",
    "jupyterlab_widgets": "3.0",
}


def _version_tuple(text: str) -> tuple[int, ...]:
    parts = []
    for piece in text.split("."):
        digits = "".join(ch for ch in piece if ch.isdigit())
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts)


def font_covers(text: str = "客户关系管理") -> bool:
    """True if the bundled font has a glyph for every character of ``text``.

    Examples
    --------
    >>> font_covers("忠诚客户")
    True
    """
    from matplotlib.ft2font import FT2Font

    from crmlib.figures.theme import FONT_PATH

    font = FT2Font(str(FONT_PATH))
    return all(font.get_char_index(ord(ch)) != 0 for ch in text)


def environment_report() -> pd.DataFrame:
    """One row per check: ``check``, ``found``, ``needed``, ``ok``."""
    rows = [("Python", sys.version.split()[0], "3.11", sys.version_info >= (3, 11))]
    for package, minimum in MINIMUM.items():
        try:
            found = md.version(package)
        except md.PackageNotFoundError:
            rows.append((package, t("envcheck.missing"), minimum, False))
            continue
        rows.append((package, found, minimum, _version_tuple(found) >= _version_tuple(minimum)))
    from crmlib.figures.theme import FONT_FAMILY, FONT_PATH

    rows.append((t("envcheck.font"), f"{FONT_FAMILY} ({FONT_PATH.name})", t("envcheck.font_needed"), FONT_PATH.exists() and font_covers()))
    return pd.DataFrame(rows, columns=["check", "found", "needed", "ok"])


def show_environment_report() -> pd.DataFrame:
    """The report with ✔/✘ marks, for display, and a hint if anything failed."""
    report = environment_report()
    shown = report.assign(ok=report["ok"].map({True: "✔", False: "✘"}))
    shown.columns = [t(f"envcheck.col_{c}") for c in shown.columns]
    print(t("envcheck.all_ok") if report["ok"].all() else t("envcheck.some_failed"))
    return shown
