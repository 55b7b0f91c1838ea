"""Tests of the Dick's supermarket case: crmlib.cases.supermarket.model, .analysis and .views,
crmlib.datasets.synth.supermarket and its dashboard.

Known values are worked out by hand in the comments (the tiny basket tables are small enough to
check on paper); the Welch test is checked against the textbook formula computed with scipy.
"""

from __future__ import annotations

import math
import re

import matplotlib
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import stats

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from crmlib import datasets, i18n  # noqa: E402
from crmlib.cases.supermarket import analysis as sma  # noqa: E402
from crmlib.cases.supermarket import model as sm  # noqa: E402
from crmlib.cases.supermarket.figures import plot_hit_rates, plot_spend_distribution
from crmlib.cases.supermarket.views import campaign_view, localize_list
from crmlib.datasets.synth import supermarket as syn  # noqa: E402
from crmlib.validation import CRMInputError  # noqa: E402
from crmlib.cases.supermarket.widgets import supermarket_dashboard  # noqa: E402

CATS = syn.CATEGORIES


@pytest.fixture(autouse=True)
def english(en):
    yield
    plt.close("all")


def no_deals(week: int, **on_deal: float) -> pd.DataFrame:
    """A weekly ad for one week: every category at 0 % unless given."""
    return pd.DataFrame({"week": week, "category": CATS, "discount": [on_deal.get(c, 0.0) for c in CATS]})


def tiny_baskets() -> pd.DataFrame:
    """Household 1: dog food every week ($20), vegetables in weeks 1-3 ($5), meat once ($16, week 4).
    Household 2: $30, $20, nothing, $30 of dairy (average $20 a week over weeks 1-4)."""
    rows = [(1, w, "dog_food", 20.0) for w in (1, 2, 3, 4)]
    rows += [(1, w, "vegetables", 5.0) for w in (1, 2, 3)]
    rows += [(1, 4, "meat", 16.0)]
    rows += [(2, 1, "dairy", 30.0), (2, 2, "dairy", 20.0), (2, 4, "dairy", 30.0)]
    return pd.DataFrame(rows, columns=["household_id", "week", "category", "amount"])


# --- known values -------------------------------------------------------------------------------

def test_weekly_spend_by_hand():
    ws = sm.weekly_spend(tiny_baskets())
    # Household 1: 20+5, 20+5, 20+5, 20+16; household 2: 30, 20, 0 (no visit), 30.
    assert ws[ws.household_id == 1]["spend"].tolist() == [25.0, 25.0, 25.0, 36.0]
    assert ws[ws.household_id == 2]["spend"].tolist() == [30.0, 20.0, 0.0, 30.0]


def test_eligibility_by_hand():
    e = sm.eligibility(tiny_baskets(), week=5, threshold=25, window=4).set_index("household_id")
    # Household 1: (25+25+25+36)/4 = 27.75 >= 25; household 2: (30+20+0+30)/4 = 20 < 25.
    assert e.loc[1, "avg_weekly_spend"] == pytest.approx(27.75)
    assert e.loc[2, "avg_weekly_spend"] == pytest.approx(20.0)
    assert e["eligible"].tolist() == [True, False]
    assert e.loc[2, "weeks_visited"] == 3
    # Exactly at the threshold qualifies ("$25 or more").
    assert sm.eligibility(tiny_baskets(), week=5, threshold=20, window=4)["eligible"].tolist() == [True, True]


def test_list_by_hand():
    # Scores (lookback 4 weeks; score = share of weeks bought x usual spend x (1 + 2 x discount)):
    #   dog food : offer (dog-food buyer), 4/4 x 20 x 1.2 = 24.0
    #   meat     : in this week's ad at 25 %, 1/4 x 16 x 1.5 = 6.0
    #   vegetables: offer (bought in 3/4 >= 60 % of weeks), 3/4 x 5 x 1.2 = 4.5
    #   fruit    : never bought, but an offer for vegetable buyers: 0.25 x typical 2.20 x 3 x 1.2 = 1.98
    lst = sm.build_lists(tiny_baskets(), no_deals(5, meat=0.25), week=5, lookback=4, offer_discount=0.10)
    assert lst["household_id"].unique().tolist() == [1]  # household 2 is not eligible
    assert lst["category"].astype(str).tolist() == ["dog_food", "meat", "vegetables", "fruit"]
    assert lst["reason"].astype(str).tolist() == ["offer", "deal", "offer", "offer"]
    assert lst["times_bought"].tolist() == [4, 1, 3, 0]
    assert lst["usual_spend"].tolist() == [20.0, 16.0, 5.0, 0.0]
    assert lst["discount"].tolist() == pytest.approx([0.10, 0.25, 0.10, 0.10])
    # Not loyal enough for coupons by default: average $27.75 < $60 a week.
    assert (lst["coupon"] == 0).all()


def test_list_length_and_coupons_by_hand():
    lst = sm.build_lists(tiny_baskets(), no_deals(5, meat=0.25), week=5, lookback=4, list_length=3,
                         coupon_value=10, loyal_spend=25, offer_discount=0.10)
    assert lst["category"].astype(str).tolist() == ["dog_food", "meat", "vegetables"]
    # $10 over 3 lines = 3.333..., rounded down to cents so the total never exceeds $10.
    assert lst["coupon"].tolist() == [3.33, 3.33, 3.33]


def test_public_list_by_hand():
    pub = sm.public_list(no_deals(7, seafood=0.1, snacks=0.3), week=7, list_length=4)
    # Deals first, deepest first; then the most widely bought categories: vegetables
    # (0.7 x 0.6 + 0.3 x 0.9 = 0.69), dairy (0.8 x 0.7 = 0.56), fruit (0.7 x 0.5 + 0.3 x 0.75 = 0.575).
    assert pub["category"].astype(str).tolist() == ["snacks", "seafood", "vegetables", "fruit"]
    assert set(pub["reason"].astype(str)) == {"ad"}


def test_localize_list_shows_words_in_both_languages():
    pub = sm.public_list(no_deals(7, seafood=0.1), week=7, list_length=1)
    shown = localize_list(pub)
    assert shown.columns.tolist() == ["Line", "Category", "Why it is on the list", "Discount"]
    assert shown.iloc[0, 1] == i18n.t("supermarket.category.seafood")
    i18n.set_language("zh-CN")
    assert localize_list(pub).columns[1] == i18n.t("supermarket.col.category")
    assert pub["category"].astype(str).tolist() == ["seafood"]  # the list itself keeps its codes


def test_hit_rates_by_hand():
    b = tiny_baskets()
    b = pd.concat([b, pd.DataFrame({"household_id": [1, 1], "week": [5, 6], "category": ["dog_food", "meat"],
                                    "amount": [20.0, 10.0]})], ignore_index=True)
    deals = pd.concat([no_deals(w) for w in range(1, 7)])
    hr = sma.compare_hit_rates(b, deals, week=5, lookback=4, list_length=2).set_index("list_source")
    # Private list of household 1 (the only eligible one): dog food, vegetables (no meat deal now:
    # meat 1/4 x 16 = 4 < vegetables 4.5); in weeks 5-6 it buys dog food: 1 hit of 2.
    assert hr.loc["private", "lines"] == 2 and hr.loc["private", "hits"] == 1
    # Public list: vegetables, fruit (no deals) -> no hit.
    assert hr.loc["public", "lines"] == 2 and hr.loc["public", "hits"] == 0


def test_welch_matches_textbook_formula():
    t_grp = np.array([10.0, 12.0, 14.0, 15.0])
    c_grp = np.array([8.0, 9.0, 10.0, 9.5, 8.5])
    df = pd.DataFrame({"group": ["treatment"] * 4 + ["control"] * 5, "spend": np.r_[t_grp, c_grp]})
    r = sma.lift_test(df, "spend")
    # Welch: se = sqrt(s1^2/n1 + s2^2/n2), Welch-Satterthwaite df, t quantile from scipy.
    v1, v2 = t_grp.var(ddof=1) / 4, c_grp.var(ddof=1) / 5
    se = math.sqrt(v1 + v2)
    dof = (v1 + v2) ** 2 / (v1**2 / 3 + v2**2 / 4)
    diff = t_grp.mean() - c_grp.mean()
    q = stats.t.ppf(0.975, dof)
    assert r["lift"] == pytest.approx(diff)
    assert r["ci_low"] == pytest.approx(diff - q * se)
    assert r["ci_high"] == pytest.approx(diff + q * se)
    assert r["p_value"] == pytest.approx(stats.ttest_ind(t_grp, c_grp, equal_var=False).pvalue)
    assert (r["n_treatment"], r["n_control"]) == (4, 5)


def test_ancova_point_estimate_matches_least_squares():
    rng = np.random.default_rng(3)
    pre = rng.normal(40, 10, 200)
    treated = np.arange(200) % 2 == 0
    post = pre + 5 * treated + rng.normal(0, 2, 200)
    df = pd.DataFrame({"group": np.where(treated, "treatment", "control"), "spend": post, "pre_spend": pre})
    r = sma.lift_test(df, "spend", method="ancova")
    X = np.column_stack([np.ones(200), treated, pre])
    beta = np.linalg.lstsq(X, post, rcond=None)[0]
    assert r["lift"] == pytest.approx(beta[1])
    assert r["ci_low"] < r["lift"] < r["ci_high"]
    welch = sma.lift_test(df, "spend")
    # Adjusting for the pre-period removes most household-to-household variation.
    assert (r["ci_high"] - r["ci_low"]) < (welch["ci_high"] - welch["ci_low"]) / 2


def test_programme_summary_by_hand():
    # Three treated and three control households, one week before and two weeks of programme.
    # Both groups spent 20, 30, 40 before, so adjusting for the pre-period leaves the difference
    # in means unchanged (Frisch-Waugh: the treatment dummy is uncorrelated with the covariate).
    spend = np.array([[20, 40, 50], [30, 60, 60], [40, 50, 60], [20, 30, 40], [30, 40, 40], [40, 35, 45]], dtype=float)
    res = sm.Programme(
        household_id=np.arange(1, 7),
        group=np.array(["treatment"] * 3 + ["control"] * 3, dtype=object),
        pre_weeks=1,
        programme_weeks=2,
        dicks_spend=spend,
        all_spend=np.full((6, 3), 100.0),
        dicks_margin=0.3 * spend,
        lists=np.array([1, 1, 1, 0, 0, 0]),
        lines=np.array([4, 4, 4, 0, 0, 0]),
        redeemed=np.array([2, 3, 1, 0, 0, 0]),
        hits=np.array([3, 4, 2, 0, 0, 0]),
        offer_cost=np.array([1.0, 2.0, 0, 0, 0, 0]),
        coupon_cost=np.array([0.0, 5.0, 3.0, 0, 0, 0]),
    )
    s = sma.programme_summary(res, list_cost=0.5)
    # Programme weeks: treated 45, 60, 55 (mean 53.33), control 35, 40, 40 (38.33): lift 15.
    assert s["spend_lift"] == pytest.approx(15.0)
    # Share of wallet (all-store spend is 100 a week): +0.15.
    assert s["sow_lift"] == pytest.approx(0.15)
    # Margin is 30 % of spend: +4.5 a week x 2 weeks x 3 treated households = 27.
    assert s["incremental_margin"] == pytest.approx(27.0)
    # Cost: offers 3 + coupons 8 + 3 lists x 0.5 = 12.5; ROI = (27 - 12.5) / 12.5 = 1.16.
    assert s["programme_cost"] == pytest.approx(12.5)
    assert s["roi"] == pytest.approx(1.16)
    assert s["redemption_rate"] == pytest.approx(6 / 12)
    assert s["hit_rate"] == pytest.approx(9 / 12)
    out = sm.household_outcomes(res)
    assert out["spend"].tolist() == [45.0, 60.0, 55.0, 35.0, 40.0, 40.0]
    assert out["pre_spend"].tolist() == [20.0, 30.0, 40.0] * 2
    # The plain difference in means (Welch) gives the same point estimate here.
    assert sma.lift_test(out, "spend")["lift"] == pytest.approx(15.0)


# --- properties ---------------------------------------------------------------------------------

basket_rows = st.lists(
    st.tuples(
        st.integers(1, 4),  # household
        st.integers(1, 6),  # week
        st.sampled_from(CATS),
        st.floats(0.5, 60, allow_nan=False).map(lambda x: round(x, 2)),
    ),
    min_size=1,
    max_size=60,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=basket_rows, list_length=st.integers(1, 16), threshold=st.floats(0, 60), deal_cat=st.sampled_from(CATS))
def test_list_holds_only_bought_or_qualifying_categories(rows, list_length, threshold, deal_cat):
    b = pd.DataFrame(rows, columns=["household_id", "week", "category", "amount"])
    lookback = 4
    lst = sm.build_lists(b, no_deals(7, **{deal_cat: 0.2}), week=7, list_length=list_length,
                         threshold=threshold, lookback=lookback, coupon_value=35, loyal_spend=0)
    for hid, lines in lst.groupby("household_id", observed=True):
        hist = b[b.household_id == hid]
        ever = set(hist["category"])
        veg_weeks = hist[(hist.category == "vegetables") & (hist.week >= 7 - lookback)]["week"].nunique()
        segments = {
            "dog": "dog_food" in ever,
            "cat": "cat_food" in ever,
            "baby": bool({"baby_food", "diapers"} & ever),
            "veg": veg_weeks >= 0.6 * lookback,
        }
        assert len(lines) <= list_length
        assert lines["category"].is_unique
        assert lines["coupon"].sum() <= 35 + 1e-9
        for cat, reason in zip(lines["category"].astype(str), lines["reason"].astype(str)):
            qualifies = reason == "offer" and segments[syn.CATEGORY_SEGMENT[cat]]
            assert cat in ever or qualifies, (hid, cat, reason)
        # Only eligible households get a list.
        spend4 = hist[hist.week >= 3]["amount"].sum() / 4
        assert spend4 >= threshold - 1e-6


@settings(max_examples=30, deadline=None)
@given(rows=basket_rows, low=st.floats(0, 40), step=st.floats(0, 40))
def test_raising_the_threshold_never_adds_households(rows, low, step):
    b = pd.DataFrame(rows, columns=["household_id", "week", "category", "amount"])
    a = sm.eligibility(b, week=7, threshold=low)
    c = sm.eligibility(b, week=7, threshold=low + step)
    assert not (c["eligible"] & ~a["eligible"]).any()


def test_same_seed_same_data_and_different_seed_differs():
    h1, h2 = syn.generate_households(300, seed=7), syn.generate_households(300, seed=7)
    pd.testing.assert_frame_equal(h1, h2)
    assert not h1.equals(syn.generate_households(300, seed=8))
    d1 = syn.generate_deals(10, seed=7)
    pd.testing.assert_frame_equal(d1, syn.generate_deals(10, seed=7))
    b1 = syn.generate_baskets(h1, d1, weeks=10, seed=7)
    pd.testing.assert_frame_equal(b1, syn.generate_baskets(h2, d1, weeks=10, seed=7))
    assert not b1.equals(syn.generate_baskets(h1, d1, weeks=10, seed=8))
    r1 = sm.simulate_programme(h1, syn.generate_deals(seed=7), pre_weeks=6, programme_weeks=6, seed=7)
    r2 = sm.simulate_programme(h2, syn.generate_deals(seed=7), pre_weeks=6, programme_weeks=6, seed=7)
    np.testing.assert_array_equal(r1.dicks_spend, r2.dicks_spend)
    np.testing.assert_array_equal(r1.group, r2.group)


def test_shipped_files_match_their_generator():
    for table in syn.TABLES:
        assert table.path.read_bytes() == datasets.to_csv_bytes(table.generate()), table.name
        assert table.path.stat().st_size < 3_000_000
        loaded = datasets.load(table.name)
        assert len(loaded) > 0


def test_baskets_only_hold_positive_purchases_at_listed_prices():
    d = syn.generate_deals(8, seed=2)
    b = syn.generate_baskets(syn.generate_households(100, seed=2), d, weeks=8, seed=2)
    assert (b["units"] >= 1).all() and (b["amount"] > 0).all()
    merged = b.merge(d, on=["week", "category"])
    np.testing.assert_allclose(merged["price"], merged["deal_price"])
    np.testing.assert_allclose(b["amount"], (b["units"] * b["price"]).round(2))


def test_no_response_means_no_effect():
    # With nobody acting on a list (and no habit), treated households shop exactly as they would
    # without the programme: compare with a run where everybody is in the control group.
    hh, d = syn.generate_households(400, seed=5), syn.generate_deals(seed=5)
    kw = {"pre_weeks": 8, "programme_weeks": 10, "redemption_rate": 0, "coupon_response": 0, "habit": 0, "seed": 5}
    with_lists = sm.simulate_programme(hh, d, **kw)
    nobody = sm.simulate_programme(hh, d, control_share=1.0, **kw)
    assert with_lists.lists.sum() > 0
    np.testing.assert_array_equal(with_lists.dicks_spend, nobody.dicks_spend)


def test_lists_lift_spend_and_private_lists_fit_better_than_public_ones():
    hh, d = syn.generate_households(), syn.generate_deals()
    private = sma.programme_summary(sm.simulate_programme(hh, d))
    public = sma.programme_summary(sm.simulate_programme(hh, d, list_source="public"))
    assert private["spend_ci_low"] > 0 and private["sow_ci_low"] > 0
    assert private["hit_rate"] > public["hit_rate"] + 0.05
    assert private["spend_lift"] > public["spend_lift"]


def test_lists_for_year_equals_one_round_at_a_time():
    d = syn.generate_deals(seed=4)
    b = syn.generate_baskets(syn.generate_households(80, seed=4), d, weeks=20, seed=4)
    year = sm.lists_for_year(b, d, first_week=9, last_week=13)
    for week in (9, 11, 13):
        one = sm.build_lists(b[b.week < week], d, week=week)
        got = year[year.list_week == week].reset_index(drop=True)
        pd.testing.assert_frame_equal(got, one)


# --- bad input ----------------------------------------------------------------------------------

def test_negative_price_is_refused():
    b = tiny_baskets().assign(price=2.0)
    b.loc[3, "price"] = -1.0
    with pytest.raises(CRMInputError, match="price"):
        sm.build_lists(b, no_deals(5), week=5)


def test_negative_amount_is_refused():
    b = tiny_baskets()
    b.loc[0, "amount"] = -5.0
    with pytest.raises(CRMInputError, match="amount"):
        sm.weekly_spend(b)


def test_unknown_category_is_refused():
    b = tiny_baskets()
    b.loc[2, "category"] = "caviar"
    with pytest.raises(CRMInputError, match="category.*caviar"):
        sm.eligibility(b, week=5)


def test_missing_household_id_is_refused():
    b = tiny_baskets()
    b.loc[1, "household_id"] = np.nan
    with pytest.raises(CRMInputError, match="household_id"):
        sm.build_lists(b, no_deals(5), week=5)
    with pytest.raises(CRMInputError, match="household_id"):
        sm.weekly_spend(b.drop(columns="household_id"))


def test_unknown_household_is_refused():
    with pytest.raises(CRMInputError, match="999"):
        sm.build_lists(tiny_baskets(), no_deals(5), week=5, households=[1, 999])


def test_empty_table_is_refused():
    with pytest.raises(CRMInputError, match="baskets"):
        sm.weekly_spend(tiny_baskets().iloc[0:0])


def test_bad_week_is_refused():
    b = tiny_baskets()
    b.loc[0, "week"] = 0
    with pytest.raises(CRMInputError, match="week"):
        sm.weekly_spend(b)
    b = tiny_baskets().astype({"week": float})
    b.loc[0, "week"] = 1.5
    with pytest.raises(CRMInputError, match="week"):
        sm.weekly_spend(b)
    with pytest.raises(CRMInputError, match="week"):
        sm.build_lists(tiny_baskets(), no_deals(5), week=1)


def test_deals_missing_the_list_week_are_refused():
    with pytest.raises(CRMInputError, match="deals.*6"):
        sm.build_lists(tiny_baskets(), no_deals(5), week=6)
    with pytest.raises(CRMInputError, match="discount"):
        sm.build_lists(tiny_baskets(), no_deals(5, meat=-0.2), week=5)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"redemption_rate": 1.5}, "redemption_rate"),
        ({"coupon_response": -0.1}, "coupon_response"),
        ({"control_share": 2}, "control_share"),
        ({"habit": float("nan")}, "habit"),
        ({"list_length": 0}, "list_length"),
        ({"threshold": -25}, "threshold"),
        ({"coupon_value": -1}, "coupon_value"),
        ({"list_source": "spy"}, "list_source"),
        ({"rival_match": 1.5}, "rival_match"),
        ({"pre_weeks": 40, "programme_weeks": 20}, "pre_weeks"),
    ],
)
def test_bad_programme_parameters_are_refused(kwargs, name):
    with pytest.raises(CRMInputError, match=name):
        sm.simulate_programme(syn.generate_households(20, seed=1), syn.generate_deals(seed=1), **kwargs)


def test_unknown_rule_is_refused():
    with pytest.raises(CRMInputError, match="coupons"):
        sm.build_lists(tiny_baskets(), no_deals(5), week=5, coupons=30)


def test_bad_outcome_tables_are_refused():
    df = pd.DataFrame({"group": ["treatment", "control", "placebo"], "spend": [1.0, 2.0, 3.0]})
    with pytest.raises(CRMInputError, match="group"):
        sma.lift_test(df)
    with pytest.raises(CRMInputError, match="control"):
        sma.lift_test(pd.DataFrame({"group": ["treatment", "treatment", "control"], "spend": [1.0, 2.0, 3.0]}))
    with pytest.raises(CRMInputError, match="pre_spend"):
        sma.lift_test(pd.DataFrame({"group": ["treatment"] * 2 + ["control"] * 2, "spend": [1.0, 2, 3, 4]}), method="ancova")


def test_bad_households_table_is_refused():
    hh = syn.generate_households(10, seed=1)
    with pytest.raises(CRMInputError, match="sow"):
        sm.simulate_programme(hh.assign(sow=1.5), syn.generate_deals(seed=1))
    with pytest.raises(CRMInputError, match="weeks"):
        syn.generate_deals(weeks=60)


def test_error_messages_exist_in_both_languages():
    i18n.set_language("zh-CN")
    with pytest.raises(CRMInputError, match="household_id"):
        sm.weekly_spend(tiny_baskets().drop(columns="household_id"))
    for key, entry in i18n.catalogue().items():
        if key.startswith(("supermarket.", "supermarket_errors.")):
            assert set(entry) >= {"zh-CN", "en"}, key


# --- the view and the dashboard -----------------------------------------------------------------

def test_view_shows_lift_and_rival_comparison():
    fig, text = campaign_view(households=300)
    assert len(fig.axes) == 2
    assert fig.axes[0].get_title() == "Weekly spend: treatment vs control"
    assert len(fig.axes[1].patches) == 2  # personal vs public-information list
    assert "ROI" in text and "95% CI" in text
    i18n.set_language("zh-CN")
    fig_zh, text_zh = campaign_view(households=300)
    assert "置信区间" in text_zh and fig_zh.axes[0].get_title() == "实验组与对照组的每周消费"


def test_view_coupons_cost_money():
    _, with_coupons = campaign_view(households=300, coupon_value=40)
    def cost(text: str) -> float:
        return float(re.search(r"Programme cost \$([\d,]+)", text).group(1).replace(",", ""))

    _, without = campaign_view(households=300, coupon_value=0)
    assert cost(with_coupons) > cost(without)


def test_dashboard_wiring():
    dash = supermarket_dashboard(households=300)
    assert set(dash.controls) == {"threshold", "list_length", "coupon_value", "redemption_rate", "coupon_response",
                                  "rival_match", "loyal_spend"}
    assert dash.controls["threshold"].description == "Threshold (USD/week)"
    first = dash.result[1]
    assert first == campaign_view(households=300)[1]
    dash.controls["coupon_value"].value = 0.0
    assert dash.result[1] == campaign_view(households=300, coupon_value=0.0)[1]
    assert dash.result[1] != first
    dash.controls["threshold"].value = 50.0
    # A higher threshold leaves fewer households in the experiment.
    n_treated = lambda text: int(text.split("(")[1].split(" treated")[0])  # noqa: E731
    assert n_treated(dash.result[1]) < n_treated(first)


def test_private_offer_comes_on_top_of_the_public_deal():
    lst = sm.build_lists(tiny_baskets(), no_deals(5, dog_food=0.2), week=5, lookback=4, offer_discount=0.10)
    dog = lst[lst.category == "dog_food"].iloc[0]
    # 20 % off in the ad, then 10 % off the deal price: 1 - 0.8 x 0.9 = 0.28 off the shelf price.
    assert dog["reason"] == "offer" and dog["discount"] == pytest.approx(0.28)


def test_naive_comparison_overstates_the_effect():
    res = sm.simulate_programme(syn.generate_households(), syn.generate_deals())
    n = sma.naive_comparison(res)
    assert n["randomised_lift"] == pytest.approx(sma.lift_test(sm.household_outcomes(res), "spend")["lift"])
    # Households that qualify spend more anyway: comparing them with the rest mixes selection
    # with the programme's effect.
    assert n["naive_lift"] > 2 * n["randomised_lift"]


def test_scenario_table_reuses_the_same_households():
    hh, d = syn.generate_households(400, seed=3), syn.generate_deals(seed=3)
    tab = sma.scenario_table(hh, d, {"a": {"coupon_value": 0.0}, "b": {"coupon_value": 0.0}}, pre_weeks=8, programme_weeks=8)
    assert tab.loc[0, "spend_lift"] == tab.loc[1, "spend_lift"]  # same luck, same settings
    assert list(i18n.localize(tab, "supermarket.col").columns)[0] == "Scenario"


def test_dashboard_rival_control_changes_the_public_list_only_through_its_visible_lines():
    dash = supermarket_dashboard(households=300)
    first = dash.result[1]
    dash.controls["rival_match"].value = 0.0
    assert dash.result[1] == campaign_view(households=300, rival_match=0.0)[1]
    assert dash.result[1] != first
    assert "rivals match 0%" in dash.result[1]


def test_rivals_erode_the_public_list_but_not_the_private_one():
    hh, d = syn.generate_households(600, seed=4), syn.generate_deals(seed=4)
    run = lambda src, m: sm.simulate_programme(hh, d, pre_weeks=10, programme_weeks=20, list_source=src,  # noqa: E731
                                               rival_match=m, coupon_value=0.0)
    lift = lambda res: sma.programme_summary(res)["spend_lift"]  # noqa: E731
    pub0, pub1 = lift(run("public", 0.0)), lift(run("public", 1.0))
    priv0, priv1 = lift(run("private", 0.0)), lift(run("private", 1.0))
    # Every public line is visible: fully matched, it loses most of its lift. Only the deal lines
    # of a personal list are visible, so the personal list loses far less.
    assert pub1 < 0.5 * pub0
    assert priv0 - priv1 < 0.5 * (pub0 - pub1)
    assert priv1 > pub1


def test_private_lines_that_rivals_cannot_see_are_never_matched():
    hh, d = syn.generate_households(300, seed=5), syn.generate_deals(seed=5)
    # With no deal in any week, a personal list has no publicly visible line: rivals change nothing.
    quiet = d.assign(discount=0.0, deal_price=d["shelf_price"])
    a = sm.simulate_programme(hh, quiet, pre_weeks=8, programme_weeks=8, rival_match=0.0)
    b = sm.simulate_programme(hh, quiet, pre_weeks=8, programme_weeks=8, rival_match=1.0)
    assert (a.dicks_spend == b.dicks_spend).all() and (a.redeemed == b.redeemed).all()


def test_default_story_holds_and_says_what_turns_it_around():
    # The shipped data and the defaults: personal lists with the story's $35 coupons pay, and beat
    # the public list on ROI and on net profit. Rivals who never copy (rival_match = 0) turn the
    # ROI ranking around; coupons for everyone spending $60 a week turn the programme's ROI negative.
    hh, d = datasets.load_supermarket_households(), datasets.load_supermarket_deals()
    tab = sma.scenario_table(hh, d, pre_weeks=12, programme_weeks=26).set_index("scenario")
    assert tab.loc["private", "roi"] > 0
    assert tab.loc["private", "roi"] > tab.loc["public", "roi"]
    assert tab.loc["private_no_coupons", "roi"] > tab.loc["public_no_coupons", "roi"]
    assert (tab.loc[["private", "private_no_coupons"], "net_profit"].min()
            > tab.loc[["public", "public_no_coupons"], "net_profit"].max())
    no_rivals = sma.scenario_table(hh, d, {k: sma.SCENARIOS[k] for k in ("private_no_coupons", "public_no_coupons")},
                                   pre_weeks=12, programme_weeks=26, rival_match=0.0).set_index("scenario")
    assert no_rivals.loc["public_no_coupons", "roi"] > no_rivals.loc["private_no_coupons", "roi"]
    generous = sma.programme_summary(sm.simulate_programme(hh, d, pre_weeks=12, programme_weeks=26, loyal_spend=60.0))
    assert generous["roi"] < 0


def test_example_household_has_every_kind_of_line():
    b = datasets.load_supermarket_baskets()
    lists = sm.build_lists(b, datasets.load_supermarket_deals(), week=13)
    hid = sma.example_household(lists)
    mine = lists[lists.household_id == hid]
    assert {"offer", "deal", "usual"} <= set(mine["reason"].astype(str)) and (mine["coupon"] > 0).all()


def test_plots_are_labelled_in_chinese():
    i18n.set_language("zh-CN")
    e = sm.eligibility(tiny_baskets(), week=5)
    assert plot_spend_distribution(e).axes[0].get_xlabel() == "在迪克的周均消费\uff08美元\uff09"
    hr = pd.DataFrame({"list_source": ["private", "public"], "hit_rate": [0.56, 0.44]})
    fig = plot_hit_rates(hr)
    assert [x.get_text() for x in fig.axes[0].get_xticklabels()] == ["迪克\uff1a个人购买记录", "对手\uff1a只有货架价格和广告"]
    with pytest.raises(CRMInputError, match="hit_rate"):
        plot_hit_rates(hr.assign(hit_rate=[1.5, 0.2]))
