"""Figures for :mod:`crmlib.compute.segmentation`: comparing segments.

Plotting only: every number comes from the computation module.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmlib.i18n import t

__all__ = ["plot_segment_comparison"]


def plot_segment_comparison(profiles: pd.DataFrame, columns: list[str], *, segment_prefix: str | None = None,
                            title: str | None = None):
    """One bar panel per profile column, one bar per segment (seaborn's look, plain matplotlib).

    Parameters
    ----------
    profiles : DataFrame
        The result of :func:`crmlib.compute.segmentation.segment_profiles`.
    columns : list of str
        Profile columns to compare (headers come from ``segmentation.col.<column>``).
    segment_prefix : str, optional
        Catalogue prefix for the segment names (e.g. ``"satisfaction.attr"``); raw names otherwise.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlib.figures.theme import use_theme; use_theme()
    >>> prof = pd.DataFrame({"size": [2.0, 1.0], "nps": [0.0, 50.0]}, index=["a", "b"])
    >>> fig = plot_segment_comparison(prof, ["size", "nps"])
    >>> [len(ax.patches) for ax in fig.axes]
    [2, 2]
    >>> [t.get_text() for t in fig.axes[1].texts]
    ['0', '50']
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import matplotlib.pyplot as plt

    from crmlib.figures.theme import sequential_palette

    names = [t(f"{segment_prefix}.{s}") if segment_prefix else str(s) for s in profiles.index]
    # seaborn's barplot(hue=segment, palette="crest"): crest colours at 75 % saturation, bars 0.8
    # wide, no grid across the categories
    colours = sequential_palette(len(names), saturation=0.75)
    x = np.arange(len(names))
    fig, axes = plt.subplots(1, len(columns), figsize=(3.6 * len(columns) + 0.8, 3.8), squeeze=False)
    for ax, column in zip(axes[0], columns):
        values = profiles[column].astype(float).to_numpy()
        fmt = "%.2f" if np.nanmax(np.abs(values), initial=0.0) < 10 else "%.0f"
        for i in range(len(names)):  # one container per segment, as seaborn's hue levels
            bars = ax.bar(x[i], values[i], width=0.8, color=colours[i])
            ax.bar_label(bars, fmt=fmt, fontsize=8)
        ax.set_xticks(x, names)
        ax.set_xlim(-0.5, len(names) - 0.5)
        ax.xaxis.grid(False)
        ax.axhline(0, color="#555555", linewidth=0.8)
        ax.set_xlabel("")
        ax.set_ylabel(t(f"segmentation.col.{column}"))
        ax.tick_params(axis="x", labelrotation=30)
    fig.suptitle(title or t("segmentation.title"))
    fig.tight_layout()
    return fig
