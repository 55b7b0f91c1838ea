"""Figures of the restaurant case (富丽华·华膳楼酒店, seed 000): the month-to-month grade moves and
the programme's return against the share of visits on which the lowest discount is granted.

Plotting only: every number comes from :mod:`crmlib.cases.restaurant.analysis`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from crmlib import validation as v
from crmlib.figures.live import reuse
from crmlib.i18n import t

__all__ = ["plot_grade_moves", "plot_grant_sweep"]

_TIER_COLOURS = {"A": "#1f5fa8", "B": "#3a9a5b", "C": "#e07a1f", "total": "#222222"}


def _grade_label(g: str) -> str:
    return t(f"restaurant.grade.{g}")


def plot_grade_moves(moves: pd.DataFrame) -> Figure:
    """Heatmap of the transition table: last month's grade (rows) against this month's (columns).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlib.figures.theme import use_theme; use_theme()
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> from crmlib.cases.restaurant.analysis import grade_moves
    >>> fig = plot_grade_moves(grade_moves(pd.DataFrame({"grade_before": ["A_quality"], "grade_after": ["absent"]})))
    >>> len(fig.axes[0].texts)
    64
    >>> plt.close(fig)
    """
    v.require_frame(moves, "moves")
    data = moves.to_numpy(dtype=float)
    fig, ax = plt.subplots(figsize=(7.2, 5.6))
    ax.imshow(data, cmap="Blues", aspect="auto")
    top = data.max() if data.size and data.max() > 0 else 1.0
    for i in range(data.shape[0]):
        for j in range(data.shape[1]):
            ax.text(j, i, f"{data[i, j]:.0f}", ha="center", va="center", fontsize=9,
                    color="white" if data[i, j] > 0.6 * top else "black")
    ax.set_xticks(range(data.shape[1]), [_grade_label(g) for g in moves.columns], rotation=35, ha="right", fontsize=9)
    ax.set_yticks(range(data.shape[0]), [_grade_label(g) for g in moves.index], fontsize=9)
    ax.set_xlabel(t("restaurant.axis.grade_after"))
    ax.set_ylabel(t("restaurant.axis.grade_before"))
    ax.set_title(t("restaurant.title.grade_moves"))
    ax.grid(False)
    fig.subplots_adjust(left=0.2, right=0.98, top=0.93, bottom=0.22)
    return fig


def plot_grant_sweep(sweep: pd.DataFrame, grant_share: float, *, fig: Figure | None = None) -> Figure:
    """ROI (%) of each tier and of the programme against the grant share, with the zero line and
    the current grant share marked.

    ``fig``: a figure this function drew before (the dashboard's), redrawn in place.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlib.figures.theme import use_theme; use_theme()
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> sweep = pd.DataFrame({"A": [1.0, -0.3], "total": [1.0, -0.3]}, index=[0.0, 1.0])
    >>> fig = plot_grant_sweep(sweep, 0.2); len(fig.axes[0].lines)
    4
    >>> plot_grant_sweep(sweep, 0.5, fig=fig) is fig, len(fig.axes[0].lines)
    (True, 4)
    >>> plt.close(fig)
    """
    v.require_frame(sweep, "sweep")
    g = v.check_rate(grant_share, "grant_share")
    fig, fresh = reuse(fig, "restaurant.grant_sweep", figsize=(7.2, 4.2))
    if fresh:
        ax = fig.subplots()
        ax.set_xlabel(t("restaurant.axis.grant_share"))
        ax.set_ylabel(t("restaurant.axis.roi_pct"))
        ax.set_title(t("restaurant.title.grant_sweep"))
        fig.subplots_adjust(left=0.11, right=0.98, top=0.9, bottom=0.13)
    ax = fig.axes[0]
    x = 100 * sweep.index.to_numpy(dtype=float)
    for col in sweep.columns:
        label = t("loyalty.total") if col == "total" else t("loyalty.tier_label", tier=str(col))
        ax.plot(x, 100 * sweep[col].to_numpy(dtype=float), label=label, color=_TIER_COLOURS.get(str(col)),
                lw=2.6 if col == "total" else 1.6, ls="-" if col == "total" else "--")
    ax.axhline(0, color="black", lw=0.8)
    ax.axvline(100 * g, color="#c0392b", lw=1.2, ls=":")
    ax.set_xlim(0, 100)
    ax.annotate(t("restaurant.label.current", value=f"{100 * g:.0f}%"), (100 * g, 1.0), xytext=(4, -14),
                xycoords=ax.get_xaxis_transform(), textcoords="offset points", color="#c0392b", fontsize=9)
    ax.legend(fontsize=9, loc="upper right")
    return fig
