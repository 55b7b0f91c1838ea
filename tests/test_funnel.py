"""Tests for crmlib.compute.funnel: hand-computed funnels, properties, bad input."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlib import i18n
from crmlib.compute import funnel
from crmlib.validation import CRMInputError

rates_st = st.lists(st.floats(0, 1, allow_nan=False), min_size=6, max_size=6)


def test_ladder_funnel_hand_computed():
    # 1000 * 0.3 = 300, * 0.25 = 75, * 0.4 = 30, * 0.5 = 15, * 0.3 = 4.5, * 0.2 = 0.9
    df = funnel.ladder_funnel(1000, [0.3, 0.25, 0.4, 0.5, 0.3, 0.2])
    assert df["stage"].tolist() == list(funnel.LADDER_STAGES)
    np.testing.assert_allclose(df["customers"], [1000, 300, 75, 30, 15, 4.5, 0.9])
    np.testing.assert_allclose(df["conversion_from_top"].iloc[-1], 0.0009)
    assert np.isnan(df["conversion_from_previous"].iloc[0])


def test_conversion_rates_of_the_slides_pipeline():
    # Seed 001: 80 -> 30 -> 16 -> 10 customers: 30/80, 16/30, 10/16.
    np.testing.assert_allclose(funnel.conversion_rates([80, 30, 16, 10]), [0.375, 16 / 30, 0.625])


def test_stage_counts_and_observed_funnel():
    reached = pd.Series(["suspect", "prospect", "prospect", "first_time", "advocate"])
    counts = funnel.stage_counts(reached)
    # everyone is at least a suspect; 4 reached prospect; 2 first-time; the advocate passed all.
    assert counts.tolist() == [5, 4, 2, 1, 1, 1, 1]
    obs = funnel.observed_funnel(pd.DataFrame({"furthest_stage": reached, "ch": list("aabbb")}), by="ch")
    a = obs[obs["ch"] == "a"]
    assert a["customers"].tolist() == [2, 1, 0, 0, 0, 0, 0]
    assert a["conversion_from_previous"].tolist()[1:3] == [0.5, 0.0]


def test_required_top_inverts_the_funnel():
    rates = [0.5, 0.4, 0.25]
    top = funnel.required_top(10, rates)
    assert top == pytest.approx(200)
    out = funnel.ladder_funnel(top, rates, stages=list("abcd"))
    assert out["customers"].iloc[-1] == pytest.approx(10)


@given(st.floats(0, 1e6, allow_nan=False), rates_st)
@settings(deadline=None)  # no per-example time limit: a busy machine must not fail the suite
def test_funnel_never_widens_and_rates_round_trip(top, rates):
    df = funnel.ladder_funnel(top, rates)
    c = df["customers"].to_numpy()
    assert np.all(np.diff(c) <= 1e-9 * max(top, 1))
    if np.all(c[:-1] > 1e-6):
        np.testing.assert_allclose(funnel.conversion_rates(c), rates, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: funnel.ladder_funnel(100, [0.5, 1.2, 0.5, 0.5, 0.5, 0.5]), "rates[1]"),
        (lambda: funnel.ladder_funnel(-5, [0.5] * 6), "top"),
        (lambda: funnel.ladder_funnel(100, [0.5] * 5), "rates"),
        (lambda: funnel.conversion_rates([10, -1]), "counts[1]"),
        (lambda: funnel.required_top(10, [0.5, -0.1]), "rates[1]"),
        (lambda: funnel.observed_funnel(pd.DataFrame({"stage": ["a"]})), "furthest_stage"),
        (lambda: funnel.observed_funnel(pd.DataFrame({"furthest_stage": []})), "journeys"),
        (lambda: funnel.stage_counts(pd.Series(["suspect", "vip"])), "vip"),
    ],
)
def test_bad_input_names_the_problem(call, name):
    i18n.set_language("en")
    with pytest.raises(CRMInputError, match=name.replace("[", r"\[").replace("]", r"\]")):
        call()


def test_widening_counts_are_rejected_in_both_languages():
    for lang, word in (("en", "narrows"), ("zh-CN", "变窄")):
        i18n.set_language(lang)
        with pytest.raises(CRMInputError, match=word):
            funnel.conversion_rates([10, 20])


def test_conversion_from_top_by_hand():
    # 1000 enter, 400 reach stage 2 (0.4), 100 reach stage 3 (0.4 x 0.25 = 0.1): the product of the stage rates
    assert funnel.conversion_from_top([1000, 400, 100]).tolist() == pytest.approx([1.0, 0.4, 0.1])
    assert funnel.conversion_from_top([0, 0]).tolist() == [0.0, 0.0]  # nobody entered: nobody converts
    rates = funnel.conversion_rates([1000, 400, 100])
    assert funnel.conversion_from_top([1000, 400, 100])[1:] == pytest.approx(np.cumprod(rates))


def test_conversion_from_top_bad_input():
    i18n.set_language("en")
    with pytest.raises(CRMInputError, match=r"counts\[1\]"):
        funnel.conversion_from_top([10, -1])
    with pytest.raises(CRMInputError, match="counts"):
        funnel.conversion_from_top([10])
