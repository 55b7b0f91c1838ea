"""Tests for crmlib.compute.churn (alerts, churn model, gains, AUC, survival, win-back) and the churn data."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from crmlib.compute import churn
from crmlib.figures.churn import gains_chart
from crmlib.views.churn import winback_view
from crmlib import datasets, i18n
from crmlib.datasets.synth import churn as synth_churn
from crmlib.validation import CRMInputError


@pytest.fixture(autouse=True)
def _english(en):
    from crmlib.figures.theme import use_theme

    use_theme()
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture(scope="module")
def customers() -> pd.DataFrame:
    return datasets.load_churn_customers()


# Gehan (1965) / Freireich et al. (1963) leukaemia remission data, 6-MP arm (0 = censored) and
# placebo arm: the textbook example of Kleinbaum & Klein, Survival Analysis (3rd ed., 2012), ch. 2.
SIX_MP = [(6, 1), (6, 1), (6, 1), (6, 0), (7, 1), (9, 0), (10, 1), (10, 0), (11, 0), (13, 1), (16, 1),
          (17, 0), (19, 0), (20, 0), (22, 1), (23, 1), (25, 0), (32, 0), (32, 0), (34, 0), (35, 0)]
PLACEBO = [1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23]


def gehan() -> pd.DataFrame:
    rows = [(t, e, "6-MP") for t, e in SIX_MP] + [(t, 1, "placebo") for t in PLACEBO]
    return pd.DataFrame(rows, columns=["tenure_months", "churned", "arm"])


# --- alerts -----------------------------------------------------------------------------------

def tx() -> pd.DataFrame:
    return pd.DataFrame({
        "customer_id": ["A", "A", "A", "B", "B", "C", "D", "D"],
        "date": ["2024-01-01", "2024-01-11", "2024-01-21", "2024-01-01", "2024-01-31",
                 "2024-01-20", "2024-01-01", "2024-03-30"],
    })


def test_purchase_cycles_by_hand():
    # As of 2024-02-10 (D's purchase on 03-30 is later, so ignored):
    # A: gaps 10, 10 → cycle 10; last 01-21 → 20 days silent, ratio 2.0.
    # B: one gap of 30 days; last 01-31 → 10 days, ratio 1/3. C, D: one purchase, no cycle.
    cyc = churn.purchase_cycles(tx(), "2024-02-10")
    assert cyc.index.tolist() == ["A", "B", "C", "D"]
    assert cyc.loc["A", ["purchases", "cycle_days", "days_since", "gap_ratio"]].tolist() == [3, 10.0, 20, 2.0]
    assert cyc.loc["B", "gap_ratio"] == pytest.approx(1 / 3)
    assert cyc.loc["A", "first_purchase"] == pd.Timestamp("2024-01-01")
    assert cyc.loc["D", "purchases"] == 1 and pd.isna(cyc.loc["D", "cycle_days"]) and pd.isna(cyc.loc["D", "gap_ratio"])


def test_purchase_cycles_count_a_day_once():
    # Two orders on 1 January and one on 11 January: 3 purchases, but one gap of 10 days (not 0 and 10).
    frame = pd.DataFrame({"customer_id": ["A"] * 3, "date": ["2024-01-01", "2024-01-01", "2024-01-11"]})
    cyc = churn.purchase_cycles(frame, "2024-01-31")
    assert cyc.loc["A", "purchases"] == 3 and cyc.loc["A", "cycle_days"] == 10.0


def test_alerts_use_the_purchase_cycles():
    a = churn.purchase_gap_alerts(tx(), "2024-02-10").set_index("customer_id")
    cyc = churn.purchase_cycles(tx(), "2024-02-10")
    assert a.loc["A", "gap_ratio"] == cyc.loc["A", "gap_ratio"]
    assert (a["days_since"].sort_index() == cyc["days_since"]).all()


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: churn.purchase_cycles(tx().drop(columns="customer_id"), "2024-02-10"), "customer_id"),
        (lambda: churn.purchase_cycles(tx(), "2024-02-10", date="order_date"), "order_date"),
        (lambda: churn.purchase_cycles(tx(), "someday"), "as_of"),
        (lambda: churn.purchase_cycles(tx(), "2023-12-31"), "transactions"),
    ],
)
def test_purchase_cycles_bad_input(call, name):
    with pytest.raises(CRMInputError, match=name):
        call()


def test_alerts_by_hand():
    # As of 2024-02-10 (D's purchase on 03-30 is later, so ignored):
    # A buys every 10 days, last 01-21: 20 days silent, ratio 2.0 → yellow (1.5 ≤ 2.0 < 2.5).
    # B: one gap of 30 days, last 01-31: 10 days, ratio 0.33 → green.
    # C: one purchase, so the cycle is the median of the others' cycles, median(10, 30) = 20 days;
    #    last 01-20: 21 days, ratio 1.05 → green.
    # D: one purchase before as_of, cycle 20, last 01-01: 40 days, ratio 2.0 → yellow.
    a = churn.purchase_gap_alerts(tx(), "2024-02-10").set_index("customer_id")
    assert a.loc["A", "cycle_days"] == 10 and a.loc["A", "days_since"] == 20 and a.loc["A", "level"] == "yellow"
    assert a.loc["B", "level"] == "green" and a.loc["B", "cycle_days"] == 30
    assert a.loc["C", "cycle_days"] == 20 and a.loc["C", "level"] == "green"
    assert a.loc["D", "purchases"] == 1 and a.loc["D", "days_since"] == 40 and a.loc["D", "level"] == "yellow"


def test_alerts_with_a_fixed_cycle_and_order():
    # Cycle 7 days for all, as of 2024-02-10: A 20/7 = 2.86 red; B 10/7 = 1.43 green;
    # C 21/7 = 3.0 red; D 40/7 = 5.71 red. Red first, longest silence first.
    a = churn.purchase_gap_alerts(tx(), "2024-02-10", cycle=7)
    assert a["customer_id"].tolist() == ["D", "C", "A", "B"]
    assert a["level"].tolist() == ["red", "red", "red", "green"]


@settings(max_examples=40, deadline=None)
@given(days=st.lists(st.integers(0, 300), min_size=2, max_size=30), cycle=st.floats(1, 60))
def test_alert_levels_follow_the_ratio(days, cycle):
    frame = pd.DataFrame({"customer_id": [i % 4 for i in range(len(days))],
                          "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(days, unit="D")})
    a = churn.purchase_gap_alerts(frame, "2024-12-31", cycle=cycle, yellow=1.5, red=2.5)
    expect = np.where(a["gap_ratio"] >= 2.5, "red", np.where(a["gap_ratio"] >= 1.5, "yellow", "green"))
    assert (a["level"].to_numpy() == expect).all()
    assert (a["days_since"] >= 0).all()


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: churn.purchase_gap_alerts(tx().drop(columns="date"), "2024-02-10"), "date"),
        (lambda: churn.purchase_gap_alerts(tx().assign(date=["2024-01-01"] * 7 + ["2024-02-31"]), "2024-02-10"), "date"),
        (lambda: churn.purchase_gap_alerts(tx(), "not a day"), "as_of"),
        (lambda: churn.purchase_gap_alerts(tx(), "2024-02-10", cycle=-3), "cycle"),
        (lambda: churn.purchase_gap_alerts(tx(), "2024-02-10", yellow=2.0, red=1.5), "red"),
        (lambda: churn.purchase_gap_alerts(tx().iloc[:0], "2024-02-10"), "transactions"),
        (lambda: churn.purchase_gap_alerts(tx(), "2023-01-01"), "transactions"),
        (lambda: churn.purchase_gap_alerts(tx().iloc[[0, 3]], "2024-02-10"), "cycle"),
    ],
)
def test_alert_bad_input(call, name):
    with pytest.raises(CRMInputError, match=name):
        call()


# --- churn model ------------------------------------------------------------------------------

def two_by_two() -> pd.DataFrame:
    # Members: 10 of 40 churned; non-members: 30 of 60 churned.
    return pd.DataFrame({"member": [1] * 40 + [0] * 60,
                         "churned": [1] * 10 + [0] * 30 + [1] * 30 + [0] * 30})


def test_logit_odds_ratio_equals_the_2x2_table():
    # With one binary feature the Logit MLE reproduces the 2×2 table: OR = (10/30)/(30/30) = 1/3,
    # and its Wald interval is Woolf's: se = sqrt(1/10 + 1/30 + 1/30 + 1/30) = sqrt(0.2),
    # exp(ln(1/3) ± 1.959964·0.44721) = (0.13870, 0.80110).
    row = churn.odds_ratios(churn.fit_churn_model(two_by_two(), ["member"])).iloc[0]
    assert row["odds_ratio"] == pytest.approx(1 / 3, rel=1e-6)
    se = math.sqrt(0.2)
    assert row["ci_low"] == pytest.approx(math.exp(math.log(1 / 3) - 1.959964 * se), rel=1e-5)
    assert row["ci_high"] == pytest.approx(math.exp(math.log(1 / 3) + 1.959964 * se), rel=1e-5)
    # Predicted churn = the observed rate in each group: 10/40 and 30/60.
    p = churn.predict_churn(churn.fit_churn_model(two_by_two(), ["member"]), two_by_two())
    assert p.iloc[0] == pytest.approx(0.25) and p.iloc[-1] == pytest.approx(0.5)


def test_per_rescales_the_odds_ratio(customers):
    feats = ["complaints", "member", "visits_first_quarter", "monthly_spend"]
    one = churn.odds_ratios(churn.fit_churn_model(customers, feats)).set_index("feature")
    hundred = churn.odds_ratios(churn.fit_churn_model(customers, feats, per={"monthly_spend": 100})).set_index("feature")
    # exp(100·b) = exp(b)^100: the same model in other units.
    assert hundred.loc["monthly_spend", "odds_ratio"] == pytest.approx(one.loc["monthly_spend", "odds_ratio"] ** 100, rel=1e-6)
    assert hundred.loc["complaints", "odds_ratio"] == pytest.approx(one.loc["complaints", "odds_ratio"], rel=1e-6)


def test_model_finds_the_generator_directions(customers):
    # The generator (crmlib.datasets.synth.churn.EFFECTS) raises churn with complaints and lowers it with
    # membership, spend and visits: the fitted odds ratios must point the same way, significantly.
    ors = churn.odds_ratios(churn.fit_churn_model(
        customers, ["complaints", "member", "visits_first_quarter", "monthly_spend"], per={"monthly_spend": 100}
    )).set_index("feature")
    assert ors.loc["complaints", "ci_low"] > 1
    assert ors.loc["member", "ci_high"] < 1
    assert ors.loc["monthly_spend", "ci_high"] < 1
    assert (ors["ci_low"] <= ors["odds_ratio"]).all() and (ors["odds_ratio"] <= ors["ci_high"]).all()


def test_holdout_check(customers):
    out = churn.holdout_check(customers, ["complaints", "member", "visits_first_quarter", "monthly_spend"],
                              per={"monthly_spend": 100}, seed=8)
    assert out["n_train"] == 1400 and out["n_test"] == 600
    assert 0.6 < out["test_auc"] < 0.85  # better than chance (0.5), as the generator's effects imply
    assert out["gains"]["gain"].iloc[-1] == pytest.approx(1.0)
    assert out["gains"]["customers"].sum() == 600


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: churn.fit_churn_model(two_by_two(), ["age"]), "age"),
        (lambda: churn.fit_churn_model(two_by_two().drop(columns="churned"), ["member"]), "churned"),
        (lambda: churn.fit_churn_model(two_by_two().assign(churned=2), ["member"]), "churned"),
        (lambda: churn.fit_churn_model(two_by_two().assign(churned=0), ["member"]), "churned"),
        (lambda: churn.fit_churn_model(two_by_two().assign(member="yes"), ["member"]), "member"),
        (lambda: churn.fit_churn_model(two_by_two(), []), "features"),
        (lambda: churn.fit_churn_model(two_by_two().iloc[:0], ["member"]), "customers"),
        (lambda: churn.fit_churn_model(two_by_two(), ["member"], per={"member": 0}), "per"),
        (lambda: churn.odds_ratios(churn.fit_churn_model(two_by_two(), ["member"]), alpha=5), "alpha"),
        (lambda: churn.split_holdout(two_by_two(), 1.0), "test_share"),
        (lambda: churn.split_holdout(two_by_two(), 0.3, seed=-1), "seed"),
    ],
)
def test_model_bad_input(call, name):
    with pytest.raises(CRMInputError, match=name):
        call()


# --- AUC and gains ----------------------------------------------------------------------------

def test_auc_by_hand_and_against_scipy():
    # Hand: churners score 0.35 and 0.8, stayers 0.1 and 0.4; of the 4 churner–stayer pairs the
    # churner wins 3 (0.35>0.1, 0.8>0.1, 0.8>0.4) → 0.75.
    assert churn.auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75
    # Independent: scipy's Mann–Whitney U of churners vs stayers, divided by n1·n0.
    rng = np.random.default_rng(3)
    y = rng.integers(0, 2, 200)
    s = np.round(rng.normal(size=200) + y, 1)  # rounding makes ties
    u = stats.mannwhitneyu(s[y == 1], s[y == 0]).statistic
    assert churn.auc(y, s) == pytest.approx(u / ((y == 1).sum() * (y == 0).sum()))


@settings(max_examples=50, deadline=None)
@given(data=st.lists(st.tuples(st.integers(0, 1), st.integers(-50, 50)), min_size=4, max_size=60))
def test_auc_properties(data):
    y = [d[0] for d in data]
    s = [d[1] for d in data]
    if len(set(y)) < 2:
        return
    a = churn.auc(y, s)
    assert 0 <= a <= 1
    assert a + churn.auc(y, [-x for x in s]) == pytest.approx(1.0)  # reversing the score mirrors it
    assert churn.auc(y, np.exp(np.array(s) / 10)) == pytest.approx(a)  # only the order matters


def test_gains_by_hand():
    # 10 customers sorted by score; churners at positions 1, 2, 4, 9 (4 of 10, rate 0.4).
    # 5 groups of 2: churners 2, 1, 0, 0, 1 → gain 0.5, 0.75, 0.75, 0.75, 1.0;
    # lift = group rate / 0.4: 1.0/0.4 = 2.5, 0.5/0.4 = 1.25, 0, 0, 1.25.
    g = churn.gains_table([1, 1, 0, 1, 0, 0, 0, 0, 1, 0], [.9, .8, .7, .6, .5, .4, .3, .2, .1, .05], groups=5)
    assert g["churners"].tolist() == [2, 1, 0, 0, 1]
    assert g["gain"].tolist() == pytest.approx([0.5, 0.75, 0.75, 0.75, 1.0])
    assert g["lift"].tolist() == pytest.approx([2.5, 1.25, 0, 0, 1.25])
    assert g["cum_lift"].iloc[0] == pytest.approx(2.5) and g["cum_lift"].iloc[-1] == pytest.approx(1.0)


@settings(max_examples=40, deadline=None)
@given(data=st.lists(st.tuples(st.integers(0, 1), st.floats(0, 1)), min_size=10, max_size=80), groups=st.integers(1, 10))
def test_gains_properties(data, groups):
    y = [d[0] for d in data]
    if sum(y) == 0:
        return
    g = churn.gains_table(y, [d[1] for d in data], groups=groups)
    assert g["customers"].sum() == len(y) and g["churners"].sum() == sum(y)
    assert g["gain"].is_monotonic_increasing and g["gain"].iloc[-1] == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: churn.auc([0, 1, 2], [0.1, 0.2, 0.3]), "y_true"),
        (lambda: churn.auc([0, 1], [0.1]), "score"),
        (lambda: churn.auc([1, 1], [0.1, 0.2]), "y_true"),
        (lambda: churn.auc([0, 1], [0.1, float("nan")]), "score[1]"),
        (lambda: churn.gains_table([0, 1, 1], [0.1, 0.2, 0.3], groups=0), "groups"),
        (lambda: churn.gains_table([0, 1, 1], [0.1, 0.2, 0.3], groups=5), "groups"),
        (lambda: churn.gains_table([0, 0, 0], [0.1, 0.2, 0.3], groups=2), "y_true"),
        (lambda: gains_chart(pd.DataFrame({"group": [1]})), "gain"),
    ],
)
def test_scoring_bad_input(call, name):
    with pytest.raises(CRMInputError, match=name.replace("[", r"\[").replace("]", r"\]")):
        call()


# --- survival ---------------------------------------------------------------------------------

def test_kaplan_meier_gehan_by_hand():
    # Product-limit by hand for the 6-MP arm: 18/21 = 0.8571; ·16/17 = 0.8067; ·14/15 = 0.7529;
    # ·11/12 = 0.6902; ·10/11 = 0.6275; ·6/7 = 0.5378; ·5/6 = 0.4482 (Kleinbaum & Klein, table 2.x).
    km = churn.kaplan_meier(gehan(), group="arm")
    mp = km[km["group"] == "6-MP"]
    assert mp["time"].tolist() == [0, 6, 7, 10, 13, 16, 22, 23]
    assert mp["at_risk"].tolist() == [21, 21, 17, 15, 12, 11, 7, 6]
    expect = np.cumprod([1, 18 / 21, 16 / 17, 14 / 15, 11 / 12, 10 / 11, 6 / 7, 5 / 6])
    assert mp["survival"].to_numpy() == pytest.approx(expect)
    # Log(−log) limits at t = 6 by hand: Greenwood se = S·sqrt(3/(21·18)) = 0.07636;
    # θ = ln(−ln 0.8571) = −1.8698, se_θ = 0.07636/(0.8571·0.15415) = 0.5780;
    # limits exp(−exp(θ ± 1.96·se_θ)) = 0.6195 and 0.9516.
    assert mp["ci_low"].iloc[1] == pytest.approx(0.6195, abs=5e-4)
    assert mp["ci_high"].iloc[1] == pytest.approx(0.9516, abs=5e-4)
    med = churn.median_survival(km)
    assert med["6-MP"] == 23 and med["placebo"] == 8  # placebo: 21 → 8 at risk...: S(8) = 8/21 < 0.5


def test_logrank_gehan_published():
    # Log-rank chi-square for the Gehan data: 16.79 on 1 df (Kleinbaum & Klein, ch. 2;
    # also R survdiff), p ≈ 4.2e-5.
    chi2, p = churn.logrank_test(gehan(), "arm")
    assert chi2 == pytest.approx(16.79, abs=0.01)
    assert p == pytest.approx(stats.chi2.sf(chi2, 1))


def test_members_survive_longer(customers):
    # The generator gives members a lower hazard (EFFECTS["member"] < 0).
    km = churn.kaplan_meier(customers, group="member")
    last = km.groupby("group")["survival"].last()
    assert last[1] > last[0]
    chi2, p = churn.logrank_test(customers, "member")
    assert p < 0.001


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(st.tuples(st.integers(1, 30), st.integers(0, 1)), min_size=1, max_size=50))
def test_kaplan_meier_properties(rows):
    km = churn.kaplan_meier(pd.DataFrame(rows, columns=["tenure_months", "churned"]))
    s = km["survival"].to_numpy()
    assert s[0] == 1.0 and (np.diff(s) <= 1e-12).all() and (s >= 0).all()
    # Without censoring the curve is the plain share still active.
    if all(e == 1 for _, e in rows):
        times = np.array([r[0] for r in rows])
        for tt, sv in zip(km["time"].iloc[1:], s[1:]):
            assert sv == pytest.approx((times > tt).mean())


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: churn.kaplan_meier(gehan().drop(columns="churned")), "churned"),
        (lambda: churn.kaplan_meier(gehan().assign(tenure_months=-1)), "tenure_months"),
        (lambda: churn.kaplan_meier(gehan().assign(churned=0.5)), "churned"),
        (lambda: churn.kaplan_meier(gehan(), group="region"), "region"),
        (lambda: churn.kaplan_meier(gehan().iloc[:0]), "customers"),
        (lambda: churn.logrank_test(gehan().assign(arm="x"), "arm"), "arm"),
    ],
)
def test_survival_bad_input(call, name):
    with pytest.raises(CRMInputError, match=name):
        call()


# --- win-back ---------------------------------------------------------------------------------

def test_winback_by_hand():
    # Expected gain p·value − cost: 0.5·1000 − 100 = 400; 0.1·2000 − 100 = 100; 0.3·200 − 100 = −40.
    lost = pd.DataFrame({"customer_id": [1, 2, 3], "p_winback": [0.5, 0.1, 0.3], "value": [1000, 2000, 200]})
    out = churn.winback_economics(lost, cost=100)
    assert out["expected_gain"].tolist() == [400, 100, -40]
    assert out["worth"].tolist() == [True, True, False]
    assert out["cumulative_gain"].tolist() == [400, 500, 460]
    # Per-customer costs from a column.
    out2 = churn.winback_economics(lost.assign(cost=[600, 50, 10]))
    assert dict(zip(out2["customer_id"], out2["expected_gain"])) == {1: -100, 2: 150, 3: 50}


def test_winback_candidates_by_hand():
    # p = 0.25 · 0.6^complaints · 1.4^member: 0.25·0.6·1.4 = 0.21; 0.25·0.36 = 0.09.
    # value = 0.3 · spend · 12: 0.3·500·12 = 1800; 0.3·100·12 = 360.
    df = pd.DataFrame({"customer_id": [1, 2, 3], "churned": [1, 1, 0], "complaints": [1, 2, 0],
                       "member": [1, 0, 1], "monthly_spend": [500.0, 100.0, 300.0]})
    c = churn.winback_candidates(df)
    assert c["p_winback"].tolist() == pytest.approx([0.21, 0.09])
    assert c["value"].tolist() == pytest.approx([1800, 360])


@settings(max_examples=40, deadline=None)
@given(cost=st.floats(0, 500), extra=st.floats(0.1, 500))
def test_higher_cost_never_adds_worthwhile_customers(cost, extra):
    lost = churn.winback_candidates(synth_churn.generate(n=200))
    assert churn.winback_economics(lost, cost=cost + extra)["worth"].sum() <= churn.winback_economics(lost, cost=cost)["worth"].sum()


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: churn.winback_economics(pd.DataFrame({"p_winback": [1.2], "value": [10]}), cost=1), "p_winback"),
        (lambda: churn.winback_economics(pd.DataFrame({"p_winback": [0.2], "value": [-10]}), cost=1), "value"),
        (lambda: churn.winback_economics(pd.DataFrame({"p_winback": [0.2], "value": [10]}), cost=-1), "cost"),
        (lambda: churn.winback_economics(pd.DataFrame({"p_winback": [0.2], "value": [10]})), "cost"),
        (lambda: churn.winback_economics(pd.DataFrame({"value": [10]}), cost=1), "p_winback"),
        (lambda: churn.expected_winback_gain(1.5, 10, 1), "p_winback"),
        (lambda: churn.winback_candidates(synth_churn.generate(n=50), base_rate=2), "base_rate"),
        (lambda: churn.winback_candidates(synth_churn.generate(n=50), margin=-0.1), "margin"),
        (lambda: churn.winback_candidates(synth_churn.generate(n=50).drop(columns="member")), "member"),
    ],
)
def test_winback_bad_input(call, name):
    with pytest.raises(CRMInputError, match=name):
        call()


def test_winback_view_and_dashboard(customers):
    from crmlib.widgets.churn import winback_dashboard

    fig, text = winback_view(150, customers=customers)
    n_lost = int(customers["churned"].sum())
    assert f"of {n_lost} lost customers" in text
    assert fig.axes[0].get_ylabel() == "Cumulative expected profit (yuan)"
    dash = winback_dashboard(customers)
    before = dash.result[1]
    worth_before = int(before.split(":")[1].split(" of ")[0])
    dash.controls["cost"].value = 400
    worth_after = int(dash.result[1].split(":")[1].split(" of ")[0])
    assert worth_after < worth_before  # dearer attempts: fewer customers worth it
    i18n.set_language("zh-CN")
    dash.controls["cost"].value = 100
    assert dash.result[1].startswith("值得挽回")


# --- data set ---------------------------------------------------------------------------------

def test_churn_data_file_is_the_generator_output():
    table = datasets.registry()["churn_customers"]
    assert table.path.read_bytes() == datasets.to_csv_bytes(table.generate())
    assert table.path.stat().st_size < 3_000_000


def test_churn_data_loads_and_is_censored_at_24(customers):
    assert customers.shape == (2000, 7)
    assert (customers.loc[customers["churned"] == 0, "tenure_months"] == 24).all()
    assert customers["customer_id"].is_unique


def test_generator_is_seeded():
    a, b = synth_churn.generate(seed=3, n=100), synth_churn.generate(seed=4, n=100)
    assert a.equals(synth_churn.generate(seed=3, n=100)) and not a.equals(b)
    with pytest.raises(CRMInputError, match="n"):
        synth_churn.generate(n=5)


def test_alert_check_by_hand():
    # Red: customers 1, 2 → 1 lost (0.5); yellow: 3 → lost (1.0); green: 4, 5 → none.
    # Leavers 1 and 3: red caught half of them, yellow the other half.
    a = pd.DataFrame({"customer_id": [1, 2, 3, 4, 5], "level": ["red", "red", "yellow", "green", "green"]})
    out = churn.alert_check(a, [1, 3])
    assert out["customers"].tolist() == [2, 1, 2]
    assert out["share_lost"].tolist() == pytest.approx([0.5, 1.0, 0.0])
    assert out["share_of_all_lost"].tolist() == pytest.approx([0.5, 0.5, 0.0])
    with pytest.raises(CRMInputError, match="level"):
        churn.alert_check(a.assign(level="orange"), [1])
    with pytest.raises(CRMInputError, match="customer_id"):
        churn.alert_check(a.drop(columns="customer_id"), [1])


# --- survival against statsmodels, p-values in the tail, model convergence (issues 15, 18) -------

def test_kaplan_meier_agrees_with_statsmodels(customers):
    # The numpy product-limit estimator equals statsmodels' SurvfuncRight: survival, at-risk
    # counts and Greenwood standard errors, curve by curve.
    from statsmodels.duration.survfunc import SurvfuncRight

    km = churn.kaplan_meier(customers, group="member")
    for g, part in km.groupby("group", sort=False):
        m = customers["member"] == g
        sf = SurvfuncRight(customers.loc[m, "tenure_months"].to_numpy(float), customers.loc[m, "churned"].to_numpy(float))
        assert part["time"].to_numpy()[1:] == pytest.approx(sf.surv_times)
        assert part["at_risk"].to_numpy()[1:] == pytest.approx(sf.n_risk)
        assert part["survival"].to_numpy()[1:] == pytest.approx(sf.surv_prob, rel=1e-12)
        s = part["survival"].to_numpy()[1:]
        n, d = part["at_risk"].to_numpy()[1:], part["events"].to_numpy()[1:]
        ok = n > d
        greenwood_se = s[ok] * np.sqrt(np.cumsum(d / (n * (n - d)))[ok])
        assert greenwood_se == pytest.approx(np.asarray(sf.surv_prob_se)[ok], rel=1e-9)


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 1), st.integers(0, 40)), min_size=1, max_size=60))
def test_kaplan_meier_paths_agree(rows):
    # kaplan_meier counts whole-number times on a grid, sorts other times, and with very many
    # groups estimates each on its own: all give the same table as one group at a time, with
    # the times as floats (issue 18).
    df = pd.DataFrame(rows, columns=["tenure_months", "churned", "g"])
    df["tenure_months"] //= df["g"] + 1  # short and long time ranges
    km = churn.kaplan_meier(df, group="g")
    assert list(km["group"].unique()) == list(df["g"].unique())
    for g, part in km.groupby("group", sort=False):
        alone = churn.kaplan_meier(df[df["g"] == g].astype({"tenure_months": float}))
        pd.testing.assert_frame_equal(part.drop(columns="group").reset_index(drop=True), alone.drop(columns="group"))


def test_kaplan_meier_many_groups():
    # 400 groups of 3 over 1,200 distinct times: too many grid cells, so each group is estimated
    # on its own grid; the curves equal those of each group alone.
    rng = np.random.default_rng(7)
    df = pd.DataFrame({"tenure_months": rng.permutation(1200), "churned": rng.integers(0, 2, 1200),
                       "g": np.repeat([f"c{i}" for i in range(400)], 3)})
    km = churn.kaplan_meier(df, group="g")
    assert km["group"].nunique() == 400 and km["group"].dtype == df["g"].dtype
    for g in ["c0", "c123", "c399"]:
        alone = churn.kaplan_meier(df[df["g"] == g])
        part = km[km["group"] == g].reset_index(drop=True)
        pd.testing.assert_frame_equal(part.drop(columns="group"), alone.drop(columns="group"))
        assert part["at_risk"].iloc[0] == 3 and part["survival"].iloc[0] == 1.0


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(st.tuples(st.floats(0, 100, allow_nan=False), st.integers(0, 1)), min_size=1, max_size=60))
def test_kaplan_meier_equals_statsmodels_property(rows):
    from statsmodels.duration.survfunc import SurvfuncRight

    df = pd.DataFrame(rows, columns=["tenure_months", "churned"])
    km = churn.kaplan_meier(df)
    if df["churned"].sum() == 0:
        assert km["survival"].tolist() == [1.0]
        return
    sf = SurvfuncRight(df["tenure_months"].to_numpy(float), df["churned"].to_numpy(float))
    assert km["survival"].to_numpy()[1:] == pytest.approx(sf.surv_prob, rel=1e-12)
    assert ((km["ci_low"] <= km["survival"] + 1e-12) & (km["survival"] <= km["ci_high"] + 1e-12) | km["ci_low"].isna()).all()


def test_logrank_p_value_from_the_survival_function(customers):
    # Issue 15: 1 − cdf rounds to exactly 0 for the member comparison; the chi-squared
    # survival function gives the tail probability itself (about 4.8e-27 for chi2 ≈ 116, 1 df).
    chi2, p = churn.logrank_test(customers, "member")
    assert 0 < p < 1e-20
    assert p == pytest.approx(stats.chi2.sf(chi2, 1), rel=1e-12)


def test_churn_model_perfect_separation_is_reported():
    # x separates churners (x >= 5) from stayers: the likelihood has no maximum, statsmodels'
    # Newton run ends unconverged; the fit says so and names the feature.
    df = pd.DataFrame({"spend": [1, 2, 3, 4, 5, 6, 7, 8], "churned": [0, 0, 0, 0, 1, 1, 1, 1]})
    with pytest.raises(CRMInputError, match="spend"):
        churn.fit_churn_model(df, ["spend"])


def test_churn_model_collinear_features_reported():
    df = pd.DataFrame({"a": [1, 2, 3, 4, 5, 6, 7, 8], "b": [2, 4, 6, 8, 10, 12, 14, 16],
                       "churned": [0, 1, 0, 1, 1, 0, 1, 0]})
    with pytest.raises(CRMInputError, match="a, b"):
        churn.fit_churn_model(df, ["a", "b"])


def test_churn_model_message_in_chinese(zh):
    df = pd.DataFrame({"spend": [1, 2, 3, 4, 5, 6, 7, 8], "churned": [0, 0, 0, 0, 1, 1, 1, 1]})
    with pytest.raises(CRMInputError, match="没有收敛"):
        churn.fit_churn_model(df, ["spend"])
