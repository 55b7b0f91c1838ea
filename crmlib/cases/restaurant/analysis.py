"""What the restaurant case (富丽华·华膳楼酒店, seed 000) computes from the attendance log.

- grade moves: each customer's grade in two months and the month-to-month transition table;
- the alert sheet over the whole data set, with last month's grade and this month's spend;
- the programme's return with the discount modelled as an *authority*: staff may grant the
  lowest discount (最低折让权限), and do so on a share of visits (``grant_share``), and where the
  programme stops paying as that share grows.

Every CRM quantity comes from :mod:`crmlib.cases.restaurant.model` (grading, alerts, privilege
costs) and through it from chapter 3's rule-based grading and chapter 7's
:func:`crmlib.compute.loyalty.programme_roi`.

Examples
--------
>>> from crmlib import datasets
>>> visits = datasets.load_restaurant_attendance()
>>> changes = grade_changes(visits, "2024-05", "2024-06")
>>> sorted(changes["move"].unique())
['down', 'same', 'up']
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from crmlib import validation as v
from crmlib.cases.restaurant import model
from crmlib.cases.restaurant.model import GRADES, TIERS, UNGRADED

ABSENT = "absent"
"""Label of a customer who made no visit in a month (not on that month's sheet)."""

GRADE_ORDER: tuple[str, ...] = (*GRADES, UNGRADED, ABSENT)
"""Grades best first, then ungraded, then absent: the rows and columns of the move table."""

MONTHS: tuple[str, str] = ("2024-05", "2024-06")
"""The two months of the data set (last month, this month)."""

ROI_DEFAULTS: dict[str, float] = {"uplift": 0.15, "margin": 0.55, "discountable_share": 0.5, "grant_share": 0.2}
"""The case's assumptions for the programme's return (teaching assumptions, none from the slides):

- ``uplift`` 0.15: the privileges keep 15 more members in 100 for a year;
- ``margin`` 0.55: gross margin of the bill after food cost (a trade rule of thumb for Chinese
  full-service restaurants, not a measured figure);
- ``discountable_share`` 0.5: half of a bill is food the discount may apply to (no drinks,
  seafood, specials or banquets);
- ``grant_share`` 0.2: staff grant the lowest discount on one visit in five (it is an authority
  to settle a complaint or close a booking, not a price list). The restaurant can measure it
  from its bills."""

_RANK = {"A": 0, "B": 1, "C": 2, UNGRADED: 3, ABSENT: 4}


def month_grades(visits: pd.DataFrame, month: str) -> pd.Series:
    """Each customer's grade in ``month`` (customers with at least one visit that month).

    Examples
    --------
    >>> month_grades(model.june_example_visits(), "2024-06").to_dict()
    {'刘局长': 'B_quality', '孙主任': 'C_quality'}
    """
    return model.grade_customers(model.monthly_summary(visits, month))["grade"]


def grade_changes(visits: pd.DataFrame, before: str = MONTHS[0], after: str = MONTHS[1]) -> pd.DataFrame:
    """Each customer's grade in two months and the direction of the move.

    A customer with no visit in a month is ``absent`` that month. The move compares tiers
    (A > B > C > ungraded > absent); a switch between quality and active in the same tier is
    ``same``.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``customer_id``: ``grade_before``, ``grade_after``, ``move`` (up / same / down).

    Examples
    --------
    >>> df = pd.DataFrame({"customer_id": ["x"] * 3 + ["y"] * 2,
    ...                    "date": ["2024-05-02", "2024-05-09", "2024-06-03", "2024-05-04", "2024-05-20"],
    ...                    "guests": [10, 10, 10, 8, 8], "spend": [900, 900, 900, 600, 600]})
    >>> grade_changes(df).values.tolist()
    [['C_quality', 'ungraded', 'down'], ['C_active', 'absent', 'down']]
    """
    model._period(before, "before")
    model._period(after, "after")
    g0, g1 = month_grades(visits, before), month_grades(visits, after)
    ids = sorted(set(g0.index) | set(g1.index), key=str)
    out = pd.DataFrame(
        {"grade_before": g0.reindex(ids).fillna(ABSENT), "grade_after": g1.reindex(ids).fillna(ABSENT)},
        index=pd.Index(ids, name="customer_id"),
    )
    r0 = out["grade_before"].map(model.tier_of).map(_RANK)
    r1 = out["grade_after"].map(model.tier_of).map(_RANK)
    out["move"] = np.select([r1 < r0, r1 > r0], ["up", "down"], default="same")
    return out


def grade_moves(changes: pd.DataFrame) -> pd.DataFrame:
    """The transition table: customers by last month's grade (rows) and this month's (columns).

    Parameters
    ----------
    changes : pandas.DataFrame
        :func:`grade_changes`'s table (``grade_before``, ``grade_after``).

    Returns
    -------
    pandas.DataFrame
        Counts, rows and columns in :data:`GRADE_ORDER`; the row sums are last month's grade
        counts, the column sums this month's.

    Examples
    --------
    >>> ch = pd.DataFrame({"grade_before": ["A_quality", "C_active"], "grade_after": ["B_quality", "absent"]})
    >>> m = grade_moves(ch)
    >>> int(m.loc["A_quality", "B_quality"]), int(m.loc["C_active", "absent"]), int(m.to_numpy().sum())
    (1, 1, 2)
    """
    v.require_columns(changes, ["grade_before", "grade_after"], "changes")
    v.check_category_column(changes, "grade_before", "changes", GRADE_ORDER)
    v.check_category_column(changes, "grade_after", "changes", GRADE_ORDER)
    table = pd.crosstab(changes["grade_before"], changes["grade_after"])
    table = table.reindex(index=list(GRADE_ORDER), columns=list(GRADE_ORDER), fill_value=0).astype(int)
    table.index.name, table.columns.name = "grade_before", "grade_after"
    return table


def alert_sheet(
    visits: pd.DataFrame,
    feedback: pd.DataFrame,
    month: str = MONTHS[1],
    previous_month: str = MONTHS[0],
    *,
    drop_share: float = 0.5,
    min_previous_visits: int = 2,
) -> pd.DataFrame:
    """The alert sheet of ``month`` over the whole data set: :func:`~crmlib.cases.restaurant.model.alerts`
    on the two months' summaries and the feedback logged in those months.

    Returns
    -------
    pandas.DataFrame
        :func:`~crmlib.cases.restaurant.model.alerts`'s columns plus ``grade_previous`` (last
        month's grade, ``absent`` if none) and ``spend_current`` (元 this month); red first.

    Examples
    --------
    >>> from crmlib import datasets
    >>> sheet = alert_sheet(datasets.load_restaurant_attendance(), datasets.load_restaurant_feedback())
    >>> sheet["level"].value_counts().to_dict()
    {'yellow': 42, 'red': 7}
    """
    v.require_columns(feedback, ["customer_id", "date", "kind"], "feedback")
    v.check_id_column(feedback, "customer_id", "feedback")
    fb = feedback.assign(date=v.check_date_column(feedback, "date", "feedback"))
    months = {model._period(month, "month"), model._period(previous_month, "previous_month")}
    fb = fb[fb["date"].dt.to_period("M").isin(months)]
    current = _summary_or_empty(visits, month)
    previous = _summary_or_empty(visits, previous_month)
    out = model.alerts(current, previous, fb, drop_share=drop_share, min_previous_visits=min_previous_visits)
    grades_before = model.grade_customers(previous)["grade"] if len(previous) else pd.Series(dtype=object)
    out["grade_previous"] = [grades_before.get(c, ABSENT) for c in out.index]
    spend = current["spend"] if len(current) else pd.Series(dtype=float)
    out["spend_current"] = [float(spend.get(c, 0.0)) for c in out.index]
    return out


def _summary_or_empty(visits: pd.DataFrame, month: str) -> pd.DataFrame:
    data = model._check_visits(visits)
    period = model._period(month)
    if not (data["date"].dt.to_period("M") == period).any():
        return pd.DataFrame(columns=["visits", "guests", "spend", "spend_per_head"], dtype=float)
    return model.monthly_summary(data, month)


def alert_counts(sheet: pd.DataFrame) -> pd.DataFrame:
    """Customers on the alert sheet by level (rows) and reason (columns), with totals.

    Examples
    --------
    >>> sheet = pd.DataFrame({"level": ["red", "yellow", "yellow"],
    ...                       "reason": ["complaint_no_visit", "feedback", "feedback"]})
    >>> int(alert_counts(sheet).loc["yellow", "feedback"]), int(alert_counts(sheet).loc["total", "total"])
    (2, 3)
    """
    v.require_columns(sheet, ["level", "reason"], "sheet")
    reasons = list(model.ACTIONS)
    table = pd.crosstab(sheet["level"], sheet["reason"]).reindex(
        index=list(model.ALERT_LEVELS), columns=reasons, fill_value=0
    )
    table["total"] = table.sum(axis=1)
    table.loc["total"] = table.sum(axis=0)
    return table.astype(np.int64)


# --- the programme's return with the discount as an authority -------------------------------------

def default_tiers() -> pd.DataFrame:
    """Members and annual spend per tier from June 2024 of the data set (the case's default).

    Examples
    --------
    >>> default_tiers()["members"].tolist()
    [14, 20, 49]
    """
    from crmlib import datasets

    return model.tiers_from_attendance(datasets.load_restaurant_attendance(), MONTHS[1])


def roi(
    tiers: pd.DataFrame,
    *,
    uplift: float = ROI_DEFAULTS["uplift"],
    margin: float = ROI_DEFAULTS["margin"],
    discountable_share: float = ROI_DEFAULTS["discountable_share"],
    grant_share: float = ROI_DEFAULTS["grant_share"],
    include_trip: bool = False,
) -> pd.DataFrame:
    """The programme's return at the case's assumptions (:data:`ROI_DEFAULTS`):
    :func:`~crmlib.cases.restaurant.model.programme_roi` with the discount granted on
    ``grant_share`` of visits.

    Examples
    --------
    >>> tiers = pd.DataFrame({"members": [10], "annual_spend": [60000.0]}, index=["A"])

    Cost a member: gifts 200 + banquets 2,100 + discount 60,000 × 0.5 × 0.2 × 15% = 900, so 3,200;
    protected margin 60,000 × 0.15 × 0.55 = 4,950 a member:

    >>> r = roi(tiers)
    >>> r.loc["A", ["cost_per_member", "protected_margin", "net"]].round(2).tolist()
    [3200.0, 49500.0, 17500.0]
    """
    return model.programme_roi(
        tiers, uplift=uplift, margin=margin, discountable_share=discountable_share,
        grant_share=grant_share, include_trip=include_trip,
    )


def breakeven_grant_share(
    tiers: pd.DataFrame,
    *,
    uplift: float = ROI_DEFAULTS["uplift"],
    margin: float = ROI_DEFAULTS["margin"],
    discountable_share: float = ROI_DEFAULTS["discountable_share"],
    include_trip: bool = False,
) -> pd.Series:
    """The share of visits with the lowest discount at which each tier (and the total) breaks even.

    The net gain falls in a straight line as the grant share grows (the discount is the only
    cost that depends on it), so the break-even share is ``net(0) / (net(0) − net(1))``. Below 0:
    the tier does not pay even with no discount at all; above 1: it pays even if the discount is
    granted on every visit; NaN: the discount costs nothing (no spend or nothing discountable).

    Examples
    --------
    >>> tiers = pd.DataFrame({"members": [10], "annual_spend": [60000.0]}, index=["A"])

    Net a member is 4,950 − 2,300 − 4,500 g, zero at g = 2,650 / 4,500:

    >>> round(float(breakeven_grant_share(tiers)["A"]), 4)
    0.5889
    """
    kw = {"uplift": uplift, "margin": margin, "discountable_share": discountable_share, "include_trip": include_trip}
    net0 = roi(tiers, grant_share=0.0, **kw)["net"]
    net1 = roi(tiers, grant_share=1.0, **kw)["net"]
    slope = net0 - net1
    with np.errstate(divide="ignore", invalid="ignore"):
        out = net0 / slope.where(slope > 0)
    return out.rename("breakeven_grant_share")


def grant_share_sweep(
    tiers: pd.DataFrame,
    grant_shares: Sequence[float] | None = None,
    *,
    uplift: float = ROI_DEFAULTS["uplift"],
    margin: float = ROI_DEFAULTS["margin"],
    discountable_share: float = ROI_DEFAULTS["discountable_share"],
    include_trip: bool = False,
) -> pd.DataFrame:
    """ROI of each tier and of the whole programme as the grant share goes from 0 to 1.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``grant_share``; one column per tier plus ``total``; values are ROI (1 = 100%).

    Examples
    --------
    >>> tiers = pd.DataFrame({"members": [10], "annual_spend": [60000.0]}, index=["A"])
    >>> s = grant_share_sweep(tiers, [0.0, 1.0])
    >>> s.round(3).values.tolist()  # (4,950 − 2,300) / 2,300 and (4,950 − 6,800) / 6,800
    [[1.152, 1.152], [-0.272, -0.272]]
    """
    shares = np.linspace(0.0, 1.0, 21) if grant_shares is None else v.check_array(grant_shares, "grant_shares", minimum=0, maximum=1)
    kw = {"uplift": uplift, "margin": margin, "discountable_share": discountable_share, "include_trip": include_trip}
    # The cost is linear in the grant share (only the discount depends on it) and the protected
    # margin does not depend on it: two evaluations give every point exactly.
    at0, at1 = roi(tiers, grant_share=0.0, **kw), roi(tiers, grant_share=1.0, **kw)
    cost = at0["cost"].to_numpy()[None, :] + shares[:, None] * (at1["cost"] - at0["cost"]).to_numpy()[None, :]
    kept = at0["protected_margin"].to_numpy()[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        values = np.where(cost > 0, (kept - cost) / np.where(cost > 0, cost, 1.0), np.nan)
    return pd.DataFrame(values, index=pd.Index(shares, name="grant_share"), columns=list(at0.index))


__all__ = [
    "ABSENT", "GRADE_ORDER", "MONTHS", "ROI_DEFAULTS", "TIERS", "alert_counts", "alert_sheet",
    "breakeven_grant_share", "default_tiers", "grade_changes", "grade_moves", "grant_share_sweep",
    "month_grades", "roi",
]
