"""Systematic bad-input sweep over every public function (issue 15, item 1).

The registry (tests/bad_input_registry.py) gives a valid call per function and declares which
arguments are tables (with column kinds), arrays or numbers (with domains). From it this test
derives the corruptions: a missing column, an empty table, NaN, +inf, -inf, text where a
number belongs (also text that looks like a number), negatives, out-of-range rates and survey
scales, missing identifiers, dates that do not parse, bad seeds. Each must be answered by
``CRMInputError`` whose message (here in English; the catalogue test checks the other language
has the same placeholders) names the column or parameter. Outcomes are counted:

- clear: CRMInputError naming the column/parameter;
- unnamed: CRMInputError that does not name it;
- foreign: any other exception (pandas, numpy, KeyError...);
- silent: a result was returned;
- slow: the call did not finish within the time limit.

The counts are printed in the terminal summary ("bad-input sweep: ...").
"""

from __future__ import annotations

import dataclasses
import signal
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pandas as pd
import pytest

from crmlib.validation import CRMInputError
from tests import bad_input_registry as reg

pytestmark = pytest.mark.usefixtures("en")

TIME_LIMIT = 30  # seconds per call

NUMBER_BAD = {"nan": float("nan"), "+inf": float("inf"), "-inf": float("-inf"), "text": "abc"}
DOMAIN_BAD: dict[str, dict[str, object]] = {
    "real": {},
    "nonneg": {"negative": -1.0},
    "positive": {"zero": 0.0, "negative": -1.0},
    "rate": {"above 1": 1.5, "below 0": -0.1},
    "count": {"negative": -1, "fraction": 2.5},
    "count1": {"zero": 0, "fraction": 2.5},
    "seed": {"negative": -1, "fraction": 2.5},
}
DATE_BAD = {"unparseable": "31/02/2024", "text": "abc", "number": 12.5}
KIND_BAD: dict[str, dict[str, object]] = {
    "num": {},
    "nonneg": {"negative": -1.0},
    "rate": {"above 1": 1.5, "below 0": -0.1},
    "scale17": {"107 on 1-7": 107.0, "0 on 1-7": 0.0},
    "scale110": {"11 on 1-10": 11.0, "0 on 1-10": 0.0},
    "scale010": {"11 on 0-10": 11.0, "-1 on 0-10": -1.0},
    "score": {"zero": 0.0, "fraction": 2.5},
}


def _with_value(values: object, i: int, bad: object) -> list:
    out = list(values)
    out[i] = bad
    return out


def corruptions(spec: reg.Spec) -> Iterator[tuple[str, str, Callable[[], dict[str, Any]]]]:
    """Yield (label, name that the message must hold, () -> corrupted kwargs)."""

    def replace(arg: str, fn: Callable[[Any], Any]) -> Callable[[], dict[str, Any]]:
        def make() -> dict[str, Any]:
            kwargs = spec.call()
            _set_arg(kwargs, arg, fn(_get_arg(kwargs, arg)))
            return kwargs

        return make

    for arg, columns in spec.tables.items():
        if arg not in spec.empty_ok:
            yield f"{arg}: empty table", spec.names.get(arg, arg), replace(arg, lambda f: f.iloc[:0])
        for col, kind in columns.items():
            if kind != "rate?" and col not in spec.optional:  # a cohort table may lack an age column
                yield f"{arg}.{col}: missing column", str(col), replace(arg, lambda f, c=col: f.drop(columns=[c]))
            cells: dict[str, object] = {}
            if kind.endswith("?"):  # optional: NaN allowed, everything else checked
                cells = {k: b for k, b in {**NUMBER_BAD, **KIND_BAD[kind[:-1]]}.items() if k != "nan"}
            elif kind in KIND_BAD:
                cells = {**NUMBER_BAD, **KIND_BAD[kind]}
                yield f"{arg}.{col}: numbers as text", str(col), replace(arg, lambda f, c=col: f.assign(**{c: f[c].astype(str)}) if isinstance(c, str) else _set_col(f, c, f[c].astype(str)))
            elif kind == "id":
                cells = {"missing id": None}
            elif kind == "date":
                cells = {"unparseable date": "31/02/2024", "missing date": None}
            for label, bad in cells.items():
                yield f"{arg}.{col}: {label}", str(col), replace(arg, lambda f, c=col, b=bad: _set_cell(f, c, b))
    for arg, kind in spec.arrays.items():
        yield f"{arg}: empty", spec.names.get(arg, arg), replace(arg, lambda x: [])
        for label, bad in {**NUMBER_BAD, **KIND_BAD.get(kind, {})}.items():
            yield f"{arg}: {label}", spec.names.get(arg, arg), replace(arg, lambda x, b=bad: _with_value(x, 0, b))
    for arg, domain in spec.numbers.items():
        bad_values = DATE_BAD if domain == "date" else {**NUMBER_BAD, **DOMAIN_BAD[domain]}
        for label, bad in bad_values.items():
            def make(a: str = arg, b: object = bad) -> dict[str, Any]:
                kwargs = spec.call()
                _set_arg(kwargs, a, b)
                return kwargs

            yield f"{arg}={bad!r} ({label})", spec.names.get(arg, arg), make


def _get_arg(kwargs: dict[str, Any], arg: str) -> Any:
    """``kwargs[arg]``; a dotted ``arg`` reaches into a mapping or a dataclass (``ledger.orders``)."""
    head, _, rest = arg.partition(".")
    value = kwargs[head]
    return getattr(value, rest) if rest and dataclasses.is_dataclass(value) else value[rest] if rest else value


def _set_arg(kwargs: dict[str, Any], arg: str, new: object) -> None:
    """Set ``kwargs[arg]`` (dotted: a copy of the mapping or dataclass with one item replaced)."""
    head, _, rest = arg.partition(".")
    if not rest:
        kwargs[head] = new
    elif dataclasses.is_dataclass(kwargs[head]):
        kwargs[head] = dataclasses.replace(kwargs[head], **{rest: new})
    else:
        kwargs[head] = {**kwargs[head], rest: new}


def _set_col(frame: pd.DataFrame, col: object, values: pd.Series) -> pd.DataFrame:
    out = frame.copy()
    out[col] = values
    return out


def _set_cell(frame: pd.DataFrame, col: object, bad: object) -> pd.DataFrame:
    out = frame.copy()
    out[col] = out[col].astype(object)
    out.iloc[0, out.columns.get_loc(col)] = bad
    return out


class _Slow(Exception):
    pass


def _alarm(signum, frame):  # pragma: no cover - only on a hang
    raise _Slow


def outcome(fn: Callable, kwargs: dict[str, Any], name: str) -> tuple[str, str]:
    """Call ``fn(**kwargs)`` and classify the outcome."""
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(TIME_LIMIT)
    try:
        fn(**kwargs)
    except _Slow:
        return "slow", f"ran over {TIME_LIMIT} s"
    except CRMInputError as exc:
        return ("clear" if name in str(exc) else "unnamed"), str(exc)
    except Exception as exc:  # noqa: BLE001 - classifying is the point
        return "foreign", f"{type(exc).__name__}: {exc}"[:200]
    else:
        return "silent", "returned a result"
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    return "", ""  # pragma: no cover


FUNCTIONS = reg.public_functions()


def test_every_public_function_is_in_the_registry():
    known = set(reg.SPECS) | reg.NO_INPUT | reg.PENDING
    missing = sorted(set(FUNCTIONS) - known)
    assert not missing, "add it to the registry (tests/bad_input_registry.py): " + ", ".join(missing)
    stale = sorted(known - set(FUNCTIONS))
    assert not stale, "no longer public, remove from the registry: " + ", ".join(stale)
    for qual, spec in reg.SPECS.items():
        for kinds in spec.tables.values():
            assert set(kinds.values()) <= set(reg.COLUMN_KINDS), qual
        assert set(spec.arrays.values()) <= set(reg.COLUMN_KINDS), qual
        assert set(spec.numbers.values()) <= set(reg.DOMAINS), qual
        if not (spec.tables or spec.arrays or spec.numbers):
            assert spec.exempt, f"{qual} declares nothing to corrupt: declare its inputs or give the reason (exempt=)"


@pytest.mark.parametrize("qual", sorted(set(FUNCTIONS) & (set(reg.SPECS) | reg.NO_INPUT)))
def test_bad_input_is_named(qual, record_property):
    fn = FUNCTIONS[qual]
    spec = reg.SPECS.get(qual, reg.Spec())
    # The valid call must work, or the corruptions below prove nothing.
    fn(**spec.call())
    counts: Counter[str] = Counter()
    failures = []
    for label, name, make in corruptions(spec):
        kind, detail = outcome(fn, make(), name)
        counts[kind] += 1
        if kind != "clear":
            failures.append(f"{label}: {kind}: {detail}")
    record_property("bad_input", dict(counts))
    assert not failures, f"{qual}:\n  " + "\n  ".join(failures)


def test_pending_functions_are_reported(record_property):
    pending = reg.PENDING & set(FUNCTIONS)
    record_property("bad_input_pending", len(pending))


# --- parameters the generated corruptions do not reach -----------------------------------------


def test_a_dashboard_refuses_an_out_of_range_parameter_instead_of_clamping():
    from crmlib.views.callcentre import staffing_view
    from crmlib.views.satisfaction import expectation_view

    with pytest.raises(CRMInputError, match="calls_per_hour"):
        staffing_view(calls_per_hour=-300)
    # a shift of 10 would push every expectation to 7: refused, not clamped
    with pytest.raises(CRMInputError, match="shift must lie between -6 and 6; got 10"):
        expectation_view(reg._survey(), shift=10.0)


def test_benefit_sought_checks_the_declared_scale():
    from crmlib.compute.segmentation import benefit_sought

    s = pd.DataFrame({"expect_taste": [7, 5, 6], "expect_price": [4, 6, 5]})
    typo = s.assign(expect_taste=[107, 5, 6])
    with pytest.raises(CRMInputError, match="expect_taste .* 1–7 scale; row 0 holds 107"):
        benefit_sought(typo, ["taste", "price"])
    with pytest.raises(CRMInputError, match="expect_price .* 1–5 scale; row 1 holds 6"):
        benefit_sought(s.assign(expect_taste=[5, 5, 4]), ["taste", "price"], scale=(1, 5))
    for bad in ((7, 1), (1,), "1-7", (1, float("nan"))):
        with pytest.raises(CRMInputError, match=r"scale"):
            benefit_sought(s, ["taste", "price"], scale=bad)
    # on a 0-10 scale the same answers are fine; scale=None accepts any finite number, and then the
    # 107 shows why the check matters: it drags the taste mean up and flips respondent 2 to price
    assert benefit_sought(s, ["taste", "price"], scale=(0, 10)).tolist() == ["taste", "price", "taste"]
    assert benefit_sought(typo, ["taste", "price"], scale=None).tolist() == ["taste", "price", "price"]


def test_detection_quality_refuses_a_flag_that_is_not_yes_or_no():
    from crmlib.cases.d_manager.analysis import detection_quality

    with pytest.raises(CRMInputError, match=r"truth\[1\] must be True or False"):
        detection_quality(pd.Series([True, False]), pd.Series([True, float("nan")]))
    assert detection_quality(pd.Series([1, 0]), pd.Series([True, True]))["recall"] == 0.5
