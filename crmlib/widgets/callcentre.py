"""Erlang C staffing dashboard (chapter 9): sliders for calls per hour, handle time, target and
shrinkage, wired to :func:`crmlib.compute.callcentre.staffing_view`.

Examples
--------
>>> from crmlib import i18n; i18n.set_language("en")
>>> dash = staffing_dashboard()
>>> dash.result[1].split(";")[1].strip()
'agents needed on the phones: 25'
>>> dash.controls["calls_per_hour"].value = 600
>>> dash.result[1].split(";")[1].strip()
'agents needed on the phones: 46'
>>> import matplotlib.pyplot as plt; plt.close("all")
"""

from __future__ import annotations

from crmlib.views.callcentre import staffing_view
from crmlib.widgets.base import Dashboard, float_slider, int_slider


def staffing_dashboard(
    calls_per_hour: int = 300,
    aht: int = 240,
    target_seconds: int = 20,
    target_level: float = 0.8,
    shrinkage: float = 0.3,
) -> Dashboard:
    """Build the staffing dashboard with the given starting values."""
    controls = {
        "calls_per_hour": int_slider("callcentre.calls_per_hour", calls_per_hour, 20, 1500, 20),
        "aht": int_slider("callcentre.aht", aht, 30, 900, 10),
        "target_seconds": int_slider("callcentre.target_seconds", target_seconds, 5, 120, 5),
        "target_level": float_slider("callcentre.target_level", target_level, 0.5, 0.95, 0.05),
        "shrinkage": float_slider("callcentre.shrinkage", shrinkage, 0.0, 0.5, 0.05),
    }
    return Dashboard(controls, staffing_view, columns=2)
