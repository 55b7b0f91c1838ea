"""Seeded B2B ledger of D-manager's electronics distributor (the D经理 case, seed file 003).

Two years of business. 2023 is the year before the story: about 120 established customers, a
fifth of them large key accounts that order every two to three weeks. 2024 is the story's
"year one": the company hires more sales and service staff and signs up hundreds of small new
customers who order little, call often and pay late (some never pay); meanwhile the key accounts
get fewer visits, and a quarter of them quietly stop ordering.

Three tables:

- ``customers``: one row per customer: cohort (``old`` before 2024, ``new`` in 2024), first
  order, credit terms, and the simulator's ground truth ``left_2024`` (did the customer stop
  buying during 2024?), which D-manager does not see and the notebook uses only to check the
  detection rule.
- ``orders``: one row per order: amount, units, gross margin, due date, days until paid (empty
  while unpaid) and status (``paid``, ``open``, ``written_off``: bad debt written off at the
  2024 year-end close).
- ``service``: sales visits and service calls per customer and half-year.

The figures are invented but sized like a small distributor (sales in the tens of millions of
yuan, gross margins of 9–19%); they are built so that the story's direction shows in the data,
not to estimate anything.

Examples
--------
>>> ledger = generate(seed=1, n_key=4, n_old=10, n_new=30)
>>> sorted(ledger)
['customers', 'orders', 'service']
>>> bool(ledger["orders"]["status"].isin(["paid", "open", "written_off"]).all())
True
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from crmlib import validation as v
from crmlib.datasets import Column, Table

SEED = 2024
START = pd.Timestamp("2023-01-01")
END = pd.Timestamp("2024-12-31")
"""The ledger covers 2023-01-01 to 2024-12-31; the books close on END."""
PERIODS: tuple[str, ...] = ("2023H1", "2023H2", "2024H1", "2024H2")

# kind: (mean order amount (yuan), purchase cycle range (days), margin rate range, unit price
#        (yuan), mean days to pay, sd days to pay, credit days)
PROFILES: dict[str, tuple[float, tuple[float, float], tuple[float, float], float, float, float, int]] = {
    "key": (48000.0, (12.0, 20.0), (0.09, 0.12), 180.0, 34.0, 6.0, 30),
    "old": (11000.0, (25.0, 45.0), (0.12, 0.16), 240.0, 42.0, 10.0, 30),
    "new": (3800.0, (35.0, 70.0), (0.14, 0.19), 300.0, 75.0, 25.0, 60),
}

# Sales visits and service calls per half-year (Poisson means), before and in year one.
SERVICE: dict[tuple[str, str], tuple[float, float]] = {
    ("key", "2023"): (10.0, 12.0),
    ("key", "2024"): (4.0, 10.0),  # too busy with the newcomers: key accounts get fewer visits
    ("old", "2023"): (3.0, 6.0),
    ("old", "2024"): (3.0, 6.0),
    ("new", "2024"): (6.0, 16.0),  # small new customers: many visits and calls per yuan of sales
}

LEAVE_SHARE = {"key": 0.25, "old": 0.05, "new": 0.0}
"""Share of each cohort that silently stops ordering during 2024 (between March and September)."""
BAD_PAYER_SHARE = 0.16
"""Share of the new customers who stop paying at some point (their debts are written off)."""


def _order_dates(rng: np.random.Generator, start: pd.Timestamp, stop: pd.Timestamp, cycle: float) -> list[pd.Timestamp]:
    """Order dates from ``start`` to ``stop``: fairly regular gaps around ``cycle`` days."""
    dates = []
    day = start + pd.Timedelta(days=float(rng.uniform(0, cycle)))
    while day <= stop:
        dates.append(day.normalize())
        day += pd.Timedelta(days=float(cycle * rng.gamma(8.0, 1 / 8.0)))
    return dates


@cache
def _generate(seed: int, n_key: int, n_old: int, n_new: int) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    kinds = ["key"] * n_key + ["old"] * n_old + ["new"] * n_new
    n = len(kinds)
    ids = [f"C{i:04d}" for i in range(1, n + 1)]
    # which customers leave in 2024 (exactly round(share * cohort size), chosen at random)
    leaves = np.zeros(n, dtype=bool)
    offset = 0
    for kind, size in (("key", n_key), ("old", n_old), ("new", n_new)):
        k = int(round(LEAVE_SHARE[kind] * size))
        if k:
            leaves[offset + rng.choice(size, size=k, replace=False)] = True
        offset += size
    cust_rows, order_rows, service_rows = [], [], []
    for i, (cid, kind) in enumerate(zip(ids, kinds)):
        mean_amount, cycle_rng, margin_rng, unit_price, pay_mean, pay_sd, credit = PROFILES[kind]
        level = mean_amount * rng.lognormal(0.0, 0.35)
        cycle = rng.uniform(*cycle_rng)
        margin = rng.uniform(*margin_rng)
        if kind == "new":
            start = pd.Timestamp("2024-01-01") + pd.Timedelta(days=int(rng.integers(0, 290)))
        else:
            start = START
        stop = END
        if leaves[i]:
            stop = pd.Timestamp("2024-03-01") + pd.Timedelta(days=int(rng.integers(0, 200)))
        dates = _order_dates(rng, start, stop, cycle)
        if kind == "new" and not dates:
            dates = [start]
        bad_from = None
        if kind == "new" and rng.random() < BAD_PAYER_SHARE:
            bad_from = dates[min(len(dates) - 1, int(rng.integers(0, 3)))]
        for d in dates:
            amount = round(level * rng.lognormal(0.0, 0.25), -1)
            units = max(1, int(round(amount / (unit_price * rng.uniform(0.85, 1.15)))))
            gm = round(amount * margin * rng.uniform(0.92, 1.08), 2)
            if bad_from is not None and d >= bad_from:
                days = None
            else:
                days = int(max(0, round(rng.normal(pay_mean, pay_sd))))
            if days is not None and d + pd.Timedelta(days=days) <= END:
                status = "paid"
            elif days is None and (END - d).days > 120:
                status, days = "written_off", None
            else:
                status, days = "open", None
            order_rows.append((cid, d, float(amount), units, float(gm), d + pd.Timedelta(days=credit), days, status))
        cust_rows.append((cid, "new" if kind == "new" else "old", dates[0], credit, bool(leaves[i])))
        # service contacts per half-year while the customer is active
        last = dates[-1]
        for period in PERIODS:
            p_start = pd.Timestamp(f"{period[:4]}-{'01' if period[-1] == '1' else '07'}-01")
            p_end = p_start + pd.DateOffset(months=6) - pd.Timedelta(days=1)
            rates = SERVICE.get((kind, period[:4]))
            if rates is None or start > p_end:
                continue
            active_from = max(start, p_start)
            active_to = min(last + pd.Timedelta(days=30), p_end)
            frac = max(0.0, (active_to - active_from).days + 1) / ((p_end - p_start).days + 1)
            visits = int(rng.poisson(rates[0] * frac))
            calls = int(rng.poisson(rates[1] * frac))
            service_rows.append((cid, period, visits, calls))
    customers = pd.DataFrame(cust_rows, columns=["customer_id", "cohort", "first_order", "credit_days", "left_2024"])
    orders = pd.DataFrame(
        order_rows,
        columns=["customer_id", "order_date", "amount", "units", "gross_margin", "due_date", "paid_after_days", "status"],
    )
    orders = orders.sort_values(["order_date", "customer_id"], kind="stable").reset_index(drop=True)
    orders.insert(0, "order_id", np.arange(1, len(orders) + 1))
    orders["paid_after_days"] = orders["paid_after_days"].astype("Int64")
    service = pd.DataFrame(service_rows, columns=["customer_id", "period", "sales_visits", "service_calls"])
    return {"customers": customers, "orders": orders, "service": service}


def generate(seed: int = SEED, n_key: int = 24, n_old: int = 96, n_new: int = 400) -> dict[str, pd.DataFrame]:
    """Generate the ledger.

    Parameters
    ----------
    seed : int
        Seed of ``numpy.random.default_rng``.
    n_key, n_old, n_new : int
        Large key accounts and other established customers (both cohort ``old``), and small
        customers signed up during 2024 (cohort ``new``).

    Returns
    -------
    dict of pandas.DataFrame
        ``customers``, ``orders`` and ``service`` (see the module docstring). Copies: changing
        them does not change the next call's result.

    Examples
    --------
    >>> ledger = generate(seed=3, n_key=2, n_old=3, n_new=5)
    >>> sorted(ledger["customers"]["cohort"].value_counts().items())
    [('new', 5), ('old', 5)]
    """
    seed = v.check_seed(seed)
    n_key = v.check_count(n_key, "n_key", minimum=1)
    n_old = v.check_count(n_old, "n_old")
    n_new = v.check_count(n_new, "n_new")
    return {k: df.copy() for k, df in _generate(int(seed), n_key, n_old, n_new).items()}


def generate_customers() -> pd.DataFrame:
    """The customers table with the default seed (``crmlib/datasets/files/d_manager_customers.csv``)."""
    return generate()["customers"]


def generate_orders() -> pd.DataFrame:
    """The orders table with the default seed (``crmlib/datasets/files/d_manager_orders.csv``)."""
    return generate()["orders"]


def generate_service() -> pd.DataFrame:
    """The service-contact table with the default seed (``crmlib/datasets/files/d_manager_service.csv``)."""
    return generate()["service"]


_PROV_ZH = f"合成数据,由 crmlib.datasets.synth.d_manager 以种子 {SEED} 生成(synthetic, generated by crmlib.datasets.synth.d_manager with seed {SEED})。"
_PROV_EN = f"synthetic, generated by crmlib.datasets.synth.d_manager with seed {SEED}"

TABLES = [
    Table(
        name="d_manager_customers",
        file="d_manager_customers.csv",
        title_zh="D经理的电子产品分销公司：客户（2023–2024，合成）",
        title_en="D-manager's electronics distributor: customers (2023–2024, synthetic)",
        description_zh="每行一个企业客户：老客户（2024 年前已合作）或 2024 年新开发的小客户、首单日期、账期，以及模拟器才知道的"
        "“2024 年是否悄悄流失”。",
        description_en="One row per business customer: old (buying before 2024) or a small customer signed up in 2024, "
        "first order, credit terms, and the simulator's ground truth of whether the customer quietly left in 2024.",
        provenance_zh=_PROV_ZH,
        provenance_en=_PROV_EN,
        generate=generate_customers,
        columns=(
            Column("customer_id", "str", "客户编号", "customer id", unique=True),
            Column("cohort", "category", "客户群：old = 2024 年前的老客户，new = 2024 年新客户",
                   "cohort: old = customer before 2024, new = signed up in 2024", allowed=("old", "new")),
            Column("first_order", "date", "首次下单日期", "date of the first order"),
            Column("credit_days", "int", "约定账期", "agreed credit terms", unit="days", min=0, max=180),
            Column("left_2024", "bool", "模拟器的真实情况：2024 年停止下单（D经理看不到这一列）",
                   "simulator's ground truth: stopped ordering during 2024 (D-manager cannot see this)"),
        ),
    ),
    Table(
        name="d_manager_orders",
        file="d_manager_orders.csv",
        title_zh="D经理的电子产品分销公司：订单与回款（2023–2024，合成）",
        title_en="D-manager's electronics distributor: orders and payments (2023–2024, synthetic)",
        description_zh="每行一张订单：金额、数量、毛利、到期日、几天后回款（未回款为空）和状态"
        "（paid 已回款、open 未到账、written_off 2024 年末核销的坏账）。",
        description_en="One row per order: amount, units, gross margin, due date, days until paid (empty while unpaid) and "
        "status (paid, open, written_off = bad debt written off at the 2024 year-end close).",
        provenance_zh=_PROV_ZH,
        provenance_en=_PROV_EN,
        generate=generate_orders,
        columns=(
            Column("order_id", "int", "订单编号", "order id", min=1, unique=True),
            Column("customer_id", "str", "客户编号", "customer id"),
            Column("order_date", "date", "下单日期", "order date"),
            Column("amount", "float", "销售额", "sales amount", unit="yuan", min=0),
            Column("units", "int", "销售量", "units sold", unit="units", min=1),
            Column("gross_margin", "float", "毛利（销售额减进货成本）", "gross margin (sales minus cost of goods)", unit="yuan", min=0),
            Column("due_date", "date", "应付款日期（下单日 + 账期）", "payment due date (order date + credit terms)"),
            Column("paid_after_days", "int", "下单后第几天回款；未回款为空", "days from order to payment; empty if unpaid",
                   unit="days", min=0, nullable=True),
            Column("status", "category", "回款状态", "payment status", allowed=("paid", "open", "written_off")),
        ),
    ),
    Table(
        name="d_manager_service",
        file="d_manager_service.csv",
        title_zh="D经理的电子产品分销公司：销售拜访与服务电话（按半年，合成）",
        title_en="D-manager's electronics distributor: sales visits and service calls per half-year (synthetic)",
        description_zh="每行一个客户的一个半年：销售人员上门拜访次数和服务电话次数（服务成本的来源）。",
        description_en="One row per customer and half-year: sales visits and service calls (the drivers of the cost to serve).",
        provenance_zh=_PROV_ZH,
        provenance_en=_PROV_EN,
        generate=generate_service,
        columns=(
            Column("customer_id", "str", "客户编号", "customer id"),
            Column("period", "category", "半年度", "half-year", allowed=PERIODS),
            Column("sales_visits", "int", "销售拜访次数", "sales visits", unit="visits", min=0),
            Column("service_calls", "int", "服务电话次数", "service calls", unit="calls", min=0),
        ),
    ),
]
