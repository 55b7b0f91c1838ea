"""Tests of the D-manager case: crmlib.cases.d_manager (ledger, analysis, model), its synthetic ledger and its dashboard."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlib.compute import churn, concentration, value
from crmlib import datasets, i18n
from crmlib.cases.d_manager import analysis as a
from crmlib.cases.d_manager import model as d
from crmlib.cases.d_manager.views import turnaround_view
from crmlib.figures.theme import use_theme
from crmlib.datasets.synth import d_manager as synth
from crmlib.validation import CRMInputError
from crmlib.cases.d_manager.widgets import turnaround_dashboard


@pytest.fixture(autouse=True)
def english(en):
    use_theme()  # the Chinese font, as crmlib.setup() does in a notebook
    yield
    plt.close("all")


RATES = d.CostRates(visit=100.0, call=10.0, order=5.0, interest=0.0365, overhead=1000.0)


def hand_orders() -> pd.DataFrame:
    """A hand-made ledger for 2024H1: a key account K, a small slow payer S, a silent customer L."""
    rows = [
        # customer, order date, amount, units, margin, due date, paid after days, status
        ("K", "2024-01-01", 10000.0, 100, 1000.0, "2024-01-31", 30, "paid"),
        ("K", "2024-01-21", 10000.0, 100, 1000.0, "2024-02-20", 30, "paid"),
        ("K", "2024-02-10", 10000.0, 100, 1000.0, "2024-03-11", 30, "paid"),
        ("S", "2024-03-01", 1000.0, 5, 180.0, "2024-04-30", None, "written_off"),
        ("S", "2024-05-31", 2000.0, 10, 360.0, "2024-07-30", None, "open"),
        ("L", "2024-01-01", 5000.0, 40, 500.0, "2024-01-31", 10, "paid"),
        ("L", "2024-01-11", 5000.0, 40, 500.0, "2024-02-10", 10, "paid"),
        ("L", "2024-01-21", 5000.0, 40, 500.0, "2024-02-20", 10, "paid"),
    ]
    return pd.DataFrame(
        rows,
        columns=["customer_id", "order_date", "amount", "units", "gross_margin", "due_date", "paid_after_days", "status"],
    )


def cycles(orders: pd.DataFrame, as_of: str) -> pd.DataFrame:
    """Chapter 8's purchase cycles of an orders table (the case has no cycle function of its own)."""
    return churn.purchase_cycles(orders, as_of, date="order_date")


def hand_service() -> pd.DataFrame:
    return pd.DataFrame(
        {"customer_id": ["K", "S", "L"], "period": ["2024H1"] * 3, "sales_visits": [2, 3, 0], "service_calls": [4, 10, 0]}
    )


# --- profitability: known values --------------------------------------------------------------

def test_profitability_by_hand():
    p = a.profit_table(hand_orders(), hand_service(), "2024H1", RATES)
    # K: margin 3000; cost to serve 2*100 + 4*10 + 3 orders*5 = 255;
    #    receivables 3 orders x 10000 x 30 days = 900,000 yuan-days -> /365 * 3.65% = 90.
    assert p.loc["K", "gross_margin"] == pytest.approx(3000)
    assert p.loc["K", "cost_to_serve"] == pytest.approx(255)
    assert p.loc["K", "receivable_cost"] == pytest.approx(90)
    assert p.loc["K", "profit"] == pytest.approx(3000 - 255 - 90)
    # S: margin 540; cost 3*100 + 10*10 + 2*5 = 410; bad debt 1000 (the written-off order);
    #    owed to 30 June: 1000 x 122 days (1 Mar -> 1 Jul, 2024 is a leap year) + 2000 x 31 days
    #    = 184,000 yuan-days -> 18.40; overdue at 30 June: the 1000 order (due 30 April).
    assert p.loc["S", "cost_to_serve"] == pytest.approx(410)
    assert p.loc["S", "bad_debt"] == pytest.approx(1000)
    assert p.loc["S", "receivable_cost"] == pytest.approx(18.40)
    assert p.loc["S", "overdue"] == pytest.approx(1000)
    assert p.loc["S", "profit"] == pytest.approx(540 - 410 - 18.40 - 1000)
    # average receivable over the 182 days of 2024H1
    assert p.loc["S", "avg_receivable"] == pytest.approx(184000 / 182)
    total = a.company_profit(p, RATES)
    assert total["profit"] == pytest.approx(p["profit"].sum() - 1000)


def test_profitability_year_equals_sum_of_halves_for_flows():
    o, s = hand_orders(), hand_service()
    year = a.profit_table(o, s, "2024", RATES)
    h1 = a.profit_table(o, s, "2024H1", RATES)
    h2 = a.profit_table(o, s, "2024H2", RATES)
    for col in ["sales", "gross_margin", "cost_to_serve", "bad_debt", "receivable_cost"]:
        assert year[col].sum() == pytest.approx(h1[col].sum() + h2[col].sum(), abs=0.02)


def test_accounts_from_ledger_by_hand():
    acc = a.accounts_from_ledger(hand_orders(), hand_service(), "2024H1", RATES)
    # K: 3 orders x 10,000 yuan x 30 days = 900,000 yuan-days; L: 3 x 5,000 x 10 = 150,000;
    # S: 1,000 x 122 days + 2,000 x 31 days = 184,000 (as in test_profitability_by_hand).
    assert acc["receivable_yuan_days"].to_dict() == pytest.approx({"K": 900_000, "L": 150_000, "S": 184_000})
    assert acc.loc["K", "avg_receivable"] == pytest.approx(900_000 / 182)  # 182 days in 2024H1
    # L: no visits, no calls, 3 orders x 5 = 15 yuan to serve; nothing overdue, no bad debt.
    assert acc.loc["L", ["cost_to_serve", "overdue", "bad_debt"]].tolist() == [15.0, 0.0, 0.0]
    assert acc.loc["S", ["sales", "units", "orders"]].tolist() == [3000.0, 15.0, 2.0]


def test_profit_table_is_the_chapter_arithmetic():
    # One definition: the case's profit is chapter 4's customer_profitability of its accounts.
    acc = a.accounts_from_ledger(hand_orders(), hand_service(), "2024H1", RATES)
    chapter = value.customer_profitability(
        pd.DataFrame({"customer": acc.index, "revenue": acc["sales"], "margin": acc["gross_margin"],
                      "cost_to_serve": acc["cost_to_serve"], "receivable_yuan_days": acc["receivable_yuan_days"],
                      "bad_debt": acc["bad_debt"]}).reset_index(drop=True),
        RATES.interest,
    ).set_index("customer")
    case = a.profit_table(hand_orders(), hand_service(), "2024H1", RATES)
    # K: 3000 - 255 - 900,000 x 0.0365 / 365 (= 90) - 0 = 2655
    assert case.loc["K", "profit"] == pytest.approx(2655)
    assert case["profit"].to_dict() == pytest.approx(chapter["profit"].to_dict())


def test_accounts_from_ledger_bad_period_named():
    with pytest.raises(CRMInputError, match="period"):
        a.accounts_from_ledger(hand_orders(), hand_service(), "2024-H1", RATES)


def test_detect_lost_needs_the_cycle_columns():
    cyc = cycles(hand_orders(), "2024-06-30").drop(columns="purchases")
    with pytest.raises(CRMInputError, match="purchases"):
        a.detect_lost(cyc)


def test_purchase_cycles_and_lost_by_hand():
    cyc = cycles(hand_orders(), "2024-06-30")
    # K: gaps 20, 20 -> cycle 20; last order 10 Feb -> 141 days of silence: 7.05 cycles.
    assert cyc.loc["K", "cycle_days"] == 20
    assert cyc.loc["K", "days_since"] == 141
    # L: gaps 10, 10; silent since 21 Jan = 161 days.
    assert cyc.loc["L", "gap_ratio"] == pytest.approx(16.1)
    lost = a.detect_lost(cyc, tolerance=2.0)
    assert lost.to_dict() == {"K": True, "L": True, "S": False}  # S has only 2 orders
    # With a tolerance of 10 cycles only L (16.1) is flagged.
    assert a.detect_lost(cyc, tolerance=10).to_dict() == {"K": False, "L": True, "S": False}


def test_classify_by_hand():
    crit = pd.DataFrame(
        {"sales": [30000.0, 3000.0, 15000.0], "units": [300.0, 15.0, 120.0],
         "overdue": [0.0, 2000.0, 0.0], "cycle_days": [20.0, 90.0, 10.0]},
        index=["K", "S", "L"],
    )
    out = a.classify(crit, top_share=0.34)
    # min-max by hand: sales [1, 0, 12/27], units [1, 0, 105/285], overdue (lower) [1, 0, 1],
    # cycle (lower) [70/80, 0, 1]; score = .4 s + .2 u + .2 o + .2 c.
    expected = [0.4 + 0.2 + 0.2 + 0.2 * 70 / 80, 0.0, 0.4 * 12 / 27 + 0.2 * 105 / 285 + 0.2 + 0.2]
    assert out["score"].tolist() == pytest.approx(expected)
    assert out["tier"].tolist() == ["top", "rest", "rest"]  # round(3 * 0.34) = 1 customer


def test_criteria_table_adds_bad_debt_and_fills_cycle():
    pt = a.profit_table(hand_orders(), hand_service(), "2024H1", RATES)
    cyc = cycles(hand_orders(), "2024-06-30")
    crit = a.criteria_table(pt, cyc)
    assert crit.loc["S", "overdue"] == pytest.approx(1000 + 1000)  # overdue 1000 + bad debt 1000
    # S has 2 orders, one gap of 91 days, so its cycle is 91, the longest.
    assert crit.loc["S", "cycle_days"] == 91


# --- the story --------------------------------------------------------------------------------

def test_default_parameters_reproduce_the_story():
    table = d.turnaround()
    # Year one: sales grow, profit falls (the finance manager's year-end report).
    assert table.loc["2024", "sales"] > table.loc["2023", "sales"]
    assert table.loc["2024", "profit"] < table.loc["2023", "profit"]
    # The costs the case names all rise: cost to serve (more staff) and bad debt.
    assert table.loc["2024", "cost_to_serve"] > 2 * table.loc["2023", "cost_to_serve"]
    assert table.loc["2024", "bad_debt"] > table.loc["2023", "bad_debt"]
    # Half a year of the new policy: profit recovers, well above the status quo and 2024H2.
    new, old = table.loc["2025H1 policy", "profit"], table.loc["2025H1 status quo", "profit"]
    assert new > old and new > table.loc["2024H2", "profit"] * 2


def test_ledger_shows_pareto_and_whale():
    ledger = d.load_ledger()
    pt = a.profit_table(ledger["orders"], ledger["service"], "2024")
    pt = pt[pt["orders"] > 0]
    # Kaplan & Cooper (1998): the most profitable ~20% of customers earn well over 100% of
    # profit; the small new customers should make the whale curve rise above 100% here.
    assert concentration.whale_summary(pt["profit"])["peak_share"] > 1.2
    assert concentration.top_share(pt["sales"], 0.2) > 0.6


def test_detection_finds_the_key_customers_who_left():
    ledger = d.load_ledger()
    truth = ledger["customers"].set_index("customer_id")["left_2024"]
    lost = a.detect_lost(cycles(ledger["orders"], "2024-12-31"))
    flagged = lost[lost].index
    # every customer who really left is flagged; false alarms stay few
    assert set(truth[truth].index) <= set(flagged)
    assert len(flagged) <= 1.5 * truth.sum()


def test_policy_totals_by_hand_when_effects_are_switched_off():
    prepared = d._default_prepared()
    base = prepared.base
    x = 1000.0
    pol = d.Policy(top_service_cost=x, standard_service_cost=x, top_uplift=0.0, rest_attrition=0.0,
                   credit_control=0.0, winback_rate=0.0, winback_cost=0.0)
    sim = d.simulate_policy(prepared, pol)
    # everyone pays the same flat service cost x plus the order cost: independent sum
    expected = (base["gross_margin"].sum() - len(base) * x - base["orders"].sum() * prepared.rates.order
                - base["receivable_cost"].sum() - base["bad_debt"].sum())
    got = sim.loc[("policy", "top"), "profit"] + sim.loc[("policy", "rest"), "profit"]
    assert got == pytest.approx(expected)
    assert sim.loc[("policy", "won_back"), "profit"] == 0
    assert sim.loc["policy", "customers"].iloc[:2].sum() == len(base)


@given(st.floats(0, 1), st.floats(0, 1))
@settings(max_examples=15, deadline=None)
def test_more_winback_success_never_hurts(a, b):
    lo, hi = sorted((a, b))
    p_lo = d.turnaround(policy=d.Policy(winback_rate=lo)).loc["2025H1 policy", "profit"]
    p_hi = d.turnaround(policy=d.Policy(winback_rate=hi)).loc["2025H1 policy", "profit"]
    assert p_hi >= p_lo - 1e-6


@given(st.floats(0, 3000), st.floats(0, 3000))
@settings(max_examples=15, deadline=None)
def test_dearer_standard_service_lowers_profit(a, b):
    lo, hi = sorted((a, b))
    p_lo = d.turnaround(policy=d.Policy(standard_service_cost=lo)).loc["2025H1 policy", "profit"]
    p_hi = d.turnaround(policy=d.Policy(standard_service_cost=hi)).loc["2025H1 policy", "profit"]
    assert p_hi <= p_lo + 1e-6


# --- synthetic data ---------------------------------------------------------------------------

def test_csv_files_are_byte_stable():
    for table in synth.TABLES:
        assert datasets.to_csv_bytes(table.generate()) == table.path.read_bytes(), table.file
        assert table.path.stat().st_size < 3_000_000


def test_generator_is_seeded():
    a = synth.generate(seed=5, n_key=3, n_old=5, n_new=10)
    b = synth.generate(seed=5, n_key=3, n_old=5, n_new=10)
    c = synth.generate(seed=6, n_key=3, n_old=5, n_new=10)
    assert a["orders"].equals(b["orders"])
    assert not a["orders"].equals(c["orders"])


def test_loaders_check_the_files():
    ledger = d.load_ledger()
    assert len(ledger["customers"]) == 24 + 96 + 400
    assert set(ledger["orders"]["customer_id"]) <= set(ledger["customers"]["customer_id"])


# --- bad input --------------------------------------------------------------------------------

def test_missing_column():
    with pytest.raises(CRMInputError, match="missing column.*gross_margin"):
        a.profit_table(hand_orders().drop(columns="gross_margin"), hand_service(), "2024H1")


def test_negative_amount():
    o = hand_orders()
    o.loc[0, "amount"] = -10.0
    with pytest.raises(CRMInputError, match="column amount.*negative"):
        a.profit_table(o, hand_service(), "2024H1")


def test_negative_receivable_days():
    o = hand_orders()
    o.loc[0, "paid_after_days"] = -3
    with pytest.raises(CRMInputError, match="paid_after_days.*negative"):
        a.profit_table(o, hand_service(), "2024H1")


def test_bad_date():
    o = hand_orders()
    o.loc[1, "order_date"] = "2024-02-30"
    with pytest.raises(CRMInputError, match="order_date.*2024-02-30"):
        cycles(o, "2024-06-30")


def test_unknown_status():
    o = hand_orders()
    o.loc[2, "status"] = "lost"
    with pytest.raises(CRMInputError, match="status.*'lost'"):
        a.profit_table(o, hand_service(), "2024H1")


def test_empty_orders():
    with pytest.raises(CRMInputError, match="orders is empty"):
        a.profit_table(hand_orders().iloc[:0], hand_service(), "2024H1")


def test_negative_service_count():
    s = hand_service()
    s.loc[0, "service_calls"] = -1
    with pytest.raises(CRMInputError, match="service_calls.*negative"):
        a.profit_table(hand_orders(), s, "2024H1")


def test_bad_period():
    with pytest.raises(CRMInputError, match="period"):
        a.profit_table(hand_orders(), hand_service(), "2024Q1")


def test_weights_not_summing_to_one():
    with pytest.raises(CRMInputError, match="weights must sum to 1"):
        d.simulate_policy(policy=d.Policy(weights={"sales": 0.5, "units": 0.2, "overdue": 0.2, "cycle_days": 0.2}))


def test_negative_weight():
    with pytest.raises(CRMInputError, match=r"weights\['units'\]"):
        d.simulate_policy(policy=d.Policy(weights={"sales": 1.2, "units": -0.2}))


def test_rate_outside_unit_interval():
    with pytest.raises(CRMInputError, match="winback_rate"):
        d.simulate_policy(policy=d.Policy(winback_rate=1.5))
    with pytest.raises(CRMInputError, match="top_share"):
        d.simulate_policy(policy=d.Policy(top_share=-0.1))
    with pytest.raises(CRMInputError, match="rates.interest"):
        a.profit_table(hand_orders(), hand_service(), "2024H1", d.CostRates(interest=8.0))


def test_negative_cost():
    with pytest.raises(CRMInputError, match="standard_service_cost"):
        d.simulate_policy(policy=d.Policy(standard_service_cost=-5))
    with pytest.raises(CRMInputError, match="rates.visit"):
        a.profit_table(hand_orders(), hand_service(), "2024H1", d.CostRates(visit=-1))


def test_negative_uplift():
    with pytest.raises(CRMInputError, match="top_uplift"):
        d.simulate_policy(policy=d.Policy(top_uplift=-0.5))


def test_profit_identity_on_the_ledger():
    # profit = gross margin - cost to serve - cost of receivables - bad debt, for every customer
    ledger = d.load_ledger()
    for period in ("2023", "2024H1", "2024H2"):
        p = a.profit_table(ledger["orders"], ledger["service"], period)
        rebuilt = p["gross_margin"] - p["cost_to_serve"] - p["receivable_cost"] - p["bad_debt"]
        assert np.allclose(p["profit"], rebuilt)
        assert (p["cost_to_serve"] >= 0).all() and (p["receivable_cost"] >= 0).all()


def test_tolerance_must_be_positive():
    cyc = cycles(hand_orders(), "2024-06-30")
    with pytest.raises(CRMInputError, match="tolerance"):
        a.detect_lost(cyc, tolerance=0)


def test_view_refuses_all_zero_weights():
    with pytest.raises(CRMInputError, match="weights"):
        turnaround_view(w_sales=0, w_units=0, w_overdue=0, w_cycle=0)
    with pytest.raises(CRMInputError, match="w_sales"):
        turnaround_view(w_sales=-0.1)


# --- the dashboard ---------------------------------------------------------------------------

def profits_in(text: str) -> tuple[float, float]:
    # "... status quo 18.2, new policy 110.4 (difference ...": pick the two numbers
    after = text.split("status quo ")[1]
    sq = float(after.split(",")[0])
    new = float(after.split("new policy ")[1].split(" ")[0])
    return sq, new


def test_view_pure_function():
    fig, text = turnaround_view()
    table = d.turnaround()
    sq, new = profits_in(text)
    assert sq == pytest.approx(table.loc["2025H1 status quo", "profit"] / 1e4, abs=0.06)
    assert new == pytest.approx(table.loc["2025H1 policy", "profit"] / 1e4, abs=0.06)
    assert len(fig.axes) == 1 and len(fig.axes[0].patches) == 6


def test_view_rescales_weights():
    # weights 2, 1, 1, 1 are the same as 0.4, 0.2, 0.2, 0.2
    assert turnaround_view(2, 1, 1, 1)[1] == turnaround_view(0.4, 0.2, 0.2, 0.2)[1]


def test_dashboard_wiring():
    dash = turnaround_dashboard()
    assert set(dash.controls) == {"w_sales", "w_units", "w_overdue", "w_cycle", "top_share",
                                  "top_service_cost", "standard_service_cost", "winback_rate"}
    sq0, new0 = profits_in(dash.result[1])
    dash.controls["standard_service_cost"].value = 3000.0
    sq1, new1 = profits_in(dash.result[1])
    assert sq1 == sq0 and new1 < new0  # dearer standard service: lower profit under the policy
    dash.controls["winback_rate"].value = 1.0
    sq2, new2 = profits_in(dash.result[1])
    assert new2 > new1
    dash.controls["w_sales"].value = 1.0
    assert "1.00" not in dash.result[1] or dash.result[1] != turnaround_view()[1]
    assert dash.result[1] == turnaround_view(**dash.values())[1]


def test_dashboard_labels_are_translated():
    i18n.set_language("zh-CN")
    dash = turnaround_dashboard()
    assert dash.controls["winback_rate"].description == "流失重点客户挽回成功率"
    assert "新政策" in dash.result[1]


def test_localized_headers_exist_for_every_output_column():
    ledger = d.load_ledger()
    pt = a.profit_table(ledger["orders"], ledger["service"], "2024")
    cyc = cycles(ledger["orders"], "2024-12-31")
    for frame in (pt, cyc, d.turnaround(), d.simulate_policy().reset_index()):
        i18n.localize(frame, "d_manager.col")  # raises if a header has no catalogue entry
    assert np.isfinite(pt["profit"]).all()
