"""The D-manager case (D经理, seed file 003): customer profitability, lost key customers, and the
profit turnaround of a value-based classification.

The story: an electronics distributor grows busy, hires more sales and service staff and signs
up many small new customers; a year later profit is *lower* than the year before although sales
grew. The small customers bought little but needed much selling and service work and some did
not pay; key customers, neglected in the rush, quietly left. D-manager then ranks customers by
sales amount, volume, receivables and purchase cycle, gives the top 20% special service, tries to
win back the lost key customers and serves everyone else through a standard low-cost process;
half a year later profit has recovered.

The model here:

- **Customer profitability** for a period (year ``"2024"`` or half-year ``"2024H2"``)::

      profit = gross margin - cost to serve - cost of carrying receivables - bad debt

  cost to serve = sales visits x visit cost + service calls x call cost + orders x order cost;
  carrying cost = amount x days outstanding in the period / 365 x interest rate; bad debt =
  written-off amounts, booked in the period of the order.
- **Purchase cycles and lost customers**: a customer whose days since the last order exceed
  ``tolerance`` times their usual gap (median days between orders) is flagged as lost.
- **Scoring** over sales, volume (units), overdue receivables and purchase cycle (the last two
  lower-is-better) with :func:`crmlib.compute.scoring.weighted_score`, and the top share as "top" tier.
- **Turnaround**: the actual half-years 2023H1–2024H2 from the ledger, then 2025H1 twice: the
  status quo (2024H2 repeated) and the new policy.

Examples
--------
>>> from crmlib.datasets.synth.d_manager import generate
>>> ledger = generate()
>>> table = turnaround(ledger)
>>> bool(table.loc["2024", "sales"] > table.loc["2023", "sales"])
True
>>> bool(table.loc["2024", "profit"] < table.loc["2023", "profit"])
True
>>> bool(table.loc["2025H1 policy", "profit"] > table.loc["2025H1 status quo", "profit"])
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache

import pandas as pd

from crmlib import validation as v
from crmlib.compute import scoring
from crmlib.i18n import t

CRITERIA: tuple[str, ...] = ("sales", "units", "overdue", "cycle_days")
"""The four criteria of the case: sales amount, volume, receivables (overdue), purchase cycle."""
DIRECTIONS: dict[str, str] = {"sales": "higher", "units": "higher", "overdue": "lower", "cycle_days": "lower"}
DEFAULT_WEIGHTS: dict[str, float] = {"sales": 0.4, "units": 0.2, "overdue": 0.2, "cycle_days": 0.2}
"""Illustrative default weights (the case gives none): sales counts double."""

ORDER_COLUMNS = ("customer_id", "order_date", "amount", "units", "gross_margin", "due_date", "paid_after_days", "status")
SERVICE_COLUMNS = ("customer_id", "period", "sales_visits", "service_calls")
STATUSES = ("paid", "open", "written_off")


@dataclass(frozen=True)
class CostRates:
    """Unit costs of the case (yuan); invented but of a plausible size for a small distributor.

    Attributes
    ----------
    visit : float
        Fully loaded cost of one sales visit (staff time, travel).
    call : float
        Cost of one service call.
    order : float
        Cost of processing and delivering one order.
    interest : float
        Annual cost of capital tied up in receivables (a rate in [0, 1]).
    overhead : float
        Fixed costs per half-year not traced to customers (rent, management, systems).
    """

    visit: float = 400.0
    call: float = 50.0
    order: float = 120.0
    interest: float = 0.08
    overhead: float = 700_000.0

    def checked(self) -> CostRates:
        """Return self after validating every rate (non-negative; interest a rate in [0, 1])."""
        for name in ("visit", "call", "order", "overhead"):
            v.check_nonnegative(getattr(self, name), f"rates.{name}")
        v.check_rate(self.interest, "rates.interest")
        return self


@dataclass(frozen=True)
class Policy:
    """D-manager's new policy for the next half-year (all costs per customer per half-year, yuan).

    Attributes
    ----------
    weights : mapping
        Criterion weights for :data:`CRITERIA` (non-negative, summing to 1).
    top_share : float
        Share of active customers who get special service (the case's 20%).
    top_service_cost : float
        Cost of the special service per top customer (dedicated account manager, visits).
    standard_service_cost : float
        Cost of the standard low-cost service per other customer (hotline, standard process).
    winback_rate : float
        Probability that a lost key customer comes back after the personalised offer.
    winback_cost : float
        Cost of the win-back effort per lost key customer approached (paid whatever the outcome).
    winback_level : float
        Share of their earlier half-year gross margin a won-back customer brings.
    top_uplift : float
        Growth (>= 0) of top customers' business under special service (a bigger share of
        their purchases).
    rest_attrition : float
        Share of the other customers' business lost when their service becomes standard.
    credit_control : float
        Share of bad debt avoided by standard credit checks for the other customers.
    tolerance : float
        A customer is lost when days since the last order exceed ``tolerance`` x usual gap.
    """

    weights: Mapping[str, float] = None  # type: ignore[assignment]
    top_share: float = 0.2
    top_service_cost: float = 4500.0
    standard_service_cost: float = 600.0
    winback_rate: float = 0.5
    winback_cost: float = 6000.0
    winback_level: float = 0.8
    top_uplift: float = 0.05
    rest_attrition: float = 0.05
    credit_control: float = 0.5
    tolerance: float = 2.0

    def checked(self) -> Policy:
        """Return a copy with validated values and the default weights filled in."""
        weights = v.check_weights(dict(self.weights if self.weights is not None else DEFAULT_WEIGHTS), "weights")
        for name in ("top_share", "winback_rate", "winback_level", "rest_attrition", "credit_control"):
            v.check_rate(getattr(self, name), name)
        for name in ("top_service_cost", "standard_service_cost", "winback_cost", "top_uplift"):
            v.check_nonnegative(getattr(self, name), name)
        v.check_positive(self.tolerance, "tolerance")
        return replace(self, weights=weights)


# --- periods and input checks ---------------------------------------------------------------

def period_bounds(period: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of a year ``"2024"`` or half-year ``"2024H1"`` / ``"2024H2"``.

    Examples
    --------
    >>> [d.date().isoformat() for d in period_bounds("2024H2")]
    ['2024-07-01', '2024-12-31']
    """
    text = str(period)
    ok = (len(text) == 4 and text.isdigit()) or (len(text) == 6 and text[:4].isdigit() and text[4:] in ("H1", "H2"))
    if not ok:
        raise v.CRMInputError(t("error.choice", name="period", allowed="YYYY, YYYYH1, YYYYH2", value=period))
    year = int(text[:4])
    if len(text) == 4:
        return pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
    if text.endswith("H1"):
        return pd.Timestamp(year, 1, 1), pd.Timestamp(year, 6, 30)
    return pd.Timestamp(year, 7, 1), pd.Timestamp(year, 12, 31)


def _halves(period: str) -> list[str]:
    return [f"{period}H1", f"{period}H2"] if len(str(period)) == 4 else [str(period)]


def check_orders(orders: pd.DataFrame, table: str = "orders") -> pd.DataFrame:
    """Validate an orders table and return a clean copy with parsed dates and a ``paid_date``.

    Required columns: ``customer_id, order_date, amount, units, gross_margin, due_date,
    paid_after_days, status``. Amounts and units must not be negative; ``paid_after_days`` may be
    missing (unpaid) but not negative; ``status`` is paid / open / written_off.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> bad = pd.DataFrame({"customer_id": ["A"], "order_date": ["2024-01-05"], "amount": [-5.0]})
    >>> check_orders(bad)
    Traceback (most recent call last):
    ...
    crmlib.validation.CRMInputError: table orders is missing column(s) units, gross_margin, due_date, paid_after_days, status; required columns: customer_id, order_date, amount, units, gross_margin, due_date, paid_after_days, status.
    """
    v.require_columns(orders, ORDER_COLUMNS, table)
    out = orders[list(ORDER_COLUMNS)].copy()
    out["order_date"] = v.check_date_column(out, "order_date", table)
    out["due_date"] = v.check_date_column(out, "due_date", table)
    out["amount"] = v.check_numeric_column(out, "amount", table, minimum=0)
    out["units"] = v.check_numeric_column(out, "units", table, minimum=0)
    out["gross_margin"] = v.check_numeric_column(out, "gross_margin", table)
    out["paid_after_days"] = v.check_numeric_column(out, "paid_after_days", table, minimum=0, allow_missing=True)
    v.check_category_column(out, "status", table, STATUSES)
    out["status"] = out["status"].astype(str)
    out["customer_id"] = out["customer_id"].astype(str)
    out["paid_date"] = out["order_date"] + pd.to_timedelta(out["paid_after_days"], unit="D")
    return out


def check_service(service: pd.DataFrame, table: str = "service") -> pd.DataFrame:
    """Validate a service-contact table (``customer_id, period, sales_visits, service_calls``).

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> check_service(pd.DataFrame({"customer_id": ["A"], "period": ["2024H1"], "sales_visits": [-1], "service_calls": [0]}))
    Traceback (most recent call last):
    ...
    crmlib.validation.CRMInputError: column sales_visits of table service has 1 negative value(s) (e.g. row 0: -1.0); it must not be negative.
    """
    v.require_columns(service, SERVICE_COLUMNS, table)
    out = service[list(SERVICE_COLUMNS)].copy()
    for col in ("sales_visits", "service_calls"):
        out[col] = v.check_numeric_column(out, col, table, minimum=0)
    out["customer_id"] = out["customer_id"].astype(str)
    out["period"] = out["period"].astype(str)
    return out


# --- profitability ----------------------------------------------------------------------------

PROFIT_COLUMNS = (
    "sales", "units", "orders", "gross_margin", "sales_visits", "service_calls", "cost_to_serve",
    "avg_receivable", "receivable_cost", "overdue", "bad_debt", "profit",
)


def customer_profitability(
    orders: pd.DataFrame,
    service: pd.DataFrame,
    period: str,
    rates: CostRates = CostRates(),
) -> pd.DataFrame:
    """Profit of each customer in ``period``: gross margin − cost to serve − receivables − bad debt.

    Parameters
    ----------
    orders : pandas.DataFrame
        Columns as in :func:`check_orders`.
    service : pandas.DataFrame
        Sales visits and service calls per customer and half-year (:func:`check_service`).
    period : str
        ``"YYYY"`` or ``"YYYYH1"`` / ``"YYYYH2"``.
    rates : CostRates
        Unit costs and the interest rate.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``customer_id`` (every customer with an order, an open receivable or a
        service contact in the period), columns :data:`PROFIT_COLUMNS`:
        ``avg_receivable`` = average amount owed over the period, ``receivable_cost`` = its
        cost at ``rates.interest``, ``overdue`` = amount past due and unpaid at the period's end,
        ``bad_debt`` = written-off amounts of orders placed in the period.

    Examples
    --------
    >>> o = pd.DataFrame({"customer_id": ["A", "A"], "order_date": ["2024-01-01", "2024-04-01"],
    ...     "amount": [1000.0, 500.0], "units": [10, 5], "gross_margin": [200.0, 100.0],
    ...     "due_date": ["2024-01-31", "2024-05-01"], "paid_after_days": [73, None],
    ...     "status": ["paid", "written_off"]})
    >>> s = pd.DataFrame({"customer_id": ["A"], "period": ["2024H1"], "sales_visits": [1], "service_calls": [2]})
    >>> r = CostRates(visit=100, call=10, order=5, interest=0.0365)
    >>> p = customer_profitability(o, s, "2024H1", r).loc["A"]
    >>> float(p["cost_to_serve"]), float(p["receivable_cost"]), float(p["bad_debt"]), float(p["profit"])
    (130.0, 11.85, 500.0, -341.85)
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
    svc = s[s["period"].isin(_halves(period))].groupby("customer_id", sort=True)[["sales_visits", "service_calls"]].sum()
    out = per.join(svc, how="outer").fillna(0.0)
    out["cost_to_serve"] = (
        out["sales_visits"] * rates.visit + out["service_calls"] * rates.call + out["orders"] * rates.order
    )
    out["avg_receivable"] = out["receivable_yuan_days"] / days_in_period
    out["receivable_cost"] = (out["receivable_yuan_days"] / 365.0 * rates.interest).round(2)
    out["profit"] = out["gross_margin"] - out["cost_to_serve"] - out["receivable_cost"] - out["bad_debt"]
    out.index.name = "customer_id"
    return out[list(PROFIT_COLUMNS)]


def company_profit(profit_table: pd.DataFrame, rates: CostRates = CostRates(), halves: int = 1) -> dict[str, float]:
    """Totals of a profitability table, less ``halves`` half-years of overhead.

    Examples
    --------
    >>> tbl = pd.DataFrame({c: [1.0, 2.0] for c in PROFIT_COLUMNS})
    >>> company_profit(tbl, CostRates(overhead=1.0))["profit"]
    2.0
    """
    v.require_columns(profit_table, PROFIT_COLUMNS, "profit_table")
    halves = v.check_count(halves, "halves", minimum=1)
    cols = ["sales", "units", "gross_margin", "cost_to_serve", "receivable_cost", "bad_debt"]
    out = {c: float(profit_table[c].sum()) for c in cols}
    out["overhead"] = rates.checked().overhead * halves
    out["profit"] = float(profit_table["profit"].sum()) - out["overhead"]
    return out


# --- purchase cycles and lost customers -------------------------------------------------------

def purchase_cycles(orders: pd.DataFrame, as_of: str | pd.Timestamp) -> pd.DataFrame:
    """Each customer's usual purchase cycle and how overdue the next order is on ``as_of``.

    Only orders on or before ``as_of`` count. ``cycle_days`` is the median gap between
    consecutive order dates (missing with fewer than two orders); ``overdue_ratio`` =
    ``days_since_last / cycle_days``.

    Examples
    --------
    >>> o = pd.DataFrame({"customer_id": ["A"] * 3 + ["B"], "order_date": ["2024-01-01", "2024-01-11",
    ...     "2024-01-31", "2024-01-20"], "amount": 1.0, "units": 1, "gross_margin": 0.1,
    ...     "due_date": "2024-03-01", "paid_after_days": 1, "status": "paid"})
    >>> cyc = purchase_cycles(o, "2024-03-01")
    >>> [float(x) for x in cyc.loc["A", ["orders", "cycle_days", "days_since_last", "overdue_ratio"]]]
    [3.0, 15.0, 30.0, 2.0]
    >>> bool(pd.isna(cyc.loc["B", "cycle_days"]))
    True
    """
    o = check_orders(orders)
    as_of = pd.Timestamp(as_of)
    o = o[o["order_date"] <= as_of]
    if o.empty:
        raise v.CRMInputError(t("error.empty_table", table=f"orders (<= {as_of.date()})"))
    dates = o[["customer_id", "order_date"]].drop_duplicates().sort_values(["customer_id", "order_date"])
    gaps = dates.groupby("customer_id")["order_date"].diff().dt.days
    g = dates.assign(gap=gaps).groupby("customer_id", sort=True)
    out = pd.DataFrame(
        {
            "orders": o.groupby("customer_id", sort=True).size(),
            "first_order": g["order_date"].min(),
            "last_order": g["order_date"].max(),
            "cycle_days": g["gap"].median(),
        }
    )
    out["days_since_last"] = (as_of - out["last_order"]).dt.days
    out["overdue_ratio"] = out["days_since_last"] / out["cycle_days"]
    out.index.name = "customer_id"
    return out


def detect_lost(cycles: pd.DataFrame, tolerance: float = 2.0, min_orders: int = 3) -> pd.Series:
    """Flag customers whose next order is overdue by more than ``tolerance`` purchase cycles.

    A rule of thumb, not a law: a customer with a regular rhythm who has been silent for two
    usual gaps has probably switched supplier. Customers with fewer than ``min_orders`` orders
    have no reliable rhythm and are never flagged.

    Examples
    --------
    >>> cyc = pd.DataFrame({"orders": [10, 10, 2], "days_since_last": [50, 20, 300],
    ...                     "cycle_days": [20.0, 15.0, 30.0]}, index=["A", "B", "C"])
    >>> detect_lost(cyc).tolist()
    [True, False, False]
    """
    v.require_columns(cycles, ["orders", "days_since_last", "cycle_days"], "cycles")
    tolerance = v.check_positive(tolerance, "tolerance")
    min_orders = v.check_count(min_orders, "min_orders", minimum=2)
    lost = (cycles["orders"] >= min_orders) & (cycles["days_since_last"] > tolerance * cycles["cycle_days"])
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
    v.require_columns(profit_table, ["sales", "units", "overdue", "bad_debt"], "profit_table")
    v.require_columns(cycles, ["cycle_days"], "cycles")
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
    score = scoring.weighted_score(criteria, w, {c: DIRECTIONS[c] for c in w if c in DIRECTIONS}, method, "criteria")
    tier = scoring.top_share_classes(score, (v.check_rate(top_share, "top_share"),), ("top", "rest"))
    return pd.DataFrame({"score": score, "tier": tier}, index=criteria.index)


# --- the turnaround ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Prepared:
    """Everything the simulation needs that does not depend on the policy (computed once)."""

    halves: pd.DataFrame  # actual company figures per half-year
    base: pd.DataFrame  # 2024H2 profitability of the customers still active (the run-rate)
    criteria_y1: pd.DataFrame  # criteria over 2024 for the active customers
    criteria_y0: pd.DataFrame  # criteria over 2023 (to know who the key customers were)
    lost: pd.Series  # detected lost at the end of 2024, by customer
    before_y0: pd.DataFrame  # 2023 profitability (half-year averages), for won-back customers
    key_loss_rate: float  # share of 2023's top-20%-by-sales customers lost per half-year in 2024
    rates: CostRates


def prepare(ledger: Mapping[str, pd.DataFrame], rates: CostRates = CostRates(), tolerance: float = 2.0) -> Prepared:
    """Compute the policy-independent parts of the turnaround from a ledger.

    Parameters
    ----------
    ledger : mapping with ``orders`` and ``service`` tables
        As made by :func:`crmlib.datasets.synth.d_manager.generate` or read by :func:`load_ledger`
        (2023 and 2024).
    rates : CostRates
    tolerance : float
        Purchase cycles of silence after which a customer counts as lost.

    Examples
    --------
    >>> from crmlib.datasets.synth.d_manager import generate
    >>> p = prepare(generate(seed=1, n_key=4, n_old=10, n_new=30))
    >>> list(p.halves.index)
    ['2023H1', '2023H2', '2024H1', '2024H2']
    """
    if not isinstance(ledger, Mapping) or "orders" not in ledger or "service" not in ledger:
        raise v.CRMInputError(t("error.missing_columns", table="ledger", missing="orders, service", required="orders, service"))
    rates = rates.checked()
    orders, service = ledger["orders"], ledger["service"]
    halves = {}
    for period in ("2023H1", "2023H2", "2024H1", "2024H2"):
        halves[period] = company_profit(customer_profitability(orders, service, period, rates), rates)
    halves_df = pd.DataFrame(halves).T
    y1 = customer_profitability(orders, service, "2024", rates)
    y0 = customer_profitability(orders, service, "2023", rates)
    cyc_end = purchase_cycles(orders, "2024-12-31")
    cyc_y0 = purchase_cycles(orders, "2023-12-31")
    lost = detect_lost(cyc_end, tolerance).reindex(y1.index.union(y0.index), fill_value=False)
    h2 = customer_profitability(orders, service, "2024H2", rates)
    active = [c for c in h2.index if not lost.get(c, False) and h2.loc[c, "orders"] > 0]
    y0_active = y0[y0["orders"] > 0]
    top_sales_y0 = scoring.top_share_classes(y0_active["sales"], (0.2,), ("top", "rest"))
    big = top_sales_y0.index[top_sales_y0 == "top"]
    key_loss_rate = float(lost.reindex(big, fill_value=False).mean()) / 2.0
    return Prepared(
        halves=halves_df,
        base=h2.loc[active],
        criteria_y1=criteria_table(y1.loc[active], cyc_end),
        criteria_y0=criteria_table(y0_active, cyc_y0),
        lost=lost,
        before_y0=y0_active / 2.0,
        key_loss_rate=key_loss_rate,
        rates=rates,
    )


def load_ledger() -> dict[str, pd.DataFrame]:
    """The case's ledger as shipped in ``datasets/d_manager_*.csv`` (checked by the loaders).

    Examples
    --------
    >>> ledger = load_ledger()
    >>> {k: len(df) > 0 for k, df in ledger.items()}
    {'customers': True, 'orders': True, 'service': True}
    """
    from crmlib import datasets

    return {
        "customers": datasets.load("d_manager_customers"),
        "orders": datasets.load("d_manager_orders"),
        "service": datasets.load("d_manager_service"),
    }


@cache
def _default_prepared() -> Prepared:
    return prepare(load_ledger())


def key_customers(prepared: Prepared, weights: Mapping[str, float] | None = None, top_share: float = 0.2) -> pd.Index:
    """Customers in the top tier of 2023 (the year before): D-manager's key accounts."""
    cls = classify(prepared.criteria_y0, weights, top_share)
    return cls.index[cls["tier"] == "top"]


def simulate_policy(prepared: Prepared | None = None, policy: Policy = Policy()) -> pd.DataFrame:
    """Expected 2025H1 figures per group under the status quo and under the new policy.

    The status quo repeats 2024H2 for every active customer, except that top customers keep
    leaving at the pace the largest customers left in 2024 (``prepared.key_loss_rate``: the share
    of 2023's top 20% by sales flagged lost at the end of 2024, halved to a half-year rate; half
    a half-year of business lost per leaver). The policy changes it:

    - **top** (top ``top_share`` of active customers by score over 2024): gross margin x
      (1 + top_uplift); cost to serve = top_service_cost + orders x order cost.
    - **rest**: business x (1 - rest_attrition); cost to serve = standard_service_cost +
      orders x order cost; bad debt x (1 - credit_control).
    - **won_back**: each lost key customer (top tier in 2023, flagged lost at the end of 2024)
      costs winback_cost and returns with probability winback_rate, bringing winback_level of
      their 2023 half-year margin and receivables at the top tier's service cost. Expected values.

    Returns
    -------
    pandas.DataFrame
        Rows ``(scenario, group)`` with scenario ``status_quo`` / ``policy`` and group
        ``top`` / ``rest`` / ``won_back``; columns ``customers``, ``sales``, ``gross_margin``,
        ``cost_to_serve``, ``receivable_cost``, ``bad_debt``, ``profit`` (before overhead).

    Examples
    --------
    >>> sim = simulate_policy()
    >>> bool(sim.loc["policy", "profit"].sum() > sim.loc["status_quo", "profit"].sum())
    True
    """
    prepared = _default_prepared() if prepared is None else prepared
    policy = policy.checked()
    rates = prepared.rates
    base = prepared.base
    cls = classify(prepared.criteria_y1, policy.weights, policy.top_share)
    top = (cls["tier"] == "top").reindex(base.index).to_numpy()
    keys = key_customers(prepared, policy.weights, policy.top_share)
    lost_keys = [c for c in keys if prepared.lost.get(c, False)]
    cols = ["sales", "gross_margin", "cost_to_serve", "receivable_cost", "bad_debt"]
    # Without the policy, top customers keep leaving at the pace the largest customers left in
    # 2024 (per half-year); on average a leaver goes half-way through the half-year.
    loss = prepared.key_loss_rate
    rows = {}
    for name, mask in (("top", top), ("rest", ~top)):
        b = base[mask]
        kept = 1.0 - loss / 2.0 if name == "top" else 1.0
        rows[("status_quo", name)] = [len(b), *(float(b[c].sum()) * (kept if c != "bad_debt" else 1.0) for c in cols)]
        if name == "top":
            f = 1.0 + policy.top_uplift
            cts = len(b) * policy.top_service_cost + float(b["orders"].sum()) * rates.order * f
            rows[("policy", name)] = [
                len(b), float(b["sales"].sum()) * f, float(b["gross_margin"].sum()) * f, cts,
                float(b["receivable_cost"].sum()) * f, float(b["bad_debt"].sum()),
            ]
        else:
            f = 1.0 - policy.rest_attrition
            cts = len(b) * f * policy.standard_service_cost + float(b["orders"].sum()) * rates.order * f
            rows[("policy", name)] = [
                len(b), float(b["sales"].sum()) * f, float(b["gross_margin"].sum()) * f, cts,
                float(b["receivable_cost"].sum()) * f, float(b["bad_debt"].sum()) * f * (1 - policy.credit_control),
            ]
    rows[("status_quo", "won_back")] = [0, 0.0, 0.0, 0.0, 0.0, 0.0]
    old = prepared.before_y0.reindex(lost_keys)
    p, lvl = policy.winback_rate, policy.winback_level
    rows[("policy", "won_back")] = [
        len(lost_keys),
        p * lvl * float(old["sales"].sum()),
        p * lvl * float(old["gross_margin"].sum()),
        len(lost_keys) * (policy.winback_cost + p * policy.top_service_cost) + p * lvl * float(old["orders"].sum()) * rates.order,
        p * lvl * float(old["receivable_cost"].sum()),
        0.0,
    ]
    out = pd.DataFrame.from_dict(rows, orient="index", columns=["customers", *cols])
    out.index = pd.MultiIndex.from_tuples(out.index, names=["scenario", "group"])
    out["customers"] = out["customers"].astype(int)
    out["profit"] = out["gross_margin"] - out["cost_to_serve"] - out["receivable_cost"] - out["bad_debt"]
    return out


def turnaround(ledger: Mapping[str, pd.DataFrame] | None = None, policy: Policy = Policy(), rates: CostRates = CostRates()) -> pd.DataFrame:
    """Company figures per half-year: the actual 2023–2024 and 2025H1 without / with the policy.

    Returns
    -------
    pandas.DataFrame
        Rows ``2023H1, 2023H2, 2024H1, 2024H2, 2025H1 status quo, 2025H1 policy`` and the year
        totals ``2023`` and ``2024``; columns ``sales, gross_margin, cost_to_serve,
        receivable_cost, bad_debt, overhead, profit`` (yuan).

    Examples
    --------
    >>> tbl = turnaround()
    >>> list(tbl.columns)
    ['sales', 'gross_margin', 'cost_to_serve', 'receivable_cost', 'bad_debt', 'overhead', 'profit']
    """
    if ledger is None and rates == CostRates():
        prepared = _default_prepared()
    else:
        prepared = prepare(load_ledger() if ledger is None else ledger, rates)
    return _turnaround(prepared, policy)


def _turnaround(prepared: Prepared, policy: Policy) -> pd.DataFrame:
    cols = ["sales", "gross_margin", "cost_to_serve", "receivable_cost", "bad_debt", "overhead", "profit"]
    halves = prepared.halves[cols]
    sim = simulate_policy(prepared, policy)
    overhead = prepared.rates.overhead
    extra = {}
    for scenario, label in (("status_quo", "2025H1 status quo"), ("policy", "2025H1 policy")):
        part = sim.loc[scenario]
        row = {c: float(part[c].sum()) for c in cols if c not in ("overhead", "profit")}
        row["overhead"] = overhead
        row["profit"] = float(part["profit"].sum()) - overhead
        extra[label] = row
    years = {y: halves.loc[[f"{y}H1", f"{y}H2"]].sum() for y in ("2023", "2024")}
    return pd.concat([halves, pd.DataFrame(extra).T[cols], pd.DataFrame(years).T[cols]]).astype(float)


# --- the dashboard's pure view ----------------------------------------------------------------


# --- analysis helpers for the notebook ---------------------------------------------------------

GROUPS: tuple[str, ...] = ("key", "old", "new")
"""Customer groups of the case: key accounts (2023's top 20% by sales), other old, new in 2024."""


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
    v.require_columns(profit_table, PROFIT_COLUMNS, "profit_table")
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

    ``left_2024`` (the simulator's truth) is joined when the ledger has it, to check the rule.

    Examples
    --------
    >>> rep = lost_report(load_ledger())
    >>> list(rep.columns)
    ['group', 'orders', 'cycle_days', 'last_order', 'days_since_last', 'overdue_ratio', 'sales_2023', 'left_2024']
    """
    groups = customer_groups(ledger)
    o = check_orders(ledger["orders"])
    cyc = purchase_cycles(ledger["orders"], as_of)
    lost = detect_lost(cyc, tolerance)
    rep = cyc[lost].copy()
    rep.insert(0, "group", groups.reindex(rep.index))
    rep["sales_2023"] = o[o["order_date"].dt.year == 2023].groupby("customer_id")["amount"].sum().reindex(rep.index).fillna(0.0)
    customers = ledger["customers"]
    if "left_2024" in customers.columns:
        rep["left_2024"] = customers.set_index("customer_id")["left_2024"].astype(bool).reindex(rep.index, fill_value=False)
    cols = ["group", "orders", "cycle_days", "last_order", "days_since_last", "overdue_ratio", "sales_2023"]
    cols += ["left_2024"] if "left_2024" in rep.columns else []
    return rep[cols].sort_values("sales_2023", ascending=False, kind="stable")


def detection_quality(flagged: pd.Series, truth: pd.Series) -> dict[str, float]:
    """Precision (flagged who really left) and recall (leavers who were flagged) of a lost rule.

    Examples
    --------
    >>> detection_quality(pd.Series([True, True, False, False]), pd.Series([True, False, True, False]))
    {'flagged': 2, 'left': 2, 'hits': 1, 'precision': 0.5, 'recall': 0.5}
    """
    f = pd.Series(flagged).astype(bool)
    tr = pd.Series(truth).astype(bool).reindex(f.index, fill_value=False)
    hits = int((f & tr).sum())
    return {
        "flagged": int(f.sum()),
        "left": int(tr.sum()),
        "hits": hits,
        "precision": round(hits / int(f.sum()), 4) if f.any() else float("nan"),
        "recall": round(hits / int(tr.sum()), 4) if tr.any() else float("nan"),
    }


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
    from crmlib.compute.pipeline import npv, payback_period

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


