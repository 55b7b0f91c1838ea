"""Figures for :mod:`crmlib.compute.concentration`: Concentration of customer value: the Pareto (Lorenz) curve, the 80/20 share, the Gini.

Plotting only: every number comes from the computation module.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from crmlib.compute.concentration import ArrayLike, pareto_curve, top_share, whale_curve, whale_summary
from crmlib.i18n import t

__all__ = ["plot_pareto", "plot_whale"]


def _axes(ax: Axes | None) -> tuple[Figure, Axes]:
    if ax is None:
        fig, ax = plt.subplots(figsize=(6.4, 4.2))
        return fig, ax
    return ax.figure, ax


def plot_pareto(values: ArrayLike, share: float = 0.2, *, ax: Axes | None = None, name: str = "values") -> Figure:
    """Draw the Pareto curve with the diagonal and the top-``share`` point marked.

    Labels come from the catalogue (``concentration.*``).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlib.figures.theme import use_theme; use_theme()
    >>> fig = plot_pareto([50, 30, 10, 5, 5]); len(fig.axes)
    1
    >>> plt.close(fig)
    """
    curve = pareto_curve(values, name)
    s = top_share(values, share, name)
    fig, ax = _axes(ax)
    ax.plot(curve["customer_share"] * 100, curve["value_share"] * 100, lw=2, label=t("concentration.pareto_curve"))
    ax.plot([0, 100], [0, 100], ls="--", color="grey", lw=1, label=t("concentration.equality"))
    ax.scatter([share * 100], [s * 100], color="C1", zorder=3)
    ax.annotate(
        t("concentration.top_point", top=f"{share:.0%}", value=f"{s:.0%}"),
        (share * 100, s * 100), xytext=(8, -16), textcoords="offset points", fontsize=9,
    )
    ax.set_xlabel(t("concentration.customer_share_axis"))
    ax.set_ylabel(t("concentration.value_share_axis"))
    ax.set_title(t("concentration.pareto_title"))
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 102)
    ax.legend(loc="lower right", fontsize=9)
    fig.tight_layout()
    return fig


def plot_whale(profit: ArrayLike, *, ax: Axes | None = None, name: str = "profit") -> Figure:
    """Draw the whale curve: cumulative profit (% of total) against customers, best first.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlib.figures.theme import use_theme; use_theme()
    >>> fig = plot_whale([-20, 100, 20]); len(fig.axes)
    1
    >>> plt.close(fig)
    """
    curve = whale_curve(profit, name)
    summary = whale_summary(profit, name)
    fig, ax = _axes(ax)
    ax.plot(curve["customer_share"] * 100, curve["profit_share"] * 100, lw=2, color="C0")
    ax.axhline(100, ls="--", color="grey", lw=1)
    ax.scatter([summary["peak_customer_share"] * 100], [summary["peak_share"] * 100], color="C3", zorder=3)
    ax.annotate(
        t("concentration.whale_peak", peak=f"{summary['peak_share']:.0%}", customers=f"{summary['peak_customer_share']:.0%}"),
        (summary["peak_customer_share"] * 100, summary["peak_share"] * 100),
        xytext=(0.55, 0.3), textcoords="axes fraction", ha="center", fontsize=9,
        arrowprops={"arrowstyle": "->", "color": "grey"},
    )
    ax.set_xlabel(t("concentration.customer_share_axis_profit"))
    ax.set_ylabel(t("concentration.profit_share_axis"))
    ax.set_title(t("concentration.whale_title"))
    ax.set_xlim(0, 100)
    ax.set_ylim(min(0.0, float(curve["profit_share"].min()) * 100) - 5, summary["peak_share"] * 100 * 1.12)
    fig.tight_layout()
    return fig
