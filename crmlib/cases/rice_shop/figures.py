"""Figures of the rice-shop case (王永庆卖米): the two strategies side by side.

Plotting only: every number comes from :mod:`crmlib.cases.rice_shop.analysis`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from crmlib.cases.rice_shop.analysis import deliveries_per_day, market_share, run_outs
from crmlib.cases.rice_shop.model import RiceShopRun
from crmlib.figures.live import reuse
from crmlib.i18n import labels, t

__all__ = ["plot_comparison"]


def plot_comparison(runs: dict[str, RiceShopRun], *, fig: Figure | None = None) -> Figure:
    """Three panels: Wang's market share, deliveries per day (7-day mean), cumulative run-outs.

    Labels come from the catalogue (``rice_shop.*``) in the current language. Margins are fixed
    (no ``tight_layout``, which would triple the time a dashboard update takes). ``fig``: a figure
    this function drew before (the dashboard's), redrawn in place (:func:`crmlib.figures.live.reuse`).

    Examples
    --------
    >>> from crmlib.cases.rice_shop.model import compare
    >>> fig = plot_comparison(compare(n_households=30, seed=3))
    >>> len(fig.axes)
    3
    >>> plot_comparison(compare(n_households=40, seed=3), fig=fig) is fig, len(fig.axes), len(fig.axes[0].lines)
    (True, 3, 2)
    >>> plt.close(fig)
    """
    fig, fresh = reuse(fig, "rice_shop.comparison", figsize=(11.5, 3.7))
    if fresh:
        fig.subplots(1, 3)
        fig.subplots_adjust(left=0.055, right=0.99, bottom=0.15, top=0.86, wspace=0.3)
        for ax in fig.axes:
            ax.tick_params(labelsize=9)
            ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    axes = fig.axes
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    names = labels("rice_shop.strategy", runs)
    for k, (name, run) in enumerate(runs.items()):
        c = colours[k % len(colours)]
        x = run.daily["day"].to_numpy()
        axes[0].plot(x, market_share(run).to_numpy() * 100, color=c, label=names[name])
        per_day = deliveries_per_day(run).to_numpy().astype(float)
        week = np.convolve(per_day, np.ones(7) / 7)[: len(per_day)]
        week[:6] = np.cumsum(per_day[:6]) / np.arange(1, 7)  # shorter window at the start
        axes[1].plot(x, week, color=c, label=names[name])
        axes[2].plot(x, np.cumsum(run_outs(run).to_numpy()), color=c, label=names[name])
    axes[0].set_ylim(0, 100)
    axes[0].legend(loc="upper left", fontsize=9)
    for ax, key in zip(axes, ("share", "deliveries", "run_outs")):
        ax.set_title(t(f"rice_shop.plot.{key}"), fontsize=11)
        ax.set_xlabel(t("rice_shop.plot.day"), fontsize=10)
        ax.set_ylabel(t(f"dashboards.axis.rice_{key}"), fontsize=10)
    return fig
