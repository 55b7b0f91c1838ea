"""Synthetic data for chapter 5: a service desk's complaint log and a shop's baskets.

The complaint log follows the slides' advice in seed 002 (IDIC, "interact"): "chart the
complaints received each day and raise the share resolved at the first contact". Half a year
(2025-01-01 to 2025-06-30) of complaints to an online shop's service desk: daily counts are
Poisson with a weekday pattern and a spike after a promotion; causes follow a skewed
(Pareto-like) mix; the chance of resolving a complaint at the first contact depends on cause
and channel and rises after a staff-training day (2025-04-01), so the trend is visible.

The baskets are orders of the same shop by category, with built-in affinities (baby goods with
milk powder, pet food with pet toys, ...) for the category-affinity and next-best-offer part.

Examples
--------
>>> log = generate_complaints()
>>> log.shape
(2343, 7)
>>> log["date"].min().date(), log["date"].max().date()
(datetime.date(2025, 1, 1), datetime.date(2025, 6, 30))
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmlib import validation as v
from crmlib.datasets import Column, Table

COMPLAINTS_SEED = 20250101
BASKETS_SEED = 20250102

CAUSES: tuple[str, ...] = (
    "late_delivery", "wrong_item", "damaged_goods", "billing_error", "refund_delay",
    "staff_attitude", "website_fault", "other",
)
CAUSE_WEIGHTS: tuple[float, ...] = (0.31, 0.19, 0.14, 0.11, 0.09, 0.07, 0.05, 0.04)
CAUSE_FCR: tuple[float, ...] = (0.75, 0.62, 0.55, 0.70, 0.45, 0.80, 0.68, 0.72)
"""Probability of first-contact resolution by cause, before the training day."""

CHANNELS: tuple[str, ...] = ("phone", "online_chat", "email", "store")
CHANNEL_WEIGHTS: tuple[float, ...] = (0.40, 0.30, 0.20, 0.10)
CHANNEL_FCR_SHIFT: tuple[float, ...] = (0.05, 0.0, -0.15, 0.08)

TRAINING_DAY = pd.Timestamp("2025-04-01")
TRAINING_GAIN = 0.12
PROMOTION_DAY = pd.Timestamp("2025-03-08")  # a Women's Day sale: complaints peak a few days later

CATEGORIES: tuple[str, ...] = (
    "milk_powder", "baby_goods", "pet_food", "pet_toys", "vegetables", "fruit",
    "snacks", "drinks", "household", "personal_care",
)


def generate_complaints(seed: int = COMPLAINTS_SEED, start: str = "2025-01-01", days: int = 181) -> pd.DataFrame:
    """The complaint log: one row per complaint.

    Columns: ``complaint_id``, ``date``, ``customer_id``, ``channel``, ``cause``,
    ``resolved_first_contact`` (bool) and ``contacts`` (contacts until resolved, >= 1).

    Examples
    --------
    >>> a = generate_complaints(seed=1, days=10); b = generate_complaints(seed=1, days=10)
    >>> a.equals(b)
    True
    """
    seed = v.check_seed(seed)


    v.check_date(start, "start")
    rng = np.random.default_rng(v.check_count(seed, "seed"))
    n_days = v.check_count(days, "days", minimum=1)
    dates = pd.date_range(start, periods=n_days, freq="D")
    weekday_factor = np.array([1.15, 1.05, 1.0, 1.0, 0.95, 0.85, 0.9])[dates.day_of_week]
    since_promo = (dates - PROMOTION_DAY).days.to_numpy()
    spike = np.where((since_promo >= 2) & (since_promo < 12), 1.0 + 1.2 * np.exp(-(since_promo - 2) / 3.0), 1.0)
    mean = 13.0 * weekday_factor * spike
    counts = rng.poisson(mean)
    day = np.repeat(dates.to_numpy(), counts)
    n = int(counts.sum())
    cause_idx = rng.choice(len(CAUSES), size=n, p=np.array(CAUSE_WEIGHTS))
    channel_idx = rng.choice(len(CHANNELS), size=n, p=np.array(CHANNEL_WEIGHTS))
    trained = pd.DatetimeIndex(day) >= TRAINING_DAY
    p_fcr = np.array(CAUSE_FCR)[cause_idx] + np.array(CHANNEL_FCR_SHIFT)[channel_idx] + TRAINING_GAIN * trained
    p_fcr = np.clip(p_fcr, 0.05, 0.97)
    resolved = rng.random(n) < p_fcr
    contacts = np.where(resolved, 1, 2 + rng.poisson(0.6, n))
    return pd.DataFrame(
        {
            "complaint_id": np.arange(1, n + 1),
            "date": pd.DatetimeIndex(day),
            "customer_id": rng.integers(1, 4001, n),
            "channel": np.array(CHANNELS)[channel_idx],
            "cause": np.array(CAUSES)[cause_idx],
            "resolved_first_contact": resolved,
            "contacts": contacts.astype("int64"),
        }
    )


# Affinity groups: a basket drawn from a household "type" mostly holds that type's categories.
_TYPES = {
    "family": (("milk_powder", 0.55), ("baby_goods", 0.60), ("fruit", 0.35), ("household", 0.25)),
    "pet_owner": (("pet_food", 0.65), ("pet_toys", 0.40), ("snacks", 0.20), ("household", 0.20)),
    "fresh": (("vegetables", 0.70), ("fruit", 0.55), ("drinks", 0.15)),
    "snacker": (("snacks", 0.60), ("drinks", 0.55), ("personal_care", 0.10)),
    "general": (("household", 0.45), ("personal_care", 0.45), ("drinks", 0.20), ("fruit", 0.15)),
}
_TYPE_WEIGHTS = (0.20, 0.15, 0.25, 0.20, 0.20)


def generate_baskets(seed: int = BASKETS_SEED, orders: int = 5000) -> pd.DataFrame:
    """Orders by category: one row per (order, category) bought, with built-in affinities.

    Columns: ``order_id``, ``customer_id``, ``category``. Every order holds at least one
    category; besides its household type's categories, each category is added at random with
    probability 0.04.

    Examples
    --------
    >>> b = generate_baskets(orders=50)
    >>> int(b["order_id"].nunique())
    50
    """
    seed = v.check_seed(seed)
    rng = np.random.default_rng(v.check_count(seed, "seed"))
    n = v.check_count(orders, "orders", minimum=1)
    cats = np.array(CATEGORIES)
    index = {c: i for i, c in enumerate(CATEGORIES)}
    types = list(_TYPES)
    kind = rng.choice(len(types), size=n, p=np.array(_TYPE_WEIGHTS))
    prob = np.full((n, len(cats)), 0.04)
    for k, name in enumerate(types):
        for cat, p in _TYPES[name]:
            prob[kind == k, index[cat]] = p
    bought = rng.random(prob.shape) < prob
    empty = ~bought.any(axis=1)
    # An empty draw becomes the type's most likely category.
    first_cat = np.array([index[_TYPES[name][0][0]] for name in types])[kind]
    bought[np.flatnonzero(empty), first_cat[empty]] = True
    order, cat = np.nonzero(bought)
    customer = rng.integers(1, 1501, n)
    return pd.DataFrame({"order_id": order + 1, "customer_id": customer[order], "category": cats[cat]})


_PROV_ZH = "合成数据，由 crmlib.datasets.synth.complaints 以种子 {seed} 生成。"
_PROV_EN = "synthetic, generated by crmlib.datasets.synth.complaints with seed {seed}"

TABLES = [
    Table(
        name="complaints",
        file="complaints.csv",
        title_zh="客户投诉记录（合成）",
        title_en="Customer complaint log (synthetic)",
        description_zh=(
            "一家网店客服中心 2025 年上半年的投诉记录，每行一条投诉：日期、渠道、原因、是否首次接触即解决。"
            "3 月 8 日促销后投诉激增；4 月 1 日起客服培训使首次解决率上升。"
        ),
        description_en=(
            "Half a year (2025-01 to 2025-06) of complaints to an online shop's service desk, one row per "
            "complaint: date, channel, cause, resolved at first contact or not. Complaints jump after the "
            "8 March sale; staff training from 1 April raises first-contact resolution."
        ),
        provenance_zh=_PROV_ZH.format(seed=COMPLAINTS_SEED),
        provenance_en=_PROV_EN.format(seed=COMPLAINTS_SEED),
        generate=generate_complaints,
        columns=(
            Column("complaint_id", "int", "投诉编号", "complaint id", min=1, unique=True),
            Column("date", "date", "投诉日期", "date the complaint was received"),
            Column("customer_id", "int", "客户编号", "customer id", min=1, max=4000),
            Column("channel", "category", "投诉渠道（电话、在线客服、电子邮件、门店）",
                   "channel of the complaint (phone, online chat, email, store)", allowed=CHANNELS),
            Column("cause", "category", "投诉原因", "cause of the complaint", allowed=CAUSES),
            Column("resolved_first_contact", "bool", "是否首次接触即解决（“一次即圆满”）",
                   "resolved at the first contact"),
            Column("contacts", "int", "解决前的接触次数", "contacts until resolved", unit="contacts", min=1),
        ),
    ),
    Table(
        name="category_baskets",
        file="category_baskets.csv",
        title_zh="订单品类（合成购物篮）",
        title_en="Order categories (synthetic baskets)",
        description_zh="同一网店的 5,000 张订单，每行是一张订单里买了的一个品类；品类之间有内在关联（如奶粉与婴儿用品）。",
        description_en=(
            "5,000 orders of the same shop, one row per category bought in an order; some categories go "
            "together (milk powder with baby goods, pet food with pet toys)."
        ),
        provenance_zh=_PROV_ZH.format(seed=BASKETS_SEED),
        provenance_en=_PROV_EN.format(seed=BASKETS_SEED),
        generate=generate_baskets,
        columns=(
            Column("order_id", "int", "订单编号", "order id", min=1),
            Column("customer_id", "int", "客户编号", "customer id", min=1, max=1500),
            Column("category", "category", "品类", "product category", allowed=CATEGORIES),
        ),
    ),
]
