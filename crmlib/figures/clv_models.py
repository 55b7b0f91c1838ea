"""Figures for :mod:`crmlib.compute.clv_models`: Probability models of customer value: BG/NBD for repeat purchases, Gamma-Gamma for spend.

Plotting only: every number comes from the computation module.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from crmlib import validation as v
from crmlib.i18n import t

__all__ = ["tracking_plot", "holdout_plot"]


def tracking_plot(tracking: pd.DataFrame, calibration_weeks: float = 39) -> Figure:
    """Plot actual vs expected cumulative repeat purchases with the calibration/holdout split.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> fig = tracking_plot(pd.DataFrame({"week": [1, 2], "actual": [1.0, 3.0], "expected": [1.5, 2.5]}), 1)
    >>> len(fig.axes[0].lines)
    3
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    v.require_columns(tracking, ["week", "actual", "expected"], "tracking")
    fig, ax = plt.subplots()
    ax.plot(tracking["week"], tracking["actual"], label=t("clv_models.actual"))
    ax.plot(tracking["week"], tracking["expected"], linestyle="--", label=t("clv_models.expected"))
    ax.axvline(calibration_weeks, color="grey", linewidth=1)
    ymax = float(max(tracking["actual"].max(), tracking["expected"].max()))
    # Calibration label top left (the curve is still low there), holdout label bottom right.
    ax.text(calibration_weeks * 0.5, ymax * 0.92, t("clv_models.calibration"), ha="center", color="grey")
    ax.text(calibration_weeks + (float(tracking["week"].max()) - calibration_weeks) / 2, ymax * 0.08,
            t("clv_models.holdout"), ha="center", color="grey")
    ax.set_xlabel(t("clv_models.axis_week"))
    ax.set_ylabel(t("clv_models.axis_cum_repeat"))
    ax.set_title(t("clv_models.title_tracking"))
    ax.legend(loc="center right")
    fig.tight_layout()
    return fig


def holdout_plot(table: pd.DataFrame) -> Figure:
    """Bar-and-line plot of :func:`holdout_by_frequency`: actual vs predicted holdout purchases.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> tab = pd.DataFrame({"customers": [5, 3], "actual": [0.2, 1.0], "predicted": [0.25, 0.9]},
    ...                    index=pd.Index([0, 1], name="frequency"))
    >>> fig = holdout_plot(tab); len(fig.axes[0].lines)
    2
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    v.require_columns(table, ["actual", "predicted"], "table")
    fig, ax = plt.subplots()
    labels = [str(i) for i in table.index[:-1]] + [f"{table.index[-1]}+"]
    xs = np.arange(len(table))
    ax.plot(xs, table["actual"], marker="o", label=t("clv_models.actual"))
    ax.plot(xs, table["predicted"], marker="s", linestyle="--", label=t("clv_models.predicted"))
    ax.set_xticks(xs, labels)
    ax.set_xlabel(t("clv_models.axis_cal_freq"))
    ax.set_ylabel(t("clv_models.axis_holdout"))
    ax.set_title(t("clv_models.title_holdout"))
    ax.legend(loc="upper left")
    fig.tight_layout()
    return fig
