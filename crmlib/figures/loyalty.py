"""Figures for :mod:`crmlib.compute.loyalty`: Customer loyalty (chapter 7): repeat purchase, cohort retention, share of wallet, programme ROI.

Plotting only: every number comes from the computation module.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from crmlib import validation as v
from crmlib.compute.loyalty import retention_curve
from crmlib.i18n import t

__all__ = ["plot_cohort_curves", "plot_cohort_heatmap", "plot_programme_roi"]


def plot_cohort_curves(
    table: pd.DataFrame, *, max_cohorts: int = 6, start: int = 1, title_key: str = "loyalty.cohort_title"
) -> Figure:
    """Retention curves: one line per cohort (the first ``max_cohorts``) and the weighted average.

    Periods before ``start`` are left out: period 0 is 100 % by definition and would squash the
    rest of the curve against the axis.

    Examples
    --------
    >>> from crmlib.figures.theme import use_theme; use_theme()
    >>> tb = pd.DataFrame([[1.0, 0.4, 0.3], [1.0, 0.5, np.nan]], columns=[0, 1, 2], index=["a", "b"])
    >>> fig = plot_cohort_curves(tb); len(fig.axes[0].lines)
    3
    >>> fig.axes[0].lines[0].get_xdata().tolist()
    [1, 2]
    >>> plt.close(fig)
    """
    v.require_frame(table, "table")
    n = v.check_count(max_cohorts, "max_cohorts", minimum=1)
    fig, ax = plt.subplots()
    first = v.check_count(start, "start")
    for cohort in table.index[:n]:
        row = table.loc[cohort].dropna()
        row = row[row.index >= first]
        ax.plot(row.index.to_numpy(), row.to_numpy(), lw=1.2, alpha=0.7, marker=".", label=str(cohort))
    avg = retention_curve(table).dropna()
    avg = avg[avg.index >= first]
    ax.plot(avg.index.to_numpy(), avg.to_numpy(), color="black", lw=2.5, label=t("loyalty.average"))
    ax.set_xlabel(t("loyalty.periods_since_first"))
    ax.set_ylabel(t("loyalty.share_active"))
    top = float(np.nanmax(table.loc[:, table.columns >= first].to_numpy(float))) if (table.columns >= first).any() else 1.0
    ax.set_ylim(0, min(1.02, top * 1.25 if top > 0 else 1.0))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=None))
    ax.set_title(t(title_key))
    ax.legend(title=t("loyalty.cohort"), fontsize=9, ncol=2)
    fig.tight_layout()
    return fig


def plot_cohort_heatmap(table: pd.DataFrame, *, max_periods: int = 12) -> Figure:
    """The cohort table as a heat map (shares as percentages), first ``max_periods`` columns.

    Examples
    --------
    >>> from crmlib.figures.theme import use_theme; use_theme()
    >>> tb = pd.DataFrame([[1.0, 0.4], [1.0, np.nan]], columns=[0, 1], index=["a", "b"])
    >>> fig = plot_cohort_heatmap(tb); plt.close(fig)
    """
    v.require_frame(table, "table")
    data = table.iloc[:, : v.check_count(max_periods, "max_periods", minimum=1)]
    fig, ax = plt.subplots(figsize=(8.5, 0.45 * len(data) + 1.6))
    im = ax.imshow(data.to_numpy(float), cmap="Blues", vmin=0, vmax=max(0.3, float(np.nanmax(data.iloc[:, 1:].to_numpy(float))) if data.shape[1] > 1 else 1.0), aspect="auto")
    for i in range(data.shape[0]):
        for j in range(data.shape[1]):
            val = data.iat[i, j]
            if pd.notna(val):
                colour = "white" if j == 0 else "black"
                ax.text(j, i, f"{100 * val:.0f}", ha="center", va="center", fontsize=8, color=colour)
    ax.set_xticks(range(data.shape[1]), [str(c) for c in data.columns])
    ax.set_yticks(range(data.shape[0]), [str(c) for c in data.index])
    ax.set_xlabel(t("loyalty.periods_since_first"))
    ax.set_ylabel(t("loyalty.cohort"))
    ax.set_title(t("loyalty.heatmap_title"))
    ax.grid(False)
    fig.colorbar(im, ax=ax, fraction=0.03)
    fig.tight_layout()
    return fig


def plot_programme_roi(roi: pd.DataFrame) -> Figure:
    """Bars per tier: privilege cost against the margin the programme protects.

    Examples
    --------
    >>> from crmlib.compute.loyalty import programme_roi
    >>> from crmlib.figures.theme import use_theme; use_theme()
    >>> tiers = pd.DataFrame({"members": [10, 20], "annual_spend": [60000.0, 36000.0]}, index=["A", "B"])
    >>> fig = plot_programme_roi(programme_roi(tiers, uplift=0.1, margin=0.4)); plt.close(fig)
    """
    v.require_columns(roi, ["cost", "protected_margin"], "roi")
    data = roi.drop(index="total", errors="ignore")
    fig, ax = plt.subplots()
    x = np.arange(len(data))
    ax.bar(x - 0.2, data["cost"] / 1e4, width=0.4, color="#c0392b", label=t("loyalty.cost"))
    ax.bar(x + 0.2, data["protected_margin"] / 1e4, width=0.4, color="#3a9a5b", label=t("loyalty.protected_margin"))
    ax.set_xticks(x, [t("loyalty.tier_label", tier=str(k)) for k in data.index])
    ax.set_ylabel(t("loyalty.wan_yuan"))
    ax.set_title(t("loyalty.roi_title"))
    ax.legend()
    # fixed margins instead of tight_layout: a dashboard redraw stays fast
    fig.subplots_adjust(left=0.09, right=0.98, top=0.9, bottom=0.1)
    return fig
