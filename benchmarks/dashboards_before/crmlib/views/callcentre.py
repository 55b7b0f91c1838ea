"""Dashboard views for :mod:`crmlib.compute.callcentre`: Call-centre staffing with Erlang C (chapter 9).

Each view takes the dashboard's parameters, calls the computation and the figures, and returns
what the dashboard shows.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from crmlib import validation as v
from crmlib.compute.callcentre import agents_needed, scheduled_staff, staffing_table, traffic_intensity
from crmlib.i18n import t

__all__ = ["staffing_view"]


def staffing_view(
    calls_per_hour: float = 300.0,
    aht: float = 240.0,
    target_seconds: float = 20.0,
    target_level: float = 0.8,
    shrinkage: float = 0.3,
) -> tuple[Figure, str]:
    """What the Erlang C staffing dashboard shows: a service-level curve and a short summary.

    Returns
    -------
    (Figure, str)
        Service level (and ASA) against agents on the phones, the target marked; and a
        sentence with A, the agents needed, the scheduled staff after shrinkage, P_wait and ASA.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> fig, text = staffing_view(300, 240, 20, 0.8, 0.3)
    >>> text.split(";")[1].strip()
    'agents needed on the phones: 25'
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    calls_per_hour = v.check_nonnegative(calls_per_hour, "calls_per_hour")
    need = agents_needed(calls_per_hour, aht, target_level=target_level, target_seconds=target_seconds)
    shrinkage = v.check_rate(shrinkage, "shrinkage")
    staff = scheduled_staff(need, shrinkage)
    traffic = traffic_intensity(calls_per_hour, aht)
    start = max(1, math.floor(traffic) + 1)
    table = staffing_table(
        calls_per_hour, aht, target_seconds=target_seconds, agents=range(start, max(need + 6, start + 8))
    )
    fig, ax = plt.subplots(figsize=(7.5, 4.0))
    ax.plot(table["agents"], table["service_level"] * 100, marker="o", label=t("callcentre.service_level"))
    ax.axhline(target_level * 100, color="#c0392b", linestyle="--", label=t("callcentre.target"))
    ax.axvline(need, color="#3a9a5b", linestyle=":", label=t("callcentre.agents_needed"))
    ax.set_xlabel(t("callcentre.agents_axis"))
    ax.set_ylabel(t("callcentre.service_level_axis", seconds=f"{target_seconds:g}"))
    ax.set_ylim(0, 102)
    ax.set_title(t("callcentre.chart_title"))
    ax.legend(loc="lower right", fontsize="small")
    # Fixed margins instead of tight_layout(): a dashboard redraws on every slider move, and the
    # notebook's PNG is saved with bbox_inches="tight" anyway.
    fig.subplots_adjust(left=0.11, right=0.97, bottom=0.14, top=0.9)
    row = table.loc[table["agents"] == need].iloc[0]
    text = t(
        "callcentre.summary",
        traffic=f"{traffic:.1f}",
        agents=need,
        staff=staff,
        shrinkage=f"{shrinkage:.0%}",
        p_wait=f"{row['p_wait']:.1%}",
        level=f"{row['service_level']:.1%}",
        asa=f"{row['asa_seconds']:.1f}",
    )
    return fig, text
