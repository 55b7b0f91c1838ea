"""Chapter 1 dashboards: the formation-ladder funnel and the retention-profit cohort model.

Both only wire sliders to :func:`crmlib.compute.funnel.ladder_view` and
:func:`crmlib.compute.retention.retention_view`.

Examples
--------
>>> from crmlib import i18n; i18n.set_language("en")
>>> dash = ladder_dashboard()
>>> before = dash.result[1]
>>> dash.controls["advocate"].value = 0.5
>>> dash.result[1] != before
True
>>> import matplotlib.pyplot as plt; plt.close("all")
"""

from __future__ import annotations

from matplotlib.figure import Figure

from crmlib.compute.funnel import DEFAULT_LADDER_RATES, LADDER_STAGES
from crmlib.views.funnel import ladder_view
from crmlib.views.retention import retention_view
from crmlib.widgets.base import Dashboard, float_slider, int_slider


def ladder_dashboard(top: int = 10_000, rates: tuple[float, ...] = DEFAULT_LADDER_RATES) -> Dashboard:
    """Sliders for the number of suspects and each stage conversion rate; shows the funnel."""
    controls = {"top": int_slider("funnel.top", top, 100, 100_000, 100)}
    for stage, rate in zip(LADDER_STAGES[1:], rates):
        controls[stage] = float_slider(f"funnel.rate.{stage}", rate, 0.0, 1.0, 0.01)

    def render(top: int, fig: Figure | None = None, **stage_rates: float):
        return ladder_view(top, [stage_rates[s] for s in LADDER_STAGES[1:]], fig=fig)

    return Dashboard(controls, render, columns=2)


def retention_dashboard() -> Dashboard:
    """Sliders for retention, its gain, margin, margin growth, acquisition cost and horizon."""
    controls = {
        "retention": float_slider("retention.retention", 0.80, 0.30, 0.95, 0.01),
        "gain": float_slider("retention.gain", 0.05, 0.0, 0.10, 0.01),
        "margin": float_slider("retention.margin", 100.0, 10.0, 500.0, 10.0, fmt=".0f"),
        "growth": float_slider("retention.growth", 0.05, 0.0, 0.10, 0.01),
        "acquisition_cost": float_slider("retention.acquisition_cost", 150.0, 0.0, 600.0, 10.0, fmt=".0f"),
        "years": int_slider("retention.years", 15, 5, 30),
    }
    return Dashboard(controls, retention_view, columns=2)
