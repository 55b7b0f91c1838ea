"""D-manager case dashboard: criterion weights, top share, service cost per tier and win-back
success rate, showing profit per half-year before and after the new policy.

It only wires sliders to :func:`crmlib.cases.d_manager.views.turnaround_view`.

Examples
--------
>>> import matplotlib; matplotlib.use("Agg")
>>> from crmlib import i18n; i18n.set_language("en")
>>> dash = turnaround_dashboard()
>>> before = dash.result[1]
>>> dash.controls["winback_rate"].value = 0.9
>>> dash.result[1] != before
True
>>> import matplotlib.pyplot as plt; plt.close("all")
"""

from __future__ import annotations

from crmlib.cases.d_manager.model import DEFAULT_WEIGHTS, Policy
from crmlib.cases.d_manager.views import turnaround_view
from crmlib.widgets.base import Dashboard, float_slider


def turnaround_dashboard() -> Dashboard:
    """Sliders for the four criterion weights, the top share, the service cost of each tier and
    the win-back success rate; shows the half-year profit chart and a summary line."""
    p = Policy()
    controls = {
        "w_sales": float_slider("d_manager.control.w_sales", DEFAULT_WEIGHTS["sales"], 0.0, 1.0, 0.05),
        "w_units": float_slider("d_manager.control.w_units", DEFAULT_WEIGHTS["units"], 0.0, 1.0, 0.05),
        "w_overdue": float_slider("d_manager.control.w_overdue", DEFAULT_WEIGHTS["overdue"], 0.0, 1.0, 0.05),
        "w_cycle": float_slider("d_manager.control.w_cycle", DEFAULT_WEIGHTS["cycle_days"], 0.0, 1.0, 0.05),
        "top_share": float_slider("d_manager.control.top_share", p.top_share, 0.05, 0.5, 0.05),
        "top_service_cost": float_slider("d_manager.control.top_service_cost", p.top_service_cost, 0.0, 15000.0, 500.0, fmt=".0f"),
        "standard_service_cost": float_slider(
            "d_manager.control.standard_service_cost", p.standard_service_cost, 0.0, 4000.0, 100.0, fmt=".0f"
        ),
        "winback_rate": float_slider("d_manager.control.winback_rate", p.winback_rate, 0.0, 1.0, 0.05),
    }
    return Dashboard(controls, turnaround_view, columns=2)
