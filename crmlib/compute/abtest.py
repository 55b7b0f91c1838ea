"""A campaign A/B test: did the new offer (B) convert better than the current one (A)?

Two tools, both from statsmodels:

- :func:`two_proportion_test`: the two-proportion z test (pooled standard error) and a Wald
  confidence interval for the difference of the conversion rates, B − A;
- :func:`sample_size_per_arm`: how many customers each arm needs to detect a given lift with a
  given power, from Cohen's effect size h = 2·asin√p₂ − 2·asin√p₁.

Examples
--------
>>> res = two_proportion_test(200, 2000, 250, 2000)
>>> round(res["z"], 3), round(res["p_value"], 4)
(2.502, 0.0124)
>>> sample_size_per_arm(0.10, 0.12)
3835
"""

from __future__ import annotations

import math

from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_effectsize, proportions_ztest

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
    h = proportion_effectsize(p2, p1)
    alt = alternative if alternative == "two-sided" else ("larger" if h > 0 else "smaller")
    n = NormalIndPower().solve_power(effect_size=h, alpha=a, power=pw, ratio=1.0, alternative=alt)
    return int(math.ceil(float(n) - 1e-9))


