"""Dick's supermarket (迪克超市), the analysis: did the lists pay, and why do rivals' lists not?

Reads the programme of :mod:`crmlib.cases.supermarket.model` and measures it:

- :func:`lift_test` — treatment minus control in one outcome per household, by Welch's t test or
  by ANCOVA on the pre-period; both tests are chapter 5's (:func:`crmlib.compute.abtest.welch_test`,
  :func:`crmlib.compute.abtest.ancova_test`), the case only picks its groups and columns;
- :func:`programme_summary` — redemption, hit rate, spend and share-of-wallet lift with their
  intervals, incremental margin, cost and ROI;
- :func:`scenario_table` — the programme with private or public lists, with or without coupons
  (:data:`SCENARIOS`);
- :func:`naive_comparison` — the tempting wrong comparison beside the randomised one;
- :func:`compare_hit_rates` — how often a private and a public list line is then bought;
- :func:`example_household` — a household whose list shows every kind of line.

Results carry English keys and column names; showing them is left to the views and notebooks.

Examples
--------
>>> df = pd.DataFrame({"group": ["treatment"] * 3 + ["control"] * 3, "spend": [10, 12, 14, 8, 9, 10]})
>>> lift_test(df)["lift"]
3.0
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pandas as pd

from crmlib import validation as v
from crmlib.cases.supermarket.model import (
    MAX_WEEKS,
    Programme,
    _check_params,
    _check_week,
    _discounts,
    DEFAULTS,
    _plan,
    history,
    public_list,
    simulate_programme,
)
from crmlib.compute import abtest
from crmlib.i18n import t

__all__ = [
    "SCENARIOS",
    "compare_hit_rates",
    "example_household",
    "lift_test",
    "naive_comparison",
    "programme_summary",
    "scenario_table",
]

_GROUPS = ("treatment", "control")


def lift_test(
    outcomes: pd.DataFrame,
    outcome: str = "spend",
    method: Literal["welch", "ancova"] = "welch",
    alpha: float = 0.05,
) -> dict[str, float]:
    """Treatment minus control difference in ``outcome`` with its test and confidence interval.

    ``method="welch"`` (default) compares the two group means with Welch's t-test and its
    confidence interval (:func:`crmlib.compute.abtest.welch_test`, chapter 5).
    The groups were randomised, so the difference in means estimates the programme's effect
    without bias; Welch's version does not assume the two groups have equal variances, and they
    do not: lists and coupons spread the treated households' spending out.

    ``method="ancova"`` regresses the outcome on a treatment dummy and the same measure before
    the programme (column ``pre_<outcome>``) by OLS with heteroskedasticity-robust HC3 standard
    errors (:func:`crmlib.compute.abtest.ancova_test`). Same target, usually a much narrower interval, because
    the pre-period explains most of the household-to-household variation.

    Parameters
    ----------
    outcomes : DataFrame
        Columns ``group`` (``treatment`` / ``control``) and ``outcome`` (and ``pre_<outcome>``
        for ``ancova``), e.g. from :func:`household_outcomes`.
    outcome : str
        Column to compare (``spend``, ``sow``, ``margin``, ...).
    method : {"welch", "ancova"}
    alpha : float
        1 − confidence level (0.05 gives a 95 % interval).

    Returns
    -------
    dict
        ``treatment_mean``, ``control_mean``, ``lift``, ``ci_low``, ``ci_high``, ``p_value``,
        ``n_treatment``, ``n_control``.

    Examples
    --------
    Hand check: treatment 10, 12, 14 (mean 12, variance 4), control 8, 9, 10 (mean 9,
    variance 1); lift 3, standard error sqrt(4/3 + 1/3) = 1.291, t = 2.324 on Welch's
    df = (5/3)^2 / ((4/3)^2/2 + (1/3)^2/2) = 2.94.

    >>> df = pd.DataFrame({"group": ["treatment"] * 3 + ["control"] * 3,
    ...                    "spend": [10, 12, 14, 8, 9, 10]})
    >>> r = lift_test(df)
    >>> round(r["lift"], 3), round(r["p_value"], 3)
    (3.0, 0.104)
    """
    method = v.check_choice(method, "method", ["welch", "ancova"])
    alpha = v.check_rate(alpha, "alpha")
    needed = ["group", outcome] + ([f"pre_{outcome}"] if method == "ancova" else [])
    v.require_columns(outcomes, needed, "outcomes")
    v.check_category_column(outcomes, "group", "outcomes", _GROUPS)
    y = v.check_numeric_column(outcomes, outcome, "outcomes").to_numpy()
    is_t = (outcomes["group"] == "treatment").to_numpy()
    for name, mask in (("treatment", is_t), ("control", ~is_t)):
        if mask.sum() < 2:
            raise v.CRMInputError(t("supermarket_errors.group_too_small", name=name, count=int(mask.sum())))
    yt, yc = y[is_t], y[~is_t]
    if method == "welch":
        test = abtest.welch_test(yc, yt, alpha=alpha)
    else:
        pre = v.check_numeric_column(outcomes, f"pre_{outcome}", "outcomes").to_numpy()
        test = abtest.ancova_test(y, is_t, pre, alpha=alpha)
    return {
        "treatment_mean": float(yt.mean()),
        "control_mean": float(yc.mean()),
        "lift": test["difference"],
        "ci_low": test["ci_low"],
        "ci_high": test["ci_high"],
        "p_value": test["p_value"],
        "n_treatment": int(is_t.sum()),
        "n_control": int((~is_t).sum()),
    }


def programme_summary(result: Programme, list_cost: float = 0.5, alpha: float = 0.05) -> dict[str, float]:
    """Redemption, lift, cost and ROI of a simulated programme.

    Lifts are estimated by OLS of the programme-period outcome on a treatment dummy and the same
    outcome before the programme, with HC3 robust standard errors (chapter 5's
    :func:`crmlib.compute.abtest.ancova_test`, as :func:`lift_test` with ``method="ancova"``): randomisation makes the treatment coefficient unbiased, and adjusting
    for the pre-period makes it several times more precise than the plain difference in means,
    which matters for an ROI built on a small difference. Incremental margin = that margin lift
    per household-week × weeks × treated households. Programme cost = private-offer discounts + coupons redeemed +
    ``list_cost`` per list printed and mailed. ROI = (incremental margin − cost) / cost.

    Returns
    -------
    dict
        ``treated``, ``control``, ``lists``, ``lines``, ``redemption_rate`` (redeemed / lines),
        ``hit_rate`` (lines the household needed that fortnight / lines), ``spend_lift`` with
        ``spend_ci_low`` / ``spend_ci_high`` / ``spend_p`` (USD per household-week),
        ``sow_lift`` with its interval (share points), ``incremental_margin``,
        ``programme_cost`` and ``roi``.

    Examples
    --------
    >>> from crmlib.datasets.synth.supermarket import generate_deals, generate_households
    >>> res = simulate_programme(generate_households(n=400, seed=1), generate_deals(seed=1),
    ...                          pre_weeks=8, programme_weeks=8, seed=1)
    >>> s = programme_summary(res)
    >>> 0 <= s["redemption_rate"] <= 1, s["lists"] > 0
    (True, True)
    """
    list_cost = v.check_nonnegative(list_cost, "list_cost")
    alpha = v.check_rate(alpha, "alpha")
    is_t, is_c = result.group == "treatment", result.group == "control"
    for name, mask in (("treatment", is_t), ("control", is_c)):
        if mask.sum() < 2:
            raise v.CRMInputError(t("supermarket_errors.group_too_small", name=name, count=int(mask.sum())))
    pre, post = slice(0, result.pre_weeks), slice(result.pre_weeks, result.pre_weeks + result.programme_weeks)

    def sow(period: slice) -> np.ndarray:
        total = result.all_spend[:, period].sum(axis=1)
        return np.divide(result.dicks_spend[:, period].sum(axis=1), total, out=np.zeros_like(total), where=total > 0)

    cohort = is_t | is_c
    t_in = is_t[cohort]
    est = {}
    for name, before, after in (
        ("spend", result.dicks_spend[:, pre].mean(axis=1), result.dicks_spend[:, post].mean(axis=1)),
        ("sow", sow(pre), sow(post)),
        ("margin", result.dicks_margin[:, pre].mean(axis=1), result.dicks_margin[:, post].mean(axis=1)),
    ):
        est[name] = abtest.ancova_test(after[cohort], t_in, before[cohort], alpha=alpha)
    spend, sow_ = est["spend"], est["sow"]
    m_lift = est["margin"]["difference"]
    lines = int(result.lines[is_t].sum())
    lists = int(result.lists[is_t].sum())
    incremental = m_lift * result.programme_weeks * int(is_t.sum())
    cost = float(result.offer_cost[is_t].sum() + result.coupon_cost[is_t].sum() + list_cost * lists)
    return {
        "treated": int(is_t.sum()),
        "control": int(is_c.sum()),
        "lists": lists,
        "lines": lines,
        "redemption_rate": float(result.redeemed[is_t].sum() / lines) if lines else 0.0,
        "hit_rate": float(result.hits[is_t].sum() / lines) if lines else 0.0,
        "spend_lift": spend["difference"],
        "spend_ci_low": spend["ci_low"],
        "spend_ci_high": spend["ci_high"],
        "spend_p": spend["p_value"],
        "sow_lift": sow_["difference"],
        "sow_ci_low": sow_["ci_low"],
        "sow_ci_high": sow_["ci_high"],
        "incremental_margin": float(incremental),
        "programme_cost": cost,
        "roi": float((incremental - cost) / cost) if cost > 0 else float("nan"),
    }


SCENARIOS: dict[str, dict[str, Any]] = {
    "private": {"list_source": "private", "coupon_value": DEFAULTS["coupon_value"]},
    "private_no_coupons": {"list_source": "private", "coupon_value": 0.0},
    "public": {"list_source": "public", "coupon_value": DEFAULTS["coupon_value"]},
    "public_no_coupons": {"list_source": "public", "coupon_value": 0.0},
}
"""The programme variants the case compares: Dick's personal lists or a list a rival could build
from public information, each with the story's $35 of coupons for the most loyal or none.
Rivals match the public list's lines (``rival_match`` of :func:`simulate_programme`)."""


def scenario_table(
    households: pd.DataFrame,
    deals: pd.DataFrame,
    scenarios: dict[str, dict[str, Any]] | None = None,
    **common: Any,
) -> pd.DataFrame:
    """Simulate each scenario on the same households and the same luck; one row per scenario.

    Parameters
    ----------
    households, deals : DataFrame
        As for :func:`simulate_programme`.
    scenarios : dict, optional
        Name → keyword arguments of :func:`simulate_programme` (default :data:`SCENARIOS`).
    **common
        Keyword arguments shared by every scenario.

    Returns
    -------
    DataFrame
        ``scenario``, ``spend_lift``, ``spend_ci_low``, ``spend_ci_high``, ``sow_lift``,
        ``redemption_rate``, ``hit_rate``, ``programme_cost``, ``incremental_margin``,
        ``net_profit`` (incremental margin − cost, USD) and ``roi``.

    Examples
    --------
    >>> from crmlib.datasets.synth.supermarket import generate_deals, generate_households
    >>> tab = scenario_table(generate_households(n=300, seed=1), generate_deals(seed=1),
    ...                      pre_weeks=8, programme_weeks=8)
    >>> tab["scenario"].tolist()
    ['private', 'private_no_coupons', 'public', 'public_no_coupons']
    """
    scenarios = SCENARIOS if scenarios is None else scenarios
    keys = ["spend_lift", "spend_ci_low", "spend_ci_high", "sow_lift", "redemption_rate", "hit_rate",
            "programme_cost", "incremental_margin", "net_profit", "roi"]
    rows = []
    for name, kwargs in scenarios.items():
        summary = programme_summary(simulate_programme(households, deals, **{**common, **kwargs}))
        summary["net_profit"] = summary["incremental_margin"] - summary["programme_cost"]
        rows.append({"scenario": name, **{k: summary[k] for k in keys}})
    return pd.DataFrame(rows)


def naive_comparison(result: Programme) -> dict[str, float]:
    """The tempting but wrong measurement: households that got lists against those that did not
    qualify, instead of against the randomised control group.

    Returns
    -------
    dict
        ``listed_spend`` and ``not_eligible_spend`` (average weekly spend during the programme),
        their difference ``naive_lift``, and ``randomised_lift`` (treatment − control) to set
        beside it.

    Examples
    --------
    >>> from crmlib.datasets.synth.supermarket import generate_deals, generate_households
    >>> res = simulate_programme(generate_households(n=300, seed=1), generate_deals(seed=1), pre_weeks=8, programme_weeks=8)
    >>> n = naive_comparison(res)
    >>> n["naive_lift"] > n["randomised_lift"]
    True
    """
    post = slice(result.pre_weeks, result.pre_weeks + result.programme_weeks)
    spend = result.dicks_spend[:, post].mean(axis=1)
    listed = result.lists > 0
    outside = result.group == ""
    if listed.sum() < 1 or outside.sum() < 1:
        raise v.CRMInputError(t("supermarket_errors.group_too_small", name="not eligible", count=int(outside.sum())))
    treat, ctrl = spend[result.group == "treatment"], spend[result.group == "control"]
    return {
        "listed_spend": float(spend[listed].mean()),
        "not_eligible_spend": float(spend[outside].mean()),
        "naive_lift": float(spend[listed].mean() - spend[outside].mean()),
        "randomised_lift": float(treat.mean() - ctrl.mean()),
    }


def example_household(lists: pd.DataFrame) -> int:
    """A household whose list shows every kind of line: an offer, a deal, a reminder and a coupon
    (the lowest such id; else the household with the most kinds of line), to explain in class.

    Examples
    --------
    >>> lists = pd.DataFrame({"household_id": [1, 2, 2, 2], "reason": ["usual", "offer", "deal", "usual"],
    ...                       "coupon": [0.0, 5.0, 5.0, 5.0]})
    >>> example_household(lists)
    2
    """
    v.require_columns(lists, ["household_id", "reason", "coupon"], "lists")
    v.check_id_column(lists, "household_id", "lists")
    v.check_numeric_column(lists, "coupon", "lists", minimum=0)
    kinds = lists.assign(reason=lists["reason"].astype(str), has_coupon=lists["coupon"] > 0).groupby("household_id")
    score = kinds["reason"].nunique() + kinds["has_coupon"].any().astype(int)
    return int(score.idxmax())


def compare_hit_rates(baskets: pd.DataFrame, deals: pd.DataFrame, week: int, **rules: Any) -> pd.DataFrame:
    """How often a list line is then bought at Dick's in its two weeks: private vs public list.

    Both lists go to the same eligible households; a hit is a listed category bought at Dick's
    in week ``week`` or ``week + 1``. This is Rob's "little secret" in numbers: the rival's list,
    built from shelf prices and ads only, misses much more often.

    Returns
    -------
    DataFrame
        One row per list source (``private``, ``public``): ``lines``, ``hits``, ``hit_rate``.

    Examples
    --------
    >>> b = pd.DataFrame({"household_id": [1, 1, 1, 1], "week": [1, 2, 3, 4],
    ...                   "category": ["dog_food"] * 4, "amount": [30.0] * 4})
    >>> from crmlib.datasets.synth.supermarket import generate_deals
    >>> d = generate_deals(weeks=4, seed=1)
    >>> compare_hit_rates(b, d, week=3, list_length=1)
      list_source  lines  hits  hit_rate
    0     private      1     1       1.0
    1      public      1     0       0.0
    """
    p = _check_params(rules)
    week = _check_week(week, "week", low=2, high=MAX_WEEKS - 1)
    h = history(baskets, weeks=week + 1)
    deal = _discounts(deals, week, [week])[week - 1]
    window = h.spend[max(0, week - 1 - p["lookback"]) : week - 1]
    plan = _plan(window, h.spend[: week - 1].any(axis=0), deal, p)
    after = h.spend[week - 1 : week + 1].sum(axis=0) > 0  # (H, C)
    rows = np.arange(len(h.household_id))[:, None]
    private = plan.cats >= 0
    private_hits = int((after[rows, np.maximum(plan.cats, 0)] & private).sum())
    pub = public_list(deals, week, p["list_length"])["category"].cat.codes.to_numpy()
    public_hits = int(after[plan.eligible][:, pub].sum())
    n_pub = int(plan.eligible.sum()) * len(pub)
    lines = np.array([int(private.sum()), n_pub])
    hits = np.array([private_hits, public_hits])
    return pd.DataFrame(
        {
            "list_source": ["private", "public"],
            "lines": lines,
            "hits": hits,
            "hit_rate": np.round(np.divide(hits, lines, out=np.zeros(2), where=lines > 0), 4),
        }
    )
