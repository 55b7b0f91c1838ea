"""The shared input checks of crmlib.validation (issue 15: ±inf, text in number columns, scalar
dates, survey scales, missing identifiers, seeds). Each bad input must name the column or
parameter in the current language."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlib import validation as v
from crmlib.validation import CRMInputError


@pytest.mark.parametrize("bad", [np.inf, -np.inf])
def test_numeric_column_rejects_infinity(lang, bad):
    # Issue 15: rfm_table with one infinite amount gave monetary = inf.
    df = pd.DataFrame({"amount": [5.0, bad]})
    with pytest.raises(CRMInputError, match="amount") as exc:
        v.check_numeric_column(df, "amount", "orders")
    assert "inf" in str(exc.value)


def test_numeric_column_rejects_numbers_stored_as_text(en):
    # Issue 15: gross_margin.astype(str) was "summed" by gluing strings together.
    df = pd.DataFrame({"gross_margin": [12.5, 3.0]}).astype(str)
    with pytest.raises(CRMInputError, match=r"column gross_margin of table orders must be numeric; row 0 holds '12.5'"):
        v.check_numeric_column(df, "gross_margin", "orders")


def test_numeric_column_accepts_numbers_in_an_object_column():
    df = pd.DataFrame({"x": pd.Series([1, 2.5], dtype=object)})
    assert v.check_numeric_column(df, "x", "t").tolist() == [1.0, 2.5]


def test_check_date_names_the_parameter(lang):
    for bad in ["31/02/2024", "abc", 12.5, None, True]:
        with pytest.raises(CRMInputError, match="as_of"):
            v.check_date(bad, "as_of")
    assert v.check_date("2024-02-29", "as_of") == pd.Timestamp("2024-02-29")


def test_check_scale_flags_answer_off_the_scale(en):
    # Issue 15: a 107 on a 1–7 scale flipped an attribute's quadrant.
    df = pd.DataFrame({"perceive_service": [5, 7, 107]})
    with pytest.raises(CRMInputError, match=r"perceive_service.*1–7 scale; row 2 holds 107"):
        v.check_scale(df, "perceive_service", 1, 7)
    assert v.check_scale(df.iloc[:2], "perceive_service", 1, 7).tolist() == [5.0, 7.0]


@pytest.mark.parametrize("bad", [np.nan, None, "", "  "])
def test_check_id_column_rejects_missing_ids(lang, bad):
    # Issue 15: a NaN customer_id passed check_orders and lost_report died with KeyError.
    df = pd.DataFrame({"customer_id": pd.Series(["C1", bad], dtype=object)})
    with pytest.raises(CRMInputError, match="customer_id"):
        v.check_id_column(df, "customer_id", "orders")


@pytest.mark.parametrize("bad", [-1, np.nan, np.inf, 2.5, "7", True, None])
def test_check_seed(lang, bad):
    with pytest.raises(CRMInputError, match="seed"):
        v.check_seed(bad)


@given(st.integers(0, 2**63 - 1))
@settings(max_examples=30, deadline=None)
def test_check_seed_accepts_every_non_negative_int(seed):
    assert v.check_seed(seed) == seed
    np.random.default_rng(v.check_seed(seed))  # numpy accepts what the check lets through


@given(st.lists(st.floats(allow_nan=False, allow_infinity=True), min_size=1, max_size=30))
@settings(max_examples=60, deadline=None)
def test_numeric_column_returns_only_finite_numbers(xs):
    df = pd.DataFrame({"x": xs})
    try:
        out = v.check_numeric_column(df, "x", "t")
    except CRMInputError as exc:
        assert "x" in str(exc) and not np.isfinite(xs).all()
    else:
        assert np.isfinite(out.to_numpy()).all()
