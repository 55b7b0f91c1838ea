"""Dashboard views for :mod:`crmlib.compute.churn`: Churn and win-back (chapter 8): early-warning alerts, a churn model, survival, win-back economics.

Each view takes the dashboard's parameters, calls the computation and the figures, and returns
what the dashboard shows.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from crmlib.compute.churn import winback_candidates, winback_economics
from crmlib.figures.live import reuse
from crmlib.i18n import t

__all__ = ["winback_view"]


def winback_view(
    cost: float = 150.0,
    base_rate: float = 0.25,
    margin: float = 0.3,
    months: float = 12.0,
    *,
    customers: pd.DataFrame | None = None,
    fig: Figure | None = None,
) -> tuple[Figure, str]:
    """What the win-back dashboard shows: cumulative expected profit as customers are contacted
    best-first, and a sentence on how many are worth the attempt.

    ``customers`` defaults to the course's churn table (:func:`crmlib.datasets.load_churn_customers`);
    ``fig`` is the dashboard's figure from the previous update, redrawn in place.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> df = pd.DataFrame({"customer_id": [1, 2, 3], "churned": [1, 1, 1], "complaints": [0, 0, 3],
    ...                    "member": [1, 0, 0], "monthly_spend": [500.0, 300.0, 100.0]})
    >>> fig, text = winback_view(150, customers=df)
    >>> text.split(";")[0]
    'worth winning back: 2 of 3 lost customers'
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    if customers is None:
        from crmlib.datasets import load

        customers = load("churn_customers")
    cand = winback_candidates(customers, base_rate=base_rate, margin=margin, months=months)
    econ = winback_economics(cand, cost=cost)
    n_worth = int(econ["worth"].sum())
    best = float(econ.loc[econ["worth"], "expected_gain"].sum())
    everyone = float(econ["expected_gain"].sum())
    fig, fresh = reuse(fig, "churn.winback", figsize=(7.5, 4.0))
    if fresh:
        ax = fig.subplots()
        ax.set_xlabel(t("churn.contacted_count_axis"))
        ax.set_ylabel(t("churn.profit_axis"))
        ax.set_title(t("churn.winback_title"))
        ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda y, _: f"{y:,.0f}"))
        # Fixed margins instead of tight_layout(): a dashboard redraws on every slider move.
        fig.subplots_adjust(left=0.13, right=0.97, bottom=0.14, top=0.9)
    ax = fig.axes[0]
    x = np.arange(1, len(econ) + 1)
    ax.plot(x, econ["cumulative_gain"], color="#1b6ca8")
    ax.axvline(n_worth, color="#3a9a5b", linestyle=":", label=t("churn.stop_here"))
    ax.axhline(0, color="black", linewidth=0.8)
    ax.legend(loc="lower left", fontsize="small")
    text = t(
        "churn.winback_summary",
        worth=n_worth,
        lost=len(econ),
        best=f"{best:,.0f}",
        everyone=f"{everyone:,.0f}",
    )
    return fig, text
