"""The restaurant's loyalty-programme ROI dashboard (chapter 7): sliders for the retention gain the
privileges cause, the margin and the discountable share of the bill, wired to
:func:`crmlib.cases.restaurant.views.roi_view`.

Examples
--------
>>> import matplotlib.pyplot as plt
>>> from crmlib import i18n; i18n.set_language("en")
>>> board = roi_dashboard()  # June 2024 of the restaurant's data set
>>> board.result[1].endswith("ROI -62.0%.")
True
>>> board.controls["discountable_share"].value = 0.0
>>> board.result[1].endswith("ROI -62.0%.")
False
>>> plt.close("all")
"""

from __future__ import annotations

from functools import partial

import pandas as pd
import pandas.io.formats.style  # noqa: F401  (base.show checks pd.io.formats.style, which pandas loads lazily)

from crmlib.cases.restaurant.model import tiers_from_attendance
from crmlib.cases.restaurant.views import roi_view
from crmlib.widgets.base import Dashboard, float_slider


def roi_dashboard(
    tiers: pd.DataFrame | None = None,
    *,
    uplift: float = 0.10,
    margin: float = 0.40,
    discountable_share: float = 0.50,
) -> Dashboard:
    """Build the ROI dashboard; ``tiers`` (members and annual spend per tier) default to June 2024
    of ``crmlib/datasets/files/restaurant_attendance.csv``."""
    if tiers is None:
        from crmlib import datasets

        tiers = tiers_from_attendance(datasets.load_restaurant_attendance(), "2024-06")
    controls = {
        "uplift": float_slider("loyalty.uplift", uplift, 0.0, 0.5, 0.01),
        "margin": float_slider("loyalty.margin", margin, 0.1, 0.7, 0.05),
        "discountable_share": float_slider("loyalty.discountable_share", discountable_share, 0.0, 1.0, 0.05),
    }
    return Dashboard(controls, partial(roi_view, tiers))
