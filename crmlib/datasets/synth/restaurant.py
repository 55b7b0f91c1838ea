"""Seeded attendance of the restaurant's key customers (the 富丽华·华膳楼酒店 case, seed 000).

Two months (May and June 2024) of visits, one row per visit (lunch and dinner are separate
visits, as the slide's "含午晚市" says), and the feedback the sales managers logged. Customers
follow one of seven profiles, roughly one per grade of the grade table plus occasional diners;
some customers visit less in June, and most who complained in May do not come back in June, so the
alert rules of :mod:`crmlib.cases.restaurant.model` have something to find.

Examples
--------
>>> df = generate_attendance()
>>> list(df.columns)
['customer_id', 'date', 'meal', 'guests', 'spend']
>>> bool(df.equals(generate_attendance()))
True
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmlib import validation as v
from crmlib.datasets import Column, Table

SEED = 20240601
N_CUSTOMERS = 150
MONTHS: tuple[str, ...] = ("2024-05", "2024-06")

# profile: (share of customers, visits a month, spend per head (yuan), mean party size)
PROFILES: dict[str, tuple[float, float, float, float]] = {
    "A_quality": (0.06, 7.0, 95.0, 9.0),
    "A_active": (0.08, 7.0, 70.0, 10.0),
    "B_quality": (0.12, 4.6, 72.0, 10.0),
    "B_active": (0.14, 4.6, 58.0, 10.0),
    "C_quality": (0.18, 2.6, 62.0, 11.0),
    "C_active": (0.20, 2.6, 50.0, 9.0),
    "occasional": (0.22, 0.8, 55.0, 6.0),
}


def _customers(n: int, rng: np.random.Generator) -> pd.DataFrame:
    names = list(PROFILES)
    probs = np.array([PROFILES[p][0] for p in names])
    profile = rng.choice(len(names), size=n, p=probs / probs.sum())
    return pd.DataFrame(
        {
            "customer_id": [f"R{i:03d}" for i in range(1, n + 1)],
            "profile": [names[k] for k in profile],
            # each customer's own level around the profile's
            "rate": [PROFILES[names[k]][1] * rng.uniform(0.8, 1.25) for k in profile],
            "per_head": [PROFILES[names[k]][2] * rng.uniform(0.9, 1.12) for k in profile],
            "party": [PROFILES[names[k]][3] for k in profile],
        }
    )


def generate(seed: int = SEED, n_customers: int = N_CUSTOMERS) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Generate the visits and the feedback log.

    Parameters
    ----------
    seed : int
        Seed of ``numpy.random.default_rng``.
    n_customers : int
        How many key customers the restaurant follows (>= 10).

    Returns
    -------
    (visits, feedback) : tuple of pandas.DataFrame
        ``visits``: customer_id, date, meal (lunch / dinner), guests, spend (yuan, whole yuan).
        ``feedback``: customer_id, date, kind (complaint / suggestion).

    Examples
    --------
    >>> visits, feedback = generate(seed=1, n_customers=20)
    >>> sorted(feedback["kind"].unique().tolist())
    ['complaint', 'suggestion']
    """
    seed = v.check_seed(seed)
    n = v.check_count(n_customers, "n_customers", minimum=10)
    rng = np.random.default_rng(seed)
    cust = _customers(n, rng)
    # June changes: about 12% of the regulars visit much less; complaints in May (5%) mostly end visits.
    regular = cust["profile"] != "occasional"
    dropping = (regular & (rng.random(n) < 0.12)).to_numpy()
    complained = rng.random(n) < 0.05
    complained[:2] = True  # at least two complaints, so the red rule always has cases
    stays_after_complaint = rng.random(n) < 0.25
    suggestion = rng.random(n) < 0.06
    suggestion[2] = True
    rows = []
    for month in MONTHS:
        period = pd.Period(month, freq="M")
        june = month == MONTHS[1]
        for i, c in cust.iterrows():
            rate = c["rate"]
            if june and dropping[i]:
                rate *= 0.3
            if june and complained[i] and not stays_after_complaint[i]:
                rate = 0.0
            # regulars are steadier than a Poisson count: binomial with variance about rate / 3
            trials = int(np.ceil(rate * 1.5))
            k = int(rng.binomial(trials, rate / trials)) if trials > 0 else 0
            if not june and complained[i]:
                k = max(k, 1)  # a complaint is about a meal they had
            days = np.sort(rng.integers(1, period.days_in_month + 1, size=k))
            for day in days:
                guests = int(max(1, rng.poisson(c["party"] - 1) + 1))
                per_head = c["per_head"] * rng.lognormal(0.0, 0.15)
                rows.append(
                    (
                        c["customer_id"],
                        pd.Timestamp(year=period.year, month=period.month, day=int(day)),
                        "dinner" if rng.random() < 0.65 else "lunch",
                        guests,
                        float(round(guests * per_head)),
                    )
                )
    visits = pd.DataFrame(rows, columns=["customer_id", "date", "meal", "guests", "spend"])
    visits = visits.sort_values(["date", "customer_id", "meal"], kind="stable").reset_index(drop=True)
    fb_rows = []
    for i, c in cust.iterrows():
        if complained[i]:
            fb_rows.append((c["customer_id"], pd.Timestamp(2024, 5, int(rng.integers(1, 32))), "complaint"))
        if suggestion[i]:
            fb_rows.append((c["customer_id"], pd.Timestamp(2024, 6, int(rng.integers(1, 31))), "suggestion"))
    feedback = pd.DataFrame(fb_rows, columns=["customer_id", "date", "kind"])
    feedback = feedback.sort_values(["date", "customer_id"], kind="stable").reset_index(drop=True)
    return visits, feedback


def generate_attendance() -> pd.DataFrame:
    """The visits table with the default seed (the file ``crmlib/datasets/files/restaurant_attendance.csv``)."""
    return generate()[0]


def generate_feedback() -> pd.DataFrame:
    """The feedback log with the default seed (the file ``crmlib/datasets/files/restaurant_feedback.csv``)."""
    return generate()[1]


_PROV_ZH = f"合成数据,由 crmlib.datasets.synth.restaurant 以种子 {SEED} 生成。"
_PROV_EN = f"synthetic, generated by crmlib.datasets.synth.restaurant with seed {SEED}"

TABLES = [
    Table(
        name="restaurant_attendance",
        file="restaurant_attendance.csv",
        title_zh="华膳楼酒店重点客户到店记录（2024 年 5–6 月，合成）",
        title_en="Fulihua Huashanlou restaurant: key customers' visits (May–June 2024, synthetic)",
        description_zh=(
            "富丽华·华膳楼酒店案例（种子文件 000）的两个月客户考勤：每行一次到店（午市、晚市分别计次），"
            "记录就餐人数和消费金额。用于月度汇总、客户定级和警报客户。"
        ),
        description_en=(
            "Two months of the attendance sheet of the Fulihua Huashanlou restaurant case (seed file 000): one row "
            "per visit (lunch and dinner count separately) with party size and bill. Used for monthly totals, "
            "grading and alerts."
        ),
        provenance_zh=_PROV_ZH,
        provenance_en=_PROV_EN,
        generate=generate_attendance,
        columns=(
            Column("customer_id", "str", "客户编号", "customer id"),
            Column("date", "date", "到店日期", "date of the visit"),
            Column("meal", "category", "餐次（午市 lunch / 晚市 dinner）", "meal (lunch / dinner)", allowed=("lunch", "dinner")),
            Column("guests", "int", "就餐人数", "people at the table", unit="人 / people", min=1, max=60),
            Column("spend", "float", "本次消费金额", "amount of the bill", unit="元 / yuan", min=0, max=20000),
        ),
    ),
    Table(
        name="restaurant_feedback",
        file="restaurant_feedback.csv",
        title_zh="华膳楼酒店客户意见记录（2024 年 5–6 月，合成）",
        title_en="Fulihua Huashanlou restaurant: customer feedback log (May–June 2024, synthetic)",
        description_zh="销售经理记录的客户投诉和建议，每行一条；与到店记录一起用于判断黄灯、红灯客户。",
        description_en="Complaints and suggestions logged by the sales managers, one row each; with the visits, "
        "they decide the yellow and red alerts.",
        provenance_zh=_PROV_ZH,
        provenance_en=_PROV_EN,
        generate=generate_feedback,
        columns=(
            Column("customer_id", "str", "客户编号", "customer id"),
            Column("date", "date", "记录日期", "date logged"),
            Column("kind", "category", "类型（投诉 complaint / 建议 suggestion）", "kind (complaint / suggestion)",
                   allowed=("complaint", "suggestion")),
        ),
    ),
]
