"""Customer value in both directions: value *to* the customer and value *of* the customer.

Value to the customer (seed 002, unit 4; seed 000, "客户价值"): customer delivered value is
total customer value minus total customer cost, ``Vc = Fc − Cc``. Total value adds four parts
(product, service, personnel, image); total cost adds four (money, time, energy, psychological).

Value of the customer:

- profitability of one customer = gross margin − cost to serve − cost of the money tied up in
  receivables (the customer pays late, the firm finances the gap) − bad debt where there is
  any (:func:`customer_profitability`, the one definition the chapters and the cases share);
- customer lifetime value with the margin multiple of Gupta & Lehmann (2003): for a constant
  yearly margin ``m``, retention ``r`` and discount rate ``i``, margins received at the end of
  each year and an infinite horizon, ``CLV = m · r / (1 + i − r)``; and its finite-horizon sum.

Examples
--------
>>> delivered_value({"product": 60, "service": 20, "personnel": 10, "image": 10},
...                 {"money": 50, "time": 10, "energy": 5, "psychological": 5})["delivered_value"]
30.0
>>> round(margin_multiple(0.8, 0.1), 4)
2.6667
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from crmlib import validation as v
from crmlib.i18n import t

VALUE_COMPONENTS: tuple[str, ...] = ("product", "service", "personnel", "image")
"""The four parts of total customer value (产品价值、服务价值、人员价值、形象价值)."""

COST_COMPONENTS: tuple[str, ...] = ("money", "time", "energy", "psychological")
"""The four parts of total customer cost (货币成本、时间成本、精力/体力成本、心理成本)."""


def _components(parts: Mapping[str, object], allowed: tuple[str, ...], name: str) -> dict[str, float]:
    if not isinstance(parts, Mapping):
        raise v.CRMInputError(t("value_errors.not_mapping", name=name, kind=type(parts).__name__))
    for key in parts:
        v.check_choice(key, f"{name} key", allowed)
    missing = [c for c in allowed if c not in parts]
    if missing:
        raise v.CRMInputError(t("value_errors.missing_components", name=name, missing=", ".join(missing)))
    return {c: v.check_nonnegative(parts[c], f"{name}[{c!r}]") for c in allowed}


def delivered_value(values: Mapping[str, float], costs: Mapping[str, float]) -> dict[str, float]:
    """Customer delivered value ``Vc = Fc − Cc`` from its four value and four cost parts.

    All parts are in one unit the customer can compare (money equivalents, or points on a
    common scale).

    Parameters
    ----------
    values : mapping
        ``product``, ``service``, ``personnel`` and ``image`` value, each >= 0.
    costs : mapping
        ``money``, ``time``, ``energy`` and ``psychological`` cost, each >= 0.

    Returns
    -------
    dict
        ``total_value`` (Fc), ``total_cost`` (Cc), ``delivered_value`` (Vc = Fc − Cc) and
        ``value_ratio`` (Fc / Cc, the "value for money" ratio; infinite when Cc = 0).

    Examples
    --------
    >>> r = delivered_value({"product": 5, "service": 2, "personnel": 1, "image": 2},
    ...                     {"money": 6, "time": 1, "energy": 0.5, "psychological": 0.5})
    >>> r["total_value"], r["total_cost"], r["delivered_value"], r["value_ratio"]
    (10.0, 8.0, 2.0, 1.25)
    """
    fc = _components(values, VALUE_COMPONENTS, "values")
    cc = _components(costs, COST_COMPONENTS, "costs")
    total_value = sum(fc.values())
    total_cost = sum(cc.values())
    return {
        "total_value": total_value,
        "total_cost": total_cost,
        "delivered_value": total_value - total_cost,
        "value_ratio": total_value / total_cost if total_cost > 0 else float("inf"),
    }


def delivered_value_table(values: Mapping[str, float], costs: Mapping[str, float]) -> pd.DataFrame:
    """The eight parts as a long table: ``side`` ("value"/"cost"), ``component``, ``amount``, ``share``.

    ``share`` is each part's share of its side's total (0 when the side's total is 0).

    Examples
    --------
    >>> df = delivered_value_table({"product": 6, "service": 2, "personnel": 1, "image": 1},
    ...                            {"money": 4, "time": 2, "energy": 2, "psychological": 0})
    >>> df["share"].tolist()
    [0.6, 0.2, 0.1, 0.1, 0.5, 0.25, 0.25, 0.0]
    """
    fc = _components(values, VALUE_COMPONENTS, "values")
    cc = _components(costs, COST_COMPONENTS, "costs")
    rows = []
    for side, parts in (("value", fc), ("cost", cc)):
        total = sum(parts.values())
        for comp, amount in parts.items():
            rows.append({"side": side, "component": comp, "amount": amount, "share": amount / total if total else 0.0})
    return pd.DataFrame(rows)


def _part_label(side: str, component: str) -> str:
    return t(f"value.{'gain' if side == 'value' else 'cost'}.{component}")


DEFAULT_VALUES: dict[str, float] = {"product": 60.0, "service": 20.0, "personnel": 10.0, "image": 10.0}
DEFAULT_COSTS: dict[str, float] = {"money": 50.0, "time": 15.0, "energy": 10.0, "psychological": 5.0}


# --- value of the customer: profitability ----------------------------------------------------

def _nonnegative_values(values: object, name: str) -> np.ndarray | pd.Series:
    """Element-wise version of :func:`crmlib.validation.check_nonnegative` (keeps a Series' index)."""
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise v.CRMInputError(t("error.not_number", name=name, value=values)) from None
    if not np.isfinite(arr).all():
        raise v.CRMInputError(t("error.not_finite", name=name, value=arr[~np.isfinite(arr)][0]))
    if (arr < 0).any():
        raise v.CRMInputError(t("error.negative", name=name, value=arr[arr < 0][0]))
    return pd.Series(arr, index=values.index) if isinstance(values, pd.Series) else arr


def receivable_cost(receivable: object, days_outstanding: object, annual_rate: float) -> object:
    """Cost of financing a receivable: ``receivable × annual_rate × days_outstanding / 365``.

    The one formula for the cost of the money a customer owes: :func:`customer_profitability`
    and the case :mod:`crmlib.cases.d_manager.analysis` use it. It works element-wise on arrays
    or Series (a Series keeps its index); with scalars it returns a float. An amount owed for a
    number of days can also be given as *yuan-days* (the sum of amount × days over the orders)
    with ``days_outstanding = 1``.

    Examples
    --------
    100,000 yuan owed for 73 days at 10% a year costs 100,000 × 0.10 × 73 / 365 = 2,000 yuan.

    >>> receivable_cost(100_000, 73, 0.10)
    2000.0
    >>> receivable_cost(pd.Series([36_500.0, 0.0]), pd.Series([10.0, 30.0]), 0.10).tolist()
    [100.0, 0.0]
    """
    rate = v.check_rate(annual_rate, "annual_rate")
    if np.ndim(receivable) == 0 and np.ndim(days_outstanding) == 0:
        amount = v.check_nonnegative(receivable, "receivable")
        days = v.check_nonnegative(days_outstanding, "days_outstanding")
        return amount * rate * days / 365
    amount = _nonnegative_values(receivable, "receivable")
    days = _nonnegative_values(days_outstanding, "days_outstanding")
    return amount * rate * days / 365


PROFITABILITY_COLUMNS: tuple[str, ...] = ("customer", "revenue", "cost_of_goods", "cost_to_serve", "receivable", "days_outstanding")
"""The columns of an accounts table (see :func:`customer_profitability` for the alternatives)."""


def _one_form(accounts: pd.DataFrame, forms: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    """The columns of the one form of a quantity ``accounts`` gives (the first form when none is)."""
    given = [f for f in forms if any(c in accounts.columns for c in f)]
    if len(given) > 1:
        raise v.CRMInputError(
            t("value_errors.either_columns", table="accounts", first=", ".join(given[0]), second=", ".join(given[1]))
        )
    return given[0] if given else forms[0]


def customer_profitability(accounts: pd.DataFrame, annual_rate: float = 0.06, *, decimals: int | None = None) -> pd.DataFrame:
    """Profit of each customer: gross margin − cost to serve − cost of receivables (− bad debt).

    The one definition of customer profitability in crmlib: chapter 4 calls it on a small
    accounts table; the D-manager case builds the same table from its ledger
    (:func:`crmlib.cases.d_manager.analysis.accounts_from_ledger`) and calls it too. The cost of
    receivables is :func:`receivable_cost`.

    Parameters
    ----------
    accounts : DataFrame
        One row per customer with columns ``customer``, ``revenue``, ``cost_of_goods``,
        ``cost_to_serve`` (visits, delivery, service, administration), ``receivable`` (average
        amount the customer owes) and ``days_outstanding`` (average days until paid); all
        amounts >= 0. Alternatives and an option:

        - ``margin`` (gross margin, any sign) instead of ``cost_of_goods``;
        - ``receivable_yuan_days`` (Σ amount × days owed, >= 0) instead of ``receivable`` and
          ``days_outstanding``, when the orders are owed for different spans; or
          ``receivable_cost`` (>= 0) when it is already costed (e.g. scaled in a simulation);
        - ``bad_debt`` (>= 0, written-off amounts): subtracted from profit when present.
    annual_rate : float
        The firm's yearly cost of capital, in [0, 1].
    decimals : int, optional
        Round the receivable cost to this many decimals (2 = to the fen) before subtracting it.

    Returns
    -------
    DataFrame
        ``customer``, ``revenue``, ``margin``, ``cost_to_serve``, ``receivable_cost``,
        (``bad_debt`` when given), ``profit`` and ``profit_rate`` (profit / revenue, 0 without
        revenue), sorted from most to least profitable.

    Examples
    --------
    >>> acc = pd.DataFrame({"customer": ["A", "B"], "revenue": [1000.0, 500.0],
    ...                     "cost_of_goods": [700.0, 300.0], "cost_to_serve": [250.0, 20.0],
    ...                     "receivable": [36500.0, 0.0], "days_outstanding": [10.0, 0.0]})
    >>> customer_profitability(acc, 0.10)[["customer", "profit"]].to_numpy().tolist()
    [['B', 180.0], ['A', -50.0]]

    The same customer A from a ledger: margin 300, 365,000 yuan-days owed, 40 yuan written off:
    300 − 250 − 365,000 × 10% / 365 (= 100) − 40 = −90.

    >>> led = pd.DataFrame({"customer": ["A"], "revenue": [1000.0], "margin": [300.0], "cost_to_serve": [250.0],
    ...                     "receivable_yuan_days": [365_000.0], "bad_debt": [40.0]})
    >>> customer_profitability(led, 0.10)[["receivable_cost", "bad_debt", "profit"]].to_numpy().tolist()
    [[100.0, 40.0, -90.0]]
    """
    rate = v.check_rate(annual_rate, "annual_rate")
    if isinstance(accounts, pd.DataFrame):
        margin_cols = _one_form(accounts, (("cost_of_goods",), ("margin",)))
        receivable_cols = _one_form(
            accounts, (("receivable", "days_outstanding"), ("receivable_yuan_days",), ("receivable_cost",))
        )
    else:
        margin_cols, receivable_cols = ("cost_of_goods",), ("receivable", "days_outstanding")
    required = ("customer", "revenue", *margin_cols, "cost_to_serve", *receivable_cols)
    v.require_columns(accounts, required, "accounts")
    num = {c: v.check_numeric_column(accounts, c, "accounts", minimum=None if c == "margin" else 0) for c in required[1:]}
    margin = num["margin"] if "margin" in num else num["revenue"] - num["cost_of_goods"]
    if "receivable_cost" in num:
        rec_cost = num["receivable_cost"]
    elif "receivable_yuan_days" in num:
        rec_cost = receivable_cost(num["receivable_yuan_days"], 1.0, rate)
    else:
        rec_cost = receivable_cost(num["receivable"], num["days_outstanding"], rate)
    if decimals is not None:
        rec_cost = rec_cost.round(v.check_count(decimals, "decimals", minimum=0))
    profit = margin - num["cost_to_serve"] - rec_cost
    out = pd.DataFrame(
        {
            "customer": accounts["customer"].to_numpy(),
            "revenue": num["revenue"].to_numpy(),
            "margin": margin.to_numpy(),
            "cost_to_serve": num["cost_to_serve"].to_numpy(),
            "receivable_cost": rec_cost.to_numpy(),
        }
    )
    if "bad_debt" in accounts.columns:
        bad_debt = v.check_numeric_column(accounts, "bad_debt", "accounts", minimum=0)
        profit = profit - bad_debt
        out["bad_debt"] = bad_debt.to_numpy()
    out["profit"] = profit.to_numpy()
    out["profit_rate"] = np.where(out["revenue"] > 0, out["profit"] / out["revenue"].where(out["revenue"] > 0, 1.0), 0.0)
    return out.sort_values("profit", ascending=False, kind="stable").reset_index(drop=True)


# --- value of the customer: lifetime value ---------------------------------------------------

def _check_clv_args(retention: float, discount: float) -> tuple[float, float]:
    r = v.check_rate(retention, "retention")
    i = v.check_rate(discount, "discount")
    return r, i


def margin_multiple(retention: float, discount: float) -> float:
    """Gupta & Lehmann's margin multiple ``r / (1 + i − r)``: CLV per unit of yearly margin.

    Infinite horizon, constant margin and retention, margin received at the end of each year,
    acquisition cost not included.

    Parameters
    ----------
    retention : float
        Yearly retention rate r, in [0, 1].
    discount : float
        Yearly discount rate i (cost of capital), in [0, 1].

    Raises
    ------
    CRMInputError
        When r = 1 and i = 0 (the sum does not converge).

    Examples
    --------
    Gupta & Lehmann (2003), Table 1: r = 90%, i = 12% gives 0.9 / 0.22 = 4.09.

    >>> round(margin_multiple(0.9, 0.12), 2)
    4.09
    """
    r, i = _check_clv_args(retention, discount)
    if 1 + i - r <= 0:
        raise v.CRMInputError(t("value_errors.clv_diverges", retention=retention, discount=discount))
    return r / (1 + i - r)


def clv(margin: float, retention: float, discount: float, years: int | None = None) -> float:
    """Customer lifetime value ``m · r / (1 + i − r)``, or its sum over ``years`` years.

    The finite version is ``Σ_{t=1}^{T} m · r^t / (1 + i)^t``: the customer is still there in
    year t with probability r^t and that year's margin is discounted t years.

    Parameters
    ----------
    margin : float
        Yearly margin per customer (any sign; a loss-making customer has negative CLV).
    retention, discount : float
        Yearly retention and discount rate, in [0, 1].
    years : int or None
        Horizon in years (>= 1); None means an infinite horizon.

    Examples
    --------
    >>> round(clv(100, 0.8, 0.1), 4)
    266.6667
    >>> round(clv(100, 0.5, 0.0, years=2), 6)   # 100·0.5 + 100·0.25
    75.0
    """
    m = v.check_number(margin, "margin")
    if years is None:
        return m * margin_multiple(retention, discount)
    r, i = _check_clv_args(retention, discount)
    n = v.check_count(years, "years", minimum=1)
    q = r / (1 + i)
    if q == 1.0:
        return m * n
    return m * q * (1 - q**n) / (1 - q)


MULTIPLE_RETENTIONS: tuple[float, ...] = (0.6, 0.7, 0.8, 0.9)
MULTIPLE_DISCOUNTS: tuple[float, ...] = (0.10, 0.12, 0.14, 0.16)


def margin_multiple_table(
    retentions: tuple[float, ...] = MULTIPLE_RETENTIONS, discounts: tuple[float, ...] = MULTIPLE_DISCOUNTS
) -> pd.DataFrame:
    """The margin-multiple table of Gupta & Lehmann (2003): rows retention, columns discount rate.

    Examples
    --------
    >>> margin_multiple_table().round(2).loc[0.8].tolist()
    [2.67, 2.5, 2.35, 2.22]
    """
    v.check_array(retentions, "retentions", minimum=0, maximum=1)
    v.check_array(discounts, "discounts", minimum=0, maximum=1)
    rs = v.check_rates(retentions, "retentions")
    ds = v.check_rates(discounts, "discounts")
    data = [[margin_multiple(r, d) for d in ds] for r in rs]
    return pd.DataFrame(data, index=pd.Index(rs, name="retention"), columns=pd.Index(ds, name="discount"))


def clv_by_year(margin: float, retention: float, discount: float, years: int = 10) -> pd.DataFrame:
    """Year-by-year build-up of CLV: survival, expected margin, present value and its running sum.

    Returns columns ``year``, ``survival`` (r^t), ``expected_margin`` (m·r^t),
    ``discount_factor`` (1/(1+i)^t), ``present_value`` and ``cumulative_clv``.

    Examples
    --------
    >>> clv_by_year(100, 0.5, 0.0, years=3)["cumulative_clv"].tolist()
    [50.0, 75.0, 87.5]
    """
    m = v.check_number(margin, "margin")
    r, i = _check_clv_args(retention, discount)
    n = v.check_count(years, "years", minimum=1)
    year = np.arange(1, n + 1)
    survival = r**year
    factor = (1 + i) ** -year.astype(float)
    pv = m * survival * factor
    return pd.DataFrame(
        {
            "year": year,
            "survival": survival,
            "expected_margin": m * survival,
            "discount_factor": factor,
            "present_value": pv,
            "cumulative_clv": np.cumsum(pv),
        }
    )


