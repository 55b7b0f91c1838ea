"""Tests for crmlib.compute.value: delivered value, customer profitability, CLV margin multiple."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crmlib
from crmlib.compute import value
from crmlib.views.value import clv_view, delivered_value_view
from crmlib.validation import CRMInputError

VALUES = {"product": 60.0, "service": 20.0, "personnel": 10.0, "image": 10.0}
COSTS = {"money": 50.0, "time": 15.0, "energy": 10.0, "psychological": 5.0}


@pytest.fixture(autouse=True)
def english(en):
    yield
    plt.close("all")


# --- delivered value ---------------------------------------------------------------------

def test_delivered_value_hand_calculation():
    # Hand calculation: Fc = 60+20+10+10 = 100, Cc = 50+15+10+5 = 80, Vc = 20, Fc/Cc = 1.25.
    res = value.delivered_value(VALUES, COSTS)
    assert res == {"total_value": 100.0, "total_cost": 80.0, "delivered_value": 20.0, "value_ratio": 1.25}


def test_delivered_value_zero_cost_gives_infinite_ratio():
    zero = dict.fromkeys(value.COST_COMPONENTS, 0)
    assert math.isinf(value.delivered_value(VALUES, zero)["value_ratio"])


amounts = st.floats(min_value=0, max_value=1e6, allow_nan=False)


@given(st.lists(amounts, min_size=8, max_size=8), amounts)
@settings(max_examples=60, deadline=None)
def test_delivered_value_properties(parts, extra):
    vals = dict(zip(value.VALUE_COMPONENTS, parts[:4]))
    costs = dict(zip(value.COST_COMPONENTS, parts[4:]))
    base = value.delivered_value(vals, costs)
    assert math.isclose(base["delivered_value"], base["total_value"] - base["total_cost"], abs_tol=1e-6)
    # Raising any value part raises Vc by the same amount; raising any cost part lowers it.
    more = value.delivered_value({**vals, "service": vals["service"] + extra}, costs)
    assert math.isclose(more["delivered_value"] - base["delivered_value"], extra, rel_tol=1e-9, abs_tol=1e-6)
    dearer = value.delivered_value(vals, {**costs, "time": costs["time"] + extra})
    assert math.isclose(base["delivered_value"] - dearer["delivered_value"], extra, rel_tol=1e-9, abs_tol=1e-6)


def test_delivered_value_table_shares_sum_to_one_per_side():
    df = value.delivered_value_table(VALUES, COSTS)
    assert list(df.columns) == ["side", "component", "amount", "share"]
    assert df.groupby("side")["share"].sum().round(12).to_dict() == {"cost": 1.0, "value": 1.0}
    assert df.loc[df["component"] == "money", "share"].item() == 50 / 80


def test_delivered_value_missing_component_named():
    with pytest.raises(CRMInputError, match="image"):
        value.delivered_value({"product": 1, "service": 1, "personnel": 1}, COSTS)


def test_delivered_value_unknown_component_named():
    with pytest.raises(CRMInputError, match="costs key"):
        value.delivered_value(VALUES, {**COSTS, "fun": 3})


def test_delivered_value_negative_part_named():
    with pytest.raises(CRMInputError, match=r"costs\['time'\]"):
        value.delivered_value(VALUES, {**COSTS, "time": -1})


def test_delivered_value_not_a_mapping():
    with pytest.raises(CRMInputError, match="values"):
        value.delivered_value([1, 2, 3, 4], COSTS)


def test_delivered_value_not_a_number():
    with pytest.raises(CRMInputError, match=r"values\['product'\]"):
        value.delivered_value({**VALUES, "product": "a lot"}, COSTS)


def test_delivered_value_view_reports_vc():
    fig, text = delivered_value_view(money=90)
    assert "Vc = Fc − Cc = -20.0" in text  # 100 − (90 + 15 + 10 + 5)
    assert len(fig.axes[0].patches) == 8


def test_delivered_value_view_chinese_labels():
    crmlib.setup("zh-CN")  # the notebook's set-up: Chinese font and language
    fig, text = delivered_value_view()
    assert "让渡价值" in text
    assert fig.axes[0].get_title() == "顾客让渡价值：Vc = Fc − Cc"


# --- profitability -----------------------------------------------------------------------

def accounts():
    return pd.DataFrame(
        {
            "customer": ["big_late", "small_prompt", "medium"],
            "revenue": [100_000.0, 10_000.0, 40_000.0],
            "cost_of_goods": [80_000.0, 7_000.0, 30_000.0],
            "cost_to_serve": [12_000.0, 500.0, 4_000.0],
            "receivable": [50_000.0, 0.0, 10_000.0],
            "days_outstanding": [146.0, 0.0, 36.5],
        }
    )


def test_receivable_cost_hand_calculation():
    # 50,000 yuan × 8% × 146/365 = 50,000 × 0.08 × 0.4 = 1,600 yuan.
    assert value.receivable_cost(50_000, 146, 0.08) == pytest.approx(1_600.0)


def test_customer_profitability_hand_calculation():
    # Hand calculation at 8% a year:
    # big_late: 20,000 margin − 12,000 serve − 50,000·0.08·0.4 (=1,600) = 6,400
    # small_prompt: 3,000 − 500 − 0 = 2,500
    # medium: 10,000 − 4,000 − 10,000·0.08·0.1 (=80) = 5,920
    df = value.customer_profitability(accounts(), 0.08)
    assert df["customer"].tolist() == ["big_late", "medium", "small_prompt"]
    assert df["profit"].tolist() == pytest.approx([6_400.0, 5_920.0, 2_500.0])
    assert df["receivable_cost"].tolist() == pytest.approx([1_600.0, 80.0, 0.0])
    assert df["profit_rate"].tolist() == pytest.approx([0.064, 0.148, 0.25])


def test_profitability_missing_column_named():
    with pytest.raises(CRMInputError, match="cost_to_serve"):
        value.customer_profitability(accounts().drop(columns="cost_to_serve"))


def test_profitability_negative_amount_named():
    bad = accounts()
    bad.loc[1, "revenue"] = -5.0
    with pytest.raises(CRMInputError, match="revenue"):
        value.customer_profitability(bad)


def test_profitability_non_numeric_named():
    bad = accounts().astype({"receivable": object})
    bad.loc[0, "receivable"] = "n/a"
    with pytest.raises(CRMInputError, match="receivable"):
        value.customer_profitability(bad)


def test_profitability_empty_table_named():
    with pytest.raises(CRMInputError, match="accounts"):
        value.customer_profitability(accounts().iloc[0:0])


def test_profitability_rate_outside_range_named():
    with pytest.raises(CRMInputError, match="annual_rate"):
        value.customer_profitability(accounts(), 1.5)


def test_receivable_cost_is_vectorised():
    # Element-wise: 50,000 × 8% × 146/365 = 1,600 and 10,000 × 8% × 36.5/365 = 80; a Series keeps its index.
    got = value.receivable_cost(pd.Series([50_000.0, 10_000.0], index=["a", "b"]), pd.Series([146.0, 36.5], index=["a", "b"]), 0.08)
    assert got.index.tolist() == ["a", "b"]
    assert got.tolist() == pytest.approx([1_600.0, 80.0])
    # yuan-days with days = 1: 50,000 × 146 = 7,300,000 yuan-days → 7,300,000 × 8% / 365 = 1,600
    assert value.receivable_cost(pd.Series([7_300_000.0]), 1.0, 0.08).tolist() == pytest.approx([1_600.0])


def test_receivable_cost_negative_array_named():
    with pytest.raises(CRMInputError, match="days_outstanding"):
        value.receivable_cost(pd.Series([1.0, 2.0]), pd.Series([3.0, -1.0]), 0.08)


def ledger_accounts():
    # The same three customers given as a ledger would: margin instead of cost of goods,
    # yuan-days instead of receivable × days, and bad debt.
    acc = accounts()
    return pd.DataFrame(
        {
            "customer": acc["customer"],
            "revenue": acc["revenue"],
            "margin": acc["revenue"] - acc["cost_of_goods"],
            "cost_to_serve": acc["cost_to_serve"],
            "receivable_yuan_days": acc["receivable"] * acc["days_outstanding"],
            "bad_debt": [0.0, 2_000.0, 1_000.0],
        }
    )


def test_customer_profitability_from_ledger_with_bad_debt():
    # big_late: 20,000 − 12,000 − 7,300,000·0.08/365 (= 1,600) − 0 = 6,400
    # medium: 10,000 − 4,000 − 365,000·0.08/365 (= 80) − 1,000 = 4,920
    # small_prompt: 3,000 − 500 − 0 − 2,000 = 500
    df = value.customer_profitability(ledger_accounts(), 0.08)
    assert df["customer"].tolist() == ["big_late", "medium", "small_prompt"]
    assert df["profit"].tolist() == pytest.approx([6_400.0, 4_920.0, 500.0])
    assert df["bad_debt"].tolist() == [0.0, 1_000.0, 2_000.0]
    assert df["receivable_cost"].tolist() == pytest.approx([1_600.0, 80.0, 0.0])
    # without bad debt the two forms of the table give the same profit
    plain = value.customer_profitability(ledger_accounts().drop(columns="bad_debt"), 0.08)
    assert plain["profit"].tolist() == pytest.approx(value.customer_profitability(accounts(), 0.08)["profit"].tolist())
    assert "bad_debt" not in plain.columns


def test_customer_profitability_rounds_receivable_cost_to_decimals():
    # 1,000 yuan-days at 10%: 1,000 × 0.10 / 365 = 0.27397... → 0.27 to the fen
    acc = pd.DataFrame({"customer": ["A"], "revenue": [10.0], "margin": [1.0], "cost_to_serve": [0.0],
                        "receivable_yuan_days": [1_000.0]})
    row = value.customer_profitability(acc, 0.10, decimals=2).iloc[0]
    assert row["receivable_cost"] == 0.27 and row["profit"] == pytest.approx(0.73)


def test_customer_profitability_with_costed_receivables():
    # margin 300 − cost to serve 250 − receivable cost 100 (already costed) − bad debt 40 = −90;
    # the annual rate does not enter.
    acc = pd.DataFrame({"customer": ["A"], "revenue": [1000.0], "margin": [300.0], "cost_to_serve": [250.0],
                        "receivable_cost": [100.0], "bad_debt": [40.0]})
    for rate in (0.0, 0.5):
        assert value.customer_profitability(acc, rate)["profit"].tolist() == [-90.0]


def test_profitability_both_column_forms_named():
    with pytest.raises(CRMInputError, match="margin"):
        value.customer_profitability(accounts().assign(margin=1.0))
    with pytest.raises(CRMInputError, match="receivable_yuan_days"):
        value.customer_profitability(accounts().assign(receivable_yuan_days=1.0))
    with pytest.raises(CRMInputError, match="receivable_cost"):
        value.customer_profitability(ledger_accounts().assign(receivable_cost=1.0))


def test_profitability_negative_bad_debt_named():
    with pytest.raises(CRMInputError, match="bad_debt"):
        value.customer_profitability(ledger_accounts().assign(bad_debt=-1.0))


# --- CLV -----------------------------------------------------------------------------------

# Gupta & Lehmann (2003), Journal of Interactive Marketing 17(1), Table 1: margin multiples.
GUPTA_LEHMANN_TABLE = {
    0.6: [1.20, 1.15, 1.11, 1.07],
    0.7: [1.75, 1.67, 1.59, 1.52],
    0.8: [2.67, 2.50, 2.35, 2.22],
    0.9: [4.50, 4.09, 3.75, 3.46],
}


def test_margin_multiple_table_matches_gupta_lehmann():
    table = value.margin_multiple_table().round(2)
    assert list(table.columns) == [0.10, 0.12, 0.14, 0.16]
    for r, row in GUPTA_LEHMANN_TABLE.items():
        assert table.loc[r].tolist() == row


def test_clv_hand_calculation():
    # m = 100, r = 0.8, i = 0.1: 100 · 0.8 / 0.3 = 266.67.
    assert value.clv(100, 0.8, 0.1) == pytest.approx(800 / 3)
    # Finite horizon, 3 years, r = 0.5, i = 0: 100·(0.5 + 0.25 + 0.125) = 87.5.
    assert value.clv(100, 0.5, 0.0, years=3) == pytest.approx(87.5)
    # r = 1, i = 0 over 4 years: margin every year, 400.
    assert value.clv(100, 1.0, 0.0, years=4) == pytest.approx(400.0)


@given(
    st.floats(0, 1), st.floats(0.01, 1), st.floats(-1000, 1000, allow_nan=False), st.integers(1, 60)
)
@settings(max_examples=80, deadline=None)
def test_finite_clv_approaches_infinite_and_matches_table(r, i, m, years):
    finite = value.clv(m, r, i, years=years)
    table = value.clv_by_year(m, r, i, years)
    assert finite == pytest.approx(float(table["cumulative_clv"].iloc[-1]), rel=1e-9, abs=1e-9)
    infinite = value.clv(m, r, i)
    # |finite| never exceeds |infinite|, and the gap is the discounted tail q^T · infinite.
    q = r / (1 + i)
    assert finite == pytest.approx(infinite * (1 - q**years), rel=1e-9, abs=1e-9)


@given(st.floats(0, 0.98), st.floats(0, 1))
@settings(max_examples=60, deadline=None)
def test_margin_multiple_increases_with_retention(r, i):
    assert value.margin_multiple(min(r + 0.01, 1.0), i) > value.margin_multiple(r, i)


def test_clv_diverges_named():
    with pytest.raises(CRMInputError, match="retention = 1.0"):
        value.margin_multiple(1.0, 0.0)


def test_clv_rate_outside_range_named():
    with pytest.raises(CRMInputError, match="retention"):
        value.clv(100, 1.2, 0.1)
    with pytest.raises(CRMInputError, match="discount"):
        value.clv(100, 0.8, -0.1)


def test_clv_bad_years_named():
    with pytest.raises(CRMInputError, match="years"):
        value.clv(100, 0.8, 0.1, years=0)
    with pytest.raises(CRMInputError, match="years"):
        value.clv_by_year(100, 0.8, 0.1, years=2.5)


def test_clv_view_text_and_lines():
    fig, text = clv_view(100, 0.9, 0.12, 5)
    assert "4.09" in text  # Gupta & Lehmann Table 1
    assert "409.1" in text
    assert len(fig.axes[0].patches) == 5


# --- dashboards ---------------------------------------------------------------------------

def test_delivered_value_dashboard_wiring():
    from crmlib.widgets.value import delivered_value_dashboard

    dash = delivered_value_dashboard()
    assert "Vc = Fc − Cc = 20.0" in dash.result[1]  # defaults: 100 − 80
    dash.controls["money"].value = 70.0  # cost rises by 20: Vc falls to 0
    assert "Vc = Fc − Cc = 0.0" in dash.result[1]
    dash.controls["image"].value = 25.0  # value rises by 15
    assert "Vc = Fc − Cc = 15.0" in dash.result[1]


def test_clv_dashboard_wiring():
    from crmlib.widgets.value import clv_dashboard

    dash = clv_dashboard()
    assert "= 2.67" in dash.result[1]  # r = 0.8, i = 0.10: 0.8 / 0.3
    dash.controls["retention"].value = 0.9
    dash.controls["discount"].value = 0.12
    assert "= 4.09" in dash.result[1]  # Gupta & Lehmann Table 1
    dash.controls["margin"].value = 200.0
    assert "818.2" in dash.result[1]  # 200 × 0.9 / 0.22


def test_p_alive_dashboard_wiring():
    from crmlib.widgets.value import p_alive_dashboard

    dash = p_alive_dashboard()
    before = dash.result[1]
    dash.controls["recency"].value = 10.0  # last purchase long ago: lower P(alive)
    after = dash.result[1]
    assert after != before
    p_before = float(before.split("P(alive) = ")[1][:4])
    p_after = float(after.split("P(alive) = ")[1][:4])
    assert p_after < p_before
