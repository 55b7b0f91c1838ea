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

    counts = rf_grid(scored, bins, value="customers")
    money = rf_grid(scored, bins, value="monetary")
    fig, ax = plt.subplots(figsize=(6.4, 4.6))
    fig.subplots_adjust(left=0.14, right=0.97, top=0.9, bottom=0.13)
    ax.imshow(counts.to_numpy(), cmap="Blues", aspect="auto")
    peak = counts.to_numpy().max() or 1
    for i in range(bins):
        for j in range(bins):
            c = int(counts.iat[i, j])
            mtxt = "" if np.isnan(money.iat[i, j]) else f"\n{money.iat[i, j]:,.0f}"
            ax.text(j, i, f"{c}{mtxt}", ha="center", va="center", fontsize=8,
                    color="white" if c > 0.6 * peak else "#222222")
    ax.set_xticks(range(bins), [str(k) for k in counts.columns])
    ax.set_yticks(range(bins), [str(k) for k in counts.index])
    ax.set_xlabel(t("rfm.f_score_axis"))
    ax.set_ylabel(t("rfm.r_score_axis"))
    ax.grid(False)
    ax.set_title(title or t("rfm.grid_title"))
    return fig
