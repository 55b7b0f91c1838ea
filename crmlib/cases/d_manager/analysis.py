"""The D-manager case (D经理, seed file 003): the analysis of the ledger.

What D-manager works out before changing anything, each step calling the chapter function that
defines the quantity instead of re-deriving it:

- **Customer profitability** for a period (year ``"2024"`` or half-year ``"2024H2"``)::

      profit = gross margin - cost to serve - cost of carrying receivables - bad debt

  :func:`accounts_from_ledger` turns the ledger into one row of accounts per customer (cost to
  serve = sales visits x visit cost + service calls x call cost + orders x order cost; the
  receivable as yuan-days owed in the period; bad debt = written-off amounts of orders placed
  in the period), and :func:`profit_table` hands it to chapter 4's
  :func:`crmlib.compute.value.customer_profitability` for the arithmetic.
- **Lost customers**: chapter 8's :func:`crmlib.compute.churn.purchase_cycles` gives each
  customer's purchase cycle and gap ratio; :func:`detect_lost` flags a customer silent for more
  than ``tolerance`` (2) cycles.
- **Scoring** over sales, volume (units), overdue receivables and purchase cycle (the last two
  lower-is-better) with :func:`crmlib.compute.scoring.weighted_score`, and the top share as
  "top" tier with :func:`crmlib.compute.scoring.top_share_classes` (:func:`classify`).
- **Groups** (key accounts, other old, new), their totals, the service they got, the quality of
  the lost rule, and whether a CRM system pays (:func:`crm_break_even`, with chapter 5's NPV
  and payback from :mod:`crmlib.compute.pipeline`).

The ledger, the unit costs and the policy simulation that uses these results are
:mod:`crmlib.cases.d_manager.model`.

Examples
--------
>>> ledger = load_ledger()
>>> pt = profit_table(ledger["orders"], ledger["service"], "2024")
>>> bool((pt.groupby(customer_groups(ledger))["profit"].sum()["new"]) < 0)
True
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from crmlib import validation as v
from crmlib.cases.d_manager.model import (
    DEFAULT_WEIGHTS,
    DIRECTIONS,
    CostRates,
    check_orders,
    check_service,
    load_ledger,
    period_bounds,
    period_halves,
)
from crmlib.compute import churn, scoring, value
from crmlib.compute.pipeline import npv, payback_period
from crmlib.i18n import t

__all__ = [
    "ACCOUNT_COLUMNS",
    "GROUPS",
    "PROFIT_COLUMNS",
    "accounts_from_ledger",
    "classify",
    "company_profit",
    "criteria_table",
    "crm_break_even",
    "customer_groups",
    "detect_lost",
    "detection_quality",
    "group_summary",
    "load_ledger",
    "lost_report",
    "profit_table",
    "service_per_customer",
]

DEFAULT_RATES = CostRates()
"""The case's unit costs (:class:`crmlib.cases.d_manager.model.CostRates` defaults)."""

GROUPS: tuple[str, ...] = ("key", "old", "new")
"""Customer groups of the case: key accounts (2023's top 20% by sales), other old, new in 2024."""


# --- profitability ----------------------------------------------------------------------------

ACCOUNT_COLUMNS = (
    "sales", "units", "orders", "gross_margin", "sales_visits", "service_calls", "cost_to_serve",
    "avg_receivable", "receivable_yuan_days", "overdue", "bad_debt",
)
PROFIT_COLUMNS = (
    "sales", "units", "orders", "gross_margin", "sales_visits", "service_calls", "cost_to_serve",
    "avg_receivable", "receivable_cost", "overdue", "bad_debt", "profit",
)


def accounts_from_ledger(
    orders: pd.DataFrame,
    service: pd.DataFrame,
    period: str,
    rates: CostRates = DEFAULT_RATES,
) -> pd.DataFrame:
    """Each customer's accounts for ``period`` from the ledger: what the profit arithmetic needs.

    Parameters
    ----------
    orders : pandas.DataFrame
        Columns as in :func:`crmlib.cases.d_manager.model.check_orders`.
    service : pandas.DataFrame
        Sales visits and service calls per customer and half-year
        (:func:`crmlib.cases.d_manager.model.check_service`).
    period : str
        ``"YYYY"`` or ``"YYYYH1"`` / ``"YYYYH2"``.
    rates : CostRates
        Unit costs (visit, call, order) for the cost to serve.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``customer_id`` (every customer with an order, an open receivable or a
        service contact in the period), columns :data:`ACCOUNT_COLUMNS`: ``sales``, ``units``,
        ``orders`` and ``gross_margin`` of orders placed in the period; ``cost_to_serve`` =
        visits x visit cost + calls x call cost + orders x order cost; ``receivable_yuan_days``
        = Σ amount x days owed within the period (an order is owed from its date until paid;
        unpaid, to the period's end); ``avg_receivable`` = that / days in the period;
        ``overdue`` = amount past due and unpaid at the period's end; ``bad_debt`` =
        written-off amounts of orders placed in the period.

    Examples
    --------
    Customer A: 1,000 yuan on 1 January paid after 73 days (73,000 yuan-days) and 500 yuan on
    1 April never paid (owed 91 days to 1 July: 45,500 yuan-days), written off.

    >>> o = pd.DataFrame({"customer_id": ["A", "A"], "order_date": ["2024-01-01", "2024-04-01"],
    ...     "amount": [1000.0, 500.0], "units": [10, 5], "gross_margin": [200.0, 100.0],
    ...     "due_date": ["2024-01-31", "2024-05-01"], "paid_after_days": [73, None],
    ...     "status": ["paid", "written_off"]})
    >>> s = pd.DataFrame({"customer_id": ["A"], "period": ["2024H1"], "sales_visits": [1], "service_calls": [2]})
    >>> a = accounts_from_ledger(o, s, "2024H1", CostRates(visit=100, call=10, order=5)).loc["A"]
    >>> [float(a[c]) for c in ("cost_to_serve", "receivable_yuan_days", "overdue", "bad_debt")]
    [130.0, 118500.0, 500.0, 500.0]
    """
    rates = rates.checked()
    o = check_orders(orders)
    s = check_service(service)
    start, end = period_bounds(period)
    days_in_period = (end - start).days + 1
    in_period = (o["order_date"] >= start) & (o["order_date"] <= end)
    # receivables: each order is owed from its date until paid (or, if unpaid, beyond the period)
    owed_from = o["order_date"].clip(lower=start)
    settle = o["paid_date"].fillna(end + pd.Timedelta(days=1))
    owed_to = settle.clip(upper=end + pd.Timedelta(days=1))
    owed_days = (owed_to - owed_from).dt.days.clip(lower=0).astype(float)
    receivable_yuan_days = o["amount"] * owed_days
    unpaid_at_end = (o["order_date"] <= end) & (o["paid_date"].isna() | (o["paid_date"] > end))
    overdue = o["amount"].where(unpaid_at_end & (o["due_date"] < end), 0.0)
    frame = pd.DataFrame(
        {
            "customer_id": o["customer_id"],
            "sales": o["amount"].where(in_period, 0.0),
            "units": o["units"].where(in_period, 0.0),
            "orders": in_period.astype(float),
            "gross_margin": o["gross_margin"].where(in_period, 0.0),
            "receivable_yuan_days": receivable_yuan_days,
            "overdue": overdue,
            "bad_debt": o["amount"].where(in_period & (o["status"] == "written_off"), 0.0),
            "touched": in_period | (receivable_yuan_days > 0),
        }
    )
    frame = frame[frame["touched"]]
    per = frame.drop(columns="touched").groupby("customer_id", sort=True).sum()
    svc = s[s["period"].isin(period_halves(period))].groupby("customer_id", sort=True)[["sales_visits", "service_calls"]].sum()
    out = per.join(svc, how="outer").fillna(0.0)
    out["cost_to_serve"] = (
        out["sales_visits"] * rates.visit + out["service_calls"] * rates.call + out["orders"] * rates.order
    )
    out["avg_receivable"] = out["receivable_yuan_days"] / days_in_period
    out.index.name = "customer_id"
    return out[list(ACCOUNT_COLUMNS)]


def profit_table(
    orders: pd.DataFrame,
    service: pd.DataFrame,
    period: str,
    rates: CostRates = DEFAULT_RATES,
) -> pd.DataFrame:
    """Profit of each customer in ``period``: gross margin − cost to serve − receivables − bad debt.

    The accounts come from :func:`accounts_from_ledger`; the arithmetic is chapter 4's
    :func:`crmlib.compute.value.customer_profitability` (receivable cost from the yuan-days at
    ``rates.interest``, rounded to the fen).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``customer_id``, columns :data:`PROFIT_COLUMNS` (the accounts with
        ``receivable_cost`` and ``profit`` instead of ``receivable_yuan_days``).

    Examples
    --------
    The customer of :func:`accounts_from_ledger`: 118,500 yuan-days at 3.65% a year cost
    118,500 × 0.0365 / 365 = 11.85 yuan; profit = 300 − 130 − 11.85 − 500 = −341.85.

    >>> o = pd.DataFrame({"customer_id": ["A", "A"], "order_date": ["2024-01-01", "2024-04-01"],
    ...     "amount": [1000.0, 500.0], "units": [10, 5], "gross_margin": [200.0, 100.0],
    ...     "due_date": ["2024-01-31", "2024-05-01"], "paid_after_days": [73, None],
    ...     "status": ["paid", "written_off"]})
    >>> s = pd.DataFrame({"customer_id": ["A"], "period": ["2024H1"], "sales_visits": [1], "service_calls": [2]})
    >>> r = CostRates(visit=100, call=10, order=5, interest=0.0365)
    >>> p = profit_table(o, s, "2024H1", r).loc["A"]
    >>> float(p["cost_to_serve"]), float(p["receivable_cost"]), float(p["bad_debt"]), float(p["profit"])
    (130.0, 11.85, 500.0, -341.85)
    """
    rates = rates.checked()
    acc = accounts_from_ledger(orders, service, period, rates)
    if acc.empty:
        return pd.DataFrame(columns=list(PROFIT_COLUMNS), index=acc.index, dtype=float)
    accounts = pd.DataFrame(
        {
            "customer": acc.index,
            "revenue": acc["sales"].to_numpy(),
            "margin": acc["gross_margin"].to_numpy(),
            "cost_to_serve": acc["cost_to_serve"].to_numpy(),
            "receivable_yuan_days": acc["receivable_yuan_days"].to_numpy(),
            "bad_debt": acc["bad_debt"].to_numpy(),
        }
    )
    profit = value.customer_profitability(accounts, rates.interest, decimals=2).set_index("customer")
    out = acc.assign(receivable_cost=profit["receivable_cost"], profit=profit["profit"])
    return out[list(PROFIT_COLUMNS)]


_SIGNED = ("gross_margin", "profit")
"""Columns of a profitability table that may be negative (a loss-making customer)."""


def _check_profit_table(profit_table: pd.DataFrame, columns: tuple[str, ...] = PROFIT_COLUMNS) -> pd.DataFrame:
    """Check a profitability table: the columns present, numbers, finite, not negative but for ``_SIGNED``."""
    v.require_columns(profit_table, columns, "profit_table")
    for col in columns:
        v.check_numeric_column(profit_table, col, "profit_table", minimum=None if col in _SIGNED else 0)
    return profit_table


def company_profit(profit_table: pd.DataFrame, rates: CostRates = DEFAULT_RATES, halves: int = 1) -> dict[str, float]:
    """Totals of a profitability table, less ``halves`` half-years of overhead.

    Examples
    --------
    >>> tbl = pd.DataFrame({c: [1.0, 2.0] for c in PROFIT_COLUMNS})
    >>> company_profit(tbl, CostRates(overhead=1.0))["profit"]
    2.0
    """
    _check_profit_table(profit_table)
    halves = v.check_count(halves, "halves", minimum=1)
    cols = ["sales", "units", "gross_margin", "cost_to_serve", "receivable_cost", "bad_debt"]
    out = {c: float(profit_table[c].sum()) for c in cols}
    out["overhead"] = rates.checked().overhead * halves
    out["profit"] = float(profit_table["profit"].sum()) - out["overhead"]
    return out


# --- lost customers ------------------------------------------------------------------------

def detect_lost(cycles: pd.DataFrame, tolerance: float = 2.0, min_orders: int = 3) -> pd.Series:
    """Flag customers silent for more than ``tolerance`` purchase cycles (``gap_ratio > tolerance``).

    ``cycles`` is chapter 8's :func:`crmlib.compute.churn.purchase_cycles` of the orders
    (``date="order_date"``). A rule of thumb, not a law: a customer with a regular rhythm who has
    been silent for two usual gaps has probably switched supplier. Customers with fewer than
    ``min_orders`` orders have no reliable rhythm and are never flagged.

    Why 2 cycles here and 1.5 / 2.5 in chapter 8's
    :func:`crmlib.compute.churn.purchase_gap_alerts`? Both are rules of thumb on the same gap
    ratio, chosen for different purposes: chapter 8 raises *early warnings* (yellow, then red)
    while the customer can still be kept; the case decides which key accounts are *already
    lost*, to count the damage and plan the win-back, so it uses one cut between the two.

    Examples
    --------
    >>> cyc = pd.DataFrame({"purchases": [10, 10, 2], "days_since": [50, 20, 300],
    ...                     "cycle_days": [20.0, 15.0, 30.0]}, index=["A", "B", "C"])
    >>> detect_lost(cyc).tolist()
    [True, False, False]
    """
    v.require_columns(cycles, ["purchases", "days_since", "cycle_days"], "cycles")
    for col in ("purchases", "days_since", "cycle_days"):  # cycle_days is missing for one-time buyers
        v.check_numeric_column(cycles, col, "cycles", minimum=0, allow_missing=col == "cycle_days")
    tolerance = v.check_positive(tolerance, "tolerance")
    min_orders = v.check_count(min_orders, "min_orders", minimum=2)
    lost = (cycles["purchases"] >= min_orders) & (cycles["days_since"] > tolerance * cycles["cycle_days"])
    return lost.astype(bool).rename("lost")


# --- scoring ----------------------------------------------------------------------------------

def criteria_table(profit_table: pd.DataFrame, cycles: pd.DataFrame) -> pd.DataFrame:
    """The case's four criteria per customer: sales, units, overdue (+ bad debt), cycle days.

    Customers with one order have no cycle yet; they get the longest cycle seen (the worst
    value), so they are neither rewarded nor dropped.

    Examples
    --------
    >>> pt = pd.DataFrame({"sales": [9.0, 1.0], "units": [3.0, 1.0], "overdue": [0.0, 2.0],
    ...                    "bad_debt": [0.0, 1.0]}, index=["A", "B"])
    >>> import numpy as np
    >>> cyc = pd.DataFrame({"cycle_days": [15.0, np.nan]}, index=["A", "B"])
    >>> criteria_table(pt, cyc)["cycle_days"].tolist(), criteria_table(pt, cyc)["overdue"].tolist()
    ([15.0, 15.0], [0.0, 3.0])
    """
    _check_profit_table(profit_table, ("sales", "units", "overdue", "bad_debt"))
    v.check_numeric_column(cycles, "cycle_days", "cycles", minimum=0, allow_missing=True)  # one-time buyers: no cycle
    cycle = cycles["cycle_days"].reindex(profit_table.index)
    fill = float(cycle.max()) if cycle.notna().any() else 0.0
    return pd.DataFrame(
        {
            "sales": profit_table["sales"],
            "units": profit_table["units"],
            "overdue": profit_table["overdue"] + profit_table["bad_debt"],
            "cycle_days": cycle.fillna(fill),
        },
        index=profit_table.index,
    )


def classify(
    criteria: pd.DataFrame,
    weights: Mapping[str, float] | None = None,
    top_share: float = 0.2,
    method: str = "minmax",
) -> pd.DataFrame:
    """Weighted score over the case's criteria and the top-share tier ("top" / "rest").

    Examples
    --------
    >>> crit = pd.DataFrame({"sales": [900.0, 100.0, 300.0, 50.0, 10.0], "units": [90, 10, 30, 5, 1],
    ...     "overdue": [0.0, 0.0, 500.0, 0.0, 0.0], "cycle_days": [10.0, 30.0, 20.0, 60.0, 90.0]},
    ...     index=list("ABCDE"))
    >>> classify(crit)["tier"].tolist()
    ['top', 'rest', 'rest', 'rest', 'rest']
    """
    w = dict(DEFAULT_WEIGHTS if weights is None else weights)
    v.require_columns(criteria, [c for c in w if c in DIRECTIONS], "criteria")
    for col in (c for c in w if c in DIRECTIONS):  # amounts, units and days: none can be negative
        v.check_numeric_column(criteria, col, "criteria", minimum=0)
    score = scoring.weighted_score(criteria, w, {c: DIRECTIONS[c] for c in w if c in DIRECTIONS}, method, "criteria")
    tier = scoring.top_share_classes(score, (v.check_rate(top_share, "top_share"),), ("top", "rest"))
    return pd.DataFrame({"score": score, "tier": tier}, index=criteria.index)


# --- groups, lost customers, detection quality, CRM break-even --------------------------------

def customer_groups(ledger: Mapping[str, pd.DataFrame], key_share: float = 0.2) -> pd.Series:
    """Label each customer ``key`` (top ``key_share`` of 2023 customers by sales), ``old`` or ``new``.

    Examples
    --------
    >>> g = customer_groups(load_ledger())
    >>> g.value_counts().sort_index().to_dict()
    {'key': 24, 'new': 400, 'old': 96}
    """
    if not isinstance(ledger, Mapping) or "orders" not in ledger or "customers" not in ledger:
        raise v.CRMInputError(t("error.missing_columns", table="ledger", missing="orders, customers", required="orders, customers"))
    customers = ledger["customers"]
    v.require_columns(customers, ["customer_id", "cohort"], "customers")
    v.check_id_column(customers, "customer_id", "customers")
    v.check_category_column(customers, "cohort", "customers", ["old", "new"])
    o = check_orders(ledger["orders"])
    y0 = o[o["order_date"].dt.year == 2023].groupby("customer_id")["amount"].sum()
    if y0.empty:
        raise v.CRMInputError(t("error.empty_table", table="orders (2023)"))
    tiers = scoring.top_share_classes(y0, (v.check_rate(key_share, "key_share"),), ("key", "old"))
    out = pd.Series(customers["cohort"].astype(str).to_numpy(), index=customers["customer_id"].astype(str), name="group")
    out.loc[tiers.index[tiers == "key"]] = "key"
    return out


def group_summary(profit_table: pd.DataFrame, groups: pd.Series) -> pd.DataFrame:
    """Totals per group and each group's share of customers, sales and profit.

    Examples
    --------
    >>> pt = pd.DataFrame({c: [1.0, 3.0] for c in PROFIT_COLUMNS}, index=["A", "B"])
    >>> group_summary(pt, pd.Series({"A": "x", "B": "y"}))["profit_share"].tolist()
    [0.25, 0.75]
    """
    _check_profit_table(profit_table)
    g = pd.Series(groups).reindex(profit_table.index)
    if g.isna().any():
        raise v.CRMInputError(t("error.column_missing_values", table="groups", column="group", count=int(g.isna().sum()), row=g.index[g.isna()][0]))
    cols = ["sales", "gross_margin", "cost_to_serve", "receivable_cost", "bad_debt", "profit"]
    out = profit_table[cols].groupby(g.to_numpy(), sort=False).sum()
    out.insert(0, "customers", profit_table.groupby(g.to_numpy(), sort=False).size())
    out["customer_share"] = out["customers"] / out["customers"].sum()
    out["sales_share"] = out["sales"] / out["sales"].sum()
    out["profit_share"] = out["profit"] / out["profit"].sum()
    order = [x for x in (*GROUPS, "top", "rest") if x in out.index] + [x for x in out.index if x not in (*GROUPS, "top", "rest")]
    out.index.name = "group"
    return out.loc[order]


def service_per_customer(ledger: Mapping[str, pd.DataFrame], groups: pd.Series) -> pd.DataFrame:
    """Average sales visits and service calls per customer served, by group and half-year.

    Examples
    --------
    >>> L = load_ledger()
    >>> tbl = service_per_customer(L, customer_groups(L))
    >>> bool(tbl.loc[("key", "2024H2"), "sales_visits"] < tbl.loc[("key", "2023H2"), "sales_visits"])
    True
    """
    s = check_service(ledger["service"])
    g = pd.Series(groups)
    s = s.assign(group=s["customer_id"].map(g))
    out = s.groupby(["group", "period"], sort=True)[["sales_visits", "service_calls"]].mean()
    out["customers"] = s.groupby(["group", "period"], sort=True).size()
    return out


def lost_report(ledger: Mapping[str, pd.DataFrame], as_of: str = "2024-12-31", tolerance: float = 2.0) -> pd.DataFrame:
    """Customers flagged lost on ``as_of``, with their group, rhythm and 2023 sales, largest first.

    The cycles are chapter 8's :func:`crmlib.compute.churn.purchase_cycles`, the rule
    :func:`detect_lost`. ``left_2024`` (the simulator's truth) is joined when the ledger has
    it, to check the rule.

    Examples
    --------
    >>> rep = lost_report(load_ledger())
    >>> list(rep.columns)
    ['group', 'purchases', 'cycle_days', 'last_purchase', 'days_since', 'gap_ratio', 'sales_2023', 'left_2024']
    """
    groups = customer_groups(ledger)
    o = check_orders(ledger["orders"])
    cyc = churn.purchase_cycles(o, as_of, date="order_date")
    lost = detect_lost(cyc, tolerance)
    rep = cyc[lost].copy()
    rep.insert(0, "group", groups.reindex(rep.index))
    rep["sales_2023"] = o[o["order_date"].dt.year == 2023].groupby("customer_id")["amount"].sum().reindex(rep.index).fillna(0.0)
    customers = ledger["customers"]
    if "left_2024" in customers.columns:
        rep["left_2024"] = customers.set_index("customer_id")["left_2024"].astype(bool).reindex(rep.index, fill_value=False)
    cols = ["group", "purchases", "cycle_days", "last_purchase", "days_since", "gap_ratio", "sales_2023"]
    cols += ["left_2024"] if "left_2024" in rep.columns else []
    return rep[cols].sort_values("sales_2023", ascending=False, kind="stable")


def detection_quality(flagged: pd.Series, truth: pd.Series) -> dict[str, float]:
    """Precision (flagged who really left) and recall (leavers who were flagged) of a lost rule.

    Examples
    --------
    >>> detection_quality(pd.Series([True, True, False, False]), pd.Series([True, False, True, False]))
    {'flagged': 2, 'left': 2, 'hits': 1, 'precision': 0.5, 'recall': 0.5}
    """
    f = _check_flags(flagged, "flagged")
    tr = _check_flags(truth, "truth").reindex(f.index, fill_value=False)
    hits = int((f & tr).sum())
    return {
        "flagged": int(f.sum()),
        "left": int(tr.sum()),
        "hits": hits,
        "precision": round(hits / int(f.sum()), 4) if f.any() else float("nan"),
        "recall": round(hits / int(tr.sum()), 4) if tr.any() else float("nan"),
    }


def _check_flags(values: object, name: str) -> pd.Series:
    """``values`` as a boolean Series, or raise naming ``name`` (each must be True/False or 1/0)."""
    s = pd.Series(values)
    if s.empty:
        raise v.CRMInputError(t("error.values_empty", name=name))
    ok = s.isin([True, False]) & s.notna()  # 1 == True and 0 == False: 1/0 are accepted
    if not ok.all():
        row = s.index[~ok.to_numpy()][0]
        raise v.CRMInputError(t("error.not_flag", name=name, row=row, value=s.loc[row]))
    return s.astype(bool)


def crm_break_even(
    gain_per_year: float,
    investment: float,
    running_cost: float,
    shares: tuple[float, ...] = (0.1, 0.25, 0.5, 1.0),
    years: int = 5,
    discount_rate: float = 0.08,
) -> pd.DataFrame:
    """Does a CRM system pay? NPV and payback if it secures a given share of a yearly gain.

    The analysis in this case can be done once in a spreadsheet; a system pays when it keeps
    the classification, the alerts and the service rules running. If the system is credited
    with ``share`` of ``gain_per_year``, its yearly net benefit is ``share * gain - running_cost``.

    Examples
    --------
    >>> tbl = crm_break_even(1_000_000, 600_000, 100_000, shares=(0.5,), years=3, discount_rate=0.0)
    >>> tbl[["net_benefit", "npv", "payback_years"]].values.tolist()
    [[400000.0, 600000.0, 1.5]]
    """
    gain = v.check_nonnegative(gain_per_year, "gain_per_year")
    inv = v.check_nonnegative(investment, "investment")
    run = v.check_nonnegative(running_cost, "running_cost")
    years = v.check_count(years, "years", minimum=1)
    rows = []
    for i, s in enumerate(shares):
        s = v.check_rate(s, f"shares[{i}]")
        net = s * gain - run
        rows.append((s, net, npv(inv, [net] * years, discount_rate), payback_period(inv, [net] * years, discount_rate)))
    return pd.DataFrame(rows, columns=["share", "net_benefit", "npv", "payback_years"])
