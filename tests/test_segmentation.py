"""Tests for crmlib.compute.segmentation and crmlib.figures.segmentation (needs and segmentation)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlib import datasets
from crmlib.compute import satisfaction, segmentation
from crmlib.datasets.synth.survey import ATTRIBUTES
from crmlib.figures.segmentation import plot_segment_comparison
from crmlib.validation import CRMInputError


@pytest.fixture(autouse=True)
def _english(en):
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def test_profiles_by_hand():
    # hand calculation: segment a = {10, 3} -> one promoter, one detractor: NPS 0; mean spend 15.
    # segment b = {9, 8, 9} -> two promoters of three: NPS 66.67; mean spend (60+30+0)/3 = 30.
    df = pd.DataFrame({"seg": ["a", "a", "b", "b", "b"], "spend": [10.0, 20.0, 60.0, 30.0, 0.0],
                       "recommend": [10, 3, 9, 8, 9]})
    prof = segmentation.segment_profiles(df, "seg", ["spend"], recommend="recommend")
    assert prof["size"].tolist() == [2.0, 3.0]
    assert prof["share"].tolist() == pytest.approx([0.4, 0.6])
    assert prof["mean_spend"].tolist() == pytest.approx([15.0, 30.0])
    assert prof["nps"].tolist() == pytest.approx([0.0, 200 / 3])


def test_segment_nps_uses_the_chapter_definition():
    survey = datasets.load_survey()
    groups = satisfaction.nps_groups(survey["recommend"]).to_numpy()
    prof = segmentation.segment_profiles(survey.assign(g=groups), "g", ["satisfaction"], recommend="recommend")
    assert prof.loc["promoter", "nps"] == 100.0 and prof.loc["detractor", "nps"] == -100.0
    assert prof.loc["passive", "nps"] == 0.0
    assert prof["size"].sum() == len(survey)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abc"), st.floats(-100, 100)), min_size=1, max_size=40))
def test_property_sizes_add_up_and_weighted_means_give_the_overall_mean(rows):
    df = pd.DataFrame(rows, columns=["seg", "x"])
    prof = segmentation.segment_profiles(df, "seg", ["x"])
    assert prof["size"].sum() == len(df)
    assert prof["share"].sum() == pytest.approx(1.0)
    assert float((prof["mean_x"] * prof["size"]).sum() / len(df)) == pytest.approx(df["x"].mean(), abs=1e-9)


def test_benefit_sought_by_hand():
    # z-scores: taste column [7, 5, 6] -> mean 6, sd 0.816: [1.22, -1.22, 0];
    # price column [4, 6, 5] -> [-1.22, 1.22, 0]; row 3 ties at 0 -> the first attribute, taste.
    s = pd.DataFrame({"expect_taste": [7, 5, 6], "expect_price": [4, 6, 5]})
    assert segmentation.benefit_sought(s, ["taste", "price"]).tolist() == ["taste", "price", "taste"]


def test_benefit_sought_on_the_survey_gives_every_attribute_and_few_of_each():
    survey = datasets.load_survey()
    benefit = segmentation.benefit_sought(survey, ATTRIBUTES)
    counts = benefit.value_counts()
    assert set(counts.index) == set(ATTRIBUTES)
    assert counts.min() > 0.1 * len(survey)
    # each respondent's chosen attribute has their highest expectation z-score
    cols = [f"expect_{a}" for a in ATTRIBUTES]
    z = (survey[cols] - survey[cols].mean()) / survey[cols].std(ddof=0)
    chosen = z.to_numpy()[np.arange(len(survey)), [ATTRIBUTES.index(b) for b in benefit]]
    assert np.allclose(chosen, z.max(axis=1).to_numpy())


def test_bad_input_names_the_column():
    df = pd.DataFrame({"seg": ["a", None], "x": [1.0, 2.0]})
    with pytest.raises(CRMInputError, match="seg"):
        segmentation.segment_profiles(df, "seg", ["x"])
    with pytest.raises(CRMInputError, match="y"):
        segmentation.segment_profiles(df.fillna("b"), "seg", ["y"])
    with pytest.raises(CRMInputError, match="x"):
        segmentation.segment_profiles(df.fillna("b").assign(x=["a", "b"]), "seg", ["x"])
    with pytest.raises(CRMInputError, match="attributes"):
        segmentation.benefit_sought(pd.DataFrame({"expect_a": [1]}), ["a"])
    with pytest.raises(CRMInputError, match="expect_b"):
        segmentation.benefit_sought(pd.DataFrame({"expect_a": [1]}), ["a", "b"])


def test_message_in_chinese(zh):
    with pytest.raises(CRMInputError, match="每一行都要属于某个群体"):
        segmentation.segment_profiles(pd.DataFrame({"seg": [None], "x": [1.0]}), "seg", ["x"])


def test_figure_draws_one_bar_per_segment_and_panel():
    prof = segmentation.segment_profiles(datasets.load_survey().assign(
        b=segmentation.benefit_sought(datasets.load_survey(), ATTRIBUTES)), "b", ["satisfaction"], recommend="recommend")
    fig = plot_segment_comparison(prof, ["mean_satisfaction", "nps"], segment_prefix="satisfaction.attr")
    assert [len(ax.patches) for ax in fig.axes] == [5, 5]


def test_variable_families_in_both_languages(lang):
    fam = segmentation.variable_families()
    assert list(fam.index) == list(segmentation.VARIABLE_FAMILIES)
    assert fam["behavioural"].startswith("行为变量" if lang == "zh-CN" else "Behavioural")
