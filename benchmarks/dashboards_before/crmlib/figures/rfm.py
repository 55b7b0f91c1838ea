"""Figures for :mod:`crmlib.compute.rfm`: RFM analysis (最近一次购买 Recency, 购买频率 Frequency, 消费金额 Monetary).

Plotting only: every number comes from the computation module.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmlib.compute.rfm import rf_grid
from crmlib.i18n import t

__all__ = ["plot_rf_grid"]


def plot_rf_grid(scored: pd.DataFrame, bins: int = 5, *, title: str | None = None):
    """Heat map of the R × F grid: colour = customers (darker = more), text = customers and
    mean spend (no colour bar: the counts are written in the cells).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> s = pd.DataFrame({"r_score": [5, 1], "f_score": [5, 1], "monetary": [10.0, 5.0]})
    >>> fig = plot_rf_grid(s); len(fig.axes[0].texts)
    25
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    counts = rf_grid(scored, bins, value="customers")
    money = rf_grid(scored, bins, value="monetary")
    # each cell: customers, and their mean spend below it (blank where the cell is empty)
    labels = np.array([[f"{int(c)}" + ("" if np.isnan(m) else f"\n{m:,.0f}") for c, m in zip(crow, mrow)]
                       for crow, mrow in zip(counts.to_numpy(), money.to_numpy(float))])
    fig, ax = plt.subplots(figsize=(6.4, 4.6))
    fig.subplots_adjust(left=0.14, right=0.97, top=0.9, bottom=0.13)
    # seaborn's heatmap labels the cells and picks black or white text for each cell's shade
    sns.heatmap(counts, annot=labels, fmt="", cmap="Blues", cbar=False, linewidths=0.5, linecolor="white",
                annot_kws={"fontsize": 8}, ax=ax)
    ax.tick_params(axis="y", rotation=0)
    ax.set_xlabel(t("rfm.f_score_axis"))
    ax.set_ylabel(t("rfm.r_score_axis"))
    ax.set_title(title or t("rfm.grid_title"))
    ax.grid(False)  # the theme's grid would show through empty cells
    return fig
