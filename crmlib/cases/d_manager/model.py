"""The D-manager case (D经理, seed file 003): the ledger, the new policy and the profit turnaround.

The story: an electronics distributor grows busy, hires more sales and service staff and signs
up many small new customers; a year later profit is *lower* than the year before although sales
grew. The small customers bought little but needed much selling and service work and some did
not pay; key customers, neglected in the rush, quietly left. D-manager then ranks customers by
sales amount, volume, receivables and purchase cycle, gives the top 20% special service, tries to
win back the lost key customers and serves everyone else through a standard low-cost process;
half a year later profit has recovered.

This module is the case's model:

- **the ledger**: orders (amount, units, gross margin, due date, days until paid, payment
  status), service contacts per half-year and customers (:func:`load_ledger`), their checks
  (:func:`check_orders`, :func:`check_service`) and periods (:func:`period_bounds`: a year
  ``"2024"`` or a half-year ``"2024H2"``);
- **the unit costs** (:class:`CostRates`) and **the policy** (:class:`Policy`, with the four
  criteria and their default weights);
- **the simulation**: :func:`prepare`, :func:`simulate_policy` and :func:`turnaround`, the
  actual half-years 2023H1–2024H2 from the ledger, then 2025H1 twice: the status quo (2024H2
  repeated) and the new policy.

The analysis of the ledger (profitability per customer, lost customers, scoring, groups) is
:mod:`crmlib.cases.d_manager.analysis`, which calls the chapter functions; the simulation
uses it at call time (imported inside :func:`prepare` and :func:`simulate_policy`, since the
analysis itself imports the ledger from here).

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
from crmlib.compute import churn, scoring, value
from crmlib.i18n import t

__all__ = [
    "CRITERIA", "DEFAULT_WEIGHTS", "DIRECTIONS", "ORDER_COLUMNS", "SERVICE_COLUMNS", "STATUSES",
    "CostRates", "Policy", "Prepared", "check_orders", "check_service", "key_customers", "load_ledger",
    "period_bounds", "period_halves", "prepare", "simulate_policy", "turnaround",
]

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


def period_halves(period: str) -> list[str]:
    """The half-years of a period: ``"2024"`` -> ``["2024H1", "2024H2"]``, ``"2024H2"`` -> ``["2024H2"]``.

    Examples
    --------
    >>> period_halves("2024")
    ['2024H1', '2024H2']
    """
    period_bounds(period)  # names a period that is not YYYY, YYYYH1 or YYYYH2
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
    v.check_id_column(orders, "customer_id", table)
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
    # Unpaid orders (NaN days) become NaT after the conversion: pandas 2.2.1's to_timedelta rounds
    # uninitialised memory in place of a NaN and may warn of an overflow that is not there.
    days = out["paid_after_days"]
    out["paid_date"] = out["order_date"] + pd.to_timedelta(days.fillna(0), unit="D").where(days.notna())
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
    v.check_id_column(service, "customer_id", table)
    out = service[list(SERVICE_COLUMNS)].copy()
    for col in ("sales_visits", "service_calls"):
        out[col] = v.check_numeric_column(out, col, table, minimum=0)
    out["customer_id"] = out["customer_id"].astype(str)
    out["period"] = out["period"].astype(str)
    return out


def load_ledger() -> dict[str, pd.DataFrame]:
    """The case's ledger as shipped in ``crmlib/datasets/files/d_manager_*.csv`` (checked by the loaders).

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
    from crmlib.cases.d_manager.analysis import company_profit, criteria_table, detect_lost, profit_table

    rates = rates.checked()
    orders, service = ledger["orders"], ledger["service"]
    halves = {}
    for period in ("2023H1", "2023H2", "2024H1", "2024H2"):
        halves[period] = company_profit(profit_table(orders, service, period, rates), rates)
    halves_df = pd.DataFrame(halves).T
    y1 = profit_table(orders, service, "2024", rates)
    y0 = profit_table(orders, service, "2023", rates)
    checked = check_orders(orders)  # string ids, as in the profit tables
    cyc_end = churn.purchase_cycles(checked, "2024-12-31", date="order_date")
    cyc_y0 = churn.purchase_cycles(checked, "2023-12-31", date="order_date")
    lost = detect_lost(cyc_end, tolerance).reindex(y1.index.union(y0.index), fill_value=False)
    h2 = profit_table(orders, service, "2024H2", rates)
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


@cache
def _default_prepared() -> Prepared:
    return prepare(load_ledger())


def key_customers(prepared: Prepared, weights: Mapping[str, float] | None = None, top_share: float = 0.2) -> pd.Index:
    """Customers in the top tier of 2023 (the year before): D-manager's key accounts."""
    from crmlib.cases.d_manager.analysis import classify

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
    from crmlib.cases.d_manager.analysis import classify

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
    out["profit"] = _profit(out)
    return out


def _profit(table: pd.DataFrame) -> pd.Series:
    """Profit of each row with chapter 4's one definition (the costs are already in ``table``)."""
    accounts = pd.DataFrame(
        {
            "customer": range(len(table)),
            "revenue": table["sales"].to_numpy(),
            "margin": table["gross_margin"].to_numpy(),
            "cost_to_serve": table["cost_to_serve"].to_numpy(),
            "receivable_cost": table["receivable_cost"].to_numpy(),
            "bad_debt": table["bad_debt"].to_numpy(),
        }
    )
    profit = value.customer_profitability(accounts).set_index("customer")["profit"]
    return pd.Series(profit.reindex(range(len(table))).to_numpy(), index=table.index)


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
