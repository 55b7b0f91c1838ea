"""Win-back dashboard (chapter 8): sliders for the cost of an attempt and the assumptions behind
the win-back chance and value, wired to :func:`crmlib.compute.churn.winback_view`.

Examples
--------
>>> from crmlib import i18n; i18n.set_language("en")
>>> import pandas as pd
>>> df = pd.DataFrame({"customer_id": [1, 2, 3], "churned": [1, 1, 1], "complaints": [0, 0, 3],
...                    "member": [1, 0, 0], "monthly_spend": [500.0, 300.0, 100.0]})
>>> dash = winback_dashboard(df)
>>> dash.result[1].split(";")[0]
'worth winning back: 2 of 3 lost customers'
>>> dash.controls["cost"].value = 300
>>> dash.result[1].split(";")[0]
'worth winning back: 1 of 3 lost customers'
>>> import matplotlib.pyplot as plt; plt.close("all")
"""

from __future__ import annotations

from functools import partial

import pandas as pd

from crmlib.views.churn import winback_view
from crmlib.widgets.base import Dashboard, float_slider, int_slider


def winback_dashboard(customers: pd.DataFrame | None = None, *, cost: int = 150) -> Dashboard:
    """Build the win-back dashboard on ``customers`` (default: the course's churn table)."""
    if customers is None:
        from crmlib.datasets import load

        customers = load("churn_customers")
    controls = {
        "cost": int_slider("churn.cost", cost, 0, 600, 10),
        "base_rate": float_slider("churn.base_rate", 0.25, 0.05, 0.6, 0.05),
        "margin": float_slider("churn.margin", 0.3, 0.05, 0.6, 0.05),
        "months": int_slider("churn.months", 12, 1, 36),
    }
    return Dashboard(controls, partial(winback_view, customers=customers), columns=2)
