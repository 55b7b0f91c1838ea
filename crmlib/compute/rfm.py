"""RFM analysis (最近一次购买 Recency, 购买频率 Frequency, 消费金额 Monetary).

From a transaction table, :func:`rfm_table` computes for each customer

- **recency**: days from the last purchase to the analysis date ``as_of``
  (default: the last date in the data, so the most recent buyer has recency 0);
- **frequency**: number of transactions (rows);
- **monetary**: total amount spent (or the mean per transaction, ``monetary="mean"``).

:func:`rfm_scores` turns each into a score 1–5 (quintiles) **independently** (the IBM SPSS
"independent" binning: a frequency score of 5 means the same whatever the recency score;
"nested" binning is not offered), and joins them into the cell ``R·100 + F·10 + M``, from
111 to 555. :func:`segment` names the cells.

How the scores are cut (exactly)
--------------------------------
For ``n`` customers and ``bins`` bins (5 by default), a customer's score is

    score = 1 + floor(bins × (k − 1) / n)

where ``k`` is the number of customers whose value is *not better* than the customer's own
(the customer included): a lower or equal frequency or monetary value, a larger or equal
recency (recency is reversed: the most recent buyers score 5, the longest-silent score 1).

- Without ties ``k`` is the customer's rank 1..n, and each bin holds ``n / bins`` customers, up
  to rounding (quintiles).
- **Ties are kept in one bin**: equal values have the same ``k``, hence the same score, never
  split at random (SPSS's option "assign ties to the same category"; the other option, random
  assignment, gives equal-sized bins but scores that change with the order of the rows).
- **A tied group takes the score of the best position it occupies** (its *highest* rank, the
  "max" rank of ``pandas.Series.rank(method="max")``), so no customer scores below what the
  same value would earn if the tie were broken in the customer's favour: if half the customers
  made their last purchase on the same, most recent date, half the customers get recency score
  5. (IBM SPSS keeps ties in one category too; SPSS Modeler's RFM node lets the analyst choose
  whether a tie straddling a cut goes to the next bin or stays in the current one,
  ``tied_values_method``.) The tied best group keeps the best score; the price is uneven bins
  with some scores empty.
  In the CDNOW data about half the customers bought once: they all score F = 3 (their best
  position is the middle of the list), and F = 1 and F = 2 are empty.
- The rule depends only on the values, not on the order of the rows, and never gives a
  better value a lower score (monotone).

Examples
--------
>>> import pandas as pd
>>> tx = pd.DataFrame({
...     "customer_id": [1, 1, 2, 3, 3, 3],
...     "date": pd.to_datetime(["2024-01-01", "2024-03-01", "2024-02-01",
...                             "2024-01-15", "2024-02-15", "2024-03-01"]),
...     "amount": [10.0, 20.0, 5.0, 10.0, 10.0, 40.0]})
>>> r = rfm_table(tx)
>>> r.values.tolist()
[[0.0, 2.0, 30.0], [29.0, 1.0, 5.0], [0.0, 3.0, 60.0]]
>>> rfm_scores(r, bins=3)["rfm_cell"].tolist()
[322, 111, 333]

Customers 1 and 3 share the best recency (0 days): all three customers are not better than
them (k = 3), so both get R = 1 + floor(3 × 2/3) = 3, the score the better of them would earn
if the tie were broken; the tie is not split to give one of them a 2.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from crmlib import validation as v
from crmlib.i18n import t

SEGMENTS: tuple[str, ...] = (
    "champions", "loyal", "cant_lose", "at_risk", "new", "promising", "need_attention",
    "about_to_sleep", "hibernating", "lost",
)
"""Segment names, from the most to the least attractive (labels in ``rfm.segment.*``)."""

SEGMENT_RULES = pd.DataFrame(
    [
        # segment,          R lo-hi, F lo-hi, M lo-hi   (checked in this order; first match wins)
        ("champions",        4, 5, 4, 5, 4, 5),
        ("loyal",            3, 5, 3, 5, 3, 5),
        ("cant_lose",        1, 1, 4, 5, 4, 5),
        ("at_risk",          1, 2, 3, 5, 1, 5),
        ("new",              5, 5, 1, 1, 1, 5),
        ("promising",        4, 5, 1, 2, 1, 5),
        ("need_attention",   3, 5, 1, 5, 1, 5),
        ("about_to_sleep",   2, 2, 1, 2, 1, 5),
        ("hibernating",      1, 1, 2, 2, 1, 5),
        ("lost",             1, 1, 1, 1, 1, 5),
    ],
    columns=["segment", "r_min", "r_max", "f_min", "f_max", "m_min", "m_max"],
)
"""Named segments for 5 bins as score ranges (inclusive), checked top to bottom.

A convention in the spirit of the segment table in the documentation of the R package ``rfm``
(``rfm_segment``), simplified so that with 5 bins every one of the 125 cells gets a segment;
it is not a standard: adapt it to the business.
"""


def _amounts(transactions: pd.DataFrame, column: str, table: str) -> np.ndarray:
    """The amount column as floats >= 0, without copies when it is already a clean float column.

    A float column whose values are all finite and >= 0 is used as it is (its numpy view:
    checking it allocates one boolean array); anything else goes through
    :func:`crmlib.validation.check_numeric_column`, which names the first bad row.
    """
    raw = transactions[column]
    if isinstance(raw, pd.Series) and raw.dtype.kind == "f":
        arr = raw.to_numpy()
        ok = np.isfinite(arr)
        np.logical_and(ok, arr >= 0, out=ok)
        if ok.all():
            return arr
    return v.check_numeric_column(transactions, column, table, minimum=0).to_numpy()


_UNITS_PER_DAY = {"D": 1, "h": 24, "m": 1440, "s": 86_400, "ms": 86_400_000, "us": 86_400_000_000, "ns": 86_400_000_000_000}


def _day_numbers(when: pd.Series) -> np.ndarray:
    """Whole days since 1970-01-01 of parsed dates (floor), computed on the numpy view in one array."""
    arr = when.to_numpy()
    if arr.dtype.kind == "M":
        unit, step = np.datetime_data(arr.dtype)
        if unit in _UNITS_PER_DAY and step == 1:
            return np.floor_divide(arr.view(np.int64), _UNITS_PER_DAY[unit])
    return arr.astype("datetime64[D]").astype(np.int64)


def _customer_codes(ids: pd.Series) -> tuple[np.ndarray, int, pd.Index | np.ndarray]:
    """Customer codes 0..k−1 for the bincounts, k, and the ids the codes stand for.

    Integer ids in a compact range (the usual 1..n numbering) are their own codes (id − min):
    one n-long array and no hash table, whose growth dominated the peak memory of a factorize
    on a million rows. The third value is then a boolean mask "this code occurs" over the range;
    for other ids it is the sorted factorised uniques.
    """
    raw = ids.to_numpy()
    if (raw.dtype.kind == "i" or raw.dtype.kind == "u" and raw.dtype.itemsize < 8) and len(raw):
        lo, hi = int(raw.min()), int(raw.max())
        span = hi - lo + 1
        if span <= 4 * len(raw) + 1024:
            codes = raw - raw.dtype.type(lo) if lo else raw
            present = np.bincount(codes, minlength=span) > 0
            return codes, span, present
    codes, uniques = pd.factorize(ids, sort=True)
    return codes, len(uniques), uniques


def rfm_table(
    transactions: pd.DataFrame,
    *,
    customer: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
    as_of: str | pd.Timestamp | int | None = None,
    monetary: str = "sum",
    frequency: str = "rows",
    table: str = "transactions",
) -> pd.DataFrame:
    """Recency, frequency and monetary value of each customer.

    Parameters
    ----------
    transactions : DataFrame
        One row per transaction with a customer id, a date and an amount (>= 0).
    customer, date, amount : str
        Column names.
    as_of : date or int, optional
        Analysis date; recency = ``as_of`` − last purchase, in whole days. Default: the last
        date in the data. It may not be earlier than the last transaction.
    monetary : {"sum", "mean"}
        Total spend, or mean spend per purchase (per row, or per visit with
        ``frequency="visits"``).
    frequency : {"rows", "visits"}
        Count every row as a purchase, or count distinct dates (one shopping trip may hold
        several rows, e.g. one row per product category).

    If the ``date`` column holds whole numbers (week numbers, say) instead of dates, time is
    measured in those periods: recency is in periods and ``as_of`` must be a number.

    Returns
    -------
    DataFrame
        Indexed by customer (sorted), columns ``recency`` (days), ``frequency``, ``monetary``
        (all floats).

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b"], "date": ["2024-01-01", "2024-01-11", "2024-01-05"],
    ...                    "amount": [10, 30, 5]})
    >>> rfm_table(tx, as_of="2024-01-31", monetary="mean").values.tolist()
    [[20.0, 2.0, 20.0], [26.0, 1.0, 5.0]]

    Week numbers instead of dates, one row per product bought, trips counted as visits:

    >>> wk = pd.DataFrame({"customer_id": [1, 1, 1, 2], "week": [3, 3, 7, 5], "amount": [4.0, 6.0, 5.0, 9.0]})
    >>> rfm_table(wk, date="week", frequency="visits", as_of=8).values.tolist()
    [[1.0, 2.0, 15.0], [3.0, 1.0, 9.0]]
    """
    v.require_columns(transactions, [customer, date, amount], table)
    v.check_choice(monetary, "monetary", ["sum", "mean"])
    ids = transactions[customer]
    if ids.isna().any():
        row = ids.index[ids.isna()][0]
        raise v.CRMInputError(t("error.column_missing_values", table=table, column=customer, count=int(ids.isna().sum()), row=row))
    money = _amounts(transactions, amount, table)
    v.check_choice(frequency, "frequency", ["rows", "visits"])
    raw_time = transactions[date]
    periods = pd.api.types.is_integer_dtype(raw_time) and not pd.api.types.is_bool_dtype(raw_time)
    if periods:
        days = raw_time.to_numpy().astype(np.int64)
    else:
        when = v.check_date_column(transactions, date, table)
        days = _day_numbers(when)
    last_day = int(days.max())
    if as_of is None:
        ref = last_day
    elif periods:
        ref = v.check_count(as_of, "as_of") if not isinstance(as_of, str) else None
        if ref is None:
            raise v.CRMInputError(t("rfm_errors.bad_as_of", name="as_of", value=as_of))
        if ref < last_day:
            raise v.CRMInputError(t("rfm_errors.as_of_before_data", name="as_of", value=as_of, last=last_day))
    else:
        stamp = pd.to_datetime(as_of, errors="coerce") if isinstance(as_of, str | pd.Timestamp) else pd.NaT
        if pd.isna(stamp):
            raise v.CRMInputError(t("rfm_errors.bad_as_of", name="as_of", value=as_of))
        ref = int(np.datetime64(stamp.date(), "D").astype(np.int64))
        if ref < last_day:
            last = str(np.datetime64(last_day, "D"))
            raise v.CRMInputError(t("rfm_errors.as_of_before_data", name="as_of", value=as_of, last=last))
    codes, k, labels = _customer_codes(ids)
    if frequency == "rows":
        freq = np.bincount(codes, minlength=k).astype(float)
    else:
        visits = pd.DataFrame({"c": codes, "d": days}).drop_duplicates()
        freq = np.bincount(visits["c"].to_numpy(), minlength=k).astype(float)
    total = np.bincount(codes, weights=money, minlength=k)
    last = np.full(k, np.iinfo(np.int64).min)
    np.maximum.at(last, codes, days)
    del codes, days, money
    if isinstance(labels, np.ndarray) and labels.dtype == bool:  # integer ids used as codes
        uniques = (np.flatnonzero(labels) + ids.to_numpy().min()).astype(ids.dtype)
        freq, total, last = freq[labels], total[labels], last[labels]
    else:
        uniques = labels
    out = pd.DataFrame(
        {
            "recency": (ref - last).astype(float),
            "frequency": freq,
            "monetary": total if monetary == "sum" else total / freq,
        },
        index=pd.Index(uniques, name=customer),
    )
    return out


def quantile_scores(values: Sequence[float] | pd.Series | np.ndarray, bins: int = 5, *, reverse: bool = False, name: str = "values") -> np.ndarray:
    """Scores 1..``bins`` by quantile, ties kept in one bin at their best rank (see the module notes).

    ``score = 1 + floor(bins × (k − 1) / n)``, ``k`` = number of values not better than this
    one, itself included (smaller or equal; larger or equal when ``reverse``): a tied group
    gets the score of the best position it occupies (ties kept in one bin, as in IBM SPSS RFM).

    Examples
    --------
    >>> quantile_scores([10, 20, 30, 40, 50]).tolist()
    [1, 2, 3, 4, 5]
    >>> quantile_scores([1, 1, 1, 2, 5]).tolist()
    [3, 3, 3, 4, 5]
    >>> quantile_scores([3, 0, 10], bins=3, reverse=True).tolist()
    [2, 3, 1]
    """
    if not (isinstance(values, np.ndarray) and values.dtype.kind in "biuf"):  # text where numbers belong: name it
        values = v.check_numeric_column(pd.DataFrame({"x": pd.Series(list(values), dtype=object)}).rename(columns={"x": name}), name, name, allow_missing=True).to_numpy()
    bins = _check_bins(bins)
    x = np.asarray(values, dtype=float)
    if x.size == 0:
        raise v.CRMInputError(t("error.empty_table", table=name))
    if not np.isfinite(x).all():
        raise v.CRMInputError(t("error.not_finite", name=name, value=x[~np.isfinite(x)][0]))
    s = np.sort(x)
    n = x.size
    # k - 1 = the other customers whose value is not better: the tied group's best position.
    not_better = n - np.searchsorted(s, x, side="left") if reverse else np.searchsorted(s, x, side="right")
    return 1 + (bins * (not_better - 1)) // n


def _check_bins(bins: object) -> int:
    b = v.check_count(bins, "bins", minimum=2)
    if b > 9:
        raise v.CRMInputError(t("rfm_errors.bins_range", name="bins", value=bins))
    return b


def rfm_scores(rfm: pd.DataFrame, bins: int = 5, *, table: str = "rfm") -> pd.DataFrame:
    """Add ``r_score``, ``f_score``, ``m_score`` (1..``bins``, independent binning) and
    ``rfm_cell`` (R·100 + F·10 + M, e.g. 555) to an :func:`rfm_table`.

    Examples
    --------
    >>> r = pd.DataFrame({"recency": [1, 5, 9, 30, 90], "frequency": [9, 4, 4, 2, 1],
    ...                   "monetary": [500, 80, 120, 60, 20]})
    >>> rfm_scores(r)["rfm_cell"].tolist()
    [555, 443, 344, 222, 111]
    """
    v.require_columns(rfm, ["recency", "frequency", "monetary"], table)
    for c in ("recency", "frequency", "monetary"):
        v.check_numeric_column(rfm, c, table, minimum=0)
    bins = _check_bins(bins)
    out = rfm.copy()
    out["r_score"] = quantile_scores(rfm["recency"].to_numpy(float), bins, reverse=True)
    out["f_score"] = quantile_scores(rfm["frequency"].to_numpy(float), bins)
    out["m_score"] = quantile_scores(rfm["monetary"].to_numpy(float), bins)
    out["rfm_cell"] = out["r_score"] * 100 + out["f_score"] * 10 + out["m_score"]
    return out


def segment(scored: pd.DataFrame, rules: pd.DataFrame | None = None, *, default: str = "need_attention", table: str = "rfm") -> pd.Series:
    """Name each customer's segment from their R, F, M scores.

    Parameters
    ----------
    scored : DataFrame
        Output of :func:`rfm_scores` (5 bins for the default rules).
    rules : DataFrame, optional
        Columns ``segment, r_min, r_max, f_min, f_max, m_min, m_max``; checked top to bottom,
        the first rule whose ranges (inclusive) hold all three scores wins. Default
        :data:`SEGMENT_RULES`.
    default : str
        Segment of a customer no rule matches.

    Examples
    --------
    >>> s = pd.DataFrame({"r_score": [5, 1, 5, 1], "f_score": [5, 5, 1, 1], "m_score": [5, 5, 2, 1]})
    >>> segment(s).tolist()
    ['champions', 'cant_lose', 'new', 'lost']
    """
    v.require_columns(scored, ["r_score", "f_score", "m_score"], table)
    for c in ("r_score", "f_score", "m_score"):
        v.check_score_column(scored, c, table)
    rules = SEGMENT_RULES if rules is None else rules
    cols = ["segment", "r_min", "r_max", "f_min", "f_max", "m_min", "m_max"]
    v.require_columns(rules, cols, "rules")
    for c in cols[1:]:
        v.check_numeric_column(rules, c, "rules", minimum=1, maximum=9)
    r = scored["r_score"].to_numpy()
    f = scored["f_score"].to_numpy()
    m = scored["m_score"].to_numpy()
    out = np.full(len(scored), default, dtype=object)
    done = np.zeros(len(scored), dtype=bool)
    for rule in rules.itertuples(index=False):
        hit = (
            ~done
            & (r >= rule.r_min) & (r <= rule.r_max)
            & (f >= rule.f_min) & (f <= rule.f_max)
            & (m >= rule.m_min) & (m <= rule.m_max)
        )
        out[hit] = rule.segment
        done |= hit
    return pd.Series(out, index=scored.index, name="segment")


def rfm_analysis(transactions: pd.DataFrame, *, bins: int = 5, as_of: str | pd.Timestamp | None = None, **columns: str) -> pd.DataFrame:
    """:func:`rfm_table`, :func:`rfm_scores` and (for 5 bins) :func:`segment` in one call.

    ``columns`` passes ``customer=``, ``date=``, ``amount=``, ``monetary=`` to :func:`rfm_table`.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": [1, 2], "date": ["2024-01-01", "2024-02-01"], "amount": [5.0, 50.0]})
    >>> rfm_analysis(tx)[["rfm_cell", "segment"]].values.tolist()
    [[131, 'at_risk'], [333, 'loyal']]
    """
    scored = rfm_scores(rfm_table(transactions, as_of=as_of, **columns), bins)
    if bins == 5:
        scored["segment"] = segment(scored)
    return scored


def segment_summary(scored: pd.DataFrame, *, table: str = "rfm") -> pd.DataFrame:
    """Customers, share of customers, mean R/F/M and share of revenue per segment.

    Segments appear in the order of :data:`SEGMENTS` (empty ones left out).

    Examples
    --------
    >>> s = pd.DataFrame({"recency": [1.0, 50.0], "frequency": [5.0, 1.0], "monetary": [90.0, 10.0],
    ...                   "segment": ["champions", "lost"]})
    >>> segment_summary(s)["revenue_share"].tolist()
    [0.9, 0.1]
    """
    v.require_columns(scored, ["recency", "frequency", "monetary", "segment"], table)
    for c in ("recency", "frequency", "monetary"):
        v.check_numeric_column(scored, c, table, minimum=0)
    g = scored.groupby("segment", sort=False)
    out = pd.DataFrame(
        {
            "customers": g.size(),
            "recency": g["recency"].mean(),
            "frequency": g["frequency"].mean(),
            "monetary": g["monetary"].mean(),
            "revenue": g["monetary"].sum(),
        }
    )
    out["customer_share"] = out["customers"] / len(scored)
    total = float(scored["monetary"].sum())
    out["revenue_share"] = out["revenue"] / total if total > 0 else 0.0
    order = [s for s in SEGMENTS if s in out.index] + [s for s in out.index if s not in SEGMENTS]
    out = out.loc[order, ["customers", "customer_share", "recency", "frequency", "monetary", "revenue_share"]]
    out.index.name = "segment"
    return out


def score_distribution(scored: pd.DataFrame, bins: int = 5, *, table: str = "rfm") -> pd.DataFrame:
    """Number of customers with each score (rows 1..bins) for R, F and M: shows the uneven bins
    that keeping ties together creates.

    Examples
    --------
    >>> s = pd.DataFrame({"r_score": [1, 5], "f_score": [1, 1], "m_score": [2, 5]})
    >>> score_distribution(s)["f_score"].tolist()
    [2, 0, 0, 0, 0]
    """
    v.require_columns(scored, ["r_score", "f_score", "m_score"], table)
    bins = _check_bins(bins)
    for c in ("r_score", "f_score", "m_score"):
        v.check_score_column(scored, c, table, high=bins)
    idx = pd.RangeIndex(1, bins + 1, name="score")
    return pd.DataFrame(
        {c: scored[c].value_counts().reindex(idx, fill_value=0).astype(int) for c in ("r_score", "f_score", "m_score")}
    )


def rf_grid(scored: pd.DataFrame, bins: int = 5, *, value: str = "customers", table: str = "rfm") -> pd.DataFrame:
    """Recency score × frequency score grid: customer counts, or mean monetary value.

    Rows are R scores from ``bins`` (most recent) down to 1, columns F scores 1..``bins``.

    Examples
    --------
    >>> s = pd.DataFrame({"r_score": [2, 2, 1], "f_score": [1, 1, 2], "monetary": [10.0, 30.0, 5.0]})
    >>> rf_grid(s, bins=2).values.tolist()
    [[2, 0], [0, 1]]
    >>> rf_grid(s, bins=2, value="monetary").values.tolist()
    [[20.0, nan], [nan, 5.0]]
    """
    v.require_columns(scored, ["r_score", "f_score", "monetary"], table)
    bins = _check_bins(bins)
    v.check_choice(value, "value", ["customers", "monetary"])
    for c in ("r_score", "f_score"):
        v.check_score_column(scored, c, table, high=bins)
    v.check_numeric_column(scored, "monetary", table, minimum=0)
    r = scored["r_score"].to_numpy(dtype=np.int64)
    f = scored["f_score"].to_numpy(dtype=np.int64)
    inside = (r >= 1) & (r <= bins) & (f >= 1) & (f <= bins)
    cell = (bins - r[inside]) * bins + (f[inside] - 1)  # row 0 = R score ``bins``
    counts = np.bincount(cell, minlength=bins * bins).reshape(bins, bins)
    if value == "customers":
        data = counts
    else:
        sums = np.bincount(cell, weights=scored["monetary"].to_numpy(dtype=float)[inside], minlength=bins * bins)
        with np.errstate(invalid="ignore", divide="ignore"):
            data = np.where(counts > 0, sums.reshape(bins, bins) / np.maximum(counts, 1), np.nan)
    return pd.DataFrame(
        data,
        index=pd.Index(range(bins, 0, -1), name="r_score"),
        columns=pd.Index(range(1, bins + 1), name="f_score"),
    )


_CDNOW_CACHE: dict[str, pd.DataFrame] = {}


def _cdnow_rfm(monetary: str) -> pd.DataFrame:
    if monetary not in _CDNOW_CACHE:
        from crmlib import datasets

        tx = datasets.load_cdnow_master()
        _CDNOW_CACHE[monetary] = rfm_table(tx, amount="dollars", monetary=monetary)
    return _CDNOW_CACHE[monetary]
