"""Figures for :mod:`crmlib.compute.funnel`: Funnels: the customer formation ladder and stage-by-stage conversion.

Plotting only: every number comes from the computation module.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from crmlib import validation as v
from crmlib.compute.funnel import _stage_keys
from crmlib.figures.live import reuse
from crmlib.i18n import t

__all__ = ["plot_funnel"]


def plot_funnel(
    funnel: pd.DataFrame, *, title: str | None = None, ax: plt.Axes | None = None, fig: Figure | None = None
) -> Figure:
    """Draw a funnel table (from :func:`ladder_funnel` or :func:`observed_funnel`) as centred bars.

    Stage names are shown in the current language; each bar is annotated with its count and
    the conversion from the stage above. ``ax``: draw there; ``fig``: a figure this function drew
    before (a dashboard's), redrawn in place.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlib.compute.funnel import ladder_funnel
    >>> fig = plot_funnel(ladder_funnel(1000, [0.5] * 6))
    >>> plot_funnel(ladder_funnel(500, [0.4] * 6), fig=fig) is fig, len(fig.axes[0].texts)
    (True, 7)
    >>> plt.close(fig)
    """
    v.require_columns(funnel, ["stage", "customers", "conversion_from_previous"], "funnel")
    if ax is None:
        fig, fresh = reuse(fig, f"funnel.{len(funnel)}", figsize=(7.5, 0.55 * len(funnel) + 1.2))
        ax = fig.axes[0] if not fresh else fig.subplots()
    else:
        fig = ax.figure
    counts = funnel["customers"].to_numpy(dtype=float)
    widest = counts.max() if counts.max() > 0 else 1.0
    y = np.arange(len(funnel))[::-1]
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    ax.barh(y, counts, left=(widest - counts) / 2, color=colours[0], alpha=0.85, height=0.72)
    for yi, (_, row) in zip(y, funnel.iterrows()):
        label = f"{row['customers']:,.0f}"
        if not np.isnan(row["conversion_from_previous"]):
            label += f"  ({row['conversion_from_previous']:.0%})"
        ax.text(widest / 2, yi, label, ha="center", va="center", color="black", fontsize=10,
                bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.8})
    stage_labels = [t(f"funnel.stage.{s}") if f"funnel.stage.{s}" in _stage_keys() else s for s in funnel["stage"]]
    ax.set_yticks(y, stage_labels)
    ax.set_xticks([])
    ax.set_xlim(0, widest)
    ax.grid(False)
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_title(title if title is not None else t("funnel.title"))
    fig.subplots_adjust(left=0.24, right=0.98, bottom=0.03, top=0.9)  # fixed: tight_layout costs ~100 ms
    return fig
