"""Tests for crmlib.compute.lifecycle and crmlib.figures.lifecycle (chapter 4, the customer lifecycle)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlib import datasets
from crmlib.compute import lifecycle
from crmlib.figures.lifecycle import plot_stage_summary, plot_stages_over_time
from crmlib.validation import CRMInputError


@pytest.fixture(autouse=True)
def _english(en):
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def _orders(rows):
    return pd.DataFrame(rows, columns=["customer_id", "date", "amount"])


# Hand cases for the teaching rule, read on 31 December 2024 with a 180-day window:
# the last window holds days with age 0..179 (from 2024-07-05), the one before ages 180..359
# (from 2024-01-07 to 2024-07-04). Each case is worked out by hand from the rule's six steps.
HAND = _orders([
    ("silent", "2023-05-01", 80),       # last purchase 610 days ago >= 180 -> decline (rule 1)
    ("new", "2024-12-10", 50),          # first purchase 21 days ago -> exploration (rule 2)
    ("once_old", "2024-08-01", 40),     # one purchase day, 152 days ago -> exploration (rule 2)
    ("young", "2024-03-01", 60),        # tenure 305 days (180..359), two purchase days -> formation (3)
    ("young", "2024-11-01", 90),
    ("grow", "2023-06-01", 100),        # previous window 100, last window 200 = 2x >= 1.25 -> formation (5)
    ("grow", "2024-03-01", 100),
    ("grow", "2024-10-01", 200),
    ("drop", "2023-06-01", 100),        # previous 300, last 100 < 0.5 * 300 -> decline (rule 4)
    ("drop", "2024-03-01", 300),
    ("drop", "2024-10-01", 100),
    ("steady", "2023-03-01", 500),      # previous 500, last 500: ratio 1 -> stability (rule 6)
    ("steady", "2024-03-01", 500),
    ("steady", "2024-09-01", 500),
])
EXPECTED = {"silent": "decline", "new": "exploration", "once_old": "exploration", "young": "formation",
            "grow": "formation", "drop": "decline", "steady": "stability"}


def test_hand_cases_follow_the_stated_rule():
    stages = lifecycle.lifecycle_stages(HAND, "2024-12-31")
    assert stages["stage"].to_dict() == EXPECTED
    assert stages.loc["drop", ["spend_previous", "spend_recent"]].tolist() == [300.0, 100.0]
    assert stages.loc["grow", "trend"] == pytest.approx(2.0)
    assert stages.loc["steady", "tenure_days"] == (pd.Timestamp("2024-12-31") - pd.Timestamp("2023-03-01")).days


def test_thresholds_move_the_boundary_cases():
    # "drop" fell to 1/3 of its previous spend: with decline_ratio 0.3 that is no longer a decline,
    # and it is not growth either, so it becomes stable. "grow" doubled: with growth_ratio 2.5 it is stable.
    stages = lifecycle.lifecycle_stages(HAND, "2024-12-31", decline_ratio=0.3, growth_ratio=2.5)
    assert stages.loc["drop", "stage"] == "stability"
    assert stages.loc["grow", "stage"] == "stability"


def test_orders_after_as_of_are_ignored():
    later = pd.concat([HAND, _orders([("silent", "2025-02-01", 999)])], ignore_index=True)
    assert lifecycle.lifecycle_stages(later, "2024-12-31")["stage"].to_dict() == EXPECTED


def test_first_and_last_purchase_come_from_the_purchase_cycle_definition():
    from crmlib.compute.churn import purchase_cycles

    stages = lifecycle.lifecycle_stages(HAND, "2024-12-31")
    cycles = purchase_cycles(HAND, "2024-12-31")
    pd.testing.assert_series_equal(stages["last_purchase"], cycles["last_purchase"])
    pd.testing.assert_series_equal(stages["purchases"], cycles["purchases"])


def test_stage_summary_counts_and_shares():
    summary = lifecycle.stage_summary(lifecycle.lifecycle_stages(HAND, "2024-12-31"))
    assert list(summary.index) == list(lifecycle.STAGES)
    assert summary["customers"].tolist() == [2, 2, 1, 2]  # exploration, formation, stability, decline
    assert summary["customer_share"].sum() == pytest.approx(1.0)
    assert summary["recent_share"].sum() == pytest.approx(1.0)
    # last-window spend by hand: exploration = new 50 + once_old 40 (1 August is in the window) = 90
    assert summary.loc["exploration", "spend_recent"] == pytest.approx(90.0)
    assert summary.loc["stability", "mean_recent"] == pytest.approx(500.0)


def test_stage_guide_has_every_stage_in_both_languages(lang):
    guide = lifecycle.stage_guide()
    assert len(guide) == 4 and guide["service"].str.len().min() > 3
    assert guide["stage"].iloc[0] == ("考察期" if lang == "zh-CN" else "Exploration")


def test_stages_over_time_counts_every_customer_seen_so_far():
    table = lifecycle.stages_over_time(HAND, ["2024-06-30", "2024-12-31"])
    assert table.loc[pd.Timestamp("2024-12-31")].sum() == HAND["customer_id"].nunique()
    seen_by_june = HAND[pd.to_datetime(HAND["date"]) <= "2024-06-30"]["customer_id"].nunique()
    assert table.loc[pd.Timestamp("2024-06-30")].sum() == seen_by_june


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 5), st.integers(0, 900), st.floats(1, 1000)), min_size=1, max_size=40),
    st.floats(1.5, 20),
)
def test_property_every_customer_gets_one_stage_and_scaling_money_changes_nothing(rows, factor):
    base = pd.Timestamp("2022-01-01")
    orders = pd.DataFrame({"customer_id": [f"c{c}" for c, _, _ in rows],
                           "date": [base + pd.Timedelta(days=d) for _, d, _ in rows],
                           "amount": [a for _, _, a in rows]})
    stages = lifecycle.lifecycle_stages(orders, "2024-06-30")
    assert set(stages["stage"]) <= set(lifecycle.STAGES)
    assert len(stages) == orders["customer_id"].nunique()
    scaled = lifecycle.lifecycle_stages(orders.assign(amount=orders["amount"] * factor), "2024-06-30")
    assert scaled["stage"].tolist() == stages["stage"].tolist()
    # anyone silent for a whole window is in decline, whatever their history
    assert (stages.loc[stages["days_since"] >= 180, "stage"] == "decline").all()


def test_on_the_d_manager_orders_every_stage_occurs():
    orders = datasets.load_d_manager_orders()
    stages = lifecycle.lifecycle_stages(orders, "2024-12-31", date="order_date")
    summary = lifecycle.stage_summary(stages)
    assert (summary["customers"] > 0).all()
    assert summary["customers"].sum() == orders["customer_id"].nunique()
    # the stable customers spend the most per head: the textbook's "value is highest in stability"
    assert summary["mean_recent"].idxmax() == "stability"


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [({"growth_ratio": 1.0}, "growth_ratio"), ({"decline_ratio": 1.2}, "decline_ratio"),
     ({"decline_ratio": 0}, "decline_ratio"), ({"window_days": 0}, "window_days"),
     ({"window_days": 2.5}, "window_days")],
)
def test_bad_parameters_name_the_parameter(kwargs, name):
    with pytest.raises(CRMInputError, match=name):
        lifecycle.lifecycle_stages(HAND, "2024-12-31", **kwargs)


def test_bad_tables_name_the_column():
    with pytest.raises(CRMInputError, match="amount"):
        lifecycle.lifecycle_stages(HAND.drop(columns="amount"), "2024-12-31")
    with pytest.raises(CRMInputError, match="amount"):
        lifecycle.lifecycle_stages(HAND.assign(amount=-1.0), "2024-12-31")
    with pytest.raises(CRMInputError, match="date"):
        lifecycle.lifecycle_stages(HAND.assign(date="not a date"), "2024-12-31")
    with pytest.raises(CRMInputError, match="stage"):
        lifecycle.stage_summary(pd.DataFrame({"stage": ["teen"], "spend_recent": [1.0],
                                              "spend_total": [1.0], "purchases": [1]}))
    with pytest.raises(CRMInputError, match="dates"):
        lifecycle.stages_over_time(HAND, [])


def test_bad_input_message_in_chinese(zh):
    with pytest.raises(CRMInputError, match="增长倍数"):
        lifecycle.lifecycle_stages(HAND, "2024-12-31", growth_ratio=0.5)


def test_figures_draw_one_bar_per_stage():
    summary = lifecycle.stage_summary(lifecycle.lifecycle_stages(HAND, "2024-12-31"))
    fig = plot_stage_summary(summary)
    assert [len(ax.patches) for ax in fig.axes] == [4, 4]
    assert fig.axes[0].patches[0].get_height() == 2
    table = lifecycle.stages_over_time(HAND, ["2024-06-30", "2024-12-31"])
    fig2 = plot_stages_over_time(table)
    assert len(fig2.axes[0].patches) == 8
