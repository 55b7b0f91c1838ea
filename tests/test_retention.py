"""Tests for crmlib.compute.retention: the cohort model against hand calculations and closed forms."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlib import i18n
from crmlib.compute import retention
from crmlib.validation import CRMInputError


def test_layer_cake_by_hand():
    cake = retention.layer_cake(100, 0.5, 3)
    assert cake.to_numpy().tolist() == [[100, 50, 25], [0, 100, 50], [0, 0, 100]]
    assert cake.sum().tolist() == [100, 150, 175]


def test_cohort_profit_by_hand():
    # N=10, r=0.8, m=100, g=0.1, c=50
    # year 1: 10 customers * 100 - 10*50 = 500
    # year 2: 10*100 + 8*110 - 500 = 1380
    # year 3: 10*100 + 8*110 + 6.4*121 - 500 = 2154.4
    df = retention.cohort_profit(10, 0.8, 100, growth=0.1, acquisition_cost=50, years=3)
    np.testing.assert_allclose(df["profit"], [500, 1380, 2154.4])
    np.testing.assert_allclose(df["customers"], [10, 18, 24.4])


def test_steady_state_closed_form_matches_long_run():
    # N m / (1 - r(1+g)) - N c with N=1000, m=100, r=0.8, g=0.05, c=150: 100/0.16 = 625 -> 475,000
    assert retention.steady_state_profit(1000, 0.8, 100, growth=0.05, acquisition_cost=150) == pytest.approx(475_000)
    long_run = retention.cohort_profit(1000, 0.8, 100, growth=0.05, acquisition_cost=150, years=400)
    assert long_run["profit"].iloc[-1] == pytest.approx(475_000, rel=1e-9)


def test_retention_gain_reichheld_range():
    # Chapter 1's worked example: 80% -> 85% with g = 5%, c = 150 gives +64.3%
    # (625 - 150 = 475 vs 100/0.1075 - 150 = 780.23 per yearly cohort of one).
    g = retention.retention_gain(0.80, 0.05, 100, growth=0.05, acquisition_cost=150)
    assert g["change"] == pytest.approx(780.2325581 / 475 - 1, rel=1e-6)
    # Without growth or acquisition cost the gain is the ratio of lifetimes 1/(1-r): 0.20/0.15 - 1.
    assert retention.retention_gain(0.80, 0.05, 100)["change"] == pytest.approx(1 / 3)


@given(
    r=st.floats(0.0, 0.9),
    gain=st.floats(0.001, 0.09),
    m=st.floats(1, 1000),
    c=st.floats(0, 100),
)
@settings(deadline=None)  # no per-example time limit: a busy machine must not fail the suite
def test_more_retention_never_lowers_steady_profit(r, gain, m, c):
    g = retention.retention_gain(r, gain, m, acquisition_cost=c)
    assert g["improved_profit"] >= g["base_profit"]


@given(r=st.floats(0, 1), years=st.integers(1, 40))
@settings(deadline=None)
def test_customers_equal_layer_cake_column_sums(r, years):
    df = retention.cohort_profit(7, r, 1, years=years)
    np.testing.assert_allclose(df["customers"], retention.layer_cake(7, r, years).sum().to_numpy())


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: retention.cohort_profit(10, 1.5, 100), "retention"),
        (lambda: retention.cohort_profit(-10, 0.5, 100), "new"),
        (lambda: retention.cohort_profit(10, 0.5, 100, acquisition_cost=-1), "acquisition_cost"),
        (lambda: retention.cohort_profit(10, 0.5, 100, years=0), "years"),
        (lambda: retention.cohort_profit(10, 0.5, 100, years=2.5), "years"),
        (lambda: retention.layer_cake(10, -0.1, 3), "retention"),
        (lambda: retention.retention_gain(0.97, 0.05, 100), "retention \\+ gain"),
        (lambda: retention.steady_state_profit(1, 0.95, 100, growth=0.1), "1.045"),
        (lambda: retention.cohort_profit(10, 0.5, float("nan")), "margin"),
    ],
)
def test_bad_input_names_the_problem(call, name):
    i18n.set_language("en")
    with pytest.raises(CRMInputError, match=name):
        call()


def test_views_and_dashboards_are_wired():
    import matplotlib.pyplot as plt

    from crmlib.widgets.foundations import ladder_dashboard, retention_dashboard

    i18n.set_language("en")
    dash = retention_dashboard()
    before = dash.result[1]
    assert "+64.3%" in before
    dash.controls["acquisition_cost"].value = 0.0
    assert dash.result[1] != before and "+48.8%" in dash.result[1]  # 930.23 / 625 - 1 with c = 0
    ladder = ladder_dashboard()
    assert "9.0 become advocates" in ladder.result[1]
    ladder.controls["repeat"].value = 1.0  # first-time -> repeat from 40% to 100%: 2.5x advocates
    assert "22.5 become advocates" in ladder.result[1]
    plt.close("all")
