"""Figures for :mod:`crmlib.compute.pipeline`: The sales pipeline and the payback of a CRM investment (chapter 9).

Plotting only: every number comes from the computation module.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from crmlib import validation as v
from crmlib.i18n import t

__all__ = ["pipeline_chart", "payback_chart"]


def pipeline_chart(table: pd.DataFrame) -> Figure:
    """Horizontal funnel bars of customers per stage, labelled with the forecast.

    ``table`` is the output of :func:`pipeline_table`; stage names are shown through the
    catalogue (``pipeline.stage.<name>``) when they have an entry.

    Examples
    --------
    >>> from crmlib.compute.pipeline import SLIDE_CUSTOMERS, SLIDE_FORECAST
    >>> from crmlib.compute.pipeline import pipeline_table
    >>> from crmlib.figures.theme import use_theme; use_theme()
    >>> fig = pipeline_chart(pipeline_table(SLIDE_CUSTOMERS, SLIDE_FORECAST))
    >>> len(fig.axes[0].patches)
    4
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    v.require_columns(table, ["stage", "customers", "forecast", "conversion_from_previous"], "table")
    fig, ax = plt.subplots(figsize=(8.5, 3.4))
    n = len(table)
    y = np.arange(n)[::-1]
    widths = table["customers"].to_numpy(dtype=float)
    ax.barh(y, widths, left=(widths.max() - widths) / 2, color="#1b6ca8", height=0.7)
    names = []
    for stage in table["stage"]:
        key = f"pipeline.stage.{stage}"
        try:
            names.append(t(key))
        except KeyError:
            names.append(str(stage))
    ax.set_yticks(y, names)
    for yi, row in zip(y, table.itertuples(), strict=True):
        label = t("pipeline.bar_label", customers=f"{row.customers:g}", forecast=f"{row.forecast:g}")
        if not math.isnan(row.conversion_from_previous):
            label += t("pipeline.bar_rate", rate=f"{row.conversion_from_previous:.1%}")
        ax.text(widths.max() * 1.04, yi, label, ha="left", va="center", color="black", fontsize="small")
    ax.set_xlim(0, widths.max() * 2.1)
    ax.set_xticks([])
    ax.grid(False)
    ax.set_title(t("pipeline.chart_title"))
    fig.tight_layout()
    return fig


def payback_chart(table: pd.DataFrame) -> Figure:
    """Cumulative plain and discounted cash flow by year (from :func:`payback_table`).

    The year where a line crosses zero is the payback period.

    Examples
    --------
    >>> from crmlib.compute.pipeline import payback_table
    >>> from crmlib.figures.theme import use_theme; use_theme()
    >>> fig = payback_chart(payback_table(100, [30, 40, 50, 50], 0.1))
    >>> len(fig.axes[0].lines)
    3
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    v.require_columns(table, ["year", "cumulative", "cumulative_discounted"], "table")
    fig, ax = plt.subplots(figsize=(7.5, 3.8))
    ax.plot(table["year"], table["cumulative"], marker="o", label=t("pipeline.payback_plain"))
    ax.plot(table["year"], table["cumulative_discounted"], marker="s", label=t("pipeline.payback_discounted"))
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xlabel(t("pipeline.year_axis"))
    ax.set_ylabel(t("pipeline.money_axis"))
    ax.set_xticks(table["year"])
    ax.set_title(t("pipeline.payback_title"))
    ax.legend(loc="upper left", fontsize="small")
    fig.tight_layout()
    return fig
