"""The registry of data sets: column and table specs, the check every loader runs, and the
lookup of all declared tables.

Every table is described once, by a :class:`Table` with its :class:`Column` specs (type, unit,
range, meaning in both languages, provenance). Real tables are declared in
:mod:`crmlib.datasets.cdnow`, synthetic ones in the modules of :mod:`crmlib.datasets.synth` (each
module has a list ``TABLES``). The files are package data under ``crmlib/datasets/files/`` and are
read through :mod:`importlib.resources`, so they are found wherever the package is installed.

Examples
--------
>>> table = registry()["cdnow_sample"]
>>> table.file
'cdnow/CDNOW_sample.txt'
>>> load("cdnow_sample").shape
(6919, 5)
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.resources
import io
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from typing import BinaryIO, Literal

import pandas as pd

from crmlib import validation as v

Kind = Literal["int", "float", "str", "date", "category", "bool"]

REAL_MODULES: tuple[str, ...] = ("crmlib.datasets.cdnow",)
"""Modules that declare ``TABLES`` of real (not generated) data, besides :mod:`crmlib.datasets.synth`."""


def data_files() -> Traversable:
    """The folder of shipped data files, ``crmlib/datasets/files/``, as package data.

    Read-only in general (it may sit in an installed wheel); regeneration writes to a folder given
    explicitly (see :func:`crmlib.datasets.regenerate.write_synthetic`).

    Examples
    --------
    >>> (data_files() / "README.md").is_file()
    True
    """
    return importlib.resources.files("crmlib.datasets") / "files"


@dataclass(frozen=True)
class Column:
    """One column of a table: its type, unit, allowed range and meaning in both languages."""

    name: str
    kind: Kind
    zh: str
    en: str
    unit: str = ""
    min: float | None = None
    max: float | None = None
    allowed: tuple[object, ...] | None = None
    unique: bool = False
    nullable: bool = False


@dataclass(frozen=True)
class Table:
    """A data set: file, description, provenance and column specs.

    ``file`` is relative to ``crmlib/datasets/files/``. ``generate`` (synthetic tables) returns the
    table from its fixed seed; ``read`` (real data in a non-CSV layout) parses the raw file, given
    as an open binary file. A table has one or the other, or neither for a plain CSV that was
    shipped as is.
    """

    name: str
    file: str
    title_zh: str
    title_en: str
    description_zh: str
    description_en: str
    provenance_zh: str
    provenance_en: str
    columns: tuple[Column, ...]
    generate: Callable[[], pd.DataFrame] | None = None
    read: Callable[[BinaryIO], pd.DataFrame] | None = None
    sha256: str | None = None
    citation: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def path(self) -> Traversable:
        """The shipped file, ``crmlib/datasets/files/<file>`` (an :mod:`importlib.resources` resource)."""
        return data_files().joinpath(*self.file.split("/"))

    @property
    def synthetic(self) -> bool:
        return self.generate is not None


def validate(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """Check ``frame`` against ``table``'s column specs and return it with the declared dtypes.

    Raises :class:`~crmlib.validation.CRMInputError` naming the table, column and first bad row.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> spec = Table("toy", "toy.csv", "", "", "", "", "", "",
    ...              (Column("amount", "float", "金额", "amount", min=0),))
    >>> validate(pd.DataFrame({"amount": [1.0, -2.0]}), spec)
    Traceback (most recent call last):
    ...
    crmlib.validation.CRMInputError: column amount of table toy has 1 negative value(s) (e.g. row 1: -2.0); it must not be negative.
    """
    name = table.name
    v.require_columns(frame, [c.name for c in table.columns], name)
    out = frame[[c.name for c in table.columns]].copy()
    for col in table.columns:
        if col.kind in ("int", "float"):
            values = v.check_numeric_column(out, col.name, name, minimum=col.min, maximum=col.max, allow_missing=col.nullable)
            if col.kind == "int":
                out[col.name] = values.astype("Int64" if col.nullable else "int64")
            else:
                out[col.name] = values
        elif col.kind == "date":
            out[col.name] = v.check_date_column(out, col.name, name)
        elif col.kind == "bool":
            v.check_category_column(out, col.name, name, [True, False, 0, 1])
            out[col.name] = out[col.name].astype(bool)
        else:
            if not col.nullable and out[col.name].isna().any():
                row = out.index[out[col.name].isna()][0]
                raise v.CRMInputError(
                    v.t("error.column_missing_values", table=name, column=col.name, count=int(out[col.name].isna().sum()), row=row)
                )
            if col.allowed is not None:
                v.check_category_column(out.dropna(subset=[col.name]), col.name, name, col.allowed)
            if col.kind == "category":
                cats = list(col.allowed) if col.allowed is not None else sorted(out[col.name].dropna().unique())
                out[col.name] = pd.Categorical(out[col.name], categories=cats)
            else:
                out[col.name] = out[col.name].astype("string" if col.nullable else object)
        if col.unique:
            v.check_unique_column(out, col.name, name)
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """Serialise a table the one way the repository stores it (UTF-8 CSV, ISO dates, LF).

    Examples
    --------
    >>> to_csv_bytes(pd.DataFrame({"a": [1.5], "d": pd.to_datetime(["2024-01-02"])}))
    b'a,d\\n1.5,2024-01-02\\n'
    """
    buf = io.StringIO()
    frame.to_csv(buf, index=False, lineterminator="\n", date_format="%Y-%m-%d")
    return buf.getvalue().encode("utf-8")


def sha256(path: Traversable) -> str:
    """Hex SHA-256 of a file (a :class:`pathlib.Path` or an :mod:`importlib.resources` resource).

    Examples
    --------
    >>> sha256(registry()["cdnow_sample"].path)[:12]
    '6fae10155c0b'
    """
    return hashlib.sha256(path.read_bytes()).hexdigest()


def registry() -> dict[str, Table]:
    """All tables by name: the real ones (:data:`REAL_MODULES`) and every ``TABLES`` in
    :mod:`crmlib.datasets.synth`.

    Examples
    --------
    >>> "cdnow_sample" in registry()
    True
    """
    import crmlib.datasets.synth as synth

    modules = list(REAL_MODULES) + [
        f"crmlib.datasets.synth.{info.name}" for info in sorted(pkgutil.iter_modules(synth.__path__), key=lambda m: m.name)
    ]
    out: dict[str, Table] = {}
    for module_name in modules:
        module = importlib.import_module(module_name)
        for table in getattr(module, "TABLES", ()):
            if table.name in out:
                raise RuntimeError(f"data set name {table.name!r} is declared twice")
            out[table.name] = table
    return out


def names() -> list[str]:
    """Names of all data sets, sorted; each has a loader ``crmlib.datasets.load_<name>()``.

    Examples
    --------
    >>> names()[:3]
    ['category_baskets', 'cdnow_master', 'cdnow_sample']
    """
    return sorted(registry())


def load(name: str) -> pd.DataFrame:
    """Read and check the data set called ``name`` (see :func:`names`).

    The named loaders (``crmlib.datasets.load_cdnow_sample()`` ...) call this.

    Examples
    --------
    >>> load("cdnow_master").shape
    (69659, 4)
    """
    table = registry().get(name)
    if table is None:
        raise v.CRMInputError(v.t("error.choice", name="name", allowed=", ".join(names()), value=name))
    resource = table.path
    if not resource.is_file():
        hint = " (python course.py data)" if table.synthetic else ""
        raise FileNotFoundError(f"data file for {name!r} not found: crmlib/datasets/files/{table.file}{hint}")
    with resource.open("rb") as fh:
        if table.read is not None:
            raw = table.read(fh)
        else:
            raw = pd.read_csv(fh, dtype={c.name: str for c in table.columns if c.kind in ("str", "category")})
    return validate(raw, table)
