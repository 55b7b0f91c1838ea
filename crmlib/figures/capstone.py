"""Figures of the capstone: the one-page summary of a customer base and its four panels.

Plotting only: every number comes from :mod:`crmlib.compute.capstone` and the chapter functions
it calls.
"""

from __future__ import annotations

import numpy as np

from crmlib.compute import capstone
from crmlib.i18n import t

__all__ = ["alerts_panel", "clv_panel", "monthly_panel", "segments_panel", "summary_page"]


def _axes(ax):
    import matplotlib.pyplot as plt

    if ax is not None:
        return ax.figure, ax
    return plt.subplots(figsize=(6.4, 4.2))


def _not_possible(ax) -> None:
    ax.text(0.5, 0.5, t("capstone.fig.not_possible"), ha="center", va="center", transform=ax.transAxes, color="0.4")
    ax.set_xticks([])
    ax.set_yticks([])


def segments_panel(result: capstone.CapstoneResult, ax=None):
    """Horizontal bars: each RFM segment's share of customers and of revenue.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> r = capstone.run_capstone(capstone.example("retailer"))
    >>> fig = segments_panel(r); len(fig.axes[0].patches) == 2 * len(r.segments)
    True
    >>> plt.close(fig)
    """
    fig, ax = _axes(ax)
    seg = result.segments.iloc[::-1]
    y = np.arange(len(seg))
    ax.barh(y + 0.2, seg["customer_share"], height=0.4, label=t("capstone.fig.customer_share"), color="#9ecae1")
    ax.barh(y - 0.2, seg["revenue_share"], height=0.4, label=t("capstone.fig.revenue_share"), color="#3182bd")
    ax.set_yticks(y, [t(f"rfm.segment.{s}") for s in seg.index])
    ax.xaxis.set_major_formatter(lambda x, _: f"{x:.0%}")
    ax.set_title(t("capstone.fig.segments_title"))
    ax.legend(loc="lower right", fontsize=8)
    return fig


def monthly_panel(result: capstone.CapstoneResult, ax=None):
    """Monthly revenue (bars) and buyers (line, right axis).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig = monthly_panel(capstone.run_capstone(capstone.example("retailer"))); len(fig.axes)
    2
    >>> plt.close(fig)
    """
    fig, ax = _axes(ax)
    month = capstone.monthly_revenue(result.transactions)
    x = np.arange(len(month))
    ax.bar(x, month["revenue"], color="#3182bd", label=t("capstone.fig.revenue"))
    ax.set_ylabel(t("capstone.fig.revenue"))
    right = ax.twinx()
    right.plot(x, month["buyers"], color="#e6550d", marker="o", markersize=3, label=t("capstone.fig.buyers"))
    right.set_ylabel(t("capstone.fig.buyers"))
    right.grid(False)
    step = max(1, len(month) // 8)
    ax.set_xticks(x[::step], [str(p) for p in month.index[::step]], rotation=45, ha="right", fontsize=8)
    ax.set_title(t("capstone.fig.monthly_title"))
    return fig


def clv_panel(result: capstone.CapstoneResult, ax=None):
    """Predicted CLV per RFM segment (bars), or a note when the data do not allow CLV.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> r = capstone.run_capstone(capstone.example("retailer"))
    >>> fig = clv_panel(r); len(fig.axes[0].patches) == len(r.segments)
    True
    >>> plt.close(fig)
    """
    fig, ax = _axes(ax)
    months = result.clv.months if result.clv is not None else 12
    ax.set_title(t("capstone.fig.clv_title", months=months))
    if result.clv is None or not result.clv.possible:
        _not_possible(ax)
        return fig
    tab = capstone.value_by_segment(result).iloc[::-1]
    y = np.arange(len(tab))
    ax.barh(y, tab["clv"], color="#31a354")
    ax.set_yticks(y, [t(f"rfm.segment.{s}") for s in tab.index])
    ax.set_xlabel(t("capstone.fig.clv_axis"))
    return fig


def alerts_panel(result: capstone.CapstoneResult, ax=None):
    """Customers per alert level (red, yellow, green), each bar labelled with its share of past revenue.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig = alerts_panel(capstone.run_capstone(capstone.example("retailer"))); len(fig.axes[0].patches)
    3
    >>> plt.close(fig)
    """
    fig, ax = _axes(ax)
    ax.set_title(t("capstone.fig.alerts_title"))
    if result.alerts is None or not result.alerts.possible:
        _not_possible(ax)
        return fig
    levels = result.alerts.alerts.set_index("customer_id")["level"]
    revenue = result.rfm["monetary"]
    total = float(revenue.sum())
    names = ["red", "yellow", "green"]
    counts = [int((levels == lvl).sum()) for lvl in names]
    shares = [float(revenue.reindex(levels.index[levels == lvl]).sum()) / total if total > 0 else 0.0 for lvl in names]
    bars = ax.bar([t(f"capstone.alert.{lvl}") for lvl in names], counts, color=["#de2d26", "#fdae6b", "#74c476"])
    for bar, share in zip(bars, shares):
        ax.annotate(f"{share:.0%}", (bar.get_x() + bar.get_width() / 2, bar.get_height()), ha="center", va="bottom", fontsize=9)
    ax.set_ylabel(t("capstone.fig.alert_customers"))
    return fig


def summary_page(result: capstone.CapstoneResult):
    """The one-page summary: segments, monthly revenue, CLV by segment and churn alerts (2 × 2).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig = summary_page(capstone.run_capstone(capstone.example("retailer"))); len(fig.axes)
    5
    >>> plt.close(fig)
    """
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 2, figsize=(12, 8.5))
    segments_panel(result, axes[0, 0])
    monthly_panel(result, axes[0, 1])
    clv_panel(result, axes[1, 0])
    alerts_panel(result, axes[1, 1])
    fig.suptitle(t("capstone.fig.page_title", source=result.quality.source, as_of=result.as_of.date().isoformat()))
    fig.subplots_adjust(left=0.12, right=0.93, top=0.91, bottom=0.09, hspace=0.42, wspace=0.5)
    return fig
