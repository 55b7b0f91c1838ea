"""The customer pyramid (客户金字塔): customers ranked by value and cut into tiers by *share
of customers*, best tier on top.

Chinese CRM textbooks commonly draw four tiers: VIP customers (the top 1%), major customers
(the next 4%), ordinary customers (the next 15%) and small customers (the remaining 80%). The
idea goes back to Zeithaml, Rust & Lemon (2001), "The Customer Pyramid: Creating and Serving
Profitable Customers", California Management Review 43(4):118–142 (platinum, gold, iron and
lead tiers, defined by profitability, with no fixed shares). The shares 1/4/15/80% are a rule
of thumb: set them to suit the business.

The ranking and the cut are :func:`crmlib.compute.scoring.top_share_classes` (equal values
always share a tier: a tied group takes the tier of its best rank, whatever the row order), the per-tier totals :func:`crmlib.compute.concentration.class_summary`; this module
adds the tier names and the drawing.

Examples
--------
>>> from crmlib import i18n; i18n.set_language("en")
>>> values = list(range(100, 0, -1))  # 100 customers, values 100, 99, ..., 1
>>> tiers = pyramid_tiers(values)
>>> tiers.value_counts(sort=False).tolist()
[1, 4, 15, 80]
>>> pyramid_summary(values)["value_share"].round(3).tolist()
[0.02, 0.077, 0.261, 0.642]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from crmlib import validation as v
from crmlib.compute.concentration import class_summary
from crmlib.compute.scoring import top_share_classes
from crmlib.i18n import t

TIERS: tuple[str, ...] = ("vip", "major", "ordinary", "small")
"""Tier codes, top of the pyramid first (labels in ``pyramid.tier.*``)."""

DEFAULT_SHARES: tuple[float, ...] = (0.01, 0.04, 0.15)
"""Share of customers in each tier but the last (rule of thumb: 1%, 4%, 15%, the rest 80%)."""


def pyramid_tiers(values: Sequence[float] | pd.Series | np.ndarray, shares: Sequence[float] = DEFAULT_SHARES) -> pd.Series:
    """Tier of each customer: the top ``shares[0]`` of customers by value are "vip", and so on.

    Parameters
    ----------
    values : sequence of numbers
        Value per customer (sales, margin, profit...).
    shares : sequence of 3 floats
        Share of customers in the vip, major and ordinary tiers; the small tier takes the rest.

    Returns
    -------
    Series
        Ordered categorical of :data:`TIERS`, same index and order as ``values``.

    Examples
    --------
    >>> pyramid_tiers([5, 50, 1, 20], shares=(0.25, 0.25, 0.25)).tolist()
    ['ordinary', 'vip', 'small', 'major']
    """
    shares = list(shares)
    if len(shares) != len(TIERS) - 1:
        raise v.CRMInputError(t("error.length_mismatch", name="shares", expected=len(TIERS) - 1, got=len(shares)))
    return top_share_classes(values, shares, TIERS, name="values").rename("tier")


def pyramid_summary(values: Sequence[float] | pd.Series | np.ndarray, shares: Sequence[float] = DEFAULT_SHARES) -> pd.DataFrame:
    """Customers and value per tier: ``customers``, ``customer_share``, ``value``, ``value_share``.

    Examples
    --------
    >>> pyramid_summary([50, 30, 10, 5, 5], shares=(0.2, 0.2, 0.2))["value_share"].tolist()
    [0.5, 0.3, 0.1, 0.1]
    """
    tiers = pyramid_tiers(values, shares)
    out = class_summary(values, tiers).reindex(list(TIERS))
    out["customers"] = out["customers"].fillna(0).astype(int)
    out = out.fillna(0.0)
    out.index.name = "tier"
    return out


