"""The rice-shop case (王永庆卖米), the analysis: what a simulated year tells Wang.

Every function reads a :class:`~crmlib.cases.rice_shop.model.RiceShopRun` (or runs
:func:`~crmlib.cases.rice_shop.model.simulate` itself) and returns plain numbers, series or
tables with English column names:

- per day: :func:`market_share`, :func:`deliveries_per_day`, :func:`run_outs`, :func:`revenue`,
  :func:`money_owed`; per run: :func:`households_kept`, :func:`collections`;
- a household's worth: :func:`lifetime_value`, the case's margin and retention fed into the
  margin multiple of chapter 4 (:func:`crmlib.compute.value.clv`);
- the tables of the case: :func:`comparison_table` (wait against deliver),
  :func:`lead_time_table` (how early to deliver) and :func:`credit_table` (money tied up in
  credit).

Showing them (headers in the reader's language, rounding) is left to
:mod:`crmlib.cases.rice_shop.views` and the notebooks.

Examples
--------
>>> from crmlib.cases.rice_shop.model import compare
>>> comparison_table(compare(n_households=40, seed=3)).index.tolist()
['wait', 'deliver']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmlib import validation as v
from crmlib.cases.rice_shop.model import EVENTS, WANG, RiceShopRun, same_neighbourhood, simulate
from crmlib.compute import value
from crmlib.i18n import t

__all__ = [
    "collections",
    "comparison_table",
    "credit_table",
    "deliveries_per_day",
    "households_kept",
    "lead_time_table",
    "lifetime_value",
    "market_share",
    "money_owed",
    "revenue",
    "run_outs",
]


def _fail(key: str, **fields: object) -> v.CRMInputError:
    return v.CRMInputError(t(f"rice_shop_errors.{key}", **fields))


def _check_run(run: object) -> RiceShopRun:
    if not isinstance(run, RiceShopRun):
        raise _fail("not_run", name="run", kind=type(run).__name__)
    return run


def _cols(run: RiceShopRun) -> dict[str, np.ndarray]:
    """The log's columns as numpy arrays (computed once per run; treat the log as read-only)."""
    if not run._arrays:
        log = run.log
        run._arrays.update(
            day=log["day"].to_numpy(),
            household=log["household"].to_numpy(),
            shop=log["shop"].to_numpy(),
            code=log["event"].cat.codes.to_numpy(),
            yuan=log["yuan"].to_numpy(),
        )
    return run._arrays


def _mask(run: RiceShopRun, *events: str, shop: int | None = None) -> np.ndarray:
    c = _cols(run)
    mask = np.isin(c["code"], [EVENTS.index(e) for e in events])
    if shop is not None:
        mask &= c["shop"] == shop
    return mask


def _per_day(run: RiceShopRun, mask: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    day = _cols(run)["day"][mask]
    return np.bincount(day, weights=None if weights is None else weights[mask], minlength=run.days)


def _series(values: np.ndarray, name: str) -> pd.Series:
    return pd.Series(values, index=pd.RangeIndex(len(values), name="day"), name=name)


def market_share(run: RiceShopRun) -> pd.Series:
    """Wang's share of the households at the end of each day, from the log's joins and leaves.

    Examples
    --------
    >>> run = simulate(n_households=40, seed=3)
    >>> share = market_share(run)
    >>> bool(np.allclose(share * 40, run.daily["wang_households"]))
    True
    """
    run = _check_run(run)
    net = _per_day(run, _mask(run, "join", shop=WANG)) - _per_day(run, _mask(run, "leave", shop=WANG))
    start = int((run.households["shop"] == WANG).sum())
    return _series((start + np.cumsum(net)) / len(run.households), "wang_share")


def deliveries_per_day(run: RiceShopRun) -> pd.Series:
    """How many jars Wang delivers each day (0 under ``"wait"``).

    Examples
    --------
    >>> int(deliveries_per_day(simulate(n_households=40, strategy="wait", seed=3)).sum())
    0
    """
    run = _check_run(run)
    return _series(_per_day(run, _mask(run, "delivery")).astype(np.int64), "deliveries")


def run_outs(run: RiceShopRun, shop: int | None = WANG) -> pd.Series:
    """Run-outs per day among the households of ``shop`` (``None``: all households).

    A run-out is a day a household finds its jar empty and has to walk to a shop.

    Examples
    --------
    >>> h = pd.DataFrame({"household": [1], "people": [5], "use_per_person_kg": [0.4],
    ...                   "jar_kg": [40.0], "payday": [10], "stock_kg": [10.0], "shop": [0]})
    >>> int(run_outs(simulate(h, strategy="wait", days=60)).sum())   # days 5, 25, 45
    3
    """
    run = _check_run(run)
    shop = None if shop is None else v.check_count(shop, "shop")
    return _series(_per_day(run, _mask(run, "run_out", shop=shop)).astype(np.int64), "run_outs")


def revenue(run: RiceShopRun) -> pd.Series:
    """Wang's sales per day in yuan (deliveries and purchases in his shop, when sold).

    Examples
    --------
    >>> h = pd.DataFrame({"household": [1], "people": [5], "use_per_person_kg": [0.4],
    ...                   "jar_kg": [40.0], "payday": [10], "stock_kg": [10.0], "shop": [0]})
    >>> float(revenue(simulate(h, note_error=0, days=60)).sum())   # 4 x 36 kg x 5 yuan
    720.0
    """
    run = _check_run(run)
    mask = _mask(run, "delivery", "walk_in", shop=WANG)
    return _series(_per_day(run, mask, _cols(run)["yuan"]), "revenue")


def households_kept(run: RiceShopRun) -> int:
    """How many of Wang's day-0 households are his customers on the last day.

    Examples
    --------
    >>> from crmlib.cases.rice_shop.model import make_households
    >>> h = make_households(30, seed=2)
    >>> households_kept(simulate(h, rival_pull=0.0, seed=2)) == int((h["shop"] == 0).sum())
    True
    """
    run = _check_run(run)
    first = run.households.loc[run.households["shop"] == WANG, "household"].to_numpy()
    c = _cols(run)
    joins = _mask(run, "join")
    final = dict(zip(c["household"][joins], c["shop"][joins]))  # later joins overwrite earlier ones
    return sum(final.get(hh, WANG) == WANG for hh in first)


def collections(run: RiceShopRun, credit_days: int = 0) -> pd.DataFrame:
    """When each of Wang's deliveries is paid: the first payday at least ``credit_days`` after it.

    Parameters
    ----------
    run : RiceShopRun
    credit_days : int
        Days of credit (>= 0); 0 means the next payday on or after the delivery.

    Returns
    -------
    pandas.DataFrame
        One row per delivery: ``household``, ``day`` (delivered), ``collect_day``, ``yuan``.
        ``collect_day`` may lie beyond the simulated year.

    Examples
    --------
    Delivered on 4 January (day 3), payday the 10th: paid on day 9 with no credit; with 7 days
    of credit the payment is due on 11 January, so it waits for 10 February (day 40):

    >>> h = pd.DataFrame({"household": [1], "people": [5], "use_per_person_kg": [0.4],
    ...                   "jar_kg": [40.0], "payday": [10], "stock_kg": [10.0], "shop": [0]})
    >>> run = simulate(h, note_error=0, days=10)
    >>> collections(run)["collect_day"].tolist(), collections(run, 7)["collect_day"].tolist()
    ([9], [40])
    """
    run = _check_run(run)
    credit = v.check_count(credit_days, "credit_days")
    c = _cols(run)
    mask = _mask(run, "delivery")
    day, hh = c["day"][mask], c["household"][mask]
    horizon = run.days + credit + 62
    dom = pd.date_range(run.params["start"], periods=horizon, freq="D").day.to_numpy()
    # first_on_or_after[p - 1, t]: the first day >= t whose day of the month is p
    first_on_or_after = np.empty((28, horizon), dtype=np.int64)
    for p in range(1, 29):
        days_p = np.flatnonzero(dom == p)
        first_on_or_after[p - 1] = days_p[np.minimum(np.searchsorted(days_p, np.arange(horizon)), len(days_p) - 1)]
    ids = run.households["household"].to_numpy()
    sorter = np.argsort(ids)
    payday = run.households["payday"].to_numpy()[sorter[np.searchsorted(ids, hh, sorter=sorter)]]
    collect = first_on_or_after[payday - 1, day + credit]
    return pd.DataFrame({"household": hh, "day": day, "collect_day": collect, "yuan": c["yuan"][mask]})


def money_owed(run: RiceShopRun, credit_days: int = 0) -> pd.Series:
    """Money owed to Wang at the end of each day: delivered but not yet collected (yuan).

    Examples
    --------
    >>> h = pd.DataFrame({"household": [1], "people": [5], "use_per_person_kg": [0.4],
    ...                   "jar_kg": [40.0], "payday": [10], "stock_kg": [10.0], "shop": [0]})
    >>> money_owed(simulate(h, note_error=0, days=10)).tolist()
    [0.0, 0.0, 0.0, 180.0, 180.0, 180.0, 180.0, 180.0, 180.0, 0.0]
    """
    c = collections(run, credit_days)
    flow = np.zeros(run.days + 1)
    np.add.at(flow, c["day"].to_numpy(), c["yuan"].to_numpy())
    np.add.at(flow, np.minimum(c["collect_day"].to_numpy(), run.days), -c["yuan"].to_numpy())
    return pd.Series(np.round(np.cumsum(flow)[: run.days], 2), index=pd.RangeIndex(run.days, name="day"), name="money_owed")


def lifetime_value(
    daily_use_kg: float,
    margin_per_kg: float,
    run_outs_per_year: float,
    switch_probability: float,
    discount_rate: float = 0.1,
) -> float:
    """A household's lifetime value to Wang with the margin multiple of Gupta & Lehmann (2003).

    The case supplies the two inputs of the chapter's formula: the yearly margin
    ``m = 365 * daily_use_kg * margin_per_kg`` and, since a household stays for the year only if
    it resists the rivals at each of its run-outs, the yearly retention
    ``r = (1 - switch_probability) ** run_outs_per_year``. The value itself,
    ``CLV = m * r / (1 + i - r)`` with discount rate ``i``, is :func:`crmlib.compute.value.clv`
    (chapter 4).

    Parameters
    ----------
    daily_use_kg, margin_per_kg : float
        Rice the household eats a day (kg) and Wang's margin per kg (yuan), >= 0.
    run_outs_per_year : float
        Times a year the household's jar runs empty and it walks to a shop (>= 0).
    switch_probability : float
        Chance of moving to a rival at each run-out, in [0, 1].
    discount_rate : float
        Yearly discount rate ``i``, in [0, 1]; it must be above 0 when ``r = 1`` (a household
        that is never lost), or the value would grow without end.

    Examples
    --------
    2 kg a day at 1 yuan margin is 730 yuan a year. Never running out (r = 1), at i = 10 %:

    >>> round(lifetime_value(2.0, 1.0, 0, 0.1), 2)
    7300.0
    >>> round(lifetime_value(2.0, 1.0, 10, 0.1), 2)     # r = 0.9**10 = 0.3487
    338.78
    """
    use = v.check_nonnegative(daily_use_kg, "daily_use_kg")
    margin = v.check_nonnegative(margin_per_kg, "margin_per_kg")
    k = v.check_nonnegative(run_outs_per_year, "run_outs_per_year")
    p = v.check_rate(switch_probability, "switch_probability")
    i = v.check_rate(discount_rate, "discount_rate")
    r = (1.0 - p) ** k
    if i == 0 and r == 1.0:  # never lost and no discounting: the value never stops growing
        raise v.CRMInputError(t("error.not_positive", name="discount_rate", value=discount_rate))
    return float(value.clv(365 * use * margin, r, i))


def comparison_table(runs: dict[str, RiceShopRun], credit_days: int = 0) -> pd.DataFrame:
    """Key numbers of each run, one row per strategy (English column names).

    Columns: ``share_start`` and ``share_end`` (Wang's share of households), ``households_kept``
    (of his day-0 households), ``run_outs`` (among his households), ``deliveries``,
    ``max_deliveries_per_day``, ``revenue`` (yuan), ``money_owed`` (yuan, on the last day).

    Examples
    --------
    >>> from crmlib.cases.rice_shop.model import compare
    >>> table = comparison_table(compare(n_households=40, seed=3))
    >>> table.index.tolist()
    ['wait', 'deliver']
    """
    rows = {}
    for name, run in runs.items():
        share = market_share(run)
        start = (run.households["shop"] == WANG).mean()
        per_day = deliveries_per_day(run)
        rows[name] = {
            "share_start": float(start),
            "share_end": float(share.iloc[-1]),
            "households_kept": households_kept(run),
            "run_outs": int(run_outs(run).sum()),
            "deliveries": int(per_day.sum()),
            "max_deliveries_per_day": int(per_day.max()),
            "revenue": float(revenue(run).sum()),
            "money_owed": float(money_owed(run, credit_days).iloc[-1]),
        }
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "strategy"
    return out


def lead_time_table(leads: list[int] | tuple[int, ...] = (0, 1, 2, 3, 4, 5, 6), **params: object) -> pd.DataFrame:
    """What each lead time costs and buys under ``"deliver"``, for otherwise equal runs.

    Parameters
    ----------
    leads : sequence of int
        Lead days to try.
    **params
        Passed to :func:`simulate` (``note_error``, ``rival_pull``, ``seed``, ...).

    Returns
    -------
    pandas.DataFrame
        Index ``lead_days``; columns ``run_outs`` (among Wang's households), ``deliveries``,
        ``max_deliveries_per_day`` and ``share_end``.

    Examples
    --------
    With exact notes no lead time lets a customer run out:

    >>> lead_time_table([0, 3], n_households=40, note_error=0.0)["run_outs"].tolist()
    [0, 0]
    """
    leads = v.check_array(leads, "leads", minimum=0, integer=True).astype(int).tolist()
    params = same_neighbourhood(params)
    rows = []
    for lead in leads:
        run = simulate(strategy="deliver", lead_days=lead, **params)
        per_day = deliveries_per_day(run)
        rows.append(
            {
                "lead_days": run.params["lead_days"],
                "run_outs": int(run_outs(run).sum()),
                "deliveries": int(per_day.sum()),
                "max_deliveries_per_day": int(per_day.max()),
                "share_end": float(market_share(run).iloc[-1]),
            }
        )
    return pd.DataFrame(rows).set_index("lead_days")


def credit_table(run: RiceShopRun, credit_days: list[int] | tuple[int, ...] = (0, 7, 15, 30)) -> pd.DataFrame:
    """Money tied up in credit: average and largest balance owed to Wang, for each credit term.

    Returns
    -------
    pandas.DataFrame
        Index ``credit_days``; columns ``owed_mean`` and ``owed_max`` (yuan, over the run's days)
        and ``days_of_sales`` (the average balance expressed in days of Wang's average sales).

    Examples
    --------
    >>> h = pd.DataFrame({"household": [1], "people": [5], "use_per_person_kg": [0.4],
    ...                   "jar_kg": [40.0], "payday": [10], "stock_kg": [10.0], "shop": [0]})
    >>> credit_table(simulate(h, note_error=0, days=10), [0])["owed_max"].tolist()
    [180.0]
    """
    run = _check_run(run)
    credit_days = v.check_array(credit_days, "credit_days", minimum=0, integer=True).astype(int).tolist()
    daily_sales = float(revenue(run).mean())
    rows = []
    for c in credit_days:
        owed = money_owed(run, c)
        rows.append(
            {
                "credit_days": int(c),
                "owed_mean": round(float(owed.mean()), 2),
                "owed_max": round(float(owed.max()), 2),
                "days_of_sales": round(float(owed.mean()) / daily_sales, 1) if daily_sales > 0 else 0.0,
            }
        )
    return pd.DataFrame(rows).set_index("credit_days")
