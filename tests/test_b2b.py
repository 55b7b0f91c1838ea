"""Tests for crmlib.compute.b2b and crmlib.figures.b2b (the decision chain of a B2B account)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlib.compute import b2b
from crmlib.figures.b2b import plot_decision_chain
from crmlib.validation import CRMInputError


@pytest.fixture(autouse=True)
def _english(en):
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


# File 000's example ("影响客户决策模式的因素"): approver CEO; deciders HR VP and head of purchasing;
# supporters head of the user department and HR director; influencers government departments.
# Strengths are made up for the test; coverage is worked out by hand below.
SEED_CHAIN = pd.DataFrame({
    "person": ["CEO", "HR VP", "Purchasing", "User dept", "HRD", "Social security bureau"],
    "role": ["approver", "decider", "decider", "supporter", "supporter", "influencer"],
    "strength": [1, 2, 0, 3, 1, 0],
})


def test_coverage_by_hand():
    cov = b2b.chain_coverage(SEED_CHAIN)
    assert list(cov.index) == list(b2b.ROLES)
    assert cov["people"].tolist() == [1, 2, 2, 1]
    assert cov["strongest"].tolist() == [1, 2, 3, 0]
    assert cov["mean_strength"].tolist() == [1.0, 1.0, 2.0, 0.0]
    assert cov["covered"].tolist() == [False, True, True, False]
    assert b2b.chain_gaps(SEED_CHAIN) == ["approver", "influencer"]


def test_a_role_with_nobody_mapped_is_a_gap():
    chain = SEED_CHAIN[SEED_CHAIN["role"] != "influencer"]
    cov = b2b.chain_coverage(chain)
    assert cov.loc["influencer", "people"] == 0 and bool(cov.loc["influencer", "gap"])


def test_threshold_one_counts_any_contact():
    assert b2b.chain_gaps(SEED_CHAIN, min_strength=1) == ["influencer"]
    assert b2b.chain_gaps(SEED_CHAIN, min_strength=3) == ["approver", "decider", "influencer"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(b2b.ROLES), st.sampled_from(b2b.STRENGTHS)), min_size=1, max_size=15),
       st.integers(1, 3))
def test_property_gaps_are_exactly_the_roles_without_a_strong_enough_person(people, need):
    chain = pd.DataFrame({"person": [f"p{i}" for i in range(len(people))],
                          "role": [r for r, _ in people], "strength": [s for _, s in people]})
    expected = [r for r in b2b.ROLES if not any(role == r and s >= need for role, s in people)]
    assert b2b.chain_gaps(chain, min_strength=need) == expected
    # raising the bar never closes a gap
    if need < 3:
        assert set(expected) <= set(b2b.chain_gaps(chain, min_strength=need + 1))


def test_bad_input_names_the_column_or_parameter():
    with pytest.raises(CRMInputError, match="role"):
        b2b.chain_coverage(SEED_CHAIN.assign(role="boss"))
    with pytest.raises(CRMInputError, match="strength"):
        b2b.chain_coverage(SEED_CHAIN.assign(strength=5))
    with pytest.raises(CRMInputError, match="person"):
        b2b.chain_coverage(SEED_CHAIN.drop(columns="person"))
    with pytest.raises(CRMInputError, match="min_strength"):
        b2b.chain_coverage(SEED_CHAIN, min_strength=4)
    with pytest.raises(CRMInputError, match="min_strength"):
        b2b.chain_coverage(SEED_CHAIN, min_strength=0)
    with pytest.raises(CRMInputError, match="chain"):
        b2b.chain_coverage(SEED_CHAIN.iloc[0:0])


def test_message_in_chinese(zh):
    with pytest.raises(CRMInputError, match="最低关系强度"):
        b2b.chain_coverage(SEED_CHAIN, min_strength=9)


def test_figure_draws_one_box_per_person_and_marks_gaps():
    cov = b2b.chain_coverage(SEED_CHAIN)
    fig = plot_decision_chain(SEED_CHAIN.assign(title="t"), cov)
    ax = fig.axes[0]
    assert len(ax.patches) == len(SEED_CHAIN)
    texts = [txt.get_text() for txt in ax.texts]
    assert sum("(gap)" in s for s in texts) == 2
