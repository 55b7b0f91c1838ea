"""Tests of crmlib.compute.pyramid: the customer pyramid (tiers by share of customers)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlib.compute import pyramid as pyr
from crmlib.figures.pyramid import plot_pyramid
from crmlib.validation import CRMInputError


pytestmark = pytest.mark.usefixtures("en")  # English throughout (tests/conftest.py)


def test_default_tiers_hold_1_4_15_80_percent():
    # 200 customers: 1% = 2, 4% = 8, 15% = 30, the rest 160 (rule-of-thumb shares).
    values = np.random.default_rng(3).permutation(200) + 1.0
    tiers = pyr.pyramid_tiers(values)
    assert tiers.value_counts(sort=False).tolist() == [2, 8, 30, 160]
    # The two largest values are the VIPs.
    assert set(np.argsort(-values)[:2]) == set(np.flatnonzero(tiers == "vip"))


def test_summary_hand_calculation():
    # Values 100..1 (total 5050): vip {100}; major {99..96} = 390; ordinary {95..81} = 1320.
    s = pyr.pyramid_summary(list(range(100, 0, -1)))
    assert s["value"].tolist() == [100, 390, 1320, 3240]
    assert s["value_share"].sum() == pytest.approx(1.0)


def test_empty_tier_is_kept_with_zero():
    s = pyr.pyramid_summary([5.0, 1.0], shares=(0.0, 0.5, 0.0))
    assert s.index.tolist() == list(pyr.TIERS)
    assert s["customers"].tolist() == [0, 1, 0, 1]


@given(st.lists(st.floats(0, 1e4, allow_nan=False), min_size=1, max_size=120).filter(lambda x: sum(x) > 0))
@settings(max_examples=50, deadline=None)
def test_higher_tier_never_holds_a_smaller_value(xs):
    tiers = pyr.pyramid_tiers(xs).cat.codes.to_numpy()
    x = np.array(xs)
    for k in range(3):
        upper, lower = x[tiers == k], x[tiers > k]
        if len(upper) and len(lower):
            assert upper.min() >= lower.max()


def test_bad_shares_are_named():
    with pytest.raises(CRMInputError, match="shares"):
        pyr.pyramid_tiers([1, 2, 3], shares=(0.5, 0.4, 0.3))
    with pytest.raises(CRMInputError, match="shares"):
        pyr.pyramid_tiers([1, 2, 3], shares=(0.1, 1.4, 0.1))


def test_negative_value_and_wrong_number_of_shares_are_named():
    with pytest.raises(CRMInputError, match="values"):
        pyr.pyramid_summary([1.0, -2.0])
    with pytest.raises(CRMInputError, match="shares"):
        pyr.pyramid_tiers([1, 2, 3], shares=(0.2,))


def test_plot_labels_each_tier():
    import matplotlib.pyplot as plt

    fig = plot_pyramid(pyr.pyramid_summary(list(range(1, 101))))
    texts = [x.get_text() for x in fig.axes[0].texts]
    assert texts[0].startswith("VIP customers: 1% of customers")
    assert len(fig.axes[0].patches) == 4
    plt.close(fig)


@given(st.lists(st.integers(0, 4), min_size=1, max_size=150), st.randoms(use_true_random=False))
@settings(max_examples=100, deadline=None)
def test_ties_share_a_tier_and_row_order_does_not_matter(xs, rnd):
    # Small integers force ties across tier boundaries: equal values must share a tier (the
    # tied group takes the tier of its best rank), and shuffling the rows changes nothing.
    import pandas as pd

    x = pd.Series(xs, dtype=float)
    tiers = pyr.pyramid_tiers(x)
    for val in set(xs):
        assert tiers[x == val].nunique() == 1
    perm = list(range(len(xs)))
    rnd.shuffle(perm)
    assert pyr.pyramid_tiers(x.iloc[perm]).sort_index().tolist() == tiers.tolist()


def test_tied_values_at_the_vip_boundary_are_all_vip():
    # 100 customers, the top two tied: 1% vip = 1 place, but the tie takes the pair together.
    values = [500.0, 500.0] + list(range(1, 99))
    tiers = pyr.pyramid_tiers(values)
    assert tiers[:2].tolist() == ["vip", "vip"]
    assert (tiers == "vip").sum() == 2
