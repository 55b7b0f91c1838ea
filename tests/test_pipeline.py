"""Tests for crmlib.compute.pipeline: the slide's sales funnel, weighted forecast, NPV and payback."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlib import i18n
from crmlib.compute import pipeline as pl
from crmlib.figures.pipeline import payback_chart, pipeline_chart
from crmlib.validation import CRMInputError


@pytest.fixture(autouse=True)
def _english(en):
    from crmlib.figures.theme import use_theme

    use_theme()
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


# --- the slide's funnel (seed file 001): hand calculation ---------------------------------------

def test_slide_funnel_by_hand():
    tab = pl.pipeline_table(pl.SLIDE_CUSTOMERS, pl.SLIDE_FORECAST)
    # 30/80 = 0.375, 16/30 = 0.5333, 10/16 = 0.625; cumulative 10/80 = 0.125.
    assert tab["conversion_from_previous"].iloc[1:].tolist() == pytest.approx([0.375, 16 / 30, 0.625])
    assert tab["conversion_from_top"].iloc[-1] == pytest.approx(0.125)
    # 108 / 1125 = 0.096 of the top forecast survives to the last stage.
    assert tab["forecast_retained"].iloc[-1] == pytest.approx(0.096)
    # 1125/80 = 14.0625, 318/30 = 10.6, 168/16 = 10.5, 108/10 = 10.8 万元 per customer.
    assert tab["value_per_customer"].tolist() == pytest.approx([14.0625, 10.6, 10.5, 10.8])
    # Close chance from each stage: 10/80, 10/30, 10/16, 1.
    assert tab["close_probability"].tolist() == pytest.approx([0.125, 1 / 3, 0.625, 1.0])
    assert tab["stage"].tolist() == list(pl.SLIDE_STAGES)


def test_weighted_forecast_by_hand():
    # 1125·0.125 = 140.625; 318/3 = 106; 168·0.625 = 105; 108·1 = 108; total 459.625.
    wf = pl.weighted_forecast(pl.SLIDE_FORECAST, pl.close_probabilities(pl.SLIDE_CUSTOMERS))
    assert wf["weighted"].tolist() == pytest.approx([140.625, 106.0, 105.0, 108.0, 459.625])
    assert wf["stage"].iloc[-1] == "total"
    assert wf["forecast"].iloc[-1] == pytest.approx(1719.0)


def test_weighted_forecast_with_crm_stage_probabilities():
    # Typical CRM stage probabilities 10 %, 30 %, 60 %, 100 %: 112.5 + 95.4 + 100.8 + 108 = 416.7.
    wf = pl.weighted_forecast(pl.SLIDE_FORECAST, [0.1, 0.3, 0.6, 1.0])
    assert wf["weighted"].iloc[-1] == pytest.approx(416.7)


# --- NPV and payback: hand calculation -------------------------------------------------------

def test_npv_and_payback_by_hand():
    # −100 + 30/1.1 + 40/1.1² + 50/1.1³ + 50/1.1⁴ = −100 + 27.2727 + 33.0579 + 37.5657 + 34.1507
    assert pl.npv(100, [30, 40, 50, 50], 0.10) == pytest.approx(32.0470, abs=1e-4)
    # Plain: cumulative −70, −30, +20 → 2 + 30/50 = 2.6 years.
    assert pl.payback_period(100, [30, 40, 50, 50]) == pytest.approx(2.6)
    # Discounted: cumulative −72.727, −39.669, −2.104, +32.047 → 3 + 2.104/34.151 = 3.0616 years.
    assert pl.payback_period(100, [30, 40, 50, 50], 0.10, discounted=True) == pytest.approx(3.0616, abs=1e-4)
    # Never recovered → infinite; nothing invested → 0.
    assert math.isinf(pl.payback_period(100, [10, 10]))
    assert pl.payback_period(0, [10]) == 0.0


def test_payback_table_columns():
    tab = pl.payback_table(200, [50, 100, 100], 0.0)
    assert tab["cumulative"].tolist() == [-200, -150, -50, 50]
    assert tab["cumulative_discounted"].tolist() == tab["cumulative"].tolist()


# --- properties -------------------------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(counts=st.lists(st.integers(1, 1000), min_size=2, max_size=7))
def test_close_probabilities_are_rates_rising_to_one(counts):
    counts = sorted(counts, reverse=True)
    p = pl.close_probabilities(counts)
    assert p[-1] == 1.0
    assert all(0 <= x <= 1 for x in p)
    assert all(a <= b + 1e-12 for a, b in zip(p, p[1:]))  # deeper in the funnel, likelier to close
    assert p[0] == pytest.approx(counts[-1] / counts[0])


@settings(max_examples=60, deadline=None)
@given(
    inv=st.floats(0, 1000),
    flows=st.lists(st.floats(0, 500), min_size=1, max_size=10),
    r1=st.floats(0, 0.5),
    dr=st.floats(0.001, 0.5),
)
def test_npv_falls_with_the_discount_rate_and_discounted_payback_is_longer(inv, flows, r1, dr):
    assert pl.npv(inv, flows, r1 + dr if r1 + dr <= 1 else 1) <= pl.npv(inv, flows, r1) + 1e-9
    assert pl.payback_period(inv, flows, r1, discounted=True) >= pl.payback_period(inv, flows) - 1e-9


# --- bad input --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: pl.pipeline_table([80, 30], [1125]), "forecast"),
        (lambda: pl.pipeline_table([80, 30], [1125, -5]), "forecast[1]"),
        (lambda: pl.pipeline_table([80, -30], [1125, 5]), "customers[1]"),
        (lambda: pl.pipeline_table([80, 30], [1, 2], stages=["a"]), "stages"),
        (lambda: pl.close_probabilities([10]), "customers"),  # the parameter is named customers
        (lambda: pl.weighted_forecast([100, 50], [0.5, 1.4]), "probabilities[1]"),
        (lambda: pl.weighted_forecast([100, 50], [0.5]), "forecast"),
        (lambda: pl.payback_table(-1, [10], 0.1), "investment"),
        (lambda: pl.payback_table(100, [], 0.1), "net_benefits"),
        (lambda: pl.payback_table(100, [10, "x"], 0.1), "net_benefits[1]"),
        (lambda: pl.payback_table(100, [10], 1.5), "discount_rate"),
        (lambda: pl.npv(100, [10], -0.1), "discount_rate"),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(CRMInputError, match=name.replace("[", r"\[").replace("]", r"\]")):
        call()


def test_widening_funnel_is_refused():
    # 30 → 40 customers: a funnel cannot widen (the check comes from crmlib.compute.funnel).
    with pytest.raises(CRMInputError):
        pl.pipeline_table([80, 30, 40], [10, 5, 4])


def test_chart_tables_missing_column():
    with pytest.raises(CRMInputError, match="forecast"):
        pipeline_chart(pl.pipeline_table(pl.SLIDE_CUSTOMERS, pl.SLIDE_FORECAST).drop(columns="forecast"))


def test_charts_use_catalogue_labels():
    fig = pipeline_chart(pl.pipeline_table(pl.SLIDE_CUSTOMERS, pl.SLIDE_FORECAST))
    assert [tk.get_text() for tk in fig.axes[0].get_yticklabels()] == ["Leads", "Qualified", "Negotiation", "Won"]
    i18n.set_language("zh-CN")
    fig = payback_chart(pl.payback_table(100, [60, 60], 0.1))
    assert fig.axes[0].get_title() == "CRM 投资的累计现金流"
