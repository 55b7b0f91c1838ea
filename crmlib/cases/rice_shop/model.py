"""The rice-shop case (王永庆卖米), the model: households, Wang's notebook, his delivery plan
and a daily simulation of proactive delivery against waiting.

What a run's log tells (market share, run-outs, sales, money owed, lifetime value and the
tables of the case) is in :mod:`crmlib.cases.rice_shop.analysis`; the figure in
:mod:`crmlib.cases.rice_shop.figures`; the dashboard in :mod:`crmlib.cases.rice_shop.views`
and :mod:`crmlib.cases.rice_shop.widgets`.

The story (seed file 000 of the course slides; a well-known anecdote about Wang Yung-ching,
王永庆, founder of Formosa Plastics): the young Wang wrote down in a notebook how many people
each household had, how much rice it ate a month and when it was paid. He delivered new rice
before a household's jar ran empty, cleaned the jar and put the old rice on top so it would not
go stale, and collected the money on payday. Customers stayed with him.

The model
---------
*Households* (:func:`make_households`) have ``people``, a daily use per person, a rice jar and
a payday (day of the month, 1–28). Rice is counted internally in whole **grams**, so stocks and
run-out days are exact (no floating-point dust).

*Shops*: shop ``0`` is Wang's (:data:`WANG`), shops ``1 .. n_rivals`` are rivals, who always
wait for customers to walk in.

*Run-out*: a household whose jar holds ``S`` grams at the start of day ``d`` and eats ``u``
grams a day can cover days ``d, ..., d + S // u - 1``; day ``d + S // u`` is its **run-out
day** (:func:`run_out_day`), the first day whose need the jar cannot meet. On that day the
household walks to a shop, buys a full jar (``jar - stock``) and eats as usual.

*Rival pull* (a modelling choice): the walk to a shop is the moment a household's loyalty is
tested. With probability ``rival_pull`` it buys at a *different* shop, chosen uniformly among
the others, and **stays there for good** (until its next empty jar tests it again). So a
household of Wang's moves to a rival with probability ``rival_pull``, and a rival's household
moves to Wang with probability ``rival_pull / n_rivals``. When every shop waits, Wang's expected
share settles at ``1 / (n_rivals + 1)``, which is where it starts.

*Wang's notebook* (:func:`wang_notebook`): his estimate of each household's daily use is the
truth times ``1 + note_error * z`` with ``z`` uniform on [-1, 1], drawn once per household. From
it he predicts how many days a full jar lasts (``jar // estimate``).

*Strategies*

- ``"wait"``: Wang behaves like his rivals; households come when their jar is empty.
- ``"deliver"``: Wang tops up the jar of each of his households ``lead_days`` before the
  run-out day his notebook predicts (:func:`delivery_schedule`); after any refill he writes down
  the new date. If the notebook under-estimates use, the jar may still run empty first, and the
  household walks out (and may be lost).

*Clean jar, old rice on top* (``clean_jar=True``, Wang's habit): the rice left in the jar is
kept and put on top, so nothing spoils, and a household whose jar he has cleaned is more loyal:
its chance of leaving at a run-out is multiplied by ``1 - loyalty_gain``. With
``clean_jar=False`` the old rice ends up under the new and a share ``spoil_share`` of it goes
stale (logged as ``"spoiled"`` kilograms, a loss to the household), and there is no loyalty
gain. Households that refill an empty jar themselves have less than a day's rice left, so their
spoilage is ignored.

*Credit*: Wang's deliveries are paid on the household's payday; with ``credit_days`` of credit,
a delivery is collected on the first payday at least ``credit_days`` after it
(:func:`crmlib.cases.rice_shop.analysis.collections`, :func:`~crmlib.cases.rice_shop.analysis.money_owed`). Purchases made in a shop are paid in cash. Credit does
not change behaviour in the model; it ties up Wang's money.

*Stepping*: :func:`simulate` can step day by day (``method="daily"``, the plain reference loop)
or jump each household from one event to its next (``method="events"``, the default and
several times faster). Households never interact, so both give the same log; a test checks it.

Examples
--------
>>> run_out_day(40.0, 2.0)          # 40 kg jar, 2 kg a day: empty on day 20
20
>>> run = simulate(n_households=50, strategy="deliver", seed=7)
>>> run.log.columns.tolist()
['day', 'date', 'household', 'shop', 'event', 'kg', 'yuan', 'stock_kg']
>>> bool((run.log["stock_kg"] >= 0).all() and (run.end["stock_kg"] >= 0).all())
True
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from crmlib import validation as v
from crmlib.i18n import t

WANG = 0
"""Shop id of Wang's shop; rivals are 1 .. n_rivals."""

STRATEGIES: tuple[str, ...] = ("wait", "deliver")
"""Wang's two strategies: wait for customers, or deliver before the predicted run-out."""

EVENTS: tuple[str, ...] = ("delivery", "walk_in", "run_out", "leave", "join", "spoiled")
"""Kinds of rows in the simulation log."""

DEFAULT_SEED = 1932
"""Default seed of every random draw in this module."""

HOUSEHOLD_COLUMNS: tuple[str, ...] = ("household", "people", "use_per_person_kg", "jar_kg", "payday", "stock_kg", "shop")
"""Columns a households table must hold (see :func:`make_households`)."""

_NEVER = np.iinfo(np.int64).max // 4


def _rng(seed: int, stream: int) -> np.random.Generator:
    """Independent random stream ``stream`` for ``seed`` (households 0, notebook 1, days 2)."""
    v.check_count(seed, "seed")
    return np.random.default_rng([int(seed), stream])


def _fail(key: str, **fields: object) -> v.CRMInputError:
    return v.CRMInputError(t(f"rice_shop_errors.{key}", **fields))


def _grams(kg: np.ndarray | float) -> np.ndarray:
    return np.rint(np.asarray(kg, dtype=float) * 1000).astype(np.int64)


# --- households and the notebook ------------------------------------------------------------

def make_households(n: int = 300, *, n_rivals: int = 3, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Draw a neighbourhood of households, each a customer of Wang or of one of the rivals.

    People per household are 1 + Binomial(6, 0.5) (1–7, mean 4); each eats 0.25–0.45 kg of
    rice a day (10 g steps); the jar holds 20–45 days of rice, rounded up to 5 kg; payday is a
    day of the month from 1 to 28; the jar starts 10–100 % full; the shop is drawn uniformly
    from Wang's (0) and the ``n_rivals`` rivals. These ranges are illustrative, not historical.

    Parameters
    ----------
    n : int
        Number of households (>= 1).
    n_rivals : int
        Number of rival shops (>= 1).
    seed : int
        Seed of the random draws.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`HOUSEHOLD_COLUMNS`.

    Examples
    --------
    >>> h = make_households(4, seed=1)
    >>> h.columns.tolist()
    ['household', 'people', 'use_per_person_kg', 'jar_kg', 'payday', 'stock_kg', 'shop']
    >>> bool((h["stock_kg"] <= h["jar_kg"]).all())
    True
    """
    seed = v.check_seed(seed)
    n = v.check_count(n, "n", minimum=1)
    n_rivals = v.check_count(n_rivals, "n_rivals", minimum=1)
    rng = _rng(seed, 0)
    people = 1 + rng.binomial(6, 0.5, n)
    use_g = 10 * rng.integers(25, 46, n)  # grams per person per day
    days_full = rng.uniform(20, 45, n)
    jar_kg = 5 * np.ceil(people * use_g * days_full / 1000 / 5)
    payday = rng.integers(1, 29, n)
    stock_kg = np.round(jar_kg * rng.uniform(0.1, 1.0, n), 1)
    shop = rng.integers(0, n_rivals + 1, n)
    return pd.DataFrame(
        {
            "household": np.arange(1, n + 1),
            "people": people.astype(np.int64),
            "use_per_person_kg": use_g / 1000,
            "jar_kg": jar_kg,
            "payday": payday.astype(np.int64),
            "stock_kg": stock_kg,
            "shop": shop.astype(np.int64),
        }
    )


def check_households(households: pd.DataFrame, *, n_rivals: int | None = None) -> pd.DataFrame:
    """Check a households table and return a clean copy (columns :data:`HOUSEHOLD_COLUMNS`).

    Raises :class:`~crmlib.validation.CRMInputError` naming the column for: a missing column,
    an empty table, a household of fewer than 1 person, a negative or zero daily use, a jar of
    0 kg, a payday outside 1–28, a stock below 0 or above the jar, a shop outside 0..n_rivals.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> h = make_households(3, seed=1)
    >>> h.loc[0, "people"] = 0
    >>> check_households(h)
    Traceback (most recent call last):
    ...
    crmlib.validation.CRMInputError: column people of table households must lie between 1 and inf; row 0 holds 0.0.
    """
    name = "households"
    v.require_columns(households, HOUSEHOLD_COLUMNS, name)
    n_rivals = None if n_rivals is None else v.check_count(n_rivals, "n_rivals", minimum=1)
    v.check_id_column(households, "household", name)
    out = households[list(HOUSEHOLD_COLUMNS)].copy()
    if _households_look_fine(out, n_rivals):  # fast path: the checks below would all pass
        return out.astype({"people": np.int64, "payday": np.int64, "shop": np.int64}).reset_index(drop=True)
    v.check_unique_column(out, "household", name)
    out["people"] = _whole(v.check_numeric_column(out, "people", name, minimum=1), "people")
    use = v.check_numeric_column(out, "use_per_person_kg", name, minimum=0)
    if (use <= 0).any():
        row = use.index[use <= 0][0]
        raise v.CRMInputError(t("error.not_positive", name=f"{name}.use_per_person_kg[{row}]", value=use[row]))
    out["use_per_person_kg"] = use
    jar = v.check_numeric_column(out, "jar_kg", name, minimum=0)
    if (jar <= 0).any():
        row = jar.index[jar <= 0][0]
        raise v.CRMInputError(t("error.not_positive", name=f"{name}.jar_kg[{row}]", value=jar[row]))
    out["jar_kg"] = jar
    out["payday"] = _whole(v.check_numeric_column(out, "payday", name, minimum=1, maximum=28), "payday")
    stock = v.check_numeric_column(out, "stock_kg", name, minimum=0)
    over = stock > jar
    if over.any():
        row = stock.index[over][0]
        raise _fail("stock_over_jar", row=row, stock=stock[row], jar=jar[row])
    out["stock_kg"] = stock
    top = np.inf if n_rivals is None else n_rivals
    out["shop"] = _whole(v.check_numeric_column(out, "shop", name, minimum=0, maximum=top), "shop")
    return out.reset_index(drop=True)


def _whole(values: pd.Series, column: str) -> pd.Series:
    bad = values != np.round(values)
    if bad.any():
        row = values.index[bad][0]
        raise v.CRMInputError(t("error.not_integer", name=f"households.{column}[{row}]", value=values[row]))
    return values.astype(np.int64)


def _households_look_fine(frame: pd.DataFrame, n_rivals: int | None) -> bool:
    """True if every check of :func:`check_households` passes (numpy only, for speed)."""
    cols = {c: frame[c].to_numpy() for c in HOUSEHOLD_COLUMNS}
    if not all(a.dtype.kind in "iuf" for a in cols.values()):
        return False
    if any(a.dtype.kind == "f" and not np.isfinite(a).all() for a in cols.values()):
        return False
    whole = all(np.array_equal(cols[c], np.round(cols[c])) for c in ("people", "payday", "shop"))
    top = np.inf if n_rivals is None else n_rivals
    return bool(
        whole
        and len(np.unique(cols["household"])) == len(frame)
        and (cols["people"] >= 1).all()
        and (cols["use_per_person_kg"] > 0).all()
        and (cols["jar_kg"] > 0).all()
        and ((cols["payday"] >= 1) & (cols["payday"] <= 28)).all()
        and ((cols["stock_kg"] >= 0) & (cols["stock_kg"] <= cols["jar_kg"])).all()
        and ((cols["shop"] >= 0) & (cols["shop"] <= top)).all()
    )


def run_out_day(stock_kg: float | np.ndarray, daily_use_kg: float | np.ndarray, day: int | np.ndarray = 0) -> int | np.ndarray:
    """The first day whose rice need the jar cannot meet.

    With ``S`` kg in the jar at the start of ``day`` and ``u`` kg eaten a day, the jar covers
    ``S // u`` whole days, so it runs out on ``day + S // u`` (quantities are rounded to grams
    first, so the division is exact).

    Parameters
    ----------
    stock_kg : float or array
        Rice in the jar at the start of ``day`` (>= 0).
    daily_use_kg : float or array
        Rice eaten per day (> 0).
    day : int or array
        The day the stock is counted.

    Examples
    --------
    >>> run_out_day(40.0, 2.0)
    20
    >>> run_out_day(30.0, 1.4, day=5)      # 30 / 1.4 = 21.4 days: 21 whole days
    26
    >>> run_out_day(np.array([10.0, 0.5]), np.array([2.0, 1.0])).tolist()
    [5, 0]
    """
    stock = v.check_array(stock_kg, "stock_kg", minimum=0)
    use = v.check_array(daily_use_kg, "daily_use_kg", minimum=0)
    if (use <= 0).any():
        i = int(np.flatnonzero(np.atleast_1d(use) <= 0)[0])
        raise v.CRMInputError(t("error.not_positive", name=f"daily_use_kg[{i}]", value=float(np.atleast_1d(use)[i])))
    start = v.check_array(day, "day", minimum=0, integer=True).astype(np.int64)
    for name, arr in (("daily_use_kg", use), ("day", start)):
        if arr.ndim and stock.ndim and len(arr) != len(stock):
            raise v.CRMInputError(t("error.length_mismatch", name=name, expected=len(stock), got=len(arr)))
    out = start + _grams(stock) // np.maximum(_grams(use), 1)
    return int(out) if out.ndim == 0 else out


def wang_notebook(households: pd.DataFrame, note_error: float = 0.0, *, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """What Wang writes down for each household: people, rice a month, payday, jar, prediction.

    His estimate of a household's daily use is the true use times ``1 + note_error * z``, with
    ``z`` uniform on [-1, 1] (drawn from ``seed``, the same ``z`` for any ``note_error``), so the
    notes are never more than ``note_error`` off. ``note_error = 0`` gives exact notes.

    Parameters
    ----------
    households : pandas.DataFrame
        From :func:`make_households` (checked with :func:`check_households`).
    note_error : float
        Largest relative error of the notes, in [0, 1].
    seed : int
        Seed of the errors.

    Returns
    -------
    pandas.DataFrame
        ``household``, ``people``, ``monthly_rice_kg`` (estimated, 30 days), ``payday``,
        ``jar_kg``, ``est_daily_use_kg`` and ``days_per_jar`` (how long he thinks a full jar
        lasts).

    Examples
    --------
    >>> h = pd.DataFrame({"household": [1], "people": [5], "use_per_person_kg": [0.4],
    ...                   "jar_kg": [40.0], "payday": [10], "stock_kg": [10.0], "shop": [0]})
    >>> wang_notebook(h)[["monthly_rice_kg", "est_daily_use_kg", "days_per_jar"]].values.tolist()
    [[60.0, 2.0, 20.0]]
    """
    return _notebook(check_households(households), v.check_rate(note_error, "note_error"), seed)


def _notebook(h: pd.DataFrame, note_error: float, seed: int) -> pd.DataFrame:
    z = _rng(seed, 1).uniform(-1.0, 1.0, len(h))
    true_g = _grams(h["people"] * h["use_per_person_kg"])
    est_g = np.maximum(np.rint(true_g * (1.0 + note_error * z)), 1).astype(np.int64)
    return pd.DataFrame(
        {
            "household": h["household"].to_numpy(),
            "people": h["people"].to_numpy(),
            "monthly_rice_kg": np.round(est_g * 30 / 1000, 1),
            "payday": h["payday"].to_numpy(),
            "jar_kg": h["jar_kg"].to_numpy(),
            "est_daily_use_kg": est_g / 1000,
            "days_per_jar": (_grams(h["jar_kg"]) // est_g).astype(np.int64),
        }
    )


def notebook_page(
    households: pd.DataFrame,
    note_error: float = 0.0,
    lead_days: int = 2,
    *,
    start: str = "2025-01-01",
    seed: int = DEFAULT_SEED,
) -> pd.DataFrame:
    """A page of Wang's notebook as a table: what he knows and when he will bring rice next.

    Returns
    -------
    pandas.DataFrame
        ``household``, ``people``, ``monthly_rice_kg``, ``payday``, ``jar_kg``, ``stock_kg``
        (in the jar on ``start``), ``days_per_jar``, ``run_out_date`` (by the notes) and
        ``delivery_date`` (``lead_days`` earlier, not before ``start``).

    Examples
    --------
    >>> h = pd.DataFrame({"household": [1], "people": [5], "use_per_person_kg": [0.4],
    ...                   "jar_kg": [40.0], "payday": [10], "stock_kg": [10.0], "shop": [0]})
    >>> page = notebook_page(h, lead_days=2)
    >>> str(page.loc[0, "run_out_date"].date()), str(page.loc[0, "delivery_date"].date())
    ('2025-01-06', '2025-01-04')
    """
    h = check_households(households)
    nb = wang_notebook(h, note_error, seed=seed)
    lead = _check_lead(lead_days, nb["days_per_jar"].to_numpy(), nb["household"].to_numpy())
    day0 = v.check_date_column(pd.DataFrame({"start": [start]}), "start", "notebook_page").iloc[0]
    out_day = run_out_day(h["stock_kg"].to_numpy(), nb["est_daily_use_kg"].to_numpy())
    page = nb[["household", "people", "monthly_rice_kg", "payday", "jar_kg"]].copy()
    page["stock_kg"] = h["stock_kg"].to_numpy()
    page["days_per_jar"] = nb["days_per_jar"].to_numpy()
    page["run_out_date"] = day0 + pd.to_timedelta(out_day, unit="D")
    page["delivery_date"] = day0 + pd.to_timedelta(np.maximum(out_day - lead, 0), unit="D")
    return page


def _check_lead(lead_days: object, days_per_jar: np.ndarray, households: np.ndarray) -> int:
    lead = v.check_count(lead_days, "lead_days")
    too_long = lead >= days_per_jar
    if too_long.any():
        i = int(np.flatnonzero(too_long)[0])
        raise _fail("lead_too_long", lead=lead, household=households[i], days=int(days_per_jar[i]))
    return lead


def delivery_schedule(
    notebook: pd.DataFrame,
    stock_kg: float | np.ndarray | pd.Series,
    lead_days: int,
    days: int = 365,
) -> pd.DataFrame:
    """Wang's planned deliveries: ``lead_days`` before each run-out his notebook predicts.

    The first delivery is on ``run_out_day(stock, estimate) - lead_days`` (not before day 0);
    each delivery fills the jar, so the next one follows ``days_per_jar - lead_days`` days later.
    This is the plan; in :func:`simulate` a household that runs out earlier (notes too low)
    walks to a shop and Wang plans again from that refill.

    Parameters
    ----------
    notebook : pandas.DataFrame
        From :func:`wang_notebook` (``household``, ``est_daily_use_kg``, ``days_per_jar``).
    stock_kg : float or array
        Rice in each jar on day 0, in notebook order.
    lead_days : int
        Days before the predicted run-out; must be shorter than every ``days_per_jar``.
    days : int
        Length of the plan.

    Returns
    -------
    pandas.DataFrame
        One row per planned delivery: ``household``, ``day``.

    Examples
    --------
    5 people x 0.4 kg = 2 kg a day, 40 kg jar, 10 kg left: empty on day 5, so deliver on day 3,
    then every 20 - 2 = 18 days:

    >>> nb = pd.DataFrame({"household": [1], "est_daily_use_kg": [2.0], "days_per_jar": [20]})
    >>> delivery_schedule(nb, [10.0], lead_days=2, days=60)["day"].tolist()
    [3, 21, 39, 57]
    """
    v.require_columns(notebook, ["household", "est_daily_use_kg", "days_per_jar"], "notebook")
    v.check_id_column(notebook, "household", "notebook")
    per_jar = v.check_score_column(notebook, "days_per_jar", "notebook").to_numpy().astype(np.int64)
    est = v.check_numeric_column(notebook, "est_daily_use_kg", "notebook", minimum=0).to_numpy()
    hh = notebook["household"].to_numpy()
    days = v.check_count(days, "days", minimum=1)
    stock = np.atleast_1d(v.check_array(stock_kg, "stock_kg", minimum=0))
    if len(stock) != len(notebook):
        raise v.CRMInputError(t("error.length_mismatch", name="stock_kg", expected=len(notebook), got=len(stock)))
    lead = _check_lead(lead_days, per_jar, hh)
    first = np.maximum(run_out_day(stock, est) - lead, 0)
    step = per_jar - lead
    counts = np.where(first < days, (days - 1 - first) // step + 1, 0)
    rows = np.repeat(np.arange(len(hh)), counts)
    k = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    return pd.DataFrame({"household": hh[rows], "day": (first[rows] + k * step[rows]).astype(np.int64)})


# --- the simulation -------------------------------------------------------------------------

@dataclass
class RiceShopRun:
    """The outcome of :func:`simulate`.

    Attributes
    ----------
    households : pandas.DataFrame
        The households (day-0 state), as checked by :func:`check_households`.
    notebook : pandas.DataFrame
        Wang's notebook (:func:`wang_notebook`).
    log : pandas.DataFrame
        Tidy event log, one row per event: ``day``, ``date``, ``household``, ``shop``,
        ``event`` (one of :data:`EVENTS`), ``kg`` (rice delivered, bought or spoiled), ``yuan``
        (sale value; 0 for non-sales) and ``stock_kg`` (rice in the jar at the start of that
        day, before the event). A switch is two rows: ``leave`` at the old shop, ``join`` at
        the new one.
    daily : pandas.DataFrame
        One row per day: ``day``, ``date``, ``wang_households`` (at the end of the day).
    end : pandas.DataFrame
        Each household's ``shop`` and ``stock_kg`` at the end of the last day.
    params : dict
        The parameters of the run.
    """

    households: pd.DataFrame
    notebook: pd.DataFrame
    log: pd.DataFrame
    daily: pd.DataFrame
    end: pd.DataFrame
    params: dict = field(default_factory=dict)
    _arrays: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def days(self) -> int:
        return len(self.daily)


def simulate(
    households: pd.DataFrame | None = None,
    *,
    n_households: int = 300,
    strategy: str = "deliver",
    note_error: float = 0.1,
    lead_days: int = 2,
    rival_pull: float = 0.1,
    n_rivals: int = 3,
    clean_jar: bool = True,
    loyalty_gain: float = 0.5,
    spoil_share: float = 0.3,
    price_per_kg: float = 5.0,
    days: int = 365,
    start: str = "2025-01-01",
    seed: int = DEFAULT_SEED,
    method: str = "events",
) -> RiceShopRun:
    """Simulate the neighbourhood day by day (vectorised over households) under one strategy.

    Each day, in this order: (1) under ``"deliver"``, Wang tops up the jars of his households
    whose planned delivery day has come (:func:`delivery_schedule`); (2) every household whose
    jar cannot cover the day's meals runs out, walks to a shop (staying, or switching for good
    with the probabilities described in the module notes) and buys a full jar there; (3)
    everyone eats. Random numbers come from ``seed`` in three independent streams (households,
    notebook errors, daily draws), and the daily draws are made for every household every day,
    so two strategies run with the same seed face the same luck (common random numbers).

    Parameters
    ----------
    households : pandas.DataFrame, optional
        A households table (:data:`HOUSEHOLD_COLUMNS`); if None, :func:`make_households` draws
        ``n_households`` from ``seed``.
    n_households : int
        Used when ``households`` is None.
    strategy : {"wait", "deliver"}
    note_error : float
        Largest relative error of Wang's notes, in [0, 1].
    lead_days : int
        Deliver this many days before the predicted run-out (shorter than any jar lasts).
    rival_pull : float
        Probability, at each run-out, that a household switches shop for good.
    n_rivals : int
        Number of rival shops.
    clean_jar : bool
        Wang cleans the jar and puts old rice on top (no spoilage, loyalty gain).
    loyalty_gain : float
        Cut in the leaving probability of a household whose jar Wang has cleaned, in [0, 1].
    spoil_share : float
        Share of the old rice that goes stale when buried under new rice, in [0, 1].
    price_per_kg : float
        Price of rice, yuan per kg (>= 0).
    days : int
        Length of the simulation.
    start : str
        Date of day 0 (ISO, e.g. ``"2025-01-01"``).
    seed : int
    method : {"events", "daily"}
        How the days are stepped; both give the same run. ``"daily"`` is the plain reference
        loop over days; ``"events"`` (default, several times faster) jumps each household
        straight to its next delivery or run-out, which is exact because households do not
        interact.

    Returns
    -------
    RiceShopRun

    Examples
    --------
    One household of Wang's: 2 kg a day, 40 kg jar, 10 kg left, exact notes, lead 2 days. The
    hand-computed plan is days 3, 21, 39, 57, each topping up 4 kg left to 40 kg:

    >>> h = pd.DataFrame({"household": [1], "people": [5], "use_per_person_kg": [0.4],
    ...                   "jar_kg": [40.0], "payday": [10], "stock_kg": [10.0], "shop": [0]})
    >>> run = simulate(h, note_error=0, lead_days=2, days=60)
    >>> run.log[["day", "event", "kg", "yuan"]].values.tolist()[:2]
    [[3, 'delivery', 36.0, 180.0], [21, 'delivery', 36.0, 180.0]]
    """
    strategy = v.check_choice(strategy, "strategy", STRATEGIES)
    n_rivals = v.check_count(n_rivals, "n_rivals", minimum=1)
    if households is None:
        households = make_households(n_households, n_rivals=n_rivals, seed=seed)
    h = check_households(households, n_rivals=n_rivals)
    rival_pull = v.check_rate(rival_pull, "rival_pull")
    loyalty_gain = v.check_rate(loyalty_gain, "loyalty_gain")
    spoil_share = v.check_rate(spoil_share, "spoil_share")
    price = v.check_nonnegative(price_per_kg, "price_per_kg")
    days = v.check_count(days, "days", minimum=1)
    if not isinstance(clean_jar, bool | np.bool_):
        raise v.CRMInputError(t("error.choice", name="clean_jar", allowed="True, False", value=clean_jar))
    start_ts = v.check_date_column(pd.DataFrame({"start": [start]}), "start", "simulate").iloc[0]
    notebook = _notebook(h, v.check_rate(note_error, "note_error"), seed)
    lead = _check_lead(lead_days, notebook["days_per_jar"].to_numpy(), notebook["household"].to_numpy())

    world = _World(
        use=_grams(h["people"] * h["use_per_person_kg"]),
        jar=_grams(h["jar_kg"]),
        stock=_grams(h["stock_kg"]),
        est=_grams(notebook["est_daily_use_kg"]),
        gap=notebook["days_per_jar"].to_numpy().astype(np.int64) - lead,
        shop=h["shop"].to_numpy().astype(np.int64),
        lead=lead,
        deliver=strategy == "deliver",
        rival_pull=rival_pull,
        stay_factor=1.0 - loyalty_gain,
        clean_jar=bool(clean_jar),
        spoil_share=spoil_share,
        n_rivals=n_rivals,
        days=days,
        # every household gets two uniform numbers every day, whether it needs them or not, so
        # two strategies run with the same seed face the same luck
        draws=_rng(seed, 2).random((days, 2, len(h))),
    )
    method = v.check_choice(method, "method", ("events", "daily"))
    events, end_shop, end_stock = (_step_events if method == "events" else _step_daily)(world)

    dates = pd.date_range(start_ts, periods=days, freq="D")
    if events:
        day_arr, code_arr, idx_arr, shop_arr, g_arr, before_arr = (
            np.concatenate([np.broadcast_to(np.asarray(e[k]), (len(e[2]),)) for e in events]) for k in range(6)
        )
    else:
        day_arr = code_arr = idx_arr = shop_arr = g_arr = before_arr = np.zeros(0, dtype=np.int64)
    order = np.lexsort((code_arr, idx_arr, day_arr))
    day_arr, codes = day_arr[order].astype(np.int64), code_arr[order].astype(np.int64)
    kg = g_arr[order] / 1000
    sale = (codes == 0) | (codes == 1)
    ids = h["household"].to_numpy()
    log = pd.DataFrame(
        {
            "day": day_arr,
            "date": dates[day_arr],
            "household": ids[idx_arr[order]],
            "shop": shop_arr[order].astype(np.int64),
            "event": pd.Categorical.from_codes(codes, categories=list(EVENTS)),
            "kg": kg,
            "yuan": np.where(sale, np.round(kg * price, 2), 0.0),
            "stock_kg": before_arr[order] / 1000,
        }
    )
    # Wang's households at the end of each day, from the joins and leaves
    moves = np.zeros(days, dtype=np.int64)
    wang_join = (codes == 4) & (log["shop"].to_numpy() == WANG)
    wang_leave = (codes == 3) & (log["shop"].to_numpy() == WANG)
    np.add.at(moves, day_arr[wang_join], 1)
    np.add.at(moves, day_arr[wang_leave], -1)
    daily = pd.DataFrame(
        {"day": np.arange(days), "date": dates, "wang_households": int((h["shop"] == WANG).sum()) + np.cumsum(moves)}
    )
    end = pd.DataFrame({"household": ids, "shop": end_shop, "stock_kg": end_stock / 1000})
    params = {
        "strategy": strategy, "note_error": note_error, "lead_days": lead, "rival_pull": rival_pull,
        "n_rivals": n_rivals, "clean_jar": bool(clean_jar), "loyalty_gain": loyalty_gain,
        "spoil_share": spoil_share, "price_per_kg": price, "days": days, "start": start_ts, "seed": seed,
    }
    return RiceShopRun(h, notebook, log, daily, end, params)


@dataclass
class _World:
    """Arrays and settings shared by the two stepping engines (quantities in grams)."""

    use: np.ndarray
    jar: np.ndarray
    stock: np.ndarray
    est: np.ndarray
    gap: np.ndarray
    shop: np.ndarray
    lead: int
    deliver: bool
    rival_pull: float
    stay_factor: float
    clean_jar: bool
    spoil_share: float
    n_rivals: int
    days: int
    draws: np.ndarray

    def first_delivery(self) -> np.ndarray:
        """Day of each household's first planned delivery (never, if not Wang's or waiting)."""
        nxt = np.full(len(self.use), _NEVER, dtype=np.int64)
        if self.deliver:
            mine = self.shop == WANG
            nxt[mine] = np.maximum(self.stock[mine] // self.est[mine] - self.lead, 0)
        return nxt

    def top_up(self, day: np.ndarray, idx: np.ndarray, stock: np.ndarray, events: list) -> None:
        """Wang's deliveries to households ``idx`` whose jars hold ``stock`` grams: log them."""
        if self.clean_jar:
            kept = stock
        else:
            spoiled = np.rint(stock * self.spoil_share).astype(np.int64)
            kept = stock - spoiled
            bad = spoiled > 0
            if bad.any():
                events.append((day[bad] if day.ndim else day, 5, idx[bad], WANG, spoiled[bad], stock[bad]))
        events.append((day, 0, idx, WANG, self.jar[idx] - kept, stock))

    def walk_out(self, day: np.ndarray, idx: np.ndarray, stock: np.ndarray, shop: np.ndarray,
                 cared: np.ndarray, events: list) -> np.ndarray:
        """Households ``idx`` found their jar empty on ``day``: switch or stay, buy a full jar."""
        old_shop = shop[idx]
        leave_p = np.where(cared[idx], self.rival_pull * self.stay_factor, self.rival_pull)
        p = np.where(old_shop == WANG, leave_p, self.rival_pull)
        u = self.draws[day, 0, idx]
        moves = u < p
        events.append((day, 2, idx, old_shop, 0, stock))
        new_shop = old_shop
        if moves.any():
            # another shop, uniformly: r in 0..n_rivals-1, skipping the household's own shop
            r = np.minimum((self.draws[day, 1, idx] * self.n_rivals).astype(np.int64), self.n_rivals - 1)
            new_shop = np.where(moves, np.where(r >= old_shop, r + 1, r), old_shop)
            m = moves
            events.append((day[m] if day.ndim else day, 3, idx[m], old_shop[m], 0, stock[m]))
            events.append((day[m] if day.ndim else day, 4, idx[m], new_shop[m], 0, stock[m]))
            cared[idx[m]] = False
            shop[idx] = new_shop
        events.append((day, 1, idx, new_shop, self.jar[idx] - stock, stock))
        return new_shop


def _step_daily(w: _World) -> tuple[list, np.ndarray, np.ndarray]:
    """Reference engine: step one day at a time, in the order (1) deliveries, (2) run-outs, (3) meals."""
    stock, shop = w.stock.copy(), w.shop.copy()
    cared = np.zeros(len(stock), dtype=bool)
    nxt = w.first_delivery()
    events: list = []
    for d in range(w.days):
        idx = np.flatnonzero(nxt <= d)  # only Wang's households have a planned day
        if len(idx):
            w.top_up(np.int64(d), idx, stock[idx], events)
            cared[idx] = w.clean_jar
            stock[idx] = w.jar[idx]
            nxt[idx] = d + w.gap[idx]
        idx = np.flatnonzero(stock < w.use)  # the jar cannot cover today's meals
        if len(idx):
            new_shop = w.walk_out(np.int64(d), idx, stock[idx], shop, cared, events)
            stock[idx] = w.jar[idx]
            if w.deliver:
                nxt[idx] = np.where(new_shop == WANG, d + w.gap[idx], _NEVER)
        stock -= w.use
        if stock.min() < 0:  # cannot happen: a jar that cannot cover the day is refilled first
            raise AssertionError(f"negative stock on day {d}")
    return events, shop, stock


def _step_events(w: _World) -> tuple[list, np.ndarray, np.ndarray]:
    """Fast engine with the same result: households never interact, so each jumps straight to
    its next event (a planned delivery or a run-out) and all households are stepped together,
    one event each per pass (about 20-40 passes a year instead of 365 days)."""
    n = len(w.use)
    shop = w.shop.copy()
    cared = np.zeros(n, dtype=bool)
    fill_day = np.zeros(n, dtype=np.int64)  # the day the jar was last filled (or day 0)
    fill = w.stock.copy()  # grams in the jar at the start of fill_day, after filling
    nxt = w.first_delivery()
    events: list = []
    while True:
        run_out = fill_day + fill // w.use
        when = np.minimum(nxt, run_out)
        act = np.flatnonzero(when < w.days)
        if not len(act):
            break
        day = when[act]
        stock = fill[act] - w.use[act] * (day - fill_day[act])  # before the day's meals
        is_delivery = nxt[act] <= run_out[act]  # deliveries come first in the day
        dl, ro = act[is_delivery], act[~is_delivery]
        if len(dl):
            d_day = day[is_delivery]
            w.top_up(d_day, dl, stock[is_delivery], events)
            cared[dl] = w.clean_jar
            nxt[dl] = d_day + w.gap[dl]
        if len(ro):
            r_day = day[~is_delivery]
            new_shop = w.walk_out(r_day, ro, stock[~is_delivery], shop, cared, events)
            if w.deliver:
                nxt[ro] = np.where(new_shop == WANG, r_day + w.gap[ro], _NEVER)
        fill_day[act] = day
        fill[act] = w.jar[act]
    end_stock = fill - w.use * (w.days - fill_day)
    return events, shop, end_stock


def compare(**params: object) -> dict[str, RiceShopRun]:
    """Run both strategies with the same households, notes and luck.

    Examples
    --------
    >>> runs = compare(n_households=40, seed=3)
    >>> sorted(runs)
    ['deliver', 'wait']
    """
    params = same_neighbourhood(params)
    return {s: simulate(strategy=s, **params) for s in STRATEGIES}


def same_neighbourhood(params: dict[str, object]) -> dict[str, object]:
    """:func:`simulate` parameters for several runs on one neighbourhood.

    Drops ``strategy`` (each run sets its own) and, when no ``households`` table is given, draws
    one from ``n_households``, ``n_rivals`` and ``seed`` so that every run sees the same people.

    Examples
    --------
    >>> p = same_neighbourhood({"n_households": 5, "strategy": "wait", "seed": 2})
    >>> sorted(p), len(p["households"])
    (['households', 'seed'], 5)
    """
    params = {k: val for k, val in params.items() if k != "strategy"}
    if params.get("households") is None:
        params["households"] = make_households(
            v.check_count(params.pop("n_households", 300), "n_households", minimum=1),
            n_rivals=params.get("n_rivals", 3), seed=params.get("seed", DEFAULT_SEED),
        )
    params.pop("n_households", None)
    return params
