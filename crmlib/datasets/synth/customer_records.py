"""Messy multi-source customer records for chapter 2 (识别客户): the same people seen through a
supermarket's store-card forms, its web shop and its call-centre log, with every flaw a real
customer file has: spaces inside names, six ways to write a phone number, upper-case e-mails,
"王先生" instead of a full name, missing fields, typing errors, people who changed their phone.

Each row keeps ``person_id``, the real person behind it (the generator's *truth*), so that a
deduplication rule can be scored: how many of the pairs it merges are really one person
(precision), and how many true pairs it finds (recall). A real file has no such column.

Names are drawn from common surnames and given-name characters, e-mail addresses use only the
reserved ``example.com/.net/.org`` domains, and phone numbers come from a block that cannot
belong to anyone (:data:`FICTIONAL_PREFIX`): 11-digit numbers beginning ``10000``. Mainland
mobile numbers begin 13–19; numbers beginning 10 are carriers' short service codes (10000 is
China Telecom's service hotline, 10086 China Mobile's), never a subscriber's number, mobile or
fixed-line (fixed-line numbers are dialled with a 0 trunk prefix and never start with 1).

Examples
--------
>>> df = generate(n_people=30, seed=1)
>>> sorted(df["source"].unique())
['call_centre', 'store_card', 'web_order']
>>> bool(df["record_id"].is_unique), int(df["person_id"].nunique())
(True, 30)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmlib import validation as v
from crmlib.datasets import Column, Table

DEFAULT_SEED = 20240807
"""Seed of the shipped ``crmlib/datasets/files/customer_records.csv``."""

SOURCES: tuple[str, ...] = ("store_card", "web_order", "call_centre")

FICTIONAL_PREFIX = "10000"
"""First five digits of every synthetic phone number: ``10000`` followed by six digits is an
11-digit number no person can hold (mainland mobile numbers begin 13–19; 10 heads the carriers'
short service codes such as 10000 and 10086). The block has 10**6 numbers, few enough for
chapter 2 to enumerate them all when it shows why a salted hash of a phone number is weak.
Typing errors only touch the six free digits, so a mistyped number stays in the block."""

_FREE_DIGITS = 11 - len(FICTIONAL_PREFIX)


def _fictional_number(rng: np.random.Generator) -> str:
    """A random number of the :data:`FICTIONAL_PREFIX` block."""
    return FICTIONAL_PREFIX + "".join(map(str, rng.integers(0, 10, _FREE_DIGITS)))


def _phone_typo(digits: str, rng: np.random.Generator) -> str:
    """One wrong digit among the free digits of an 11-digit number (the block prefix is kept)."""
    head, tail = digits[:-_FREE_DIGITS], digits[-_FREE_DIGITS:]
    return head + _typo(tail, rng, "0123456789")

_SURNAMES = {
    "王": "wang", "李": "li", "张": "zhang", "刘": "liu", "陈": "chen", "杨": "yang", "黄": "huang",
    "赵": "zhao", "吴": "wu", "周": "zhou", "徐": "xu", "孙": "sun", "马": "ma", "朱": "zhu",
    "胡": "hu", "郭": "guo", "何": "he", "林": "lin", "罗": "luo", "高": "gao",
}
# Surnames drawn with unequal weights, as in China (王, 李, 张 are by far the most common).
_SURNAME_WEIGHTS = np.array([9, 9, 8, 6, 5, 4, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2], dtype=float)
_GIVEN = {
    "伟": "wei", "芳": "fang", "娜": "na", "敏": "min", "静": "jing", "丽": "li", "强": "qiang",
    "磊": "lei", "军": "jun", "洋": "yang", "勇": "yong", "艳": "yan", "杰": "jie", "涛": "tao",
    "明": "ming", "超": "chao", "秀": "xiu", "英": "ying", "华": "hua", "平": "ping", "刚": "gang",
    "桂": "gui", "兰": "lan", "玉": "yu", "鹏": "peng", "辉": "hui", "建": "jian", "国": "guo",
    "晓": "xiao", "红": "hong",
}
_CITIES = ("北京", "上海", "广州", "深圳", "杭州", "南京", "成都", "武汉")
_DOMAINS = ("example.com", "example.net", "example.org")
_FULLWIDTH = str.maketrans("0123456789+-() ", "０１２３４５６７８９＋－（）\u3000")


def _phone_format(digits: str, style: int) -> str:
    """Write an 11-digit mobile number in one of the ways people and systems write it."""
    a, b, c = digits[:3], digits[3:7], digits[7:]
    return [
        digits,                      # 13812345678
        f"{a}-{b}-{c}",              # 138-1234-5678
        f"{a} {b} {c}",              # 138 1234 5678
        f"+86 {digits}",             # +86 13812345678
        f"(+86){a}-{b}-{c}",         # (+86)138-1234-5678
        digits.translate(_FULLWIDTH),  # full-width digits typed with a Chinese IME
    ][style]


def _typo(text: str, rng: np.random.Generator, alphabet: str) -> str:
    """Replace one character of ``text`` by a different character of ``alphabet``."""
    i = int(rng.integers(len(text)))
    choices = [ch for ch in alphabet if ch != text[i]]
    return text[:i] + choices[int(rng.integers(len(choices)))] + text[i + 1 :]


def _people(n: int, rng: np.random.Generator) -> pd.DataFrame:
    surnames = list(_SURNAMES)
    given = list(_GIVEN)
    s_idx = rng.choice(len(surnames), size=n, p=_SURNAME_WEIGHTS / _SURNAME_WEIGHTS.sum())
    two = rng.random(n) < 0.6
    g1 = rng.integers(len(given), size=n)
    g2 = rng.integers(len(given), size=n)
    rows = []
    for i in range(n):
        sur = surnames[s_idx[i]]
        giv = given[g1[i]] + (given[g2[i]] if two[i] else "")
        pin = "".join(_GIVEN[ch] for ch in giv) + _SURNAMES[sur]
        rows.append(
            {
                "person_id": i + 1,
                "surname": sur,
                "name": sur + giv,
                "gender": "F" if rng.random() < 0.5 else "M",
                "phone": _fictional_number(rng),
                "phone2": _fictional_number(rng),
                "changed_phone": bool(rng.random() < 0.05),
                "email": f"{pin}{int(rng.integers(1, 1000))}@{_DOMAINS[int(rng.integers(3))]}",
                "city": _CITIES[int(rng.integers(len(_CITIES)))],
                "weekly_spend": float(np.round(rng.lognormal(np.log(30), 0.6), 2)),
            }
        )
    return pd.DataFrame(rows)


def generate(
    n_people: int = 500,
    *,
    typo_rate: float = 0.03,
    missing_rate: float = 0.1,
    seed: int = DEFAULT_SEED,
    start: str = "2024-01-01",
    days: int = 365,
) -> pd.DataFrame:
    """Generate the messy customer records of ``n_people`` real people.

    Parameters
    ----------
    n_people : int
        Number of real people (the truth); each appears in one to three sources, sometimes
        more than once in a source.
    typo_rate : float
        Probability that a phone number is typed with one wrong digit (and half of it that an
        e-mail address has one wrong letter).
    missing_rate : float
        Probability that a field a source normally records was left empty.
    seed : int
        Seed of ``numpy.random.default_rng``.
    start, days :
        Records are dated uniformly in ``days`` days from ``start``.

    Returns
    -------
    pandas.DataFrame
        One row per record: ``record_id``, ``source``, ``recorded_on``, ``name``, ``phone``,
        ``email``, ``city``, ``amount`` (money spent in the record, yuan; 0 for calls) and
        ``person_id`` (the truth). Sorted by date.

    Examples
    --------
    >>> df = generate(n_people=5, seed=3)
    >>> list(df.columns)
    ['record_id', 'source', 'recorded_on', 'name', 'phone', 'email', 'city', 'amount', 'person_id']
    >>> bool((df["amount"] >= 0).all())
    True
    """
    seed = v.check_seed(seed)


    v.check_date(start, "start")
    n_people = v.check_count(n_people, "n_people", minimum=1)
    typo_rate = v.check_rate(typo_rate, "typo_rate")
    missing_rate = v.check_rate(missing_rate, "missing_rate")
    days = v.check_count(days, "days", minimum=1)
    rng = np.random.default_rng(seed)
    people = _people(n_people, rng)
    t0 = pd.Timestamp(start)
    letters = "abcdefghijklmnopqrstuvwxyz"

    rows: list[dict[str, object]] = []
    for p in people.itertuples(index=False):
        in_src = rng.random(3) < np.array([0.75, 0.5, 0.3])
        if not in_src.any():
            in_src[int(rng.integers(3))] = True
        counts = [
            1 + int(rng.random() < 0.12) if in_src[0] else 0,  # a second card (lost card re-issued)
            1 + int(rng.poisson(0.8)) if in_src[1] else 0,  # web orders
            1 + int(rng.random() < 0.3) if in_src[2] else 0,  # calls
        ]
        for s, source in enumerate(SOURCES):
            for _ in range(counts[s]):
                day = int(rng.integers(days))
                # Phone: a person who changed numbers uses the new one in the second half-year.
                phone = p.phone2 if p.changed_phone and day >= days // 2 else p.phone
                if rng.random() < typo_rate:
                    phone = _phone_typo(phone, rng)
                if source == "store_card":
                    name = p.name if rng.random() < 0.7 else " ".join(p.name)  # 王 伟 on a paper form
                    style = int(rng.choice([0, 1, 2, 5], p=[0.4, 0.25, 0.25, 0.1]))
                    email_p, city_p = 0.35, 1.0
                    amount = round(float(p.weekly_spend) * float(rng.uniform(4, 12)), 2)
                elif source == "web_order":
                    name = p.name + (" " if rng.random() < 0.3 else "")
                    style = int(rng.choice([0, 3, 4], p=[0.5, 0.3, 0.2]))
                    email_p, city_p = 1.0, 1.0
                    amount = round(float(p.weekly_spend) * float(rng.uniform(0.5, 2.5)), 2)
                else:  # call centre: the agent types "王先生 / 王女士" and the caller-ID number
                    name = p.name if rng.random() < 0.4 else p.surname + ("女士" if p.gender == "F" else "先生")
                    style = int(rng.choice([0, 1, 5], p=[0.6, 0.2, 0.2]))
                    email_p, city_p = 0.15, 0.5
                    amount = 0.0
                email: str | None = None
                if rng.random() < email_p * (1 - missing_rate):
                    email = p.email
                    if rng.random() < typo_rate / 2:
                        local, dom = email.split("@")
                        email = _typo(local, rng, letters) + "@" + dom
                    r = rng.random()
                    if r < 0.2:
                        email = email.upper()
                    elif r < 0.4:
                        email = email.capitalize()
                    if rng.random() < 0.1:
                        email = " " + email + " "
                city: str | None = None
                if rng.random() < city_p * (1 - missing_rate):
                    city = p.city + ("市" if rng.random() < 0.3 else "")
                rows.append(
                    {
                        "source": source,
                        "day": day,
                        "name": name if rng.random() >= missing_rate / 2 else None,
                        "phone": _phone_format(phone, style) if rng.random() >= missing_rate else None,
                        "email": email,
                        "city": city,
                        "amount": amount,
                        "person_id": int(p.person_id),
                    }
                )
    out = pd.DataFrame(rows).sort_values(["day", "person_id", "source"], kind="stable").reset_index(drop=True)
    prefix = out["source"].map({"store_card": "S", "web_order": "W", "call_centre": "C"})
    serial = out.groupby("source").cumcount() + 1
    out.insert(0, "record_id", prefix + serial.map("{:05d}".format))
    out.insert(2, "recorded_on", t0 + pd.to_timedelta(out.pop("day"), unit="D"))
    return out[["record_id", "source", "recorded_on", "name", "phone", "email", "city", "amount", "person_id"]]


def add_typos(records: pd.DataFrame, rate: float, *, seed: int = 0) -> pd.DataFrame:
    """Return a copy of ``records`` with extra typing errors: each non-missing phone gets one
    wrong digit (among its last six, so a number of the :data:`FICTIONAL_PREFIX` block stays
    in it) with probability ``rate``, each non-missing e-mail one wrong letter with probability
    ``rate / 2``. The truth column is unchanged.

    Examples
    --------
    >>> df = pd.DataFrame({"phone": ["10000123456"], "email": ["a@example.com"], "person_id": [1]})
    >>> out = add_typos(df, 1.0, seed=0)
    >>> sum(a != b for a, b in zip(out.loc[0, "phone"], "10000123456")), out.loc[0, "phone"][:5]
    (1, '10000')
    """
    v.require_columns(records, ["phone", "email"], "records")
    rate = v.check_rate(rate, "rate")
    rng = np.random.default_rng(v.check_seed(seed))
    out = records.copy()
    for col, p, alphabet in (("phone", rate, "0123456789"), ("email", rate / 2, "abcdefghijklmnopqrstuvwxyz")):
        values = out[col].tolist()
        hit = rng.random(len(values)) < p
        for i in np.flatnonzero(hit):
            x = values[i]
            if not isinstance(x, str) or not x:
                continue
            if col == "email" and "@" in x:
                local, dom = x.split("@", 1)
                values[i] = (_typo(local, rng, alphabet) if local else local) + "@" + dom
            else:
                digit_pos = [j for j, ch in enumerate(x) if ch.isdigit()][-_FREE_DIGITS:]
                if digit_pos:
                    j = digit_pos[int(rng.integers(len(digit_pos)))]
                    values[i] = x[:j] + _typo(x[j], rng, alphabet if x[j] in alphabet else alphabet) + x[j + 1 :]
        out[col] = pd.Series(values, index=out.index, dtype=object)
    return out


def _default() -> pd.DataFrame:
    return generate()


TABLES = [
    Table(
        name="customer_records",
        file="customer_records.csv",
        title_zh="多来源客户记录（会员卡、网店订单、呼叫中心）",
        title_en="Multi-source customer records (store cards, web orders, call centre)",
        description_zh=(
            "一家超市从三个渠道收集到的客户记录，同一个人可能出现多次：姓名里有空格、电话号码写法不一、"
            "邮箱大小写不同、呼叫中心只记“王先生”、字段缺失、录入错误、有人换了手机号。"
            "person_id 是生成器知道的真实身份，用来检验去重规则的准确率与召回率；真实数据没有这一列。"
        ),
        description_en=(
            "Customer records a supermarket collected through three channels; one person may appear "
            "several times: spaces inside names, phone numbers written in different ways, e-mails in "
            "mixed case, call-centre entries such as '王先生', missing fields, typing errors, people who "
            "changed their phone. person_id is the true identity known to the generator, used to score a "
            "deduplication rule's precision and recall; real data has no such column."
        ),
        provenance_zh=(
            f"合成数据，由 crmlib.datasets.synth.customer_records 以种子 {DEFAULT_SEED} 生成；邮箱只用保留域名 example.*；"
            f"电话号码全部是 {FICTIONAL_PREFIX} 开头的 11 位数字，不可能属于任何人：中国大陆手机号以 13–19 开头，"
            "10 开头的是运营商的短服务号码（10000 是中国电信客服，10086 是中国移动客服），"
            "固定电话本地号码也不以 1 开头。录入错误只改后六位，号码仍在这个号段内。"
        ),
        provenance_en=(
            f"synthetic, generated by crmlib.datasets.synth.customer_records with seed {DEFAULT_SEED}; e-mails use only "
            f"the reserved example.* domains; every phone number is an 11-digit number beginning {FICTIONAL_PREFIX}, "
            "which cannot belong to anyone: mainland mobile numbers begin 13-19, numbers beginning 10 are the carriers' "
            "short service codes (10000 is China Telecom's service line, 10086 China Mobile's), and fixed-line local "
            "numbers never begin with 1. Typing errors change only the last six digits, so numbers stay in the block."
        ),
        generate=_default,
        columns=(
            Column("record_id", "str", "记录编号（S 会员卡 / W 网店 / C 呼叫中心 + 序号）",
                   "record id (S store card / W web order / C call centre + serial)", unique=True),
            Column("source", "category", "记录来源渠道", "channel the record came from", allowed=SOURCES),
            Column("recorded_on", "date", "记录日期", "date of the record"),
            Column("name", "str", "录入的姓名（未清洗）", "name as typed (not cleaned)", nullable=True),
            Column("phone", "str", "录入的电话（未清洗，写法各异）", "phone as typed (not cleaned, many formats)", nullable=True),
            Column("email", "str", "录入的电子邮箱（未清洗）", "e-mail as typed (not cleaned)", nullable=True),
            Column("city", "str", "城市（可能带“市”字或缺失）", "city（may carry 市 or be missing）", nullable=True),
            Column("amount", "float", "该记录的消费金额（呼叫中心为 0）", "money spent in the record (0 for calls)",
                   unit="元 yuan", min=0),
            Column("person_id", "int", "真实身份编号（生成器的“标准答案”）", "true identity (the generator's answer key)", min=1),
        ),
    )
]
