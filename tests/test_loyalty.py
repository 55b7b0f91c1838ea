"""Tests of crmlib.compute.loyalty (chapter 7), its dashboard, and the restaurant data generator.

The restaurant's own privilege costs, tiers and ROI dashboard are tested in test_restaurant."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlib import datasets, i18n
from crmlib.cases.restaurant import model as restaurant
from crmlib.compute import loyalty as L
from crmlib.figures.loyalty import plot_cohort_curves, plot_cohort_heatmap
from crmlib.validation import CRMInputError


@pytest.fixture(autouse=True)
def _english(en):
    from crmlib.figures.theme import use_theme

    use_theme()
    yield
    plt.close("all")


def tx(customers, dates):
    return pd.DataFrame({"customer_id": customers, "date": pd.to_datetime(dates)})


# --- known values ---------------------------------------------------------------------------

def test_repeat_rate_by_hand():
    # a: two days -> repeat; b: two rows on one day -> not; c: one row -> not. 1 of 3.
    t_ = tx(["a", "a", "b", "b", "c"], ["2024-01-01", "2024-01-09", "2024-01-02", "2024-01-02", "2024-01-03"])
    assert L.repeat_purchase_rate(t_) == pytest.approx(1 / 3)


def test_cdnow_repeat_rate_matches_literature():
    # Fader, Hardie & Lee (2005), CDNOW 1/10 sample: 1,411 of the 2,357 customers made no repeat
    # purchase in the 39-week calibration period (to 1997-09-30).
    rate = L.repeat_purchase_rate(datasets.load_cdnow_sample(), until="1997-09-30")
    assert rate == pytest.approx((2357 - 1411) / 2357)


def test_cohort_table_by_hand():
    # Jan cohort: 1 and 2; 1 buys again in Mar (age 2), 2 in Feb (age 1). Feb cohort: 3, no repeat.
    t_ = tx([1, 1, 2, 2, 3], ["2024-01-05", "2024-03-01", "2024-01-09", "2024-02-11", "2024-02-02"])
    counts = L.cohort_table(t_, kind="count")
    assert counts.index.tolist() == ["2024-01", "2024-02"]
    assert counts.loc["2024-01"].tolist() == [2, 1, 1]
    assert counts.loc["2024-02", 0] == 1 and counts.loc["2024-02", 1] == 0 and np.isnan(counts.loc["2024-02", 2])
    shares = L.cohort_table(t_)
    assert shares.loc["2024-01"].tolist() == [1.0, 0.5, 0.5]
    assert L.retention_curve(shares).tolist()[:2] == pytest.approx([1.0, 1 / 3])


def test_cdnow_cohorts_cover_every_customer():
    # The master file holds the 23,570 customers who first bought in Q1 1997 (Fader, Hardie & Lee 2005):
    # three monthly cohorts, 18 months of data (1997-01 to 1998-06).
    tb = L.cohort_table(datasets.load_cdnow_master())
    assert tb.index.tolist() == ["1997-01", "1997-02", "1997-03"]
    assert sum(tb.attrs["cohort_size"].values()) == 23570
    assert tb.shape[1] == 18
    assert (tb[0] == 1.0).all()
    assert np.isnan(tb.loc["1997-03", 16]) and not np.isnan(tb.loc["1997-01", 17])


def test_share_of_wallet_by_hand():
    out = L.share_of_wallet(pd.DataFrame({"our_spend": [30, 0, 90], "category_spend": [100, 50, 90]}))
    assert out["share_of_wallet"].tolist() == pytest.approx([0.3, 0.0, 1.0])
    assert out.attrs["mean_share"] == pytest.approx(1.3 / 3)
    assert out.attrs["pooled_share"] == pytest.approx(120 / 240)


def test_programme_roi_by_hand():
    # Tier B: 20 members spending 36,000 a year; privileges per member (restaurant.privileges):
    # gifts 2 x 80 = 160, banquets 3 x 500 = 1,500, discount 36,000 x 0.5 x 12% = 2,160 -> 3,820.
    # Uplift 0.15, margin 0.4: protected revenue 20 x 36,000 x 0.15 = 108,000, margin 43,200,
    # cost 76,400, net -33,200; break-even uplift 3,820 / 14,400 = 0.2653.
    tiers = pd.DataFrame({"members": [20], "annual_spend": [36000.0]}, index=["B"])
    r = L.programme_roi(tiers, uplift=0.15, margin=0.4, cost_per_member=restaurant.privilege_costs(tiers))
    assert r.loc["B", "cost_per_member"] == pytest.approx(3820)
    assert r.loc["B", "protected_revenue"] == pytest.approx(108000)
    assert r.loc["B", "net"] == pytest.approx(43200 - 76400)
    assert r.loc["B", "roi"] == pytest.approx(-33200 / 76400)
    assert r.loc["B", "breakeven_uplift"] == pytest.approx(3820 / 14400)
    assert r.loc["total", "cost"] == pytest.approx(76400)


def test_programme_roi_per_tier_uplift_and_totals():
    tiers = pd.DataFrame({"members": [2, 4], "annual_spend": [60000.0, 20000.0]}, index=["A", "C"])
    r = L.programme_roi(tiers, uplift={"A": 0.3, "C": 0.1}, margin=0.5, cost_per_member={"A": 2300.0, "C": 400.0})
    assert r.loc["A", "cost"] == pytest.approx(2 * 2300) and r.loc["C", "cost"] == pytest.approx(4 * 400)
    assert r.loc["A", "protected_revenue"] == pytest.approx(2 * 60000 * 0.3)
    assert r.loc["C", "protected_revenue"] == pytest.approx(4 * 20000 * 0.1)
    assert r.loc["total", "members"] == 6
    assert r.loc["total", "cost"] == pytest.approx(r.loc[["A", "C"], "cost"].sum())
    assert r.loc["total", "annual_spend"] == pytest.approx((2 * 60000 + 4 * 20000) / 6)


def test_programme_roi_takes_costs_as_series():
    # the case's privilege_costs returns a Series; a plain mapping gives the same table
    tiers = pd.DataFrame({"members": [10, 20], "annual_spend": [60000.0, 36000.0]}, index=["A", "B"])
    costs = pd.Series({"A": 6800.0, "B": 3820.0})
    a = L.programme_roi(tiers, uplift=0.1, margin=0.4, cost_per_member=costs)
    b = L.programme_roi(tiers, uplift=0.1, margin=0.4, cost_per_member=costs.to_dict())
    pd.testing.assert_frame_equal(a, b)
    assert a.loc["total", "cost"] == pytest.approx(10 * 6800 + 20 * 3820)


def test_roi_dashboard_wiring():
    from crmlib.widgets.loyalty import roi_dashboard

    tiers = pd.DataFrame({"members": [10], "annual_spend": [60000.0]}, index=["A"])
    dash = roi_dashboard(tiers, {"A": 6800.0})
    assert dash.result[1] == "Programme cost 68,000 yuan; protected margin 24,000 yuan; ROI -64.7%."
    dash.controls["uplift"].value = 0.2  # protected margin doubles: 10 x 60,000 x 0.2 x 0.4
    assert "protected margin 48,000 yuan" in dash.result[1]
    dash.controls["margin"].value = 0.2  # and halves again
    assert "protected margin 24,000 yuan" in dash.result[1]
    assert isinstance(dash.result[0], matplotlib.figure.Figure)


def test_expectation_dashboard_wiring():
    from crmlib.datasets.synth import survey
    from crmlib.widgets.satisfaction import expectation_dashboard

    dash = expectation_dashboard(survey.generate())
    before = float(dash.result[1].split("= ")[1].split(";")[0])
    dash.controls["shift"].value = 1.0
    after = float(dash.result[1].split("= ")[1].split(";")[0])
    assert after < before
    dash.controls["attribute"].value = "environment"
    one = float(dash.result[1].split("= ")[1].split(";")[0])
    assert after < one < before


def test_restaurant_data_byte_stable_and_valid():
    for name in ("restaurant_attendance", "restaurant_feedback"):
        table = datasets.registry()[name]
        assert datasets.to_csv_bytes(table.generate()) == table.path.read_bytes()
    visits = datasets.load_restaurant_attendance()
    assert set(visits["date"].dt.strftime("%Y-%m")) == {"2024-05", "2024-06"}
    # the generator makes most May complainers stay away in June: the red rule finds some
    fb = datasets.load_restaurant_feedback()
    a = restaurant.alerts(restaurant.monthly_summary(visits, "2024-06"), restaurant.monthly_summary(visits, "2024-05"), fb)
    assert (a["level"] == "red").sum() >= 2


def test_plots_render_in_chinese():
    i18n.set_language("zh-CN")
    tb = L.cohort_table(datasets.load_cdnow_sample(), customer="customer_id")
    assert plot_cohort_curves(tb).axes[0].get_title() == "CDNOW 各月首购客户的留存曲线"
    assert plot_cohort_heatmap(tb).axes[0].get_title() == "同期群留存表（%）"


# --- properties -----------------------------------------------------------------------------

rows = st.lists(st.tuples(st.integers(1, 8), st.integers(0, 400)), min_size=1, max_size=60)


def to_tx(rs):
    return tx([c for c, _ in rs], [pd.Timestamp("2024-01-01") + pd.Timedelta(days=d) for _, d in rs])


@settings(max_examples=60, deadline=None)
@given(rows)
def test_cohort_shares_are_rates(rs):
    tb = L.cohort_table(to_tx(rs))
    vals = tb.to_numpy(float)
    assert np.all((vals[~np.isnan(vals)] >= 0) & (vals[~np.isnan(vals)] <= 1))
    assert (tb[0] == 1.0).all()
    assert sum(tb.attrs["cohort_size"].values()) == len({c for c, _ in rs})


@settings(max_examples=60, deadline=None)
@given(rows, st.integers(0, 400))
def test_repeat_buyers_grow_with_window(rs, cut):
    t_ = to_tx(rs)
    end = pd.Timestamp("2024-01-01") + pd.Timedelta(days=cut)
    early = t_[t_["date"] <= end]
    if len(early):
        # the number of repeat buyers can only grow as the window lengthens (the rate need not:
        # new first-time buyers join the denominator)
        n_early = early["customer_id"].nunique() * L.repeat_purchase_rate(t_, until=end)
        n_all = t_["customer_id"].nunique() * L.repeat_purchase_rate(t_)
        assert n_early <= n_all + 1e-9


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 50), st.floats(1000, 100000), st.floats(0.05, 0.9), st.floats(0, 1))
def test_breakeven_uplift_gives_zero_net(n, spend, margin, share):
    tiers = pd.DataFrame({"members": [n], "annual_spend": [spend]}, index=["C"])
    costs = restaurant.privilege_costs(tiers, discountable_share=share)
    be = L.programme_roi(tiers, uplift=0.0, margin=margin, cost_per_member=costs).loc["C", "breakeven_uplift"]
    if be <= 1:
        r = L.programme_roi(tiers, uplift=be, margin=margin, cost_per_member=costs)
        assert r.loc["C", "net"] == pytest.approx(0.0, abs=1e-6 * spend * n)


# --- bad input ------------------------------------------------------------------------------

def test_missing_column():
    with pytest.raises(CRMInputError, match="customer_id"):
        L.repeat_purchase_rate(pd.DataFrame({"date": ["2024-01-01"]}))


def test_bad_date():
    with pytest.raises(CRMInputError, match="date"):
        L.cohort_table(pd.DataFrame({"customer_id": [1, 2], "date": ["2024-01-01", "yesterday"]}))
    with pytest.raises(CRMInputError, match="until"):
        L.repeat_purchase_rate(tx([1], ["2024-01-01"]), until="someday")


def test_empty_table():
    with pytest.raises(CRMInputError, match="transactions"):
        L.cohort_table(tx([], []))
    with pytest.raises(CRMInputError, match="transactions"):
        L.repeat_purchase_rate(tx([1], ["2024-05-01"]), until="2024-01-01")


def test_missing_customer_id():
    with pytest.raises(CRMInputError, match="customer_id"):
        L.repeat_purchase_rate(pd.DataFrame({"customer_id": [1, None], "date": ["2024-01-01", "2024-01-02"]}))


def test_bad_freq_and_kind():
    with pytest.raises(CRMInputError, match="freq"):
        L.cohort_table(tx([1], ["2024-01-01"]), freq="D")
    with pytest.raises(CRMInputError, match="kind"):
        L.cohort_table(tx([1], ["2024-01-01"]), kind="percent")


def test_share_of_wallet_bad_input():
    with pytest.raises(CRMInputError, match="our_spend"):
        L.share_of_wallet(pd.DataFrame({"our_spend": [-1], "category_spend": [10]}))
    with pytest.raises(CRMInputError, match="category_spend"):
        L.share_of_wallet(pd.DataFrame({"our_spend": [0], "category_spend": [0]}))
    with pytest.raises(CRMInputError, match="our_spend"):
        L.share_of_wallet(pd.DataFrame({"our_spend": [20], "category_spend": [10]}))
    with pytest.raises(CRMInputError, match="category_spend"):
        L.share_of_wallet(pd.DataFrame({"our_spend": [20]}))


def test_roi_rates_out_of_range():
    tiers = pd.DataFrame({"members": [1], "annual_spend": [1000.0]}, index=["A"])
    with pytest.raises(CRMInputError, match="uplift"):
        L.programme_roi(tiers, uplift=1.5, margin=0.4, cost_per_member={"A": 100.0})
    with pytest.raises(CRMInputError, match="margin"):
        L.programme_roi(tiers, uplift=0.1, margin=-0.1, cost_per_member={"A": 100.0})


def test_roi_bad_tiers():
    with pytest.raises(CRMInputError, match="members"):
        L.programme_roi(pd.DataFrame({"members": [-1], "annual_spend": [10.0]}, index=["A"]), uplift=0.1, margin=0.4,
                        cost_per_member={"A": 1.0})
    with pytest.raises(CRMInputError, match="uplift"):
        L.programme_roi(pd.DataFrame({"members": [1, 1], "annual_spend": [10.0, 10.0]}, index=["A", "B"]),
                        uplift={"A": 0.1}, margin=0.4, cost_per_member={"A": 1.0, "B": 1.0})


def test_roi_bad_cost_per_member():
    tiers = pd.DataFrame({"members": [1, 1], "annual_spend": [10.0, 10.0]}, index=["A", "B"])
    with pytest.raises(CRMInputError, match=r"cost_per_member.*B"):  # a tier without a cost
        L.programme_roi(tiers, uplift=0.1, margin=0.4, cost_per_member={"A": 1.0})
    with pytest.raises(CRMInputError, match=r"cost_per_member\['B'\]"):
        L.programme_roi(tiers, uplift=0.1, margin=0.4, cost_per_member={"A": 1.0, "B": -5.0})
    with pytest.raises(CRMInputError, match="cost_per_member"):
        L.programme_roi(tiers, uplift=0.1, margin=0.4, cost_per_member=100.0)


def test_week_dates_by_hand_and_bad_input():
    import pandas as pd

    from crmlib import i18n
    from crmlib.validation import CRMInputError

    # week 1 starts on the start date; week 3 is 14 days later
    got = L.week_dates(pd.Series([1, 3]), "2024-01-01")
    assert got.tolist() == [pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-15")]
    i18n.set_language("en")
    with pytest.raises(CRMInputError, match="week"):
        L.week_dates(pd.Series([0, 2]))
    with pytest.raises(CRMInputError, match=r"week\[1\]"):
        L.week_dates(pd.Series([1, 2.5]))
    with pytest.raises(CRMInputError, match="start"):
        L.week_dates(pd.Series([1]), "not a date")
