"""Tests of crmlib.compute.concentration: Pareto / Lorenz curves, top share, Gini, ABC, whale curve."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlib.compute import concentration as c
from crmlib.validation import CRMInputError


pytestmark = pytest.mark.usefixtures("en")  # English throughout (tests/conftest.py)


positive_lists = st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=60).filter(lambda xs: sum(xs) > 0)


# --- known values -------------------------------------------------------------------------

def test_pareto_curve_hand_calculation():
    # Hand calculation: total 100; sorted 60, 30, 10 -> cumulative 0.6, 0.9, 1.0.
    curve = c.pareto_curve(pd.Series([10.0, 30.0, 60.0], index=["x", "y", "z"]))
    assert curve["value_share"].tolist() == pytest.approx([0, 0.6, 0.9, 1.0])
    assert curve["customer_share"].tolist() == pytest.approx([0, 1 / 3, 2 / 3, 1])
    assert curve["customer"].tolist()[1:] == ["z", "y", "x"]


def test_top_share_exact_and_interpolated():
    # 5 customers, top 20% = the first one: 50 / 100.
    assert c.top_share([50, 30, 10, 5, 5], 0.2) == pytest.approx(0.5)
    # 3 customers, 50% = 1.5 customers: (60 + 0.5 * 30) / 100 = 0.75 (linear interpolation).
    assert c.top_share([60, 30, 10], 0.5) == pytest.approx(0.75)
    assert c.top_share([60, 30, 10], 0.0) == 0.0
    assert c.top_share([60, 30, 10], 1.0) == pytest.approx(1.0)


def test_gini_known_values():
    # Equal values: 0. One customer holds all of n=4: (n-1)/n = 0.75.
    assert c.gini([3, 3, 3]) == pytest.approx(0.0)
    assert c.gini([0, 0, 0, 4]) == pytest.approx(0.75)
    # [1, 2, 3, 4]: mean absolute difference sum_{i,j}|xi-xj| = 20, / (2 * 16 * 2.5) = 0.25.
    assert c.gini([4, 1, 3, 2]) == pytest.approx(0.25)


@given(positive_lists)
@settings(max_examples=60, deadline=None)
def test_gini_equals_mean_difference_formula(xs):
    # Independent formula: G = sum_i sum_j |xi - xj| / (2 n^2 mean).
    x = np.array(xs)
    expected = np.abs(x[:, None] - x[None, :]).sum() / (2 * len(x) ** 2 * x.mean())
    assert c.gini(xs) == pytest.approx(expected, abs=1e-9)


def test_abc_hand_calculation():
    # Cumulative shares before each customer: 0, .5, .8, .9, (.95) with cut-offs .8 / .95; the
    # two tied 5s form one group starting at .9 < .95, so both are B (ties take the group's start).
    assert c.abc_classes([50, 30, 10, 5, 5]).tolist() == ["A", "A", "B", "B", "B"]
    assert c.abc_classes([50, 30, 10, 5, 4]).tolist() == ["A", "A", "B", "B", "C"]
    # The customer crossing 80% (before 0.6 < 0.8, after 0.9) is an A; the last one starts
    # at 0.9 < 0.95, so it is a B and class C stays empty.
    assert c.abc_classes([60, 30, 10]).tolist() == ["A", "A", "B"]


def test_abc_ties_take_the_class_of_the_group_start():
    # Four equal customers form one group starting at cumulative share 0 -> all A.
    s = pd.Series([1.0, 1.0, 1.0, 1.0], index=["d", "a", "c", "b"])
    out = c.abc_classes(s, cutoffs=(0.5,), labels=("A", "B"))
    assert out.tolist() == ["A", "A", "A", "A"]
    assert out.index.tolist() == ["d", "a", "c", "b"]
    # Issue 15: [0.01, 0.01, 0.18] gave ['B', 'C', 'A']. Total .2; the .18 is A (starts at 0);
    # the tied pair starts at .18/.2 = .9, past .8 but not .95 -> both B.
    assert c.abc_classes([0.01, 0.01, 0.18]).tolist() == ["B", "B", "A"]
    assert c.abc_classes([0.01, 0.18, 0.01]).tolist() == ["B", "A", "B"]


tie_values = st.lists(st.integers(0, 6), min_size=1, max_size=40).filter(lambda xs: sum(xs) > 0)


@given(tie_values, st.randoms(use_true_random=False))
@settings(max_examples=150, deadline=None)
def test_abc_ties_equal_and_order_free(values, rnd):
    # Small integers force many ties. Equal values -> equal labels; shuffling the rows permutes
    # the labels with them and changes nothing else.
    x = pd.Series(values, dtype=float)
    out = c.abc_classes(x)
    for val in set(values):
        assert out[x == val].nunique() == 1
    perm = list(range(len(values)))
    rnd.shuffle(perm)
    shuffled = c.abc_classes(x.iloc[perm])
    assert shuffled.sort_index().tolist() == out.tolist()
    # Still: a larger value never gets a lower class.
    codes = out.cat.codes.to_numpy()
    arr = x.to_numpy()
    assert all((codes[arr > a] <= k).all() for a, k in zip(arr, codes))


def test_class_summary_hand_values():
    s = c.class_summary([50, 30, 10, 5, 5], c.abc_classes([50, 30, 10, 5, 5]))
    assert s.loc["A", "customers"] == 2
    assert s.loc["A", "value_share"] == pytest.approx(0.8)
    assert s["customer_share"].sum() == pytest.approx(1.0)


def test_whale_curve_hand_calculation():
    # Profits 100, 20, -20: total 100; cumulative 100, 120, 100 -> shares 1.0, 1.2, 1.0.
    curve = c.whale_curve(pd.Series([-20, 100, 20], index=["loss", "big", "small"]))
    assert curve["profit_share"].tolist() == pytest.approx([0, 1.0, 1.2, 1.0])
    assert curve["customer"].tolist()[1:] == ["big", "small", "loss"]
    summary = c.whale_summary([-20, 100, 20])
    assert summary["peak_share"] == pytest.approx(1.2)
    assert summary["loss_customers"] == 1 and summary["loss"] == pytest.approx(20)


# --- properties ------------------------------------------------------------------------------

@given(positive_lists)
@settings(max_examples=80, deadline=None)
def test_pareto_curve_monotone_concave_ends_at_one(xs):
    curve = c.pareto_curve(xs)
    y = curve["value_share"].to_numpy()
    assert y[0] == 0 and y[-1] == 1.0
    assert np.all(np.diff(y) >= -1e-12)
    assert np.all(np.diff(y, 2) <= 1e-9)  # largest first: increments shrink
    lorenz = c.lorenz_curve(xs)["value_share"].to_numpy()
    assert np.all(lorenz <= curve["customer_share"].to_numpy() + 1e-9)
    assert 0 <= c.gini(xs) <= 1


@given(positive_lists, st.floats(0.01, 0.99), st.floats(0.01, 0.99))
@settings(max_examples=80, deadline=None)
def test_abc_partition_and_order(xs, a, b):
    lo, hi = sorted((a, b))
    if hi - lo < 1e-6:
        hi = min(lo + 0.01, 1.0)
    classes = c.abc_classes(xs, cutoffs=(lo, hi))
    assert len(classes) == len(xs) and classes.notna().all()
    assert set(classes) <= {"A", "B", "C"}
    # Higher values never get a worse class than lower values.
    codes = classes.cat.codes.to_numpy()
    x = np.array(xs)
    for i in range(len(x)):
        assert np.all(codes[x > x[i]] <= codes[i])
    # Class A holds at least the first cut-off of the value.
    assert x[codes == 0].sum() >= lo * x.sum() - 1e-6
    assert codes[int(np.argmax(x))] == 0


@given(st.lists(st.floats(-1e5, 1e5, allow_nan=False), min_size=1, max_size=50).filter(lambda xs: sum(xs) > 1))
@settings(max_examples=60, deadline=None)
def test_whale_curve_peak_at_least_one(xs):
    curve = c.whale_curve(xs)
    assert curve["profit_share"].iloc[-1] == 1.0
    assert curve["profit_share"].max() >= 1.0 - 1e-9
    assert c.whale_summary(xs)["loss_customers"] == sum(1 for x in xs if x < 0)


# --- bad input -------------------------------------------------------------------------------

def test_negative_value_names_parameter():
    with pytest.raises(CRMInputError, match="sales"):
        c.pareto_curve([5, -1], name="sales")


def test_empty_values():
    with pytest.raises(CRMInputError, match="sales.*empty"):
        c.gini([], name="sales")


def test_not_numeric_value():
    with pytest.raises(CRMInputError, match="amount.*numeric"):
        c.top_share([1, "x"], name="amount")


def test_missing_value():
    with pytest.raises(CRMInputError, match="missing"):
        c.top_share(pd.Series([1.0, np.nan], name="sales"), name="sales")


def test_zero_total():
    with pytest.raises(CRMInputError, match="sales.*total"):
        c.top_share([0, 0], name="sales")
    with pytest.raises(CRMInputError, match="profit.*total"):
        c.whale_curve([10, -30])


def test_share_outside_unit_interval():
    with pytest.raises(CRMInputError, match="share"):
        c.top_share([1, 2], 1.5)


def test_bad_cutoffs():
    with pytest.raises(CRMInputError, match="cutoffs"):
        c.abc_classes([1, 2, 3], cutoffs=(0.9, 0.8))
    with pytest.raises(CRMInputError, match=r"cutoffs\[0\]"):
        c.abc_classes([1, 2, 3], cutoffs=(1.2,), labels=("A", "B"))
    with pytest.raises(CRMInputError, match="labels"):
        c.abc_classes([1, 2, 3], cutoffs=(0.8, 0.95), labels=("A", "B"))


def test_dataframe_is_rejected():
    with pytest.raises(CRMInputError, match="values"):
        c.gini(pd.DataFrame({"a": [1, 2]}))
