"""The customer lifecycle (客户生命周期): 考察期 → 形成期 → 稳定期 → 退化期, computed from purchase history.

Chinese CRM textbooks (and the course's file 003: "客户关系生命周期管理的目的主要是根据不同的客户不同的
生命阶段合理配置企业资源") split a relationship into four stages, a simplification of the phases of
Dwyer, Schurr & Oh (1987, *Journal of Marketing* 51(2):11–27: awareness, exploration,
expansion, commitment, dissolution):

===================  ============================================================================
stage                what happens
===================  ============================================================================
exploration 考察期    the customer tries the firm: few, small purchases; value low, cost of service high
formation 形成期      trust builds: purchases and spend grow; value rising
stability 稳定期      the relationship is settled: regular purchases at a high level; value highest
decline 退化期        purchases stop or fall sharply; value falling, the customer may be leaving
===================  ============================================================================

The stage is not in the data: it has to be inferred. :func:`lifecycle_stages` does it with a
**teaching rule** (a simple, stated rule, not an estimated model), applied in this order on the
day ``as_of`` with a window of ``window_days`` (default 180 days):

1. no purchase in the last window → **decline**;
2. the first purchase lies within the last window, or there is only one purchase day →
   **exploration** (the customer is still trying the firm);
3. the first purchase lies within the last two windows → **formation** (a repeat buyer with no
   full earlier window to compare with);
4. spend in the last window below ``decline_ratio`` (default 0.5) × spend in the window before →
   **decline**;
5. spend in the last window at least ``growth_ratio`` (default 1.25) × spend in the window before →
   **formation** (still growing);
6. otherwise → **stability**.

The thresholds are rules of thumb: change them and the stage counts move. First and last
purchase days and the number of purchases come from the one definition in crmlib,
:func:`crmlib.compute.churn.purchase_cycles`.

Examples
--------
>>> from crmlib import i18n; i18n.set_language("en")
>>> orders = pd.DataFrame({
...     "customer_id": ["A", "A", "B", "B", "B", "B"],
...     "date": ["2024-11-01", "2024-12-01", "2023-03-01", "2023-09-01", "2024-03-01", "2024-09-01"],
...     "amount": [100, 100, 500, 500, 500, 500]})
>>> lifecycle_stages(orders, "2024-12-31")["stage"].tolist()
['exploration', 'stability']
"""

from __future__ import annotations

import pandas as pd

from crmlib import validation as v
from crmlib.compute.churn import purchase_cycles
from crmlib.i18n import t

__all__ = ["STAGES", "lifecycle_stages", "stage_summary", "stage_guide", "stages_over_time"]

STAGES: tuple[str, ...] = ("exploration", "formation", "stability", "decline")
"""The four stages in order: 考察期, 形成期, 稳定期, 退化期."""


def lifecycle_stages(
    orders: pd.DataFrame,
    as_of: str | pd.Timestamp,
    *,
    window_days: int = 180,
    growth_ratio: float = 1.25,
    decline_ratio: float = 0.5,
    customer: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
) -> pd.DataFrame:
    """Each customer's lifecycle stage on ``as_of``, by the teaching rule of this module.

    Parameters
    ----------
    orders : DataFrame
        One row per order: customer, date and amount columns. Orders after ``as_of`` are ignored.
    as_of : str or Timestamp
        The day the stages are read.
    window_days : int
        Length of the "last window" and of the window before it, in days (>= 1).
    growth_ratio : float
        Last-window spend at least this multiple of the previous window's counts as growth
        (> 1).
    decline_ratio : float
        Last-window spend below this share of the previous window's counts as decline
        (0 < decline_ratio < 1).
    customer, date, amount : str
        Column names.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id``: ``purchases``, ``first_purchase``, ``last_purchase``,
        ``tenure_days`` (first purchase to ``as_of``), ``days_since`` (last purchase to
        ``as_of``), ``spend_recent`` (last window), ``spend_previous`` (the window before),
        ``spend_total``, ``trend`` (= spend_recent / spend_previous; missing when the previous
        window is empty) and ``stage`` (one of :data:`STAGES`).

    Examples
    --------
    Hand cases on 31 December 2024, window 180 days (last window from 4 July 2024, the one
    before from 6 January 2024): C bought only in 2023 → decline (rule 1); N bought once in
    December → exploration (2); F first bought in March 2024 and again in November → formation
    (3); G doubled its spend → formation (5); H halved it and more → decline (4).

    >>> from crmlib import i18n; i18n.set_language("en")
    >>> orders = pd.DataFrame({
    ...     "customer_id": ["C", "N", "F", "F", "G", "G", "G", "H", "H", "H"],
    ...     "date": ["2023-05-01", "2024-12-10", "2024-03-01", "2024-11-01", "2023-06-01",
    ...              "2024-03-01", "2024-10-01", "2023-06-01", "2024-03-01", "2024-10-01"],
    ...     "amount": [80, 50, 60, 90, 100, 100, 200, 100, 300, 100]})
    >>> lifecycle_stages(orders, "2024-12-31")["stage"].to_dict()
    {'C': 'decline', 'F': 'formation', 'G': 'formation', 'H': 'decline', 'N': 'exploration'}
    """
    frame = v.require_columns(orders, [customer, date, amount], "orders")
    window = v.check_count(window_days, "window_days", minimum=1)
    growth = v.check_number(growth_ratio, "growth_ratio")
    if growth <= 1:
        raise v.CRMInputError(t("lifecycle.error.growth_ratio", value=growth_ratio))
    decline = v.check_number(decline_ratio, "decline_ratio")
    if not 0 < decline < 1:
        raise v.CRMInputError(t("lifecycle.error.decline_ratio", value=decline_ratio))
    spend = v.check_numeric_column(frame, amount, "orders", minimum=0)
    per = purchase_cycles(frame, as_of, customer=customer, date=date)
    day = pd.Timestamp(as_of)
    dates = v.check_date_column(frame, date, "orders")
    tx = pd.DataFrame({"customer_id": frame[customer].to_numpy(), "date": dates.to_numpy(),
                       "amount": spend.to_numpy(dtype=float)})
    tx = tx[tx["date"] <= day]
    age = (day - tx["date"]).dt.days
    recent = tx[age < window].groupby("customer_id")["amount"].sum()
    previous = tx[(age >= window) & (age < 2 * window)].groupby("customer_id")["amount"].sum()
    out = per[["purchases", "first_purchase", "last_purchase"]].copy()
    out["tenure_days"] = (day - out["first_purchase"]).dt.days
    out["days_since"] = (day - out["last_purchase"]).dt.days
    out["spend_recent"] = recent.reindex(out.index, fill_value=0.0).astype(float)
    out["spend_previous"] = previous.reindex(out.index, fill_value=0.0).astype(float)
    out["spend_total"] = tx.groupby("customer_id")["amount"].sum().reindex(out.index).astype(float)
    prev = out["spend_previous"].where(out["spend_previous"] > 0)
    out["trend"] = out["spend_recent"] / prev
    purchase_days = tx.drop_duplicates(["customer_id", "date"]).groupby("customer_id").size().reindex(out.index)

    def _stage(row: pd.Series, days: int) -> str:
        if row["days_since"] >= window:
            return "decline"
        if row["tenure_days"] < window or days <= 1:
            return "exploration"
        if row["tenure_days"] < 2 * window:
            return "formation"
        if row["spend_recent"] < decline * row["spend_previous"]:
            return "decline"
        if row["spend_recent"] >= growth * row["spend_previous"]:
            return "formation"
        return "stability"

    out["stage"] = [_stage(row, int(n)) for (_, row), n in zip(out.iterrows(), purchase_days)]
    out.index.name = "customer_id"
    return out


def stage_summary(stages: pd.DataFrame) -> pd.DataFrame:
    """Customers and value by stage: the "value by stage" table.

    Parameters
    ----------
    stages : DataFrame
        The result of :func:`lifecycle_stages` (columns ``stage``, ``spend_recent``,
        ``spend_total``, ``purchases``).

    Returns
    -------
    DataFrame
        Indexed by stage in :data:`STAGES` order (all four, zeros where empty): ``customers``,
        ``customer_share``, ``spend_recent`` (sum in the last window), ``recent_share`` (share
        of all last-window spend), ``mean_recent`` (per customer) and ``mean_purchases``.

    Examples
    --------
    >>> st = pd.DataFrame({"stage": ["exploration", "stability", "stability", "decline"],
    ...                    "spend_recent": [50.0, 300.0, 100.0, 0.0],
    ...                    "spend_total": [50.0, 900.0, 500.0, 400.0], "purchases": [1, 6, 4, 3]})
    >>> s = stage_summary(st)
    >>> s.loc["stability", ["customers", "recent_share", "mean_recent"]].tolist()
    [2.0, 0.8888888888888888, 200.0]
    >>> int(s.loc["formation", "customers"])
    0
    """
    frame = v.require_columns(stages, ["stage", "spend_recent", "spend_total", "purchases"], "stages")
    v.check_category_column(frame, "stage", "stages", STAGES)
    for c in ("spend_recent", "spend_total", "purchases"):
        v.check_numeric_column(frame, c, "stages", minimum=0)
    grouped = frame.groupby("stage", observed=True)
    out = pd.DataFrame({
        "customers": grouped.size(),
        "spend_recent": grouped["spend_recent"].sum(),
        "mean_purchases": grouped["purchases"].mean(),
    }).reindex(list(STAGES))
    out["customers"] = out["customers"].fillna(0).astype(int)
    out["spend_recent"] = out["spend_recent"].fillna(0.0)
    out["mean_purchases"] = out["mean_purchases"].fillna(0.0)
    total_recent = float(out["spend_recent"].sum())
    out["customer_share"] = out["customers"] / max(int(out["customers"].sum()), 1)
    out["recent_share"] = out["spend_recent"] / total_recent if total_recent > 0 else 0.0
    out["mean_recent"] = (out["spend_recent"] / out["customers"].where(out["customers"] > 0)).fillna(0.0)
    out.index.name = "stage"
    return out[["customers", "customer_share", "spend_recent", "recent_share", "mean_recent", "mean_purchases"]]


def stage_guide() -> pd.DataFrame:
    """What each stage is worth and what service it calls for, in the current language.

    The table follows the textbook description of the four stages (see the module docstring);
    it is a guide for discussion, not a computed result.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> g = stage_guide()
    >>> g.shape, list(g.columns)
    ((4, 4), ['stage', 'value', 'goal', 'service'])
    """
    return pd.DataFrame({
        "stage": [t(f"lifecycle.stage.{s}") for s in STAGES],
        "value": [t(f"lifecycle.guide.value.{s}") for s in STAGES],
        "goal": [t(f"lifecycle.guide.goal.{s}") for s in STAGES],
        "service": [t(f"lifecycle.guide.service.{s}") for s in STAGES],
    })


def stages_over_time(orders: pd.DataFrame, dates: list[str] | list[pd.Timestamp], **kwargs: object) -> pd.DataFrame:
    """How many customers are in each stage on each of several days.

    Parameters
    ----------
    orders : DataFrame
        As for :func:`lifecycle_stages`.
    dates : list of str or Timestamp
        The days to read the stages on (at least one).
    **kwargs
        Passed on to :func:`lifecycle_stages` (window, ratios, column names).

    Returns
    -------
    DataFrame
        One row per day (index ``as_of``), one column per stage in :data:`STAGES` order.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["A", "A"], "date": ["2024-01-05", "2024-02-05"],
    ...                        "amount": [10, 10]})
    >>> stages_over_time(orders, ["2024-01-31", "2024-12-31"]).to_dict("list")
    {'exploration': [1, 0], 'formation': [0, 0], 'stability': [0, 0], 'decline': [0, 1]}
    """
    if len(dates) == 0:
        raise v.CRMInputError(t("lifecycle.error.no_dates"))
    rows = {}
    for day in dates:
        stages = lifecycle_stages(orders, day, **kwargs)  # type: ignore[arg-type]
        rows[pd.Timestamp(day)] = stages["stage"].value_counts().reindex(list(STAGES), fill_value=0)
    out = pd.DataFrame(rows).T.astype(int)
    out.index.name = "as_of"
    out.columns.name = None
    return out
