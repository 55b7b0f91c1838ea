"""Churn and win-back (chapter 8): early-warning alerts, a churn model, survival, win-back economics.

- **Alerts from purchase gaps.** A customer who usually buys every ``c`` days and has now been
  silent for ``g`` days has a gap ratio ``g / c``; past one threshold the alert is yellow,
  past a higher one red (:func:`purchase_gap_alerts`, built on :func:`purchase_cycles`, the
  purchase cycle the D-manager case uses too).
- **A churn model.** Logistic regression (statsmodels ``Logit``) of ``churned`` on customer
  features; ``exp(coefficient)`` is an odds ratio with its confidence interval
  (:func:`fit_churn_model`, :func:`odds_ratios`); a gains / lift table ranks customers by
  predicted risk (:func:`gains_table`); the AUC on a holdout sample checks it on customers the
  model has not seen (:func:`holdout_check`).
- **Survival.** Kaplan–Meier (1958) curves (numpy; checked against statsmodels ``SurvfuncRight``)
  and a log-rank test with ``survdiff`` (:func:`kaplan_meier`, :func:`logrank_test`).
- **Win-back economics.** Contact a lost customer when ``p · value > cost``
  (:func:`winback_economics`).

Examples
--------
>>> auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
0.75
>>> round(expected_winback_gain(0.3, 2000, 150), 2)
450.0
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import ndtri

from crmlib import validation as v
from crmlib.i18n import t

__all__ = [
    "ALERT_LEVELS",
    "ChurnModel",
    "alert_check",
    "auc",
    "expected_winback_gain",
    "fit_churn_model",
    "gains_table",
    "holdout_check",
    "kaplan_meier",
    "logrank_test",
    "median_survival",
    "odds_ratios",
    "predict_churn",
    "purchase_cycles",
    "purchase_gap_alerts",
    "split_holdout",
    "winback_candidates",
    "winback_economics",
]

ALERT_LEVELS: tuple[str, ...] = ("red", "yellow", "green")
"""Alert levels, most urgent first."""


# --- alerts from purchase gaps --------------------------------------------------------------

def _as_of(as_of: object) -> pd.Timestamp:
    return v.check_date(as_of, "as_of")


def purchase_cycles(
    transactions: pd.DataFrame,
    as_of: str | pd.Timestamp,
    *,
    customer: str = "customer_id",
    date: str = "date",
) -> pd.DataFrame:
    """Each customer's purchase cycle and how long they have been silent on ``as_of``.

    The one definition of the purchase cycle in crmlib: :func:`purchase_gap_alerts` (chapter 8)
    and the D-manager case (:func:`crmlib.cases.d_manager.analysis.detect_lost`) both start
    from it and differ only in the threshold they put on ``gap_ratio``. Those thresholds are
    rules of thumb chosen for different purposes: chapter 8 raises *early warnings* (yellow at
    1.5 cycles, red at 2.5) so that someone calls the customer while they can still be kept;
    the case flags a key account as *already lost* at 2 cycles, with at least 3 orders, to
    count the damage and plan a win-back.

    Parameters
    ----------
    transactions : DataFrame
        One row per purchase (order), with a customer column and a date column.
    as_of : str or Timestamp
        The day of the check; purchases after it are ignored.
    customer, date : str
        Column names.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id`` (sorted): ``purchases`` (rows up to ``as_of``),
        ``first_purchase``, ``last_purchase``, ``cycle_days`` (median gap in days between
        consecutive purchase days; purchases on the same day count once; missing with a single
        purchase day), ``days_since`` (days from the last purchase to ``as_of``) and
        ``gap_ratio`` = ``days_since / cycle_days``.

    Examples
    --------
    A buys on 1, 11 and 31 January: gaps 10 and 20 days, median 15; on 1 March A has been
    silent 30 days, 30 / 15 = 2 cycles. B has bought once, so it has no cycle yet.

    >>> tx = pd.DataFrame({"customer_id": ["A", "A", "A", "B"],
    ...                    "date": ["2024-01-01", "2024-01-11", "2024-01-31", "2024-01-20"]})
    >>> cyc = purchase_cycles(tx, "2024-03-01")
    >>> [float(x) for x in cyc.loc["A", ["purchases", "cycle_days", "days_since", "gap_ratio"]]]
    [3.0, 15.0, 30.0, 2.0]
    >>> bool(pd.isna(cyc.loc["B", "cycle_days"]))
    True
    """
    v.check_id_column(v.require_columns(transactions, [customer], "transactions"), customer, "transactions")
    tx = v.require_columns(transactions, [customer, date], "transactions")
    dates = v.check_date_column(tx, date, "transactions")
    day = _as_of(as_of)
    frame = pd.DataFrame({"customer_id": tx[customer].to_numpy(), "date": dates.to_numpy()})
    frame = frame[frame["date"] <= day]
    if frame.empty:
        raise v.CRMInputError(t("error.empty_table", table="transactions"))
    days = frame.drop_duplicates().sort_values(["customer_id", "date"], kind="stable")
    gaps = days.groupby("customer_id")["date"].diff().dt.days
    per = days.assign(gap=gaps).groupby("customer_id", sort=True).agg(
        first_purchase=("date", "min"), last_purchase=("date", "max"), cycle_days=("gap", "median")
    )
    per.insert(0, "purchases", frame.groupby("customer_id", sort=True).size())
    per["cycle_days"] = per["cycle_days"].astype(float)
    per["days_since"] = (day - per["last_purchase"]).dt.days
    per["gap_ratio"] = per["days_since"] / per["cycle_days"]
    per.index.name = "customer_id"
    return per


def purchase_gap_alerts(
    transactions: pd.DataFrame,
    as_of: str | pd.Timestamp,
    *,
    cycle: float | None = None,
    yellow: float = 1.5,
    red: float = 2.5,
    customer: str = "customer_id",
    date: str = "date",
) -> pd.DataFrame:
    """Yellow and red alerts from how long each customer has been silent, against their cycle.

    The cycles are those of :func:`purchase_cycles`. The thresholds 1.5 and 2.5 are rules of
    thumb for *early warning*: act before the customer is gone. The D-manager case instead
    calls a key account *lost* past 2 cycles (:func:`crmlib.cases.d_manager.analysis.detect_lost`),
    a rule for counting who has already left; both put a threshold on the same gap ratio.

    Parameters
    ----------
    transactions : DataFrame
        One row per purchase, with a customer column and a date column.
    as_of : str or Timestamp
        The day the alert list is drawn up; purchases after it are ignored.
    cycle : float, optional
        The usual purchase cycle in days, the same for everyone. If omitted, each customer's own
        cycle is the median gap between their purchase days; customers with one purchase day get
        the median of the others' cycles (at least 1 day).
    yellow, red : float
        Gap ratios (days silent / cycle) at which the alert turns yellow and red
        (rules of thumb for teaching: 1.5 and 2.5 cycles); ``red`` must exceed ``yellow``.
    customer, date : str
        Column names.

    Returns
    -------
    DataFrame
        Columns ``customer_id, purchases, last_purchase, cycle_days, days_since, gap_ratio,
        level``; red first, then yellow, then green, the longest silence first within a level.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": [1, 1, 1, 2, 2, 3, 3],
    ...     "date": ["2024-01-01", "2024-01-11", "2024-01-21", "2024-01-01", "2024-01-31",
    ...              "2024-01-05", "2024-01-15"]})
    >>> a = purchase_gap_alerts(tx, "2024-02-10")
    >>> a[["customer_id", "cycle_days", "days_since", "level"]].values.tolist()
    [[3, 10.0, 26, 'red'], [1, 10.0, 20, 'yellow'], [2, 30.0, 10, 'green']]
    """
    v.check_id_column(v.require_columns(transactions, [customer], "transactions"), customer, "transactions")
    v.require_columns(transactions, [customer, date], "transactions")
    v.check_date_column(transactions, date, "transactions")
    _as_of(as_of)
    yellow = v.check_positive(yellow, "yellow")
    red = v.check_positive(red, "red")
    if red <= yellow:
        raise v.CRMInputError(t("churn_errors.thresholds", yellow=yellow, red=red))
    if cycle is not None:
        cycle = v.check_positive(cycle, "cycle")
    per = purchase_cycles(transactions, as_of, customer=customer, date=date)
    if cycle is None:
        # Check before taking the median: the median of an all-NaN column warns "Mean of empty
        # slice" under some pandas/numpy versions (pandas 2.2 with numpy 2.0).
        if not per["cycle_days"].notna().any():
            raise v.CRMInputError(t("churn_errors.no_cycle"))
        fallback = per["cycle_days"].median()
        per["cycle_days"] = per["cycle_days"].fillna(fallback).clip(lower=1.0).astype(float)
    else:
        per["cycle_days"] = float(cycle)
    per["days_since"] = per["days_since"].astype(int)
    per["gap_ratio"] = per["days_since"] / per["cycle_days"]
    per["level"] = np.select([per["gap_ratio"] >= red, per["gap_ratio"] >= yellow], ["red", "yellow"], "green")
    per["_order"] = per["level"].map({lvl: i for i, lvl in enumerate(ALERT_LEVELS)})
    per = per.reset_index().sort_values(["_order", "gap_ratio"], ascending=[True, False], kind="stable")
    cols = ["customer_id", "purchases", "last_purchase", "cycle_days", "days_since", "gap_ratio", "level"]
    return per[cols].reset_index(drop=True)


def alert_check(alerts: pd.DataFrame, lost: Sequence[object]) -> pd.DataFrame:
    """How well the alert levels picked out the customers who really left.

    Parameters
    ----------
    alerts : DataFrame
        Output of :func:`purchase_gap_alerts` (columns ``customer_id`` and ``level``).
    lost : sequence
        Ids of the customers known (later) to have left.

    Returns
    -------
    DataFrame
        Indexed by ``level`` (red, yellow, green): ``customers``, ``actually_lost``,
        ``share_lost`` (the hit rate of that level) and ``share_of_all_lost`` (how many of the
        leavers the level caught).

    Examples
    --------
    >>> a = pd.DataFrame({"customer_id": [1, 2, 3, 4], "level": ["red", "red", "yellow", "green"]})
    >>> alert_check(a, [1, 3])["actually_lost"].tolist()
    [1, 1, 0]
    """
    frame = v.require_columns(alerts, ["customer_id", "level"], "alerts")
    v.check_category_column(frame, "level", "alerts", ALERT_LEVELS)
    v.check_id_column(frame, "customer_id", "alerts")
    is_lost = frame["customer_id"].isin(set(lost))
    grouped = pd.DataFrame({"level": frame["level"], "lost": is_lost.astype(int)}).groupby("level")["lost"]
    out = pd.DataFrame({"customers": grouped.size(), "actually_lost": grouped.sum()}).reindex(list(ALERT_LEVELS), fill_value=0)
    out["share_lost"] = out["actually_lost"] / out["customers"].where(out["customers"] > 0)
    total = int(out["actually_lost"].sum())
    out["share_of_all_lost"] = out["actually_lost"] / total if total else np.nan
    out.index.name = "level"
    return out


# --- the churn model ------------------------------------------------------------------------

@dataclass(frozen=True)
class ChurnModel:
    """A fitted churn model: the statsmodels result, the features and their units."""

    result: object
    features: tuple[str, ...]
    per: dict[str, float]
    target: str

    def design(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The design matrix (constant + scaled features) for ``frame``."""
        x = pd.DataFrame(
            {f: v.check_numeric_column(frame, f, "customers") / self.per.get(f, 1.0) for f in self.features},
            index=frame.index,
        )
        x.insert(0, "const", 1.0)
        return x


def _check_target(frame: pd.DataFrame, target: str) -> pd.Series:
    y = v.check_numeric_column(frame, target, "customers", minimum=0, maximum=1)
    if not y.isin([0.0, 1.0]).all():
        row = y.index[~y.isin([0.0, 1.0])][0]
        raise v.CRMInputError(
            t("error.column_unknown_value", table="customers", column=target, value=y.loc[row], row=row, allowed="0, 1")
        )
    if y.nunique() < 2:
        raise v.CRMInputError(t("churn_errors.one_class", column=target))
    return y


def fit_churn_model(
    customers: pd.DataFrame,
    features: Sequence[str],
    target: str = "churned",
    *,
    per: Mapping[str, float] | None = None,
) -> ChurnModel:
    """Fit a logistic regression ``P(churn) = 1 / (1 + exp(−(b0 + Σ b_j x_j)))`` with statsmodels.

    Parameters
    ----------
    customers : DataFrame
        One row per customer with the feature columns and a 0/1 ``target`` column.
    features : sequence of str
        Numeric feature columns.
    target : str
        The 0/1 churn column.
    per : mapping, optional
        Units for the odds ratios: ``{"monthly_spend": 100}`` fits the model on spend / 100, so
        the odds ratio is "per 100 yuan more spend" instead of per yuan.

    Examples
    --------
    >>> df = pd.DataFrame({"member": [1] * 40 + [0] * 60,
    ...                    "churned": [1] * 10 + [0] * 30 + [1] * 30 + [0] * 30})
    >>> m = fit_churn_model(df, ["member"])
    >>> round(float(odds_ratios(m).loc[0, "odds_ratio"]), 4)   # (10/30) / (30/30)
    0.3333
    """
    # the Logit class alone: ``statsmodels.api`` would load every model family (~30 MB more)
    from statsmodels.discrete.discrete_model import Logit

    frame = v.require_frame(customers, "customers")
    features = list(features)
    if not features:
        raise v.CRMInputError(t("error.length_mismatch", name="features", expected=">= 1", got=0))
    v.require_columns(frame, [*features, target], "customers")
    per = {k: v.check_positive(val, f"per[{k!r}]") for k, val in (per or {}).items()}
    y = _check_target(frame, target)
    model = ChurnModel(result=None, features=tuple(features), per=per, target=target)
    x = model.design(frame)
    import warnings

    from statsmodels.tools.sm_exceptions import ConvergenceWarning

    with warnings.catch_warnings():
        # statsmodels reports non-convergence as a warning and a flag; the flag is checked below
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.filterwarnings("ignore", message=".*(overflow|divide by zero|Perfect separation|invalid value).*")
        try:
            result = Logit(y, x).fit(disp=0, method="newton", maxiter=100)
        except np.linalg.LinAlgError as exc:  # a singular Hessian: collinear or constant features
            raise v.CRMInputError(t("churn_errors.not_converged", features=", ".join(features), detail=str(exc))) from exc
    converged = bool(result.mle_retvals.get("converged", False))
    params = np.asarray(result.params, dtype=float)
    if not converged or not np.all(np.isfinite(params)):
        raise v.CRMInputError(
            t("churn_errors.not_converged", features=", ".join(features),
              detail=f"iterations = {result.mle_retvals.get('iterations')}")
        )
    return ChurnModel(result=result, features=tuple(features), per=per, target=target)


def odds_ratios(model: ChurnModel, alpha: float = 0.05) -> pd.DataFrame:
    """Odds ratios ``exp(b)`` with their Wald confidence intervals and p-values.

    An odds ratio of 1.5 for ``complaints`` means each extra complaint multiplies the odds of
    churning (p / (1 − p)) by 1.5, the other features held fixed; below 1 it lowers them.

    Returns
    -------
    DataFrame
        Columns ``feature, per, coef, odds_ratio, ci_low, ci_high, p_value`` (no constant).

    Examples
    --------
    >>> df = pd.DataFrame({"member": [1] * 40 + [0] * 60,
    ...                    "churned": [1] * 10 + [0] * 30 + [1] * 30 + [0] * 30})
    >>> odds_ratios(fit_churn_model(df, ["member"]))[["ci_low", "ci_high"]].round(3).values.tolist()
    [[0.139, 0.801]]
    """
    alpha = v.check_rate(alpha, "alpha")
    res = model.result
    ci = res.conf_int(alpha=alpha)
    rows = []
    for f in model.features:
        rows.append(
            {
                "feature": f,
                "per": model.per.get(f, 1.0),
                "coef": float(res.params[f]),
                "odds_ratio": float(np.exp(res.params[f])),
                "ci_low": float(np.exp(ci.loc[f, 0])),
                "ci_high": float(np.exp(ci.loc[f, 1])),
                "p_value": float(res.pvalues[f]),
            }
        )
    return pd.DataFrame(rows)


def predict_churn(model: ChurnModel, customers: pd.DataFrame) -> pd.Series:
    """Predicted churn probability for each row of ``customers``.

    Examples
    --------
    >>> df = pd.DataFrame({"member": [1] * 40 + [0] * 60,
    ...                    "churned": [1] * 10 + [0] * 30 + [1] * 30 + [0] * 30})
    >>> predict_churn(fit_churn_model(df, ["member"]), df.iloc[[0, -1]]).round(3).tolist()
    [0.25, 0.5]
    """
    frame = v.require_columns(customers, list(model.features), "customers")
    return pd.Series(np.asarray(model.result.predict(model.design(frame))), index=frame.index, name="p_churn")


def auc(y_true: Sequence[float], score: Sequence[float]) -> float:
    """Area under the ROC curve by the Mann–Whitney identity.

    ``AUC = (R₁ − n₁(n₁ + 1)/2) / (n₁ n₀)``, with ``R₁`` the sum of the (average) ranks of the
    churners' scores: the chance that a random churner scores higher than a random stayer,
    ties counting one half.

    Examples
    --------
    >>> auc([0, 1, 0, 1], [0.2, 0.2, 0.1, 0.9])   # pairs won: 1 + 0.5 + 1 + 1 of 4
    0.875
    """
    y = np.asarray([v.check_number(val, f"y_true[{i}]") for i, val in enumerate(y_true)])
    s = np.asarray([v.check_number(val, f"score[{i}]") for i, val in enumerate(score)])
    if len(y) != len(s):
        raise v.CRMInputError(t("error.length_mismatch", name="score", expected=len(y), got=len(s)))
    if not np.isin(y, [0.0, 1.0]).all():
        raise v.CRMInputError(t("churn_errors.not_binary", name="y_true"))
    n1 = int(y.sum())
    n0 = len(y) - n1
    if n1 == 0 or n0 == 0:
        raise v.CRMInputError(t("churn_errors.one_class", column="y_true"))
    from scipy.stats import rankdata  # imported when needed: scipy.stats is ~60 MB of a kernel

    ranks = rankdata(s)
    return float((ranks[y == 1].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def gains_table(y_true: Sequence[float], score: Sequence[float], groups: int = 10) -> pd.DataFrame:
    """Gains and lift: customers sorted by predicted risk, cut into ``groups`` equal groups.

    Parameters
    ----------
    y_true : sequence of 0/1
        Who actually churned.
    score : sequence of float
        Predicted churn risk (higher = riskier).
    groups : int
        Number of groups (10 = deciles); group 1 holds the riskiest customers.

    Returns
    -------
    DataFrame
        Columns ``group, customers, churners, churn_rate, cum_customers_share, gain, lift,
        cum_lift``. ``gain`` is the share of all churners found by contacting groups 1..k;
        ``lift`` is a group's churn rate over the overall rate.

    Examples
    --------
    >>> g = gains_table([1, 1, 0, 1, 0, 0, 0, 0, 1, 0], [.9, .8, .7, .6, .5, .4, .3, .2, .1, .05], groups=5)
    >>> g[["churners", "gain", "lift"]].round(2).values.tolist()[:2]
    [[2.0, 0.5, 2.5], [1.0, 0.75, 1.25]]
    """
    y = np.asarray([v.check_number(val, f"y_true[{i}]") for i, val in enumerate(y_true)])
    s = np.asarray([v.check_number(val, f"score[{i}]") for i, val in enumerate(score)])
    if len(y) != len(s):
        raise v.CRMInputError(t("error.length_mismatch", name="score", expected=len(y), got=len(s)))
    if not np.isin(y, [0.0, 1.0]).all():
        raise v.CRMInputError(t("churn_errors.not_binary", name="y_true"))
    groups = v.check_count(groups, "groups", minimum=1)
    if groups > len(y):
        raise v.CRMInputError(t("churn_errors.too_many_groups", groups=groups, n=len(y)))
    if y.sum() == 0:
        raise v.CRMInputError(t("churn_errors.one_class", column="y_true"))
    order = np.argsort(-s, kind="stable")
    y_sorted = y[order]
    cuts = np.array_split(np.arange(len(y)), groups)
    customers = np.array([len(c) for c in cuts], dtype=float)
    churners = np.array([y_sorted[c].sum() for c in cuts])
    overall = y.mean()
    out = pd.DataFrame(
        {
            "group": np.arange(1, groups + 1),
            "customers": customers,
            "churners": churners,
            "churn_rate": churners / customers,
            "cum_customers_share": customers.cumsum() / len(y),
            "gain": churners.cumsum() / y.sum(),
        }
    )
    out["lift"] = out["churn_rate"] / overall
    out["cum_lift"] = out["gain"] / out["cum_customers_share"]
    return out


def split_holdout(customers: pd.DataFrame, test_share: float = 0.3, seed: int = 8) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split customers at random into a training part and a holdout part.

    Examples
    --------
    >>> train, test = split_holdout(pd.DataFrame({"a": range(10)}), 0.3, seed=1)
    >>> len(train), len(test)
    (7, 3)
    """
    frame = v.require_frame(customers, "customers")
    share = v.check_rate(test_share, "test_share")
    if share <= 0 or share >= 1:
        raise v.CRMInputError(t("churn_errors.open_rate", name="test_share", value=test_share))
    seed = v.check_count(seed, "seed")
    rng = np.random.default_rng(seed)
    n_test = int(round(len(frame) * share))
    if n_test < 1 or n_test >= len(frame):
        raise v.CRMInputError(t("churn_errors.open_rate", name="test_share", value=test_share))
    pick = np.zeros(len(frame), dtype=bool)
    pick[rng.choice(len(frame), size=n_test, replace=False)] = True
    return frame.iloc[~pick], frame.iloc[pick]


def holdout_check(
    customers: pd.DataFrame,
    features: Sequence[str],
    target: str = "churned",
    *,
    test_share: float = 0.3,
    seed: int = 8,
    per: Mapping[str, float] | None = None,
    groups: int = 10,
) -> dict[str, object]:
    """Fit on a training part, then score the holdout the model never saw.

    Returns
    -------
    dict
        ``model`` (fitted on the training part), ``train_auc``, ``test_auc``, ``gains`` (the
        gains table on the holdout), ``n_train``, ``n_test``. A test AUC far below the training
        AUC means the model learnt noise.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> df = pd.DataFrame({"x": rng.normal(size=400)})
    >>> df["churned"] = (rng.random(400) < 1 / (1 + np.exp(-2 * df["x"]))).astype(int)
    >>> out = holdout_check(df, ["x"], seed=1)
    >>> out["test_auc"] > 0.75, out["n_test"]
    (True, 120)
    """
    train, test = split_holdout(customers, test_share, seed)
    model = fit_churn_model(train, features, target, per=per)
    p_train = predict_churn(model, train)
    p_test = predict_churn(model, test)
    y_test = _check_target(test, target)
    return {
        "model": model,
        "train_auc": auc(train[target].to_numpy(dtype=float), p_train.to_numpy()),
        "test_auc": auc(y_test.to_numpy(), p_test.to_numpy()),
        "gains": gains_table(y_test.to_numpy(), p_test.to_numpy(), groups),
        "n_train": len(train),
        "n_test": len(test),
    }


# --- survival -------------------------------------------------------------------------------

def _plain_numbers(frame: pd.DataFrame, column: str) -> np.ndarray | None:
    """The column as a float array if it is an int/float column with finite values >= 0, else None."""
    raw = frame[column]
    if isinstance(raw, pd.DataFrame) or raw.dtype.kind not in "iuf":
        return None
    arr = raw.to_numpy(dtype=float)
    if not (np.isfinite(arr).all() and (arr >= 0).all()):
        return None
    return arr


def _survival_inputs(customers: pd.DataFrame, duration: str, event: str) -> tuple[np.ndarray, np.ndarray]:
    frame = v.require_columns(customers, [duration, event], "customers")
    # fast path for clean numeric columns (the usual case); anything else goes through the full
    # checks below, which name the column and the first bad row
    time = _plain_numbers(frame, duration)
    status = _plain_numbers(frame, event)
    if time is not None and status is not None and ((status == 0) | (status == 1)).all():
        return time, status
    time = v.check_numeric_column(frame, duration, "customers", minimum=0).to_numpy()
    status = v.check_numeric_column(frame, event, "customers", minimum=0, maximum=1)
    if not status.isin([0.0, 1.0]).all():
        row = status.index[~status.isin([0.0, 1.0])][0]
        raise v.CRMInputError(
            t("error.column_unknown_value", table="customers", column=event, value=status.loc[row], row=row, allowed="0, 1")
        )
    return time, status.to_numpy()


def _km_column(frame: pd.DataFrame, column: str, *, flag: bool) -> np.ndarray | None:
    """A clean numpy int or float column as an array (ints as ``intp``), else None.

    Clean: values >= 0 and finite, and only 0 or 1 if ``flag``. One pass per check over the
    array, no copy for int64 / float64 columns; anything else (text, missing values, nullable
    or duplicate columns) returns None and goes through the full checks, which name the problem.
    """
    raw = frame[column]
    if isinstance(raw, pd.DataFrame) or not isinstance(raw.dtype, np.dtype):
        return None
    kind = raw.dtype.kind
    arr = raw.to_numpy()
    if kind in "iu":
        if arr.min() < 0 or arr.max() > (1 if flag else np.iinfo(np.intp).max):
            return None
        return arr.astype(np.intp, copy=False)
    if kind == "f":
        ok = ((arr == 0) | (arr == 1)).all() if flag else bool(np.isfinite(arr).all() and arr.min() >= 0)
        return arr if ok else None
    return None


def _km_grid(
    t_index: np.ndarray, values: np.ndarray | None, n_times: int, status: np.ndarray,
    codes: np.ndarray | None, n_groups: int,
) -> tuple[np.ndarray, ...]:
    """Kaplan–Meier of every group at once, on a (group × time) grid of counts.

    ``t_index`` numbers each customer's time (0 … n_times − 1, in time order; ``values`` maps
    the numbers back to times, None if they are the times). Grid column 0 is each curve's start
    (time 0, everyone at risk, S = 1), column k + 1 is time number k. ``S(t) = Π (1 − d_i / n_i)``
    over event times t_i ≤ t and Greenwood's variance ``S(t)² · Σ d_i / (n_i (n_i − d_i))``;
    cells without an event multiply by exactly 1 and add exactly 0, so the kept cells equal the
    product-limit estimator over event times alone, bit for bit.

    Returns the kept cells (curve starts and event times) in group, then time order: group
    number, time, at risk, events, S(t) and the Greenwood sum.
    """
    width = n_times + 1
    flat = t_index if codes is None else codes * n_times + t_index
    size = n_groups * n_times
    leaving = np.bincount(flat, minlength=size).reshape(n_groups, n_times)
    # at risk at time k: the group's customers whose time is k or later (a cumulative sum from
    # the last time backwards); at the start, everyone
    at_risk = np.empty((n_groups, width))
    np.cumsum(leaving[:, ::-1], axis=1, dtype=float, out=at_risk[:, :0:-1])
    at_risk[:, 0] = at_risk[:, 1]
    events = np.zeros((n_groups, width))
    events[:, 1:] = np.bincount(flat, weights=status, minlength=size).reshape(n_groups, n_times)
    has_event = events > 0
    # (the caller silences division by zero: Greenwood's term is infinite when all at risk churn)
    hazard = np.divide(events, at_risk, out=np.zeros((n_groups, width)), where=has_event)
    greenwood = np.divide(events, at_risk * (at_risk - events), out=np.zeros((n_groups, width)),
                          where=has_event)
    surv = np.cumprod(np.subtract(1.0, hazard, out=hazard), axis=1)
    np.cumsum(greenwood, axis=1, out=greenwood)
    has_event[:, 0] = True
    cells = np.flatnonzero(has_event)
    group_of, column = np.divmod(cells, width)
    time_of = np.empty(width)
    time_of[0] = 0.0
    time_of[1:] = np.arange(n_times) if values is None else values
    return (group_of, time_of[column], at_risk.ravel()[cells], events.ravel()[cells],
            surv.ravel()[cells], greenwood.ravel()[cells])


_KM_COLUMNS = pd.Index(["group", "time", "at_risk", "events", "survival", "ci_low", "ci_high"])
_KM_ALL = pd.Index(["all"])
_KM_PLACES = (np.array([0]), np.array([1, 4, 5, 6]), np.array([2, 3]))  # group; floats; counts
_KM_Z: dict[float, float] = {}
try:  # pandas >= 3: the result assembled from its three blocks (no type inference, no copies)
    from pandas.api.internals import create_dataframe_from_blocks as _frame_from_blocks
except ImportError:  # pragma: no cover - pandas 2.x: the ordinary constructor
    _frame_from_blocks = None


def kaplan_meier(
    customers: pd.DataFrame,
    duration: str = "tenure_months",
    event: str = "churned",
    group: str | None = None,
    *,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Kaplan–Meier survival (share of customers still active) with pointwise confidence limits.

    The product-limit estimator computed directly with numpy (it agrees with
    :class:`statsmodels.duration.survfunc.SurvfuncRight` to rounding; see the tests). Customers
    who have not churned by the end of their observation are censored: they count as at risk
    until then, never as churned. Limits use the log(−log) transform of Greenwood's standard
    error.

    Parameters
    ----------
    customers : DataFrame
        One row per customer.
    duration : str
        Time observed (e.g. months since joining), >= 0.
    event : str
        1 if the customer churned at ``duration``, 0 if still active (censored).
    group : str, optional
        Estimate one curve per value of this column.

    Returns
    -------
    DataFrame
        Columns ``group, time, at_risk, events, survival, ci_low, ci_high`` (``group`` is
        "all" without a grouping column), starting from ``time = 0, survival = 1``.

    Examples
    --------
    >>> df = pd.DataFrame({"tenure_months": [1, 2, 2, 3, 4, 5], "churned": [1, 1, 0, 1, 0, 1]})
    >>> kaplan_meier(df)["survival"].round(4).tolist()   # 5/6, ·4/5, ·2/3, ·0/1
    [1.0, 0.8333, 0.6667, 0.4444, 0.0]
    """
    # Written for speed on a cold call (issue 18: within 2x of statsmodels' SurvfuncRight, which
    # takes bare arrays): one pass per check over clean int/float columns, counting instead of
    # sorting for whole-number times, every group at once, the result built from its blocks.
    if alpha.__class__ is not float or not 0.0 <= alpha <= 1.0:
        alpha = v.check_rate(alpha, "alpha")
    z = _KM_Z.get(alpha)
    if z is None:  # the normal quantile (stats.norm.ppf, without its overhead)
        z = _KM_Z[alpha] = float(ndtri(1 - alpha / 2))
    time = status = None
    frame_ok = isinstance(customers, pd.DataFrame) and len(customers.index) > 0
    if frame_ok and duration in customers and event in customers:
        time = _km_column(customers, duration, flag=False)
        status = _km_column(customers, event, flag=True) if time is not None else None
    if status is None:  # anything unusual: the full checks, which raise naming the problem
        time, status = _survival_inputs(customers, duration, event)
    n = len(time)
    if group is None:
        codes, labels, n_groups = None, _KM_ALL, 1
    else:
        v.require_columns(customers, [group], "customers")
        codes, labels = pd.factorize(customers[group], use_na_sentinel=False)
        labels, n_groups = pd.Index(labels), len(labels)
    limit = 8 * n + 4096  # grid cells: about the size of the input
    if time.dtype.kind == "i" and n_groups * (int(time.max()) + 2) <= limit:
        t_index, values, n_times = time, None, int(time.max()) + 1  # whole numbers: count them
    else:
        values, t_index = np.unique(time, return_inverse=True)
        values, n_times = values.astype(float), len(values)
    with np.errstate(divide="ignore", invalid="ignore"):  # S = 0 and S = 1 give no limits (NaN)
        if n_groups * (n_times + 1) <= limit:
            parts = _km_grid(t_index, values, n_times, status, codes, n_groups)
        else:  # very many groups: one small grid each
            pieces = []
            for k in range(n_groups):
                mine = codes == k
                used, sub_index = np.unique(t_index[mine], return_inverse=True)
                used = used.astype(float) if values is None else values[used]
                piece = _km_grid(sub_index, used, len(used), status[mine], None, 1)
                pieces.append((np.full(len(piece[0]), k), *piece[1:]))
            parts = tuple(np.concatenate(column) for column in zip(*pieces))
        group_of, times, at_risk, events, surv, greenwood = parts
        m = len(times)
        numbers = np.empty((4, m))  # time, survival, ci_low, ci_high: one float block
        numbers[0], numbers[1] = times, surv
        log_s = np.log(surv)
        theta = np.log(-log_s)
        se_theta = np.sqrt(greenwood) / np.abs(log_s)
        np.exp(-np.exp(theta + z * se_theta), out=numbers[2])
        np.exp(-np.exp(theta - z * se_theta), out=numbers[3])
    start = times == 0.0
    start &= events == 0.0
    numbers[2:, start] = 1.0  # the curves' starting rows (S = 1 exactly)
    counts = np.empty((2, m), dtype=np.int64)  # at_risk, events: one int block
    counts[0], counts[1] = at_risk, events
    if isinstance(labels.dtype, np.dtype):  # a numpy column of labels, e.g. int or object
        names = labels.to_numpy().take(group_of)
        name_block = names.reshape(1, m)
    else:  # an extension array, e.g. pandas' str or categorical
        names = name_block = labels.array.take(group_of)
    if _frame_from_blocks is not None:
        return _frame_from_blocks(
            [(name_block, _KM_PLACES[0]), (numbers, _KM_PLACES[1]), (counts, _KM_PLACES[2])],
            index=pd.RangeIndex(m), columns=_KM_COLUMNS.copy(),
        )
    columns = (names, numbers[0], counts[0], counts[1], numbers[1], numbers[2], numbers[3])
    data = dict(zip(_KM_COLUMNS, columns))
    return pd.DataFrame(data, index=pd.RangeIndex(m), copy=False)


def median_survival(table: pd.DataFrame) -> pd.Series:
    """Median survival time per group: the first time the curve drops to 0.5 or below (NaN if never).

    Examples
    --------
    >>> df = pd.DataFrame({"tenure_months": [1, 2, 2, 3, 4, 5], "churned": [1, 1, 0, 1, 0, 1]})
    >>> median_survival(kaplan_meier(df)).tolist()
    [3.0]
    """
    v.require_columns(table, ["group", "time", "survival"], "table")
    v.check_numeric_column(table, "time", "table", minimum=0)
    v.check_numeric_column(table, "survival", "table", minimum=0, maximum=1)
    out = {}
    for g, part in table.groupby("group", sort=False):
        below = part.loc[part["survival"] <= 0.5 + 1e-12, "time"]
        out[g] = float(below.iloc[0]) if len(below) else np.nan
    return pd.Series(out, name="median_survival")


def logrank_test(
    customers: pd.DataFrame,
    group: str,
    duration: str = "tenure_months",
    event: str = "churned",
) -> tuple[float, float]:
    """Log-rank test that the survival curves of the groups are the same.

    Uses :func:`statsmodels.duration.survfunc.survdiff` for the statistic and the chi-squared
    survival function for the p-value (exact far into the tail). Returns ``(chi2, p_value)``; a small
    p-value says the groups churn at different rates over time.

    Examples
    --------
    >>> df = pd.DataFrame({"tenure_months": [1, 2, 2, 3, 4, 5], "churned": [1, 1, 0, 1, 0, 1],
    ...                    "member": [0, 0, 0, 1, 1, 1]})
    >>> [round(x, 4) for x in logrank_test(df, "member")]
    [2.4694, 0.1161]
    """
    from scipy.stats import chi2 as chi2_distribution
    from statsmodels.duration.survfunc import survdiff

    time, status = _survival_inputs(customers, duration, event)
    v.require_columns(customers, [group], "customers")
    labels = customers[group].to_numpy()
    if len(pd.unique(labels)) < 2:
        raise v.CRMInputError(t("churn_errors.one_group", column=group))
    chi2, _ = survdiff(time, status, labels)
    # the p-value from the survival function: 1 − cdf (what survdiff returns) rounds to exactly 0
    # below about 1e-16, while sf keeps e.g. 4.8e-27
    p = chi2_distribution.sf(chi2, df=len(pd.unique(labels)) - 1)
    return float(chi2), float(p)


# --- win-back economics ---------------------------------------------------------------------

def expected_winback_gain(p_winback: float, value: float, cost: float) -> float:
    """Expected gain of one win-back attempt: ``p · value − cost``.

    Examples
    --------
    >>> expected_winback_gain(0.1, 800, 100)   # worth less than it costs
    -20.0
    """
    p = v.check_rate(p_winback, "p_winback")
    value = v.check_nonnegative(value, "value")
    cost = v.check_nonnegative(cost, "cost")
    return p * value - cost


def winback_economics(
    lost: pd.DataFrame,
    *,
    cost: float | None = None,
    p_col: str = "p_winback",
    value_col: str = "value",
    cost_col: str = "cost",
) -> pd.DataFrame:
    """Which lost customers are worth an attempt to win them back.

    Each lost customer has a chance ``p`` that the attempt works, the ``value`` they bring if
    it does (e.g. the margin of a year's purchases) and the ``cost`` of the attempt (a visit, a
    coupon, a call). The attempt pays on average when ``p · value > cost``.

    Parameters
    ----------
    lost : DataFrame
        One row per lost customer with columns ``p_col`` and ``value_col`` (and ``cost_col``
        unless ``cost`` is given).
    cost : float, optional
        One cost for every attempt, instead of a cost column.

    Returns
    -------
    DataFrame
        ``lost`` sorted by ``expected_gain`` (largest first) with columns ``expected_gain``,
        ``worth`` (bool) and ``cumulative_gain`` added.

    Examples
    --------
    >>> lost = pd.DataFrame({"customer_id": [1, 2, 3], "p_winback": [0.5, 0.1, 0.3],
    ...                      "value": [1000, 2000, 200]})
    >>> out = winback_economics(lost, cost=100)
    >>> out[["customer_id", "expected_gain", "worth"]].values.tolist()
    [[1, 400.0, True], [2, 100.0, True], [3, -40.0, False]]
    """
    frame = v.require_columns(lost, [p_col, value_col], "lost")
    p = v.check_numeric_column(frame, p_col, "lost", minimum=0, maximum=1)
    value = v.check_numeric_column(frame, value_col, "lost", minimum=0)
    if cost is None:
        v.require_columns(frame, [cost_col], "lost")
        costs = v.check_numeric_column(frame, cost_col, "lost", minimum=0)
    else:
        costs = pd.Series(v.check_nonnegative(cost, "cost"), index=frame.index)
    out = frame.copy()
    out["expected_gain"] = p * value - costs
    out["worth"] = out["expected_gain"] > 0
    out = out.sort_values("expected_gain", ascending=False, kind="stable").reset_index(drop=True)
    out["cumulative_gain"] = out["expected_gain"].cumsum()
    return out


def winback_candidates(
    customers: pd.DataFrame,
    *,
    base_rate: float = 0.25,
    margin: float = 0.3,
    months: float = 12.0,
    complaint_factor: float = 0.6,
    member_factor: float = 1.4,
) -> pd.DataFrame:
    """Lost customers of the churn table with a win-back chance and the value of winning them back.

    Assumptions (for teaching; a firm would estimate them from its own past campaigns):

    - ``p_winback = base_rate · complaint_factor^complaints · member_factor^member``, capped at 1:
      each unresolved complaint makes a return less likely, programme members come back more easily;
    - ``value = margin · monthly_spend · months``: the margin of the months they buy again.

    Examples
    --------
    >>> df = pd.DataFrame({"customer_id": [1, 2], "churned": [1, 0], "complaints": [1, 0],
    ...                    "member": [1, 1], "monthly_spend": [500.0, 300.0]})
    >>> winback_candidates(df)[["customer_id", "p_winback", "value"]].round(3).values.tolist()
    [[1.0, 0.21, 1800.0]]
    """
    for _col, _high in (("complaints", None), ("monthly_spend", None), ("member", 1)):  # the whole table, not only the lost rows
        v.check_numeric_column(v.require_columns(customers, [_col], "customers"), _col, "customers", minimum=0, maximum=_high)
    frame = v.require_columns(customers, ["customer_id", "churned", "complaints", "member", "monthly_spend"], "customers")
    base_rate = v.check_rate(base_rate, "base_rate")
    margin = v.check_rate(margin, "margin")
    months = v.check_nonnegative(months, "months")
    complaint_factor = v.check_nonnegative(complaint_factor, "complaint_factor")
    member_factor = v.check_nonnegative(member_factor, "member_factor")
    churned = v.check_numeric_column(frame, "churned", "customers", minimum=0, maximum=1)
    lost = frame.loc[churned == 1]
    complaints = v.check_numeric_column(lost, "complaints", "customers", minimum=0) if len(lost) else lost["complaints"]
    member = v.check_numeric_column(lost, "member", "customers", minimum=0, maximum=1) if len(lost) else lost["member"]
    spend = v.check_numeric_column(lost, "monthly_spend", "customers", minimum=0) if len(lost) else lost["monthly_spend"]
    p = (base_rate * complaint_factor ** complaints.astype(float) * member_factor ** member.astype(float)).clip(upper=1.0)
    return pd.DataFrame(
        {
            "customer_id": lost["customer_id"].to_numpy(),
            "complaints": complaints.to_numpy(),
            "member": member.to_numpy(),
            "monthly_spend": spend.to_numpy(),
            "p_winback": p.to_numpy(),
            "value": (margin * spend * months).to_numpy(),
        }
    )


