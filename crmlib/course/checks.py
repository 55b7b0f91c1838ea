"""Feedback checks for exercise notebooks.

A check cell calls one of these functions with the learner's answer and the reference answer.
The check prints one line of feedback in the current language: ``✔`` when the answer is right,
``✘`` with a hint that points at the concept (never at the expected value) when it is not. It
returns a :class:`CheckResult` whose ``ok`` says which.

A check never crashes on the learner's answer: a blank (the stub's ``None``, ``...`` or ``""``)
or a wrongly typed answer is reported as a failure that says what was expected. Mistakes of the
*exercise author* (a negative tolerance, an empty keyword list...) do raise
:class:`~crmlib.validation.CRMInputError`, so they surface when the solution edition is built.

When the environment variable ``NBGRADER_EXECUTION`` is set (nbgrader sets it while
autograding), a failed check raises ``AssertionError`` after printing, so nbgrader gives the
cell zero points.

=====================  ===============================================================
function               compares
=====================  ===============================================================
:func:`check_number`   a number, with an absolute and/or relative tolerance
:func:`check_table`    a DataFrame by content: columns, row count, values (tolerance)
:func:`check_choice`   one option (single choice, true/false, a category label)
:func:`check_set`      a set of options (multiple choice), order-free
:func:`check_keywords` a short text answer, by the key points it mentions
=====================  ===============================================================

Examples
--------
>>> from crmlib import i18n
>>> from crmlib.course import checks
>>> i18n.set_language("en")
>>> r = checks.check_number(0.25, 0.25, abs_tol=0.005, name="q1")
✔ q1: right. (answers within ±0.005 of the reference value are accepted)
>>> r.ok
True
>>> r = checks.check_number(None, 0.25, name="q1")
✘ q1: no answer yet. Replace the placeholder None with a number (e.g. 0.25 or 1200).
>>> bool(r)
False
"""

from __future__ import annotations

import math
import numbers
import os
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from crmlib.i18n import LANGUAGES, catalogue, get_language, t
from crmlib.validation import CRMInputError, check_count, check_nonnegative
from crmlib.validation import check_number as _finite_number

__all__ = [
    "CheckResult",
    "ClassMode",
    "check_choice",
    "check_keywords",
    "check_number",
    "check_set",
    "check_table",
    "class_mode",
    "is_blank",
    "model_answer_pointer",
]

Hint = str | Mapping[str, str] | None
"""A hint: a catalogue key (``"checks.default_hint.number"``) or ``{"zh-CN": ..., "en": ...}``."""


@dataclass(frozen=True)
class CheckResult:
    """What a check found.

    Attributes
    ----------
    ok : bool
        True when the answer is accepted.
    name : str
        The label of the answer in the feedback (``"q1"``).
    kind : str
        Which check ran: ``"number"``, ``"table"``, ``"choice"``, ``"set"`` or ``"text"``.
    message : str
        The feedback line that was printed.
    blank : bool
        True when no answer was given yet.
    found, missing : tuple of str
        For a short answer: the labels of the key ideas found and of those still missing.

    Examples
    --------
    >>> r = CheckResult(ok=False, name="q1", kind="number", message="✘", blank=True)
    >>> bool(r), r.blank
    (False, True)
    """

    ok: bool
    name: str
    kind: str
    message: str
    blank: bool = False
    found: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return self.ok

    def _ipython_display_(self) -> None:
        """Show nothing in a notebook: the feedback line has already been printed."""


# ---------------------------------------------------------------------------------------------
# helpers


def is_blank(answer: object) -> bool:
    """True for an answer a learner has not filled in yet: ``None``, ``...``, blank text, or an
    empty list, tuple, set, dict, array, Series or DataFrame.

    Examples
    --------
    >>> [is_blank(x) for x in (None, ..., "", "  ", [], set(), pd.DataFrame(), 0, "B", [0])]
    [True, True, True, True, True, True, True, False, False, False]
    """
    if answer is None or answer is Ellipsis:
        return True
    if isinstance(answer, str):
        return not answer.strip()
    if isinstance(answer, (list, tuple, set, frozenset, dict)):
        return len(answer) == 0
    if isinstance(answer, (pd.DataFrame, pd.Series, pd.Index, np.ndarray)):
        return answer.size == 0
    return False


def _hint_text(hint: Hint, kind: str) -> str:
    if hint is None:
        return t(f"checks.default_hint.{kind}")
    if isinstance(hint, str):
        if hint in catalogue():
            return t(hint)
    elif isinstance(hint, Mapping) and all(isinstance(hint.get(lang), str) for lang in LANGUAGES):
        return hint[get_language()]
    raise CRMInputError(t("checks_errors.hint", name="hint", value=hint))


def _author_error(name: str, kind: str, got: object) -> CRMInputError:
    return CRMInputError(t("checks_errors.expected_kind", name=name, kind=kind, got=got))


def _short(value: object, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _kind_name(value: object) -> str:
    return type(value).__name__


def _finish(ok: bool, name: str, kind: str, message: str, *, blank: bool = False, **extra: tuple[str, ...]) -> CheckResult:
    print(message)
    result = CheckResult(ok=ok, name=name, kind=kind, message=message, blank=blank, **extra)
    if not ok and os.environ.get("NBGRADER_EXECUTION"):
        raise AssertionError(t("checks.nbgrader_failed", name=name) + "\n" + message)
    return result


def _blank(name: str, kind: str) -> CheckResult:
    return _finish(False, name, kind, t("checks.blank", name=name, expected=t(f"checks.expect.{kind}")), blank=True)


def _wrong_type(name: str, kind: str, answer: object, expected: str | None = None) -> CheckResult:
    message = t(
        "checks.wrong_type",
        name=name,
        expected=expected or t(f"checks.expect.{kind}"),
        kind=_kind_name(answer),
        value=_short(answer),
    )
    return _finish(False, name, kind, message)


def _join(*parts: str) -> str:
    """Join sentences: with a space in English, directly in Chinese (full-width punctuation)."""
    sep = "" if get_language() == "zh-CN" else " "
    return sep.join(p for p in parts if p)


def _fail(name: str, kind: str, detail: str, hint: Hint) -> CheckResult:
    message = _join(t("checks.wrong", name=name), detail, t("checks.hint", hint=_hint_text(hint, kind)))
    return _finish(False, name, kind, message)


def _pct(rel_tol: float) -> str:
    return f"{rel_tol * 100:g}%"


def _tolerance_text(abs_tol: float, rel_tol: float) -> str:
    if abs_tol > 0 and rel_tol > 0:
        return t("checks.tolerance.both", abs_tol=f"{abs_tol:g}", rel_pct=_pct(rel_tol))
    if abs_tol > 0:
        return t("checks.tolerance.abs", abs_tol=f"{abs_tol:g}")
    if rel_tol > 0:
        return t("checks.tolerance.rel", rel_pct=_pct(rel_tol))
    return t("checks.tolerance.exact")


def _as_number(answer: object) -> float | None:
    """The answer as a float, or None when it is not a real number (bools are not numbers)."""
    if isinstance(answer, (np.ndarray, pd.Series, pd.Index)) and answer.size == 1:
        answer = np.asarray(answer).reshape(-1)[0]
    if isinstance(answer, (bool, np.bool_)) or not isinstance(answer, numbers.Real):
        return None
    return float(answer)


def _label(name: str | None) -> str:
    return name if name else t("checks.default_name")


# ---------------------------------------------------------------------------------------------
# class mode: model answers stay with the teacher until the deadline

CLASS_FILE = "course-class.toml"
"""At the root of a class repository (``tools/class_repo.py``): ``class_mode = true``, the date
after which the solution editions are released (``solutions_after``), ``solutions_released``."""
CLASS_ENV = "CRM_CLASS_MODE"
"""``1``: class mode even without a class file (a hub may set it for every kernel); ``0``: never."""


@dataclass(frozen=True)
class ClassMode:
    """A class's rule for model answers, read from ``course-class.toml``.

    Attributes
    ----------
    root : Path or None
        The class repository's root (the folder holding the class file), if one was found.
    solutions_after : datetime.date or None
        The solution editions are released after this date (the deadline), if the file says.
    released : bool
        The teacher has released the solution editions (``class_repo.py --release-solutions``).

    Examples
    --------
    >>> ClassMode(root=None).released
    False
    """

    root: Path | None
    solutions_after: date | None = None
    released: bool = False


def class_mode(start: str | Path | None = None) -> ClassMode | None:
    """The class mode that applies to a notebook running in ``start``, or None (self-study).

    The class file ``course-class.toml`` is looked for in ``start`` (default: the working folder,
    which is the notebook's folder in a kernel) and every folder above it, so a notebook in
    ``exercises/en/`` or ``my-course/my-work/`` of a class repository finds the file at its root.
    The environment variable ``CRM_CLASS_MODE`` overrides it: ``1`` turns class mode on even
    without a file, ``0`` turns it off. An unreadable class file counts as class mode.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = (Path(d) / CLASS_FILE).write_text("class_mode = true\\nsolutions_after = 2030-06-30\\n")
    ...     (Path(d) / "exercises" / "en").mkdir(parents=True)
    ...     mode = class_mode(Path(d) / "exercises" / "en")
    >>> mode.solutions_after.isoformat(), mode.released
    ('2030-06-30', False)
    """
    flag = os.environ.get(CLASS_ENV, "").strip()
    if flag == "0":
        return None
    here = Path.cwd() if start is None else Path(start)
    found = next((f / CLASS_FILE for f in (here, *here.parents) if (f / CLASS_FILE).is_file()), None)
    settings: dict[str, object] = {}
    if found is not None:
        try:
            with found.open("rb") as fh:
                settings = tomllib.load(fh)
        except (OSError, tomllib.TOMLDecodeError):
            settings = {"class_mode": True}
    if flag != "1" and settings.get("class_mode") is not True:
        return None
    after = settings.get("solutions_after")
    if isinstance(after, datetime):
        after = after.date()
    elif isinstance(after, str):
        try:
            after = date.fromisoformat(after)
        except ValueError:
            after = None
    return ClassMode(root=found.parent if found is not None else None,
                     solutions_after=after if isinstance(after, date) else None,
                     released=settings.get("solutions_released") is True)


def model_answer_pointer(
    name: str, notebook: str | None, *, start: str | Path | None = None, today: date | None = None
) -> str:
    """The sentence that ends a short answer's feedback: where the model answer is, or when it comes.

    Self-study: the solution edition ``exercises/solutions/<lang>/<notebook>.ipynb``. In class mode
    (:func:`class_mode`) the feedback points there only once the solution edition is in the class
    repository; until then it says after which date the teacher releases it.

    Parameters
    ----------
    name : str
        The task's label (``"q8"``).
    notebook : str or None
        The exercise notebook's name (``"03_differentiating_customers"``), None when unknown.
    start : str or Path, optional
        Where to look for the class file (default: the working folder).
    today : datetime.date, optional
        Today's date (default: the computer's).

    Examples
    --------
    >>> import tempfile
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = (Path(d) / CLASS_FILE).write_text("class_mode = true\\nsolutions_after = 2030-06-30\\n")
    ...     print(model_answer_pointer("q8", "03_x", start=d, today=date(2030, 6, 1)))
    The model answer for q8 is released after 2030-06-30: then follow the course link again and the solution edition arrives in exercises/solutions/. Until then, work on your answer from the key ideas above.
    """
    path = f"exercises/solutions/{get_language()}/{notebook}.ipynb" if notebook else None
    mode = class_mode(start)
    if mode is not None:
        there = mode.released if path is None else mode.root is not None and (mode.root / path).is_file()
        if not there:
            if mode.solutions_after is None:
                return t("class_mode.no_date", name=name)
            passed = (today or date.today()) > mode.solutions_after
            return t("class_mode.date_passed" if passed else "class_mode.before_date", name=name,
                     date=mode.solutions_after.isoformat())
    if path is not None:
        return t("checks.text.model_answer", name=name, path=path)
    return t("checks.text.model_answer_here", name=name)


# ---------------------------------------------------------------------------------------------
# numbers


def check_number(
    answer: object,
    expected: float,
    *,
    abs_tol: float | None = None,
    rel_tol: float | None = None,
    name: str | None = None,
    hint: Hint = None,
) -> CheckResult:
    """Check a number: accepted when ``|answer − expected| <= max(abs_tol, rel_tol·|expected|)``.

    The feedback always states the tolerance, so a learner knows how far to round.

    Parameters
    ----------
    answer : object
        The learner's answer. ``None``, ``...`` and ``""`` count as blank; text, a bool or a
        list is reported as the wrong type. A one-element array or Series is unwrapped.
    expected : float
        The reference value.
    abs_tol, rel_tol : float, >= 0, optional
        Absolute and relative tolerance (0.001 = 0.1 %). Give one or both; a tolerance not
        given is 0. With neither given, ``rel_tol=0.001``. Both 0 means exact equality.
    name : str, optional
        The answer's label in the feedback, e.g. ``"q1"``.
    hint : str or mapping, optional
        A catalogue key or ``{"zh-CN": ..., "en": ...}`` shown when the answer is wrong.

    Returns
    -------
    CheckResult

    Raises
    ------
    CRMInputError
        If ``expected`` is not a finite number or a tolerance is negative (author errors).
    AssertionError
        If the answer is not accepted and ``NBGRADER_EXECUTION`` is set.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> _ = check_number(1130, 1125, rel_tol=0.01, name="forecast")
    ✔ forecast: right. (answers within 1% of the reference value are accepted)
    >>> _ = check_number("0.3", 0.3, name="rate")
    ✘ rate: this needs a number (e.g. 0.25 or 1200), but you gave a str ('0.3').
    >>> i18n.set_language("zh-CN")
    >>> _ = check_number(0.5, 0.3, abs_tol=0.01, name="q2", hint={"zh-CN": "转化率 = 下一阶段人数 / 本阶段人数。", "en": "..."})
    ✘ q2：还不对。（与参考值相差不超过 ±0.01 即可通过）提示：转化率 = 下一阶段人数 / 本阶段人数。
    """
    name = _label(name)
    expected_f = _finite_number(expected, "expected")
    if abs_tol is None and rel_tol is None:
        rel_tol = 1e-3
    abs_tol = check_nonnegative(0.0 if abs_tol is None else abs_tol, "abs_tol")
    rel_tol = check_nonnegative(0.0 if rel_tol is None else rel_tol, "rel_tol")
    _hint_text(hint, "number")  # author errors surface even when the answer is right
    if is_blank(answer):
        return _blank(name, "number")
    value = _as_number(answer)
    if value is None:
        return _wrong_type(name, "number", answer)
    tolerance = _tolerance_text(abs_tol, rel_tol)
    if not math.isfinite(value):
        return _fail(name, "number", t("checks.number.nan"), hint)
    if abs(value - expected_f) <= max(abs_tol, rel_tol * abs(expected_f)):
        return _finish(True, name, "number", _join(t("checks.correct", name=name), tolerance))
    return _fail(name, "number", tolerance, hint)


# ---------------------------------------------------------------------------------------------
# tables


def _normalise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Move a named index (a groupby key, a customer id) into columns; drop an unnamed one."""
    if any(n is not None for n in frame.index.names):
        return frame.reset_index()
    return frame.reset_index(drop=True)


def _sort_rows(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    try:
        out = frame.sort_values(columns, kind="mergesort", na_position="last")
    except TypeError:  # mixed types in a column: sort by their text
        out = frame.assign(**{c: frame[c].astype(str) for c in columns}).sort_values(columns, kind="mergesort")
        out = frame.loc[out.index]
    return out.reset_index(drop=True)


def _is_number_column(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def check_table(
    answer: object,
    expected: pd.DataFrame | pd.Series,
    *,
    columns: Sequence[str] | None = None,
    ignore_order: bool = False,
    extra_columns: bool = True,
    abs_tol: float = 0.0,
    rel_tol: float = 1e-6,
    name: str | None = None,
    hint: Hint = None,
) -> CheckResult:
    """Check a table by content: column names, number of rows and values.

    A named index (a ``groupby`` result, ``set_index("customer_id")``) is compared as if it
    were a column, so ``df.groupby("grade").sum()`` and ``...sum().reset_index()`` are both
    accepted. An unnamed index is ignored. Number columns are compared with the tolerance
    ``max(abs_tol, rel_tol·|expected|)``; other columns must match exactly (missing values
    match missing values).

    Parameters
    ----------
    answer : object
        The learner's table (a DataFrame; a Series is accepted when ``expected`` is one).
    expected : DataFrame or Series
        The reference table.
    columns : sequence of str, optional
        The columns to compare (default: all columns of ``expected``).
    ignore_order : bool
        Compare rows as a set (sorted before comparing) instead of in order.
    extra_columns : bool
        Accept columns the reference does not have (default True).
    abs_tol, rel_tol : float, >= 0
        Tolerance for number columns.
    name, hint
        As in :func:`check_number`.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> ref = pd.DataFrame({"grade": ["A", "B"], "customers": [2, 8]})
    >>> _ = check_table(ref.iloc[::-1], ref, ignore_order=True, name="t1")
    ✔ t1: right.
    >>> _ = check_table(ref.assign(customers=[2, 9]), ref, name="t1")  # doctest: +ELLIPSIS
    ✘ t1: not yet. column customers differs from the reference in 1 row(s) (the first is row 1). ... Hint: ...
    """
    name = _label(name)
    if isinstance(expected, pd.Series):
        expected_frame = expected.to_frame(name=expected.name if expected.name is not None else 0)
        if isinstance(answer, pd.Series):
            answer = answer.to_frame(name=expected_frame.columns[0])
    elif isinstance(expected, pd.DataFrame):
        expected_frame = expected
    else:
        raise _author_error("expected", "DataFrame / Series", _kind_name(expected))
    abs_tol = check_nonnegative(abs_tol, "abs_tol")
    rel_tol = check_nonnegative(rel_tol, "rel_tol")
    _hint_text(hint, "table")
    if is_blank(answer):
        return _blank(name, "table")
    if not isinstance(answer, pd.DataFrame):
        return _wrong_type(name, "table", answer)

    ref = _normalise_frame(expected_frame)
    got = _normalise_frame(answer)
    wanted = [str(c) for c in (columns if columns is not None else ref.columns)]
    if not wanted:
        raise CRMInputError(t("checks_errors.empty", name="columns"))
    ref.columns = [str(c) for c in ref.columns]
    got.columns = [str(c) for c in got.columns]
    missing_in_ref = [c for c in wanted if c not in ref.columns]
    if missing_in_ref:
        missing_text, required = ", ".join(missing_in_ref), ", ".join(wanted)
        raise CRMInputError(t("error.missing_columns", table="expected", missing=missing_text, required=required))
    duplicated = sorted({c for c in got.columns[got.columns.duplicated()] if c in wanted})
    if duplicated:
        return _fail(name, "table", t("checks.table.duplicate_columns", columns=", ".join(duplicated)), hint)
    missing = [c for c in wanted if c not in got.columns]
    if missing:
        return _fail(name, "table", t("checks.table.missing_columns", columns=", ".join(missing)), hint)
    if not extra_columns:
        extra = [c for c in got.columns if c not in ref.columns]
        if extra:
            return _fail(name, "table", t("checks.table.extra_columns", columns=", ".join(extra)), hint)
    if len(got) != len(ref):
        return _fail(name, "table", t("checks.table.rows", expected=len(ref), got=len(got)), hint)
    try:
        return _compare_tables(ref[wanted], got[wanted], wanted, ignore_order, abs_tol, rel_tol, name, hint)
    except (TypeError, ValueError) as exc:  # an answer too odd to compare: report, never crash
        return _fail(name, "table", t("checks.table.uncomparable", error=type(exc).__name__), hint)


def _compare_tables(
    ref: pd.DataFrame,
    got: pd.DataFrame,
    wanted: list[str],
    ignore_order: bool,
    abs_tol: float,
    rel_tol: float,
    name: str,
    hint: Hint,
) -> CheckResult:
    if ignore_order:
        ref, got = _sort_rows(ref, wanted), _sort_rows(got, wanted)
    tolerance = _tolerance_text(abs_tol, rel_tol)
    for column in wanted:
        r, g = ref[column], got[column]
        if _is_number_column(r):
            numeric = pd.to_numeric(g, errors="coerce")
            bad_type = numeric.isna() & g.notna()
            if bad_type.any() or pd.api.types.is_bool_dtype(g):
                row = int(np.flatnonzero(bad_type.to_numpy())[0]) if bad_type.any() else 0
                return _fail(name, "table", t("checks.table.not_numeric", column=column, row=row, value=g.iloc[row]), hint)
            a = numeric.to_numpy(dtype=float)
            e = r.to_numpy(dtype=float)
            with np.errstate(invalid="ignore"):
                same = (np.abs(a - e) <= np.maximum(abs_tol, rel_tol * np.abs(e))) | (np.isnan(a) & np.isnan(e))
        else:
            a_obj, e_obj = g.astype(object).tolist(), r.astype(object).tolist()
            same = np.array([_same_cell(x, y) for x, y in zip(a_obj, e_obj, strict=True)], dtype=bool)
        if not same.all():
            rows = np.flatnonzero(~same)
            detail = t("checks.table.values", column=column, count=len(rows), row=int(rows[0]))
            if not ignore_order and _rows_match_unordered(ref, got, wanted, abs_tol, rel_tol):
                detail = _join(detail, t("checks.table.order"))
            if _is_number_column(r):
                detail = _join(detail, tolerance)
            return _fail(name, "table", detail, hint)
    # State the tolerance only when it mattered: some compared column holds non-integer numbers.
    floats = any(pd.api.types.is_float_dtype(ref[c]) for c in wanted)
    return _finish(True, name, "table", _join(t("checks.correct", name=name), tolerance if floats else ""))


def _same_cell(a: object, b: object) -> bool:
    a_missing = a is None or (isinstance(a, float) and math.isnan(a)) or a is pd.NA or a is pd.NaT
    b_missing = b is None or (isinstance(b, float) and math.isnan(b)) or b is pd.NA or b is pd.NaT
    if a_missing or b_missing:
        return a_missing and b_missing
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


def _rows_match_unordered(
    ref: pd.DataFrame, got: pd.DataFrame, columns: list[str], abs_tol: float, rel_tol: float
) -> bool:
    """Would the tables match if row order were ignored? (Only to give a better hint.)"""
    r, g = _sort_rows(ref, columns), _sort_rows(got, columns)
    for column in columns:
        if _is_number_column(r[column]):
            a = pd.to_numeric(g[column], errors="coerce").to_numpy(dtype=float)
            e = r[column].to_numpy(dtype=float)
            with np.errstate(invalid="ignore"):
                ok = (np.abs(a - e) <= np.maximum(abs_tol, rel_tol * np.abs(e))) | (np.isnan(a) & np.isnan(e))
        else:
            pairs = zip(g[column].astype(object), r[column].astype(object), strict=True)
            ok = np.array([_same_cell(x, y) for x, y in pairs])
        if not ok.all():
            return False
    return True


# ---------------------------------------------------------------------------------------------
# choices


def _norm_option(value: object) -> object:
    return value.strip().casefold() if isinstance(value, str) else value


def check_choice(
    answer: object,
    expected: str | bool | int,
    *,
    options: Iterable[object] | None = None,
    name: str | None = None,
    hint: Hint = None,
) -> CheckResult:
    """Check a single choice: an option letter, ``True``/``False``, or a category label.

    Text is compared without regard to case or surrounding spaces (``" b"`` matches ``"B"``).
    When ``expected`` is a bool, the answer must be a bool too (``"True"`` in quotes is text).

    Parameters
    ----------
    answer : object
        The learner's choice.
    expected : str, bool or int
        The right option.
    options : iterable, optional
        All options; an answer outside them is reported as "not one of the options".
    name, hint
        As in :func:`check_number`.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> _ = check_choice("b", "B", options="ABCD", name="q3")
    ✔ q3: right.
    >>> _ = check_choice("E", "B", options="ABCD", name="q3")
    ✘ q3: not yet. 'E' is not one of the options: A, B, C, D. Hint: reread the definition in this section and rule the options out one by one.
    >>> _ = check_choice("False", False, name="tf1")
    ✘ tf1: this needs True or False, but you gave a str ('False').
    """
    name = _label(name)
    kind = "bool" if isinstance(expected, bool) else "choice"
    if not isinstance(expected, (str, bool, numbers.Integral)):
        raise _author_error("expected", "str / bool / int", _kind_name(expected))
    opts = list(options) if options is not None else None
    if opts is not None and not opts:
        raise CRMInputError(t("checks_errors.empty", name="options"))
    _hint_text(hint, "choice")
    if is_blank(answer):
        return _blank(name, kind)
    if kind == "bool":
        if not isinstance(answer, (bool, np.bool_)):
            return _wrong_type(name, kind, answer)
        ok = bool(answer) == expected
        return _finish(True, name, kind, t("checks.correct", name=name)) if ok else _fail(name, "choice", "", hint)
    if not isinstance(answer, (str, numbers.Integral)) or isinstance(answer, (bool, np.bool_)):
        expected_text = t("checks.expect.one_of", options=", ".join(map(str, opts))) if opts else None
        return _wrong_type(name, "choice", answer, expected_text)
    if opts is not None and _norm_option(answer) not in [_norm_option(o) for o in opts]:
        detail = t("checks.choice.not_option", value=answer, options=", ".join(map(str, opts)))
        return _fail(name, "choice", detail, hint)
    if _norm_option(answer) == _norm_option(expected):
        return _finish(True, name, "choice", t("checks.correct", name=name))
    return _fail(name, "choice", "", hint)


def _as_option_list(answer: object, options: list[object] | None) -> list[object] | None:
    """The chosen options as given (a string of letters is split when options are letters)."""
    if isinstance(answer, str):
        if options is not None and all(isinstance(o, str) and len(o) == 1 for o in options):
            return [ch for ch in answer if not ch.isspace() and ch not in ",,;;、/"]
        return [answer]
    if isinstance(answer, (Mapping, bytes)) or not isinstance(answer, Iterable):
        return None
    items = list(answer)
    if not all(isinstance(x, (str, numbers.Integral)) and not isinstance(x, (bool, np.bool_)) for x in items):
        return None
    return items


def check_set(
    answer: object,
    expected: Iterable[object],
    *,
    options: Iterable[object] | None = None,
    name: str | None = None,
    hint: Hint = None,
) -> CheckResult:
    """Check a multiple choice: the set of chosen options, in any order.

    The answer may be a list, tuple or set (``["A", "C"]``) or, when every option is a single
    letter, a string (``"AC"``, ``"a, c"``). Feedback on a wrong answer says how many picks are
    right and how many right options are missing, not which.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> _ = check_set("c a", ["A", "C"], options="ABCD", name="q6")
    ✔ q6: right.
    >>> _ = check_set(["A", "B"], {"A", "C", "D"}, options="ABCD", name="q6")
    ✘ q6: not yet. you picked 2; 1 of them are right and 2 correct option(s) are missing. Hint: more than one option may be right: judge each option against the definition on its own.
    """
    name = _label(name)
    opts = list(options) if options is not None else None
    if isinstance(expected, str) and opts is not None and all(isinstance(o, str) and len(o) == 1 for o in opts):
        expected = list(expected)
    if isinstance(expected, str) or not isinstance(expected, Iterable):
        raise _author_error("expected", "list / set", _kind_name(expected))
    reference = {_norm_option(x) for x in expected}
    if not reference:
        raise CRMInputError(t("checks_errors.empty", name="expected"))
    _hint_text(hint, "set")
    if is_blank(answer):
        return _blank(name, "set")
    items = _as_option_list(answer, opts)
    if items is None:
        return _wrong_type(name, "set", answer)
    if not items:
        return _fail(name, "set", t("checks.set.empty"), hint)
    if opts is not None:
        allowed = {_norm_option(o) for o in opts}
        outside = [x for x in items if _norm_option(x) not in allowed]
        if outside:
            detail = t("checks.choice.not_option", value=outside[0], options=", ".join(map(str, opts)))
            return _fail(name, "set", detail, hint)
    picked = {_norm_option(x) for x in items}
    if picked == reference:
        return _finish(True, name, "set", t("checks.correct", name=name))
    detail = t("checks.set.summary", picked=len(picked), right=len(picked & reference), missing=len(reference - picked))
    return _fail(name, "set", detail, hint)


# ---------------------------------------------------------------------------------------------
# text


def check_keywords(
    answer: object,
    keywords: Sequence[str | Sequence[str]],
    *,
    min_count: int | None = None,
    name: str | None = None,
    hint: Hint = None,
) -> CheckResult:
    """Check a short text answer by the key ideas it mentions (a self-check, never a grade).

    Each key idea is a word or a list of interchangeable words (synonyms, both languages); an
    idea counts when any of its words occurs in the answer (case-insensitive). The feedback says
    which ideas were found and which are missing (as "key idea 1, 2, ..."; exercises label their
    ideas, see :func:`crmlib.course.keys.keywords`), never that the answer is correct, and points
    to the model answer. The check passes when at least ``min_count`` ideas (default: all) are
    found *and* the answer is written as sentences: at least
    :data:`~crmlib.course.keys.MIN_WORDS` words (a Chinese character counts as half a word), with
    key words making up at most :data:`~crmlib.course.keys.MAX_KEYWORD_SHARE` of its letters.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> points = [["expectation", "期望"], ["perceived", "perception", "感知"]]
    >>> _ = check_keywords("满意度取决于顾客的期望和他对表现的感知，两者之差决定满意。", points, name="s1")
    ✔ s1: your answer mentions 2 of the 2 key ideas. Found: key idea 1; key idea 2. This checks key ideas only, not your reasoning. Compare your reasoning with the model answer for s1 in this notebook's solution edition.
    >>> _ = check_keywords("expectation perceived", points, name="s1")  # doctest: +ELLIPSIS
    ✘ s1: not yet: 2 of the 2 key ideas needed are there. Found: key idea 1; key idea 2. This reads like a list of key words: ...
    >>> _ = check_keywords(42, points, name="s1")
    ✘ s1: this needs a piece of text (in quotes), but you gave a int (42).
    """
    from crmlib.course import keys  # keys builds on this module

    name = _label(name)
    ideas = []
    for i, point in enumerate(keywords):
        words = [point] if isinstance(point, str) else list(point)
        if not words or not all(isinstance(w, str) and w.strip() for w in words):
            raise _author_error(f"keywords[{i}]", "non-empty text", _short(point))
        label = t("checks.text.idea", n=i + 1)
        ideas.append({lang: label for lang in LANGUAGES} | {"words": [w.strip() for w in words]})
    if not ideas:
        raise CRMInputError(t("checks_errors.empty", name="keywords"))
    needed = len(ideas) if min_count is None else check_count(min_count, "min_count", minimum=1)
    if needed > len(ideas):
        raise CRMInputError(t("checks_errors.too_many", name="min_count", most=len(ideas), value=needed))
    _hint_text(hint, "text")
    if is_blank(answer):
        return _blank(name, "text")
    if not isinstance(answer, str):
        return _wrong_type(name, "text", answer)
    spec = {"task": "plain.text", "kind": "text", "ideas": ideas, "min_count": needed, "hint": hint}
    r = keys._check_text("plain.text", name, keys.seal(spec), answer, None)
    return _finish(r.ok, name, "text", r.message, found=r.found, missing=r.missing)
