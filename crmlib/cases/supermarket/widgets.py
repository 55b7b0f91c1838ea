"""Dick's supermarket dashboard: programme rules and response assumptions → measured lift and ROI.

Only wires sliders to :func:`crmlib.cases.supermarket.views.campaign_view`, which simulates the randomised
campaign twice (Dick's personal lists, and a list built from public information only).

Examples
--------
>>> import matplotlib; matplotlib.use("Agg")
>>> from crmlib import i18n; i18n.set_language("en")
>>> dash = supermarket_dashboard(households=300)
>>> before = dash.result[1]
>>> dash.controls["coupon_value"].value = 0.0
>>> dash.result[1] != before
True
>>> import matplotlib.pyplot as plt; plt.close("all")
"""

from __future__ import annotations

from functools import partial

from crmlib.cases.supermarket.model import DEFAULTS, RIVAL_MATCH
from crmlib.cases.supermarket.views import campaign_view
from crmlib.widgets.base import Dashboard, float_slider, int_slider


def supermarket_dashboard(
    threshold: float = 25.0,
    list_length: int = 8,
    coupon_value: float = 35.0,
    redemption_rate: float = 0.3,
    coupon_response: float = 0.2,
    rival_match: float = RIVAL_MATCH,
    loyal_spend: float = DEFAULTS["loyal_spend"],
    *,
    households: int = 1000,
) -> Dashboard:
    """Sliders for the eligibility threshold, list length, coupon value, two response rates,
    how much of the public list rivals copy, and the spend that earns coupons.

    ``households`` sets the size of the simulated town (1,000 keeps an update well under 0.1 s
    on a laptop; see ``benchmarks/bench_supermarket.py``).
    """
    controls = {
        "threshold": float_slider("supermarket.control.threshold", threshold, 10.0, 60.0, 5.0, fmt=".0f"),
        "list_length": int_slider("supermarket.control.list_length", list_length, 2, 16),
        "coupon_value": float_slider("supermarket.control.coupon_value", coupon_value, 0.0, 50.0, 5.0, fmt=".0f"),
        "redemption_rate": float_slider("supermarket.control.redemption_rate", redemption_rate, 0.0, 0.8, 0.05),
        "coupon_response": float_slider("supermarket.control.coupon_response", coupon_response, 0.0, 0.5, 0.05),
        "rival_match": float_slider("supermarket.control.rival_match", rival_match, 0.0, 1.0, 0.1),
        "loyal_spend": float_slider("supermarket.control.loyal_spend", loyal_spend, 30.0, 150.0, 10.0, fmt=".0f"),
    }
    return Dashboard(controls, partial(campaign_view, households=households), columns=2)
