"""Figures for :mod:`crmlib.compute.pyramid`: The customer pyramid (客户金字塔): customers ranked by value and cut into tiers by *share.

Plotting only: every number comes from the computation module.
"""

from __future__ import annotations

import pandas as pd

from crmlib.i18n import t

__all__ = ["plot_pyramid"]


def plot_pyramid(summary: pd.DataFrame, *, title: str | None = None):
    """Draw the pyramid: one band per tier, top tier on top, labelled with its share of
    customers and share of value.

    Examples
    --------
    >>> from crmlib.compute.pyramid import pyramid_summary
    >>> import matplotlib; matplotlib.use("Agg")
    >>> fig = plot_pyramid(pyramid_summary(list(range(1, 101))))
    >>> len(fig.axes[0].patches)
    4
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Polygon

    fig, ax = plt.subplots(figsize=(7.2, 4.4))
    fig.subplots_adjust(left=0.02, right=0.98, top=0.9, bottom=0.03)
    colors = ["#7d5ba6", "#1b6ca8", "#3a9a5b", "#b0b0b0"]
    n = len(summary)
    for i, (tier, row) in enumerate(summary.iterrows()):
        top, bottom = n - i, n - i - 1  # band i from y=top down to y=bottom
        half_top, half_bottom = 0.5 * (i / n), 0.5 * ((i + 1) / n)
        ax.add_patch(Polygon([(-half_top, top), (half_top, top), (half_bottom, bottom), (-half_bottom, bottom)],
                             closed=True, facecolor=colors[i % len(colors)], edgecolor="white", linewidth=2))
        ax.text(0.56, bottom + 0.5, t("pyramid.band_text", tier=t(f"pyramid.tier.{tier}"),
                                     customers=f"{row['customer_share']:.0%}", value=f"{row['value_share']:.0%}"),
                va="center", ha="left", fontsize=10)
    ax.set_xlim(-0.6, 1.7)
    ax.set_ylim(0, n)
    ax.axis("off")
    ax.set_title(title or t("pyramid.title"))
    return fig
