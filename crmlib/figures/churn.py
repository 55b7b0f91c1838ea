"""Figures for :mod:`crmlib.compute.churn`: Churn and win-back (chapter 8): early-warning alerts, a churn model, survival, win-back economics.

Plotting only: every number comes from the computation module.
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from crmlib import validation as v
from crmlib.i18n import t

__all__ = ["gains_chart", "survival_chart"]


def gains_chart(table: pd.DataFrame) -> Figure:
    """Cumulative gains curve (with the random-contact diagonal) and lift bars per group.

    Examples
    --------
    >>> from crmlib.compute.churn import gains_table
    >>> from crmlib.figures.theme import use_theme; use_theme()
    >>> g = gains_table([1, 0, 1, 0, 0, 1, 0, 0], [.9, .8, .7, .6, .5, .4, .3, .2], groups=4)
    >>> len(gains_chart(g).axes)
    2
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    v.require_columns(table, ["group", "cum_customers_share", "gain", "lift"], "table")
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9.0, 3.8))
    x = np.append(0.0, table["cum_customers_share"].to_numpy()) * 100
    y = np.append(0.0, table["gain"].to_numpy()) * 100
    ax1.plot(x, y, marker="o", label=t("churn.model_curve"))
    ax1.plot([0, 100], [0, 100], linestyle="--", color="#7f7f7f", label=t("churn.random_curve"))
    ax1.set_xlabel(t("churn.contacted_axis"))
    ax1.set_ylabel(t("churn.gain_axis"))
    ax1.set_title(t("churn.gains_title"))
    ax1.legend(loc="lower right", fontsize="small")
    ax2.bar(table["group"], table["lift"], color="#e07a1f")
    ax2.axhline(1.0, color="#7f7f7f", linestyle="--")
    ax2.set_xlabel(t("churn.group_axis"))
    ax2.set_ylabel(t("churn.lift_axis"))
    ax2.set_xticks(table["group"])
    ax2.set_title(t("churn.lift_title"))
    fig.tight_layout()
    return fig


def survival_chart(table: pd.DataFrame, *, group_labels: Mapping[object, str] | None = None) -> Figure:
    """Step curves of a :func:`kaplan_meier` table, one per group, with shaded confidence bands.

    Examples
    --------
    >>> from crmlib.compute.churn import kaplan_meier
    >>> from crmlib.figures.theme import use_theme; use_theme()
    >>> df = pd.DataFrame({"tenure_months": [1, 2, 2, 3, 4, 5], "churned": [1, 1, 0, 1, 0, 1]})
    >>> len(survival_chart(kaplan_meier(df)).axes[0].lines)
    1
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    v.require_columns(table, ["group", "time", "survival", "ci_low", "ci_high"], "table")
    fig, ax = plt.subplots(figsize=(7.5, 4.0))
    for g, part in table.groupby("group", sort=False):
        label = (group_labels or {}).get(g, str(g))
        (line,) = ax.step(part["time"], part["survival"], where="post", label=label)
        ax.fill_between(part["time"], part["ci_low"].fillna(part["survival"]), part["ci_high"].fillna(part["survival"]),
                        step="post", alpha=0.15, color=line.get_color())
    ax.set_ylim(0, 1.02)
    ax.set_xlabel(t("churn.tenure_axis"))
    ax.set_ylabel(t("churn.survival_axis"))
    ax.set_title(t("churn.survival_title"))
    ax.legend(loc="lower left", fontsize="small")
    fig.tight_layout()
    return fig
