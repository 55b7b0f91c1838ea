"""Dashboard views for :mod:`crmlib.compute.loyalty`: Customer loyalty (chapter 7): repeat purchase, cohort retention, share of wallet, programme ROI.

Each view takes the dashboard's parameters, calls the computation and the figures, and returns
what the dashboard shows.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from matplotlib.figure import Figure

from crmlib.compute.loyalty import programme_roi
from crmlib.figures.loyalty import plot_programme_roi
from crmlib.i18n import t

__all__ = ["roi_view"]


def roi_view(
    tiers: pd.DataFrame,
    cost_per_member: Mapping[str, float] | pd.Series,
    *,
    uplift: float = 0.10,
    margin: float = 0.40,
) -> tuple[Figure, str]:
    """The programme-ROI widget's pure function: the bar chart and a one-line verdict.

    ``tiers`` (``members``, ``annual_spend``) and ``cost_per_member`` as in
    :func:`crmlib.compute.loyalty.programme_roi`; the restaurant case's view
    (:func:`crmlib.cases.restaurant.views.roi_view`) supplies its privileges' costs.

    Examples
    --------
    >>> from crmlib.figures.loyalty import plt
    >>> from crmlib.figures.theme import use_theme; use_theme()
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> tiers = pd.DataFrame({"members": [10], "annual_spend": [60000.0]}, index=["A"])
    >>> fig, text = roi_view(tiers, {"A": 6800.0}, uplift=0.2, margin=0.4); plt.close(fig)
    >>> text
    'Programme cost 68,000 yuan; protected margin 48,000 yuan; ROI -29.4%.'
    """
    roi = programme_roi(tiers, uplift=uplift, margin=margin, cost_per_member=cost_per_member)
    tot = roi.loc["total"]
    text = t(
        "loyalty.roi_text",
        cost=f"{tot['cost']:,.0f}",
        margin=f"{tot['protected_margin']:,.0f}",
        roi=f"{100 * tot['roi']:.1f}%",
    )
    return plot_programme_roi(roi), text
