"""Figures for :mod:`crmlib.compute.lifecycle`: the customer lifecycle (考察期 → 形成期 → 稳定期 → 退化期).

Plotting only: every number comes from the computation module.
"""

from __future__ import annotations

import pandas as pd

from crmlib.i18n import t

__all__ = ["plot_stage_summary", "plot_stages_over_time"]

STAGE_COLORS = {"exploration": "#9ecae1", "formation": "#3a9a5b", "stability": "#1b6ca8", "decline": "#c0504d"}


def plot_stage_summary(summary: pd.DataFrame, *, title: str | None = None):
    """Two bar panels: customers per stage, and last-window spend per customer in each stage.

    Parameters
    ----------
    summary : DataFrame
        The result of :func:`crmlib.compute.lifecycle.stage_summary`.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlib.figures.theme import use_theme; use_theme()
    >>> from crmlib.compute.lifecycle import stage_summary
    >>> st = pd.DataFrame({"stage": ["exploration", "stability"], "spend_recent": [50.0, 300.0],
    ...                    "spend_total": [50.0, 900.0], "purchases": [1, 6]})
    >>> fig = plot_stage_summary(stage_summary(st))
    >>> [len(ax.patches) for ax in fig.axes]
    [4, 4]
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import matplotlib.pyplot as plt

    names = [t(f"lifecycle.stage.{s}") for s in summary.index]
    colors = [STAGE_COLORS.get(s, "#888888") for s in summary.index]
    fig, axes = plt.subplots(1, 2, figsize=(9.6, 3.8))
    for ax, column, axis_key in ((axes[0], "customers", "lifecycle.axis.customers"),
                                 (axes[1], "mean_recent", "lifecycle.axis.mean_recent")):
        values = summary[column].astype(float).to_numpy()
        bars = ax.bar(names, values, color=colors)
        ax.bar_label(bars, labels=[f"{x:,.0f}" for x in values], fontsize=9)
        ax.set_ylabel(t(axis_key))
        ax.margins(y=0.15)
    fig.suptitle(title or t("lifecycle.title"))
    fig.tight_layout()
    return fig


def plot_stages_over_time(table: pd.DataFrame, *, title: str | None = None):
    """Stacked bars: how many customers are in each stage on each day.

    Parameters
    ----------
    table : DataFrame
        The result of :func:`crmlib.compute.lifecycle.stages_over_time`.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlib.figures.theme import use_theme; use_theme()
    >>> tab = pd.DataFrame({"exploration": [3, 1], "formation": [0, 2], "stability": [0, 1],
    ...                     "decline": [0, 1]}, index=pd.to_datetime(["2024-01-31", "2024-06-30"]))
    >>> fig = plot_stages_over_time(tab)
    >>> len(fig.axes[0].patches)
    8
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8.0, 4.0))
    labels = [pd.Timestamp(d).strftime("%Y-%m-%d") for d in table.index]
    bottom = pd.Series(0.0, index=range(len(table)))
    for stage in table.columns:
        values = table[stage].astype(float).to_numpy()
        ax.bar(labels, values, bottom=bottom.to_numpy(), color=STAGE_COLORS.get(stage, "#888888"),
               label=t(f"lifecycle.stage.{stage}"))
        bottom = bottom + values
    ax.set_xlabel(t("lifecycle.axis.as_of"))
    ax.set_ylabel(t("lifecycle.axis.customers"))
    ax.legend(loc="upper left", fontsize=9)
    ax.set_title(title or t("lifecycle.title_over_time"))
    fig.tight_layout()
    return fig
