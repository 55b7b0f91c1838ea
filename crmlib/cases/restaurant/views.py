"""Views of the restaurant case (:mod:`crmlib.cases.restaurant.model`): its tables in the current
language, and the programme-ROI dashboard's pure function with the restaurant's privileges.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from crmlib.cases.restaurant.model import privilege_costs, privileges
from crmlib.i18n import t
from crmlib.views import loyalty as loyalty_views

__all__ = ["localized_grades", "localized_privileges", "localized_sheet", "roi_view"]


def localized_grades(grades: Sequence[str] | pd.Series) -> list[str]:
    """Grade labels in the current language.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("zh-CN")
    >>> localized_grades(["A_quality", "ungraded"])
    ['A级品质客户', '未达等级']
    """
    return [t(f"restaurant.grade.{g}") for g in grades]


def localized_sheet(sheet: pd.DataFrame) -> pd.DataFrame:
    """An attendance sheet (:func:`~crmlib.cases.restaurant.model.attendance_sheet`) with headers and
    row labels in the current language.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> from crmlib.cases.restaurant.model import attendance_sheet, june_example_visits
    >>> shown = localized_sheet(attendance_sheet(june_example_visits(), "2024-06"))
    >>> list(shown.columns[-2:]), shown.index[0]
    (['Spend (yuan)', 'Spend per head (yuan)'], ('刘局长', 'Guests'))
    """
    out = sheet.rename(columns=lambda c: c if isinstance(c, int | np.integer) else t(f"restaurant.col.{c}"))
    out = out.rename(index=lambda m: t(f"restaurant.col.{m}") if m in ("guests", "spend") else m, level="measure")
    out.index = out.index.set_names([t("restaurant.col.customer_id"), t("restaurant.col.measure")])
    out.columns.name = t("restaurant.col.day")
    return out


def localized_privileges(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The privileges table (:func:`~crmlib.cases.restaurant.model.privileges`) with headers and
    text values in the current language.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("zh-CN")
    >>> localized_privileges().iloc[0, 0]
    '总经理'
    """
    out = (privileges() if table is None else table).copy()
    out["host"] = [t(f"restaurant.host.{h}") for h in out["host"]]
    out["wechat_group"] = [t(f"restaurant.wechat.{w}") for w in out["wechat_group"]]
    return out.rename(columns=lambda c: t(f"restaurant.col.{c}")).rename_axis(t("restaurant.col.tier"))


def roi_view(
    tiers: pd.DataFrame,
    *,
    uplift: float = 0.10,
    margin: float = 0.40,
    discountable_share: float = 0.5,
    include_trip: bool = False,
) -> tuple[Figure, str]:
    """The restaurant's programme-ROI dashboard: chapter 7's :func:`crmlib.views.loyalty.roi_view`
    with the privileges' cost per member (:func:`~crmlib.cases.restaurant.model.privilege_costs`).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> tiers = pd.DataFrame({"members": [10], "annual_spend": [60000.0]}, index=["A"])

    Without the discount an A member costs 200 yuan of gifts and 2,100 of banquets a year:

    >>> fig, text = roi_view(tiers, uplift=0.2, margin=0.4, discountable_share=0.0); plt.close(fig)
    >>> text
    'Programme cost 23,000 yuan; protected margin 48,000 yuan; ROI 108.7%.'
    """
    costs = privilege_costs(tiers, discountable_share=discountable_share, include_trip=include_trip)
    return loyalty_views.roi_view(tiers, costs, uplift=uplift, margin=margin)
