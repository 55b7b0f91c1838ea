"""Figures of Dick's supermarket case (迪克超市): the campaign, who qualifies, list hit rates.

Plotting only: every number comes from :mod:`crmlib.cases.supermarket.model` and
:mod:`crmlib.cases.supermarket.analysis`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from crmlib import validation as v
from crmlib.cases.supermarket.model import Programme
from crmlib.figures.live import reuse
from crmlib.i18n import t

__all__ = ["plot_campaign", "plot_hit_rates", "plot_spend_distribution"]


def plot_campaign(
    result: Programme, summary: dict[str, float], public: dict[str, float] | None = None, *, fig: Figure | None = None
) -> Figure:
    """Weekly spend of treatment vs control, and the spend lift with its 95 % interval
    (next to the lift of a public-information list when ``public`` is given).

    ``fig``: a figure this function drew before (the dashboard's), redrawn in place
    (:func:`crmlib.figures.live.reuse`).

    Examples
    --------
    >>> from crmlib.cases.supermarket.analysis import programme_summary
    >>> from crmlib.cases.supermarket.model import generate_deals, simulate_programme
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> from crmlib.datasets.synth.supermarket import generate_households
    >>> res = simulate_programme(generate_households(n=300, seed=1), generate_deals(seed=1), pre_weeks=8, programme_weeks=8)
    >>> fig = plot_campaign(res, programme_summary(res))
    >>> [len(ax.patches) for ax in fig.axes]
    [0, 1]
    >>> plot_campaign(res, programme_summary(res), fig=fig) is fig, [len(ax.patches) for ax in fig.axes]
    (True, [0, 1])
    >>> plt.close(fig)
    """
    # Fixed margins, not the constrained layout: that one costs more than the rest of the update.
    fig, fresh = reuse(fig, "supermarket.campaign", figsize=(10, 4.2))
    if fresh:
        fig.subplots(1, 2, width_ratios=[1.6, 1])
        fig.subplots_adjust(left=0.07, right=0.985, bottom=0.13, top=0.9, wspace=0.28)
        for ax in fig.axes:
            ax.yaxis.set_major_locator(MaxNLocator(nbins=5))
    ax1, ax2 = fig.axes
    ax1.set_title(t("supermarket.plot.weekly_title"))
    ax1.set_xlabel(t("supermarket.plot.week"))
    ax1.set_ylabel(t("supermarket.plot.spend_per_household"))
    ax2.set_title(t("supermarket.plot.lift_title"))
    ax2.set_ylabel(t("supermarket.plot.lift_axis"))
    weeks = np.arange(1, result.dicks_spend.shape[1] + 1)
    for grp, colour in (("treatment", "#1b6ca8"), ("control", "#e07a1f")):
        ax1.plot(weeks, result.dicks_spend[result.group == grp].mean(axis=0), color=colour,
                 label=t(f"supermarket.group.{grp}"))
    ax1.axvline(result.pre_weeks + 0.5, color="0.4", linestyle="--", linewidth=1)
    ax1.text(result.pre_weeks + 1, 0.02, t("supermarket.plot.lists_start"), va="bottom", fontsize=9, color="0.3",
             transform=ax1.get_xaxis_transform())
    ax1.legend(loc="upper left", fontsize=9)
    shown = [summary] + ([public] if public is not None else [])
    names = [t("supermarket.plot.private"), t("supermarket.plot.public")][: len(shown)]
    err = np.array([[x["spend_lift"] - x["spend_ci_low"], x["spend_ci_high"] - x["spend_lift"]] for x in shown]).T
    # yerr as lists: with one bar, matplotlib tests math.isfinite on a 1-element array, which
    # numpy 1.26 (the floor) answers with a DeprecationWarning
    ax2.bar(names, [x["spend_lift"] for x in shown], yerr=err.tolist(), capsize=6, color=["#1b6ca8", "#7f7f7f"][: len(shown)], width=0.6)
    ax2.axhline(0, color="0.3", linewidth=0.8)
    return fig


def plot_spend_distribution(eligible: pd.DataFrame, threshold: float = 25.0) -> Figure:
    """Histogram of average weekly spend (from :func:`~crmlib.cases.supermarket.model.eligibility`) with the threshold marked.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> e = pd.DataFrame({"avg_weekly_spend": [5.0, 20.0, 30.0, 80.0]})
    >>> fig = plot_spend_distribution(e)
    >>> fig.axes[0].get_xlabel()
    "Average weekly spend at Dick's (USD)"
    >>> plt.close(fig)
    """
    v.require_columns(eligible, ["avg_weekly_spend"], "eligible")
    spend = v.check_numeric_column(eligible, "avg_weekly_spend", "eligible", minimum=0)
    threshold = v.check_nonnegative(threshold, "threshold")
    fig = plt.figure(figsize=(7.5, 3.8), layout="constrained")
    ax = fig.subplots()
    ax.hist(spend, bins=np.arange(0, max(spend.max(), threshold) + 5, 5), color="#1b6ca8", alpha=0.85)
    ax.axvline(threshold, color="#c0392b", linewidth=2)
    ax.text(threshold + 1, ax.get_ylim()[1] * 0.95, f"{t('supermarket.plot.threshold')} ${threshold:.0f}", color="#c0392b", va="top")
    ax.set_title(t("supermarket.plot.spend_hist_title"))
    ax.set_xlabel(t("supermarket.plot.spend_hist_x"))
    ax.set_ylabel(t("supermarket.plot.households"))
    return fig


def plot_hit_rates(hit_rates: pd.DataFrame) -> Figure:
    """Bar chart of :func:`~crmlib.cases.supermarket.analysis.compare_hit_rates` or
    :func:`~crmlib.cases.supermarket.analysis.scenario_table` hit rates by list source.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> hr = pd.DataFrame({"list_source": ["private", "public"], "hit_rate": [0.6, 0.4]})
    >>> fig = plot_hit_rates(hr)
    >>> [round(float(p.get_height()), 1) for p in fig.axes[0].patches]
    [0.6, 0.4]
    >>> plt.close(fig)
    """
    v.require_columns(hit_rates, ["list_source", "hit_rate"], "hit_rates")
    v.check_category_column(hit_rates, "list_source", "hit_rates", ["private", "public"])
    rate = v.check_numeric_column(hit_rates, "hit_rate", "hit_rates", minimum=0, maximum=1)
    fig = plt.figure(figsize=(6, 3.6), layout="constrained")
    ax = fig.subplots()
    names = [t(f"supermarket.source.{x}") for x in hit_rates["list_source"]]
    bars = ax.bar(names, rate, color=["#1b6ca8" if x == "private" else "#7f7f7f" for x in hit_rates["list_source"]], width=0.55)
    ax.bar_label(bars, labels=[f"{x:.0%}" for x in rate], padding=3)
    ax.set_ylim(0, 1)
    ax.set_title(t("supermarket.plot.hit_title"))
    ax.set_ylabel(t("supermarket.plot.hit_axis"))
    return fig
