"""Chapter 4 dashboards: customer delivered value, customer lifetime value and P(alive).

They only wire sliders to :func:`crmlib.compute.value.delivered_value_view`,
:func:`crmlib.compute.value.clv_view` and :func:`crmlib.compute.clv_models.p_alive_view`.

Examples
--------
>>> import matplotlib; matplotlib.use("Agg")
>>> from crmlib import i18n; i18n.set_language("en")
>>> dash = clv_dashboard()
>>> before = dash.result[1]
>>> dash.controls["retention"].value = 0.9
>>> dash.result[1] != before
True
>>> import matplotlib.pyplot as plt; plt.close("all")
"""

from __future__ import annotations

from crmlib.compute.value import COST_COMPONENTS, DEFAULT_COSTS, DEFAULT_VALUES, VALUE_COMPONENTS
from crmlib.views.clv_models import p_alive_view
from crmlib.views.value import clv_view, delivered_value_view
from crmlib.widgets.base import Dashboard, float_slider, int_slider


def delivered_value_dashboard() -> Dashboard:
    """Eight sliders, one per value and cost component; shows Fc, Cc and Vc = Fc − Cc."""
    controls = {}
    for comp in VALUE_COMPONENTS:
        controls[comp] = float_slider(f"value.gain.{comp}", DEFAULT_VALUES[comp], 0.0, 100.0, 1.0, fmt=".0f")
    for comp in COST_COMPONENTS:
        controls[comp] = float_slider(f"value.cost.{comp}", DEFAULT_COSTS[comp], 0.0, 100.0, 1.0, fmt=".0f")
    return Dashboard(controls, delivered_value_view, columns=2)


def clv_dashboard() -> Dashboard:
    """Sliders for yearly margin, retention, discount rate and horizon; shows CLV by year."""
    controls = {
        "margin": float_slider("value.ctl.margin", 100.0, 10.0, 1000.0, 10.0, fmt=".0f"),
        "retention": float_slider("value.ctl.retention", 0.80, 0.0, 0.98, 0.01),
        "discount": float_slider("value.ctl.discount", 0.10, 0.0, 0.30, 0.01),
        "years": int_slider("value.ctl.years", 10, 1, 30),
    }
    return Dashboard(controls, clv_view, columns=2)


def p_alive_dashboard() -> Dashboard:
    """Sliders for a CDNOW customer's repeat purchases and the week of the last one; shows P(alive)."""
    controls = {
        "frequency": int_slider("clv_models.ctl.frequency", 2, 0, 15),
        "recency": float_slider("clv_models.ctl.recency", 30.0, 0.0, 38.5, 0.5, fmt=".1f"),
    }
    return Dashboard(controls, p_alive_view, columns=2)
