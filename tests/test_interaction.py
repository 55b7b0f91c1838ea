"""Tests for crmlib.compute.interaction (complaint log, FCR, affinity, next best offer) and its data."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crmlib
from crmlib import datasets
from crmlib.compute import interaction
from crmlib.figures.interaction import plot_cause_pareto, plot_complaints_per_day, plot_fcr_trend
from crmlib.datasets.synth import complaints as synth
from crmlib.validation import CRMInputError


@pytest.fixture(autouse=True)
def english(en):
    yield
    plt.close("all")


def small_log():
    return pd.DataFrame(
        {
            "date": ["2025-01-06", "2025-01-06", "2025-01-08", "2025-01-13", "2025-01-14", "2025-01-14"],
            "cause": ["late_delivery", "wrong_item", "late_delivery", "late_delivery", "billing_error", "wrong_item"],
            "channel": ["phone", "email", "phone", "store", "email", "phone"],
            "resolved_first_contact": [True, False, True, True, False, True],
        }
    )


# --- complaint log ------------------------------------------------------------------------

def test_complaints_per_day_fills_gaps():
    # Hand count: 6 Jan 2, 7 Jan 0, 8 Jan 1, ..., 13 Jan 1, 14 Jan 2: nine days in all.
    daily = interaction.complaints_per_day(small_log())
    assert len(daily) == 9
    assert daily["complaints"].tolist() == [2, 0, 1, 0, 0, 0, 0, 1, 2]


def test_cause_pareto_hand_count():
    # late_delivery 3, wrong_item 2, billing_error 1 of 6.
    p = interaction.cause_pareto(small_log())
    assert p["cause"].tolist() == ["late_delivery", "wrong_item", "billing_error"]
    assert p["complaints"].tolist() == [3, 2, 1]
    assert p["cumulative_share"].tolist() == pytest.approx([0.5, 5 / 6, 1.0])
    assert interaction.vital_few(p, 0.8) == ["late_delivery", "wrong_item"]


@given(st.lists(st.sampled_from(list("abcdefg")), min_size=1, max_size=200), st.floats(0, 1))
@settings(max_examples=60, deadline=None)
def test_pareto_properties(causes, threshold):
    p = interaction.cause_pareto(pd.DataFrame({"cause": causes}))
    assert p["complaints"].sum() == len(causes)
    assert (np.diff(p["complaints"]) <= 0).all()
    assert p["cumulative_share"].iloc[-1] == pytest.approx(1.0)
    few = interaction.vital_few(p, threshold)
    assert p.set_index("cause").loc[few, "share"].sum() >= threshold - 1e-9


def test_fcr_rate_and_weekly_trend_hand_count():
    # 4 of 6 resolved at first contact. Week of Mon 6 Jan: 2 of 3; week of Mon 13 Jan: 2 of 3.
    log = small_log()
    assert interaction.fcr_rate(log) == pytest.approx(4 / 6)
    tr = interaction.fcr_trend(log, "W")
    assert tr["period"].dt.strftime("%Y-%m-%d").tolist() == ["2025-01-06", "2025-01-13"]
    assert tr["complaints"].tolist() == [3, 3]
    assert tr["fcr_rate"].tolist() == pytest.approx([2 / 3, 2 / 3])
    assert (tr["ci_low"] <= tr["fcr_rate"]).all() and (tr["fcr_rate"] <= tr["ci_high"]).all()


def test_fcr_by_channel_hand_count():
    # email 0 of 2, phone 3 of 3, store 1 of 1.
    out = interaction.fcr_by(small_log(), "channel")
    assert out["channel"].tolist() == ["email", "phone", "store"]
    assert out["fcr_rate"].tolist() == [0.0, 1.0, 1.0]


def test_synthetic_log_shows_training_effect():
    log = datasets.load_complaints()
    res = interaction.fcr_before_after(log, synth.TRAINING_DAY)
    assert res["rate_b"] > res["rate_a"]
    # The generator adds 12 points after training; the estimate is within 5 points of that.
    assert abs(res["difference"] - synth.TRAINING_GAIN) < 0.05
    assert res["significant"]


def test_synthetic_files_are_byte_stable():
    for table in synth.TABLES:
        assert datasets.to_csv_bytes(table.generate()) == table.path.read_bytes()
        assert table.path.stat().st_size < 3_000_000


def test_plots_render_in_chinese():
    crmlib.setup("zh-CN")
    log = datasets.load_complaints()
    fig = plot_cause_pareto(interaction.cause_pareto(log))
    assert fig.axes[0].get_xticklabels()[0].get_text() == "配送延迟"
    fig2 = plot_complaints_per_day(interaction.complaints_per_day(log), marks={"interaction.mark_sale": "2025-03-08"})
    assert fig2.axes[0].get_ylabel() == "投诉数"
    fig3 = plot_fcr_trend(interaction.fcr_trend(log))
    assert fig3.axes[0].get_title().startswith("“一次即圆满”")


# --- affinity and next best offer ---------------------------------------------------------

def toy_baskets():
    # Orders: 1 {milk, bread}, 2 {milk, bread}, 3 {milk}, 4 {eggs}, 5 {eggs, bread}.
    return pd.DataFrame(
        {
            "order_id": [1, 1, 2, 2, 3, 4, 5, 5],
            "category": ["milk", "bread", "milk", "bread", "milk", "eggs", "eggs", "bread"],
        }
    )


def test_affinity_hand_calculation():
    # support(milk) = 3/5, support(bread) = 3/5, support(milk, bread) = 2/5.
    # confidence(milk → bread) = (2/5) / (3/5) = 2/3; lift = (2/3) / (3/5) = 10/9.
    a = interaction.category_affinity(toy_baskets()).set_index(["antecedent", "consequent"])
    row = a.loc[("milk", "bread")]
    assert row["support"] == pytest.approx(0.4)
    assert row["confidence"] == pytest.approx(2 / 3)
    assert row["lift"] == pytest.approx(10 / 9)
    assert row["orders"] == 2
    # eggs → bread: support 1/5, confidence 1/2, lift (1/2)/(3/5) = 5/6.
    assert a.loc[("eggs", "bread"), "lift"] == pytest.approx(5 / 6)
    assert ("milk", "eggs") not in a.index  # never bought together


@given(st.lists(st.tuples(st.integers(1, 30), st.sampled_from(list("vwxyz"))), min_size=2, max_size=120))
@settings(max_examples=60, deadline=None)
def test_affinity_properties(rows):
    b = pd.DataFrame(rows, columns=["order_id", "category"])
    a = interaction.category_affinity(b)
    if a.empty:
        return
    assert ((a["support"] > 0) & (a["support"] <= a["confidence"] + 1e-12) & (a["confidence"] <= 1 + 1e-12)).all()
    # Lift is symmetric: lift(A → B) = lift(B → A).
    m = interaction.lift_matrix(a)
    both = m.notna() & m.T.notna()
    assert np.allclose(m.where(both).fillna(0).to_numpy(), m.T.where(both).fillna(0).to_numpy())


def test_next_best_offer_hand_example():
    a = interaction.category_affinity(toy_baskets())
    # A milk buyer: bread (lift 10/9) qualifies, eggs never co-occur.
    offers = interaction.next_best_offer(a, ["milk"])
    assert offers["offer"].tolist() == ["bread"]
    assert offers["because"].tolist() == ["milk"]
    # An eggs buyer: bread has lift 5/6 < 1, so no offer at min_lift 1 but one at min_lift 0.
    assert interaction.next_best_offer(a, ["eggs"]).empty
    assert interaction.next_best_offer(a, ["eggs"], min_lift=0)["offer"].tolist() == ["bread"]


def test_next_best_offer_on_synthetic_baskets():
    a = interaction.category_affinity(datasets.load_category_baskets())
    # The generator puts pet food and pet toys together: a pet-food buyer is offered pet toys.
    assert interaction.next_best_offer(a, ["pet_food"])["offer"].iloc[0] == "pet_toys"
    offers = interaction.next_best_offer(a, ["milk_powder", "vegetables"], top=5)
    assert not set(offers["offer"]) & {"milk_powder", "vegetables"}


# --- bad input ----------------------------------------------------------------------------

def test_missing_column_named():
    with pytest.raises(CRMInputError, match="resolved_first_contact"):
        interaction.fcr_rate(small_log().drop(columns="resolved_first_contact"))


def test_bad_date_named():
    log = small_log()
    log.loc[2, "date"] = "2025-13-01"
    with pytest.raises(CRMInputError, match="date"):
        interaction.complaints_per_day(log)


def test_empty_table_named():
    with pytest.raises(CRMInputError, match="log"):
        interaction.cause_pareto(small_log().iloc[0:0])


def test_non_boolean_resolution_named():
    log = small_log()
    log["resolved_first_contact"] = log["resolved_first_contact"].astype(object)
    log.loc[0, "resolved_first_contact"] = "yes"
    with pytest.raises(CRMInputError, match="resolved_first_contact"):
        interaction.fcr_rate(log)


def test_missing_cause_named():
    log = small_log()
    log.loc[1, "cause"] = None
    with pytest.raises(CRMInputError, match="cause"):
        interaction.cause_pareto(log)


def test_bad_frequency_named():
    with pytest.raises(CRMInputError, match="freq"):
        interaction.fcr_trend(small_log(), "Q")


def test_threshold_outside_range_named():
    with pytest.raises(CRMInputError, match="threshold"):
        interaction.vital_few(interaction.cause_pareto(small_log()), 1.2)


def test_min_support_outside_range_named():
    with pytest.raises(CRMInputError, match="min_support"):
        interaction.category_affinity(toy_baskets(), min_support=-0.1)


def test_basket_missing_column_named():
    with pytest.raises(CRMInputError, match="category"):
        interaction.category_affinity(toy_baskets().drop(columns="category"))


def test_unknown_owned_category_named():
    a = interaction.category_affinity(toy_baskets())
    with pytest.raises(CRMInputError, match="caviar"):
        interaction.next_best_offer(a, ["caviar"])


def test_empty_owned_named():
    a = interaction.category_affinity(toy_baskets())
    with pytest.raises(CRMInputError, match="owned"):
        interaction.next_best_offer(a, [])


def test_change_date_without_after_named():
    with pytest.raises(CRMInputError, match="after"):
        interaction.fcr_before_after(small_log(), "2026-01-01")
