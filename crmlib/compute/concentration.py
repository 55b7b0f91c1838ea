"""Concentration of customer value: the Pareto (Lorenz) curve, the 80/20 share, the Gini
coefficient, ABC classes and the whale curve of cumulative profit.

These functions take a plain sequence or :class:`pandas.Series` of values per customer (sales,
margin, profit...), never a particular ledger, so every chapter and case can use them.

- **Pareto curve**: customers sorted from the largest value down; the cumulative share of
  customers against the cumulative share of value. "80/20" (the Pareto principle) reads off the
  curve at 20% of customers. It is a rule of thumb, not a law: the share varies by business.
- **Lorenz curve**: the same curve read from the smallest value up; the Gini coefficient is
  twice the area between the diagonal and the Lorenz curve (0 = everyone equal, close to 1 =
  one customer holds everything).
- **ABC classes**: A = the customers who make up the first ``cutoffs[0]`` (e.g. 80%) of
  cumulative value, B = up to ``cutoffs[1]`` (e.g. 95%), C = the rest.
- **Whale curve** (Kaplan & Cooper, *Cost and Effect*, 1998): customers sorted from the most
  to the least profitable; cumulative profit as a share of total profit. Because loss-making
  customers come last, the curve rises above 100% and then sinks back to 100%, like a whale's
  back.

Ties: in the curves equal values keep their original order (a stable sort; the shares do not
depend on it). In the classes (ABC here, the pyramid and top-share classes in
:mod:`crmlib.compute.scoring`) customers with equal values always get the same class, whatever
the row order: a group of tied customers is treated like one customer and takes the class of
the group's *start* (see :func:`abc_classes`).

Examples
--------
>>> sales = [50, 30, 10, 5, 5]
>>> top_share(sales, 0.2)
0.5
>>> abc_classes(sales).tolist()   # the two tied 5s start at 90% < 95%: both B
['A', 'A', 'B', 'B', 'B']
>>> round(gini([1, 1, 1, 1]), 3), round(gini([0, 0, 0, 4]), 3)
(0.0, 0.75)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from crmlib import validation as v
from crmlib.i18n import t

ArrayLike = Sequence[float] | np.ndarray | pd.Series


def as_values(values: ArrayLike, name: str = "values", *, nonnegative: bool = True) -> pd.Series:
    """Check ``values`` and return them as a float Series (the index is kept for a Series).

    Parameters
    ----------
    values : sequence or Series of numbers
        One value per customer.
    name : str
        Name used in error messages.
    nonnegative : bool
        Reject negative values (sales, volumes); profit may be negative.

    Raises
    ------
    CRMInputError
        If ``values`` is empty, holds a non-number or a missing value, or (with
        ``nonnegative``) a negative value. The message names ``name``.

    Examples
    --------
    >>> as_values([3, 1.5], "sales").tolist()
    [3.0, 1.5]
    """
    if isinstance(values, pd.DataFrame):
        raise v.CRMInputError(t("error.not_number", name=name, value="DataFrame"))
    if isinstance(values, pd.Series):
        series = values
    else:
        if np.ndim(values) != 1:
            raise v.CRMInputError(t("error.not_number", name=name, value=values))
        series = pd.Series(list(values), dtype=object if len(values) else float)
    frame = pd.DataFrame({name: series.to_numpy()}, index=series.index)
    out = v.check_numeric_column(frame, name, name, minimum=0 if nonnegative else None)
    if not np.isfinite(out.to_numpy()).all():
        raise v.CRMInputError(t("error.not_finite", name=name, value=out[~np.isfinite(out)].iloc[0]))
    return out.rename(series.name if isinstance(values, pd.Series) else name)


def _positive_total(values: pd.Series, name: str) -> float:
    total = float(values.sum())
    if total <= 0:
        raise v.CRMInputError(t("concentration_errors.total_not_positive", name=name, total=round(total, 6)))
    return total


def sort_order(values: ArrayLike, *, descending: bool = True) -> np.ndarray:
    """Positions that sort ``values``; equal values keep their original order (stable).

    Examples
    --------
    >>> sort_order([5, 9, 5, 1]).tolist()
    [1, 0, 2, 3]
    >>> sort_order([5, 9, 5, 1], descending=False).tolist()
    [3, 0, 2, 1]
    """
    x = as_values(values, "values", nonnegative=False).to_numpy()
    return np.argsort(-x if descending else x, kind="stable")


def _tie_group_start(sorted_values: np.ndarray) -> np.ndarray:
    """Position (in the sorted order) of the first member of each value's tie group.

    Examples
    --------
    >>> _tie_group_start(np.array([9.0, 5.0, 5.0, 1.0])).tolist()
    [0, 1, 1, 3]
    """
    n = len(sorted_values)
    starts = np.r_[True, sorted_values[1:] != sorted_values[:-1]] if n else np.zeros(0, dtype=bool)
    start_pos = np.flatnonzero(starts)
    return start_pos[np.cumsum(starts) - 1]


def pareto_curve(values: ArrayLike, name: str = "values") -> pd.DataFrame:
    """Points of the Pareto curve: customers from the largest value down.

    Parameters
    ----------
    values : sequence or Series of non-negative numbers
        Value per customer (sales, margin, volume...). The total must be > 0.
    name : str
        Name used in error messages.

    Returns
    -------
    pandas.DataFrame
        One row per customer plus a first row (0, 0): ``customer_share`` and ``value_share``
        (both cumulative, from 0 to 1), and ``customer`` (the index label, missing on the first
        row). The curve is non-decreasing, concave and ends at (1, 1).

    Examples
    --------
    >>> pareto_curve([10, 30, 60])[["customer_share", "value_share"]].round(2).values.tolist()
    [[0.0, 0.0], [0.33, 0.6], [0.67, 0.9], [1.0, 1.0]]
    """
    x = as_values(values, name)
    total = _positive_total(x, name)
    order = sort_order(x.to_numpy())
    n = len(x)
    cum = np.concatenate([[0.0], np.cumsum(x.to_numpy()[order]) / total])
    cum[-1] = 1.0  # remove rounding noise at the end point
    return pd.DataFrame(
        {
            "customer": [None, *x.index[order].tolist()],
            "customer_share": np.arange(n + 1) / n,
            "value_share": cum,
        }
    )


def lorenz_curve(values: ArrayLike, name: str = "values") -> pd.DataFrame:
    """Points of the Lorenz curve: customers from the smallest value up.

    Returns
    -------
    pandas.DataFrame
        ``customer_share`` and ``value_share`` from (0, 0) to (1, 1); the curve lies on or below
        the diagonal.

    Examples
    --------
    >>> lorenz_curve([10, 30, 60])["value_share"].round(2).tolist()
    [0.0, 0.1, 0.4, 1.0]
    """
    x = as_values(values, name)
    total = _positive_total(x, name)
    xs = np.sort(x.to_numpy())
    n = len(xs)
    cum = np.concatenate([[0.0], np.cumsum(xs) / total])
    cum[-1] = 1.0
    return pd.DataFrame({"customer_share": np.arange(n + 1) / n, "value_share": cum})


def top_share(values: ArrayLike, share: float = 0.2, name: str = "values") -> float:
    """Share of the total value that comes from the top ``share`` of customers.

    When ``share * n`` is not a whole number the Pareto curve is interpolated linearly (the
    marginal customer counts in part), so the result is continuous in ``share``.

    Parameters
    ----------
    values : sequence or Series of non-negative numbers
    share : float
        Fraction of customers in the top group, in [0, 1] (0.2 for "80/20").

    Examples
    --------
    >>> top_share([50, 30, 10, 5, 5], 0.4)
    0.8
    >>> round(top_share([60, 30, 10], 0.5), 3)   # 1.5 customers: 60 + 0.5 * 30
    0.75
    """
    share = v.check_rate(share, "share")
    curve = pareto_curve(values, name)
    return float(np.interp(share, curve["customer_share"], curve["value_share"]))


def gini(values: ArrayLike, name: str = "values") -> float:
    """Gini coefficient of concentration: 0 when all customers are equal, (n-1)/n at most.

    Computed as ``1 - 2 * (area under the Lorenz curve)`` with the trapezoid rule, which equals
    the mean absolute difference formula ``sum |x_i - x_j| / (2 n^2 mean)``.

    Examples
    --------
    >>> round(gini([1, 2, 3, 4]), 4)
    0.25
    """
    curve = lorenz_curve(values, name)
    p = curve["customer_share"].to_numpy()
    L = curve["value_share"].to_numpy()
    area = float(np.sum((p[1:] - p[:-1]) * (L[1:] + L[:-1]) / 2))
    return max(0.0, 1.0 - 2.0 * area)


def abc_classes(
    values: ArrayLike,
    cutoffs: Sequence[float] = (0.8, 0.95),
    labels: Sequence[str] = ("A", "B", "C"),
    name: str = "values",
) -> pd.Series:
    """ABC classes by cumulative share of value.

    Customers are sorted from the largest value down. A customer belongs to the first class
    whose cut-off is not yet reached by the cumulative share of the customers *before* it: so
    the customer who crosses 80% is still an A, class A is never empty and holds at least
    ``cutoffs[0]`` of the value (a later class can be empty when one customer jumps past two
    cut-offs).

    Ties: customers with equal values form one group, which is classed like a single customer
    by the cumulative share *before the group starts* (the group's start). Equal values thus
    always get equal labels and the result does not depend on the row order. Of the two
    order-free choices (start or end of the group) the start keeps the rule above intact: the
    group that crosses a cut-off stays in the higher class, just as a single customer does,
    so class A still holds at least ``cutoffs[0]`` of the value.

    Parameters
    ----------
    values : sequence or Series of non-negative numbers
        Value per customer; the total must be > 0.
    cutoffs : sequence of float
        Increasing cumulative shares in (0, 1] closing each class but the last
        (default 80% and 95%: a rule of thumb, set them to suit the business).
    labels : sequence of str
        One label per class: ``len(cutoffs) + 1`` of them.

    Returns
    -------
    pandas.Series
        Class label per customer, in the input order and with the input index; an ordered
        categorical with ``labels`` as categories.

    Examples
    --------
    >>> abc_classes([5, 60, 25, 10], cutoffs=(0.6, 0.9)).tolist()
    ['C', 'A', 'B', 'B']
    >>> abc_classes([0.01, 0.01, 0.18]).tolist()   # the tied pair starts at 90%: both B
    ['B', 'B', 'A']
    """
    x = as_values(values, name)
    total = _positive_total(x, name)
    cut = v.check_rates(cutoffs, "cutoffs")
    labels = list(labels)
    if len(labels) != len(cut) + 1:
        raise v.CRMInputError(t("error.length_mismatch", name="labels", expected=len(cut) + 1, got=len(labels)))
    if len(cut) == 0 or np.any(cut <= 0) or np.any(np.diff(cut) <= 0):
        raise v.CRMInputError(t("concentration_errors.cutoffs_order", name="cutoffs", value=list(cutoffs)))
    order = sort_order(x.to_numpy())
    xs = x.to_numpy()[order]
    before = np.concatenate([[0.0], np.cumsum(xs)[:-1]]) / total
    before = before[_tie_group_start(xs)]  # every tied customer gets its group's start
    # Class index = number of cut-offs already reached before this customer (1e-12: rounding).
    idx_sorted = np.searchsorted(cut, before + 1e-12, side="right")
    idx = np.empty(len(x), dtype=int)
    idx[order] = idx_sorted
    cats = pd.Categorical.from_codes(idx, categories=labels, ordered=True)
    return pd.Series(cats, index=x.index, name="abc_class")


def class_summary(values: ArrayLike, classes: pd.Series | Sequence[str], name: str = "values") -> pd.DataFrame:
    """Customers and value per class: count, share of customers, total value, share of value.

    Examples
    --------
    >>> s = class_summary([50, 30, 10, 5, 5], ["A", "A", "B", "C", "C"])
    >>> s["value_share"].round(2).tolist()
    [0.8, 0.1, 0.1]
    """
    x = as_values(values, name)
    total = _positive_total(x, name)
    cls = pd.Series(classes.to_numpy() if isinstance(classes, pd.Series) else list(classes), index=x.index)
    if len(cls) != len(x):
        raise v.CRMInputError(t("error.length_mismatch", name="classes", expected=len(x), got=len(cls)))
    grouped = x.groupby(cls.to_numpy(), observed=True, sort=True)
    out = pd.DataFrame({"customers": grouped.size(), "value": grouped.sum()})
    out["customer_share"] = out["customers"] / len(x)
    out["value_share"] = out["value"] / total
    out.index.name = "class"
    return out[["customers", "customer_share", "value", "value_share"]]


def whale_curve(profit: ArrayLike, name: str = "profit") -> pd.DataFrame:
    """Points of the whale curve (Kaplan & Cooper 1998): cumulative profit, best customer first.

    Parameters
    ----------
    profit : sequence or Series of numbers
        Profit per customer; losses are negative. The total profit must be > 0 for the
        shares to mean anything.

    Returns
    -------
    pandas.DataFrame
        A first row (0, 0) and one row per customer: ``customer`` (index label),
        ``customer_share``, ``cumulative_profit`` and ``profit_share`` (cumulative profit /
        total profit; it peaks at or above 1 and ends at exactly 1).

    Examples
    --------
    >>> whale_curve([-20, 100, 20])["profit_share"].tolist()
    [0.0, 1.0, 1.2, 1.0]
    """
    x = as_values(profit, name, nonnegative=False)
    total = _positive_total(x, name)
    order = sort_order(x.to_numpy())
    cum = np.concatenate([[0.0], np.cumsum(x.to_numpy()[order])])
    share = cum / total
    share[-1] = 1.0
    n = len(x)
    return pd.DataFrame(
        {
            "customer": [None, *x.index[order].tolist()],
            "customer_share": np.arange(n + 1) / n,
            "cumulative_profit": cum,
            "profit_share": share,
        }
    )


def whale_summary(profit: ArrayLike, name: str = "profit") -> dict[str, float]:
    """Key figures of the whale curve.

    Returns
    -------
    dict
        ``peak_share`` (highest cumulative profit / total profit), ``peak_customer_share``
        (share of customers at the peak: the profitable ones), ``loss_customers`` (how many
        lose money), ``loss`` (their summed loss, a positive number) and ``total``.

    Examples
    --------
    >>> whale_summary([-20, 100, 20])
    {'peak_share': 1.2, 'peak_customer_share': 0.6667, 'loss_customers': 1, 'loss': 20.0, 'total': 100.0}
    """
    curve = whale_curve(profit, name)
    i = int(np.argmax(curve["cumulative_profit"].to_numpy()))
    x = as_values(profit, name, nonnegative=False)
    return {
        "peak_share": round(float(curve["profit_share"].iloc[i]), 4),
        "peak_customer_share": round(float(curve["customer_share"].iloc[i]), 4),
        "loss_customers": int((x < 0).sum()),
        "loss": float(-x[x < 0].sum()) + 0.0,  # + 0.0 turns -0.0 into 0.0
        "total": float(x.sum()),
    }


