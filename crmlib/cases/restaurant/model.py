"""The restaurant grading case: 富丽华·华膳楼酒店 (seed file 000).

The hotel restaurant grades its key customers every month from an attendance sheet
(客户考勤表): for each customer and each day of the month, how many guests came and how much
they spent. Totals give visits, guests, spend and spend per head; a grade table turns them into
one of six grades, A/B/C × 品质 (quality: higher spend per head) and 活跃 (active: frequent, lower
spend per head). Each grade carries privileges with a cost (gifts, a banquet hosted by a manager,
a floor on the discount). Customers whose visits drop, who leave feedback, or who stop coming
after a complaint are put on the alert sheet (警报客户管理表) as yellow or red.

What was reconstructed from the seed
------------------------------------
The slides survive only as garbled extracted text. The figures below are the slides' own, read
back as follows (seed 000, search 华膳楼, 品质客户, 活跃客户):

- Grade table: A品质 ≥6 visits a month (lunch and dinner both count), ≥5000 元 a month,
  80–100 元 a head; A活跃 ≥6, ≥4500 元, 60–80 元; B品质 ≥4, ≥3000 元, 60–80 元; B活跃 ≥4,
  ≥2500 元, 50–70 元; C品质 ≥2, ≥1500 元, 50–70 元; C活跃 ≥2, ≥1000 元, 40–60 元. The B visit
  minimum and the pairing of the 50–70 元 band with B活跃 are read from the order of the
  fragments. The slide writes each band as "X元—Y元以上"; we use the lower end as the minimum
  spend per head and keep the upper end as information.
- Privileges: gift 100 / 80 / 50 元 (A and B: birthday, wedding anniversary and other special
  days; C: birthday only), banquet 700 / 500 / 300 元 a table (A and B: every 3–6 months, by the
  general manager / store manager; C: every three months, by a manager), lowest discount 8.5 / 8.8
  / 9 折 (not on drinks, seafood, specials, banquets). A "trip once a year, 500 元 a person" item
  sits in the C block of the text; B's item 5 is missing, so that item may belong to B. We attach
  it to C and leave it out of costs by default (``include_trip``).
- The June attendance sheet's two readable rows decode uniquely: 刘局长 visited 5 times with
  7, 16, 12, 15, 14 guests spending 520, 1450, 870, 960, 1020 元 (64 guests, 4820 元, 75 元 a
  head); 孙主任 visited 3 times with 12, 15, 18 guests spending 980, 1050, 2150 元 (45 guests,
  4180 元, 92 元 a head, truncated from 92.9). The sheet labels them A and B; by the grade table
  applied to this one month they are B品质 and C品质. The table speaks of the *average* month
  (平均单月), so the sheet's label is presumably the standing grade from earlier months: a point to
  discuss in class, not an error to hide.
- Alert sheet: 王先生, yellow: 1 visit, 580 元, feedback "dishes taste the same, nothing new"
  → kitchen develops new dishes; invite him to taste them. 孙先生, red: 0 visits after last
  month's complaint about a waiter → investigate that meal and deal with the staff; tighten service;
  send a letter of apology saying how the waiter was dealt with.

Examples
--------
>>> from crmlib import i18n; i18n.set_language("en")
>>> sheet = june_example_visits()
>>> s = monthly_summary(sheet)
>>> s[["visits", "guests", "spend"]].astype(int).values.tolist()
[[5, 64, 4820], [3, 45, 4180]]
>>> grade_customers(s)["grade"].tolist()
['B_quality', 'C_quality']
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from crmlib import validation as v
from crmlib.compute import loyalty

# UNGRADED ("ungraded": meets no grade's minimums) is chapter 3's label; notebooks read restaurant.UNGRADED.
from crmlib.compute.grading import UNGRADED, grade_by_rules
from crmlib.i18n import t

GRADES: tuple[str, ...] = ("A_quality", "A_active", "B_quality", "B_active", "C_quality", "C_active")
"""The six grades, best first: tier A/B/C × quality (品质) / active (活跃)."""

TIERS: tuple[str, ...] = ("A", "B", "C")

VISIT_COLUMNS: tuple[str, ...] = ("customer_id", "date", "guests", "spend")
"""Columns a visit log (one row per visit, lunch or dinner) must have."""

ALERT_LEVELS: tuple[str, ...] = ("red", "yellow")

FEEDBACK_KINDS: tuple[str, ...] = ("complaint", "suggestion")


def grade_table() -> pd.DataFrame:
    """The restaurant's grade table as the slides give it (see the module notes).

    Returns
    -------
    pandas.DataFrame
        One row per grade, best first: ``grade``, ``tier``, ``kind`` (quality / active),
        ``min_visits`` (a month, lunch and dinner both count), ``min_spend`` (元 a month),
        ``min_spend_per_head`` and ``max_spend_per_head`` (the per-head band, 元).

    Examples
    --------
    >>> g = grade_table()
    >>> g["grade"].tolist()[:2], g["min_visits"].tolist()
    (['A_quality', 'A_active'], [6, 6, 4, 4, 2, 2])
    >>> g["min_spend"].tolist()
    [5000, 4500, 3000, 2500, 1500, 1000]
    """
    return pd.DataFrame(
        {
            "grade": list(GRADES),
            "tier": ["A", "A", "B", "B", "C", "C"],
            "kind": ["quality", "active"] * 3,
            "min_visits": [6, 6, 4, 4, 2, 2],
            "min_spend": [5000, 4500, 3000, 2500, 1500, 1000],
            "min_spend_per_head": [80, 60, 60, 50, 50, 40],
            "max_spend_per_head": [100, 80, 80, 70, 70, 60],
        }
    )


def grading_rules(*, per_head: bool = True) -> pd.DataFrame:
    """The grade table as a rule table for :func:`crmlib.compute.grading.grade_by_rules`.

    Parameters
    ----------
    per_head : bool
        Whether the lower end of the per-head band is a minimum too (default). Without it a
        grade needs only the visits and the monthly spend.

    Examples
    --------
    >>> list(grading_rules().columns)
    ['grade', 'min_visits', 'min_spend', 'min_spend_per_head']
    >>> list(grading_rules(per_head=False).columns)
    ['grade', 'min_visits', 'min_spend']
    """
    cols = ["grade", "min_visits", "min_spend"] + (["min_spend_per_head"] if per_head else [])
    return grade_table()[cols]


def _check_visits(visits: pd.DataFrame, name: str = "visits") -> pd.DataFrame:
    v.require_columns(visits, VISIT_COLUMNS, name)
    v.check_id_column(visits, "customer_id", name)
    out = visits.copy()
    out["date"] = v.check_date_column(visits, "date", name)
    out["guests"] = v.check_numeric_column(visits, "guests", name, minimum=0)
    out["spend"] = v.check_numeric_column(visits, "spend", name, minimum=0)
    return out


def _period(month: str | None, name: str = "month") -> pd.Period | None:
    if month is None:
        return None
    try:
        if not (isinstance(month, str) and re.fullmatch(r"\d{4}-\d{2}", month)):
            raise ValueError(month)
        return pd.Period(month, freq="M")
    except (ValueError, TypeError):
        raise v.CRMInputError(t("restaurant_errors.bad_month", name=name, value=month)) from None


def monthly_summary(visits: pd.DataFrame, month: str | None = None) -> pd.DataFrame:
    """The totals at the right of the attendance sheet: visits, guests, spend, spend per head.

    Parameters
    ----------
    visits : pandas.DataFrame
        One row per visit (lunch and dinner are separate visits): ``customer_id``, ``date``,
        ``guests`` (people at the table), ``spend`` (元). Other columns are ignored.
    month : str, optional
        ``"YYYY-MM"``: keep only that month. By default all rows are summed.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``customer_id``: ``visits``, ``guests``, ``spend``, ``spend_per_head``.

    Examples
    --------
    >>> df = pd.DataFrame({"customer_id": ["x", "x"], "date": ["2024-06-01", "2024-06-05"],
    ...                    "guests": [19, 8], "spend": [1600, 820]})
    >>> monthly_summary(df).loc["x"].tolist()
    [2.0, 27.0, 2420.0, 89.62962962962963]
    """
    data = _check_visits(visits)
    period = _period(month)
    if period is not None:
        data = data[data["date"].dt.to_period("M") == period]
    out = data.groupby("customer_id", sort=True).agg(
        visits=("date", "size"), guests=("guests", "sum"), spend=("spend", "sum")
    )
    out = out.astype(float)
    out["spend_per_head"] = np.where(out["guests"] > 0, out["spend"] / out["guests"].where(out["guests"] > 0, 1.0), np.nan)
    return out


def grade_customers(summary: pd.DataFrame, rules: pd.DataFrame | None = None) -> pd.DataFrame:
    """Add a ``grade`` column to a monthly summary, by the restaurant's grade table by default.

    A customer with no guests recorded has no spend per head and is graded as spending 0 a head.

    Examples
    --------
    >>> s = pd.DataFrame({"visits": [6, 2], "spend": [5200, 900], "spend_per_head": [85, 45]})
    >>> grade_customers(s)["grade"].tolist()
    ['A_quality', 'ungraded']
    """
    rules = grading_rules() if rules is None else rules
    metrics = v.require_frame(summary, "summary").copy()
    if "spend_per_head" in metrics.columns:
        per_head = metrics["spend_per_head"]  # where, not fillna: pandas 2.2 warns on fillna of a text column
        metrics["spend_per_head"] = per_head.where(per_head.notna(), 0.0)
    out = summary.copy()
    out["grade"] = grade_by_rules(metrics, rules, default=UNGRADED)
    return out


def tier_of(grade: str) -> str:
    """The tier (A, B, C) of a grade, or the grade itself if it has none.

    Examples
    --------
    >>> tier_of("B_active"), tier_of("ungraded")
    ('B', 'ungraded')
    """
    return grade.split("_", 1)[0] if grade in GRADES else grade


def attendance_sheet(visits: pd.DataFrame, month: str) -> pd.DataFrame:
    """The monthly attendance sheet as the slide draws it: a row of guests and a row of spend
    per customer, one column per day, totals at the right.

    Two visits on the same day (lunch and dinner) are added together in that day's cell.

    Returns
    -------
    pandas.DataFrame
        Index (``customer_id``, ``measure`` in guests / spend); columns the days 1..n of the month
        (0 where the customer did not come) followed by ``visits``, ``guests``, ``spend``,
        ``spend_per_head`` (on the customer's first row; NaN on the second).

    Examples
    --------
    >>> sheet = attendance_sheet(june_example_visits(), "2024-06")
    >>> sheet.shape
    (4, 34)
    >>> int(sheet.loc[("刘局长", "spend"), 8]), int(sheet.loc[("刘局长", "guests"), "spend"])
    (1450, 4820)
    """
    period = _period(month)
    data = _check_visits(visits)
    data = data[data["date"].dt.to_period("M") == period]
    if data.empty:
        raise v.CRMInputError(t("error.empty_table", table=f"visits ({month})"))
    data = data.assign(day=data["date"].dt.day)
    days = list(range(1, period.days_in_month + 1))
    long = data.groupby(["customer_id", "day"])[["guests", "spend"]].sum()
    wide = long.stack().unstack("day").reindex(columns=days, fill_value=0.0).fillna(0.0)
    wide.index = wide.index.set_names(["customer_id", "measure"])
    wide.columns = pd.Index(days, name="day")
    summary = monthly_summary(data)
    for col in summary.columns:
        wide[col] = np.nan
        for cid in summary.index:
            wide.loc[(cid, "guests"), col] = summary.loc[cid, col]
    return wide


def june_example_visits() -> pd.DataFrame:
    """The two readable rows of the slide's June attendance sheet (刘局长, 孙主任), decoded.

    The day of each visit is not legible in the extracted text; the dates here only keep the
    slide's order. Guests and spend are the slide's (see the module notes).

    Examples
    --------
    >>> june_example_visits().groupby("customer_id")["spend"].sum().to_dict()
    {'刘局长': 4820, '孙主任': 4180}
    """
    rows = [
        ("刘局长", "2024-06-03", 7, 520), ("刘局长", "2024-06-08", 16, 1450), ("刘局长", "2024-06-14", 12, 870),
        ("刘局长", "2024-06-20", 15, 960), ("刘局长", "2024-06-27", 14, 1020),
        ("孙主任", "2024-06-05", 12, 980), ("孙主任", "2024-06-16", 15, 1050), ("孙主任", "2024-06-25", 18, 2150),
    ]
    df = pd.DataFrame(rows, columns=list(VISIT_COLUMNS))
    df["date"] = pd.to_datetime(df["date"])
    return df


# --- privileges and their cost ----------------------------------------------------------------

def privileges() -> pd.DataFrame:
    """Privileges of each tier as the slides give them, with their unit costs.

    Returns
    -------
    pandas.DataFrame
        Indexed by tier (A, B, C): ``host`` (who greets the customer and hosts the banquet:
        general_manager / store_manager / manager), ``call_every_days``, ``visit_every_days``
        (sales manager's phone calls and visits), ``gift`` (元 a gift), ``gifts_per_year``
        (A, B: birthday and wedding anniversary, at least 2; C: birthday, 1), ``banquet_per_table``
        (元), ``banquets_per_year`` (A, B: every 3–6 months, taken as 3; C: every 3 months, 4),
        ``lowest_discount`` (the price paid at the deepest discount: 0.85 = 8.5折), ``trip_per_year``
        (元 a person; in the C block of the text, see the module notes) and ``wechat_group``
        (vip / company).

    Examples
    --------
    >>> p = privileges()
    >>> p["gift"].tolist(), p["banquet_per_table"].tolist(), p["lowest_discount"].tolist()
    ([100, 80, 50], [700, 500, 300], [0.85, 0.88, 0.9])
    """
    return pd.DataFrame(
        {
            "host": ["general_manager", "store_manager", "manager"],
            "call_every_days": [3, 5, 3],
            "visit_every_days": [10, 15, 30],
            "gift": [100, 80, 50],
            "gifts_per_year": [2, 2, 1],
            "banquet_per_table": [700, 500, 300],
            "banquets_per_year": [3, 3, 4],
            "lowest_discount": [0.85, 0.88, 0.90],
            "trip_per_year": [0, 0, 500],
            "wechat_group": ["vip", "company", "company"],
        },
        index=pd.Index(list(TIERS), name="tier"),
    )


def privilege_cost(
    tier: str,
    annual_spend: float,
    *,
    discountable_share: float = 0.5,
    grant_share: float = 1.0,
    include_trip: bool = False,
    table: pd.DataFrame | None = None,
) -> dict[str, float]:
    """What one member of a tier costs the restaurant in a year, item by item (元).

    - gifts: ``gifts_per_year × gift``;
    - banquets: ``banquets_per_year × banquet_per_table``;
    - discount: ``annual_spend × discountable_share × grant_share × (1 − lowest_discount)``.
      The slide's 最低折让权限 is an *authority*: the deepest discount staff **may** grant, on the
      part of the bill it applies to (drinks, seafood, specials and banquets are excluded, hence
      ``discountable_share``). ``grant_share`` is the share of visits on which staff actually
      grant it (the rest pay full price). The default 1.0 is the upper bound, granted on every
      visit; the case (:mod:`crmlib.cases.restaurant.analysis`) works with a share;
    - trip (only with ``include_trip``).

    Parameters
    ----------
    grant_share : float
        Share of visits (0–1) on which the lowest discount is granted.

    Examples
    --------
    >>> c = privilege_cost("A", 60000)
    >>> c["gifts"], c["banquets"], c["discount"], c["total"]
    (200.0, 2100.0, 4500.0, 6800.0)
    >>> privilege_cost("A", 60000, grant_share=0.2)["discount"]
    900.0
    """
    table = privileges() if table is None else table
    v.check_choice(tier, "tier", list(table.index))
    spend = v.check_nonnegative(annual_spend, "annual_spend")
    share = v.check_rate(discountable_share, "discountable_share")
    granted = v.check_rate(grant_share, "grant_share")
    row = table.loc[tier]
    out = {
        "gifts": float(row["gifts_per_year"] * row["gift"]),
        "banquets": float(row["banquets_per_year"] * row["banquet_per_table"]),
        "discount": float(round(spend * share * granted * (1.0 - row["lowest_discount"]), 6)),
        "trip": float(row["trip_per_year"]) if include_trip else 0.0,
    }
    out["total"] = float(sum(out.values()))
    return out


# --- the loyalty programme's members and ROI (chapter 7) -----------------------------------------

def tiers_from_attendance(visits: pd.DataFrame, month: str, rules: pd.DataFrame | None = None) -> pd.DataFrame:
    """Members per tier and their annual spend (12 × the month's mean spend) from an attendance log.

    The customers are graded by the restaurant's grade table (or ``rules``); the table is the
    ``tiers`` input of :func:`crmlib.compute.loyalty.programme_roi`.

    Returns
    -------
    pandas.DataFrame
        Indexed by tier (A, B, C, all three even when empty): ``members``, ``annual_spend``
        (元 a member a year).

    Examples
    --------
    >>> tb = tiers_from_attendance(june_example_visits(), "2024-06")
    >>> tb["members"].tolist(), tb["annual_spend"].tolist()
    ([0, 1, 1], [0.0, 57840.0, 50160.0])
    """
    summary = grade_customers(monthly_summary(visits, month), rules)
    summary["tier"] = summary["grade"].map(tier_of)
    graded = summary[summary["tier"].isin(TIERS)]
    out = graded.groupby("tier").agg(members=("spend", "size"), annual_spend=("spend", "mean"))
    out = out.reindex(list(TIERS)).fillna({"members": 0, "annual_spend": 0.0})
    out["members"] = out["members"].astype(int)
    out["annual_spend"] = (12 * out["annual_spend"]).round(2)
    out.index.name = "tier"
    return out


def privilege_costs(
    tiers: pd.DataFrame,
    *,
    discountable_share: float = 0.5,
    grant_share: float = 1.0,
    include_trip: bool = False,
    table: pd.DataFrame | None = None,
) -> pd.Series:
    """Privilege cost of one member a year for each tier of ``tiers``, at the tier's annual spend.

    :func:`privilege_cost`'s ``total`` per row; the ``cost_per_member`` input of
    :func:`crmlib.compute.loyalty.programme_roi`.

    Parameters
    ----------
    tiers : pandas.DataFrame
        Indexed by tier (A, B, C) with ``annual_spend`` (元 a member a year).

    Examples
    --------
    >>> tiers = pd.DataFrame({"members": [10, 20], "annual_spend": [60000.0, 36000.0]}, index=["A", "B"])
    >>> privilege_costs(tiers).tolist()
    [6800.0, 3820.0]
    """
    spend = v.check_numeric_column(v.require_columns(tiers, ["annual_spend"], "tiers"), "annual_spend", "tiers", minimum=0)
    costs = [
        privilege_cost(
            tier, spend[tier], discountable_share=discountable_share, grant_share=grant_share,
            include_trip=include_trip, table=table,
        )["total"]
        for tier in tiers.index
    ]
    return pd.Series(costs, index=tiers.index, name="cost_per_member", dtype=float)


def programme_roi(
    tiers: pd.DataFrame,
    *,
    uplift: float | Mapping[str, float],
    margin: float,
    discountable_share: float = 0.5,
    grant_share: float = 1.0,
    include_trip: bool = False,
) -> pd.DataFrame:
    """The restaurant's privileges in chapter 7's programme ROI: :func:`crmlib.compute.loyalty.programme_roi`
    with :func:`privilege_costs` as the cost per member (``grant_share``: see :func:`privilege_cost`).

    Examples
    --------
    >>> tiers = pd.DataFrame({"members": [10], "annual_spend": [60000.0]}, index=["A"])
    >>> r = programme_roi(tiers, uplift=0.2, margin=0.4)
    >>> r.loc["A", ["cost", "protected_margin", "net"]].tolist()
    [68000.0, 48000.0, -20000.0]
    >>> round(float(r.loc["A", "breakeven_uplift"]), 4)
    0.2833
    """
    costs = privilege_costs(tiers, discountable_share=discountable_share, grant_share=grant_share, include_trip=include_trip)
    return loyalty.programme_roi(tiers, uplift=uplift, margin=margin, cost_per_member=costs)


# --- alerts ---------------------------------------------------------------------------------

def alerts(
    current: pd.DataFrame,
    previous: pd.DataFrame,
    feedback: pd.DataFrame | None = None,
    *,
    drop_share: float = 0.5,
    min_previous_visits: int = 2,
) -> pd.DataFrame:
    """The alert sheet: red and yellow customers with the reason and the seed's actions.

    Rules (the seed's examples, made explicit):

    - **red**: a complaint last month (or this month) and no visit this month (孙先生);
    - **yellow**: a complaint but the customer still came; else visits fell by at least
      ``drop_share`` of last month's; else the customer left a suggestion (王先生).

    Parameters
    ----------
    current, previous : pandas.DataFrame
        Monthly summaries (:func:`monthly_summary`) of this month and last month, indexed by
        ``customer_id`` with a ``visits`` column. A customer missing from ``current`` made no
        visit this month.
    feedback : pandas.DataFrame, optional
        ``customer_id``, ``kind`` (complaint / suggestion) for feedback of last month and this month.
    drop_share : float
        Share of last month's visits that must be lost for a yellow alert (0–1).
    min_previous_visits : int
        A drop counts only for customers who came at least this often last month (one visit
        more or less from an occasional diner is noise).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``customer_id``: ``level`` (red / yellow), ``reason`` (complaint_no_visit /
        visits_dropped / feedback / complaint), ``visits_previous``, ``visits_current``; red first.

    Examples
    --------
    >>> prev = pd.DataFrame({"visits": [4, 3, 5]}, index=["王先生", "孙先生", "李女士"])
    >>> cur = pd.DataFrame({"visits": [1, 5]}, index=["王先生", "李女士"])
    >>> fb = pd.DataFrame({"customer_id": ["孙先生", "王先生"], "kind": ["complaint", "suggestion"]})
    >>> a = alerts(cur, prev, fb)
    >>> a[["level", "reason"]].values.tolist()
    [['red', 'complaint_no_visit'], ['yellow', 'visits_dropped']]
    """
    drop = v.check_rate(drop_share, "drop_share")
    min_prev = v.check_count(min_previous_visits, "min_previous_visits")
    prev_visits = v.check_numeric_column(v.require_columns(previous, ["visits"], "previous"), "visits", "previous", minimum=0)
    if not isinstance(current, pd.DataFrame):
        raise v.CRMInputError(t("error.not_dataframe", name="current", kind=type(current).__name__))
    if len(current):
        v.require_columns(current, ["visits"], "current")
        cur_visits = v.check_numeric_column(current, "visits", "current", minimum=0)
    else:
        cur_visits = pd.Series(dtype=float)
    complained: set[object] = set()
    suggested: set[object] = set()
    if feedback is not None and len(feedback):
        v.require_columns(feedback, ["customer_id", "kind"], "feedback")
        v.check_id_column(feedback, "customer_id", "feedback")
        v.check_category_column(feedback, "kind", "feedback", FEEDBACK_KINDS)
        complained = set(feedback.loc[feedback["kind"] == "complaint", "customer_id"])
        suggested = set(feedback.loc[feedback["kind"] == "suggestion", "customer_id"])
    ids = list(dict.fromkeys([*prev_visits.index, *cur_visits.index, *complained, *suggested]))
    rows = []
    for cid in ids:
        before = float(prev_visits.get(cid, 0.0))
        now = float(cur_visits.get(cid, 0.0))
        if cid in complained and now == 0:
            rows.append((cid, "red", "complaint_no_visit", before, now))
        elif cid in complained:
            rows.append((cid, "yellow", "complaint", before, now))
        elif before >= max(min_prev, 1) and now <= before * (1.0 - drop) and now < before:
            rows.append((cid, "yellow", "visits_dropped", before, now))
        elif cid in suggested:
            rows.append((cid, "yellow", "feedback", before, now))
    out = pd.DataFrame(rows, columns=["customer_id", "level", "reason", "visits_previous", "visits_current"])
    out["_order"] = out["level"].map({"red": 0, "yellow": 1})
    out = out.sort_values(["_order", "customer_id"], kind="stable").drop(columns="_order")
    return out.set_index("customer_id")


ACTIONS: dict[str, tuple[str, ...]] = {
    "complaint_no_visit": ("investigate", "tighten_service", "apology_letter"),
    "complaint": ("investigate", "tighten_service", "apology_letter"),
    "feedback": ("new_dishes", "invite_tasting"),
    "visits_dropped": ("call_to_ask", "new_dishes", "invite_tasting"),
}
"""Action keys per alert reason. Complaint and feedback actions are the seed's; ``call_to_ask``
for a silent drop in visits is ours (the seed's yellow example also had feedback)."""


def alert_actions(reason: str) -> list[str]:
    """The actions for an alert reason, in the current language.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> alert_actions("complaint_no_visit")[0]
    'Find out what happened at the last meal and deal with the staff involved.'
    """
    v.check_choice(reason, "reason", list(ACTIONS))
    return [t(f"restaurant.action.{key}") for key in ACTIONS[reason]]


def seed_alert_examples() -> pd.DataFrame:
    """The seed's alert sheet: 王先生 (yellow) and 孙先生 (red), as summaries and feedback.

    Returns the alert table :func:`alerts` builds from them, with the seed's visits and spend.
    Last month's visits are not on the slide. 孙先生 was served badly *last month*, so he came at
    least once: he is given that one visit (the smallest count the slide allows). 王先生's last
    month is unknown and shown as NaN; his alert comes from his feedback, which needs no count.

    Examples
    --------
    >>> seed_alert_examples()[["level", "visits_previous", "visits_current", "spend_current"]].values.tolist()
    [['red', 1.0, 0.0, 0.0], ['yellow', nan, 1.0, 580.0]]
    """
    previous = pd.DataFrame({"visits": [1.0]}, index=["孙先生"])
    current = pd.DataFrame({"visits": [1.0], "spend": [580.0]}, index=["王先生"])
    feedback = pd.DataFrame({"customer_id": ["王先生", "孙先生"], "kind": ["suggestion", "complaint"]})
    out = alerts(current, previous, feedback)
    out["visits_previous"] = [float(previous["visits"].get(c, np.nan)) for c in out.index]
    out["spend_current"] = [float(current["spend"].get(c, 0.0)) for c in out.index]
    return out
