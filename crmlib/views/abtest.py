"""Dashboard view of the campaign A/B test (chapter 5, :mod:`crmlib.compute.abtest`): did the new offer (B)
convert better than the current one (A)?

Each view takes the dashboard's parameters, calls the computation and the figures, and returns
what the dashboard shows.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter
from scipy.special import ndtri  # the normal quantile; scipy.stats would add ~60 MB to a kernel

from crmlib import validation as v
from crmlib.compute.abtest import sample_size_per_arm, two_proportion_test
from crmlib.figures.live import reuse
from crmlib.i18n import t

__all__ = ["abtest_view"]


def abtest_view(
    customers: int = 2000,
    rate_a: float = 0.10,
    rate_b: float = 0.12,
    alpha: float = 0.05,
    power: float = 0.8,
    *,
    fig: Figure | None = None,
) -> tuple[Figure, str]:
    """What the A/B dashboard shows: both arms' rates with 95% intervals, the test, the sample needed.

    ``fig``: the dashboard's figure from the previous update, redrawn in place.

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
    customers = v.check_count(customers, "customers", minimum=1)
    rate_a, rate_b = v.check_rate(rate_a, "rate_a"), v.check_rate(rate_b, "rate_b")
    alpha, power = v.check_rate(alpha, "alpha"), v.check_rate(power, "power")
    n = v.check_count(customers, "customers", minimum=1)
    ra = v.check_rate(rate_a, "rate_a")
    rb = v.check_rate(rate_b, "rate_b")
    ka, kb = int(round(ra * n)), int(round(rb * n))
    res = two_proportion_test(ka, n, kb, n, alpha=alpha)
    conf = 1 - alpha
    zq = float(ndtri(1 - alpha / 2))
    fig, fresh = reuse(fig, "abtest.arms", figsize=(7.5, 3.2))
    if fresh:
        ax = fig.subplots()
        ax.set_yticks([0, 1], [t("abtest.arm_a"), t("abtest.arm_b")])
        ax.set_ylim(-0.5, 1.6)
        ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.xaxis.set_major_locator(MaxNLocator(nbins=6))
        ax.set_title(t("abtest.title"))
        fig.subplots_adjust(left=0.2, right=0.97, top=0.88, bottom=0.2)  # fixed margins keep the update fast
    ax = fig.axes[0]
    palette = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for y, (label, rate) in enumerate(((t("abtest.arm_a"), ka / n), (t("abtest.arm_b"), kb / n))):
        half = zq * math.sqrt(rate * (1 - rate) / n)
        ax.errorbar(rate, y, xerr=half, fmt="o", capsize=6, color=palette[y], markersize=8)
        ax.text(rate, y + 0.18, f"{rate:.1%}", ha="center", color=palette[y])
    ax.set_ylim(-0.5, 1.6)
    ax.set_xlabel(t("abtest.axis_rate", conf=f"{conf:.0%}"))
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
