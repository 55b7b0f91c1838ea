"""Figures of the D-manager case (D经理, seed file 003): the profit turnaround and profit against sales.

Plotting only: every number comes from :mod:`crmlib.cases.d_manager.analysis` and
:mod:`crmlib.cases.d_manager.model`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from crmlib import validation as v
from crmlib.cases.d_manager.analysis import GROUPS
from crmlib.i18n import t

__all__ = ["plot_turnaround", "plot_profit_vs_sales"]


def plot_turnaround(table: pd.DataFrame) -> Figure:
    """Bar chart of profit per half-year (10,000 yuan), the two 2025H1 scenarios side by side.

    Examples
    --------
    >>> from crmlib.cases.d_manager.model import turnaround
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlib.figures.theme import use_theme; use_theme()
    >>> fig = plot_turnaround(turnaround()); len(fig.axes)
    1
    >>> plt.close(fig)
    """
    v.require_columns(table, ["profit"], "table")
    rows = ["2023H1", "2023H2", "2024H1", "2024H2", "2025H1 status quo", "2025H1 policy"]
    profit = table.loc[rows, "profit"].to_numpy() / 1e4
    labels = [t(f"d_manager.label.{h[4:]}", year=h[:4]) for h in rows[:4]]
    labels += [t("d_manager.label.status_quo"), t("d_manager.label.policy")]
    colors = ["#7f7f7f", "#7f7f7f", "#e07a1f", "#e07a1f", "#c0392b", "#3a9a5b"]
    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    bars = ax.bar(range(len(rows)), profit, color=colors)
    ax.axhline(0, color="black", lw=0.8)
    for b, val in zip(bars, profit):
        ax.annotate(f"{val:,.0f}", (b.get_x() + b.get_width() / 2, val), xytext=(0, 3 if val >= 0 else -12),
                    textcoords="offset points", ha="center", fontsize=9)
    ax.set_xticks(range(len(rows)), labels, fontsize=9)
    ax.set_ylabel(t("d_manager.axis.profit_10k"))
    ax.set_title(t("d_manager.title.turnaround"))
    lo, hi = min(0.0, profit.min()), max(0.0, profit.max())
    ax.set_ylim(lo - 0.12 * (hi - lo) if lo < 0 else 0, hi + 0.12 * (hi - lo))
    fig.subplots_adjust(left=0.11, right=0.98, top=0.9, bottom=0.17)  # fixed: faster than tight_layout
    return fig


def plot_profit_vs_sales(profit_table: pd.DataFrame, groups: pd.Series) -> Figure:
    """Scatter of profit against sales per customer (10,000 yuan, sales on a log scale), by group.

    Examples
    --------
    >>> from crmlib.cases.d_manager.analysis import customer_groups, load_ledger, profit_table
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlib.figures.theme import use_theme; use_theme()
    >>> L = load_ledger()
    >>> fig = plot_profit_vs_sales(profit_table(L["orders"], L["service"], "2024"), customer_groups(L))
    >>> plt.close(fig)
    """
    v.require_columns(profit_table, ["sales", "profit"], "profit_table")
    profit_table = profit_table[profit_table["sales"] > 0]  # log scale: buyers only
    g = pd.Series(groups).reindex(profit_table.index)
    fig, ax = plt.subplots(figsize=(7.5, 4.6))
    for i, name in enumerate(GROUPS):
        part = profit_table[g == name]
        if len(part):
            ax.scatter(part["sales"] / 1e4, part["profit"] / 1e4, s=14, alpha=0.7, color=f"C{i}",
                       label=f"{t('d_manager.group.' + name)} ({len(part)})")
    ax.axhline(0, color="black", lw=0.8)
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:g}"))
    ax.set_xlabel(t("d_manager.axis.sales_10k_log"))
    ax.set_ylabel(t("d_manager.axis.customer_profit_10k"))
    ax.set_title(t("d_manager.title.profit_vs_sales"))
    ax.legend(loc="upper left", fontsize=9)
    fig.tight_layout()
    return fig
