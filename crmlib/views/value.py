"""Dashboard views for :mod:`crmlib.compute.value`: Customer value in both directions: value *to* the customer and value *of* the customer.

Each view takes the dashboard's parameters, calls the computation and the figures, and returns
what the dashboard shows.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from crmlib.compute.value import _part_label, clv_by_year, delivered_value, margin_multiple
from crmlib.figures.live import reuse
from crmlib.i18n import t

__all__ = ["delivered_value_view", "clv_view"]


def delivered_value_view(
    product: float = 60.0,
    service: float = 20.0,
    personnel: float = 10.0,
    image: float = 10.0,
    money: float = 50.0,
    time: float = 15.0,
    energy: float = 10.0,
    psychological: float = 5.0,
    *,
    fig: Figure | None = None,
) -> tuple[Figure, str]:
    """What the delivered-value dashboard shows: two stacked bars (Fc, Cc) and the verdict.

    ``fig``: the dashboard's figure from the previous update, redrawn in place.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> fig, text = delivered_value_view()
    >>> text
    'Total customer value Fc = 100.0, total customer cost Cc = 80.0, delivered value Vc = Fc − Cc = 20.0 (Fc / Cc = 1.25).'
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    values = {"product": product, "service": service, "personnel": personnel, "image": image}
    costs = {"money": money, "time": time, "energy": energy, "psychological": psychological}
    res = delivered_value(values, costs)
    fig, fresh = reuse(fig, "value.delivered", figsize=(7.5, 4.2))
    if fresh:
        ax = fig.subplots()
        ax.set_xticks([0, 1], [t("value.total_value"), t("value.total_cost")])
        ax.set_ylabel(t("value.axis_amount"))
        ax.set_title(t("value.title_delivered"))
        fig.subplots_adjust(left=0.11, right=0.72, top=0.9, bottom=0.1)  # fixed margins: tight_layout would double the update time
    ax = fig.axes[0]
    palette = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for x, (side, parts) in enumerate((("value", values), ("cost", costs))):
        bottom = 0.0
        for k, (comp, amount) in enumerate(parts.items()):
            colour = palette[(k + 4 * x) % len(palette)]
            ax.bar(x, amount, bottom=bottom, color=colour, width=0.55, label=_part_label(side, comp))
            if amount >= 4:
                ax.text(x, bottom + amount / 2, f"{_part_label(side, comp)} {amount:.0f}", ha="center", va="center", fontsize=9, color="white")
            bottom += amount
    top = max(res["total_value"], res["total_cost"])
    ax.set_xlim(-0.5, 1.5)
    ax.set_ylim(0, max(top * 1.18, 1))
    vc = res["delivered_value"]
    ax.annotate(
        t("value.vc_label", vc=f"{vc:+.1f}"),
        xy=(0.5, top * 1.06), ha="center", fontsize=11,
        color=palette[2] if vc >= 0 else palette[3],
    )
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=9, frameon=False)
    ratio = "∞" if np.isinf(res["value_ratio"]) else f"{res['value_ratio']:.2f}"
    text = t(
        "value.summary_delivered",
        fc=f"{res['total_value']:.1f}", cc=f"{res['total_cost']:.1f}", vc=f"{vc:.1f}", ratio=ratio,
    )
    return fig, text


def clv_view(
    margin: float = 100.0, retention: float = 0.8, discount: float = 0.10, years: int = 10, *, fig: Figure | None = None
) -> tuple[Figure, str]:
    """What the CLV dashboard shows: CLV built up year by year against the infinite-horizon value.

    ``fig``: the dashboard's figure from the previous update, redrawn in place.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> fig, text = clv_view(100, 0.8, 0.10, 10)
    >>> text
    'Margin multiple r / (1 + i − r) = 2.67, so CLV = 100 × 2.67 = 266.7 yuan; the first 10 years bring 255.6 (96%).'
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    table = clv_by_year(margin, retention, discount, years)
    mult = margin_multiple(retention, discount)
    total = margin * mult
    fig, fresh = reuse(fig, "value.clv", figsize=(7.5, 4.2))
    if fresh:
        ax = fig.subplots()
        ax.set_xlabel(t("value.axis_year"))
        ax.set_ylabel(t("value.axis_yuan"))
        ax.xaxis.set_major_locator(MaxNLocator(nbins=10, integer=True))
        fig.subplots_adjust(left=0.12, right=0.97, top=0.9, bottom=0.15)
    ax = fig.axes[0]
    ax.bar(table["year"], table["present_value"], color=plt.rcParams["axes.prop_cycle"].by_key()["color"][0], alpha=0.6, label=t("value.label_pv"))
    ax.plot(table["year"], table["cumulative_clv"], marker="o", color=plt.rcParams["axes.prop_cycle"].by_key()["color"][1], label=t("value.label_cumulative"))
    ax.axhline(total, linestyle="--", color="grey", label=t("value.label_infinite", v=f"{total:,.1f}"))
    ax.set_title(t("value.title_clv", r=f"{retention:.0%}", i=f"{discount:.0%}"))
    ax.legend(fontsize=9)
    ax.set_xlim(0.4, years + 0.6)
    ax.set_ylim(min(0.0, float(table["present_value"].min()) * 1.1), max(total * 1.12, 1e-9) if total > 0 else None)
    finite = float(table["cumulative_clv"].iloc[-1])
    share = f"{finite / total:.0%}" if total != 0 else "—"
    text = t(
        "value.summary_clv", mult=f"{mult:.2f}", m=f"{margin:,.0f}", clv=f"{total:,.1f}",
        years=years, finite=f"{finite:,.1f}", share=share,
    )
    return fig, text
