"""Tests for crmlib.compute.callcentre (Erlang C staffing) and its dashboard."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlib.compute import callcentre as cc
from crmlib.views.callcentre import staffing_view
from crmlib import i18n
from crmlib.validation import CRMInputError


@pytest.fixture(autouse=True)
def _english(en):
    from crmlib.figures.theme import use_theme

    use_theme()  # the Chinese font, as crmlib.setup() does in a notebook
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def erlang_c_direct(n: int, a: Fraction) -> Fraction:
    """Independent check: the textbook closed form in exact rational arithmetic,
    C = (A^N/N! · N/(N−A)) / (Σ_{k<N} A^k/k! + A^N/N! · N/(N−A))."""
    top = a**n / math.factorial(n) * Fraction(n) / (n - a)
    return top / (sum(a**k / math.factorial(k) for k in range(n)) + top)


# --- known values -----------------------------------------------------------------------------

def test_hand_computed_small_case():
    # By hand: A = 2, N = 3. Σ_{k<3} 2^k/k! = 1 + 2 + 2 = 5; 2^3/3! · 3/(3−2) = 4;
    # C = 4 / (5 + 4) = 4/9. ASA = C · AHT / (N − A) = 4/9 · 90 s / 1 = 40 s.
    assert cc.erlang_c(3, 2.0) == pytest.approx(4 / 9, abs=1e-12)
    assert cc.average_speed_of_answer(3, 2.0, 90) == pytest.approx(40.0, abs=1e-9)
    # Erlang B by hand, A = 2, N = 2: (4/2) / (1 + 2 + 2) = 0.4.
    assert cc.erlang_b(2, 2.0) == pytest.approx(0.4, abs=1e-12)


def test_westbay_worked_example():
    # The setup of Westbay Engineers' worked example ("The Erlang-C formula"; widely
    # reproduced): 360 calls per half hour, average call duration 4 minutes, 55 agents, target
    # answer time 15 s, so A = 360/1800 s · 240 s = 48 Erlangs. The expected numbers are
    # recomputed independently from the closed form in exact fractions (no recursion); the
    # rounded values (P_wait 0.2387, ASA 8.2 s, SL 84.6 %) were not checked against the page
    # itself, which was not reachable offline.
    a = cc.traffic_intensity(360, 240, interval=1800)
    assert a == 48.0
    exact = erlang_c_direct(55, Fraction(48))
    p_wait = cc.erlang_c(55, a)
    assert p_wait == pytest.approx(float(exact), rel=1e-12)
    assert round(p_wait, 4) == 0.2387
    asa = cc.average_speed_of_answer(55, a, 240)
    assert asa == pytest.approx(float(exact) * 240 / 7, rel=1e-12)
    assert round(asa, 1) == 8.2
    sl = cc.service_level(55, a, 240, 15)
    assert sl == pytest.approx(1 - float(exact) * math.exp(-7 * 15 / 240), rel=1e-12)
    assert round(sl, 3) == 0.846


def test_call_centre_helper_setup():
    # The widely reproduced example: 100 calls in 30 minutes, AHT 180 s, target 80 % in 20 s
    # (A = 10 Erlangs). Checked against the exact closed form for N = 11..14: 13 agents reach
    # 79.6 % (just short), 14 agents 88.8 %, so 14 are needed.
    for n in range(11, 15):
        exact = float(erlang_c_direct(n, Fraction(10)))
        assert cc.erlang_c(n, 10.0) == pytest.approx(exact, rel=1e-12)
        assert cc.service_level(n, 10.0, 180, 20) == pytest.approx(1 - exact * math.exp(-(n - 10) * 20 / 180), rel=1e-12)
    assert cc.agents_needed(100, 180, target_level=0.8, target_seconds=20, interval=1800) == 14


def test_staffing_table_matches_scalar_functions():
    tab = cc.staffing_table(100, 180, interval=1800, agents=range(9, 16))
    for row in tab.itertuples():
        assert row.p_wait == pytest.approx(cc.erlang_c(row.agents, 10.0))
        assert row.service_level == pytest.approx(cc.service_level(row.agents, 10.0, 180, 20))
    # N <= A: unstable queue, everyone waits.
    unstable = tab[tab["agents"] <= 10]
    assert (unstable["p_wait"] == 1.0).all() and (unstable["service_level"] == 0.0).all()
    assert math.isinf(unstable["asa_seconds"].iloc[0])


def test_shrinkage_by_hand():
    # 13 / (1 − 0.3) = 18.57 → 19 people scheduled; 20 / 0.8 = 25 exactly → 25.
    assert cc.scheduled_staff(13, 0.3) == 19
    assert cc.scheduled_staff(20, 0.2) == 25
    assert cc.scheduled_staff(20, 0.0) == 20


def test_large_call_centre_is_stable():
    # 1,000 calls an hour and long calls: A = 1000 · 3600 / 3600 = 1000 Erlangs. A**N/N! would
    # overflow a float; the recursion stays finite.
    n = cc.agents_needed(1000, 3600, target_level=0.9, target_seconds=20)
    assert 1000 < n < 1100
    assert 0.9 <= cc.service_level(n, 1000.0, 3600, 20) <= 1
    assert cc.service_level(n - 1, 1000.0, 3600, 20) < 0.9
    # 1,000 calls an hour at AHT 240 s: A = 66.7 Erlangs; speed is measured in benchmarks/.
    n = cc.agents_needed(1000, 240)
    assert cc.service_level(n, 1000 * 240 / 3600, 240, 20) >= 0.8 > cc.service_level(n - 1, 1000 * 240 / 3600, 240, 20)


# --- properties -------------------------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(a=st.floats(0.1, 200), extra=st.integers(1, 40))
def test_more_agents_never_hurt(a, extra):
    n = math.floor(a) + extra
    assert 0 <= cc.erlang_c(n + 1, a) <= cc.erlang_c(n, a) <= 1
    assert cc.erlang_b(n, a) <= cc.erlang_c(n, a)  # queueing callers wait at least as often as blocked ones
    assert cc.service_level(n + 1, a, 180, 20) >= cc.service_level(n, a, 180, 20)
    assert cc.average_speed_of_answer(n + 1, a, 180) <= cc.average_speed_of_answer(n, a, 180)


@settings(max_examples=40, deadline=None)
@given(calls=st.integers(1, 1500), aht=st.integers(30, 900), level=st.floats(0.5, 0.95), secs=st.integers(5, 60))
def test_agents_needed_is_the_smallest(calls, aht, level, secs):
    n = cc.agents_needed(calls, aht, target_level=level, target_seconds=secs)
    a = cc.traffic_intensity(calls, aht)
    assert cc.service_level(n, a, aht, secs) >= level
    if n - 1 >= 1:
        assert cc.service_level(n - 1, a, aht, secs) < level


# --- bad input --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: cc.traffic_intensity(-5, 180), "calls"),
        (lambda: cc.traffic_intensity(100, 0), "aht"),
        (lambda: cc.traffic_intensity(100, 180, interval=-1), "interval"),
        (lambda: cc.erlang_c(2.5, 1.0), "agents"),
        (lambda: cc.erlang_c(0, 1.0), "agents"),
        (lambda: cc.erlang_c(3, -1.0), "traffic"),
        (lambda: cc.erlang_b(3, float("nan")), "traffic"),
        (lambda: cc.agents_needed(100, 180, target_level=1.2), "target_level"),
        (lambda: cc.agents_needed(100, 180, target_level=1.0), "target_level"),
        (lambda: cc.agents_needed(100, 180, target_seconds=-3), "target_seconds"),
        (lambda: cc.scheduled_staff(10, 1.5), "shrinkage"),
        (lambda: cc.scheduled_staff(10, 1.0), "shrinkage"),
        (lambda: cc.service_level(5, 2.0, "3 min", 20), "aht"),
        (lambda: cc.staffing_table(100, 180, agents=range(0)), "agents"),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(CRMInputError, match=name):
        call()


def test_bad_input_message_in_chinese():
    i18n.set_language("zh-CN")
    with pytest.raises(CRMInputError, match="shrinkage.*0 到 1"):
        cc.scheduled_staff(10, 1.5)


# --- view and dashboard -----------------------------------------------------------------------

def test_view_text_and_labels_follow_language():
    fig, text = staffing_view(300, 240, 20, 0.8, 0.3)
    assert "agents needed on the phones: 25" in text
    assert fig.axes[0].get_xlabel() == "Agents on the phones"
    i18n.set_language("zh-CN")
    fig, text = staffing_view(300, 240, 20, 0.8, 0.3)
    assert "需要在线坐席：25 人" in text
    assert fig.axes[0].get_xlabel() == "在线坐席数（人）"


def test_dashboard_wiring():
    from crmlib.widgets.callcentre import staffing_dashboard

    dash = staffing_dashboard()
    before = dash.result[1]
    # A = 300 · 240 / 3600 = 20 Erlangs → 25 agents; 30 % shrinkage → ceil(25/0.7) = 36 staff.
    assert "25" in before and "36" in before
    dash.controls["shrinkage"].value = 0.0
    assert "staff to schedule after 0% shrinkage: 25" in dash.result[1]
    dash.controls["calls_per_hour"].value = 600
    assert dash.result[1] != before
    assert "A = 40.0 Erlangs" in dash.result[1]


# --- every loop bounded (issue 15) ------------------------------------------------------------

def test_agents_needed_refuses_absurd_traffic():
    # 10^12 calls an hour of 4 minutes = 6.7·10^10 Erlangs: a unit mistake, not a staffing
    # question; the search refuses at once instead of looping (or allocating) without end.
    with pytest.raises(CRMInputError, match="calls"):
        cc.agents_needed(1e12, 240)


@settings(max_examples=40, deadline=None)
@given(calls=st.floats(0.1, 50_000), aht=st.floats(5, 3600), level=st.floats(0, 0.999999), secs=st.floats(0, 600))
def test_agents_needed_terminates_at_extremes(calls, aht, level, secs):
    # Targets up to 0.999999 and a target time of 0 seconds: still a finite answer that meets it.
    n = cc.agents_needed(calls, aht, target_level=level, target_seconds=secs)
    a = cc.traffic_intensity(calls, aht)
    assert n > a
    assert cc.service_level(n, a, aht, secs) >= level
