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

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter
from scipy.stats import norm
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


def abtest_view(
    customers: int = 2000,
    rate_a: float = 0.10,
    rate_b: float = 0.12,
    alpha: float = 0.05,
    power: float = 0.8,
) -> tuple[Figure, str]:
    """What the A/B dashboard shows: both arms' rates with 95% intervals, the test, the sample needed.

    The observed conversions are ``round(rate × customers)`` in each arm (a teaching device:
    "suppose the campaign came out exactly like this").

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> fig, text = abtest_view(2000, 0.10, 0.125)
    >>> text
    'A: 200 of 2,000 (10.0%); B: 250 of 2,000 (12.5%). Lift B − A = +2.50 points, 95% interval [+0.54, +4.46]; z = 2.50, p = 0.012: significant at 5%. To detect 10.0% → 12.5% with 80% power, each arm needs 2,501 customers.'
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    n = v.check_count(customers, "customers", minimum=1)
    ra = v.check_rate(rate_a, "rate_a")
    rb = v.check_rate(rate_b, "rate_b")
    ka, kb = int(round(ra * n)), int(round(rb * n))
    res = two_proportion_test(ka, n, kb, n, alpha=alpha)
    conf = 1 - alpha
    zq = float(norm.ppf(1 - alpha / 2))
    fig, ax = plt.subplots(figsize=(7.5, 3.2))
    palette = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for y, (label, rate) in enumerate(((t("abtest.arm_a"), ka / n), (t("abtest.arm_b"), kb / n))):
        half = zq * math.sqrt(rate * (1 - rate) / n)
        ax.errorbar(rate, y, xerr=half, fmt="o", capsize=6, color=palette[y], markersize=8)
        ax.text(rate, y + 0.18, f"{rate:.1%}", ha="center", color=palette[y])
    ax.set_yticks([0, 1], [t("abtest.arm_a"), t("abtest.arm_b")])
    ax.set_ylim(-0.5, 1.6)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel(t("abtest.axis_rate", conf=f"{conf:.0%}"))
    ax.set_title(t("abtest.title"))
    fig.subplots_adjust(left=0.2, right=0.97, top=0.88, bottom=0.2)  # fixed margins keep the update fast
    verdict = t("abtest.significant" if res["significant"] else "abtest.not_significant", level=f"{alpha:.0%}")
    if ra != rb:
        need = t("abtest.need", a=f"{ra:.1%}", b=f"{rb:.1%}", power=f"{power:.0%}", n=f"{sample_size_per_arm(ra, rb, alpha=alpha, power=power):,}")
    else:
        need = t("abtest.need_none")
    text = t(
        "abtest.summary",
        ka=ka, kb=kb, n=f"{n:,}", ra=f"{ka / n:.1%}", rb=f"{kb / n:.1%}",
        diff=f"{100 * res['difference']:+.2f}", conf=f"{conf:.0%}",
        low=f"{100 * res['ci_low']:+.2f}", high=f"{100 * res['ci_high']:+.2f}",
        z=f"{res['z']:.2f}", p=f"{res['p_value']:.3f}", verdict=verdict, need=need,
    )
    return fig, text
