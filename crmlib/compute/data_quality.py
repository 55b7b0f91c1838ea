"""Data quality of a transactions table: what is wrong, where, and how bad (the capstone's first step).

A learner's own file (one row per purchase: customer, date, amount; optionally channel, product,
cost) is rarely clean. :func:`check_transactions` lists every problem it finds as one row of a
report table: the check, its severity, the column, how many rows, which rows (line numbers of
the file for a CSV, so they can be found in Excel), example values and what to do, in the
current language. :func:`load_transactions` maps the learner's column names to the course's
(``customer_id``, ``date``, ``amount``, ``channel``, ``product``, ``cost``) and returns the
clean table, or raises :class:`~crmlib.validation.CRMInputError` listing every problem that
must be fixed: never a traceback from deep inside pandas.

Errors (the analysis cannot run): a missing column, no rows, a missing customer id, a date that
does not parse, an amount or cost that is not a number, empty, infinite or negative, a single
customer, all transactions in one month. Warnings (the analysis runs; check them): rows
repeated exactly, zero amounts, dates after today, gaps in channel or product, cost above the
amount.

Examples
--------
>>> import pandas as pd
>>> from crmlib import i18n; i18n.set_language("en")
>>> tx = pd.DataFrame({"buyer": ["a", "a", "b", "b"],
...                    "day": ["2024-01-03", "2024-02-10", "2024-01-20", "2024-01-20"],
...                    "paid": [12.0, -3.0, 8.0, 8.0]})
>>> report = check_transactions(tx, customer="buyer", date="day", amount="paid", today="2024-06-30")
>>> report.problems[["check", "severity", "column", "count", "rows"]].values.tolist()
[['negative', 'error', 'paid', 1, '1'], ['duplicate_rows', 'warning', 'buyer, day, paid', 1, '3']]
>>> load_transactions(tx, customer="buyer", date="day", amount="paid")
Traceback (most recent call last):
...
crmlib.validation.CRMInputError: transactions cannot be used yet: 1 problem(s) must be fixed first:
- paid: column paid has 1 negative value(s) (rows 1; e.g. -3.0). Returns or refunds? Remove them, or net them against the purchases they refund, before the analysis.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from crmlib import validation as v
from crmlib.i18n import t

ROLES: tuple[str, ...] = ("customer", "date", "amount", "channel", "product", "cost")
"""The columns a transactions table may hold; the first three are required."""

OUTPUT_COLUMNS: dict[str, str] = {
    "customer": "customer_id", "date": "date", "amount": "amount",
    "channel": "channel", "product": "product", "cost": "cost",
}
"""Name of each role's column in the clean table of :func:`load_transactions`."""

CHECKS: dict[str, str] = {
    "missing_column": "error", "empty": "error", "missing_id": "error", "bad_date": "error",
    "not_numeric": "error", "missing_value": "error", "infinite": "error", "negative": "error",
    "single_customer": "error", "one_period": "error",
    "duplicate_rows": "warning", "zero_amount": "warning", "future_date": "warning",
    "missing_optional": "warning", "cost_above_amount": "warning",
}
"""Every check and its severity, in the order the report lists them."""

REPORT_COLUMNS = ["check", "severity", "column", "count", "rows", "examples", "message"]
"""Columns of :attr:`QualityReport.problems` (headers localised with ``localize(df, "data_quality.col")``)."""

SHOWN_ROWS = 8
SHOWN_EXAMPLES = 3
DATE_FORMATS = ("ISO8601", "%Y/%m/%d", "%Y%m%d")
"""Date formats tried in turn when ``date_format`` is not given; one must fit the whole column."""


@dataclass(frozen=True)
class QualityReport:
    """What :func:`check_transactions` found.

    Attributes
    ----------
    problems : DataFrame
        One row per problem, columns :data:`REPORT_COLUMNS`; errors first. ``check`` and
        ``severity`` are codes (see :data:`CHECKS`), ``rows`` names the first rows (line numbers
        of the file for a CSV), ``message`` says what is wrong and what to do, in the language
        current when the report was made.
    rows, customers : int
        Rows read and distinct customer ids.
    first_date, last_date : Timestamp or None
        The date range of the rows whose date parses.
    source : str
        The file name, or ``"transactions"`` for a DataFrame.
    """

    problems: pd.DataFrame
    rows: int
    customers: int
    first_date: pd.Timestamp | None
    last_date: pd.Timestamp | None
    source: str

    @property
    def errors(self) -> int:
        """Number of problems that stop the analysis."""
        return int((self.problems["severity"] == "error").sum())

    @property
    def warnings(self) -> int:
        """Number of problems to check before trusting the results."""
        return int((self.problems["severity"] == "warning").sum())

    @property
    def ok(self) -> bool:
        """True when nothing stops the analysis (warnings allowed)."""
        return self.errors == 0

    def summary(self) -> str:
        """One sentence: size, date range and the number of errors and warnings."""
        first = "–" if self.first_date is None else self.first_date.date().isoformat()
        last = "–" if self.last_date is None else self.last_date.date().isoformat()
        fields = dict(source=self.source, rows=f"{self.rows:,}", customers=f"{self.customers:,}", first=first, last=last)
        if self.problems.empty:
            return t("data_quality.no_problems", **fields)
        return t("data_quality.summary", errors=self.errors, warnings=self.warnings, **fields)

    def table(self) -> pd.DataFrame:
        """The problems with check names and severities in the current language (headers stay codes)."""
        out = self.problems.copy()
        out["check"] = [t(f"data_quality.check.{c}") for c in out["check"]]
        out["severity"] = [t(f"data_quality.severity.{s}") for s in out["severity"]]
        return out

    def message(self, *, strict: bool = False) -> str:
        """The text of the error :func:`load_transactions` raises: every problem to fix, one a line."""
        if self.errors:
            head = t("data_quality.cannot_use", source=self.source, errors=self.errors)
            shown = self.problems[self.problems["severity"] == "error"]
        else:
            head = t("data_quality.strict_warnings", source=self.source, warnings=self.warnings)
            shown = self.problems if strict else self.problems.iloc[0:0]
        lines = [f"- {row.column}: {row.message}" for row in shown.itertuples(index=False)]
        return "\n".join([head, *lines])


# --- reading ---------------------------------------------------------------------------------

def _sniff_separator(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def read_transactions_file(path: str | os.PathLike, *, name: str = "data") -> pd.DataFrame:
    """Read a CSV file as text (every cell a string, empty cells missing), indexed by line number.

    The separator (comma, semicolon, tab or bar) is detected; the encoding may be UTF-8 (with or
    without BOM) or GBK/GB18030, as Excel writes it on Chinese Windows. The index is the line
    number in the file (the header is line 1), so problems can be found in a spreadsheet.

    Examples
    --------
    >>> import tempfile
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = Path(d) / "sales.csv"
    ...     _ = p.write_text("客户;日期;金额\\nA;2024-01-02;12,5\\n", encoding="gb18030")
    ...     df = read_transactions_file(p)
    >>> list(df.columns), df.index.tolist(), df.values.tolist()
    (['客户', '日期', '金额'], [2], [['A', '2024-01-02', '12,5']])
    >>> read_transactions_file("no/such/file.csv")
    Traceback (most recent call last):
    ...
    crmlib.validation.CRMInputError: data: there is no file no/such/file.csv. Check the path (relative to this notebook's folder).
    """
    p = Path(path)
    if not p.is_file():
        raise v.CRMInputError(t("data_quality.file.missing", name=name, value=str(path)))
    if p.suffix.lower() in (".xlsx", ".xls", ".xlsm", ".ods", ".numbers", ".parquet", ".json"):
        raise v.CRMInputError(t("data_quality.file.unsupported", name=name, value=p.name))
    raw = p.read_bytes()
    text = None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        raise v.CRMInputError(t("data_quality.file.encoding", name=name, value=p.name))
    if not text.strip():
        raise v.CRMInputError(t("data_quality.file.empty", name=name, value=p.name))
    sep = _sniff_separator(text[:65536])
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, na_values=[""], skipinitialspace=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error) as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise v.CRMInputError(t("data_quality.file.parse", name=name, value=p.name, detail=detail)) from None
    if frame.empty:
        raise v.CRMInputError(t("data_quality.file.empty", name=name, value=p.name))
    frame.columns = [str(c).strip() for c in frame.columns]
    frame.index = pd.RangeIndex(2, len(frame) + 2)
    return frame


def _frame_of(data: object) -> tuple[pd.DataFrame, str, bool]:
    """The table, its name for messages, and whether its index holds file line numbers."""
    if isinstance(data, pd.DataFrame):
        return data, "transactions", False
    if isinstance(data, str | os.PathLike):
        return read_transactions_file(data, name="data"), Path(data).name, True
    raise v.CRMInputError(t("data_quality.file.bad_source", name="data", value=type(data).__name__))


# --- the checks ------------------------------------------------------------------------------

def _rows_text(labels: pd.Index) -> str:
    shown = ", ".join(str(x) for x in labels[:SHOWN_ROWS])
    return shown + (", …" if len(labels) > SHOWN_ROWS else "")


def _examples(values: pd.Series) -> str:
    out = []
    for x in values:
        text = t("data_quality.empty_text") if x is None or (isinstance(x, float) and np.isnan(x)) else repr(x) if isinstance(x, str) else str(x)
        if text not in out:
            out.append(text)
        if len(out) == SHOWN_EXAMPLES:
            break
    return ", ".join(out)


def _parse_dates(raw: pd.Series, date_format: str | None) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(raw):
        out = raw
        if getattr(out.dt, "tz", None) is not None:
            out = out.dt.tz_localize(None)
        return out.astype("datetime64[ns]")
    text = raw.astype("string").str.strip() if not pd.api.types.is_numeric_dtype(raw) else raw.astype("Int64").astype("string")
    formats = (date_format,) if date_format else DATE_FORMATS
    best = None
    for fmt in formats:
        parsed = pd.to_datetime(text, errors="coerce", format=fmt)
        if best is None or parsed.notna().sum() > best.notna().sum():
            best = parsed
        if parsed.notna().sum() == text.notna().sum():
            break
    return best.astype("datetime64[ns]")


def _parse_numbers(raw: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(numbers as floats, mask of text that is not a number, mask of missing cells)."""
    if pd.api.types.is_bool_dtype(raw):
        return pd.Series(np.nan, index=raw.index), pd.Series(True, index=raw.index), pd.Series(False, index=raw.index)
    if pd.api.types.is_numeric_dtype(raw):
        num = raw.astype(float)
        return num, pd.Series(False, index=raw.index), num.isna()
    text = raw.astype("string").str.strip()
    missing = (text.isna() | text.eq("")).fillna(True).astype(bool)
    num = pd.to_numeric(text.where(~missing), errors="coerce").astype(float)
    not_numeric = num.isna() & ~missing
    return num, not_numeric.astype(bool), missing


def check_transactions(
    data: pd.DataFrame | str | os.PathLike,
    *,
    customer: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
    channel: str | None = None,
    product: str | None = None,
    cost: str | None = None,
    date_format: str | None = None,
    today: str | pd.Timestamp | None = None,
) -> QualityReport:
    """The data-quality report of a transactions table or CSV file.

    Parameters
    ----------
    data : DataFrame or path
        One row per purchase; a CSV file is read with :func:`read_transactions_file`.
    customer, date, amount : str
        The names of the required columns in ``data``.
    channel, product, cost : str, optional
        The names of optional columns (``None``: the table has none).
    date_format : str, optional
        A ``strftime`` format such as ``"%d/%m/%Y"``; by default dates are ISO (``2024-01-31``,
        a time of day allowed), ``2024/01/31`` or ``20240131``, one format for the whole column.
    today : date, optional
        The day after which a date counts as "in the future" (default: today).

    Returns
    -------
    QualityReport

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> tx = pd.DataFrame({"customer_id": ["a", None, "b"], "date": ["2024-01-02", "2024-02-30", "2024-03-01"],
    ...                    "amount": ["5", "7.5", "$3"]})
    >>> r = check_transactions(tx, today="2024-12-31")
    >>> r.ok, r.errors, r.warnings
    (False, 3, 0)
    >>> print(r.problems["message"].str.slice(0, 64).str.cat(sep="\\n"))
    column customer_id has no customer id in 1 row(s) (rows 1). Ever
    column date has 1 date(s) that do not parse (rows 1; e.g. '2024-
    column amount has 1 value(s) that are not numbers (rows 2; e.g. 
    """
    frame, source, lines = _frame_of(data)
    names = {"customer": customer, "date": date, "amount": amount, "channel": channel, "product": product, "cost": cost}
    return _check(frame, source, lines, names, date_format, today)


def _check(frame: pd.DataFrame, source: str, lines: bool, names: dict[str, str | None], date_format: str | None,
           today: object) -> QualityReport:
    for role, col in names.items():
        if col is not None and not isinstance(col, str):
            raise v.CRMInputError(t("error.choice", name=role, value=col, allowed=", ".join(map(str, frame.columns[:10]))))
    if date_format is not None and not isinstance(date_format, str):
        raise v.CRMInputError(t("error.choice", name="date_format", value=date_format, allowed='"%d/%m/%Y", "%Y-%m-%d", …'))
    now = pd.Timestamp.today().normalize() if today is None else v.check_date(today, "today").normalize()
    where_key = "data_quality.where_lines" if lines else "data_quality.where_rows"
    found: list[dict[str, object]] = []

    def add(check: str, column: str, mask: pd.Series | None = None, *, examples: str = "", role: str = "", **extra: object) -> None:
        labels = frame.index[mask.to_numpy()] if mask is not None else frame.index[0:0]
        count = int(len(labels))
        rows = _rows_text(labels)
        where = t(where_key, rows=rows) if count else ""
        message = t(f"data_quality.msg.{check}", column=column, count=count, where=where, examples=examples, role=role, **extra)
        found.append({"check": check, "severity": CHECKS[check], "column": column, "count": count, "rows": rows,
                      "examples": examples, "message": message})

    present = {}
    for role, col in names.items():
        if col is None:
            continue
        if col not in frame.columns:
            add("missing_column", col, role=role, examples=", ".join(map(str, frame.columns[:12])))
        else:
            present[role] = col
    if frame.empty:
        add("empty", source)
    ids = dates = money = None
    n_customers, first, last = 0, None, None
    if "customer" in present and not frame.empty:
        raw = frame[present["customer"]]
        missing = raw.isna()
        if not pd.api.types.is_numeric_dtype(raw):
            missing = missing | raw.astype("string").str.strip().eq("").fillna(True).astype(bool)
        if missing.any():
            add("missing_id", present["customer"], missing)
        ids = raw.where(~missing)
        n_customers = int(ids.nunique())
        if n_customers == 1:
            add("single_customer", present["customer"], examples=_examples(ids.dropna()))
    if "date" in present and not frame.empty:
        raw = frame[present["date"]]
        dates = _parse_dates(raw, date_format)
        bad = dates.isna()
        if bad.any():
            add("bad_date", present["date"], bad, examples=_examples(raw[bad]))
        good = dates.dropna()
        if len(good):
            first, last = good.min().normalize(), good.max().normalize()
            months = good.dt.to_period("M").unique()
            if len(months) < 2 and not bad.any():
                add("one_period", present["date"], examples=str(months[0]))
            future = dates > now + pd.Timedelta(days=1) - pd.Timedelta(microseconds=1)
            if future.any():
                add("future_date", present["date"], future, examples=_examples(raw[future]), today=now.date().isoformat())
    for role in ("amount", "cost"):
        if role not in present or frame.empty:
            continue
        col = present[role]
        raw = frame[col]
        num, not_numeric, missing = _parse_numbers(raw)
        if not_numeric.any():
            add("not_numeric", col, not_numeric, examples=_examples(raw[not_numeric]))
        if missing.any():
            add("missing_value", col, missing)
        infinite = pd.Series(np.isinf(num.to_numpy()), index=frame.index)
        if infinite.any():
            add("infinite", col, infinite, examples=_examples(num[infinite]))
        negative = (num < 0).fillna(False).astype(bool)
        if negative.any():
            add("negative", col, negative, examples=_examples(num[negative]))
        if role == "amount":
            money = num
            zero = (num == 0).fillna(False).astype(bool)
            if zero.any():
                add("zero_amount", col, zero)
        elif money is not None:
            above = (num > money).fillna(False).astype(bool)
            if above.any():
                add("cost_above_amount", col, above, examples=_examples(num[above]))
    for role in ("channel", "product"):
        if role in present and not frame.empty:
            raw = frame[present[role]]
            gaps = raw.isna() | raw.astype("string").str.strip().eq("").fillna(True).astype(bool)
            if gaps.any():
                add("missing_optional", present[role], gaps)
    mapped = [c for c in present.values()]
    if mapped and not frame.empty:
        dup = frame[mapped].duplicated(keep="first")
        if dup.any():
            add("duplicate_rows", t("data_quality.list_sep").join(mapped), dup)
    order = list(CHECKS)
    problems = pd.DataFrame(found, columns=REPORT_COLUMNS)
    if len(problems):
        problems = problems.assign(_sev=problems["severity"].eq("warning"), _o=problems["check"].map(order.index))
        problems = problems.sort_values(["_sev", "_o"], kind="stable").drop(columns=["_sev", "_o"]).reset_index(drop=True)
    problems["count"] = problems["count"].astype(int)
    return QualityReport(problems, int(len(frame)), n_customers, first, last, source)


def load_transactions(
    data: pd.DataFrame | str | os.PathLike,
    *,
    customer: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
    channel: str | None = None,
    product: str | None = None,
    cost: str | None = None,
    date_format: str | None = None,
    drop_duplicates: bool = False,
    strict: bool = False,
    today: str | pd.Timestamp | None = None,
) -> pd.DataFrame:
    """The clean transactions table, with the course's column names, or a clear error.

    Parameters are those of :func:`check_transactions`, plus:

    drop_duplicates : bool
        Drop rows that repeat an earlier row exactly (the same purchase recorded twice).
    strict : bool
        Stop on warnings too, not only on errors.

    Returns
    -------
    DataFrame
        Columns ``customer_id``, ``date`` (datetime, the day), ``amount`` (float) and those of
        the optional columns given (``channel``, ``product``, ``cost``), in the file's order, with
        a fresh index.

    Raises
    ------
    CRMInputError
        Listing every error (and with ``strict``, every warning) of the report, each with its
        column and rows.

    Examples
    --------
    >>> tx = pd.DataFrame({"id": [7, 7, 9], "when": ["2024-01-05", "2024-03-01", "2024-02-11"],
    ...                    "paid": ["10.5", "20", "7"], "shop": ["web", "store", "web"]})
    >>> load_transactions(tx, customer="id", date="when", amount="paid", channel="shop")
       customer_id       date  amount channel
    0            7 2024-01-05    10.5     web
    1            7 2024-03-01    20.0   store
    2            9 2024-02-11     7.0     web
    """
    if not isinstance(strict, bool | np.bool_):
        raise v.CRMInputError(t("error.choice", name="strict", value=strict, allowed="True, False"))
    report, clean = prepare_transactions(data, customer=customer, date=date, amount=amount, channel=channel,
                                         product=product, cost=cost, date_format=date_format,
                                         drop_duplicates=drop_duplicates, today=today)
    if clean is None or (strict and report.warnings):
        raise v.CRMInputError(report.message(strict=strict))
    return clean


def prepare_transactions(
    data: pd.DataFrame | str | os.PathLike,
    *,
    customer: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
    channel: str | None = None,
    product: str | None = None,
    cost: str | None = None,
    date_format: str | None = None,
    drop_duplicates: bool = False,
    today: str | pd.Timestamp | None = None,
) -> tuple[QualityReport, pd.DataFrame | None]:
    """The report and the clean table (``None`` when the report has errors), reading a file once.

    What :func:`load_transactions` does, without raising: for a pipeline that shows the report
    whatever it says (the capstone). Parameters as in :func:`load_transactions`.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": [1], "date": ["2024-01-05"], "amount": [3.0]})
    >>> report, clean = prepare_transactions(tx, today="2024-12-31")
    >>> report.problems["check"].tolist(), clean is None
    (['single_customer', 'one_period'], True)
    """
    if not isinstance(drop_duplicates, bool | np.bool_):
        raise v.CRMInputError(t("error.choice", name="drop_duplicates", value=drop_duplicates, allowed="True, False"))
    frame, source, lines = _frame_of(data)
    names = {"customer": customer, "date": date, "amount": amount, "channel": channel, "product": product, "cost": cost}
    report = _check(frame, source, lines, names, date_format, today)
    if report.errors:
        return report, None
    out = pd.DataFrame(index=frame.index)
    for role, col in names.items():
        if col is None:
            continue
        raw = frame[col]
        if role == "date":
            out[OUTPUT_COLUMNS[role]] = _parse_dates(raw, date_format).dt.normalize()
        elif role in ("amount", "cost"):
            out[OUTPUT_COLUMNS[role]] = _parse_numbers(raw)[0]
        else:
            out[OUTPUT_COLUMNS[role]] = raw.to_numpy()
    if drop_duplicates:
        out = out[~frame[[c for c in names.values() if c is not None]].duplicated(keep="first").to_numpy()]
    return report, out.reset_index(drop=True)
