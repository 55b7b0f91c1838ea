"""Interaction with customers: the complaint log and the next best offer.

Seed 002 (IDIC, step 3 "interact") asks the firm to "chart the complaints received every day and
raise the share handled right the first time" (把每天接到的抱怨绘成图表,提高对客户抱怨处理的
"一次即圆满"的比率). This module does exactly that:

- :func:`complaints_per_day` and :func:`plot_complaints_per_day`: the daily chart with a moving
  average;
- :func:`cause_pareto` and :func:`plot_cause_pareto`: the few causes behind most complaints;
- :func:`fcr_rate` and :func:`fcr_trend`: the first-contact-resolution (FCR) rate and its trend.

Step 4 ("customise") needs to know what a customer may want next:

- :func:`category_affinity`: support, confidence and lift of each pair of categories;
- :func:`next_best_offer`: the categories a customer does not buy yet, ranked by how strongly the
  categories they do buy point to them.

Examples
--------
>>> log = pd.DataFrame({"date": ["2025-01-01", "2025-01-01", "2025-01-03"],
...                     "cause": ["late_delivery", "wrong_item", "late_delivery"],
...                     "resolved_first_contact": [True, False, True]})
>>> complaints_per_day(log)["complaints"].tolist()
[2, 0, 1]
>>> round(fcr_rate(log), 4)
0.6667
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from crmlib import validation as v
from crmlib.compute.concentration import pareto_curve
from crmlib.i18n import catalogue, t

FREQUENCIES = {"D": "D", "W": "W-SUN", "M": "MS"}


def _label(prefix: str, name: object) -> str:
    """Catalogue text for a category value if there is one, else the value itself."""
    key = f"{prefix}.{name}"
    return t(key) if key in catalogue() else str(name)


def _log(log: pd.DataFrame, columns: list[str], table: str = "log") -> pd.DataFrame:
    v.require_columns(log, columns, table)
    out = pd.DataFrame(index=log.index)
    if "date" in columns:
        out["date"] = v.check_date_column(log, "date", table).dt.normalize()
    if "cause" in columns:
        if log["cause"].isna().any():
            row = log.index[log["cause"].isna()][0]
            raise v.CRMInputError(t("error.column_missing_values", table=table, column="cause", count=int(log["cause"].isna().sum()), row=row))
        out["cause"] = log["cause"].astype(str)
    if "resolved_first_contact" in columns:
        v.check_category_column(log, "resolved_first_contact", table, [True, False])
        out["resolved_first_contact"] = log["resolved_first_contact"].astype(bool)
    return out


def complaints_per_day(log: pd.DataFrame) -> pd.DataFrame:
    """Complaints received each calendar day, days without complaints included as 0.

    Parameters
    ----------
    log : DataFrame
        One row per complaint with a ``date`` column.

    Returns
    -------
    DataFrame
        ``date`` and ``complaints``.

    Examples
    --------
    >>> complaints_per_day(pd.DataFrame({"date": ["2025-01-02", "2025-01-02"]}))["complaints"].tolist()
    [2]
    """
    df = _log(log, ["date"])
    counts = df.groupby("date").size()
    days = pd.date_range(counts.index.min(), counts.index.max(), freq="D")
    counts = counts.reindex(days, fill_value=0)
    return pd.DataFrame({"date": days, "complaints": counts.to_numpy().astype("int64")})


def cause_pareto(log: pd.DataFrame) -> pd.DataFrame:
    """Complaints by cause, largest first, with share and cumulative share (a Pareto table).

    Ties in the count are ordered by cause name, so the table is deterministic.

    Returns
    -------
    DataFrame
        ``cause``, ``complaints``, ``share``, ``cumulative_share``.

    Examples
    --------
    >>> log = pd.DataFrame({"cause": ["a", "b", "a", "c", "a", "b"]})
    >>> cause_pareto(log)[["cause", "complaints", "cumulative_share"]].to_numpy().tolist()
    [['a', 3, 0.5], ['b', 2, 0.8333333333333334], ['c', 1, 1.0]]
    """
    df = _log(log, ["cause"])
    by_cause = df.groupby("cause").size().astype("int64")  # sorted by cause name: the tie order
    # chapter 3's Pareto curve with causes for customers (largest first, ties keep name order)
    curve = pareto_curve(by_cause, name="log").iloc[1:]
    causes = curve["customer"].tolist()
    counts = pd.DataFrame({"cause": causes, "complaints": by_cause.loc[causes].to_numpy()})
    counts["share"] = counts["complaints"] / by_cause.sum()
    counts["cumulative_share"] = curve["value_share"].to_numpy()
    return counts


def vital_few(pareto: pd.DataFrame, threshold: float = 0.8) -> list[str]:
    """The smallest set of top causes that together reach ``threshold`` of all complaints.

    Examples
    --------
    >>> vital_few(cause_pareto(pd.DataFrame({"cause": list("aaaabbbcd")})), 0.75)
    ['a', 'b']
    """
    v.require_columns(pareto, ["cause", "cumulative_share"], "pareto")
    v.check_numeric_column(pareto, "cumulative_share", "pareto", minimum=0, maximum=1)
    th = v.check_rate(threshold, "threshold")
    reached = np.flatnonzero(pareto["cumulative_share"].to_numpy() >= th - 1e-12)
    k = int(reached[0]) + 1 if len(reached) else len(pareto)
    return pareto["cause"].iloc[:k].tolist()


def fcr_rate(log: pd.DataFrame) -> float:
    """First-contact-resolution rate: share of complaints resolved at the first contact.

    Examples
    --------
    >>> fcr_rate(pd.DataFrame({"resolved_first_contact": [True, True, False, True]}))
    0.75
    """
    df = _log(log, ["resolved_first_contact"])
    return float(df["resolved_first_contact"].mean())


def fcr_trend(log: pd.DataFrame, freq: str = "W") -> pd.DataFrame:
    """FCR rate per day, week (starting Monday) or month, with its 95% Wilson interval.

    Parameters
    ----------
    log : DataFrame
        Columns ``date`` and ``resolved_first_contact`` (bool).
    freq : {"D", "W", "M"}

    Returns
    -------
    DataFrame
        ``period`` (first day), ``complaints``, ``resolved_first``, ``fcr_rate``, ``ci_low``,
        ``ci_high``.

    Examples
    --------
    >>> log = pd.DataFrame({"date": ["2025-01-06", "2025-01-07", "2025-01-13"],
    ...                     "resolved_first_contact": [True, False, True]})
    >>> fcr_trend(log)[["complaints", "fcr_rate"]].to_numpy().tolist()
    [[2.0, 0.5], [1.0, 1.0]]
    """
    from statsmodels.stats.proportion import proportion_confint

    if freq not in FREQUENCIES:
        raise v.CRMInputError(t("interaction_errors.bad_frequency", name="freq", value=freq))
    df = _log(log, ["date", "resolved_first_contact"])
    grouped = df.groupby(pd.Grouper(key="date", freq=FREQUENCIES[freq]))["resolved_first_contact"]
    out = pd.DataFrame({"complaints": grouped.size(), "resolved_first": grouped.sum()})
    out = out[out["complaints"] > 0]
    out.index.name = "period"
    out = out.reset_index()
    if freq == "W":  # a W-SUN bin runs Monday to Sunday and is labelled by its Sunday
        out["period"] = out["period"] - pd.Timedelta(days=6)
    out["complaints"] = out["complaints"].astype("int64")
    out["resolved_first"] = out["resolved_first"].astype("int64")
    out["fcr_rate"] = out["resolved_first"] / out["complaints"]
    low, high = proportion_confint(out["resolved_first"].to_numpy(), out["complaints"].to_numpy(), method="wilson")
    out["ci_low"], out["ci_high"] = low, high
    return out


def fcr_by(log: pd.DataFrame, column: str) -> pd.DataFrame:
    """FCR rate by a grouping column (``cause``, ``channel``...), lowest rate first.

    Examples
    --------
    >>> log = pd.DataFrame({"channel": ["phone", "email", "phone"], "resolved_first_contact": [True, False, False]})
    >>> fcr_by(log, "channel")[["channel", "fcr_rate"]].to_numpy().tolist()
    [['email', 0.0], ['phone', 0.5]]
    """
    v.require_columns(log, [column], "log")
    df = _log(log, ["resolved_first_contact"])
    df[column] = log[column].astype(str)
    out = df.groupby(column)["resolved_first_contact"].agg(complaints="size", fcr_rate="mean").reset_index()
    out["complaints"] = out["complaints"].astype("int64")
    return out.sort_values(["fcr_rate", column], kind="stable").reset_index(drop=True)


def fcr_before_after(log: pd.DataFrame, change_date: object) -> dict[str, float]:
    """FCR before and after a date (e.g. a training day) and the z test of the difference.

    Uses :func:`crmlib.compute.abtest.two_proportion_test` with "before" as A and "after" as B.

    Examples
    --------
    >>> log = pd.DataFrame({"date": ["2025-01-01"] * 4 + ["2025-02-01"] * 4,
    ...                     "resolved_first_contact": [True, False, False, True, True, True, True, False]})
    >>> r = fcr_before_after(log, "2025-01-15"); r["rate_a"], r["rate_b"]
    (0.5, 0.75)
    """
    v.check_date(change_date, "change_date")
    from crmlib.compute.abtest import two_proportion_test

    df = _log(log, ["date", "resolved_first_contact"])
    when = v.check_date_column(pd.DataFrame({"change_date": [change_date]}), "change_date", "change_date").iloc[0]
    before = df.loc[df["date"] < when, "resolved_first_contact"]
    after = df.loc[df["date"] >= when, "resolved_first_contact"]
    for part, name in ((before, "before"), (after, "after")):
        if part.empty:
            raise v.CRMInputError(t("error.empty_table", table=f"log ({name} change_date)"))
    return two_proportion_test(int(before.sum()), len(before), int(after.sum()), len(after))


# --- category affinity and next best offer ---------------------------------------------------

def _baskets(baskets: pd.DataFrame, order_col: str, category_col: str) -> pd.DataFrame:
    v.require_columns(baskets, [order_col, category_col], "baskets")
    for col in (order_col, category_col):
        if baskets[col].isna().any():
            row = baskets.index[baskets[col].isna()][0]
            raise v.CRMInputError(t("error.column_missing_values", table="baskets", column=col, count=int(baskets[col].isna().sum()), row=row))
    onehot = pd.crosstab(baskets[order_col], baskets[category_col].astype(str)).astype(bool)
    return onehot


def category_affinity(baskets: pd.DataFrame, *, order_col: str = "order_id", category_col: str = "category",
                      min_support: float = 0.0) -> pd.DataFrame:
    """Support, confidence and lift for every ordered pair of categories (A → B).

    - support(A, B) = share of orders holding both,
    - confidence(A → B) = P(B | A) = support(A, B) / support(A),
    - lift(A → B) = confidence(A → B) / support(B); above 1 means A buyers pick B more often than
      shoppers in general.

    Parameters
    ----------
    baskets : DataFrame
        One row per (order, category); duplicates count once.
    min_support : float
        Keep only pairs bought together in at least this share of orders, in [0, 1].

    Returns
    -------
    DataFrame
        ``antecedent``, ``consequent``, ``support``, ``confidence``, ``lift``, ``orders``
        (orders holding both), sorted by lift then confidence, largest first.

    Examples
    --------
    Four orders: {milk, bread}, {milk, bread}, {milk}, {eggs}.

    >>> b = pd.DataFrame({"order_id": [1, 1, 2, 2, 3, 4], "category": ["milk", "bread", "milk", "bread", "milk", "eggs"]})
    >>> row = category_affinity(b).iloc[0]
    >>> row["antecedent"], row["consequent"], float(row["support"]), round(float(row["confidence"]), 4), round(float(row["lift"]), 4)
    ('bread', 'milk', 0.5, 1.0, 1.3333)
    """
    onehot = _baskets(baskets, order_col, category_col)
    ms = v.check_rate(min_support, "min_support")
    m = onehot.to_numpy(dtype=float)
    n = m.shape[0]
    cats = onehot.columns.to_numpy()
    single = m.mean(axis=0)
    both = (m.T @ m) / n
    ii, jj = np.nonzero(~np.eye(len(cats), dtype=bool))
    support = both[ii, jj]
    confidence = support / single[ii]
    lift = confidence / single[jj]
    out = pd.DataFrame(
        {
            "antecedent": cats[ii],
            "consequent": cats[jj],
            "support": support,
            "confidence": confidence,
            "lift": lift,
            "orders": np.rint(support * n).astype("int64"),
        }
    )
    out = out[(out["support"] >= ms) & (out["orders"] > 0)]
    return out.sort_values(["lift", "confidence", "antecedent", "consequent"], ascending=[False, False, True, True], kind="stable").reset_index(drop=True)


def lift_matrix(affinity: pd.DataFrame) -> pd.DataFrame:
    """Lift as a square table (rows antecedent, columns consequent), NaN on the diagonal.

    Examples
    --------
    >>> b = pd.DataFrame({"order_id": [1, 1, 2], "category": ["x", "y", "x"]})
    >>> float(lift_matrix(category_affinity(b)).loc["x", "y"])
    1.0
    """
    v.require_columns(affinity, ["antecedent", "consequent", "lift"], "affinity")
    v.check_id_column(affinity, "antecedent", "affinity")
    v.check_id_column(affinity, "consequent", "affinity")
    v.check_numeric_column(affinity, "lift", "affinity", minimum=0)
    mat = affinity.pivot(index="antecedent", columns="consequent", values="lift")
    names = sorted(set(mat.index) | set(mat.columns))
    return mat.reindex(index=names, columns=names)


def next_best_offer(affinity: pd.DataFrame, owned: Iterable[str], *, top: int = 3, min_lift: float = 1.0) -> pd.DataFrame:
    """Rank the categories a customer does not buy yet by the pull of those they do buy.

    For each candidate category B, the score is the highest confidence P(B | A) over the
    customer's categories A with lift(A → B) >= ``min_lift``; the row also names that A (the
    reason to show the customer: "people who buy A also buy B").

    Parameters
    ----------
    affinity : DataFrame
        Output of :func:`category_affinity`.
    owned : iterable of str
        Categories the customer already buys (at least one, each known in ``affinity``).
    top : int
        How many offers to return (>= 1).
    min_lift : float
        Ignore associations weaker than this (>= 0; 1 means "no better than chance").

    Returns
    -------
    DataFrame
        ``offer``, ``because``, ``confidence``, ``lift``; at most ``top`` rows.

    Examples
    --------
    >>> b = pd.DataFrame({"order_id": [1, 1, 2, 2, 3, 4], "category": ["milk", "bread", "milk", "bread", "milk", "eggs"]})
    >>> next_best_offer(category_affinity(b), ["bread"])[["offer", "because"]].to_numpy().tolist()
    [['milk', 'bread']]
    """
    v.require_columns(affinity, ["antecedent", "consequent", "confidence", "lift"], "affinity")
    v.check_id_column(affinity, "antecedent", "affinity")
    v.check_id_column(affinity, "consequent", "affinity")
    v.check_numeric_column(affinity, "confidence", "affinity", minimum=0, maximum=1)
    v.check_numeric_column(affinity, "lift", "affinity", minimum=0)
    known = sorted(set(affinity["antecedent"]) | set(affinity["consequent"]))
    if isinstance(owned, str):
        owned = [owned]
    owned = list(owned)
    if not owned:
        raise v.CRMInputError(t("error.empty_table", table="owned"))
    for cat in owned:
        if cat not in known:
            raise v.CRMInputError(t("interaction_errors.unknown_category", name="owned", value=cat, allowed=", ".join(known)))
    k = v.check_count(top, "top", minimum=1)
    ml = v.check_nonnegative(min_lift, "min_lift")
    cand = affinity[affinity["antecedent"].isin(owned) & ~affinity["consequent"].isin(owned) & (affinity["lift"] >= ml)]
    cand = cand.sort_values(["confidence", "lift", "consequent", "antecedent"], ascending=[False, False, True, True], kind="stable")
    best = cand.drop_duplicates("consequent").head(k)
    return pd.DataFrame(
        {
            "offer": best["consequent"].to_numpy(),
            "because": best["antecedent"].to_numpy(),
            "confidence": best["confidence"].to_numpy(),
            "lift": best["lift"].to_numpy(),
        }
    )
