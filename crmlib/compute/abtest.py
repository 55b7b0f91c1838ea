"""A campaign A/B test: did the new offer (B) do better than the current one (A)?

Tools (statsmodels, or its formulas written out) for a yes/no outcome (converted or not) and for a measured one (spend):

- :func:`two_proportion_test`: the two-proportion z test (pooled standard error) and a Wald
  confidence interval for the difference of the conversion rates, B − A;
- :func:`sample_size_per_arm`: how many customers each arm needs to detect a given lift with a
  given power, from Cohen's effect size h = 2·asin√p₂ − 2·asin√p₁;
- :func:`welch_test`: Welch's two-sample t test and interval for the difference of two means
  (spend per customer, B − A), without assuming equal variances;
- :func:`ancova_test`: the same difference adjusted for each customer's value of the measure
  before the test (ANCOVA: OLS with robust HC3 standard errors), usually a much narrower
  interval because the "before" explains most of the customer-to-customer variation.

Examples
--------
>>> res = two_proportion_test(200, 2000, 250, 2000)
>>> round(res["z"], 3), round(res["p_value"], 4)
(2.502, 0.0124)
>>> sample_size_per_arm(0.10, 0.12)
3835
>>> round(welch_test([8, 9, 10], [10, 12, 14])["difference"], 1)
3.0
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import ndtr, ndtri, stdtr, stdtrit

# statsmodels (with scipy.stats, about 70 MB of a kernel's memory) is imported by the two
# proportion functions only when they are called; the mean tests compute their few formulas here.
from crmlib import validation as v
from crmlib.i18n import t

ALTERNATIVES = ("two-sided", "larger", "smaller")


def _check_arm(conversions: object, customers: object, arm: str) -> tuple[int, int]:
    n = v.check_count(customers, f"customers_{arm}", minimum=1)
    k = v.check_count(conversions, f"conversions_{arm}")
    if k > n:
        raise v.CRMInputError(t("interaction_errors.successes_exceed_trials", conversions=f"conversions_{arm}", k=k, customers=f"customers_{arm}", n=n))
    return k, n


def two_proportion_test(
    conversions_a: int,
    customers_a: int,
    conversions_b: int,
    customers_b: int,
    *,
    alpha: float = 0.05,
    alternative: str = "two-sided",
) -> dict[str, float | bool]:
    """Two-proportion z test of B against A and a confidence interval for the lift B − A.

    Parameters
    ----------
    conversions_a, customers_a : int
        Converted customers and customers reached in the control arm A.
    conversions_b, customers_b : int
        The same for the treatment arm B.
    alpha : float
        Significance level in (0, 1); the interval has confidence 1 − alpha.
    alternative : {"two-sided", "larger", "smaller"}
        "larger" tests whether B converts better than A.

    Returns
    -------
    dict
        ``rate_a``, ``rate_b``, ``difference`` (B − A), ``relative_lift`` (B / A − 1),
        ``z``, ``p_value``, ``ci_low``, ``ci_high`` (Wald interval for B − A, two-sided) and
        ``significant`` (p < alpha).

    Examples
    --------
    >>> res = two_proportion_test(100, 1000, 130, 1000)
    >>> round(res["difference"], 3), round(res["ci_low"], 4), round(res["ci_high"], 4)
    (0.03, 0.0021, 0.0579)
    """
    ka, na = _check_arm(conversions_a, customers_a, "a")
    kb, nb = _check_arm(conversions_b, customers_b, "b")
    a = v.check_rate(alpha, "alpha")
    if a in (0.0, 1.0):
        raise v.CRMInputError(t("error.rate_range", name="alpha", value=alpha) + " (0 < alpha < 1)")
    v.check_choice(alternative, "alternative", ALTERNATIVES)
    from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

    pa, pb = ka / na, kb / nb
    pooled = (ka + kb) / (na + nb)
    if pooled in (0.0, 1.0):  # no variation at all: the test statistic is undefined
        z, p = 0.0, 1.0
    else:
        z, p = proportions_ztest([kb, ka], [nb, na], alternative=alternative)
    low, high = confint_proportions_2indep(kb, nb, ka, na, method="wald", compare="diff", alpha=a)
    return {
        "rate_a": pa,
        "rate_b": pb,
        "difference": pb - pa,
        "relative_lift": pb / pa - 1 if pa > 0 else float("inf"),
        "z": float(z),
        "p_value": float(p),
        "ci_low": float(low),
        "ci_high": float(high),
        "significant": bool(p < a),
    }


def sample_size_per_arm(baseline: float, target: float, *, alpha: float = 0.05, power: float = 0.8, alternative: str = "two-sided") -> int:
    """Customers needed in each arm to detect a change from ``baseline`` to ``target`` conversion.

    Uses statsmodels' ``NormalIndPower`` with Cohen's h (arcsine effect size), equal arms.

    Parameters
    ----------
    baseline, target : float
        Conversion rates of A and the rate of B worth detecting, in [0, 1], different.
    alpha : float
        Significance level in (0, 1).
    power : float
        Probability of detecting the change if it is real, in (0, 1).

    Examples
    --------
    >>> sample_size_per_arm(0.05, 0.06, power=0.9)
    10901
    """
    p1 = v.check_rate(baseline, "baseline")
    p2 = v.check_rate(target, "target")
    a = v.check_rate(alpha, "alpha")
    pw = v.check_rate(power, "power")
    for name, val, raw in (("alpha", a, alpha), ("power", pw, power)):
        if val in (0.0, 1.0):
            raise v.CRMInputError(t("error.rate_range", name=name, value=raw) + f" (0 < {name} < 1)")
    v.check_choice(alternative, "alternative", ALTERNATIVES)
    if p1 == p2:
        raise v.CRMInputError(t("interaction_errors.no_effect", baseline=baseline, target=target))
    from statsmodels.stats.power import NormalIndPower
    from statsmodels.stats.proportion import proportion_effectsize

    h = proportion_effectsize(p2, p1)
    alt = alternative if alternative == "two-sided" else ("larger" if h > 0 else "smaller")
    n = NormalIndPower().solve_power(effect_size=h, alpha=a, power=pw, ratio=1.0, alternative=alt)
    return int(math.ceil(float(n) - 1e-9))


# --- measured outcomes: difference of two means ----------------------------------------------

def _check_alpha(alpha: object) -> float:
    a = v.check_rate(alpha, "alpha")
    if a in (0.0, 1.0):
        raise v.CRMInputError(t("error.rate_range", name="alpha", value=alpha) + " (0 < alpha < 1)")
    return a


def _check_values(values: object, name: str, kinds: str = "iuf") -> np.ndarray:
    """``values`` as a 1-D float array of finite numbers, or raise naming ``name`` (and the entry).

    ``kinds`` are the numpy dtype kinds accepted ("b" adds True/False, for a group flag).
    """
    arr = np.asarray(values, dtype=object if isinstance(values, str | bytes) else None)
    if arr.ndim != 1:
        raise v.CRMInputError(t("error.not_number", name=name, value=values))
    if arr.dtype.kind not in kinds:
        for i, x in enumerate(list(values)):  # name the first entry that is not a number
            if isinstance(x, bool | np.bool_) and "b" in kinds:
                continue
            v.check_number(x.item() if isinstance(x, np.generic) else x, f"{name}[{i}]")
        arr = arr.astype(float)
    out = arr.astype(float)
    bad = ~np.isfinite(out)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise v.CRMInputError(t("error.not_finite", name=f"{name}[{i}]", value=out[i]))
    return out


def _check_group_size(n: int, name: str) -> None:
    if n < 2:
        raise v.CRMInputError(t("abtest.error.too_few", name=name, count=n))


def welch_test(
    values_a: object,
    values_b: object,
    *,
    alpha: float = 0.05,
    alternative: str = "two-sided",
) -> dict[str, float | bool]:
    """Welch's t test of mean(B) − mean(A) for a measured outcome, and its confidence interval.

    Use it when each customer has a number (spend, visits, margin) rather than a yes/no: with
    random assignment the difference of the two means estimates the effect of B without bias.
    Welch's version does not assume the two arms have the same variance (an offer often spreads
    spending out), so the standard error is ``sqrt(s²_A / n_A + s²_B / n_B)`` and the degrees of
    freedom come from the Welch–Satterthwaite formula (statsmodels ``CompareMeans``,
    ``usevar="unequal"``; the same as ``scipy.stats.ttest_ind(equal_var=False)``).

    Parameters
    ----------
    values_a, values_b : sequence of float
        The outcome of each customer in the control arm A and in the treatment arm B (at least
        two each).
    alpha : float
        Significance level in (0, 1); the interval has confidence 1 − alpha.
    alternative : {"two-sided", "larger", "smaller"}
        "larger" tests whether B's mean is above A's. The interval is always two-sided.

    Returns
    -------
    dict
        ``mean_a``, ``mean_b``, ``difference`` (B − A), ``t``, ``df``, ``p_value``, ``ci_low``,
        ``ci_high``, ``significant`` (p < alpha), ``n_a``, ``n_b``. When neither arm varies at
        all, the difference is certain: the interval is that one point and p is 0 (1 when the
        difference is 0 or points the other way from ``alternative``).

    Examples
    --------
    Hand check: A = 8, 9, 10 (mean 9, variance 1), B = 10, 12, 14 (mean 12, variance 4);
    difference 3, standard error sqrt(1/3 + 4/3) = 1.291, t = 2.324 on
    df = (5/3)² / ((1/3)²/2 + (4/3)²/2) = 2.94.

    >>> r = welch_test([8, 9, 10], [10, 12, 14])
    >>> round(r["t"], 3), round(r["df"], 2), round(r["p_value"], 3)
    (2.324, 2.94, 0.104)
    """
    a = _check_values(values_a, "values_a")
    b = _check_values(values_b, "values_b")
    _check_group_size(len(a), "values_a")
    _check_group_size(len(b), "values_b")
    level = _check_alpha(alpha)
    v.check_choice(alternative, "alternative", ALTERNATIVES)
    diff = float(b.mean() - a.mean())
    if a.var() == 0 and b.var() == 0:  # no variation in either arm: the t statistic is undefined
        tstat = 0.0 if diff == 0 else math.copysign(math.inf, diff)
        larger = {"two-sided": diff != 0, "larger": diff > 0, "smaller": diff < 0}[alternative]
        p_value, df, low, high = (0.0 if larger else 1.0), float(len(a) + len(b) - 2), diff, diff
    else:  # the formulas of statsmodels' CompareMeans.ttest_ind / tconfint_diff (usevar="unequal")
        var_a, var_b = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
        se = math.sqrt(var_a + var_b)
        df = (var_a + var_b) ** 2 / (var_a**2 / (len(a) - 1) + var_b**2 / (len(b) - 1))
        tstat = diff / se
        # stdtr(df, x) is Student's t distribution function (scipy.stats.t.cdf), stdtrit its inverse
        p_value = {"two-sided": 2 * stdtr(df, -abs(tstat)), "larger": stdtr(df, -tstat), "smaller": stdtr(df, tstat)}[alternative]
        q = stdtrit(df, 1 - level / 2)
        low, high = diff - q * se, diff + q * se
    return {
        "mean_a": float(a.mean()),
        "mean_b": float(b.mean()),
        "difference": diff,
        "t": float(tstat),
        "df": float(df),
        "p_value": float(p_value),
        "ci_low": float(low),
        "ci_high": float(high),
        "significant": bool(p_value < level),
        "n_a": len(a),
        "n_b": len(b),
    }


def ancova_test(outcome: object, in_b: object, before: object, *, alpha: float = 0.05) -> dict[str, float | bool]:
    """Difference B − A in a measured outcome, adjusted for the same measure before the test.

    Fits ``outcome = β₀ + β₁·in_b + β₂·before`` by ordinary least squares (ANCOVA) with
    heteroskedasticity-robust HC3 standard errors (as statsmodels' ``OLS(...).fit(cov_type="HC3")``).
    With random assignment β₁ estimates the same effect as :func:`welch_test`'s difference of
    means, but the customer-to-customer variation that ``before`` explains no longer blurs it,
    so the interval is usually much narrower.

    Parameters
    ----------
    outcome : sequence of float
        Each customer's outcome during the test.
    in_b : sequence of bool
        True for customers in arm B (treatment), False for arm A (control); at least two each.
    before : sequence of float
        Each customer's value of the same measure before the test (same length).
    alpha : float
        Significance level in (0, 1).

    Returns
    -------
    dict
        ``difference`` (β₁), ``se`` (HC3), ``ci_low``, ``ci_high``, ``p_value``, ``significant``,
        ``n_a``, ``n_b``.

    Examples
    --------
    Customers in B spend about 2 more than before, customers in A about what they did: the
    adjusted difference is 2 although B's mean is 5 above A's (B started 3 higher).

    >>> r = ancova_test([10, 21, 30, 15, 26, 35], [False] * 3 + [True] * 3, [10, 20, 30, 13, 23, 33])
    >>> round(r["difference"], 6), round(r["se"], 4)
    (2.0, 0.7218)
    """
    y = _check_values(outcome, "outcome")
    if len(y) == 0:
        raise v.CRMInputError(t("error.empty_table", table="outcome"))
    flags = _check_values(in_b, "in_b", kinds="biuf")
    x = _check_values(before, "before")
    for name, arr in (("in_b", flags), ("before", x)):
        if len(arr) != len(y):
            raise v.CRMInputError(t("error.length_mismatch", name=name, expected=len(y), got=len(arr)))
    bad = ~np.isin(flags, (0.0, 1.0))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise v.CRMInputError(t("error.choice", name=f"in_b[{i}]", allowed="True, False", value=float(flags[i])))
    n_b = int(flags.sum())
    _check_group_size(len(y) - n_b, "A (in_b False)")
    _check_group_size(n_b, "B (in_b True)")
    level = _check_alpha(alpha)
    design = np.column_stack([np.ones(len(y)), flags, x])
    # statsmodels' OLS(y, design).fit(cov_type="HC3"), written out: least squares by the
    # pseudo-inverse, HC3 covariance P · diag(e² / (1 − h)²) · Pᵀ with h the leverages, and
    # normal-based interval and p-value (statsmodels' default for robust standard errors)
    pinv = np.linalg.pinv(design)
    params = pinv @ y
    resid = y - design @ params
    leverage = np.einsum("ij,ji->i", design, pinv)
    with np.errstate(divide="ignore", invalid="ignore"):
        cov = (pinv * (resid / (1 - leverage)) ** 2) @ pinv.T
        se = float(np.sqrt(cov[1, 1]))
        z = float(params[1]) / se
    q = float(ndtri(1 - level / 2))
    low, high = float(params[1]) - q * se, float(params[1]) + q * se
    p_value = float(2 * ndtr(-abs(z)))
    return {
        "difference": float(params[1]),
        "se": se,
        "ci_low": float(low),
        "ci_high": float(high),
        "p_value": p_value,
        "significant": bool(p_value < level),
        "n_a": len(y) - n_b,
        "n_b": n_b,
    }
