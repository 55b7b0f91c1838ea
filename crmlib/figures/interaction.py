"""Figures for :mod:`crmlib.compute.interaction`: Interaction with customers: the complaint log and the next best offer.

Plotting only: every number comes from the computation module.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from crmlib import validation as v
from crmlib.compute.interaction import _label, vital_few
from crmlib.i18n import t

__all__ = ["plot_complaints_per_day", "plot_cause_pareto", "plot_fcr_trend"]


def plot_complaints_per_day(daily: pd.DataFrame, window: int = 7, marks: dict[str, object] | None = None) -> Figure:
    """Bar chart of complaints per day with a ``window``-day moving average.

    ``marks`` maps a catalogue key to a date to draw as a labelled vertical line (e.g. a sale).

    Examples
    --------
    >>> from crmlib.compute.interaction import complaints_per_day
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> daily = complaints_per_day(pd.DataFrame({"date": ["2025-01-01", "2025-01-05"]}))
    >>> fig = plot_complaints_per_day(daily, window=2); len(fig.axes[0].patches)
    5
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    v.require_columns(daily, ["date", "complaints"], "daily")
    w = v.check_count(window, "window", minimum=1)
    fig, ax = plt.subplots(figsize=(8.5, 4.0))
    palette = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    ax.bar(daily["date"], daily["complaints"], width=1.0, color=palette[0], alpha=0.45, label=t("interaction.label_daily"))
    ax.plot(daily["date"], daily["complaints"].rolling(w, min_periods=1).mean(), color=palette[1], linewidth=2,
            label=t("interaction.label_moving", w=w))
    for key, when in (marks or {}).items():
        ax.axvline(pd.Timestamp(when), color="grey", linestyle="--", linewidth=1)
        ax.text(pd.Timestamp(when), ax.get_ylim()[1] * 0.97, " " + t(key), va="top", fontsize=9, color="dimgrey",
                bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "none", "pad": 1.5})
    ax.set_xlabel(t("interaction.axis_date"))
    ax.set_ylabel(t("interaction.axis_complaints"))
    ax.set_title(t("interaction.title_daily"))
    ax.legend(loc="upper right")
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig


def plot_cause_pareto(pareto: pd.DataFrame, threshold: float = 0.8) -> Figure:
    """Pareto chart: bars of complaints by cause, line of cumulative share, the threshold marked.

    Examples
    --------
    >>> from crmlib.compute.interaction import cause_pareto
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> fig = plot_cause_pareto(cause_pareto(pd.DataFrame({"cause": ["late_delivery", "other"]})))
    >>> [tick.get_text() for tick in fig.axes[0].get_xticklabels()]
    ['Late delivery', 'Other']
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    v.require_columns(pareto, ["cause", "complaints", "cumulative_share"], "pareto")
    th = v.check_rate(threshold, "threshold")
    fig, ax = plt.subplots(figsize=(8.5, 4.4))
    palette = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    xs = np.arange(len(pareto))
    few = set(vital_few(pareto, th))
    colours = [palette[0] if c in few else "#b0b0b0" for c in pareto["cause"]]
    ax.bar(xs, pareto["complaints"], color=colours)
    ax.set_xticks(xs, [_label("interaction.cause", c) for c in pareto["cause"]], rotation=30, ha="right")
    ax.set_ylabel(t("interaction.axis_complaints"))
    ax2 = ax.twinx()
    ax2.plot(xs, pareto["cumulative_share"], marker="o", color=palette[1])
    ax2.axhline(th, color="grey", linestyle="--", linewidth=1)
    ax2.set_ylim(0, 1.05)
    ax2.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax2.set_ylabel(t("interaction.axis_cumulative"))
    ax2.grid(False)
    ax.set_title(t("interaction.title_pareto", th=f"{th:.0%}"))
    fig.tight_layout()
    return fig


def plot_fcr_trend(trend: pd.DataFrame, target: float | None = 0.8, marks: dict[str, object] | None = None) -> Figure:
    """Line of the FCR rate per period with its interval band and an optional target line.

    Examples
    --------
    >>> from crmlib.compute.interaction import fcr_trend
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> tr = fcr_trend(pd.DataFrame({"date": ["2025-01-06", "2025-01-13"], "resolved_first_contact": [True, False]}))
    >>> fig = plot_fcr_trend(tr); fig.axes[0].get_title()
    'First-contact resolution, by period'
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    v.require_columns(trend, ["period", "fcr_rate", "ci_low", "ci_high"], "trend")
    fig, ax = plt.subplots(figsize=(8.5, 4.0))
    palette = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    ax.fill_between(trend["period"], trend["ci_low"], trend["ci_high"], color=palette[0], alpha=0.15, label=t("interaction.label_interval"))
    ax.plot(trend["period"], trend["fcr_rate"], marker="o", color=palette[0], label=t("interaction.label_fcr"))
    if target is not None:
        ax.axhline(v.check_rate(target, "target"), color=palette[2], linestyle="--", label=t("interaction.label_target", target=f"{target:.0%}"))
    for key, when in (marks or {}).items():
        ax.axvline(pd.Timestamp(when), color="grey", linestyle=":", linewidth=1)
        ax.text(pd.Timestamp(when), 0.03, " " + t(key), fontsize=9, color="dimgrey")
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel(t("interaction.axis_period"))
    ax.set_ylabel(t("interaction.axis_fcr"))
    ax.set_title(t("interaction.title_fcr"))
    ax.legend(loc="lower right")
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig
