"""The restaurant's loyalty-programme ROI dashboard (the case and chapter 7): sliders for the
retention gain the privileges cause, the margin, the discountable share of the bill and the share
of visits on which staff grant the lowest discount, wired to
:func:`crmlib.cases.restaurant.views.roi_view`.

Examples
--------
>>> import matplotlib.pyplot as plt
>>> from crmlib import i18n; i18n.set_language("en")
>>> board = roi_dashboard()  # June 2024 of the restaurant's data set, the case's assumptions
>>> "ROI 47.1%" in board.result[1]
True
>>> board.controls["grant_share"].value = 1.0  # the lowest discount on every visit
>>> "ROI -21.7%" in board.result[1]
True
>>> plt.close("all")
"""

from __future__ import annotations

from functools import partial

import pandas as pd
import pandas.io.formats.style  # noqa: F401  (base.show checks pd.io.formats.style, which pandas loads lazily)

from crmlib.cases.restaurant.analysis import ROI_DEFAULTS, default_tiers
from crmlib.cases.restaurant.views import roi_view
from crmlib.widgets.base import Dashboard, float_slider


def roi_dashboard(
    tiers: pd.DataFrame | None = None,
    *,
    uplift: float = ROI_DEFAULTS["uplift"],
    margin: float = ROI_DEFAULTS["margin"],
    discountable_share: float = ROI_DEFAULTS["discountable_share"],
    grant_share: float = ROI_DEFAULTS["grant_share"],
) -> Dashboard:
    """Build the ROI dashboard; ``tiers`` (members and annual spend per tier) default to June 2024
    of ``crmlib/datasets/files/restaurant_attendance.csv``. Slider order: retention gain, margin,
    discountable share, grant share."""
    tiers = default_tiers() if tiers is None else tiers
    controls = {
        "uplift": float_slider("loyalty.uplift", uplift, 0.0, 0.5, 0.01),
        "margin": float_slider("loyalty.margin", margin, 0.1, 0.7, 0.05),
        "discountable_share": float_slider("loyalty.discountable_share", discountable_share, 0.0, 1.0, 0.05),
        "grant_share": float_slider("restaurant.control.grant_share", grant_share, 0.0, 1.0, 0.05),
    }
    return Dashboard(controls, partial(roi_view, tiers))
