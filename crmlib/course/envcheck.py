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
import re
import sys
from pathlib import Path

import pandas as pd

from crmlib.i18n import t
from crmlib.views.tables import Table, show_table

_PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"
_OPS = {">=": lambda a, b: a >= b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, "<": lambda a, b: a < b,
        "==": lambda a, b: a == b, "!=": lambda a, b: a != b}


def declared_requirements() -> dict[str, str]:
    """crmlib's own run-time requirements, ``{package: "specifier"}``: the one list in pyproject.toml.

    Read from the installed package's metadata (``pip install -e .`` writes it from
    pyproject.toml); from pyproject.toml itself when crmlib runs from a checkout without being
    installed. Extras (test, instructor) are left out: a learner does not have them.

    Examples
    --------
    >>> reqs = declared_requirements()
    >>> reqs["pandas"].startswith(">=") and "jupyterlab" in reqs and "pytest" not in reqs
    True
    """
    try:
        lines = md.requires("crmlib") or []
    except md.PackageNotFoundError:
        import tomllib

        lines = tomllib.loads(_PYPROJECT.read_text(encoding="utf-8"))["project"]["dependencies"]
    out = {}
    for line in lines:
        if ";" in line:  # 'pytest>=8; extra == "test"'
            continue
        m = re.match(r"\s*([A-Za-z0-9_.\-]+)\s*(.*)$", line)
        out[m.group(1).lower().replace("_", "-")] = ",".join(sorted(m.group(2).replace(" ", "").split(",")))
    return out


def requires_python() -> str:
    """crmlib's ``requires-python`` from pyproject.toml (through the package metadata).

    Examples
    --------
    >>> requires_python()
    '>=3.11'
    """
    try:
        spec = md.metadata("crmlib")["Requires-Python"]
    except md.PackageNotFoundError:
        import tomllib

        spec = tomllib.loads(_PYPROJECT.read_text(encoding="utf-8"))["project"]["requires-python"]
    return spec.replace(" ", "")


def _version_tuple(text: str) -> tuple[int, ...]:
    parts = []
    for piece in text.split("."):
        digits = "".join(ch for ch in piece if ch.isdigit())
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts)


def satisfies(version: str, spec: str) -> bool:
    """True if ``version`` meets every clause of ``spec`` (e.g. ``"<3.13,>=3.8"``).

    Examples
    --------
    >>> satisfies("3.11.0", "<3.13,>=3.8"), satisfies("3.13.1", "<3.13,>=3.8"), satisfies("3.7", ">=3.8")
    (True, False, False)
    """
    have = _version_tuple(version)
    for clause in filter(None, spec.split(",")):
        op = next(o for o in sorted(_OPS, key=len, reverse=True) if clause.startswith(o))
        want = _version_tuple(clause[len(op):])
        if not _OPS[op](have[: len(want)] if op in ("<=", "==", "!=") else have, want):
            return False
    return True


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
    """One row per check: ``check``, ``found``, ``needed``, ``ok``.

    The packages and their bounds are crmlib's declared requirements (:func:`declared_requirements`),
    so pyproject.toml is the only place a minimum version is written.
    """
    python = sys.version.split()[0]
    rows = [("Python", python, requires_python(), satisfies(python, requires_python()))]
    for package, spec in declared_requirements().items():
        needed = " ".join(sorted(spec.split(","), key=lambda c: not c.startswith(">"))) or "*"
        try:
            found = md.version(package)
        except md.PackageNotFoundError:
            rows.append((package, t("envcheck.missing"), needed, False))
            continue
        rows.append((package, found, needed, satisfies(found, spec)))
    from crmlib.figures.theme import FONT_FAMILY, FONT_PATH

    rows.append((t("envcheck.font"), f"{FONT_FAMILY} ({FONT_PATH.name})", t("envcheck.font_needed"), FONT_PATH.exists() and font_covers()))
    return pd.DataFrame(rows, columns=["check", "found", "needed", "ok"])


def show_environment_report() -> Table:
    """The report for display: ✔/✘ marks, headers in the current language, no row numbers;
    and a line saying whether all is well.

    Examples
    --------
    >>> from crmlib import i18n
    >>> with i18n.language("zh-CN"):
    ...     shown = show_environment_report()
    环境检查通过：可以开始学习了。
    >>> shown.text.columns.tolist(), shown.show_index, set(shown.text["结果"])
    (['检查项', '当前', '至少需要', '结果'], False, {'✔'})
    """
    report = environment_report()
    shown = report.assign(ok=report["ok"].map({True: "✔", False: "✘"}))
    print(t("envcheck.all_ok") if report["ok"].all() else t("envcheck.some_failed"))
    return show_table(shown, {c: "text" for c in shown.columns}, headers={c: t(f"envcheck.col_{c}") for c in shown.columns}, index=False)
