"""Figures for :mod:`crmlib.compute.rfm`: RFM analysis (最近一次购买 Recency, 购买频率 Frequency, 消费金额 Monetary).

Plotting only: every number comes from the computation module.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmlib.compute.rfm import rf_grid
from crmlib.i18n import t

__all__ = ["plot_rf_grid"]


def plot_rf_grid(scored: pd.DataFrame, bins: int = 5, *, title: str | None = None, fig=None):
    """Heat map of the R × F grid: colour = customers (darker = more), text = customers and
    mean spend (no colour bar: the counts are written in the cells).

    ``fig``: a figure this function drew before (a dashboard's), redrawn in place.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> s = pd.DataFrame({"r_score": [5, 1], "f_score": [5, 1], "monetary": [10.0, 5.0]})
    >>> fig = plot_rf_grid(s); len(fig.axes[0].texts)
    25
    >>> plot_rf_grid(s, fig=fig) is fig, len(fig.axes[0].texts)
    (True, 25)
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    from crmlib.figures.live import reuse
    from crmlib.figures.theme import dark_text_on

    counts = rf_grid(scored, bins, value="customers")
    money = rf_grid(scored, bins, value="monetary")
    fig, fresh = reuse(fig, f"rfm.grid.{bins}", figsize=(6.4, 4.6))
    if fresh:
        ax = fig.subplots()
        fig.subplots_adjust(left=0.14, right=0.97, top=0.9, bottom=0.13)
        centres = np.arange(bins) + 0.5
        ax.set_xticks(centres, [str(c) for c in counts.columns])
        ax.set_yticks(centres, [str(r) for r in counts.index])  # row 0 (the top) is R score ``bins``
        ax.set_xlim(0, bins)
        ax.set_ylim(bins, 0)
        ax.grid(False)  # the theme's grid would show through empty cells
        for side in ax.spines.values():
            side.set_visible(False)
        ax.set_xlabel(t("rfm.f_score_axis"))
        ax.set_ylabel(t("rfm.r_score_axis"))
    ax = fig.axes[0]
    data = counts.to_numpy(dtype=float)
    edges = np.arange(bins + 1)
    mesh = ax.pcolormesh(edges, edges, data, cmap="Blues", edgecolors="white", linewidth=0.5)
    # each cell: customers, and their mean spend below it (blank where the cell is empty), in black
    # or white for the cell's shade (seaborn's rule: relative luminance above 0.408 → dark text)
    light = dark_text_on(mesh.to_rgba(data))
    for (i, j), c in np.ndenumerate(data):
        m = money.iat[i, j]
        label = f"{int(c)}" + ("" if np.isnan(m) else f"\n{m:,.0f}")
        ax.text(j + 0.5, i + 0.5, label, ha="center", va="center", fontsize=8, color=".15" if light[i, j] else "w")
    ax.set_title(title or t("rfm.grid_title"))
    return fig
