"""Tests for crmlib.compute.abtest: two-proportion z test, its interval, the sample size per arm, and the
two tests for a measured outcome (Welch's t test, ANCOVA with HC3 standard errors)."""

from __future__ import annotations

import math
from statistics import NormalDist

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlib.compute import abtest
from crmlib.views.abtest import abtest_view
from crmlib import i18n
from crmlib.validation import CRMInputError

Z = NormalDist()


@pytest.fixture(autouse=True)
def english(en):
    yield
    plt.close("all")


def pooled_z(k1, n1, k2, n2):
    """Textbook two-proportion z statistic with the pooled standard error (hand formula)."""
    p = (k1 + k2) / (n1 + n2)
    se = math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2))
    return (k2 / n2 - k1 / n1) / se


def test_two_proportion_hand_calculation():
    # Hand calculation: A 200/2000 = 10%, B 250/2000 = 12.5%; pooled p = 0.1125,
    # se = sqrt(0.1125 · 0.8875 · 2/2000) = 0.0099922, z = 0.025 / 0.0099922 = 2.502,
    # two-sided p = 2 (1 − Φ(2.502)) = 0.0124.
    res = abtest.two_proportion_test(200, 2000, 250, 2000)
    assert res["z"] == pytest.approx(2.50195, abs=1e-4)
    assert res["p_value"] == pytest.approx(2 * (1 - Z.cdf(pooled_z(200, 2000, 250, 2000))), rel=1e-9)
    assert res["difference"] == pytest.approx(0.025)
    assert res["relative_lift"] == pytest.approx(0.25)
    # Wald interval: 0.025 ± 1.95996 · sqrt(0.1·0.9/2000 + 0.125·0.875/2000).
    half = Z.inv_cdf(0.975) * math.sqrt(0.1 * 0.9 / 2000 + 0.125 * 0.875 / 2000)
    assert (res["ci_low"], res["ci_high"]) == pytest.approx((0.025 - half, 0.025 + half), rel=1e-9)
    assert res["significant"] is True


def test_one_sided_halves_p_value():
    two = abtest.two_proportion_test(200, 2000, 250, 2000)
    one = abtest.two_proportion_test(200, 2000, 250, 2000, alternative="larger")
    assert one["p_value"] == pytest.approx(two["p_value"] / 2)


def test_no_variation_gives_p_one():
    res = abtest.two_proportion_test(0, 100, 0, 100)
    assert res["p_value"] == 1.0 and res["significant"] is False


@given(st.integers(10, 5000), st.integers(10, 5000), st.floats(0.01, 0.99), st.floats(0.01, 0.99))
@settings(max_examples=80, deadline=None)
def test_z_matches_textbook_formula_and_symmetry(n1, n2, f1, f2):
    k1, k2 = int(f1 * n1), int(f2 * n2)
    if (k1 + k2) in (0, n1 + n2):
        return
    res = abtest.two_proportion_test(k1, n1, k2, n2)
    assert res["z"] == pytest.approx(pooled_z(k1, n1, k2, n2), rel=1e-9, abs=1e-9)
    swapped = abtest.two_proportion_test(k2, n2, k1, n1)
    assert swapped["z"] == pytest.approx(-res["z"], abs=1e-9)
    assert res["ci_low"] <= res["difference"] <= res["ci_high"]


def test_sample_size_against_textbook_formulas():
    # Cohen's h for 10% → 12%: h = 2 asin √0.12 − 2 asin √0.10; with equal arms the arcsine
    # variance is 1/n per arm, so n = 2 ((z_0.975 + z_0.8) / h)^2 = 3834.6 → 3835.
    h = 2 * math.asin(math.sqrt(0.12)) - 2 * math.asin(math.sqrt(0.10))
    n_arcsine = 2 * ((Z.inv_cdf(0.975) + Z.inv_cdf(0.8)) / h) ** 2
    assert abtest.sample_size_per_arm(0.10, 0.12) == math.ceil(n_arcsine) == 3835
    # The classic normal-approximation formula (Fleiss) gives about the same: 3841.
    pbar = 0.11
    fleiss = (Z.inv_cdf(0.975) * math.sqrt(2 * pbar * (1 - pbar)) + Z.inv_cdf(0.8) * math.sqrt(0.1 * 0.9 + 0.12 * 0.88)) ** 2 / 0.02**2
    assert abtest.sample_size_per_arm(0.10, 0.12) == pytest.approx(fleiss, rel=0.01)


@given(st.floats(0.02, 0.5), st.floats(0.005, 0.1))
@settings(max_examples=40, deadline=None)
def test_sample_size_monotone(base, lift):
    # A smaller lift or more power needs more customers.
    n = abtest.sample_size_per_arm(base, base + lift)
    assert abtest.sample_size_per_arm(base, base + lift / 2) >= n
    assert abtest.sample_size_per_arm(base, base + lift, power=0.9) >= n


def test_conversions_exceed_customers_named():
    with pytest.raises(CRMInputError, match="conversions_b"):
        abtest.two_proportion_test(10, 100, 120, 100)


def test_negative_count_named():
    with pytest.raises(CRMInputError, match="conversions_a"):
        abtest.two_proportion_test(-1, 100, 10, 100)


def test_zero_customers_named():
    with pytest.raises(CRMInputError, match="customers_a"):
        abtest.two_proportion_test(0, 0, 10, 100)


def test_fractional_count_named():
    with pytest.raises(CRMInputError, match="customers_b"):
        abtest.two_proportion_test(1, 10, 1, 10.5)


def test_alpha_outside_range_named():
    with pytest.raises(CRMInputError, match="alpha"):
        abtest.two_proportion_test(1, 10, 2, 10, alpha=1.5)
    with pytest.raises(CRMInputError, match="alpha"):
        abtest.two_proportion_test(1, 10, 2, 10, alpha=0)


def test_bad_alternative_named():
    with pytest.raises(CRMInputError, match="alternative"):
        abtest.two_proportion_test(1, 10, 2, 10, alternative="bigger")


def test_rate_outside_range_named():
    with pytest.raises(CRMInputError, match="target"):
        abtest.sample_size_per_arm(0.1, 1.2)
    with pytest.raises(CRMInputError, match="power"):
        abtest.sample_size_per_arm(0.1, 0.2, power=1.0)


def test_equal_rates_named():
    with pytest.raises(CRMInputError, match="baseline"):
        abtest.sample_size_per_arm(0.1, 0.1)


def test_view_text_changes_with_sample():
    _, small = abtest_view(500, 0.10, 0.125)
    _, large = abtest_view(5000, 0.10, 0.125)
    assert "not significant" in small  # z = 1.25 at n = 500
    assert "not significant" not in large


def test_abtest_dashboard_wiring():
    from crmlib.widgets.abtest import abtest_dashboard

    dash = abtest_dashboard()
    # 100 of 1,000 vs 120 of 1,000: z = 1.43 (hand formula) is not significant at 5%.
    assert pooled_z(100, 1000, 120, 1000) == pytest.approx(1.43, abs=0.01)
    assert "not significant" in dash.result[1]
    dash.controls["customers"].value = 6000  # 600 vs 720 of 6,000: z = 3.5
    assert "not significant" not in dash.result[1]
    dash.controls["rate_b"].value = 0.10  # no difference left to detect
    assert "no difference" in dash.result[1]


# --- measured outcomes: Welch and ANCOVA --------------------------------------------------------

def test_welch_by_hand():
    # A = 8, 9, 10 (mean 9, s² = 1), B = 10, 12, 14 (mean 12, s² = 4): se = sqrt(1/3 + 4/3) = 1.2910,
    # t = 3 / 1.2910 = 2.3238, Welch df = (5/3)² / ((1/3)²/2 + (4/3)²/2) = 2.9412.
    r = abtest.welch_test([8, 9, 10], [10, 12, 14])
    assert r["difference"] == pytest.approx(3.0)
    assert r["t"] == pytest.approx(3 / math.sqrt(5 / 3), rel=1e-12)
    assert r["df"] == pytest.approx((5 / 3) ** 2 / ((1 / 3) ** 2 / 2 + (4 / 3) ** 2 / 2), rel=1e-12)
    assert (r["mean_a"], r["mean_b"], r["n_a"], r["n_b"]) == (9.0, 12.0, 3, 3)


def test_welch_matches_scipy():
    from scipy import stats

    a = [31.0, 25.5, 40.2, 28.0, 33.3, 19.9, 27.4]
    b = [35.1, 44.0, 29.8, 51.2, 38.7]
    r = abtest.welch_test(a, b, alpha=0.1)
    ref = stats.ttest_ind(b, a, equal_var=False)
    ci = ref.confidence_interval(0.9)
    assert r["t"] == pytest.approx(ref.statistic, rel=1e-10)
    assert r["p_value"] == pytest.approx(ref.pvalue, rel=1e-10)
    assert r["df"] == pytest.approx(ref.df, rel=1e-10)
    assert (r["ci_low"], r["ci_high"]) == pytest.approx((ci.low, ci.high), rel=1e-10)
    one = abtest.welch_test(a, b, alternative="larger")
    assert one["p_value"] == pytest.approx(stats.ttest_ind(b, a, equal_var=False, alternative="greater").pvalue)


def test_ancova_matches_hand_hc3():
    # OLS by the normal equations; HC3 sandwich (X'X)⁻¹ X' diag(e² / (1 − h)²) X (X'X)⁻¹
    # (MacKinnon & White 1985); normal-based interval and p-value, as statsmodels uses for robust errors.
    import numpy as np

    rng = np.random.default_rng(5)
    before = rng.normal(40, 10, 60)
    in_b = np.arange(60) % 3 == 0
    y = 3 + 0.9 * before + 4 * in_b + rng.normal(0, 2 + 2 * in_b, 60)
    X = np.column_stack([np.ones(60), in_b, before])
    inv = np.linalg.inv(X.T @ X)
    beta = inv @ X.T @ y
    e = y - X @ beta
    h = np.einsum("ij,jk,ik->i", X, inv, X)
    cov = inv @ (X.T * (e**2 / (1 - h) ** 2)) @ X @ inv
    se = math.sqrt(cov[1, 1])
    r = abtest.ancova_test(y, in_b, before)
    assert r["difference"] == pytest.approx(beta[1], rel=1e-10)
    assert r["se"] == pytest.approx(se, rel=1e-10)
    assert r["p_value"] == pytest.approx(2 * (1 - Z.cdf(abs(beta[1] / se))), rel=1e-8)
    assert (r["ci_low"], r["ci_high"]) == pytest.approx((beta[1] - Z.inv_cdf(0.975) * se, beta[1] + Z.inv_cdf(0.975) * se))
    assert (r["n_a"], r["n_b"]) == (40, 20)
    # the adjustment narrows the interval a lot compared with the plain difference of means
    w = abtest.welch_test(y[~in_b], y[in_b])
    assert r["ci_high"] - r["ci_low"] < (w["ci_high"] - w["ci_low"]) / 2


def test_welch_without_variation():
    same = abtest.welch_test([5.0, 5.0], [5.0, 5.0, 5.0])
    assert (same["t"], same["p_value"], same["significant"]) == (0.0, 1.0, False)
    apart = abtest.welch_test([5.0, 5.0], [7.0, 7.0])
    assert (apart["difference"], apart["ci_low"], apart["ci_high"], apart["p_value"]) == (2.0, 2.0, 2.0, 0.0)
    assert abtest.welch_test([5.0, 5.0], [7.0, 7.0], alternative="smaller")["p_value"] == 1.0


@given(shift=st.floats(-50, 50), values=st.lists(st.floats(-1e3, 1e3), min_size=3, max_size=12))
@settings(max_examples=30, deadline=None)
def test_welch_difference_moves_with_a_shift(shift, values):
    a = values
    b = [x + shift for x in values]
    r = abtest.welch_test(a, b)
    assert r["difference"] == pytest.approx(shift, abs=1e-9 * (1 + max(abs(x) for x in values)))


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: abtest.welch_test([1.0], [1.0, 2.0]), "values_a"),
        (lambda: abtest.welch_test([1.0, 2.0], [1.0, float("nan")]), r"values_b\[1\]"),
        (lambda: abtest.welch_test([1.0, "x"], [1.0, 2.0]), r"values_a\[1\]"),
        (lambda: abtest.welch_test(5.0, [1.0, 2.0]), "values_a"),
        (lambda: abtest.welch_test([1.0, 2.0], [1.0, 2.0], alpha=0), "alpha"),
        (lambda: abtest.welch_test([1.0, 2.0], [1.0, 2.0], alternative="bigger"), "alternative"),
        (lambda: abtest.ancova_test([1.0, 2, 3, 4], [0, 1, 0], [1.0, 2, 3, 4]), "in_b"),
        (lambda: abtest.ancova_test([1.0, 2, 3, 4], [0, 1, 0, 2], [1.0, 2, 3, 4]), r"in_b\[3\]"),
        (lambda: abtest.ancova_test([1.0, 2, 3, 4], [0, 0, 0, 1], [1.0, 2, 3, 4]), "B"),
        (lambda: abtest.ancova_test([1.0, 2, 3, 4], [0, 1, 0, 1], [1.0, 2, None, 4]), r"before\[2\]"),
    ],
)
def test_mean_tests_bad_input_names_the_problem(call, name):
    with pytest.raises(CRMInputError, match=name):
        call()


def test_too_few_message_in_chinese():
    i18n.set_language("zh-CN")
    with pytest.raises(CRMInputError, match="至少需要 2 个"):
        abtest.welch_test([1.0], [1.0, 2.0])



@pytest.mark.parametrize("seed", range(4))
def test_mean_tests_match_statsmodels(seed):
    # welch_test and ancova_test write statsmodels' formulas out (so that importing the module does
    # not load statsmodels); they must give statsmodels' own numbers.
    import numpy as np
    from statsmodels.regression.linear_model import OLS
    from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

    rng = np.random.default_rng(seed)
    a, b = rng.gamma(2, 20, 30 + 7 * seed), rng.gamma(2.2, 22, 25)
    cm = CompareMeans(DescrStatsW(b), DescrStatsW(a))
    for alternative in abtest.ALTERNATIVES:
        r = abtest.welch_test(a, b, alpha=0.1, alternative=alternative)
        tstat, p, df = cm.ttest_ind(usevar="unequal", alternative=alternative)
        assert (r["t"], r["p_value"], r["df"]) == pytest.approx((tstat, p, df), rel=1e-10)
        assert (r["ci_low"], r["ci_high"]) == pytest.approx(cm.tconfint_diff(alpha=0.1, usevar="unequal"), rel=1e-10)
    before = rng.normal(40, 10, 80)
    in_b = rng.random(80) < 0.4
    y = 3 + 0.9 * before + 4 * in_b + rng.normal(0, 2 + 2 * in_b, 80)
    fit = OLS(y, np.column_stack([np.ones(80), in_b, before])).fit(cov_type="HC3")
    r = abtest.ancova_test(y, in_b, before, alpha=0.1)
    assert (r["difference"], r["se"], r["p_value"]) == pytest.approx((fit.params[1], fit.bse[1], fit.pvalues[1]), rel=1e-9)
    assert (r["ci_low"], r["ci_high"]) == pytest.approx(tuple(fit.conf_int(alpha=0.1)[1]), rel=1e-10)


def test_importing_the_mean_tests_leaves_statsmodels_out():
    # a kernel that only runs Welch / ANCOVA (Dick's case) does not pay statsmodels' ~70 MB
    import subprocess
    import sys

    code = "import sys, crmlib.compute.abtest; print('statsmodels' in sys.modules, 'scipy.stats' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]
