"""Checks for bad input. Every public crmlib function validates its arguments with these, so a
learner sees a clear message that names the parameter or column and what was expected, never a
silent wrong number or a bare ``KeyError`` from deep inside pandas.

All checks raise :class:`CRMInputError` (a ``ValueError``), with the message in the current
catalogue language.

Examples
--------
>>> from crmlib import i18n
>>> i18n.set_language("en")
>>> check_rate(0.3, "retention")
0.3
>>> check_rate(1.3, "retention")
Traceback (most recent call last):
...
crmlib.validation.CRMInputError: retention must be a rate between 0 and 1; got 1.3
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from crmlib.i18n import t


class CRMInputError(ValueError):
    """Raised when an argument or a table does not meet a function's expectations."""


def _fail(key: str, **fields: object) -> CRMInputError:
    return CRMInputError(t(f"error.{key}", **fields))


def check_number(value: object, name: str) -> float:
    """Return ``value`` as a finite float, or raise naming ``name``.

    Examples
    --------
    >>> check_number(3, "price")
    3.0
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise _fail("not_number", name=name, value=value)
    out = float(value)
    if not math.isfinite(out):
        raise _fail("not_finite", name=name, value=value)
    return out


def check_rate(value: object, name: str) -> float:
    """Return ``value`` if it is a rate in [0, 1].

    Examples
    --------
    >>> check_rate(1, "share")
    1.0
    """
    out = check_number(value, name)
    if not 0.0 <= out <= 1.0:
        raise _fail("rate_range", name=name, value=value)
    return out


def check_nonnegative(value: object, name: str) -> float:
    """Return ``value`` if it is a finite number >= 0.

    Examples
    --------
    >>> check_nonnegative(0, "cost")
    0.0
    """
    out = check_number(value, name)
    if out < 0:
        raise _fail("negative", name=name, value=value)
    return out


def check_positive(value: object, name: str) -> float:
    """Return ``value`` if it is a finite number > 0.

    Examples
    --------
    >>> check_positive(2.5, "jar_size")
    2.5
    """
    out = check_number(value, name)
    if out <= 0:
        raise _fail("not_positive", name=name, value=value)
    return out


def check_count(value: object, name: str, *, minimum: int = 0) -> int:
    """Return ``value`` as an int if it is a whole number >= ``minimum``.

    Examples
    --------
    >>> check_count(5, "households", minimum=1)
    5
    """
    out = check_number(value, name)
    if out != int(out):
        raise _fail("not_integer", name=name, value=value)
    if out < minimum:
        raise _fail("negative" if minimum == 0 else "not_positive", name=name, value=value)
    return int(out)


def check_choice(value: object, name: str, allowed: Iterable[object]) -> object:
    """Return ``value`` if it is one of ``allowed``.

    Examples
    --------
    >>> check_choice("abc", "method", ["abc", "rfm"])
    'abc'
    """
    allowed = list(allowed)
    if value not in allowed:
        raise _fail("choice", name=name, allowed=", ".join(map(str, allowed)), value=value)
    return value


def check_rates(values: Sequence[object], name: str, *, length: int | None = None) -> np.ndarray:
    """Return ``values`` as a float array of rates in [0, 1], optionally of a given length.

    Examples
    --------
    >>> check_rates([0.5, 0.25], "rates", length=2)
    array([0.5 , 0.25])
    """
    values = list(values.values()) if isinstance(values, Mapping) else list(values)
    if length is not None and len(values) != length:
        raise _fail("length_mismatch", name=name, expected=length, got=len(values))
    return np.array([check_rate(v, f"{name}[{i}]") for i, v in enumerate(values)], dtype=float)


def check_weights(weights: Mapping[str, object], name: str = "weights", *, tol: float = 1e-9) -> dict[str, float]:
    """Return ``weights`` as floats if each is >= 0 and they sum to 1.

    Examples
    --------
    >>> check_weights({"sales": 0.6, "volume": 0.4})
    {'sales': 0.6, 'volume': 0.4}
    """
    out = {k: check_nonnegative(v, f"{name}[{k!r}]") for k, v in weights.items()}
    total = sum(out.values())
    if not math.isclose(total, 1.0, abs_tol=tol):
        raise _fail("weights_sum", name=name, total=round(total, 6))
    return out


def require_frame(frame: object, name: str) -> pd.DataFrame:
    """Return ``frame`` if it is a non-empty DataFrame.

    Examples
    --------
    >>> require_frame(pd.DataFrame({"a": [1]}), "orders").shape
    (1, 1)
    """
    if not isinstance(frame, pd.DataFrame):
        raise _fail("not_dataframe", name=name, kind=type(frame).__name__)
    if len(frame.index) == 0:  # rows but no columns is not empty: the missing columns are named
        raise _fail("empty_table", table=name)
    return frame


def require_columns(frame: object, columns: Iterable[str], name: str, *, allow_empty: bool = False) -> pd.DataFrame:
    """Return ``frame`` if it is a non-empty DataFrame holding every column in ``columns``.

    With ``allow_empty`` a table without rows is accepted (an alert sheet with no alert).

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> require_columns(pd.DataFrame({"a": [1]}), ["a", "b"], "orders")
    Traceback (most recent call last):
    ...
    crmlib.validation.CRMInputError: table orders is missing column(s) b; required columns: a, b.
    """
    columns = list(columns)
    if not (allow_empty and isinstance(frame, pd.DataFrame)):
        frame = require_frame(frame, name)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise _fail("missing_columns", table=name, missing=", ".join(missing), required=", ".join(columns))
    return frame


def _first_bad(frame: pd.DataFrame, mask: pd.Series) -> tuple[object, int]:
    bad = mask[mask]
    return bad.index[0], int(mask.sum())


def check_numeric_column(
    frame: pd.DataFrame,
    column: str,
    table: str,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    allow_missing: bool = False,
) -> pd.Series:
    """Return ``frame[column]`` as floats after checking type, missing values and range.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> df = pd.DataFrame({"amount": [5.0, -1.0]})
    >>> check_numeric_column(df, "amount", "orders", minimum=0)
    Traceback (most recent call last):
    ...
    crmlib.validation.CRMInputError: column amount of table orders has 1 negative value(s) (e.g. row 1: -1.0); it must not be negative.
    """
    require_columns(frame, [column], table)
    raw = frame[column]
    if isinstance(raw, pd.DataFrame):  # duplicated column label
        raise _fail("column_not_unique_label", table=table, column=column)
    _reject_text(raw, column, table)
    numeric = pd.to_numeric(raw, errors="coerce")
    not_numeric = numeric.isna() & raw.notna()
    if not_numeric.any():
        row, _ = _first_bad(frame, not_numeric)
        raise _fail("column_not_numeric", table=table, column=column, row=row, value=raw.loc[row])
    if not allow_missing and numeric.isna().any():
        row, count = _first_bad(frame, numeric.isna())
        raise _fail("column_missing_values", table=table, column=column, count=count, row=row)
    numeric = numeric.astype(float)
    infinite = pd.Series(np.isinf(numeric.to_numpy()), index=frame.index)
    if infinite.any():
        row, count = _first_bad(frame, infinite)
        raise _fail("column_not_finite", table=table, column=column, count=count, row=row, value=numeric.loc[row])
    if minimum == 0 and (numeric < 0).any():
        row, count = _first_bad(frame, numeric < 0)
        raise _fail("column_negative", table=table, column=column, count=count, row=row, value=numeric.loc[row])
    low = -math.inf if minimum is None else minimum
    high = math.inf if maximum is None else maximum
    out_of_range = (numeric < low) | (numeric > high)
    if out_of_range.any():
        row, _ = _first_bad(frame, out_of_range)
        raise _fail("column_out_of_range", table=table, column=column, low=low, high=high, row=row, value=numeric.loc[row])
    return numeric


def _reject_text(raw: pd.Series, column: str, table: str) -> None:
    """Raise if a column meant to hold numbers holds text (even text that looks like a number).

    ``"12.5"`` in a number column is a sign the column was read or converted as text; summing it
    would glue strings together, so it is rejected rather than silently converted. Vectorised:
    the dtype is inspected, and only an object column is scanned (by pandas, not a Python loop).
    """
    text = _text_mask(raw)
    if text is not None and text.any():
        row = text[text].index[0]
        raise _fail("column_not_numeric", table=table, column=column, row=row, value=raw.loc[row])


def _text_mask(raw: pd.Series) -> pd.Series | None:
    """True where ``raw`` holds text or a boolean; None for a numeric (or date) column."""
    if pd.api.types.is_bool_dtype(raw):
        return pd.Series(True, index=raw.index)
    if pd.api.types.is_numeric_dtype(raw) or pd.api.types.is_datetime64_any_dtype(raw):
        return None
    kind = pd.api.types.infer_dtype(raw, skipna=True)
    if kind in ("floating", "integer", "mixed-integer-float", "decimal", "empty"):
        return None
    if kind in ("string", "bytes"):
        return raw.notna()
    if kind in ("datetime", "datetime64", "date", "time", "timedelta", "timedelta64", "period"):
        return pd.Series(False, index=raw.index)
    try:
        text = raw.astype("object").str.len().notna()  # the .str accessor marks text cells
    except AttributeError:  # no text cell at all
        text = pd.Series(False, index=raw.index)
    if not text.any():
        text = raw.notna() & pd.to_numeric(raw, errors="coerce").isna()
    return text


def check_date_column(frame: pd.DataFrame, column: str, table: str, *, format: str | None = None) -> pd.Series:
    """Return ``frame[column]`` parsed as datetimes, naming the first value that does not parse.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> df = pd.DataFrame({"date": ["2024-01-31", "31/02/2024"]})
    >>> check_date_column(df, "date", "orders")
    Traceback (most recent call last):
    ...
    crmlib.validation.CRMInputError: column date of table orders has a date that does not parse: row 1 holds '31/02/2024' (expected e.g. 2024-01-31).
    """
    require_columns(frame, [column], table)
    raw = frame[column]
    if pd.api.types.is_datetime64_any_dtype(raw):
        parsed = raw
    else:
        # a bare number is not a date (pandas would read it as nanoseconds since 1970)
        text = _text_mask(raw)
        obj = raw.astype(object)
        number = pd.to_numeric(obj if text is None else obj.where(~text), errors="coerce").notna()
        if number.any():
            row, _ = _first_bad(frame, number)
            raise _fail("column_bad_date", table=table, column=column, row=row, value=raw.loc[row])
        parsed = pd.to_datetime(raw, errors="coerce", format=format or "ISO8601")
    bad = parsed.isna() & raw.notna() | raw.isna()
    if bad.any():
        row, _ = _first_bad(frame, bad)
        raise _fail("column_bad_date", table=table, column=column, row=row, value=raw.loc[row])
    return parsed


def check_category_column(frame: pd.DataFrame, column: str, table: str, allowed: Iterable[object]) -> pd.Series:
    """Return ``frame[column]`` after checking every value is one of ``allowed``.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> df = pd.DataFrame({"channel": ["web", "fax"]})
    >>> check_category_column(df, "channel", "contacts", ["web", "store"])
    Traceback (most recent call last):
    ...
    crmlib.validation.CRMInputError: column channel of table contacts has an unknown value 'fax' (row 1); allowed values: web, store.
    """
    require_columns(frame, [column], table)
    allowed = list(allowed)
    bad = ~frame[column].isin(allowed)
    if bad.any():
        row, _ = _first_bad(frame, bad)
        raise _fail(
            "column_unknown_value",
            table=table,
            column=column,
            value=frame[column].loc[row],
            row=row,
            allowed=", ".join(map(str, allowed)),
        )
    return frame[column]


def check_unique_column(frame: pd.DataFrame, column: str, table: str) -> pd.Series:
    """Return ``frame[column]`` after checking it holds no duplicate.

    Examples
    --------
    >>> check_unique_column(pd.DataFrame({"id": [1, 2]}), "id", "customers").tolist()
    [1, 2]
    """
    require_columns(frame, [column], table)
    dup = frame[column].duplicated()
    if dup.any():
        raise _fail("column_not_unique", table=table, column=column, value=frame[column][dup].iloc[0])
    return frame[column]


def check_date(value: object, name: str) -> pd.Timestamp:
    """Return ``value`` (a date such as ``as_of``) as a :class:`pandas.Timestamp`, or raise naming ``name``.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> check_date("2024-12-31", "as_of")
    Timestamp('2024-12-31 00:00:00')
    >>> check_date("31/02/2024", "as_of")
    Traceback (most recent call last):
    ...
    crmlib.validation.CRMInputError: as_of must be a date such as 2024-12-31; got '31/02/2024'
    """
    if isinstance(value, bool) or value is None:
        raise _fail("bad_date", name=name, value=value)
    if isinstance(value, numbers.Real) and not isinstance(value, np.datetime64):
        raise _fail("bad_date", name=name, value=value)
    try:
        out = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError):
        raise _fail("bad_date", name=name, value=value) from None
    if pd.isna(out):
        raise _fail("bad_date", name=name, value=value)
    return out


def check_scale(frame: pd.DataFrame, column: str, low: float, high: float, *, table: str = "survey") -> pd.Series:
    """Return ``frame[column]`` as floats after checking every answer lies on the scale ``low``–``high``.

    A survey answered on a 1–7 scale cannot hold 107 (a typing slip) or 0; such a value would
    silently move an attribute's mean. Missing answers are rejected as well.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> check_scale(pd.DataFrame({"service": [5, 107]}), "service", 1, 7)
    Traceback (most recent call last):
    ...
    crmlib.validation.CRMInputError: column service of table survey holds answers on a 1–7 scale; row 1 holds 107.0.
    """
    numeric = check_numeric_column(frame, column, table)
    outside = (numeric < low) | (numeric > high)
    if outside.any():
        row, _ = _first_bad(frame, outside)
        raise _fail("column_scale", table=table, column=column, low=_fmt(low), high=_fmt(high), row=row, value=numeric.loc[row])
    return numeric


def check_range(value: object, name: str) -> tuple[float, float]:
    """Return ``value`` as ``(low, high)``: two finite numbers with ``low < high`` (a rating scale).

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> check_range((1, 7), "scale")
    (1.0, 7.0)
    >>> check_range((7, 1), "scale")
    Traceback (most recent call last):
    ...
    crmlib.validation.CRMInputError: scale must be a pair (lowest, highest) with lowest < highest; got (7, 1)
    """
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence) or len(value) != 2:
        raise _fail("range_pair", name=name, value=value)
    low, high = check_number(value[0], f"{name}[0]"), check_number(value[1], f"{name}[1]")
    if not low < high:
        raise _fail("range_pair", name=name, value=value)
    return low, high


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def check_id_column(frame: pd.DataFrame, column: str, table: str) -> pd.Series:
    """Return ``frame[column]`` after checking it has no missing identifier (NaN, None, empty text).

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> check_id_column(pd.DataFrame({"customer_id": ["C1", None]}), "customer_id", "orders")
    Traceback (most recent call last):
    ...
    crmlib.validation.CRMInputError: column customer_id of table orders has 1 missing identifier(s) (e.g. row 1); every row needs one.
    """
    require_columns(frame, [column], table)
    raw = frame[column]
    missing = raw.isna()
    if raw.dtype == object or pd.api.types.is_string_dtype(raw):
        missing = missing | raw.astype("string").str.strip().eq("").fillna(False)
    if missing.any():
        row, count = _first_bad(frame, missing)
        raise _fail("column_missing_ids", table=table, column=column, count=count, row=row)
    return raw


def check_seed(seed: object, name: str = "seed") -> int:
    """Return ``seed`` as an int if it is a whole number >= 0 (what ``numpy.random.default_rng`` accepts).

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> check_seed(42)
    42
    >>> check_seed(-1)
    Traceback (most recent call last):
    ...
    crmlib.validation.CRMInputError: seed must be a whole number >= 0 (the random seed); got -1
    """
    if isinstance(seed, (bool, np.bool_)):
        raise _fail("seed", name=name, value=seed)
    if not isinstance(seed, numbers.Integral):
        if not (isinstance(seed, numbers.Real) and math.isfinite(float(seed)) and float(seed).is_integer()):
            raise _fail("seed", name=name, value=seed)
    out = int(seed)
    if out < 0:
        raise _fail("seed", name=name, value=seed)
    return out


def check_array(
    values: object,
    name: str,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    integer: bool = False,
    allow_empty: bool = False,
) -> np.ndarray:
    """Return ``values`` (one number or a 1-D sequence of numbers) as a float array after checking
    every value is a finite number in ``[minimum, maximum]`` (and whole, with ``integer``).

    Vectorised: the values are converted once and inspected as an array; the first bad value is
    named by its position. Text, even text that looks like a number, is rejected.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> check_array([0, 2.5], "frequency", minimum=0).tolist()
    [0.0, 2.5]
    >>> check_array([3, float("inf")], "recency")
    Traceback (most recent call last):
    ...
    crmlib.validation.CRMInputError: recency[1] must be a finite number (not NaN or infinity); got inf
    """
    if isinstance(values, (pd.DataFrame, Mapping, str, bytes)) or values is None:
        raise _fail("not_number", name=name, value=values)
    if isinstance(values, np.ndarray) and values.dtype.kind in "fiu":  # fast path: already numbers
        raw = values
    elif isinstance(values, (pd.Series, pd.Index)):
        raw = values.to_numpy()
    else:
        raw = np.asarray(values, dtype=object)
    if raw.ndim > 1:
        raise _fail("not_number", name=name, value=values)
    flat = raw.reshape(-1)
    if flat.size == 0:
        if allow_empty:
            return np.zeros(0)
        raise _fail("values_empty", name=name)
    if flat.dtype.kind in "fiu":
        out = flat.astype(float)
    else:
        series = pd.Series(flat)
        text = _text_mask(series)
        numeric = pd.to_numeric(series.where(~text) if text is not None else series, errors="coerce")
        bad = (numeric.isna() & series.notna()).to_numpy() | (text.to_numpy() if text is not None else False)
        if bad.any():
            pos = int(np.flatnonzero(bad)[0])
            raise _fail("not_number", name=f"{name}[{pos}]", value=flat[pos])
        out = numeric.to_numpy(dtype=float)
    bad = ~np.isfinite(out)
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        raise _fail("not_finite", name=f"{name}[{pos}]", value=out[pos])
    bad = out < (-math.inf if minimum is None else minimum)
    if maximum is None and bad.any():
        pos = int(np.flatnonzero(bad)[0])
        if minimum == 0:
            raise _fail("negative", name=f"{name}[{pos}]", value=out[pos])
        raise _fail("values_below", name=f"{name}[{pos}]", low=_fmt(minimum), value=out[pos])
    bad |= out > (math.inf if maximum is None else maximum)
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        if minimum == 0 and maximum == 1:
            raise _fail("rate_range", name=f"{name}[{pos}]", value=out[pos])
        low = -math.inf if minimum is None else minimum
        raise _fail("values_out_of_range", name=f"{name}[{pos}]", low=_fmt(low), high=_fmt(maximum), value=out[pos])
    if integer:
        bad = out != np.round(out)
        if bad.any():
            pos = int(np.flatnonzero(bad)[0])
            raise _fail("not_integer", name=f"{name}[{pos}]", value=out[pos])
    return out.reshape(raw.shape)


def check_score_column(frame: pd.DataFrame, column: str, table: str, *, high: int | None = None) -> pd.Series:
    """Return ``frame[column]`` after checking it holds whole-number scores from 1 to ``high``.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> check_score_column(pd.DataFrame({"r_score": [1, 5, 0]}), "r_score", "rfm", high=5)
    Traceback (most recent call last):
    ...
    crmlib.validation.CRMInputError: column r_score of table rfm must hold whole numbers between 1 and 5; row 2 holds 0.0.
    """
    numeric = check_numeric_column(frame, column, table)
    top = math.inf if high is None else high
    bad = (numeric < 1) | (numeric > top) | (numeric != numeric.round())
    if bad.any():
        row, _ = _first_bad(frame, bad)
        raise _fail("column_not_integer", table=table, column=column, low=1, high=_fmt(top), row=row, value=numeric.loc[row])
    return numeric
