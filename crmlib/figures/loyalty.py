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
from crmlib.figures.live import reuse
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
    >>> fig = plot_cohort_heatmap(tb); [x.get_text() for x in fig.axes[0].texts]
    ['100', '40', '100']
    >>> plt.close(fig)
    """
    v.require_frame(table, "table")
    from crmlib.figures.theme import dark_text_on

    data = table.iloc[:, : v.check_count(max_periods, "max_periods", minimum=1)].astype(float)
    # period 0 is 100 % by definition: scale the colours to the later periods, so they show
    top = max(0.3, float(np.nanmax(data.iloc[:, 1:].to_numpy())) if data.shape[1] > 1 else 1.0)
    values = data.to_numpy() * 100
    rows, cols = values.shape
    fig, ax = plt.subplots(figsize=(8.5, 0.45 * rows + 1.6))
    # seaborn's annotated heat map, drawn with matplotlib: white cell borders, empty cells blank,
    # percentages in the cells, dark or white text for the cell's shade, a colour bar in percent
    mesh = ax.pcolormesh(np.ma.masked_invalid(values), cmap="Blues", vmin=0, vmax=100 * top,
                         edgecolors="white", linewidth=0.5)
    dark = dark_text_on(mesh.to_rgba(values))
    for (i, j), value in np.ndenumerate(values):
        if not np.isnan(value):
            ax.text(j + 0.5, i + 0.5, f"{value:.0f}", ha="center", va="center", fontsize=8,
                    color=".15" if dark[i, j] else "w")
    bar = fig.colorbar(mesh, ax=ax, fraction=0.03, format="%.0f%%")
    bar.outline.set_linewidth(0)
    ax.set_xticks(np.arange(cols) + 0.5, [str(c) for c in data.columns])
    ax.set_yticks(np.arange(rows) + 0.5, [str(r) for r in data.index], va="center")
    ax.set_xlim(0, cols)
    ax.set_ylim(rows, 0)  # the first cohort at the top
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_xlabel(t("loyalty.periods_since_first"))
    ax.set_ylabel(t("loyalty.cohort"))
    ax.set_title(t("loyalty.heatmap_title"))
    ax.grid(False)  # the theme's grid would show through empty cells
    fig.tight_layout()
    return fig


def plot_programme_roi(roi: pd.DataFrame, *, fig: Figure | None = None) -> Figure:
    """Bars per tier: privilege cost against the margin the programme protects (10,000 yuan a year).

    ``fig``: a figure this function drew before (a dashboard's), redrawn in place.

    Examples
    --------
    >>> from crmlib.compute.loyalty import programme_roi
    >>> from crmlib.figures.theme import use_theme; use_theme()
    >>> tiers = pd.DataFrame({"members": [10, 20], "annual_spend": [60000.0, 36000.0]}, index=["A", "B"])
    >>> costs = {"A": 6800.0, "B": 3820.0}
    >>> fig = plot_programme_roi(programme_roi(tiers, uplift=0.1, margin=0.4, cost_per_member=costs))
    >>> [len(bars) for bars in fig.axes[0].containers]  # cost and protected margin, two tiers each
    [2, 2]
    >>> plot_programme_roi(programme_roi(tiers, uplift=0.2, margin=0.4, cost_per_member=costs), fig=fig) is fig
    True
    >>> [len(bars) for bars in fig.axes[0].containers]
    [2, 2]
    >>> plt.close(fig)
    """
    v.require_columns(roi, ["cost", "protected_margin"], "roi")
    data = roi.drop(index="total", errors="ignore")
    tiers = [t("loyalty.tier_label", tier=str(k)) for k in data.index]
    fig, fresh = reuse(fig, f"loyalty.roi.{'|'.join(tiers)}", figsize=(7.5, 4.2))
    if fresh:
        ax = fig.subplots()
        ax.set_xticks(range(len(tiers)), tiers)
        ax.set_xlim(-0.6, len(tiers) - 0.4)
        ax.set_ylabel(t("loyalty.wan_yuan"))
        ax.set_title(t("loyalty.roi_title"))
        # fixed margins instead of tight_layout: a dashboard redraw stays fast
        fig.subplots_adjust(left=0.09, right=0.98, top=0.9, bottom=0.1)
    ax = fig.axes[0]
    x = np.arange(len(tiers))
    # bars grouped by tier, coloured by measure: the privileges' cost, the margin they protect
    for offset, (col, key, colour) in zip((-0.2, 0.2), (("cost", "loyalty.cost", "#c0392b"),
                                                        ("protected_margin", "loyalty.protected_margin", "#3a9a5b"))):
        ax.bar(x + offset, data[col].to_numpy(float) / 1e4, width=0.4, color=colour, label=t(key))
    ax.legend(title=None)
    return fig
