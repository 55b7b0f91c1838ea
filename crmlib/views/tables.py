"""Tables for people: one helper that formats every table a notebook shows.

``crmlib.compute`` returns plain numbers with English column names (yuan as ``190110.0``,
shares as ``0.24``). What a learner reads is a report: thousands separators, the currency,
percentages with %, a sensible number of decimals, headers in the notebook's language and no
meaningless ``0..n`` row numbers. :func:`show_table` does that for a DataFrame and
:func:`show_values` for a handful of named numbers; both return a :class:`Table`, which
JupyterLab shows as an HTML table and a terminal (or nbval) as aligned text. The output is
the same from run to run, so a notebook may pin it with the ``nbval-check-output`` tag.

Formats
-------
A format is a *kind* with an optional number of decimals and an optional leading ``+`` that
always shows the sign:

=========  ==============================  ===================
kind       meaning                         ``1234.5`` / ``0.2417`` shown as
=========  ==============================  ===================
``int``    a count                         ``1,234`` (rounded)
``num``    a plain number, 2 decimals      ``1,234.50``
``pct``    a fraction shown as %, 1 dec.   ``24.2%``
``yuan``   money in yuan, 0 decimals       ``¥1,234`` (``yuan2``: ``¥1,234.50``)
``usd``    money in US dollars             ``$1,234`` (zh-CN: ``US$1,234``)
``text``   shown as it is
=========  ==============================  ===================

True and False are shown as ✔ and ✘ (in any kind).

``"pct0"``, ``"num3"``, ``"+pct1"`` (``+3.2%``), ``"+num2"``; a Python format string such as
``"{:.1f} 天"`` or any function of the value also works. Columns without a format are shown
with thousands separators and two decimals at most. Dates are shown as ``1997-01-12`` (with the
time only when there is one), the same under every pandas release. Missing values are shown as
``—`` (never ``NaN``), or as the ``missing`` text a table is given, explained in its ``note``.

A shown table is never cut short: every row and column and the whole text of every cell are
shown, whatever pandas' ``display.max_rows`` / ``max_columns`` / ``max_colwidth`` say.
``highlight`` colours cells by their value (an alert sheet's red and yellow) in JupyterLab.
"""

from __future__ import annotations

import datetime
import html
import math
import numbers
import re
from collections.abc import Callable, Mapping
from typing import Union

import numpy as np
import pandas as pd

from crmlib.i18n import t
from crmlib.validation import CRMInputError

__all__ = ["Table", "Text", "format_value", "show_table", "show_text", "show_values"]

Format = Union[str, Callable[[object], str]]
MISSING = "—"
_KIND = re.compile(r"^(\+?)(int|num|pct|yuan|usd|text)(\d?)$")
_DEFAULT_DECIMALS = {"int": 0, "num": 2, "pct": 1, "yuan": 0, "usd": 0, "text": 0}


def _is_missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _format_date(value: datetime.date) -> str:
    """``1997-01-12``, or ``2025-03-10 14:30`` when the value has a time of day.

    Built from the fields rather than ``str()`` or ``strftime``, whose output for a timestamp
    differs between pandas releases (``1997-01-12 00:00:00`` under pandas 2.2).
    """
    text = f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    if isinstance(value, datetime.datetime) and (value.hour, value.minute, value.second) != (0, 0, 0):
        text += f" {value.hour:02d}:{value.minute:02d}"
    return text


def format_value(value: object, kind: Format = "num") -> str:
    """One value as a learner should read it (see the module docstring for the kinds).

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> format_value(190110.0, "yuan"), format_value(0.24, "pct0"), format_value(6.952497, "num2")
    ('¥190,110', '24%', '6.95')
    >>> format_value(-0.0312, "+pct1"), format_value(12.5, "usd2"), format_value(float("nan"), "int")
    ('-3.1%', '$12.50', '—')
    >>> with i18n.language("zh-CN"):
    ...     format_value(1234.5, "usd")
    'US$1,234'
    >>> format_value(-1500, "yuan"), format_value(True, "text"), format_value(pd.Timestamp("1997-01-12"), "text")
    ('-¥1,500', '✔', '1997-01-12')
    """
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)  # ``.item()`` of a datetime64[ns] is an int of nanoseconds
    if _is_missing(value):
        return MISSING
    if callable(kind):
        return str(kind(value))
    if "{" in kind:
        return kind.format(value)
    m = _KIND.match(kind)
    if m is None:
        raise CRMInputError(t("tables.error.format", kind=kind))
    sign, base, digits = m.group(1), m.group(2), m.group(3)
    if isinstance(value, bool):
        return "✔" if value else "✘"  # never True/False: English in a Chinese table
    if isinstance(value, (pd.Timestamp, datetime.date)):
        return _format_date(value)
    if base == "text" or isinstance(value, str):
        return str(value)
    if not isinstance(value, numbers.Real):
        return str(value)
    decimals = int(digits) if digits else _DEFAULT_DECIMALS[base]
    number = float(value) * (100 if base == "pct" else 1)
    body = f"{abs(number):,.{decimals}f}"
    if base == "pct":
        body += "%"
    elif base in ("yuan", "usd"):
        body = t(f"tables.money.{base}", value=body)
    negative = number < 0 and round(abs(number), decimals) != 0
    return ("-" if negative else "+" if sign and number > 0 else "") + body


def _auto_kind(column: pd.Series) -> Format:
    """The format of a column that was given none: counts as counts, other numbers to 2 decimals."""
    if pd.api.types.is_bool_dtype(column) or not pd.api.types.is_numeric_dtype(column):
        return "text"
    values = column.dropna().astype(float)
    if pd.api.types.is_integer_dtype(column) or (len(values) and (values == values.round()).all()):
        return "int"
    return "num2"


class Table:
    """A formatted table: ``data`` (the numbers), ``text`` (what is shown), ``show_index``, an
    optional ``note`` under it and optional ``styles`` (CSS of each cell, same shape as ``text``).

    JupyterLab renders it through ``_repr_html_``; ``repr()`` gives aligned plain text. Neither is
    ever truncated, whatever pandas' display options say.
    """

    def __init__(self, data: pd.DataFrame, text: pd.DataFrame, show_index: bool, note: str | None = None,
                 styles: pd.DataFrame | None = None) -> None:
        self.data, self.text, self.show_index, self.note, self.styles = data, text, show_index, note, styles

    def _repr_html_(self) -> str:
        if self.styles is None:
            out = self.text.to_html(index=self.show_index, border=0, classes="crm-table", escape=True,
                                    max_rows=None, max_cols=None, show_dimensions=False)
        else:
            out = self._styled_html()
        if self.note:
            out += f'\n<p class="crm-table-note"><small>{html.escape(self.note)}</small></p>'
        return out

    def _styled_html(self) -> str:
        """The table with each cell's CSS (flat columns; each index level a header cell)."""
        esc = lambda v: html.escape(str(v))  # noqa: E731
        names = list(self.text.index.names) if self.show_index else []
        head = "".join(f"<th>{esc(n) if n is not None else ''}</th>" for n in names)
        head += "".join(f"<th>{esc(c)}</th>" for c in self.text.columns)
        rows = []
        for i, label in enumerate(self.text.index):
            labels = (label if isinstance(label, tuple) else (label,)) if self.show_index else ()
            cells = "".join(f"<th>{esc(x)}</th>" for x in labels)
            for j in range(self.text.shape[1]):
                css = self.styles.iat[i, j]
                attr = f' style="{html.escape(css)}"' if css else ""
                cells += f"<td{attr}>{esc(self.text.iat[i, j])}</td>"
            rows.append(f"<tr>{cells}</tr>")
        return (f'<table border="0" class="dataframe crm-table">\n<thead><tr style="text-align: right;">{head}</tr></thead>\n'
                "<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>")

    def __repr__(self) -> str:
        with pd.option_context("display.unicode.east_asian_width", True, "display.max_colwidth", None):
            out = self.text.to_string(index=self.show_index, max_rows=None, max_cols=None, show_dimensions=False)
        return f"{out}\n{self.note}" if self.note else out

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Table) and self.show_index == other.show_index and self.text.equals(other.text)
                and self.note == other.note and _same_styles(self.styles, other.styles))

    __hash__ = None  # type: ignore[assignment]


def _same_styles(a: pd.DataFrame | None, b: pd.DataFrame | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and a.equals(b))


def _header(name: object, prefix: str | None, headers: Mapping[str, str]) -> object:
    if name in headers:
        return headers[name]
    if prefix is None or name is None:
        return name
    return t(f"{prefix}.{name}")


def _translate(value: object, how: str | Callable[[object], object], missing: str) -> object:
    if _is_missing(value):
        return missing
    return how(value) if callable(how) else t(f"{how}.{value}")


def show_table(
    frame: pd.DataFrame | pd.Series,
    formats: Mapping[str, Format] | None = None,
    *,
    prefix: str | None = "columns",
    headers: Mapping[str, str] | None = None,
    values: Mapping[str, str | Callable[[object], object]] | None = None,
    index: bool | None = None,
    index_values: str | None = None,
    missing: str = MISSING,
    note: str | None = None,
    highlight: Mapping[str, Mapping[object, str]] | None = None,
) -> Table:
    """Format a table for a learner: numbers, currency, %, headers in the current language.

    Parameters
    ----------
    frame : DataFrame or Series
        The numbers, with the English column names ``crmlib.compute`` returns.
    formats : dict, optional
        Column name -> format (``"int"``, ``"pct1"``, ``"yuan"``, ``"usd2"``, ``"+pct1"``,
        ``"{:.1f}"``, a function ...). Columns without one get :func:`_auto_kind`.
    prefix : str or None, default ``"columns"``
        Headers and the index name are the catalogue's ``f"{prefix}.{name}"``; ``None`` keeps
        them as they are (already translated).
    headers : dict, optional
        Column name -> header text, for a header the prefix does not hold.
    values : dict, optional
        Column name -> catalogue prefix: the column's entries are category names translated
        as ``t(f"{prefix}.{entry}")`` (e.g. ``{"stage": "funnel.stage"}``); or column name ->
        a function that gives the text of an entry.
    index : bool, optional
        Show the row labels. By default they are shown unless they are the meaningless,
        unnamed ``0..n-1`` of a fresh DataFrame.
    index_values : str, optional
        Catalogue prefix for the row labels, like ``values`` for a column.
    missing : str, default ``"—"``
        The text of a missing value. A blank (``""``) needs a ``note`` saying what it means.
    note : str, optional
        A line under the table (in the current language), e.g. what a blank or a ``—`` means.
    highlight : dict, optional
        Column name -> {value: colour}: in JupyterLab the cells of that column holding that
        (untranslated) value get that background colour, e.g.
        ``{"level": {"red": "#f4c7c3", "yellow": "#fce8b2"}}``. The plain text is unchanged.

    Returns
    -------
    Table
        Shown as a table in JupyterLab; ``.text`` holds the formatted strings.

    Raises
    ------
    CRMInputError
        If ``formats``, ``values`` or ``highlight`` names a column that is not in ``frame``, or a
        format is not one of the kinds.

    Examples
    --------
    >>> import pandas as pd
    >>> from crmlib import i18n
    >>> df = pd.DataFrame({"stage": ["suspect", "prospect"], "customers": [10000.0, 4000.0],
    ...                    "conversion_from_previous": [float("nan"), 0.4]})
    >>> i18n.set_language("en")
    >>> show_table(df, {"conversion_from_previous": "pct0"}, values={"stage": "funnel.stage"})
       Stage Customers Conversion from previous stage
     Suspect    10,000                              —
    Prospect     4,000                            40%
    >>> with i18n.language("zh-CN"):
    ...     show_table(df, {"conversion_from_previous": "pct0"}, values={"stage": "funnel.stage"}).text.columns.tolist()
    ['阶段', '客户数', '较上一阶段转化率']
    >>> 'style="background-color: #fce8b2' in show_table(df, highlight={"stage": {"prospect": "#fce8b2"}})._repr_html_()
    True
    """
    if isinstance(frame, pd.Series):
        frame = frame.to_frame()
    formats, headers, values = dict(formats or {}), dict(headers or {}), dict(values or {})
    highlight = dict(highlight or {})
    for what, given in (("formats", formats), ("values", values), ("highlight", highlight)):
        unknown = [c for c in given if c not in frame.columns]
        if unknown:
            raise CRMInputError(t("tables.error.column", param=what, missing=", ".join(map(str, unknown)),
                                  columns=", ".join(map(str, frame.columns))))
    text = pd.DataFrame(index=frame.index)
    for number, column in enumerate(frame.columns):
        series = frame.iloc[:, number]
        if column in values:
            series = series.map(lambda v, how=values[column]: _translate(v, how, missing))
        kind = formats.get(column) or _auto_kind(series)
        shown = [format_value(v.item() if hasattr(v, "item") and not isinstance(v, np.datetime64) else v, kind)
                 for v in series]
        text[number] = [missing if s == MISSING else s for s in shown]
    styles = None
    if highlight:
        styles = pd.DataFrame("", index=frame.index, columns=range(frame.shape[1]))
        for number, column in enumerate(frame.columns):
            colours = highlight.get(column, {})
            styles[number] = [f"background-color: {colours[v]}; color: #202124" if v in colours else ""
                              for v in frame.iloc[:, number]]
        styles.index = range(len(frame))
    if index_values is not None:
        text.index = [t(f"{index_values}.{v}") for v in text.index]
        text.index.name = frame.index.name
    text.columns = [_header(c, prefix, headers) for c in frame.columns]
    if isinstance(text.index, pd.MultiIndex):
        text.index = text.index.set_names([_header(n, prefix, headers) for n in text.index.names])
    else:
        text.index.name = _header(text.index.name, prefix, headers)
    if index is None:
        index = not (isinstance(frame.index, pd.RangeIndex) and frame.index.start == 0 and frame.index.step == 1
                     and frame.index.name is None)
    return Table(frame, text, bool(index), note, styles)


def show_values(values: Mapping[str, object], prefix: str, formats: Mapping[str, Format] | None = None) -> Table:
    """A few named numbers as a two-column table: what each is (in the current language) and its value.

    For the key results of a computation, instead of ``print`` lines in English: each name is
    the catalogue key ``f"{prefix}.{name}"``.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> show_values({"customers": 2357, "share": 0.5}, "tables.example", {"share": "pct1"})
               Value
    Customers  2,357
    Share      50.0%
    >>> with i18n.language("zh-CN"):
    ...     show_values({"customers": 2357}, "tables.example").text.index.tolist()
    ['客户数']
    """
    formats = dict(formats or {})
    unknown = [k for k in formats if k not in values]
    if unknown:
        raise CRMInputError(t("tables.error.column", param="formats", missing=", ".join(unknown), columns=", ".join(values)))
    rows = {}
    for name, value in values.items():
        if hasattr(value, "item"):
            value = value.item()
        kind = formats.get(name) or _auto_kind(pd.Series([value]))
        rows[t(f"{prefix}.{name}")] = format_value(value, kind)
    text = pd.DataFrame({t("tables.value"): list(rows.values())}, index=list(rows))
    data = pd.DataFrame({"value": list(values.values())}, index=list(values))
    return Table(data, text, True)


class Text:
    """A few sentences for a learner: ``text`` (the plain string); JupyterLab shows it as paragraphs
    in the notebook's own font (not as monospace console output), with no maths typesetting."""

    def __init__(self, text: str) -> None:
        self.text = text

    def _repr_html_(self) -> str:
        paragraphs = [html.escape(p).replace("\n", "<br>") for p in self.text.strip().split("\n\n") if p.strip()]
        return '<div class="crm-text tex2jax_ignore">' + "".join(f"<p>{p}</p>" for p in paragraphs) + "</div>"

    def __repr__(self) -> str:
        return self.text


def show_text(text: str) -> Text:
    r"""Show sentences a view wrote (instead of ``print``): paragraphs in the notebook's font.

    Examples
    --------
    >>> shown = show_text("Spend rose by $25.\n\nNo alert.")
    >>> shown
    Spend rose by $25.
    <BLANKLINE>
    No alert.
    >>> shown._repr_html_()
    '<div class="crm-text tex2jax_ignore"><p>Spend rose by $25.</p><p>No alert.</p></div>'
    """
    if not isinstance(text, str):
        raise CRMInputError(t("tables.error.text", found=type(text).__name__))
    return Text(text)
