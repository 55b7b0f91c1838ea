"""Tests of crmlib.compute.satisfaction (chapter 6) and the survey generator."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlib import i18n
from crmlib.compute import satisfaction as s
from crmlib.figures.satisfaction import plot_importance_performance, plot_repurchase_curve
from crmlib.views.satisfaction import expectation_view
from crmlib.datasets.synth import survey
from crmlib.validation import CRMInputError


@pytest.fixture(autouse=True)
def _english(en):
    from crmlib.figures.theme import use_theme

    use_theme()  # the bundled Chinese font, so zh-CN labels draw without warnings
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def data():
    return survey.generate()


# --- known values ---------------------------------------------------------------------------

def test_ratio_index_by_hand():
    # C = b/a: perceived 4 against expected 5 is 0.8 (textbook convention).
    assert s.ratio_index(4, 5) == pytest.approx(0.8)
    assert s.ratio_index(7, 7) == 1.0


def test_attribute_scores_by_hand():
    # a = (6, 4) -> 5, b = (3, 5) -> 4; C = 4/5 = 0.8; gap -1; one of two respondents below.
    df = pd.DataFrame({"expect_food": [6, 4], "perceive_food": [3, 5], "expect_room": [5, 5], "perceive_room": [6, 7]})
    out = s.attribute_scores(df, ["food", "room"])
    assert out.loc["food"].tolist() == pytest.approx([5, 4, 0.8, -1, 0.5])
    assert out.loc["room"].tolist() == pytest.approx([5, 6.5, 1.3, 1.5, 0.0])


def test_nps_definition():
    # Reichheld (2003): promoters 9-10, detractors 0-6. 3 promoters, 2 passives, 5 detractors of 10.
    r = s.nps([10, 9, 9, 8, 7, 6, 5, 0, 3, 6])
    assert r["promoters"] == pytest.approx(0.3) and r["passives"] == pytest.approx(0.2)
    assert r["detractors"] == pytest.approx(0.5) and r["nps"] == pytest.approx(-20.0)
    assert s.nps([10] * 4)["nps"] == 100.0
    assert s.nps([0, 6])["nps"] == -100.0
    assert s.nps([7, 8])["nps"] == 0.0
    assert s.nps_groups([9, 8, 7, 6]).tolist() == ["promoter", "passive", "passive", "detractor"]


def test_driver_regression_recovers_exact_linear_relation():
    # y = 2 + 0.5 x1 + 1.5 x2 exactly: OLS must return those coefficients (hand-built data).
    rng = np.random.default_rng(0)
    x1, x2 = rng.integers(1, 8, 50).astype(float), rng.integers(1, 8, 50).astype(float)
    df = pd.DataFrame({"y": 2 + 0.5 * x1 + 1.5 * x2, "x1": x1, "x2": x2})
    res = s.driver_regression(df, "y", ["x1", "x2"])
    assert res.params.tolist() == pytest.approx([2, 0.5, 1.5])
    table = s.driver_table(res)
    assert list(table.index) == ["x1", "x2"]
    assert table.loc["x1", "beta"] == pytest.approx(0.5 * x1.std(ddof=1) / df["y"].std(ddof=1))


def test_driver_regression_on_survey_finds_generator_order(data):
    # The generator weights dishes 0.35 > service 0.25 > value 0.20 > speed 0.12 > environment 0.08
    # (crmlib.datasets.synth.survey); derived importance must rank the attributes the same way.
    table = s.driver_table(s.driver_regression(data))
    order = table["coef"].sort_values(ascending=False).index.str.replace("perceive_", "").tolist()
    assert order == ["dishes", "service", "value", "speed", "environment"]
    assert (table["p_value"] < 0.001).all()


def test_ipa_quadrants_by_hand():
    # Two attributes, hand-made: importance 1 vs 0 and performance 3 vs 6 -> a is "concentrate here",
    # b is "possible overkill" (Martilla & James 1977 quadrant names).
    rng = np.random.default_rng(1)
    a = rng.integers(1, 6, 80).astype(float)
    b = rng.integers(4, 8, 80).astype(float)
    df = pd.DataFrame({"perceive_a": a, "perceive_b": b, "satisfaction": 1 + a + 0.0 * b + rng.normal(0, 0.01, 80)})
    ipa = s.importance_performance(df, ["a", "b"])
    assert ipa.loc["a", "quadrant"] == "concentrate_here"
    assert ipa.loc["b", "quadrant"] == "possible_overkill"


def test_repurchase_logit_recovers_generator(data):
    # The generator draws repurchase with logit -7 + 0.85 * satisfaction (crmlib.datasets.synth.survey);
    # with 600 respondents the fit must be within about two standard errors.
    m = s.repurchase_model(data)
    assert abs(m.params["satisfaction"] - 0.85) < 2.5 * m.bse["satisfaction"]
    assert abs(m.params["const"] + 7.0) < 2.5 * m.bse["const"]


def test_satisfied_customers_still_leave(data):
    # Jones & Sasser (1995): at a "satisfied" 7-8 of 10, well under the share returning at 10.
    c = s.repurchase_curve(data)
    assert c.loc[7:8, "fitted"].max() < 0.6 < c.loc[10, "fitted"]
    assert c["respondents"].sum() == len(data)


def test_expectation_view_lowers_c_when_expectations_rise(data):
    _, base = expectation_view(data, 0.0, "all")
    fig, higher = expectation_view(data, 1.0, "all")
    assert float(higher.split("= ")[1].split(";")[0]) < float(base.split("= ")[1].split(";")[0])
    assert fig.axes[0].get_title() == i18n.t("satisfaction.ratio_title")


def test_plots_have_localized_labels(data):
    i18n.set_language("zh-CN")
    fig = plot_importance_performance(s.importance_performance(data))
    assert fig.axes[0].get_title() == "重要性–表现矩阵"
    fig2 = plot_repurchase_curve(s.repurchase_curve(data), satisfied_from=7)
    assert "满意" in fig2.axes[0].get_title()


def test_survey_table_loads_and_is_byte_stable():
    from crmlib import datasets

    table = datasets.registry()["survey"]
    assert datasets.to_csv_bytes(table.generate()) == table.path.read_bytes()
    assert datasets.load("survey").shape == (600, 14)


# --- properties -----------------------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 10), min_size=1, max_size=200))
def test_nps_bounds_and_shares(scores):
    r = s.nps(scores)
    assert -100 <= r["nps"] <= 100
    assert r["promoters"] + r["passives"] + r["detractors"] == pytest.approx(1.0)
    assert r["nps"] == pytest.approx(100 * (sum(x >= 9 for x in scores) - sum(x <= 6 for x in scores)) / len(scores))


@settings(max_examples=60, deadline=None)
@given(st.floats(0, 10), st.floats(0.1, 10), st.floats(1.01, 3))
def test_ratio_falls_when_expectation_rises(b, a, k):
    assert s.ratio_index(b, a * k) <= s.ratio_index(b, a)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000))
def test_survey_ranges_any_seed(seed):
    df = survey.generate(seed=seed, n=40)
    assert df.filter(like="expect_").isin(range(1, 8)).all().all()
    assert df["satisfaction"].between(1, 10).all() and df["recommend"].between(0, 10).all()


# --- bad input ------------------------------------------------------------------------------

def test_missing_column(data):
    with pytest.raises(CRMInputError, match="perceive_speed"):
        s.attribute_scores(data.drop(columns="perceive_speed"))


def test_zero_expectation():
    with pytest.raises(CRMInputError, match="expectation"):
        s.ratio_index(3, 0)
    with pytest.raises(CRMInputError, match="expect_food"):
        s.attribute_scores(pd.DataFrame({"expect_food": [0, 4], "perceive_food": [3, 5]}), ["food"])


def test_negative_perception():
    with pytest.raises(CRMInputError, match="perception"):
        s.ratio_index(np.array([-1.0, 2.0]), 5)
    with pytest.raises(CRMInputError, match="perceive_food"):
        s.attribute_scores(pd.DataFrame({"expect_food": [5, 4], "perceive_food": [-3, 5]}), ["food"])


def test_nps_out_of_scale_and_fraction_and_empty():
    with pytest.raises(CRMInputError, match="recommend"):
        s.nps([3, 11])
    with pytest.raises(CRMInputError, match=r"scores\[1\]"):
        s.nps([3, 7.5])
    with pytest.raises(CRMInputError, match="scores"):
        s.nps([])


def test_nps_not_numeric():
    with pytest.raises(CRMInputError, match="recommend"):
        s.nps(["nine", 3])


def test_regression_too_few_rows_and_no_drivers():
    df = pd.DataFrame({"y": [1.0, 2.0], "x": [1.0, 3.0]})
    with pytest.raises(CRMInputError, match="survey"):
        s.driver_regression(df, "y", ["x"])
    with pytest.raises(CRMInputError, match="drivers"):
        s.driver_regression(df, "y", [])


def test_repurchase_not_binary_and_one_class():
    df = pd.DataFrame({"satisfaction": [1, 2, 3], "repurchase": [0, 0.5, 1]})
    with pytest.raises(CRMInputError, match="repurchase"):
        s.repurchase_model(df)
    with pytest.raises(CRMInputError, match="repurchase"):
        s.repurchase_model(pd.DataFrame({"satisfaction": [1, 2, 3], "repurchase": [1, 1, 1]}))


def test_empty_survey(data):
    with pytest.raises(CRMInputError, match="survey"):
        s.attribute_scores(data.iloc[0:0])


def test_unknown_attribute_in_view(data):
    with pytest.raises(CRMInputError, match="attribute"):
        expectation_view(data, 1.0, "parking")
    with pytest.raises(CRMInputError, match="shift"):
        expectation_view(data, float("nan"))


def test_survey_generator_too_small():
    with pytest.raises(CRMInputError, match="n"):
        survey.generate(n=5)
