"""A seeded transaction log of a small omnichannel retailer: the capstone's worked example.

1,200 customers of a home-and-lifestyle retailer, 2023-01-01 to 2024-12-31, one row per purchase
(customer, date, amount, channel, product category, cost of goods). It has the shape of the
file a learner brings to the capstone (``source/capstone/capstone.md``).

How the numbers are made (so that teachers know what the analysis should find): customers are
acquired evenly over the first 18 months; while "alive" each buys at a personal Poisson rate
λ ~ Gamma(shape 0.9, mean 1 purchase per 5 weeks) and after each purchase drops out with a
personal probability p ~ Beta(1.2, 5): the BG/NBD story of Fader, Hardie & Lee (2005), so the
model fits these data by construction. Each customer's mean basket is drawn from a gamma
distribution (mean about 180 yuan) independent of λ and p, the Gamma-Gamma assumption; a
basket scatters around it (gamma, coefficient of variation 0.5). Channel: store, online or app
(each customer has a favourite, used 70 % of the time); category: one of five, with gross
margins of 25 % to 55 % (the cost column is amount × (1 − margin)).

Examples
--------
>>> df = generate()
>>> df.shape
(5881, 6)
>>> bool(df.equals(generate()))
True
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmlib import validation as v
from crmlib.datasets import Column, Table

SEED = 20250613
N_CUSTOMERS = 1200
START = pd.Timestamp("2023-01-01")
END = pd.Timestamp("2024-12-31")
ACQUISITION_DAYS = 547  # customers first buy within the first 18 months
CHANNELS = ("store", "online", "app")
CATEGORIES = ("home", "kitchen", "textiles", "decor", "gifts")
MARGINS = {"home": 0.35, "kitchen": 0.30, "textiles": 0.45, "decor": 0.55, "gifts": 0.25}


def generate(seed: int = SEED, n: int = N_CUSTOMERS) -> pd.DataFrame:
    """Generate the retailer's transactions.

    Parameters
    ----------
    seed : int
        Seed of ``numpy.random.default_rng``.
    n : int
        Number of customers (>= 20).

    Returns
    -------
    pandas.DataFrame
        ``customer_id, date, amount, channel, product, cost``, sorted by date and customer.

    Examples
    --------
    >>> small = generate(seed=1, n=40)
    >>> bool((small["cost"] < small["amount"]).all()), int(small["customer_id"].nunique())
    (True, 40)
    """
    seed = v.check_seed(seed)
    n = v.check_count(n, "n", minimum=20)
    rng = np.random.default_rng(seed)
    horizon = (END - START).days
    first = rng.integers(0, ACQUISITION_DAYS, n)
    rate = rng.gamma(0.9, (1 / 35) / 0.9, n)  # purchases per day, mean 1 per 5 weeks
    dropout = rng.beta(1.2, 5.0, n)
    mean_basket = rng.gamma(4.0, 180.0 / 4.0, n)
    favourite = rng.integers(0, len(CHANNELS), n)
    rows: list[tuple[int, int, int]] = []  # (customer, day, channel)
    for i in range(n):
        day = int(first[i])
        while True:
            rows.append((i, day, int(favourite[i]) if rng.random() < 0.7 else int(rng.integers(0, len(CHANNELS)))))
            if rng.random() < dropout[i]:
                break
            day += max(1, int(np.ceil(rng.exponential(1 / rate[i]))))
            if day > horizon:
                break
    cust = np.array([r[0] for r in rows])
    days = np.array([r[1] for r in rows])
    chan = np.array([r[2] for r in rows])
    shape = 4.0  # coefficient of variation 0.5
    amount = np.round(rng.gamma(shape, mean_basket[cust] / shape), 2)
    amount = np.maximum(amount, 5.0)
    product = rng.choice(len(CATEGORIES), size=len(rows), p=[0.3, 0.25, 0.2, 0.15, 0.1])
    margin = np.array([MARGINS[c] for c in CATEGORIES])[product]
    out = pd.DataFrame(
        {
            "customer_id": [f"R{c + 1:05d}" for c in cust],
            "date": START + pd.to_timedelta(days, unit="D"),
            "amount": amount,
            "channel": np.array(CHANNELS)[chan],
            "product": np.array(CATEGORIES)[product],
            "cost": np.round(amount * (1 - margin), 2),
        }
    )
    return out.sort_values(["date", "customer_id"], kind="stable").reset_index(drop=True)


TABLES = [
    Table(
        name="retailer_transactions",
        file="retailer_transactions.csv",
        title_zh="家居零售商交易记录（合成，结业项目示例）",
        title_en="Transactions of a home-and-lifestyle retailer (synthetic, capstone example)",
        description_zh=(
            "一家全渠道家居零售商 1,200 名客户在 2023-01-01 至 2024-12-31 的全部购买记录，每行一笔交易："
            "客户、日期、金额、渠道（门店、网店、App）、品类与进货成本。客户在前 18 个月陆续获得；购买与流失按 "
            "BG/NBD 模型的假设生成，客单价与购买频率相互独立（Gamma-Gamma 模型的假设）。结业项目的默认示例。"
        ),
        description_en=(
            "Every purchase of 1,200 customers of an omnichannel home-and-lifestyle retailer, 2023-01-01 to "
            "2024-12-31, one row per transaction: customer, date, amount, channel (store, online, app), product "
            "category and cost of goods. Customers arrive over the first 18 months; purchases and dropout follow "
            "the BG/NBD assumptions, and basket size is independent of purchase frequency (the Gamma-Gamma "
            "assumption). The capstone's default example."
        ),
        provenance_zh=f"合成数据，由 crmlib.datasets.synth.retailer 以种子 {SEED} 生成。",
        provenance_en=f"synthetic, generated by crmlib.datasets.synth.retailer with seed {SEED}",
        generate=generate,
        columns=(
            Column("customer_id", "str", "客户编号", "customer id"),
            Column("date", "date", "购买日期", "purchase date"),
            Column("amount", "float", "交易金额", "amount paid", unit="元 / yuan", min=0),
            Column("channel", "category", "购买渠道（门店、网店、App）", "channel (store, online, app)", allowed=CHANNELS),
            Column("product", "category", "商品品类", "product category", allowed=CATEGORIES),
            Column("cost", "float", "进货成本", "cost of goods", unit="元 / yuan", min=0),
        ),
    )
]
