"""Dashboard views for :mod:`crmlib.compute.retention`: What a retention gain does to profit: a cohort ("layer cake") model.

Each view takes the dashboard's parameters, calls the computation and the figures, and returns
what the dashboard shows.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from crmlib import validation as v
from crmlib.compute.retention import cohort_profit, retention_gain, steady_state_profit
from crmlib.figures.live import reuse
from crmlib.i18n import t

__all__ = ["retention_view"]


def retention_view(
    retention: float = 0.80,
    gain: float = 0.05,
    margin: float = 100.0,
    growth: float = 0.05,
    acquisition_cost: float = 150.0,
    years: int = 15,
    *,
    fig: Figure | None = None,
) -> tuple[Figure, str]:
    """What the retention dashboard shows: profit by year at both retention rates, and a summary.

    ``fig``: the dashboard's figure from the previous update, redrawn in place.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> fig, text = retention_view(0.80, 0.05, 100, 0.0, 0.0, 10)
    >>> text
    'Steady-state profit: 500,000 → 666,667 (+33.3%). A customer stays 5.0 → 6.7 years on average.'
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    retention = v.check_rate(retention, "retention")
    new = 1000.0
    improved = min(retention + gain, 1.0)
    base = cohort_profit(new, retention, margin, growth=growth, acquisition_cost=acquisition_cost, years=years)
    better = cohort_profit(new, improved, margin, growth=growth, acquisition_cost=acquisition_cost, years=years)
    fig, fresh = reuse(fig, "retention.cohort", figsize=(7.5, 4.2))
    if fresh:
        ax = fig.subplots()
        ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda y, _: f"{y:,.0f}"))
        ax.set_xlabel(t("retention.axis_year"))
        ax.set_ylabel(t("retention.axis_profit"))
        ax.set_title(t("retention.title", n=f"{new:,.0f}"))
        fig.subplots_adjust(left=0.17, right=0.97, bottom=0.14, top=0.9)  # fixed: tight_layout costs ~100 ms
    ax = fig.axes[0]
    ax.plot(base["year"], base["profit"], marker="o", label=t("retention.label_base", r=f"{retention:.0%}"))
    ax.plot(better["year"], better["profit"], marker="o", label=t("retention.label_improved", r=f"{improved:.0%}"))
    ax.axhline(0, color="grey", linewidth=0.8)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for r, colour in ((retention, colours[0]), (improved, colours[1])):
        if r * (1 + growth) < 1:
            level = steady_state_profit(new, r, margin, growth=growth, acquisition_cost=acquisition_cost)
            ax.axhline(level, color=colour, linestyle=":", linewidth=1.2)
    ax.legend(title=t("retention.legend_note"), title_fontsize="small", loc="lower right")
    try:
        g = retention_gain(retention, improved - retention, margin, growth=growth, acquisition_cost=acquisition_cost, new=new)
    except v.CRMInputError:
        text = t("retention.summary_unbounded")
    else:
        change = "—" if np.isnan(g["change"]) else f"{g['change']:+.1%}"
        text = t(
            "retention.summary",
            base=f"{g['base_profit']:,.0f}",
            better=f"{g['improved_profit']:,.0f}",
            change=change,
            l0=f"{g['base_lifetime']:.1f}",
            l1=f"{g['improved_lifetime']:.1f}",
        )
    return fig, text
