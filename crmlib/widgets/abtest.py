"""Chapter 5 dashboard: a campaign A/B test and the sample it needs.

Only wires sliders to :func:`crmlib.compute.abtest.abtest_view`.

Examples
--------
>>> import matplotlib; matplotlib.use("Agg")
>>> from crmlib import i18n; i18n.set_language("en")
>>> dash = abtest_dashboard()
>>> "not significant" in dash.result[1]
True
>>> dash.controls["customers"].value = 6000
>>> "not significant" in dash.result[1]
False
>>> import matplotlib.pyplot as plt; plt.close("all")
"""

from __future__ import annotations

from crmlib.views.abtest import abtest_view
from crmlib.widgets.base import Dashboard, float_slider, int_slider


def abtest_dashboard(customers: int = 1000, rate_a: float = 0.10, rate_b: float = 0.12) -> Dashboard:
    """Sliders for customers per arm, both conversion rates and the power wanted."""
    controls = {
        "customers": int_slider("abtest.ctl.customers", customers, 100, 20_000, 100),
        "rate_a": float_slider("abtest.ctl.rate_a", rate_a, 0.01, 0.50, 0.005, fmt=".3f"),
        "rate_b": float_slider("abtest.ctl.rate_b", rate_b, 0.01, 0.50, 0.005, fmt=".3f"),
        "power": float_slider("abtest.ctl.power", 0.80, 0.50, 0.95, 0.05),
    }
    return Dashboard(controls, abtest_view, columns=2)
