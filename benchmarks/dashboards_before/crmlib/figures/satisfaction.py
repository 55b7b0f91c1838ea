"""Figures for :mod:`crmlib.compute.satisfaction`: Customer satisfaction (chapter 6): expectation vs perception, NPS, drivers, IPA, repurchase.

Plotting only: every number comes from the computation module.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from crmlib import validation as v
from crmlib.i18n import t

__all__ = ["plot_importance_performance", "plot_repurchase_curve", "plot_attribute_scores"]


def plot_importance_performance(ipa: pd.DataFrame) -> Figure:
    """Scatter of the importance-performance matrix with its crosshairs and quadrant names.

    Examples
    --------
    >>> from crmlib.figures.theme import use_theme; use_theme()
    >>> ipa = pd.DataFrame({"importance": [0.5, 0.1], "performance": [4.0, 6.0]}, index=["speed", "environment"])
    >>> fig = plot_importance_performance(ipa); len(fig.axes)
    1
    >>> plt.close(fig)
    """
    v.require_columns(ipa, ["importance", "performance"], "ipa")
    fig, ax = plt.subplots(figsize=(7.5, 5.2))
    x, y = ipa["performance"].to_numpy(float), ipa["importance"].to_numpy(float)
    ax.scatter(x, y, s=60, color="#1b6ca8", zorder=3)
    for name, xi, yi in zip(ipa.index, x, y):
        ax.annotate(t(f"satisfaction.attr.{name}"), (xi, yi), xytext=(6, 4), textcoords="offset points")
    ax.axvline(x.mean(), color="grey", lw=1, ls="--")
    ax.axhline(y.mean(), color="grey", lw=1, ls="--")
    xpad = max((x.max() - x.min()) * 0.25, 0.3)
    ypad = max((y.max() - y.min()) * 0.25, 0.05)
    ax.set_xlim(x.min() - xpad, x.max() + xpad)
    ax.set_ylim(y.min() - ypad, y.max() + ypad)
    corners = {
        "concentrate_here": (0.02, 0.97, "left", "top"),
        "keep_up": (0.98, 0.97, "right", "top"),
        "low_priority": (0.02, 0.03, "left", "bottom"),
        "possible_overkill": (0.98, 0.03, "right", "bottom"),
    }
    for q, (cx, cy, ha, va) in corners.items():
        ax.text(cx, cy, t(f"satisfaction.quadrant.{q}"), transform=ax.transAxes, ha=ha, va=va, color="#7f7f7f", fontsize=10)
    ax.set_xlabel(t("satisfaction.performance_axis"))
    ax.set_ylabel(t("satisfaction.importance_axis"))
    ax.set_title(t("satisfaction.ipa_title"))
    fig.tight_layout()
    return fig


def plot_repurchase_curve(curve: pd.DataFrame, *, satisfied_from: float | None = None) -> Figure:
    """Bars of the observed repurchase rate per satisfaction level, the logit curve on top.

    ``satisfied_from`` shades the levels a survey would call "satisfied".

    Examples
    --------
    >>> from crmlib.figures.theme import use_theme; use_theme()
    >>> c = pd.DataFrame({"respondents": [5, 5], "observed": [0.2, 0.6], "fitted": [0.25, 0.55]}, index=[1, 2])
    >>> fig = plot_repurchase_curve(c); plt.close(fig)
    """
    v.require_columns(curve, ["observed", "fitted"], "curve")
    fig, ax = plt.subplots()
    x = curve.index.to_numpy(float)
    if satisfied_from is not None:
        ax.axvspan(satisfied_from - 0.5, x.max() + 0.5, color="#3a9a5b", alpha=0.08, label=t("satisfaction.satisfied_zone"))
    ax.bar(x, curve["observed"], color="#1b6ca8", alpha=0.55, label=t("satisfaction.observed"))
    ax.plot(x, curve["fitted"], color="#e07a1f", marker="o", lw=2, label=t("satisfaction.fitted_logit"))
    ax.set_ylim(0, 1)
    ax.set_xticks(x)
    ax.set_xlabel(t("satisfaction.satisfaction_axis"))
    ax.set_ylabel(t("satisfaction.repurchase_axis"))
    ax.set_title(t("satisfaction.curve_title"))
    ax.legend(loc="upper left")
    fig.tight_layout()
    return fig


def plot_attribute_scores(scores: pd.DataFrame) -> Figure:
    """Bars of C = b/a per attribute with the line C = 1.

    Examples
    --------
    >>> from crmlib.figures.theme import use_theme; use_theme()
    >>> s = pd.DataFrame({"ratio": [0.9, 1.1]}, index=["speed", "environment"])
    >>> fig = plot_attribute_scores(s); plt.close(fig)
    """
    v.require_columns(scores, ["ratio"], "scores")
    fig, ax = plt.subplots()
    names = [t(f"satisfaction.attr.{a}") for a in scores.index]
    colors = ["#c0392b" if r < 1 else "#3a9a5b" for r in scores["ratio"]]
    ax.bar(names, scores["ratio"], color=colors)
    ax.axhline(1.0, color="black", lw=1)
    for i, r in enumerate(scores["ratio"]):
        ax.text(i, r + 0.01, f"{r:.2f}", ha="center", va="bottom")
    # a fixed scale (unless a bar leaves it), so moving the widget's slider visibly moves the bars
    ax.set_ylim(min(0.4, float(scores["ratio"].min()) - 0.05), max(1.4, float(scores["ratio"].max()) + 0.1))
    ax.set_ylabel(t("satisfaction.ratio_axis"))
    ax.set_title(t("satisfaction.ratio_title"))
    # fixed margins instead of tight_layout: a dashboard redraw stays fast
    fig.subplots_adjust(left=0.1, right=0.98, top=0.9, bottom=0.1)
    return fig
