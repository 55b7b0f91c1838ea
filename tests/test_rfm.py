"""Tests of crmlib.compute.rfm: the RFM table, quintile scores with ties kept together, cells 111–555,
named segments, the dashboard."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlib import datasets
from crmlib.compute import rfm
from crmlib.views.rfm import rfm_view
from crmlib.validation import CRMInputError
from crmlib.widgets.rfm import rfm_dashboard


pytestmark = pytest.mark.usefixtures("en")  # English throughout (tests/conftest.py)


def _tx():
    return pd.DataFrame({
        "customer_id": ["a", "a", "b", "c", "c", "c", "d"],
        "date": pd.to_datetime(["2024-01-01", "2024-03-01", "2024-02-01", "2024-01-15", "2024-02-15",
                                "2024-03-10", "2023-12-01"]),
        "amount": [10.0, 20.0, 5.0, 10.0, 10.0, 40.0, 100.0],
    })


# --- known values -------------------------------------------------------------------------------

def test_rfm_table_hand_calculation():
    r = rfm.rfm_table(_tx(), as_of="2024-03-31")
    # a: last 03-01 -> 30 days, 2 purchases, 30; b: 02-01 -> 59 days; c: 03-10 -> 21 days, 3, 60;
    # d: 2023-12-01 -> 121 days (2024 is a leap year: 30 + 31 + 29 + 31 = 121).
    assert r.loc["a"].tolist() == [30.0, 2.0, 30.0]
    assert r.loc["b"].tolist() == [59.0, 1.0, 5.0]
    assert r.loc["c"].tolist() == [21.0, 3.0, 60.0]
    assert r.loc["d"].tolist() == [121.0, 1.0, 100.0]
    assert rfm.rfm_table(_tx(), monetary="mean").loc["c", "monetary"] == pytest.approx(20.0)
    # Default as_of = last date in the data (2024-03-10): c has recency 0.
    assert rfm.rfm_table(_tx()).loc["c", "recency"] == 0.0


def test_scores_hand_calculation_with_ties():
    # 4 customers, 4 bins: score = 1 + floor(4 * (k - 1) / 4) = k, k = customers not better.
    r = rfm.rfm_table(_tx(), as_of="2024-03-31")
    s = rfm.rfm_scores(r, bins=4)
    # recency 30, 59, 21, 121 -> larger or equal: 3, 2, 4, 1 -> R = 3, 2, 4, 1.
    assert s["r_score"].tolist() == [3, 2, 4, 1]
    # frequency 2, 1, 3, 1 -> smaller or equal: 3, 2, 4, 2 -> F = 3, 2, 4, 2 (b and d tie at
    # ranks 1-2 and both take the better one, 2).
    assert s["f_score"].tolist() == [3, 2, 4, 2]
    # monetary 30, 5, 60, 100 -> M = 2, 1, 3, 4.
    assert s["m_score"].tolist() == [2, 1, 3, 4]
    assert s["rfm_cell"].tolist() == [332, 221, 443, 124]


def test_tied_best_group_keeps_the_best_score_as_in_the_spss_example():
    # IBM SPSS Statistics documentation, RFM binning, ties kept in the same bin: of 1,000
    # customers, 500 made their last purchase on the same (most recent) date; with 5 bins
    # those 500 all get recency score 5 (50% instead of the ideal 20%).
    recency = np.r_[np.zeros(500), np.arange(1.0, 501.0)]
    s = rfm.quantile_scores(recency, reverse=True)
    assert (s[:500] == 5).all()
    # The other 500 are untied: ranks 1..500 of 1,000 -> scores 1, 2 and part of 3.
    assert np.bincount(s, minlength=6)[1:].tolist() == [200, 200, 100, 0, 500]


def test_quintiles_without_ties_are_equal_fifths():
    # 100 distinct values: exactly 20 per score (quintiles), 5 = largest.
    x = np.random.default_rng(1).permutation(100)
    s = rfm.quantile_scores(x)
    assert np.bincount(s)[1:].tolist() == [20] * 5
    assert s[np.argmax(x)] == 5 and s[np.argmin(x)] == 1
    # Recency is reversed: the smallest value (most recent) scores 5.
    assert rfm.quantile_scores(x, reverse=True)[np.argmin(x)] == 5


def test_cells_span_111_to_555():
    # IBM SPSS documentation: 5 bins per component give cells from 111 to 555.
    r = pd.DataFrame({"recency": np.arange(50.0), "frequency": np.arange(50.0), "monetary": np.arange(50.0)})
    s = rfm.rfm_scores(r)
    assert s["rfm_cell"].min() == 155 and s["rfm_cell"].max() == 511
    r2 = r.assign(recency=r["recency"][::-1].to_numpy())
    cells = rfm.rfm_scores(r2)["rfm_cell"]
    assert cells.min() == 111 and cells.max() == 555


def test_cdnow_recency_and_frequency_against_an_independent_groupby():
    tx = datasets.load_cdnow_master()
    r = rfm.rfm_table(tx, amount="dollars")
    g = tx.groupby("customer_id")
    assert len(r) == 23570
    assert (r["frequency"].to_numpy() == g.size().to_numpy()).all()
    assert np.allclose(r["monetary"].to_numpy(), g["dollars"].sum().to_numpy())
    expected_recency = (tx["date"].max() - g["date"].max()).dt.days.to_numpy()
    assert (r["recency"].to_numpy() == expected_recency).all()
    s = rfm.rfm_scores(r)
    # About half of the cohort bought only once (Fader, Hardie & Lee 2005 describe CDNOW as
    # mostly one-time buyers): tied, they take the best position they occupy, just past the
    # middle, so all score F = 1 + floor(5 * (k - 1) / n) = 3, and F = 1 and F = 2 stay empty.
    one_timers = int((r["frequency"] == 1).sum())
    assert 0.4 < one_timers / len(r) < 0.6
    assert (s["f_score"] == 1 + (5 * (one_timers - 1)) // len(r)).sum() == one_timers
    assert (s["f_score"] == 3).sum() == one_timers
    assert (s["f_score"] <= 2).sum() == 0


# --- properties ---------------------------------------------------------------------------------

values = st.lists(st.integers(0, 30).map(float), min_size=1, max_size=80)


@given(values, st.integers(2, 9))
@settings(max_examples=100, deadline=None)
def test_scores_in_range_monotone_and_ties_equal(xs, bins):
    s = rfm.quantile_scores(xs, bins)
    x = np.array(xs)
    assert s.min() >= 1 and s.max() <= bins
    for i in range(len(x)):
        for j in range(len(x)):
            if x[i] < x[j]:
                assert s[i] <= s[j]
            if x[i] == x[j]:
                assert s[i] == s[j]


@given(values, st.integers(2, 9))
@settings(max_examples=60, deadline=None)
def test_reverse_equals_scoring_the_negated_values(xs, bins):
    assert (rfm.quantile_scores(xs, bins, reverse=True) == rfm.quantile_scores([-x for x in xs], bins)).all()


@given(st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=80, unique=True), st.integers(2, 9))
@settings(max_examples=60, deadline=None)
def test_without_ties_bin_sizes_differ_by_at_most_one(xs, bins):
    counts = np.bincount(rfm.quantile_scores(xs, bins), minlength=bins + 1)[1:]
    if len(xs) >= bins:
        assert counts.max() - counts.min() <= 1


@given(values, st.integers(2, 9), st.randoms(use_true_random=False), st.booleans())
@settings(max_examples=100, deadline=None)
def test_a_tied_group_never_scores_below_what_any_member_would_earn_untied(xs, bins, rnd, reverse):
    # Break every tie at random (values are integers, jitter < 1 keeps the order between
    # different values): each customer's tied score is at least its untied score, and a tied
    # group's score is the best untied score any of its members reaches, whatever the order.
    x = np.array(xs)
    jitter = np.array([rnd.random() for _ in xs]) * 0.5
    tied = rfm.quantile_scores(x, bins, reverse=reverse)
    untied = rfm.quantile_scores(x + jitter, bins, reverse=reverse)
    assert (tied >= untied).all()
    for value in np.unique(x):
        group = x == value
        assert set(tied[group]) == {untied[group].max()}


@given(values, st.randoms(use_true_random=False))
@settings(max_examples=40, deadline=None)
def test_scores_do_not_depend_on_row_order(xs, rnd):
    perm = list(range(len(xs)))
    rnd.shuffle(perm)
    s = rfm.quantile_scores(xs)
    assert (rfm.quantile_scores([xs[i] for i in perm]) == s[perm]).all()


# --- segments -------------------------------------------------------------------------------------

def test_every_one_of_the_125_cells_is_named_by_an_explicit_rule():
    grid = pd.DataFrame([(r, f, m) for r in range(1, 6) for f in range(1, 6) for m in range(1, 6)],
                        columns=["r_score", "f_score", "m_score"])
    seg = rfm.segment(grid, default="UNMATCHED")
    assert (seg != "UNMATCHED").all()
    assert set(seg) <= set(rfm.SEGMENTS)


def test_segment_known_cells():
    cells = pd.DataFrame({"r_score": [5, 4, 1, 2, 5, 4, 3, 2, 1, 1, 4],
                          "f_score": [5, 3, 5, 4, 1, 2, 1, 1, 2, 1, 3],
                          "m_score": [5, 3, 5, 1, 3, 1, 1, 5, 2, 1, 1]})
    assert rfm.segment(cells).tolist() == ["champions", "loyal", "cant_lose", "at_risk", "new", "promising",
                                           "need_attention", "about_to_sleep", "hibernating", "lost", "need_attention"]


def test_segment_summary_shares_add_up():
    tx = datasets.load_cdnow_sample()
    scored = rfm.rfm_analysis(tx, amount="dollars")
    summ = rfm.segment_summary(scored)
    assert summ["customers"].sum() == len(scored) == 2357
    assert summ["customer_share"].sum() == pytest.approx(1.0)
    assert summ["revenue_share"].sum() == pytest.approx(1.0)


# --- bad input --------------------------------------------------------------------------------------

def test_missing_column_is_named():
    with pytest.raises(CRMInputError, match="amount"):
        rfm.rfm_table(_tx().drop(columns="amount"))


def test_negative_amount_is_named():
    tx = _tx()
    tx.loc[2, "amount"] = -5.0
    with pytest.raises(CRMInputError, match="amount"):
        rfm.rfm_table(tx)


def test_bad_date_is_named():
    tx = _tx()
    tx["date"] = tx["date"].dt.strftime("%Y-%m-%d").astype(object)
    tx.loc[1, "date"] = "2024-02-30"
    with pytest.raises(CRMInputError, match="date"):
        rfm.rfm_table(tx)


def test_empty_table_is_named():
    with pytest.raises(CRMInputError, match="transactions is empty"):
        rfm.rfm_table(_tx().iloc[0:0])


def test_missing_customer_id_is_named():
    tx = _tx()
    tx.loc[0, "customer_id"] = None
    with pytest.raises(CRMInputError, match="customer_id"):
        rfm.rfm_table(tx)


@pytest.mark.parametrize("bins", [1, 10, 2.5, "5"])
def test_bins_out_of_range_are_named(bins):
    with pytest.raises(CRMInputError, match="bins"):
        rfm.quantile_scores([1, 2, 3], bins)


def test_as_of_before_the_data_or_not_a_date_is_named():
    with pytest.raises(CRMInputError, match="as_of"):
        rfm.rfm_table(_tx(), as_of="2024-03-01")
    with pytest.raises(CRMInputError, match="as_of"):
        rfm.rfm_table(_tx(), as_of="soon")


def test_unknown_monetary_measure_is_named():
    with pytest.raises(CRMInputError, match="monetary"):
        rfm.rfm_table(_tx(), monetary="median")


def test_bad_segment_rules_are_named():
    rules = rfm.SEGMENT_RULES.drop(columns="m_max")
    s = pd.DataFrame({"r_score": [1], "f_score": [1], "m_score": [1]})
    with pytest.raises(CRMInputError, match="m_max"):
        rfm.segment(s, rules)
    with pytest.raises(CRMInputError, match="r_min"):
        rfm.segment(s, rfm.SEGMENT_RULES.assign(r_min=0))


def test_scores_reject_non_finite_values():
    with pytest.raises(CRMInputError, match="frequency"):
        rfm.quantile_scores([1.0, np.nan], name="frequency")


# --- dashboard ----------------------------------------------------------------------------------------

def test_view_counts_cells_and_customers():
    import matplotlib.pyplot as plt

    r = rfm.rfm_table(_tx(), as_of="2024-03-31")
    fig, text = rfm_view(4, rfm=r)
    # Hand: cells 332, 221, 443, 124 are 4 different cells of 4**3 = 64; F counts 0, 2, 1, 1.
    assert text == "4 customers in 4 of 64 cells; customers per F score: 0, 2, 1, 1."
    plt.close(fig)


def test_dashboard_wiring_on_cdnow():
    import matplotlib.pyplot as plt

    dash = rfm_dashboard()
    assert "of 125 cells" in dash.result[1]
    dash.controls["bins"].value = 3
    assert "of 27 cells" in dash.result[1]
    before = [x.get_text() for x in dash.result[0].axes[0].texts]
    dash.controls["monetary"].value = "mean"
    after = [x.get_text() for x in dash.result[0].axes[0].texts]
    # Same customers per cell, different mean spend printed under the counts.
    assert [a.split("\n")[0] for a in after] == [b.split("\n")[0] for b in before]
    assert after != before
    assert "23570 customers" in dash.result[1]
    plt.close("all")


def test_week_numbers_and_visits_hand_calculation():
    # Household 1 shops in weeks 2 (two categories) and 5; household 2 only in week 4; as of week 6:
    # recency 1 and 2 weeks, visits 2 and 1, spend 15 and 9 (per visit 7.5 and 9).
    wk = pd.DataFrame({"household_id": [1, 1, 1, 2], "week": [2, 2, 5, 4], "amount": [4.0, 6.0, 5.0, 9.0]})
    r = rfm.rfm_table(wk, customer="household_id", date="week", frequency="visits", as_of=6)
    assert r.values.tolist() == [[1.0, 2.0, 15.0], [2.0, 1.0, 9.0]]
    rows = rfm.rfm_table(wk, customer="household_id", date="week", monetary="mean")
    assert rows["frequency"].tolist() == [3.0, 1.0] and rows["monetary"].tolist() == [5.0, 9.0]
    with pytest.raises(CRMInputError, match="as_of"):
        rfm.rfm_table(wk, customer="household_id", date="week", as_of=3)
    with pytest.raises(CRMInputError, match="frequency"):
        rfm.rfm_table(wk, customer="household_id", date="week", frequency="trips")


def test_visits_never_exceed_rows_on_the_supermarket_data():
    baskets = datasets.load_supermarket_baskets()
    visits = rfm.rfm_table(baskets, customer="household_id", date="week", frequency="visits")
    rows = rfm.rfm_table(baskets, customer="household_id", date="week")
    assert (visits["frequency"] <= rows["frequency"]).all()
    # Independent count: distinct weeks per household.
    assert visits["frequency"].tolist() == baskets.groupby("household_id")["week"].nunique().astype(float).tolist()
