"""Answer keys out of sight: ``check("ch03.q3", q3)`` against a hashed key file.

A student edition shows only ``check("<task>", answer)``. The key of each task (its kind,
tolerance, options, hint and hashed expected value) lives in ``crmlib/course/keys_data/<prefix>.json``,
written by ``tools/build_notebooks.py`` from the exercise source. The source states the key in the
check cell between nbgrader's ``### BEGIN HIDDEN TESTS`` / ``### END HIDDEN TESTS`` markers::

    ### BEGIN HIDDEN TESTS
    from crmlib.course import keys
    keys.number("ch03.q3", concentration.top_share(spend, 0.1), abs_tol=0.005, hint={...})
    ### END HIDDEN TESTS
    check("ch03.q3", q3)

The student edition drops the marked lines; the solution edition keeps them (the instructor sees
how the key is computed), and nbgrader removes them on release and restores them when it
autogrades, so the autograder recomputes the key in the grading kernel.

**How values are hidden.** As in the ok/otter-grader tests of UC Berkeley's Data 8, which compare
``md5(str(round(answer, n)))`` with a stored digest, nothing in a key file is the value itself:

- a number is rounded onto a grid a tenth of its tolerance wide (``round(x / step)``; for a relative
  tolerance, a grid on ``log|x|``) and the key stores the salted SHA-256 digests of every grid point
  within the tolerance (plus half a step). An answer passes when its own grid point is among them:
  every answer within the tolerance passes, and none farther than the tolerance plus one step;
- an option, each right option of a multiple choice, each table cell and each key word of a short
  answer is stored as a salted digest (short answers: the check hashes every piece of the
  learner's text of the length of a key word);
- options, column names, the number of rows, tolerances and hints are stored in clear (the
  learner sees them in the question or the feedback anyway).

This keeps the answer out of sight of a reader of the notebook or the key file. It is not a
secret against a determined learner: a small set of options or integers can be tried one by one.
Grading that must not be gamed uses nbgrader, whose hidden tests recompute the key.

**Short answers** are judged by key ideas, each a bilingual label and a list of words that show
it. The feedback names the ideas found and the ideas still missing, never says "correct", and
after every attempt points to the model answer in the solution edition (in a class repository,
until the teacher releases the solution editions, it says when they come instead:
:func:`crmlib.course.checks.model_answer_pointer`). A list of key words is
not accepted: an answer needs at least :data:`MIN_WORDS` words (a Chinese character counts as
half a word) and the key words may make up at most :data:`MAX_KEYWORD_SHARE` of its letters.

Examples
--------
>>> from crmlib import i18n; i18n.set_language("en")
>>> number("demo.q1", 0.375, abs_tol=0.005, hint={"zh-CN": "转化率 = 下一级 / 本级。", "en": "Rate = next / this."})
>>> r = check("demo.q1", 0.37)
✔ q1: right. (answers within ±0.005 of the reference value are accepted)
>>> r = check("demo.q1", None)
✘ q1: no answer yet. Replace the placeholder None with a number (e.g. 0.25 or 1200).
>>> bool(r), "0.375" in str(seal(SPECS["demo.q1"]))
(False, False)
"""

from __future__ import annotations

import hashlib
import json
import math
import numbers
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from crmlib.course import checks as _c
from crmlib.i18n import LANGUAGES, get_language, t
from crmlib.validation import CRMInputError, check_count, check_nonnegative
from crmlib.validation import check_number as _finite_number

__all__ = [
    "MAX_KEYWORD_SHARE",
    "MIN_WORDS",
    "check",
    "choice",
    "keywords",
    "load_keys",
    "number",
    "seal",
    "table",
    "task_set",
]

KEY_DIR = Path(__file__).resolve().parent / "keys_data"
"""Where the built key files live: ``<prefix>.json``, one per exercise notebook."""
KEYS_OUT_ENV = "CRM_KEYS_OUT"
"""Set by the builder while it runs a solution edition: keys and checked answers are appended there."""
STRICT_ENV = ("NBGRADER_EXECUTION", "CRM_CHECK_STRICT")
"""Either set: a check that does not pass raises ``AssertionError`` (autograding)."""
PEPPER = "crmlib-course-keys-1"
GRID = 10
"""A number's grid step is its tolerance / GRID."""
MIN_WORDS = 6
"""A short answer needs at least this many words (a Chinese character counts as half a word)."""
MAX_KEYWORD_SHARE = 0.5
"""At most this share of a short answer's letters may be key words (else it is a list of words)."""

SPECS: dict[str, dict[str, Any]] = {}
"""Keys stated in this process (the hidden part of a check cell), plain, by task."""

TASK = re.compile(r"^([a-z][a-z0-9_]*)\.([A-Za-z][A-Za-z0-9_]*)$")


# ---------------------------------------------------------------------------------------------
# hashing


def _digest(task: str, payload: str) -> str:
    return hashlib.sha256(f"{PEPPER}|{task}|{payload}".encode()).hexdigest()[:24]


def _canon(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _seal_number(task: str, expected: float, abs_tol: float, rel_tol: float, where: str = "") -> dict[str, Any]:
    """The grid and the digests of every grid point within the tolerance of ``expected``."""
    if math.isnan(expected):
        return {"grid": "nan", "hashes": [_digest(task, f"{where}nan")]}
    if rel_tol * abs(expected) > abs_tol and 0 < rel_tol < 1:
        step = math.log1p(rel_tol) / GRID
        centre = math.log(abs(expected))
        lo = centre + math.log1p(-rel_tol) - step / 2
        hi = centre + math.log1p(rel_tol) + step / 2
        sign = "+" if expected > 0 else "-"
        ks = range(math.ceil(lo / step), math.floor(hi / step) + 1)
        return {"grid": "log", "step": step, "hashes": sorted(_digest(task, f"{where}log:{sign}{k}") for k in ks)}
    if abs_tol > 0:
        step = abs_tol / GRID
        ks = range(math.ceil((expected - abs_tol - step / 2) / step), math.floor((expected + abs_tol + step / 2) / step) + 1)
        return {"grid": "abs", "step": step, "hashes": sorted(_digest(task, f"{where}abs:{k}") for k in ks)}
    return {"grid": "exact", "hashes": [_digest(task, f"{where}exact:{_canon(expected)}")]}


def _number_point(task: str, sealed: Mapping[str, Any], value: float, where: str = "") -> bool:
    grid = sealed["grid"]
    if math.isnan(value):
        payload = "nan"
    elif grid == "nan":
        return False
    elif grid == "log":
        if value == 0 or math.isinf(value):
            return False
        payload = f"log:{'+' if value > 0 else '-'}{round(math.log(abs(value)) / sealed['step'])}"
    elif grid == "abs":
        if math.isinf(value):
            return False
        payload = f"abs:{round(value / sealed['step'])}"
    else:
        if math.isinf(value):
            return False
        payload = f"exact:{_canon(value)}"
    return _digest(task, where + payload) in set(sealed["hashes"])


def _norm_option(value: object) -> str:
    if isinstance(value, (bool, np.bool_)):
        return f"bool:{bool(value)}"
    if isinstance(value, numbers.Integral):
        return f"int:{int(value)}"
    return "str:" + str(value).strip().casefold()


def _cell_text(value: object) -> str:
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return "missing"
    return "v:" + str(value)


# ---------------------------------------------------------------------------------------------
# stating a key (in the hidden part of a check cell)


def _check_task(task: object) -> str:
    if not isinstance(task, str) or not TASK.match(task):
        raise CRMInputError(t("checks_errors.task", name="task", value=task))
    return task


def _check_hint(hint: _c.Hint, kind: str) -> _c.Hint:
    _c._hint_text(hint, kind)
    return dict(hint) if isinstance(hint, Mapping) else hint


def _label_map(label: object, where: str) -> dict[str, str]:
    if not isinstance(label, Mapping) or not all(isinstance(label.get(lang), str) and label[lang].strip() for lang in LANGUAGES):
        raise CRMInputError(t("checks_errors.hint", name=where, value=label))
    return {lang: label[lang] for lang in LANGUAGES}


def _state(spec: dict[str, Any]) -> None:
    seal(spec)  # every author error surfaces here, when the solution edition is built
    SPECS[spec["task"]] = spec
    out = os.environ.get(KEYS_OUT_ENV)
    if out:
        with open(out, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"key": spec}, ensure_ascii=False, sort_keys=True) + "\n")


def number(task: str, expected: float, *, abs_tol: float | None = None, rel_tol: float | None = None, hint: _c.Hint = None) -> None:
    """State the key of a number task (tolerances as in :func:`crmlib.course.checks.check_number`).

    Examples
    --------
    >>> number("demo.n1", 17_560, rel_tol=0.005)
    >>> "17560" in json.dumps(seal(SPECS["demo.n1"]))
    False
    """
    task = _check_task(task)
    expected_f = _finite_number(expected, "expected")
    if abs_tol is None and rel_tol is None:
        rel_tol = 1e-3
    abs_f = check_nonnegative(0.0 if abs_tol is None else abs_tol, "abs_tol")
    rel_f = check_nonnegative(0.0 if rel_tol is None else rel_tol, "rel_tol")
    _state({"task": task, "kind": "number", "expected": expected_f, "abs_tol": abs_f, "rel_tol": rel_f,
            "hint": _check_hint(hint, "number")})


def choice(task: str, expected: str | bool | int, *, options: Iterable[object] | None = None, hint: _c.Hint = None) -> None:
    """State the key of a single choice: an option letter, True/False or a category label.

    Examples
    --------
    >>> choice("demo.c1", "B", options="ABCD")
    >>> sorted(seal(SPECS["demo.c1"]))
    ['hash', 'hint', 'kind', 'options', 'task']
    """
    task = _check_task(task)
    if isinstance(expected, np.bool_):
        expected = bool(expected)
    if not isinstance(expected, (str, bool, numbers.Integral)):
        raise _c._author_error("expected", "str / bool / int", _c._kind_name(expected))
    if isinstance(expected, numbers.Integral) and not isinstance(expected, bool):
        expected = int(expected)
    opts = [bool(o) if isinstance(o, np.bool_) else o for o in options] if options is not None else None
    if opts is not None and not opts:
        raise CRMInputError(t("checks_errors.empty", name="options"))
    if opts is not None and _norm_option(expected) not in {_norm_option(o) for o in opts}:
        raise CRMInputError(t("checks_errors.not_an_option", name="expected", value=expected))
    kind = "bool" if isinstance(expected, bool) else "choice"
    _state({"task": task, "kind": kind, "expected": expected, "options": opts, "hint": _check_hint(hint, "choice")})


def task_set(task: str, expected: Iterable[object], *, options: Iterable[object] | None = None, hint: _c.Hint = None) -> None:
    """State the key of a multiple choice (the set of right options, in any order).

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> task_set("demo.s1", ["A", "C"], options="ABCD")
    >>> _ = check("demo.s1", "ca")
    ✔ s1: right.
    """
    task = _check_task(task)
    opts = list(options) if options is not None else None
    if isinstance(expected, str) and opts is not None and all(isinstance(o, str) and len(o) == 1 for o in opts):
        expected = list(expected)
    if isinstance(expected, str) or not isinstance(expected, Iterable):
        raise _c._author_error("expected", "list / set", _c._kind_name(expected))
    items = sorted({str(x) if not isinstance(x, numbers.Integral) else int(x) for x in expected}, key=str)
    if not items:
        raise CRMInputError(t("checks_errors.empty", name="expected"))
    _state({"task": task, "kind": "set", "expected": items, "options": opts, "hint": _check_hint(hint, "set")})


def keywords(
    task: str, ideas: Sequence[Mapping[str, Any]], *, min_count: int | None = None, hint: _c.Hint = None
) -> None:
    """State the key ideas of a short answer.

    Parameters
    ----------
    task : str
        The task id, ``"<prefix>.<name>"``.
    ideas : sequence of mapping
        One mapping per key idea: ``{"zh-CN": label, "en": label, "words": [...]}``. The label
        names the idea in the feedback (say what it is about, not the conclusion); the words
        (both languages, synonyms, word stems) show it; any one of them counts.
    min_count : int, optional
        How many ideas an answer must show (default: all).
    hint : str or mapping, optional
        Shown while ideas are missing.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> keywords("demo.k1", [{"zh-CN": "期望", "en": "expectations", "words": ["期望", "expect"]},
    ...                      {"zh-CN": "感知", "en": "perception", "words": ["感知", "perceiv"]}])
    >>> _ = check("demo.k1", "expect perceive")  # doctest: +ELLIPSIS
    ✘ k1: not yet: 2 of the 2 key ideas needed are there. Found: expectations; perception. This reads like a list of key words: ...
    """
    task = _check_task(task)
    out = []
    for i, idea in enumerate(ideas):
        if not isinstance(idea, Mapping):
            raise _c._author_error(f"ideas[{i}]", "mapping", _c._kind_name(idea))
        label = _label_map(idea, f"ideas[{i}]")
        words = idea.get("words")
        words = [words] if isinstance(words, str) else list(words or [])
        if not words or not all(isinstance(w, str) and w.strip() for w in words):
            raise _c._author_error(f"ideas[{i}].words", "non-empty text", _c._short(words))
        out.append({**label, "words": [w.strip() for w in words]})
    if not out:
        raise CRMInputError(t("checks_errors.empty", name="ideas"))
    needed = len(out) if min_count is None else check_count(min_count, "min_count", minimum=1)
    if needed > len(out):
        raise CRMInputError(t("checks_errors.too_many", name="min_count", most=len(out), value=needed))
    _state({"task": task, "kind": "text", "ideas": out, "min_count": needed, "hint": _check_hint(hint, "text")})


def table(
    task: str,
    expected: pd.DataFrame | pd.Series,
    *,
    columns: Sequence[str] | None = None,
    abs_tol: float = 0.0,
    rel_tol: float = 1e-6,
    hint: _c.Hint = None,
) -> None:
    """State the key of a table task (compared in order, by content, as in ``check_table``).

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> table("demo.t1", pd.DataFrame({"grade": ["A", "B"], "customers": [2, 8]}))
    >>> _ = check("demo.t1", pd.DataFrame({"grade": ["A", "B"], "customers": [2, 9]}))  # doctest: +ELLIPSIS
    ✘ t1: not yet. column customers differs from the reference in 1 row(s) (the first is row 1). ...
    """
    task = _check_task(task)
    if isinstance(expected, pd.Series):
        expected = expected.to_frame(name=expected.name if expected.name is not None else 0)
    if not isinstance(expected, pd.DataFrame):
        raise _c._author_error("expected", "DataFrame / Series", _c._kind_name(expected))
    ref = _c._normalise_frame(expected)
    ref.columns = [str(c) for c in ref.columns]
    wanted = [str(c) for c in (columns if columns is not None else ref.columns)]
    if not wanted:
        raise CRMInputError(t("checks_errors.empty", name="columns"))
    missing = [c for c in wanted if c not in ref.columns]
    if missing:
        raise CRMInputError(t("error.missing_columns", table="expected", missing=", ".join(missing), required=", ".join(wanted)))
    cols = {}
    for c in wanted:
        numeric = _c._is_number_column(ref[c])
        values = [None if pd.isna(v) else (float(v) if numeric else str(v)) for v in ref[c].tolist()]
        cols[c] = {"numeric": numeric, "values": values}
    _state({"task": task, "kind": "table", "columns": cols, "rows": len(ref),
            "abs_tol": check_nonnegative(abs_tol, "abs_tol"), "rel_tol": check_nonnegative(rel_tol, "rel_tol"),
            "hint": _check_hint(hint, "table")})


# ---------------------------------------------------------------------------------------------
# sealing: the plain key -> what the key file holds


def seal(spec: Mapping[str, Any]) -> dict[str, Any]:
    """The key as stored in a key file: expected values, options and key words only as digests.

    Examples
    --------
    >>> s = seal({"task": "x.q1", "kind": "choice", "expected": "C", "options": ["A", "B", "C"], "hint": None})
    >>> s["options"], len(s["hash"])
    (['A', 'B', 'C'], 24)
    """
    task, kind = spec["task"], spec["kind"]
    out: dict[str, Any] = {"task": task, "kind": kind, "hint": spec.get("hint")}
    if kind == "number":
        out.update(abs_tol=spec["abs_tol"], rel_tol=spec["rel_tol"])
        out["value"] = _seal_number(task, spec["expected"], spec["abs_tol"], spec["rel_tol"])
    elif kind in ("choice", "bool"):
        out["options"] = spec.get("options")
        out["hash"] = _digest(task, _norm_option(spec["expected"]))
    elif kind == "set":
        out["options"] = spec.get("options")
        out["count"] = len({_norm_option(x) for x in spec["expected"]})
        out["hashes"] = sorted({_digest(task, "in:" + _norm_option(x)) for x in spec["expected"]})
    elif kind == "text":
        out["min_count"] = spec["min_count"]
        out["ideas"] = [
            {"zh-CN": idea["zh-CN"], "en": idea["en"],
             "lengths": sorted({len(w.casefold()) for w in idea["words"]}),
             "hashes": sorted({_digest(task, "kw:" + w.casefold()) for w in idea["words"]})}
            for idea in spec["ideas"]
        ]
    elif kind == "table":
        out.update(abs_tol=spec["abs_tol"], rel_tol=spec["rel_tol"], rows=spec["rows"])
        cols = {}
        for c, col in spec["columns"].items():
            if col["numeric"]:
                cells = [_seal_number(task, math.nan if v is None else v, spec["abs_tol"], spec["rel_tol"], f"{c}[{i}]")
                         for i, v in enumerate(col["values"])]
            else:
                cells = [_digest(task, f"{c}[{i}]" + _cell_text(v)) for i, v in enumerate(col["values"])]
            cols[c] = {"numeric": col["numeric"], "cells": cells}
        out["columns"] = cols
    else:  # pragma: no cover - kinds are set by this module
        raise AssertionError(f"unknown key kind {kind!r}")
    return out


# ---------------------------------------------------------------------------------------------
# key files


_FILES: dict[Path, tuple[float, dict[str, Any]]] = {}


def key_path(prefix: str) -> Path:
    """The key file of a notebook prefix (``"ch03"``, ``"rice_shop"``)."""
    return KEY_DIR / f"{prefix}.json"


def load_keys(prefix: str) -> dict[str, Any] | None:
    """A key file's content (cached until the file changes), or None when there is none.

    Examples
    --------
    >>> load_keys("no_such_notebook") is None
    True
    """
    path = key_path(prefix)
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return None
    cached = _FILES.get(path)
    if cached is None or cached[0] != mtime:
        cached = (mtime, json.loads(path.read_text(encoding="utf-8")))
        _FILES[path] = cached
    return cached[1]


def _find_key(task: str) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """(the sealed key, the key file's header or None). Keys stated in this kernel win while
    building or autograding (they are the live computation); otherwise the key file wins."""
    live = SPECS.get(task)
    prefer_live = any(os.environ.get(v) for v in (KEYS_OUT_ENV, "NBGRADER_EXECUTION"))
    keyfile = load_keys(task.split(".", 1)[0])
    filed = keyfile["tasks"].get(task) if keyfile else None
    if live is not None and (prefer_live or filed is None):
        return seal(live), keyfile
    if filed is not None:
        return filed, keyfile
    raise CRMInputError(t("checks_errors.no_key", task=task))


# ---------------------------------------------------------------------------------------------
# checking


def check(task: str, answer: object, *, strict: bool | None = None) -> _c.CheckResult:
    """Check a learner's answer to ``task`` against its key and print one line of feedback.

    Parameters
    ----------
    task : str
        The task id shown in the check cell, ``"<prefix>.<name>"`` (``"ch03.q3"``).
    answer : object
        The learner's answer. A blank (``None``, ``...``, blank text, an empty list, set, dict,
        Series or DataFrame) never passes.
    strict : bool, optional
        Raise ``AssertionError`` (after printing) when the answer does not pass, so an autograder
        such as nbgrader marks the cell as failed. Default: when ``NBGRADER_EXECUTION`` or
        ``CRM_CHECK_STRICT`` is set.

    Returns
    -------
    CheckResult
        Truthy when the answer passes; ``message`` holds the feedback, ``found``/``missing`` the
        key ideas of a short answer.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> choice("demo.c2", "C", options="ABCD", hint={"zh-CN": "回到定义。", "en": "Back to the definition."})
    >>> _ = check("demo.c2", "B")
    ✘ c2: not yet. Hint: Back to the definition.
    >>> check("demo.c2", [], strict=True)
    Traceback (most recent call last):
    AssertionError: check failed: c2
    ✘ c2: no answer yet. Replace the placeholder None with one option (e.g. "B").
    """
    task = _check_task(task)
    key, keyfile = _find_key(task)
    name = task.split(".", 1)[1]
    if strict is None:
        strict = any(os.environ.get(v) for v in STRICT_ENV)
    out = os.environ.get(KEYS_OUT_ENV)
    if out:
        with open(out, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"answer": task, "value": to_json(answer)}, ensure_ascii=False) + "\n")
    kind = key["kind"]
    if kind == "number":
        result = _check_number(task, name, key, answer)
    elif kind in ("choice", "bool"):
        result = _check_choice(task, name, key, answer)
    elif kind == "set":
        result = _check_set(task, name, key, answer)
    elif kind == "text":
        result = _check_text(task, name, key, answer, keyfile)
    else:
        result = _check_table(task, name, key, answer)
    print(result.message)
    if strict and not result.ok:
        raise AssertionError(t("checks.nbgrader_failed", name=name) + "\n" + result.message)
    return result


def _result(ok: bool, name: str, kind: str, message: str, **extra: Any) -> _c.CheckResult:
    return _c.CheckResult(ok=ok, name=name, kind=kind, message=message, **extra)


def _blank(name: str, kind: str) -> _c.CheckResult:
    return _result(False, name, kind, t("checks.blank", name=name, expected=t(f"checks.expect.{kind}")), blank=True)


def _wrong_type(name: str, kind: str, answer: object, expected: str | None = None) -> _c.CheckResult:
    message = t("checks.wrong_type", name=name, expected=expected or t(f"checks.expect.{kind}"),
                kind=_c._kind_name(answer), value=_c._short(answer))
    return _result(False, name, kind, message)


def _fail(name: str, kind: str, detail: str, hint: _c.Hint) -> _c.CheckResult:
    return _result(False, name, kind, _c._join(t("checks.wrong", name=name), detail, t("checks.hint", hint=_c._hint_text(hint, kind))))


def _check_number(task: str, name: str, key: Mapping[str, Any], answer: object) -> _c.CheckResult:
    if _c.is_blank(answer):
        return _blank(name, "number")
    value = _c._as_number(answer)
    if value is None:
        return _wrong_type(name, "number", answer)
    if not math.isfinite(value):
        return _fail(name, "number", t("checks.number.nan"), key["hint"])
    tolerance = _c._tolerance_text(key["abs_tol"], key["rel_tol"])
    if _number_point(task, key["value"], value):
        return _result(True, name, "number", _c._join(t("checks.correct", name=name), tolerance))
    return _fail(name, "number", tolerance, key["hint"])


def _check_choice(task: str, name: str, key: Mapping[str, Any], answer: object) -> _c.CheckResult:
    kind, opts = key["kind"], key.get("options")
    if _c.is_blank(answer):
        return _blank(name, kind)
    if kind == "bool":
        if not isinstance(answer, (bool, np.bool_)):
            return _wrong_type(name, kind, answer)
    elif not isinstance(answer, (str, numbers.Integral)) or isinstance(answer, (bool, np.bool_)):
        expected_text = t("checks.expect.one_of", options=", ".join(map(str, opts))) if opts else None
        return _wrong_type(name, "choice", answer, expected_text)
    if opts is not None and _norm_option(answer) not in {_norm_option(o) for o in opts}:
        detail = t("checks.choice.not_option", value=answer, options=", ".join(map(str, opts)))
        return _fail(name, "choice", detail, key["hint"])
    if _digest(task, _norm_option(answer)) == key["hash"]:
        return _result(True, name, kind, t("checks.correct", name=name))
    return _fail(name, "choice", "", key["hint"])


def _check_set(task: str, name: str, key: Mapping[str, Any], answer: object) -> _c.CheckResult:
    opts = key.get("options")
    if _c.is_blank(answer):
        return _blank(name, "set")
    items = _c._as_option_list(answer, opts)
    if items is None:
        return _wrong_type(name, "set", answer)
    if not items:
        return _blank(name, "set")
    if opts is not None:
        allowed = {_norm_option(o) for o in opts}
        outside = [x for x in items if _norm_option(x) not in allowed]
        if outside:
            detail = t("checks.choice.not_option", value=outside[0], options=", ".join(map(str, opts)))
            return _fail(name, "set", detail, key["hint"])
    picked = {_norm_option(x) for x in items}
    members = set(key["hashes"])
    right = sum(_digest(task, "in:" + p) in members for p in picked)
    if right == len(picked) == key["count"]:
        return _result(True, name, "set", t("checks.correct", name=name))
    detail = t("checks.set.summary", picked=len(picked), right=right, missing=key["count"] - right)
    return _fail(name, "set", detail, key["hint"])


_LATIN_WORD = re.compile(r"[^\W\d_\u3400-\u9fff]+(?:['’-][^\W\d_\u3400-\u9fff]+)*")
_CJK = re.compile(r"[\u3400-\u9fff]")


def _words(text: str) -> float:
    """Words in ``text``: Latin-script words, plus half a word per Chinese character."""
    return len(_LATIN_WORD.findall(text)) + len(_CJK.findall(text)) / 2


def find_ideas(task: str, ideas: Sequence[Mapping[str, Any]], text: str) -> tuple[list[bool], float]:
    """Which sealed key ideas ``text`` shows, and the share of its letters that are key words.

    Every piece of the casefolded text as long as some key word is hashed and looked up.

    Examples
    --------
    >>> s = seal({"task": "x.k", "kind": "text", "min_count": 1, "hint": None,
    ...           "ideas": [{"zh-CN": "并列", "en": "ties", "words": ["tie", "并列"]}]})
    >>> find_ideas("x.k", s["ideas"], "Tied values, 数值并列.")
    ([True], 0.357)
    """
    folded = text.casefold()
    covered = [False] * len(folded)
    found = []
    for idea in ideas:
        hashes, hit = set(idea["hashes"]), False
        for length in idea["lengths"]:
            for i in range(len(folded) - length + 1):
                if _digest(task, "kw:" + folded[i:i + length]) in hashes:
                    hit = True
                    covered[i:i + length] = [True] * length
        found.append(hit)
    letters = [ch.isalnum() for ch in folded]
    total = sum(letters)
    share = sum(c and l for c, l in zip(covered, letters, strict=True)) / total if total else 0.0
    return found, round(share, 3)


def _check_text(task: str, name: str, key: Mapping[str, Any], answer: object, keyfile: Mapping[str, Any] | None) -> _c.CheckResult:
    if _c.is_blank(answer):
        return _blank(name, "text")
    if not isinstance(answer, str):
        return _wrong_type(name, "text", answer)
    lang = get_language()
    found, share = find_ideas(task, key["ideas"], answer)
    labels = [idea[lang] for idea in key["ideas"]]
    got = [label for label, f in zip(labels, found, strict=True) if f]
    missing = [label for label, f in zip(labels, found, strict=True) if not f]
    sep = "、" if lang == "zh-CN" else "; "
    listing = _c._join(
        t("checks.text.found", ideas=sep.join(got)) if got else t("checks.text.none_found"),
        t("checks.text.missing", ideas=sep.join(missing)) if missing else "",
    )
    list_only = _words(answer) < MIN_WORDS or share > MAX_KEYWORD_SHARE
    ok = len(got) >= key["min_count"] and not list_only
    if ok:
        head = t("checks.text.enough", name=name, found=len(got), total=len(labels))
        parts = [head, listing, t("checks.text.self_check")]
    else:
        head = t("checks.text.not_yet", name=name, found=len(got), needed=key["min_count"])
        parts = [head, listing]
        if list_only:
            parts.append(t("checks.text.list_only", words=MIN_WORDS, chars=2 * MIN_WORDS, share=f"{MAX_KEYWORD_SHARE:.0%}"))
        if len(got) < key["min_count"]:
            parts.append(t("checks.hint", hint=_c._hint_text(key["hint"], "text")))
    # self-study: where the model answer is; class mode: when the teacher releases it
    parts.append(_c.model_answer_pointer(name, keyfile["notebook"] if keyfile is not None else None))
    return _result(ok, name, "text", _c._join(*parts), found=tuple(got), missing=tuple(missing))


def _check_table(task: str, name: str, key: Mapping[str, Any], answer: object) -> _c.CheckResult:
    hint = key["hint"]
    if _c.is_blank(answer):
        return _blank(name, "table")
    if isinstance(answer, pd.Series):
        answer = answer.to_frame(name=next(iter(key["columns"])) if len(key["columns"]) == 1 else answer.name)
    if not isinstance(answer, pd.DataFrame):
        return _wrong_type(name, "table", answer)
    got = _c._normalise_frame(answer)
    got.columns = [str(c) for c in got.columns]
    wanted = list(key["columns"])
    duplicated = sorted({c for c in got.columns[got.columns.duplicated()] if c in wanted})
    if duplicated:
        return _fail(name, "table", t("checks.table.duplicate_columns", columns=", ".join(duplicated)), hint)
    missing = [c for c in wanted if c not in got.columns]
    if missing:
        return _fail(name, "table", t("checks.table.missing_columns", columns=", ".join(missing)), hint)
    if len(got) != key["rows"]:
        return _fail(name, "table", t("checks.table.rows", expected=key["rows"], got=len(got)), hint)
    tolerance = _c._tolerance_text(key["abs_tol"], key["rel_tol"])
    floats = False
    for c in wanted:
        col = key["columns"][c]
        values = got[c].tolist()
        if col["numeric"]:
            numeric = pd.to_numeric(got[c], errors="coerce")
            bad = numeric.isna() & got[c].notna()
            if bad.any() or pd.api.types.is_bool_dtype(got[c]):
                row = int(np.flatnonzero(bad.to_numpy())[0]) if bad.any() else 0
                return _fail(name, "table", t("checks.table.not_numeric", column=c, row=row, value=values[row]), hint)
            floats = floats or any(cell["grid"] != "exact" for cell in col["cells"])
            same = [_number_point(task, cell, float(v), f"{c}[{i}]") for i, (cell, v) in enumerate(zip(col["cells"], numeric, strict=True))]
        else:
            same = [_digest(task, f"{c}[{i}]" + _cell_text(v)) == h for i, (h, v) in enumerate(zip(col["cells"], values, strict=True))]
        if not all(same):
            rows = [i for i, s in enumerate(same) if not s]
            detail = t("checks.table.values", column=c, count=len(rows), row=rows[0])
            return _fail(name, "table", _c._join(detail, tolerance if col["numeric"] else ""), hint)
    return _result(True, name, "table", _c._join(t("checks.correct", name=name), tolerance if floats else ""))


# ---------------------------------------------------------------------------------------------
# answers as JSON (the builder records the solution edition's answers for the tests)


def to_json(value: object) -> object:
    """A JSON form of an answer that :func:`from_json` turns back into an equivalent answer.

    Examples
    --------
    >>> from_json(to_json(pd.DataFrame({"a": [1, 2]}))).equals(pd.DataFrame({"a": [1, 2]}))
    True
    >>> to_json(np.float64(0.5)), to_json({"B", "A"})
    (0.5, {'__set__': ['A', 'B']})
    """
    if isinstance(value, pd.Series):
        value = value.to_frame()
    if isinstance(value, pd.DataFrame):
        frame = _c._normalise_frame(value)
        return {"__frame__": {"columns": [str(c) for c in frame.columns],
                              "data": [[to_json(v) for v in row] for row in frame.itertuples(index=False)]}}
    if isinstance(value, (np.generic,)):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return {"__float__": repr(value)}
    if isinstance(value, (set, frozenset)):
        return {"__set__": sorted((to_json(v) for v in value), key=str)}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return {"__repr__": repr(value)}


def from_json(value: object) -> object:
    """The answer back from :func:`to_json`."""
    if isinstance(value, list):
        return [from_json(v) for v in value]
    if isinstance(value, dict):
        if "__frame__" in value:
            f = value["__frame__"]
            return pd.DataFrame([[from_json(v) for v in row] for row in f["data"]], columns=f["columns"])
        if "__float__" in value:
            return float(value["__float__"])
        if "__set__" in value:
            return {from_json(v) for v in value["__set__"]}
        return value.get("__repr__")
    return value
