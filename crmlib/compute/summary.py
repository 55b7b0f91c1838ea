"""Per-customer summary of a transaction history, in memory or out of core (larger than memory).

:func:`customer_summary` gives for each customer the RFM quantities of :func:`crmlib.compute.rfm.rfm_table`
(``recency`` in days to ``as_of``, ``frequency`` = number of transactions, ``monetary`` = total
spend; the same definitions, see that function) plus ``first_purchase``, ``last_purchase`` (the
dates, to the day) and ``cohort``, the first-purchase period labelled as
:func:`crmlib.compute.loyalty.cohort_table` labels its rows (``"2024-01"`` for months,
``"2024Q1"`` for quarters).

Two engines give the same table:

- ``engine="pandas"`` (in memory): calls ``rfm_table`` and adds the dates; the data must fit in memory.
- ``engine="duckdb"`` (out of core): DuckDB (``pip install duckdb``, an embedded SQL engine)
  reads a CSV or Parquet file in a stream and aggregates it in one pass, spilling to disk when its
  hash table outgrows ``memory_limit``; a file of tens of millions of rows is summarised in about
  1 GB of memory (measured in ``benchmarks/results_out_of_core.md``). It also accepts a DataFrame.

Examples
--------
>>> import pandas as pd
>>> tx = pd.DataFrame({"customer_id": ["a", "a", "b"],
...                    "date": ["2024-01-01", "2024-02-11", "2024-01-05"],
...                    "amount": [10.0, 30.0, 5.0]})
>>> s = customer_summary(tx, as_of="2024-02-29")
>>> s[["recency", "frequency", "monetary", "cohort"]].values.tolist()
[[18.0, 2.0, 40.0, '2024-01'], [55.0, 1.0, 5.0, '2024-01']]
>>> customer_summary(tx, as_of="2024-02-29", engine="pandas").equals(s)
True
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from crmlib import validation as v
from crmlib.i18n import t

ENGINES = ("duckdb", "pandas")
COHORT_FREQS = ("M", "Q")
COLUMNS = ["recency", "frequency", "monetary", "first_purchase", "last_purchase", "cohort"]
"""Columns of :func:`customer_summary`, in order (index: the customer column, sorted)."""


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _as_of_day(as_of: object, last_day: int) -> int:
    """``as_of`` as days since 1970-01-01, checked as :func:`rfm_table` checks it."""
    if as_of is None:
        return last_day
    stamp = pd.to_datetime(as_of, errors="coerce") if isinstance(as_of, str | pd.Timestamp) else pd.NaT
    if pd.isna(stamp):
        raise v.CRMInputError(t("rfm_errors.bad_as_of", name="as_of", value=as_of))
    ref = int(np.datetime64(stamp.date(), "D").astype(np.int64))
    if ref < last_day:
        last = str(np.datetime64(last_day, "D"))
        raise v.CRMInputError(t("rfm_errors.as_of_before_data", name="as_of", value=as_of, last=last))
    return ref


def _finish(out: pd.DataFrame, customer: str) -> pd.DataFrame:
    """The one output format of both engines: column order, dtypes, sorted customer index."""
    out = out[COLUMNS].copy()
    for col in ("recency", "frequency", "monetary"):
        out[col] = out[col].astype(float)
    for col in ("first_purchase", "last_purchase"):
        out[col] = pd.to_datetime(out[col]).astype("datetime64[us]")
    out["cohort"] = out["cohort"].astype(object)
    out.index.name = customer
    # DuckDB returns the rows sorted already (ORDER BY: byte order of UTF-8 = Python's order of
    # text); sorting again in pandas would cost more than the whole aggregation on a big file
    return out if out.index.is_monotonic_increasing else out.sort_index()


def _summary_pandas(frame: pd.DataFrame, customer: str, date: str, amount: str, as_of: object, cohort_freq: str, table: str) -> pd.DataFrame:
    from crmlib.compute.rfm import rfm_table

    v.require_columns(frame, [customer, date, amount], table)
    when = v.check_date_column(frame, date, table).dt.normalize()
    rfm = rfm_table(frame.assign(**{date: when}), customer=customer, date=date, amount=amount,
                    as_of=as_of, monetary="sum", frequency="rows", table=table)
    days = when.groupby(frame[customer]).agg(["min", "max"])
    out = rfm.assign(first_purchase=days["min"], last_purchase=days["max"],
                     cohort=pd.PeriodIndex(days["min"].reindex(rfm.index), freq=cohort_freq).astype(str))
    return _finish(out, customer)


def _source_sql(con: object, source: object, customer: str, date: str, amount: str, table: str) -> tuple[str, object]:
    """A SQL ``FROM`` item for ``source`` (registered DataFrame, CSV or Parquet file)."""
    if isinstance(source, pd.DataFrame):
        v.require_columns(source, [customer, date, amount], table)
        con.register("crm_source", source)
        return "crm_source", source.index
    if not isinstance(source, str | os.PathLike):
        raise v.CRMInputError(t("summary.bad_source", name="source", value=type(source).__name__))
    path = Path(source)
    if not path.is_file():
        raise v.CRMInputError(t("summary.no_file", name="source", value=str(path)))
    literal = "'" + str(path).replace("'", "''") + "'"
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        sql = f"read_parquet({literal})"
    elif suffix in (".csv", ".txt", ".gz"):
        sql = f"read_csv({literal}, header = true)"
    else:
        raise v.CRMInputError(t("summary.bad_source", name="source", value=str(path)))
    names = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {sql}").fetchall()]
    missing = [c for c in (customer, date, amount) if c not in names]
    if missing:
        raise v.CRMInputError(t("error.missing_columns", table=table, missing=", ".join(missing),
                                required=", ".join([customer, date, amount])))
    if suffix != ".parquet":  # read both as text and parse here, so a bad value is named, not a reader error
        types = "{" + ", ".join(f"'{c.replace(chr(39), chr(39) * 2)}': 'VARCHAR'" for c in (date, amount)) + "}"
        sql = f"read_csv({literal}, header = true, types = {types})"
    return sql, None


def _first_bad_row(con: object, src: str, condition: str, column: str, index: object) -> tuple[object, object]:
    row, value = con.execute(
        f"SELECT rn, raw FROM (SELECT row_number() OVER () - 1 AS rn, {_quote(column)} AS raw, * FROM {src}) "
        f"WHERE {condition} LIMIT 1"
    ).fetchone()
    return (index[int(row)] if index is not None else int(row)), value


def _summary_duckdb(source: object, customer: str, date: str, amount: str, as_of: object, cohort_freq: str,
                    table: str, memory_limit: str) -> pd.DataFrame:
    import duckdb

    spill = Path(tempfile.gettempdir()) / "crmlib-duckdb"
    con = duckdb.connect(config={"memory_limit": memory_limit, "temp_directory": str(spill)})
    con.execute("SET enable_progress_bar = false")
    try:
        src, index = _source_sql(con, source, customer, date, amount, table)
        types = dict(con.execute(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM {src})").fetchall())
        c, d, a = _quote(customer), _quote(date), _quote(amount)
        if types[amount] == "VARCHAR" and not isinstance(source, pd.DataFrame):
            amt = f"TRY_CAST({a} AS DOUBLE)"  # a file's amounts, read as text above
        elif types[amount] in ("VARCHAR", "BOOLEAN"):
            amt = "CAST(NULL AS DOUBLE)"  # text or booleans in a frame: rejected, as the in-memory path does
        else:
            amt = f"CAST({a} AS DOUBLE)"
        day = f"CAST(TRY_CAST({d} AS TIMESTAMP) AS DATE)"
        cohort = "strftime(first_day, '%Y-%m')" if cohort_freq == "M" else "CAST(year(first_day) AS VARCHAR) || 'Q' || CAST(quarter(first_day) AS VARCHAR)"
        query = (
            f"WITH rows AS (SELECT {c} AS customer, {day} AS day, {amt} AS amt FROM {src}), "
            "grouped AS (SELECT customer, count(*) AS n, count(day) AS n_day, count(amt) AS n_amt, "
            "min(amt) AS min_amt, max(amt) AS max_amt, sum(amt) AS monetary, min(day) AS first_day, max(day) AS last_day "
            "FROM rows GROUP BY customer) "
            f"SELECT customer, n, first_day, last_day, monetary, {cohort} AS cohort, "
            "sum(n - n_day) OVER () AS bad_days, sum(n - n_amt) OVER () AS bad_amounts, "
            "min(min_amt) OVER () AS lowest, max(max_amt) OVER () AS highest FROM grouped ORDER BY customer"
        )
        try:
            agg = con.sql(query).df()
        except duckdb.ConversionException:
            # DuckDB's "type pushdown" lets the CSV reader parse the text columns straight into
            # dates and numbers (fast), but turns TRY_CAST into a strict cast: a bad value stops
            # the read. Only then is the slower, forgiving path taken, to count and name the value.
            con.execute("SET disabled_optimizers = 'type_pushdown'")
            agg = con.sql(query).df()
        if agg.empty:
            raise v.CRMInputError(t("error.empty_table", table=table))
        if agg["customer"].isna().any():
            count = int(agg.loc[agg["customer"].isna(), "n"].sum())
            row, _ = _first_bad_row(con, src, f"{c} IS NULL", customer, index)
            raise v.CRMInputError(t("error.column_missing_values", table=table, column=customer, count=count, row=row))
        if agg["bad_days"].iloc[0] > 0:
            row, value = _first_bad_row(con, src, f"{day} IS NULL", date, index)
            raise v.CRMInputError(t("error.column_bad_date", table=table, column=date, row=row, value=value))
        if agg["bad_amounts"].iloc[0] > 0:
            row, value = _first_bad_row(con, src, f"{amt} IS NULL", amount, index)
            key = "error.column_missing_values" if value is None or value != value else "error.column_not_numeric"
            raise v.CRMInputError(t(key, table=table, column=amount, row=row, value=value,
                                    count=int(agg["bad_amounts"].iloc[0])))
        if np.isinf(agg["highest"].iloc[0]) or np.isinf(agg["lowest"].iloc[0]):
            count = con.execute(f"SELECT count(*) FROM {src} WHERE isinf({amt})").fetchone()[0]
            row, value = _first_bad_row(con, src, f"isinf({amt})", amount, index)
            raise v.CRMInputError(t("error.column_not_finite", table=table, column=amount, count=count, row=row,
                                    value=float(value)))
        if agg["lowest"].iloc[0] < 0:
            count = con.execute(f"SELECT count(*) FROM {src} WHERE {amt} < 0").fetchone()[0]
            row, value = _first_bad_row(con, src, f"{amt} < 0", amount, index)
            raise v.CRMInputError(t("error.column_negative", table=table, column=amount, count=count, row=row,
                                    value=float(value)))
    finally:
        con.close()
    last = pd.to_datetime(agg["last_day"]).to_numpy().astype("datetime64[D]").astype(np.int64)
    ref = _as_of_day(as_of, int(last.max()))
    out = pd.DataFrame(
        {"recency": (ref - last).astype(float), "frequency": agg["n"].to_numpy(), "monetary": agg["monetary"].to_numpy(),
         "first_purchase": agg["first_day"].to_numpy(), "last_purchase": agg["last_day"].to_numpy(),
         "cohort": agg["cohort"].to_numpy()},
        index=pd.Index(agg["customer"].to_numpy(), name=customer),
    )
    return _finish(out, customer)


def customer_summary(
    source: pd.DataFrame | str | os.PathLike,
    *,
    customer: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
    as_of: str | pd.Timestamp | None = None,
    cohort_freq: str = "M",
    engine: str = "duckdb",
    memory_limit: str = "1GB",
    table: str = "source",
) -> pd.DataFrame:
    """Recency, frequency, monetary value, first and last purchase and cohort of each customer.

    Parameters
    ----------
    source : DataFrame or path
        One row per transaction: a DataFrame, or the path of a CSV (with a header row) or Parquet
        file. With ``engine="duckdb"`` a file is read in a stream and never loaded whole.
    customer, date, amount : str
        Column names. Dates are ISO dates (``2024-01-31``, a time of day is allowed and ignored);
        amounts are numbers >= 0.
    as_of : date, optional
        Analysis date for recency, as in :func:`crmlib.compute.rfm.rfm_table` (default: the last
        date in the data; not earlier than it).
    cohort_freq : {"M", "Q"}
        Cohort period: month of the first purchase (``"2024-01"``) or quarter (``"2024Q1"``).
    engine : {"duckdb", "pandas"}
        ``"duckdb"``: out of core, for files larger than memory. ``"pandas"``: in memory (the
        definitions of ``rfm_table``); a path is read with pandas first.
    memory_limit : str
        DuckDB's memory budget (e.g. ``"1GB"``); past it DuckDB spills to a temporary folder.
    table : str
        The name the error messages give the data.

    Returns
    -------
    DataFrame
        Indexed by customer (sorted), columns ``recency`` (days), ``frequency``, ``monetary``
        (floats), ``first_purchase``, ``last_purchase`` (dates) and ``cohort`` (text).

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": [1, 1, 2], "date": ["2024-01-30", "2024-03-02", "2024-04-01"],
    ...                    "amount": [5.0, 7.0, 1.0]})
    >>> s = customer_summary(tx, cohort_freq="Q")
    >>> s[["recency", "frequency", "monetary", "cohort"]].values.tolist()
    [[30.0, 2.0, 12.0, '2024Q1'], [0.0, 1.0, 1.0, '2024Q2']]
    >>> s["first_purchase"].dt.strftime("%Y-%m-%d").tolist()
    ['2024-01-30', '2024-04-01']
    """
    v.check_choice(engine, "engine", ENGINES)
    v.check_choice(cohort_freq, "cohort_freq", COHORT_FREQS)
    if engine == "duckdb":
        return _summary_duckdb(source, customer, date, amount, as_of, cohort_freq, table, memory_limit)
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        if not path.is_file():
            raise v.CRMInputError(t("summary.no_file", name="source", value=str(path)))
        if path.suffix.lower() == ".parquet":  # read by DuckDB: pandas would need pyarrow
            import duckdb

            with duckdb.connect() as con:
                source = con.execute("SELECT * FROM read_parquet(?)", [str(path)]).df()
        else:
            source = pd.read_csv(path)
    if not isinstance(source, pd.DataFrame):
        raise v.CRMInputError(t("summary.bad_source", name="source", value=type(source).__name__))
    return _summary_pandas(source, customer, date, amount, as_of, cohort_freq, table)
