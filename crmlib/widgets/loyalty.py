"""Chapter 7 dashboard: a loyalty programme's ROI. Sliders for the retention gain the privileges
cause and the margin, wired to :func:`crmlib.views.loyalty.roi_view`. The privileges' cost per
member comes from the case; the restaurant's dashboard, with a slider for the discountable share
of the bill, is :func:`crmlib.cases.restaurant.widgets.roi_dashboard`.

Examples
--------
>>> import pandas as pd
>>> from crmlib import i18n; i18n.set_language("en")
>>> tiers = pd.DataFrame({"members": [10], "annual_spend": [60000.0]}, index=["A"])
>>> dash = roi_dashboard(tiers, {"A": 6800.0})
>>> before = dash.result[1]
>>> dash.controls["uplift"].value = 0.3
>>> dash.result[1] != before
True
>>> import matplotlib.pyplot as plt; plt.close("all")
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

import pandas as pd
import pandas.io.formats.style  # noqa: F401  (base.show checks pd.io.formats.style, which pandas loads lazily)

from crmlib.views.loyalty import roi_view
from crmlib.widgets.base import Dashboard, float_slider


def roi_dashboard(
    tiers: pd.DataFrame,
    cost_per_member: Mapping[str, float] | pd.Series,
    *,
    uplift: float = 0.10,
    margin: float = 0.40,
) -> Dashboard:
    """Build the ROI dashboard for ``tiers`` (members and annual spend per tier) and the privileges'
    ``cost_per_member`` of each tier (see :func:`crmlib.compute.loyalty.programme_roi`)."""
    controls = {
        "uplift": float_slider("loyalty.uplift", uplift, 0.0, 0.5, 0.01),
        "margin": float_slider("loyalty.margin", margin, 0.1, 0.7, 0.05),
    }
    return Dashboard(controls, partial(roi_view, tiers, cost_per_member))
