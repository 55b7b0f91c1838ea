"""Dick's supermarket (迪克超市): a seeded world of households, shelf prices, weekly deals and
baskets, for the case in ``source/cases/dicks_supermarket.md``.

Households have traits (size, a dog, a cat, a baby, a liking for vegetables) that set how often
they need each of 16 product categories and how much of it. Each week a household buys what it
needs, and buys each category either at Dick's or at a rival store: the probability of Dick's is
the household's share of wallet. Dick's only ever sees its own till rolls (the basket table);
the households table also holds the true share of wallet, which in real life Dick's would not
know. Every number here is illustrative, chosen for teaching, not measured.

Examples
--------
>>> hh = generate_households(n=5, seed=1)
>>> hh.columns.tolist()
['household_id', 'size', 'has_dog', 'has_cat', 'has_baby', 'veg_lover', 'sow', 'weekly_need']
>>> generate_households(n=50, seed=3).equals(generate_households(n=50, seed=3))
True
>>> deals = generate_deals(weeks=4, seed=1)
>>> len(deals) == 4 * len(CATEGORIES)
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmlib import validation as v
from crmlib.datasets import Column, Table

SEED = 20260505
"""Default seed of every table of the case."""

# name: (unit shelf price USD, weekly purchase probability, mean units for a 2-person household,
#        gross margin rate, segment whose members get personal offers on it)
_CATEGORY_SPEC: dict[str, tuple[float, float, float, float, str]] = {
    "vegetables": (1.80, 0.60, 4.0, 0.35, "veg"),
    "fruit": (2.20, 0.50, 3.0, 0.35, "veg"),
    "dairy": (2.60, 0.70, 3.0, 0.25, ""),
    "bakery": (3.20, 0.60, 2.0, 0.40, ""),
    "meat": (7.50, 0.50, 1.8, 0.25, ""),
    "seafood": (9.50, 0.15, 1.2, 0.25, ""),
    "frozen": (4.00, 0.35, 2.0, 0.30, ""),
    "snacks": (2.80, 0.45, 2.0, 0.35, ""),
    "beverages": (4.50, 0.50, 2.0, 0.30, ""),
    "pantry": (3.00, 0.55, 2.5, 0.28, ""),
    "household": (5.50, 0.25, 1.5, 0.30, ""),
    "personal_care": (4.80, 0.20, 1.5, 0.35, ""),
    "dog_food": (14.00, 0.50, 1.3, 0.30, "dog"),
    "cat_food": (9.00, 0.55, 1.5, 0.30, "cat"),
    "baby_food": (3.50, 0.75, 4.0, 0.30, "baby"),
    "diapers": (13.00, 0.50, 1.2, 0.22, "baby"),
}

CATEGORIES: tuple[str, ...] = tuple(_CATEGORY_SPEC)
"""The product categories, in a fixed order (their index is used in arrays)."""
UNIT_PRICE = np.array([s[0] for s in _CATEGORY_SPEC.values()])
"""Regular shelf price of one unit, USD, by category."""
BASE_PROB = np.array([s[1] for s in _CATEGORY_SPEC.values()])
"""Chance that an average household needs the category in a given week."""
BASE_UNITS = np.array([s[2] for s in _CATEGORY_SPEC.values()])
MARGIN = np.array([s[3] for s in _CATEGORY_SPEC.values()])
"""Gross margin rate by category (share of the selling price Dick's keeps)."""
CATEGORY_SEGMENT: dict[str, str] = {c: s[4] for c, s in _CATEGORY_SPEC.items()}
SEGMENTS: tuple[str, ...] = ("dog", "cat", "baby", "veg")
"""Household segments that Dick's infers from the history and targets with offers."""
NEVER_SHARE = 0.2
"""Chance that a household never buys a given everyday category."""
_VEG_PROB = {"vegetables": 0.9, "fruit": 0.75}
PREVALENCE: dict[str, float] = {"dog": 0.28, "cat": 0.22, "baby_if_3plus": 0.35, "veg": 0.30}
"""Share of households with a dog, a cat, a baby (among households of 3 or more), a taste for vegetables."""
SIZE_PROBS = (0.22, 0.33, 0.18, 0.17, 0.07, 0.03)
"""Distribution of household size 1..6."""
TYPICAL_SPEND = UNIT_PRICE * BASE_UNITS
"""What one purchase of the category costs for a 2-person household, USD."""
_C = {c: i for i, c in enumerate(CATEGORIES)}
MAX_WEEKS = 52


def _popularity() -> np.ndarray:
    share_baby = PREVALENCE["baby_if_3plus"] * sum(SIZE_PROBS[2:])
    everyday = np.array([CATEGORY_SEGMENT[c] == "" for c in CATEGORIES])
    pop = np.where(everyday, BASE_PROB * (1 - NEVER_SHARE), BASE_PROB)
    pop[_C["dog_food"]] *= PREVALENCE["dog"]
    pop[_C["cat_food"]] *= PREVALENCE["cat"]
    pop[_C["baby_food"]] *= share_baby
    pop[_C["diapers"]] *= share_baby
    pop[_C["vegetables"]] = (1 - PREVALENCE["veg"]) * BASE_PROB[_C["vegetables"]] + PREVALENCE["veg"] * _VEG_PROB["vegetables"]
    pop[_C["fruit"]] = (1 - PREVALENCE["veg"]) * BASE_PROB[_C["fruit"]] + PREVALENCE["veg"] * _VEG_PROB["fruit"]
    return pop


POPULARITY = _popularity()
"""Share of all households buying the category in a given week: common trade knowledge, which a
rival has as well as Dick's."""


def generate_households(n: int = 2000, seed: int = SEED) -> pd.DataFrame:
    """``n`` households with their traits and their true share of wallet at Dick's.

    Parameters
    ----------
    n : int
        Number of households (>= 1).
    seed : int
        Seed of the random generator; the same seed gives the same table.

    Returns
    -------
    DataFrame
        ``household_id`` (1..n), ``size`` (persons), ``has_dog``, ``has_cat``, ``has_baby``,
        ``veg_lover``, ``sow`` (true share of grocery spending done at Dick's, 0–1) and
        ``weekly_need`` (expected grocery spending at all stores, USD per week).

    Examples
    --------
    >>> hh = generate_households(n=1000, seed=2)
    >>> bool(hh["sow"].between(0, 1).all()), int(hh["household_id"].max())
    (True, 1000)
    """
    seed = v.check_seed(seed)
    n = v.check_count(n, "n", minimum=1)
    rng = np.random.default_rng(seed)
    size = rng.choice(np.arange(1, 7), size=n, p=SIZE_PROBS)
    has_baby = (size >= 3) & (rng.random(n) < PREVALENCE["baby_if_3plus"])
    has_dog = rng.random(n) < PREVALENCE["dog"]
    has_cat = rng.random(n) < PREVALENCE["cat"]
    veg_lover = rng.random(n) < PREVALENCE["veg"]
    sow = np.round(rng.beta(2.2, 1.8, size=n), 3)
    frame = pd.DataFrame(
        {
            "household_id": np.arange(1, n + 1),
            "size": size,
            "has_dog": has_dog,
            "has_cat": has_cat,
            "has_baby": has_baby,
            "veg_lover": veg_lover,
            "sow": sow,
        }
    )
    model = household_model(frame)
    frame["weekly_need"] = np.round((model.prob * model.units * UNIT_PRICE).sum(axis=1), 2)
    return frame


@dataclass(frozen=True)
class HouseholdModel:
    """How each household shops: arrays of shape (households, categories)."""

    household_id: np.ndarray
    prob: np.ndarray
    """Chance of needing the category in a week."""
    units: np.ndarray
    """Mean units bought when the category is needed (>= 1)."""
    share: np.ndarray
    """Chance that a purchase of the category is made at Dick's (share of wallet)."""


def household_model(households: pd.DataFrame, taste_seed: int = SEED) -> HouseholdModel:
    """Turn household traits into weekly purchase probabilities, quantities and store choice.

    Besides the traits in the table, every household has its own taste for the everyday
    categories (drawn from ``taste_seed`` and the household id, so the same household always
    has the same taste): about one household in five never buys a given category, and the
    others buy it from 0.3 to 1.7 times as often as average. This is what makes personal lists
    better than a list built for "the average shopper".

    Examples
    --------
    >>> m = household_model(generate_households(n=3, seed=1))
    >>> m.prob.shape == (3, len(CATEGORIES))
    True
    """
    cols = ["household_id", "size", "has_dog", "has_cat", "has_baby", "veg_lover", "sow"]
    v.require_columns(households, cols, "households")
    taste_seed = v.check_seed(taste_seed, "taste_seed")
    ids = v.check_numeric_column(households, "household_id", "households").to_numpy().astype(np.int64)
    size = v.check_score_column(households, "size", "households").to_numpy()
    sow = v.check_numeric_column(households, "sow", "households", minimum=0, maximum=1).to_numpy()
    flags = {k: households[k].to_numpy().astype(bool) for k in ("has_dog", "has_cat", "has_baby", "veg_lover")}
    n = len(households)
    prob = np.tile(BASE_PROB, (n, 1))
    for cat, trait in (("dog_food", "has_dog"), ("cat_food", "has_cat"), ("baby_food", "has_baby"), ("diapers", "has_baby")):
        prob[:, _C[cat]] = np.where(flags[trait], BASE_PROB[_C[cat]], 0.0)
    veg = flags["veg_lover"]
    prob[veg, _C["vegetables"]] = _VEG_PROB["vegetables"]
    prob[veg, _C["fruit"]] = _VEG_PROB["fruit"]
    # Taste: one row per household id (ids index a table drawn once from the seed).
    # A stream of its own ([seed, 1]), so that tastes are independent of the shopping draws that
    # other functions make from default_rng(seed).
    rng = np.random.default_rng([taste_seed, 1])
    max_id = int(ids.max()) if n else 0
    if ids.min(initial=1) < 1:
        raise v.CRMInputError(v.t("error.column_out_of_range", table="households", column="household_id", low=1, high="∞", row=int(np.argmin(ids)), value=int(ids.min())))
    never = rng.random((max_id, len(CATEGORIES)))[ids - 1] < NEVER_SHARE
    taste = 0.3 + 1.4 * rng.random((max_id, len(CATEGORIES)))[ids - 1]
    everyday = np.array([CATEGORY_SEGMENT[c] == "" for c in CATEGORIES])
    prob[:, everyday] = np.where(never[:, everyday], 0.0, np.minimum(prob[:, everyday] * taste[:, everyday], 0.95))
    units = BASE_UNITS[None, :] * (size[:, None] / 2.0) ** 0.7
    units[veg, _C["vegetables"]] *= 2.0
    # Pet food and nappies scale with the pet or baby, not with the household size.
    for cat in ("dog_food", "cat_food", "baby_food", "diapers"):
        units[:, _C[cat]] = BASE_UNITS[_C[cat]]
    units = np.maximum(units, 1.0)
    share = np.tile(sow[:, None], (1, len(CATEGORIES)))
    return HouseholdModel(household_id=ids, prob=prob, units=units, share=share)


def generate_deals(weeks: int = MAX_WEEKS, seed: int = SEED) -> pd.DataFrame:
    """The public side of the business: each week's shelf price and weekly-ad deal per category.

    Every week three categories are on deal (10–30 % off) in the weekly ad; shelf prices drift a
    little around the regular price. Anyone, a rival included, can see this table.

    Parameters
    ----------
    weeks : int
        Number of weeks (1..52).
    seed : int
        Seed of the random generator.

    Returns
    -------
    DataFrame
        ``week``, ``category``, ``shelf_price``, ``discount`` (0 when not on deal) and
        ``deal_price`` = shelf price after the deal, rounded to cents.

    Examples
    --------
    >>> d = generate_deals(weeks=2, seed=1)
    >>> int((d["discount"] > 0).sum())
    6
    """
    seed = v.check_seed(seed)
    weeks = v.check_count(weeks, "weeks", minimum=1)
    if weeks > MAX_WEEKS:
        raise v.CRMInputError(v.t("supermarket_errors.too_many_weeks", name="weeks", high=MAX_WEEKS, value=weeks))
    rng = np.random.default_rng(seed)
    n_cat = len(CATEGORIES)
    shelf = np.round(UNIT_PRICE[None, :] * (1 + rng.normal(0, 0.02, size=(weeks, n_cat))), 2)
    discount = np.zeros((weeks, n_cat))
    for w in range(weeks):
        on_deal = rng.choice(n_cat, size=3, replace=False)
        discount[w, on_deal] = rng.choice([0.10, 0.15, 0.20, 0.25, 0.30], size=3)
    return pd.DataFrame(
        {
            "week": np.repeat(np.arange(1, weeks + 1), n_cat),
            "category": np.tile(np.array(CATEGORIES, dtype=object), weeks),
            "shelf_price": shelf.ravel(),
            "discount": discount.ravel(),
            "deal_price": np.round(shelf * (1 - discount), 2).ravel(),
        }
    )


def draw_week(
    model: HouseholdModel,
    deal_price: np.ndarray,
    rng: np.random.Generator,
    *,
    at_dicks_anyway: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One week of shopping for every household.

    Parameters
    ----------
    model : HouseholdModel
    deal_price : array of shape (categories,)
        Unit price this week (after the public deal).
    rng : numpy Generator
    at_dicks_anyway : bool array (households, categories), optional
        Purchases that go to Dick's whatever the share of wallet (an offer the household acts on).

    Returns
    -------
    units, spend_all, at_dicks : arrays (households, categories)
        Units bought at any store, their cost (USD, rounded to cents), and whether at Dick's.

    Examples
    --------
    >>> m = household_model(generate_households(n=4, seed=1))
    >>> u, s, d = draw_week(m, UNIT_PRICE, np.random.default_rng(0))
    >>> bool((s[~d] >= 0).all()) and u.shape == (4, len(CATEGORIES))
    True
    """
    shape = model.prob.shape
    deal_price = v.check_array(deal_price, "deal_price", minimum=0)
    if deal_price.shape != (len(CATEGORIES),):
        raise v.CRMInputError(v.t("error.length_mismatch", name="deal_price", expected=len(CATEGORIES), got=deal_price.size))
    need = rng.random(shape) < model.prob
    units = np.where(need, 1 + rng.poisson(model.units - 1.0), 0)
    at_dicks = rng.random(shape) < model.share
    if at_dicks_anyway is not None:
        at_dicks |= at_dicks_anyway
    at_dicks &= need
    spend = np.round(units * deal_price[None, :], 2)
    return units, spend, at_dicks


def generate_baskets(
    households: pd.DataFrame | None = None,
    deals: pd.DataFrame | None = None,
    weeks: int = MAX_WEEKS,
    seed: int = SEED,
) -> pd.DataFrame:
    """Dick's till rolls: one row per household, week and category bought at Dick's.

    This is what Dick's knows; purchases at rival stores leave no row. Use it at full size
    (say 10,000 households) for benchmarks; the shipped file holds a sample.

    Parameters
    ----------
    households : DataFrame, optional
        From :func:`generate_households` (default: its defaults).
    deals : DataFrame, optional
        From :func:`generate_deals` (default: its defaults).
    weeks : int
        Number of weeks (1..52, and no more than the deals cover).
    seed : int
        Seed of the random generator.

    Returns
    -------
    DataFrame
        ``household_id``, ``week``, ``category``, ``units``, ``price`` (unit price paid, after
        the public deal) and ``amount`` (USD, cents).

    Examples
    --------
    >>> b = generate_baskets(generate_households(n=20, seed=1), generate_deals(4, seed=1), weeks=4, seed=1)
    >>> b.columns.tolist()
    ['household_id', 'week', 'category', 'units', 'price', 'amount']
    >>> bool((b["amount"] > 0).all())
    True
    """
    seed = v.check_seed(seed)
    households = generate_households() if households is None else households
    deals = generate_deals() if deals is None else deals
    weeks = v.check_count(weeks, "weeks", minimum=1)
    prices = deal_price_matrix(deals, weeks)
    model = household_model(households)
    rng = np.random.default_rng(seed)
    parts = []
    for w in range(weeks):
        units, spend, at_dicks = draw_week(model, prices[w], rng)
        h, c = np.nonzero(at_dicks)
        parts.append((np.full(len(h), w + 1), model.household_id[h], c, units[h, c], spend[h, c]))
    week, hid, cat, unit, amount = (np.concatenate(p) for p in zip(*parts))
    order = np.lexsort((cat, week, hid))
    out = pd.DataFrame(
        {
            "household_id": hid[order],
            "week": week[order],
            "category": np.array(CATEGORIES, dtype=object)[cat[order]],
            "units": unit[order].astype(np.int64),
            "price": prices[week[order] - 1, cat[order]],
            "amount": amount[order],
        }
    )
    return out


def deal_price_matrix(deals: pd.DataFrame, weeks: int) -> np.ndarray:
    """Unit prices after the public deal as an array (weeks, categories), weeks 1..``weeks``.

    Examples
    --------
    >>> deal_price_matrix(generate_deals(3, seed=1), 3).shape == (3, len(CATEGORIES))
    True
    """
    return _deal_matrix(deals, weeks, "deal_price")


def _deal_matrix(deals: pd.DataFrame, weeks: int, column: str, required: object = None) -> np.ndarray:
    """Column of the deals table as (weeks, categories); weeks in ``required`` (default all) must be complete."""
    weeks = v.check_count(weeks, "weeks", minimum=1)
    v.require_columns(deals, ["week", "category", column], "deals")
    week = v.check_score_column(deals, "week", "deals").to_numpy().astype(np.int64)
    v.check_category_column(deals, "category", "deals", CATEGORIES)
    values = v.check_numeric_column(deals, column, "deals", minimum=0, maximum=1 if column == "discount" else None).to_numpy()
    cat = pd.Categorical(deals["category"].astype(str), categories=CATEGORIES).codes
    out = np.full((weeks, len(CATEGORIES)), np.nan)
    keep = week <= weeks
    out[week[keep] - 1, cat[keep]] = values[keep]
    rows = np.arange(weeks) if required is None else np.asarray(required, dtype=np.int64) - 1
    if np.isnan(out[rows]).any():
        w = int(rows[np.isnan(out[rows]).any(axis=1)][0]) + 1
        raise v.CRMInputError(v.t("supermarket_errors.deals_missing_week", table="deals", week=w))
    return out


def _default_households() -> pd.DataFrame:
    return generate_households()


def _default_deals() -> pd.DataFrame:
    return generate_deals()


SAMPLE_HOUSEHOLDS = 400
"""How many households the shipped basket file covers (the first ids of the households table)."""


def _default_baskets() -> pd.DataFrame:
    households = generate_households().head(SAMPLE_HOUSEHOLDS)
    return generate_baskets(households, generate_deals(), weeks=MAX_WEEKS, seed=SEED)


_PROV_ZH = "合成数据，由 crmlib.datasets.synth.supermarket 以种子 {seed} 生成（函数 {fn}）；参数为教学示例，并非实测。"
_PROV_EN = "synthetic, generated by crmlib.datasets.synth.supermarket with seed {seed} (function {fn}); the parameters are illustrative, not measured."
_CAT_ZH = "商品品类（16 类，如 vegetables 蔬菜、dog_food 狗粮、diapers 尿布）"
_CAT_EN = "product category (16, e.g. vegetables, dog_food, diapers)"

TABLES = [
    Table(
        name="supermarket_households",
        file="supermarket_households.csv",
        title_zh="迪克超市：家庭及其特征",
        title_en="Dick's supermarket: households and their traits",
        description_zh="2,000 个家庭，每户一行：人口、是否养狗/养猫、是否有婴儿、是否爱买蔬菜、在迪克超市的真实钱包份额和每周食品杂货需求。钱包份额只有模拟里才知道，现实中超市看不到。",
        description_en="2,000 households, one row each: size, dog, cat, baby, vegetable lover, the true share of wallet at Dick's and the weekly grocery need. The share of wallet is known only in the simulation; a real store cannot see it.",
        provenance_zh=_PROV_ZH.format(fn="generate_households", seed=SEED),
        provenance_en=_PROV_EN.format(fn="generate_households", seed=SEED),
        generate=_default_households,
        columns=(
            Column("household_id", "int", "家庭编号", "household id", min=1, unique=True),
            Column("size", "int", "家庭人口", "persons in the household", unit="persons", min=1, max=6),
            Column("has_dog", "bool", "是否养狗", "has a dog"),
            Column("has_cat", "bool", "是否养猫", "has a cat"),
            Column("has_baby", "bool", "是否有婴幼儿", "has a baby or toddler"),
            Column("veg_lover", "bool", "是否常买大量蔬菜", "buys a lot of vegetables"),
            Column("sow", "float", "在迪克超市的真实钱包份额（食品杂货支出中花在迪克的比例）",
                   "true share of wallet at Dick's (share of grocery spending done there)", unit="share", min=0, max=1),
            Column("weekly_need", "float", "每周在所有商店的预期食品杂货支出", "expected weekly grocery spending at all stores",
                   unit="USD/week", min=0),
        ),
    ),
    Table(
        name="supermarket_deals",
        file="supermarket_deals.csv",
        title_zh="迪克超市：每周货架价格与广告特价",
        title_en="Dick's supermarket: weekly shelf prices and advertised deals",
        description_zh="52 周 × 16 个品类，每行一周一个品类：货架价格、周广告折扣（0 表示无特价）和特价后价格。这是竞争对手也能看到的公开信息。",
        description_en="52 weeks × 16 categories, one row per week and category: shelf price, weekly-ad discount (0 = no deal) and price after the deal. This is public: a rival sees it too.",
        provenance_zh=_PROV_ZH.format(fn="generate_deals", seed=SEED),
        provenance_en=_PROV_EN.format(fn="generate_deals", seed=SEED),
        generate=_default_deals,
        columns=(
            Column("week", "int", "周次", "week of the year", unit="week", min=1, max=MAX_WEEKS),
            Column("category", "category", _CAT_ZH, _CAT_EN, allowed=CATEGORIES),
            Column("shelf_price", "float", "货架单价", "shelf price of one unit", unit="USD", min=0),
            Column("discount", "float", "周广告折扣率（0 表示无特价）", "weekly-ad discount rate (0 = no deal)", unit="rate", min=0, max=1),
            Column("deal_price", "float", "特价后单价", "unit price after the deal", unit="USD", min=0),
        ),
    ),
    Table(
        name="supermarket_baskets",
        file="supermarket_baskets.csv",
        title_zh="迪克超市：每周购物篮（品类级，样本）",
        title_en="Dick's supermarket: weekly baskets by category (sample)",
        description_zh=f"家庭表中前 {SAMPLE_HOUSEHOLDS} 户在 52 周里于迪克超市的购买,每行一户一周一个品类。在竞争对手处的购买没有记录:这正是超市能看到的全部。",
        description_en=f"What the first {SAMPLE_HOUSEHOLDS} households of the households table bought at Dick's over 52 weeks, one row per household, week and category. Purchases at rival stores leave no row: this is all the store sees.",
        provenance_zh=_PROV_ZH.format(fn="generate_baskets", seed=SEED),
        provenance_en=_PROV_EN.format(fn="generate_baskets", seed=SEED),
        generate=_default_baskets,
        columns=(
            Column("household_id", "int", "家庭编号", "household id", min=1, max=SAMPLE_HOUSEHOLDS),
            Column("week", "int", "周次", "week of the year", unit="week", min=1, max=MAX_WEEKS),
            Column("category", "category", _CAT_ZH, _CAT_EN, allowed=CATEGORIES),
            Column("units", "int", "购买件数", "units bought", unit="units", min=1),
            Column("price", "float", "实付单价（已含周广告特价）", "unit price paid (after the weekly-ad deal)", unit="USD", min=0),
            Column("amount", "float", "金额", "amount spent", unit="USD", min=0),
        ),
    ),
]
