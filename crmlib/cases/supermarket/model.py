"""Dick's supermarket (迪克超市), the model: who gets a list, what is on it, and the programme.

The case (seed file 004, "迪克超市的秘密"): customers who spend more than $25 a week receive,
every two weeks, a shopping list built from their own purchase history, current prices and
deals: dog or cat food offers for pet owners, baby goods for families with a baby, vegetable
offers for vegetable buyers. The most loyal also get $30–40 of coupons. Scanning the list or the
club card at the till redeems the offers and updates the history, which shapes the next list.
Rivals can read Dick's shelf prices and weekly ads, but not the lists: each one is different.

This module holds the programme itself:

- :func:`history`, :func:`weekly_spend`, :func:`eligibility` — what Dick's knows and who
  qualifies for a list;
- :func:`build_lists`, :func:`lists_for_year`, :func:`public_list` — lists with a reason per line
  (the rules in :data:`DEFAULTS`), and the list a rival could build from public information only;
- :func:`simulate_programme` → :class:`Programme` — a randomised campaign (treatment vs control)
  on the synthetic households of :mod:`crmlib.datasets.synth.supermarket`, with redemption
  feeding back into the history; :func:`household_outcomes` — one row per household in it.

Measuring it (lift with its test and interval, ROI, scenarios, hit rates) is in
:mod:`crmlib.cases.supermarket.analysis`; the figures in :mod:`crmlib.cases.supermarket.figures`;
showing lists and the dashboard in :mod:`crmlib.cases.supermarket.views` and
:mod:`crmlib.cases.supermarket.widgets`.

Examples
--------
>>> import pandas as pd
>>> from crmlib import i18n; i18n.set_language("en")
>>> baskets = pd.DataFrame({"household_id": [1, 1, 1, 1], "week": [1, 2, 3, 4],
...                         "category": ["dog_food"] * 4, "amount": [30.0] * 4})
>>> deals = generate_deals(weeks=6, seed=1)
>>> build_lists(baskets, deals, week=5)[["household_id", "category", "reason"]]
   household_id  category reason
0             1  dog_food  offer
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal, NamedTuple

import numpy as np
import pandas as pd

from crmlib import validation as v
from crmlib.datasets.synth.supermarket import (
    CATEGORIES,
    CATEGORY_SEGMENT,
    MARGIN,
    MAX_WEEKS,
    POPULARITY,
    SEED,
    SEGMENTS,
    TYPICAL_SPEND,
    HouseholdModel,
    _deal_matrix,
    deal_price_matrix,
    generate_deals,
    generate_households,
    household_model,
)
from crmlib.i18n import t

__all__ = [
    "CATEGORIES",
    "DEFAULTS",
    "REASONS",
    "RIVAL_MATCH",
    "RIVAL_RAMP",
    "History",
    "Programme",
    "build_lists",
    "check_baskets",
    "eligibility",
    "generate_deals",
    "history",
    "household_outcomes",
    "lists_for_year",
    "public_list",
    "simulate_programme",
    "weekly_spend",
]

REASONS: tuple[str, ...] = ("usual", "deal", "offer", "ad")
"""Why a line is on a list: ``usual`` a regular purchase; ``deal`` a regular purchase that is in
this week's public ad; ``offer`` a private offer for a segment the household belongs to (pet,
baby, vegetables); ``ad`` a line of a list built from public information only."""

_N_CAT = len(CATEGORIES)
_CAT_INDEX = {c: i for i, c in enumerate(CATEGORIES)}
# Segment membership matrix: which categories each segment's offers cover (segments x categories).
_SEGMENT_CATS = np.array([[CATEGORY_SEGMENT[c] == s for c in CATEGORIES] for s in SEGMENTS])
_SEGMENT_TRIGGER = {"dog": ("dog_food",), "cat": ("cat_food",), "baby": ("baby_food", "diapers")}
_USUAL, _DEAL, _OFFER, _AD, _NONE = 0, 1, 2, 3, -1

DEFAULTS: dict[str, Any] = {
    "threshold": 25.0,
    "list_length": 8,
    "lookback": 8,
    "coupon_value": 35.0,
    "loyal_regularity": 1.0,
    "loyal_spend": 90.0,
    "offer_discount": 0.05,
    "veg_share": 0.6,
}
"""Default programme rules: $25 a week to qualify (the case), 8 lines, 8 weeks of history,
$35 of coupons for the most loyal (the case says $30–40); most loyal = visited in every one of
the look-back weeks and spending at least $90 a week (our reading of "most of their everyday
spending here", since Dick's cannot see spending elsewhere; it keeps the coupons to about one
treated household in ten: with $60 a week half of them get coupons, which then mostly pay for
purchases they would have made anyway, and the programme loses money); 5 % private offers on
top of any public deal (10 % costs more in discounts on habitual purchases than it brings in);
vegetable buyer = bought vegetables in 60 % of the weeks. ``analysis.scenario_table`` and the
dashboard show where these choices stop paying."""


# --- input checks and the history cube ---------------------------------------------------------

def _check_week(value: object, name: str, low: int = 1, high: int = MAX_WEEKS) -> int:
    out = v.check_count(value, name)
    if not low <= out <= high:
        raise v.CRMInputError(t("supermarket_errors.week_range", name=name, low=low, high=high, value=value))
    return out


def _check_params(params: dict[str, Any]) -> dict[str, Any]:
    p = {**DEFAULTS, **params}
    unknown = set(params) - set(DEFAULTS)
    if unknown:
        name = sorted(unknown)[0]
        raise v.CRMInputError(t("error.choice", name="parameter", allowed=", ".join(DEFAULTS), value=name))
    p["threshold"] = v.check_nonnegative(p["threshold"], "threshold")
    p["list_length"] = v.check_count(p["list_length"], "list_length", minimum=1)
    p["lookback"] = v.check_count(p["lookback"], "lookback", minimum=1)
    p["coupon_value"] = v.check_nonnegative(p["coupon_value"], "coupon_value")
    p["loyal_regularity"] = v.check_rate(p["loyal_regularity"], "loyal_regularity")
    p["loyal_spend"] = v.check_nonnegative(p["loyal_spend"], "loyal_spend")
    p["offer_discount"] = v.check_rate(p["offer_discount"], "offer_discount")
    p["veg_share"] = v.check_rate(p["veg_share"], "veg_share")
    return p


def check_baskets(baskets: object, name: str = "baskets") -> pd.DataFrame:
    """Check a basket table: household id, week, category, amount (and price, units if present).

    Raises :class:`~crmlib.validation.CRMInputError` naming the column: a missing household id,
    a week below 1, an unknown category, a negative amount or price.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> bad = pd.DataFrame({"household_id": [1], "week": [1], "category": ["caviar"], "amount": [9.0]})
    >>> check_baskets(bad)
    Traceback (most recent call last):
    ...
    crmlib.validation.CRMInputError: column category of table baskets has an unknown value 'caviar' (row 0); allowed values: vegetables, fruit, dairy, bakery, meat, seafood, frozen, snacks, beverages, pantry, household, personal_care, dog_food, cat_food, baby_food, diapers.
    """
    frame = v.require_columns(baskets, ["household_id", "week", "category", "amount"], name)
    v.check_numeric_column(frame, "household_id", name)
    week = v.check_numeric_column(frame, "week", name, minimum=1, maximum=MAX_WEEKS)
    if (week != np.floor(week)).any():
        row = week.index[week != np.floor(week)][0]
        raise v.CRMInputError(t("error.not_integer", name=f"{name}.week[{row}]", value=week.loc[row]))
    v.check_category_column(frame, "category", name, CATEGORIES)
    v.check_numeric_column(frame, "amount", name, minimum=0)
    for col in ("price", "units"):
        if col in frame.columns:
            v.check_numeric_column(frame, col, name, minimum=0)
    return frame


@dataclass(frozen=True)
class History:
    """What Dick's knows: spend by household, week and category as an array.

    ``spend[w, h, c]`` is household ``household_id[h]``'s spend at Dick's in week ``w + 1`` on
    category ``CATEGORIES[c]`` (USD).
    """

    household_id: np.ndarray
    spend: np.ndarray

    def index_of(self, ids: object, name: str = "household_id") -> np.ndarray:
        """Row positions of household ids, raising for an id Dick's has never seen."""
        ids = np.atleast_1d(np.asarray(ids))
        pos = np.searchsorted(self.household_id, ids)
        pos = np.clip(pos, 0, len(self.household_id) - 1)
        bad = self.household_id[pos] != ids
        if bad.any():
            raise v.CRMInputError(t("supermarket_errors.unknown_household", name="baskets", value=ids[bad][0]))
        return pos


def history(baskets: pd.DataFrame, weeks: int | None = None) -> History:
    """Turn a basket table into a :class:`History` array (households × weeks × categories).

    Parameters
    ----------
    baskets : DataFrame
        Columns ``household_id``, ``week`` (1..52), ``category``, ``amount``.
    weeks : int, optional
        Number of weeks to hold (default: the last week in the table).

    Examples
    --------
    >>> b = pd.DataFrame({"household_id": [7, 7, 9], "week": [1, 2, 2],
    ...                   "category": ["meat", "meat", "fruit"], "amount": [10.0, 5.0, 2.5]})
    >>> h = history(b)
    >>> h.household_id.tolist(), h.spend.shape
    ([7, 9], (2, 2, 16))
    >>> float(h.spend[:, 0, CATEGORIES.index("meat")].sum())
    15.0
    """
    frame = check_baskets(baskets)
    ids, hpos = np.unique(frame["household_id"].to_numpy().astype(np.int64), return_inverse=True)
    week = frame["week"].to_numpy().astype(np.int64)
    n_weeks = int(week.max()) if weeks is None else _check_week(weeks, "weeks")
    keep = week <= n_weeks
    cat = pd.Categorical(frame["category"], categories=CATEGORIES).codes.astype(np.int64)
    flat = ((week[keep] - 1) * len(ids) + hpos[keep]) * _N_CAT + cat[keep]
    spend = np.bincount(flat, weights=frame["amount"].to_numpy(dtype=float)[keep], minlength=len(ids) * n_weeks * _N_CAT)
    return History(household_id=ids, spend=spend.reshape(n_weeks, len(ids), _N_CAT))


# --- who qualifies -----------------------------------------------------------------------------

def weekly_spend(baskets: pd.DataFrame) -> pd.DataFrame:
    """Spend at Dick's per household and week, weeks without a visit included as 0.

    Examples
    --------
    >>> b = pd.DataFrame({"household_id": [1, 1, 2], "week": [1, 3, 2],
    ...                   "category": ["meat", "fruit", "dairy"], "amount": [20.0, 5.0, 8.0]})
    >>> weekly_spend(b).query("household_id == 1")["spend"].tolist()
    [20.0, 0.0, 5.0]
    """
    h = history(baskets)
    n_w, n_h, _ = h.spend.shape
    return pd.DataFrame(
        {
            "household_id": np.repeat(h.household_id, n_w),
            "week": np.tile(np.arange(1, n_w + 1), n_h),
            "spend": np.round(h.spend.sum(axis=2).T.ravel(), 2),
        }
    )


def eligibility(baskets: pd.DataFrame, week: int, threshold: float = 25.0, window: int = 4) -> pd.DataFrame:
    """Who gets a list for ``week``: average weekly spend over the ``window`` weeks before it.

    A week without a visit counts as $0 (a household that shops elsewhere half the time does
    not qualify on its good weeks alone).

    Parameters
    ----------
    baskets : DataFrame
        The basket table (``household_id``, ``week``, ``category``, ``amount``).
    week : int
        The week the list is for (2..52); weeks ``week - window`` … ``week - 1`` are used.
    threshold : float
        Minimum average weekly spend, USD (the case: $25).
    window : int
        Number of weeks averaged (fewer at the start of the data).

    Returns
    -------
    DataFrame
        ``household_id``, ``avg_weekly_spend``, ``weeks_visited``, ``eligible``.

    Examples
    --------
    >>> b = pd.DataFrame({"household_id": [1, 1, 2, 2], "week": [1, 2, 1, 2],
    ...                   "category": ["meat"] * 4, "amount": [30.0, 24.0, 60.0, 0.5]})
    >>> eligibility(b, week=3, window=2)
       household_id  avg_weekly_spend  weeks_visited  eligible
    0             1             27.00              2      True
    1             2             30.25              2      True
    >>> eligibility(b, week=3, threshold=28, window=2)["eligible"].tolist()
    [False, True]
    """
    week = _check_week(week, "week", low=2)
    threshold = v.check_nonnegative(threshold, "threshold")
    window = v.check_count(window, "window", minimum=1)
    h = history(baskets, weeks=week - 1)
    spend = h.spend[max(0, week - 1 - window) : week - 1].sum(axis=2)
    avg = spend.mean(axis=0)
    return pd.DataFrame(
        {
            "household_id": h.household_id,
            "avg_weekly_spend": np.round(avg, 2),
            "weeks_visited": (spend > 0).sum(axis=0),
            "eligible": avg >= threshold - 1e-9,
        }
    )


# --- the lists ---------------------------------------------------------------------------------

class _Plan(NamedTuple):
    eligible: np.ndarray  # (H,)
    loyal: np.ndarray  # (H,)
    cats: np.ndarray  # (H, k) category index, -1 = empty line
    reason: np.ndarray  # (H, k)
    discount: np.ndarray  # (H, k)
    coupon: np.ndarray  # (H, k)
    times: np.ndarray  # (H, k) weeks bought in the look-back window
    usual: np.ndarray  # (H, k) average spend when bought
    mask: np.ndarray  # (H, C) category is on the list
    reason_all: np.ndarray  # (H, C) reason each category would have
    coupon_each: np.ndarray  # (H,) coupon on each line of the household's list


def _plan(
    window: np.ndarray, ever: np.ndarray, deal: np.ndarray, p: dict[str, Any], elig_window: int = 4, detail: bool = True
) -> _Plan:
    """Vectorised list building for every household at once.

    window : (L, H, C) Dick's spend in the look-back weeks (oldest first); ever : (H, C) bought
    at Dick's at any time so far; deal : (C,) public discount of the list's week.
    """
    weekly = window.sum(axis=2)  # (L, H)
    return _plan_stats((window > 0).sum(axis=0), window.sum(axis=0), weekly, ever, deal, p, elig_window, detail)


def _plan_stats(
    times: np.ndarray,
    total: np.ndarray,
    weekly: np.ndarray,
    ever: np.ndarray,
    deal: np.ndarray,
    p: dict[str, Any],
    elig_window: int = 4,
    detail: bool = True,
) -> _Plan:
    """:func:`_plan` from window summaries: weeks bought and spend per (H, C), weekly spend (L, H)."""
    n_l = weekly.shape[0]
    n_h, n_c = times.shape
    k = min(p["list_length"], n_c)
    usual = np.divide(total, times, out=np.zeros(total.shape), where=times > 0)
    recent = weekly[max(0, n_l - elig_window) :]
    avg = recent.sum(axis=0) / max(recent.shape[0], 1)
    eligible = avg >= p["threshold"] - 1e-9
    regularity = (weekly > 0).sum(axis=0) / max(n_l, 1)
    loyal = eligible & (regularity >= p["loyal_regularity"] - 1e-9) & (avg >= p["loyal_spend"] - 1e-9)
    # Segments Dick's infers from the history: pet food or baby goods ever bought, or vegetables
    # bought in most weeks of the window.
    member = np.zeros((n_h, len(SEGMENTS)), dtype=bool)
    for s, segment in enumerate(SEGMENTS):
        if segment == "veg":
            member[:, s] = times[:, _CAT_INDEX["vegetables"]] >= p["veg_share"] * n_l
        else:
            member[:, s] = ever[:, [_CAT_INDEX[c] for c in _SEGMENT_TRIGGER[segment]]].any(axis=1)
    offer_ok = (member.astype(np.int8) @ _SEGMENT_CATS.astype(np.int8)) > 0
    usual_ok = times > 0
    deal_ok = usual_ok & (deal > 0)[None, :]
    reason = np.where(offer_ok, _OFFER, np.where(deal_ok, _DEAL, np.where(usual_ok, _USUAL, _NONE)))
    # A private offer comes on top of any public deal: total discount off the shelf price.
    with_offer = 1.0 - (1.0 - deal[None, :]) * (1.0 - p["offer_discount"])
    discount = np.where(reason == _OFFER, with_offer, np.where(reason == _DEAL, deal[None, :], 0.0))
    expected = np.where(usual_ok, times / max(n_l, 1) * usual, 0.25 * TYPICAL_SPEND[None, :])
    score = np.where(reason == _NONE, -np.inf, expected * (1.0 + 2.0 * discount))
    order = np.argsort(-score.astype(np.float32), axis=1, kind="stable")[:, :k]
    rows = np.arange(n_h)[:, None]
    valid = np.take_along_axis(score, order, axis=1) > -np.inf
    valid &= eligible[:, None]
    n_lines = valid.sum(axis=1)
    per_line = np.divide(p["coupon_value"], n_lines, out=np.zeros(n_h), where=n_lines > 0)
    coupon_each = np.where(loyal, np.floor(per_line * 100 + 1e-9) / 100, 0.0)
    mask = np.zeros((n_h, n_c), dtype=bool)
    np.put_along_axis(mask, order, valid, axis=1)
    if not detail:
        return _Plan(eligible, loyal, order, reason, discount, coupon_each, times, usual, mask, reason, coupon_each)
    return _Plan(
        eligible=eligible,
        loyal=loyal,
        cats=np.where(valid, order, -1),
        reason=np.where(valid, reason[rows, order], _NONE),
        discount=np.where(valid, discount[rows, order], 0.0),
        coupon=np.where(valid, coupon_each[:, None], 0.0),
        times=np.where(valid, times[rows, order], 0),
        usual=np.where(valid, np.round(usual[rows, order], 2), 0.0),
        mask=mask,
        reason_all=reason,
        coupon_each=coupon_each,
    )


def _plan_frame(h: History, plan: _Plan, week: int, rows: np.ndarray | None = None) -> pd.DataFrame:
    cats = plan.cats if rows is None else plan.cats[rows]
    ids = h.household_id if rows is None else h.household_id[rows]
    sel = (lambda a: a) if rows is None else (lambda a: a[rows])
    keep = cats >= 0
    hh, line = np.nonzero(keep)
    return pd.DataFrame(
        {
            "household_id": ids[hh],
            "list_week": np.full(len(hh), week, dtype=np.int64),
            "line": line + 1,
            "category": pd.Categorical.from_codes(cats[keep], categories=CATEGORIES),
            "reason": pd.Categorical.from_codes(sel(plan.reason)[keep], categories=REASONS),
            "times_bought": sel(plan.times)[keep].astype(np.int64),
            "usual_spend": sel(plan.usual)[keep],
            "discount": sel(plan.discount)[keep],
            "coupon": sel(plan.coupon)[keep],
        }
    )


def _discounts(deals: pd.DataFrame, weeks: int, required: object = None) -> np.ndarray:
    return _deal_matrix(deals, weeks, "discount", required)


def build_lists(
    baskets: pd.DataFrame,
    deals: pd.DataFrame,
    week: int,
    *,
    households: list[int] | None = None,
    **rules: Any,
) -> pd.DataFrame:
    """The personalised lists mailed before ``week``, one row per line, each with its reason.

    A list goes to every household whose average weekly spend over the last 4 weeks reaches the
    ``threshold``. Its lines come from the household's own history in the ``lookback`` weeks
    before ``week`` and from the deals of ``week``:

    - ``offer``: a private offer (``offer_discount``, on top of any public deal) for a segment Dick's infers from the
      history: dog food for dog-food buyers, cat food for cat-food buyers, baby food and nappies
      for families buying either, vegetables and fruit for households buying vegetables in at
      least ``veg_share`` of the weeks;
    - ``deal``: something the household buys that is in this week's public ad;
    - ``usual``: a regular purchase, as a reminder.

    Lines are ranked by expected spend (share of weeks bought × usual spend) raised by the
    discount; a list never holds a category the household neither buys nor qualifies for.
    The most loyal households (visiting in at least ``loyal_regularity`` of the look-back weeks
    and spending at least ``loyal_spend`` a week over the last 4) also get ``coupon_value``
    dollars of coupons, split evenly over their lines (rounded down to cents).

    Parameters
    ----------
    baskets : DataFrame
        ``household_id``, ``week``, ``category``, ``amount`` (see :func:`check_baskets`).
    deals : DataFrame
        ``week``, ``category``, ``discount`` for every category of ``week`` (the weekly ad).
    week : int
        The first week the list is valid for (2..52); history up to ``week - 1`` is used.
    households : list of int, optional
        Only these households (default: all in ``baskets``).
    **rules
        ``threshold`` (25), ``list_length`` (8), ``lookback`` (8), ``coupon_value`` (35),
        ``loyal_regularity`` (1.0), ``loyal_spend`` (90), ``offer_discount`` (0.05),
        ``veg_share`` (0.6); see :data:`DEFAULTS`.

    Returns
    -------
    DataFrame
        ``household_id``, ``list_week``, ``line``, ``category``, ``reason`` (see
        :data:`REASONS`), ``times_bought`` (weeks in the look-back window), ``usual_spend`` (USD
        when bought), ``discount`` (rate off the shelf price, public deal and private offer
        together) and ``coupon`` (USD).

    Examples
    --------
    A household that bought meat every week and dairy once, with meat in this week's ad:

    >>> b = pd.DataFrame({"household_id": [1] * 5, "week": [1, 2, 3, 4, 4],
    ...                   "category": ["meat"] * 4 + ["dairy"], "amount": [20, 24, 26, 30, 6.0]})
    >>> d = pd.DataFrame({"week": 5, "category": CATEGORIES,
    ...                   "discount": [0.2 if c == "meat" else 0.0 for c in CATEGORIES]})
    >>> lst = build_lists(b, d, week=5, lookback=4, coupon_value=30, loyal_spend=25)
    >>> lst[["category", "reason", "times_bought", "usual_spend", "discount", "coupon"]]
      category reason  times_bought  usual_spend  discount  coupon
    0     meat   deal             4         25.0       0.2    15.0
    1    dairy  usual             1          6.0       0.0    15.0
    """
    p = _check_params(rules)
    week = _check_week(week, "week", low=2)
    h = history(baskets, weeks=week - 1)
    deal = _discounts(deals, week, [week])[week - 1]
    rows = None if households is None else h.index_of(households)
    spend = h.spend if rows is None else h.spend[:, rows]
    window = spend[max(0, week - 1 - p["lookback"]) : week - 1]
    plan = _plan(window, spend.any(axis=0), deal, p)
    sub = h if rows is None else History(h.household_id[rows], spend)
    return _plan_frame(sub, plan, week)


def lists_for_year(
    baskets: pd.DataFrame,
    deals: pd.DataFrame,
    *,
    first_week: int | None = None,
    last_week: int = MAX_WEEKS,
    **rules: Any,
) -> pd.DataFrame:
    """Every list of the year: one round every two weeks from ``first_week`` to ``last_week``.

    The history is read once into an array; each round reuses it, so 10,000 households over a
    year take about a second (see ``benchmarks/bench_supermarket.py``).

    Parameters
    ----------
    baskets, deals : DataFrame
        As for :func:`build_lists`.
    first_week : int, optional
        Week of the first round (default: ``lookback + 1``).
    last_week : int
        Last week a round may start (default 52).
    **rules
        As for :func:`build_lists`.

    Examples
    --------
    >>> from crmlib.datasets.synth.supermarket import generate_baskets, generate_households
    >>> d = generate_deals(weeks=20, seed=1)
    >>> b = generate_baskets(generate_households(n=30, seed=1), d, weeks=20, seed=1)
    >>> lists = lists_for_year(b, d, first_week=9, last_week=20)
    >>> sorted(lists["list_week"].unique().tolist())
    [9, 11, 13, 15, 17, 19]
    """
    p = _check_params(rules)
    first = p["lookback"] + 1 if first_week is None else _check_week(first_week, "first_week", low=2)
    last = _check_week(last_week, "last_week", low=first)
    h = history(baskets, weeks=last)
    deal = _discounts(deals, last, range(first, last + 1, 2))
    spend = h.spend
    ever = spend[: first - 1].any(axis=0)
    frames = []
    for week in range(first, last + 1, 2):
        if week > first:
            ever |= spend[week - 3 : week - 1].any(axis=0)
        window = spend[max(0, week - 1 - p["lookback"]) : week - 1]
        frames.append(_plan_frame(h, _plan(window, ever, deal[week - 1], p), week))
    return pd.concat(frames, ignore_index=True)


def public_list(deals: pd.DataFrame, week: int, list_length: int = 8) -> pd.DataFrame:
    """The best list a rival can build: only shelf prices and the weekly ad, the same for everyone.

    Lines are the categories on deal in ``week`` (deepest discount first), then the categories
    most households buy (general knowledge of the trade, the same for every household).

    Examples
    --------
    >>> d = pd.DataFrame({"week": 3, "category": CATEGORIES,
    ...                   "discount": [0.3 if c == "seafood" else 0.0 for c in CATEGORIES]})
    >>> public_list(d, week=3, list_length=3)
       line    category reason  discount
    0     1     seafood     ad       0.3
    1     2  vegetables     ad       0.0
    2     3       fruit     ad       0.0
    """
    week = _check_week(week, "week")
    k = min(v.check_count(list_length, "list_length", minimum=1), _N_CAT)
    deal = _discounts(deals, week, [week])[week - 1]
    order = np.lexsort((-POPULARITY, -deal))[:k]
    return pd.DataFrame(
        {
            "line": np.arange(1, k + 1),
            "category": pd.Categorical.from_codes(order, categories=CATEGORIES),
            "reason": pd.Categorical.from_codes(np.full(k, _AD), categories=REASONS),
            "discount": deal[order],
        }
    )


# --- the campaign ------------------------------------------------------------------------------

REFERENCE_COUPON = 35.0
"""``coupon_response`` is the extra redemption chance $35 of coupons (the story's amount) buys;
other amounts pull proportionally."""

RIVAL_MATCH = 0.8
"""Default share of the publicly visible list lines a rival has matched once it has caught up
(an assumption of the simulation: rivals read Dick's weekly ad and can print the same
public-information list; they cannot see a household's personal list)."""

RIVAL_RAMP = 3
"""Fortnights a rival needs to catch up: in fortnight ``f`` (0, 1, ...) of the programme the
matched share is ``rival_match × min(1, (f + 1) / RIVAL_RAMP)`` (about six weeks; an assumption)."""

GOOD_FIT, POOR_FIT = 0.6, 0.3
"""A list whose lines the household needs in 60 % of weeks on average is used fully; one whose
lines it needs in 30 % of weeks or less goes in the bin; in between, use rises linearly (an
assumption of the simulation, not a measured fact)."""


class _Draws(NamedTuple):
    units: np.ndarray  # (W, H, C) units needed (0 = not needed that week)
    store_u: np.ndarray  # (W, H, C) uniform: bought at Dick's if below the share of wallet
    intent_u: np.ndarray  # (F, H, C) uniform: acts on a list line if below its redemption chance
    key: np.ndarray  # (H,) random order for the treatment / control split


_DRAW_CACHE: dict[tuple[object, ...], _Draws] = {}


def _draws(model: HouseholdModel, n_weeks: int, n_fort: int, seed: int) -> _Draws:
    """All random numbers of a run, drawn up front from ``default_rng(seed)``.

    They do not depend on the programme's rules, so a dashboard that moves a slider re-uses
    them (kept for the last few worlds) and compares settings on the same shoppers' luck.
    """
    digest = hashlib.sha1(model.prob.tobytes() + model.units.tobytes() + model.household_id.tobytes()).hexdigest()
    key = (digest, n_weeks, n_fort, seed)
    if key not in _DRAW_CACHE:
        rng = np.random.default_rng(seed)
        shape = (n_weeks, *model.prob.shape)
        need = rng.random(shape) < model.prob[None]
        units = np.where(need, 1 + rng.poisson(np.broadcast_to(model.units - 1.0, shape)), 0).astype(np.int16)
        store_u = rng.random(shape, dtype=np.float32)
        intent_u = rng.random((n_fort, *model.prob.shape), dtype=np.float32)
        if len(_DRAW_CACHE) >= 3:
            _DRAW_CACHE.pop(next(iter(_DRAW_CACHE)))
        _DRAW_CACHE[key] = _Draws(units, store_u, intent_u, rng.random(model.prob.shape[0]))
    return _DRAW_CACHE[key]


class _Baseline(NamedTuple):
    # Spending at any store in week w is ``draws.units[w] * prices[w]``, computed when needed:
    # kept for every week it would cost 9 MB (float64) per cached world in each learner's kernel.
    all_spend: np.ndarray  # (H, W) weekly spending at any store
    cat_spend: np.ndarray  # (pre, H, C) spending at Dick's before the programme
    margin: np.ndarray  # (H, pre)
    cum_times: np.ndarray  # (pre + 1, H, C)
    cum_spend: np.ndarray  # (pre + 1, H, C)
    week_total: np.ndarray  # (pre, H)


_BASE_CACHE: dict[tuple[object, ...], tuple[_Draws, _Baseline]] = {}


def _baseline(model: HouseholdModel, prices: np.ndarray, draws: _Draws, pre: int) -> _Baseline:
    """Spending at all stores, and the weeks before the programme: the same for every rule setting."""
    key = (id(draws), hashlib.sha1(prices.tobytes() + model.share.tobytes()).hexdigest(), pre)
    if key not in _BASE_CACHE:
        spend_all = draws.units * prices[:, None, :]
        cat_spend = np.where(draws.store_u[:pre] < model.share[None], spend_all[:pre], 0.0)
        zero = np.zeros((1, *model.prob.shape))
        if len(_BASE_CACHE) >= 3:
            _BASE_CACHE.pop(next(iter(_BASE_CACHE)))
        # Keeping the draws alive with the entry means their id cannot be reused while cached.
        _BASE_CACHE[key] = draws, _Baseline(
            all_spend=spend_all.sum(axis=2).T,
            cat_spend=cat_spend,
            margin=(cat_spend @ MARGIN).T,
            cum_times=np.concatenate([zero, np.cumsum(cat_spend > 0, axis=0)]).astype(np.int16),
            cum_spend=np.concatenate([zero, np.cumsum(cat_spend, axis=0)]),
            week_total=cat_spend.sum(axis=2),
        )
    return _BASE_CACHE[key][1]


@dataclass
class Programme:
    """Result of :func:`simulate_programme`. Arrays are indexed by household (row of ``households``)."""

    household_id: np.ndarray
    group: np.ndarray  # "treatment", "control" or "" (not in the experiment)
    pre_weeks: int
    programme_weeks: int
    dicks_spend: np.ndarray  # (H, W) weekly spend at Dick's
    all_spend: np.ndarray  # (H, W) weekly grocery spend at all stores
    dicks_margin: np.ndarray  # (H, W) gross margin Dick's earns
    lists: np.ndarray  # (H,) lists received
    lines: np.ndarray
    redeemed: np.ndarray
    hits: np.ndarray
    offer_cost: np.ndarray
    coupon_cost: np.ndarray
    params: dict[str, Any] = field(default_factory=dict)


def simulate_programme(
    households: pd.DataFrame,
    deals: pd.DataFrame,
    *,
    pre_weeks: int = 12,
    programme_weeks: int = 26,
    redemption_rate: float = 0.3,
    coupon_response: float = 0.2,
    habit: float = 0.05,
    control_share: float = 0.5,
    list_source: Literal["private", "public"] = "private",
    rival_match: float = RIVAL_MATCH,
    seed: int = SEED,
    **rules: Any,
) -> Programme:
    """Run the programme as a randomised experiment on synthetic households.

    Weeks 1..``pre_weeks`` are ordinary shopping. Households eligible at the end of that period
    form the experiment; a random ``control_share`` of them gets no list (the control group).
    Then, every two weeks, each treated household that is still eligible receives a list
    (:func:`build_lists` rules, or the rival-style :func:`public_list` when
    ``list_source="public"``). For each listed category it intends, with probability
    ``redemption_rate`` (+ ``coupon_response`` × coupon value / $35 on lines carrying a coupon),
    scaled down when the list fits the household's needs poorly, to buy it at Dick's;
    if it needs the category in those two weeks, the purchase goes to Dick's instead of a rival.
    Any purchase of a listed category at Dick's redeems the line (the card is scanned at the
    till), which costs Dick's the private offer's discount and the coupon, and enters the
    history that the next list is built from. A redeemed category becomes a little more of a
    habit at Dick's (its share of wallet rises by ``habit`` × the gap to 1).

    Rivals copy what they can see. Every line of a public-information list, and the ``deal``
    lines of a personal list (they repeat the public weekly ad), can be matched by a rival; a
    matched line gives the household no reason to buy at Dick's rather than at the rival, so its
    purchase intention is lost, and buying it at Dick's builds no habit (the rival has the same
    price). The matched share grows from the first fortnight to
    ``rival_match`` after :data:`RIVAL_RAMP` fortnights. Personal offers, reminders and coupons
    are printed on one household's list only: no rival sees them, so they are never matched.

    Parameters
    ----------
    households : DataFrame
        From :func:`crmlib.datasets.synth.supermarket.generate_households` (or the shipped file).
    deals : DataFrame
        Weekly shelf prices and deals covering ``pre_weeks + programme_weeks`` weeks.
    pre_weeks, programme_weeks : int
        Lengths of the two periods (programme weeks are rounded up to whole fortnights).
    redemption_rate, coupon_response, habit, control_share : float
        Response assumptions (rates in 0–1).
    list_source : {"private", "public"}
    rival_match : float
        Share (0–1) of the publicly visible list lines rivals have matched once they caught up
        (default :data:`RIVAL_MATCH`); 0 simulates rivals that never react.
    seed : int
        Seed of the random generator; the same seed gives the same result.
    **rules
        List rules as for :func:`build_lists`.

    Examples
    --------
    >>> from crmlib.datasets.synth.supermarket import generate_households
    >>> res = simulate_programme(generate_households(n=300, seed=1), generate_deals(seed=1),
    ...                          pre_weeks=8, programme_weeks=8, seed=1)
    >>> res.dicks_spend.shape
    (300, 16)
    >>> sorted(set(res.group) - {""})
    ['control', 'treatment']
    """
    p = _check_params(rules)
    seed = v.check_seed(seed)
    pre = v.check_count(pre_weeks, "pre_weeks", minimum=1)
    n_fort = -(-v.check_count(programme_weeks, "programme_weeks", minimum=1) // 2)
    n_weeks = pre + 2 * n_fort
    if n_weeks > MAX_WEEKS:
        raise v.CRMInputError(t("supermarket_errors.too_many_weeks", name="pre_weeks + programme_weeks", high=MAX_WEEKS, value=n_weeks))
    redemption_rate = v.check_rate(redemption_rate, "redemption_rate")
    coupon_response = v.check_rate(coupon_response, "coupon_response")
    habit = v.check_rate(habit, "habit")
    control_share = v.check_rate(control_share, "control_share")
    v.check_choice(list_source, "list_source", ["private", "public"])
    rival_match = v.check_rate(rival_match, "rival_match")
    world = _World(household_model(households), deal_price_matrix(deals, n_weeks), _discounts(deals, n_weeks))
    return _simulate(world, pre, n_fort, p, redemption_rate, coupon_response, habit, control_share, list_source, seed,
                     rival_match=rival_match)


class _World(NamedTuple):
    model: HouseholdModel
    prices: np.ndarray  # (W, C) unit prices after the public deal
    deal: np.ndarray  # (W, C) public discount rates


def _simulate(
    world: _World,
    pre: int,
    n_fort: int,
    p: dict[str, Any],
    redemption_rate: float,
    coupon_response: float,
    habit: float,
    control_share: float,
    list_source: str,
    seed: int,
    *,
    rival_match: float = RIVAL_MATCH,
) -> Programme:
    """The simulation itself, on checked inputs (see :func:`simulate_programme`)."""
    model, prices, deal = world
    n_weeks = pre + 2 * n_fort
    draws = _draws(model, n_weeks, n_fort, seed)
    base = _baseline(model, prices, draws, pre)
    share = model.share.copy()
    n_h = len(model.household_id)
    # The weeks before the programme do not depend on its rules: start from the cached run.
    # Spending at Dick's per category is kept for the current fortnight only (the weekly totals,
    # margins and running sums keep the rest): the whole (weeks, households, categories) array
    # would add 9 MB to each learner's kernel while the simulation runs.
    pre_spend = base.cat_spend
    fortnight = np.zeros((2, n_h, _N_CAT))
    all_spend = base.all_spend.copy()
    margin = np.zeros((n_h, n_weeks))
    margin[:, :pre] = base.margin
    # Running sums over weeks, so that a look-back window costs two subtractions.
    cum_times = np.zeros((n_weeks + 1, n_h, _N_CAT), dtype=np.int16)
    cum_times[: pre + 1] = base.cum_times
    cum_spend = np.zeros((n_weeks + 1, n_h, _N_CAT))
    cum_spend[: pre + 1] = base.cum_spend
    week_total = np.zeros((n_weeks, n_h))
    week_total[:pre] = base.week_total
    units = draws.units

    def shop(w: int, anyway: np.ndarray | None) -> np.ndarray:
        at_d = draws.store_u[w] < share
        if anyway is not None:
            at_d |= anyway
        spend = fortnight[(w - pre) % 2]
        spend[...] = np.where(at_d, units[w] * prices[w], 0.0)
        margin[:, w] = spend @ MARGIN
        cum_times[w + 1] = cum_times[w] + (spend > 0)
        cum_spend[w + 1] = cum_spend[w] + spend
        week_total[w] = spend.sum(axis=1)
        return units[w] > 0

    start_avg = pre_spend[max(0, pre - 4) : pre].sum(axis=(0, 2)) / min(4, pre)
    cohort = np.flatnonzero(start_avg >= p["threshold"] - 1e-9)
    shuffled = cohort[np.argsort(draws.key[cohort], kind="stable")]
    n_control = int(round(control_share * len(cohort)))
    group = np.full(n_h, "", dtype=object)
    group[shuffled[:n_control]] = "control"
    group[shuffled[n_control:]] = "treatment"
    treated = group == "treatment"

    counters = {k: np.zeros(n_h) for k in ("lists", "lines", "redeemed", "hits", "offer_cost", "coupon_cost")}
    ever = pre_spend.any(axis=0)
    t_idx = np.flatnonzero(treated)  # only treated households get lists: plan for them alone
    for f in range(n_fort):
        w0 = pre + 2 * f
        lo = max(0, w0 - p["lookback"])
        plan = _plan_stats(cum_times[w0, t_idx] - cum_times[lo, t_idx], cum_spend[w0, t_idx] - cum_spend[lo, t_idx],
                           week_total[lo:w0, t_idx], ever[t_idx], deal[w0], p, detail=False)
        receive = np.zeros(n_h, dtype=bool)
        receive[t_idx] = plan.eligible
        line = np.zeros((n_h, _N_CAT), dtype=bool)
        coupon_each = np.zeros(n_h)
        line_offer = np.zeros((n_h, _N_CAT), dtype=bool)
        visible = np.zeros((n_h, _N_CAT), dtype=bool)  # lines a rival can see and match
        if list_source == "public":
            k = min(p["list_length"], _N_CAT)
            pub = np.zeros(_N_CAT, dtype=bool)
            pub[np.lexsort((-POPULARITY, -deal[w0]))[:k]] = True
            line[t_idx] = plan.eligible[:, None] & pub[None, :]
            per = p["coupon_value"] / k
            coupon_each[t_idx] = np.where(plan.loyal, np.floor(per * 100 + 1e-9) / 100, 0.0)
            visible = line
        else:
            line[t_idx] = plan.mask & plan.eligible[:, None]
            coupon_each[t_idx] = plan.coupon_each
            line_offer[t_idx] = line[t_idx] & (plan.reason_all == _OFFER)
            visible[t_idx] = line[t_idx] & (plan.reason_all == _DEAL)
        line_coupon = np.where(line, coupon_each[:, None], 0.0)
        # How much a household uses its list depends on how well the list fits its needs:
        # relevance = average weekly need of the listed categories, compared with a good fit.
        n_on = line.sum(axis=1)
        relevance = np.divide((model.prob * line).sum(axis=1), n_on, out=np.zeros(n_h), where=n_on > 0)
        engagement = np.clip((relevance - POOR_FIT) / (GOOD_FIT - POOR_FIT), 0.0, 1.0)[:, None]
        coupon_pull = coupon_response * p["coupon_value"] / REFERENCE_COUPON
        p_intent = np.clip(engagement * (redemption_rate + coupon_pull * (line_coupon > 0)), 0.0, 1.0)
        # Rivals match the lines they can see: a matched line no longer pulls the household to Dick's.
        matched = rival_match * min(1.0, (f + 1) / RIVAL_RAMP)
        p_intent = np.where(visible, p_intent * (1.0 - matched), p_intent)
        intent = (draws.intent_u[f] < p_intent) & line
        # A hit: the household needed the listed category in these two weeks (at any store).
        bought_any = shop(w0, intent) | shop(w0 + 1, intent)
        fort_dicks = fortnight.sum(axis=0)
        ever |= fort_dicks > 0
        redeemed = line & (fort_dicks > 0)
        counters["lists"] += receive
        counters["lines"] += line.sum(axis=1)
        counters["redeemed"] += redeemed.sum(axis=1)
        counters["offer_cost"] += (p["offer_discount"] * fort_dicks * (redeemed & line_offer)).sum(axis=1)
        counters["coupon_cost"] += (np.minimum(line_coupon, fort_dicks) * redeemed).sum(axis=1)
        counters["hits"] += (line & bought_any).sum(axis=1)
        # A habit forms only where Dick's offers something the rival does not: a redeemed line the
        # rival has matched builds habit in proportion to the part it has not matched.
        stick = np.where(visible, habit * (1.0 - matched), habit)
        share[redeemed] += stick[redeemed] * (1.0 - share[redeemed])

    return Programme(
        household_id=model.household_id,
        group=group,
        pre_weeks=pre,
        programme_weeks=2 * n_fort,
        dicks_spend=week_total.T.copy(),  # the per-category spending summed, week by week
        all_spend=all_spend,
        dicks_margin=margin,
        params={**p, "redemption_rate": redemption_rate, "coupon_response": coupon_response, "habit": habit,
                "control_share": control_share, "list_source": list_source, "rival_match": rival_match, "seed": seed},
        **{k: (c.astype(np.int64) if k in ("lists", "lines", "redeemed", "hits") else np.round(c, 2)) for k, c in counters.items()},
    )


# --- the households in the experiment ----------------------------------------------------------

def household_outcomes(result: Programme) -> pd.DataFrame:
    """One row per household in the experiment: before and during the programme.

    Returns
    -------
    DataFrame
        ``household_id``, ``group``; average weekly ``pre_spend`` / ``spend`` at Dick's (USD),
        ``pre_sow`` / ``sow`` (share of wallet: Dick's spend over grocery spend at all stores,
        known here because the data are simulated; a real store needs a panel or survey),
        ``pre_margin`` / ``margin`` (gross margin per week), and programme totals ``lists``,
        ``lines``, ``redeemed``, ``hits``, ``offer_cost``, ``coupon_cost``.

    Examples
    --------
    >>> from crmlib.datasets.synth.supermarket import generate_households
    >>> res = simulate_programme(generate_households(n=200, seed=1), generate_deals(seed=1),
    ...                          pre_weeks=8, programme_weeks=8, seed=1)
    >>> out = household_outcomes(res)
    >>> bool(out["sow"].between(0, 1).all()), sorted(out["group"].unique())
    (True, ['control', 'treatment'])
    """
    pre = slice(0, result.pre_weeks)
    post = slice(result.pre_weeks, result.pre_weeks + result.programme_weeks)
    keep = result.group != ""

    def sow(period: slice) -> np.ndarray:
        d = result.dicks_spend[:, period].sum(axis=1)
        a = result.all_spend[:, period].sum(axis=1)
        return np.divide(d, a, out=np.zeros_like(d), where=a > 0)

    frame = pd.DataFrame(
        {
            "household_id": result.household_id,
            "group": result.group.astype(str),
            "pre_spend": result.dicks_spend[:, pre].mean(axis=1),
            "spend": result.dicks_spend[:, post].mean(axis=1),
            "pre_sow": sow(pre),
            "sow": sow(post),
            "pre_margin": result.dicks_margin[:, pre].mean(axis=1),
            "margin": result.dicks_margin[:, post].mean(axis=1),
            "lists": result.lists,
            "lines": result.lines,
            "redeemed": result.redeemed,
            "hits": result.hits,
            "offer_cost": result.offer_cost,
            "coupon_cost": result.coupon_cost,
        }
    )
    return frame[keep].reset_index(drop=True)


# --- a simulated town, kept for the dashboard -------------------------------------------------

@cache
def _world(n: int, seed: int, n_weeks: int) -> _World:
    households, deals = generate_households(n=n, seed=seed), generate_deals(seed=seed)
    return _World(household_model(households), deal_price_matrix(deals, n_weeks), _discounts(deals, n_weeks))
