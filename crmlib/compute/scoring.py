"""Multi-criteria customer scoring: normalise each criterion, weight, rank, and cut into classes.

Criteria come in different units (yuan, units, days) and directions: more sales is better, but
a larger receivable (欠款额) or a longer purchase cycle (采购周期) is worse. Each criterion is
therefore first mapped onto [0, 1] with 1 = best:

- ``"minmax"``: ``(x - min) / (max - min)``; keeps distances, but one extreme customer
  squeezes everyone else together.
- ``"rank"``: the percentile rank ``(rank - 1) / (n - 1)`` with tied values sharing their
  average rank; robust to outliers, but forgets distances.

For a lower-is-better criterion the normalised value is ``1 - value``. A criterion on which all
customers are equal cannot separate them and gets 0.5 for everyone.

The score is the weighted sum of the normalised criteria, with non-negative weights summing to
1, so it also lies in [0, 1]. :func:`top_share_classes` then cuts the ranking into classes by
share of customers (e.g. the top 20%).

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"sales": [100, 50, 0], "receivables": [0, 10, 20]})
>>> weighted_score(df, {"sales": 0.5, "receivables": 0.5}, {"receivables": "lower"}).tolist()
[1.0, 0.5, 0.0]
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from crmlib import validation as v
from crmlib.compute.concentration import ArrayLike, _tie_group_start, as_values, sort_order
from crmlib.i18n import t

DIRECTIONS: tuple[str, ...] = ("higher", "lower")
"""``"higher"``: more is better (sales); ``"lower"``: less is better (receivables, cycle)."""

METHODS: tuple[str, ...] = ("minmax", "rank")


def normalize(values: ArrayLike, direction: str = "higher", method: str = "minmax", name: str = "values") -> pd.Series:
    """Map one criterion onto [0, 1] with 1 = best.

    Parameters
    ----------
    values : sequence or Series of numbers
        The criterion per customer (negative values are allowed, e.g. profit).
    direction : {"higher", "lower"}
        Whether a larger value is better or worse.
    method : {"minmax", "rank"}
        Min-max scaling or percentile rank (ties share their average rank).
    name : str
        Name used in error messages.

    Returns
    -------
    pandas.Series
        Normalised values, same index as the input.

    Examples
    --------
    >>> normalize([10, 20, 40]).tolist()
    [0.0, 0.3333333333333333, 1.0]
    >>> normalize([10, 20, 40], direction="lower").tolist()
    [1.0, 0.6666666666666667, 0.0]
    >>> normalize([10, 20, 20, 400], method="rank").tolist()
    [0.0, 0.5, 0.5, 1.0]
    >>> normalize([7, 7]).tolist()
    [0.5, 0.5]
    """
    v.check_choice(direction, f"direction of {name}", DIRECTIONS)
    v.check_choice(method, "method", METHODS)
    x = as_values(values, name, nonnegative=False)
    arr = x.to_numpy()
    n = len(arr)
    if method == "minmax":
        lo, hi = arr.min(), arr.max()
        # (arr - lo) / (hi - lo) lies in [0, 1] and cannot overflow; numpy 1.26's SIMD divide still
        # flags an overflow when the span is subnormal (5e-324), so that flag is ignored here.
        with np.errstate(over="ignore"):
            out = np.full(n, 0.5) if hi == lo else (arr - lo) / (hi - lo)
    else:
        out = np.full(n, 0.5) if n == 1 else (x.rank(method="average").to_numpy() - 1) / (n - 1)
    if direction == "lower":
        out = 1.0 - out
    return pd.Series(out, index=x.index, name=x.name)


def _criteria(
    frame: pd.DataFrame, weights: Mapping[str, object], directions: Mapping[str, str] | None, table: str
) -> tuple[dict[str, float], dict[str, str]]:
    if not isinstance(weights, Mapping) or not weights:
        raise v.CRMInputError(t("concentration_errors.weights_mapping", name="weights", kind=type(weights).__name__))
    w = v.check_weights(weights, "weights")
    v.require_columns(frame, list(w), table)
    directions = dict(directions or {})
    unknown = [c for c in directions if c not in w]
    if unknown:
        raise v.CRMInputError(
            t("concentration_errors.unknown_criteria", name="directions", unknown=", ".join(unknown), known=", ".join(w))
        )
    d = {c: str(v.check_choice(directions.get(c, "higher"), f"directions[{c!r}]", DIRECTIONS)) for c in w}
    return w, d


def normalize_criteria(
    frame: pd.DataFrame,
    directions: Mapping[str, str],
    method: str = "minmax",
    table: str = "customers",
) -> pd.DataFrame:
    """Normalise several criteria (columns of ``frame``) onto [0, 1], 1 = best.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per customer.
    directions : mapping of column name to {"higher", "lower"}
        The criteria to normalise and their direction.
    method : {"minmax", "rank"}
    table : str
        Table name used in error messages.

    Examples
    --------
    >>> df = pd.DataFrame({"sales": [1, 3], "cycle_days": [30, 60]})
    >>> normalize_criteria(df, {"sales": "higher", "cycle_days": "lower"}).values.tolist()
    [[0.0, 1.0], [1.0, 0.0]]
    """
    v.require_columns(frame, list(directions), table)
    return pd.DataFrame(
        {c: normalize(frame[c], d, method, name=c) for c, d in directions.items()}, index=frame.index
    )


def weighted_score(
    frame: pd.DataFrame,
    weights: Mapping[str, float],
    directions: Mapping[str, str] | None = None,
    method: str = "minmax",
    table: str = "customers",
) -> pd.Series:
    """Weighted multi-criteria score in [0, 1] (1 = best on every criterion).

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per customer with a column per criterion.
    weights : mapping of column name to weight
        Non-negative weights summing to 1; the keys are the criteria used.
    directions : mapping of column name to {"higher", "lower"}, optional
        Direction of each criterion; criteria not listed are "higher is better".
    method : {"minmax", "rank"}
        How each criterion is normalised (see :func:`normalize`).
    table : str
        Table name used in error messages.

    Returns
    -------
    pandas.Series
        ``score`` per customer, indexed like ``frame``.

    Raises
    ------
    CRMInputError
        Weights negative or not summing to 1, a criterion column missing, a direction other
        than "higher"/"lower", or a non-numeric / missing value in a criterion.

    Examples
    --------
    >>> df = pd.DataFrame({"sales": [300, 100, 200], "cycle_days": [20, 40, 60]})
    >>> weighted_score(df, {"sales": 0.75, "cycle_days": 0.25}, {"cycle_days": "lower"}).round(3).tolist()
    [1.0, 0.125, 0.375]
    """
    w, d = _criteria(frame, weights, directions, table)
    norm = normalize_criteria(frame, d, method, table)
    score = norm.to_numpy() @ np.array([w[c] for c in norm.columns])
    return pd.Series(score, index=frame.index, name="score")


def contributions(
    frame: pd.DataFrame,
    weights: Mapping[str, float],
    directions: Mapping[str, str] | None = None,
    method: str = "minmax",
    table: str = "customers",
) -> pd.DataFrame:
    """Each criterion's part of the score (weight x normalised value); rows sum to the score.

    Examples
    --------
    >>> df = pd.DataFrame({"sales": [300, 100], "cycle_days": [20, 40]})
    >>> contributions(df, {"sales": 0.75, "cycle_days": 0.25}, {"cycle_days": "lower"}).values.tolist()
    [[0.75, 0.25], [0.0, 0.0]]
    """
    w, d = _criteria(frame, weights, directions, table)
    norm = normalize_criteria(frame, d, method, table)
    return norm * pd.Series(w)


def top_share_classes(
    scores: ArrayLike,
    shares: Sequence[float] = (0.2,),
    labels: Sequence[str] = ("top", "rest"),
    name: str = "scores",
) -> pd.Series:
    """Cut customers ranked by score into classes holding given shares of the customers.

    Customers are ranked from the highest score down. Class ``k`` takes the customers ranked up
    to ``round(n * sum(shares[:k+1]))`` (half rounds up); the last class takes the rest.

    Ties: customers with equal scores form one group, classed by the rank of the group's first
    member (competition ranking, "1224"): equal scores always get the same class and the result
    does not depend on the row order. A tied group that straddles a boundary therefore goes
    wholly to the higher class, so a class can hold more than its share (and a lower one fewer),
    the same convention as :func:`crmlib.compute.concentration.abc_classes`. Compare the
    scores exactly: round them first if tiny floating-point differences should count as ties.

    Parameters
    ----------
    scores : sequence or Series of numbers
    shares : sequence of float
        Share of customers in each class but the last, e.g. ``(0.2,)`` for top 20% vs the rest
        or ``(0.2, 0.3)`` for 20% / 30% / 50%. Each in [0, 1], summing to at most 1.
    labels : sequence of str
        ``len(shares) + 1`` class labels, best class first.

    Returns
    -------
    pandas.Series
        Ordered categorical class per customer, same index and order as ``scores``.

    Examples
    --------
    >>> top_share_classes([0.9, 0.1, 0.5, 0.7, 0.3]).tolist()
    ['top', 'rest', 'rest', 'rest', 'rest']
    >>> top_share_classes([1, 2, 3, 4], (0.25, 0.5), ("A", "B", "C")).tolist()
    ['C', 'B', 'B', 'A']
    >>> top_share_classes([5, 9, 9, 1], (0.25,)).tolist()   # the tie at the top: both top
    ['rest', 'top', 'top', 'rest']
    """
    x = as_values(scores, name, nonnegative=False)
    sh = v.check_rates(shares, "shares")
    labels = list(labels)
    if len(labels) != len(sh) + 1:
        raise v.CRMInputError(t("error.length_mismatch", name="labels", expected=len(sh) + 1, got=len(labels)))
    total = float(sh.sum())
    if total > 1 + 1e-9:
        raise v.CRMInputError(t("concentration_errors.shares_sum", name="shares", total=round(total, 6)))
    n = len(x)
    bounds = np.array([math.floor(n * c + 0.5 + 1e-9) for c in np.cumsum(sh)], dtype=int)
    order = sort_order(x.to_numpy())  # highest first
    ranks = np.empty(n, dtype=int)
    ranks[order] = _tie_group_start(x.to_numpy()[order])  # a tied group takes its first rank
    codes = np.searchsorted(bounds, ranks, side="right")
    return pd.Series(pd.Categorical.from_codes(codes, categories=labels, ordered=True), index=x.index, name="tier")
