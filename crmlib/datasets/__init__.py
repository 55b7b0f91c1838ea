"""Data sets of the course: loaders that check what they read, and the registry behind the data
dictionary.

Every table is described once, by a :class:`Table` with its :class:`Column` specs (type, unit,
range, meaning in both languages, provenance). From that one description come

- the loader ``load_<name>()``, which reads ``datasets/<file>`` and checks columns, types and
  ranges, raising :class:`~crmlib.validation.CRMInputError` that names the problem;
- the bilingual data dictionary ``datasets/README.md`` (``python course.py data`` writes it);
- for synthetic tables, the seeded generator that made the file, so that
  ``python course.py data`` regenerates it byte for byte (a test checks that).

Synthetic tables are declared in the modules of :mod:`crmlib.datasets.synth` (each module has a list
``TABLES``); real data sets are declared at the bottom of this module.

Examples
--------
>>> from crmlib import datasets
>>> df = datasets.load_cdnow_sample()
>>> df.shape
(6919, 5)
>>> int(df["customer_id"].nunique())
2357
"""

from __future__ import annotations

import hashlib
import importlib
import io
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd

from crmlib import validation as v

DATA_DIR = Path(__file__).resolve().parent / "files"
"""Where the data files live (inside the package: ``crmlib/datasets/files/``)."""

Kind = Literal["int", "float", "str", "date", "category", "bool"]


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

    ``generate`` (synthetic tables) returns the table from its fixed seed; ``read`` (real data
    in a non-CSV layout) parses the raw file. A table has one or the other, or neither for a
    plain CSV that was shipped as is.
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
    read: Callable[[Path], pd.DataFrame] | None = None
    sha256: str | None = None
    citation: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return DATA_DIR / self.file

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


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load(name: str) -> pd.DataFrame:
    """Read and check the data set called ``name`` (see :func:`names`).

    Examples
    --------
    >>> load("cdnow_master").shape
    (69659, 4)
    """
    table = registry().get(name)
    if table is None:
        raise v.CRMInputError(v.t("error.choice", name="name", allowed=", ".join(names()), value=name))
    if not table.path.exists():
        hint = " (python course.py data)" if table.synthetic else ""
        raise FileNotFoundError(f"data file for {name!r} not found: {table.path}{hint}")
    if table.read is not None:
        raw = table.read(table.path)
    else:
        raw = pd.read_csv(table.path, dtype={c.name: str for c in table.columns if c.kind in ("str", "category")})
    return validate(raw, table)


# --- the registry ---------------------------------------------------------------------------

def _read_cdnow_master(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, sep=r"\s+", header=0, names=["customer_id", "date", "cds", "dollars"], dtype={"customer_id": str, "date": str})
    df["customer_id"] = df["customer_id"].astype(int)
    df["date"] = pd.to_datetime(df["date"], format="%Y%m%d")
    return df


def _read_cdnow_sample(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, sep=r"\s+", header=None, names=["master_id", "customer_id", "date", "cds", "dollars"], dtype={"date": str})
    df["date"] = pd.to_datetime(df["date"], format="%Y%m%d")
    return df


_CDNOW_PROV_ZH = (
    "CDNOW 1997 年第一季度首购客户群，Bruce Hardie 公开的数据集；文件取自 PyPI 上 lifetimes 0.11.3 wheel 的 "
    "lifetimes/datasets/ 目录（MIT 许可的软件包；数据仅供研究与教学使用）。"
)
_CDNOW_PROV_EN = (
    "The CDNOW first-purchase cohort of Q1 1997, one of Bruce Hardie's data sets; the file comes from "
    "lifetimes/datasets/ in the lifetimes 0.11.3 wheel on PyPI (an MIT-licensed package; the data are for "
    "research and teaching use)."
)
_CDNOW_CITE = (
    "Fader, P. S., Hardie, B. G. S., & Lee, K. L. (2005). \"Counting Your Customers\" the Easy Way: "
    "An Alternative to the Pareto/NBD Model. Marketing Science, 24(2), 275-284."
)

REAL_TABLES: tuple[Table, ...] = (
    Table(
        name="cdnow_sample",
        file="cdnow/CDNOW_sample.txt",
        title_zh="CDNOW 客户交易（1/10 样本）",
        title_en="CDNOW transactions (1/10 sample)",
        description_zh="2,357 名客户在 1997-01 至 1998-06 的全部购买记录，每行一笔交易。",
        description_en="Every purchase of 2,357 customers from 1997-01 to 1998-06, one row per transaction.",
        provenance_zh=_CDNOW_PROV_ZH,
        provenance_en=_CDNOW_PROV_EN,
        citation=_CDNOW_CITE,
        read=_read_cdnow_sample,
        sha256="6fae10155c0b0ba363c2c386e30f77990d22328220efd862a5edd1443420d94a",
        columns=(
            Column("master_id", "int", "在完整文件中的客户编号", "customer id in the master file", min=1),
            Column("customer_id", "int", "样本内客户编号（1–2357）", "customer id within the sample (1–2357)", min=1, max=2357),
            Column("date", "date", "购买日期", "purchase date"),
            Column("cds", "int", "购买 CD 张数", "number of CDs bought", unit="CD", min=1),
            Column("dollars", "float", "交易金额", "amount spent", unit="USD", min=0),
        ),
    ),
    Table(
        name="cdnow_master",
        file="cdnow/CDNOW_master.txt",
        title_zh="CDNOW 客户交易（完整首购客户群）",
        title_en="CDNOW transactions (full first-purchase cohort)",
        description_zh="23,570 名 1997 年第一季度首购客户在 1997-01 至 1998-06 的全部购买记录。",
        description_en="Every purchase of the 23,570 customers who first bought in Q1 1997, 1997-01 to 1998-06.",
        provenance_zh=_CDNOW_PROV_ZH,
        provenance_en=_CDNOW_PROV_EN,
        citation=_CDNOW_CITE,
        read=_read_cdnow_master,
        sha256="eff6889ed364c5199d6eacbbeb7a6d559971df4406ac876f322c373f00a072ef",
        columns=(
            Column("customer_id", "int", "客户编号", "customer id", min=1, max=23570),
            Column("date", "date", "购买日期", "purchase date"),
            Column("cds", "int", "购买 CD 张数", "number of CDs bought", unit="CD", min=1),
            Column("dollars", "float", "交易金额", "amount spent", unit="USD", min=0),
        ),
    ),
)


def registry() -> dict[str, Table]:
    """All tables by name: the real ones above and every ``TABLES`` in :mod:`crmlib.datasets.synth`.

    Examples
    --------
    >>> "cdnow_sample" in registry()
    True
    """
    import crmlib.datasets.synth as synth

    out = {t.name: t for t in REAL_TABLES}
    for info in sorted(pkgutil.iter_modules(synth.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"crmlib.datasets.synth.{info.name}")
        for table in getattr(module, "TABLES", ()):
            if table.name in out:
                raise RuntimeError(f"data set name {table.name!r} is declared twice")
            out[table.name] = table
    return out


def names() -> list[str]:
    """Names of all data sets, sorted."""
    return sorted(registry())


def __getattr__(attr: str) -> Callable[[], pd.DataFrame]:
    # load_<name>() for every registered table, e.g. load_cdnow_sample().
    if attr.startswith("load_") and attr[5:] in registry():
        name = attr[5:]
        table = registry()[name]

        def loader() -> pd.DataFrame:
            return load(name)

        loader.__name__ = attr
        loader.__doc__ = f"Load and check {table.title_en} ({table.file}). {table.description_en}"
        return loader
    raise AttributeError(f"module 'crmlib.datasets' has no attribute {attr!r}")


def __dir__() -> list[str]:
    return sorted(list(globals()) + [f"load_{n}" for n in names()])


# --- regeneration and the data dictionary --------------------------------------------------

def write_synthetic(dest: Path = DATA_DIR) -> list[Path]:
    """Regenerate every synthetic table from its fixed seed into ``dest``; return the paths."""
    written = []
    for table in registry().values():
        if table.generate is None:
            continue
        frame = validate(table.generate(), table)
        path = dest / table.file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(to_csv_bytes(frame))
        written.append(path)
    return written


def _range(col: Column) -> str:
    if col.allowed is not None:
        return ", ".join(map(str, col.allowed))
    if col.min is None and col.max is None:
        return ""
    lo = "" if col.min is None else f"{col.min:g}"
    hi = "" if col.max is None else f"{col.max:g}"
    return f"{lo} – {hi}".strip()


def data_dictionary() -> str:
    """The bilingual data dictionary (Markdown), generated from the registry.

    Examples
    --------
    >>> "cdnow_sample" in data_dictionary()
    True
    """
    lines = [
        "# 数据字典 · Data dictionary",
        "",
        "<!-- Generated by `python course.py data` from crmlib/datasets.py and crmlib/synth/: do not edit by hand. -->",
        "",
        "每张表都可以用 `crmlib.datasets.load_<名称>()` 读取；读取时会检查列、类型和取值范围。"
        "合成数据由 `crmlib.datasets.synth` 中的生成器以固定种子生成，`python course.py data` 可逐字节重新生成。",
        "",
        "Every table loads with `crmlib.datasets.load_<name>()`, which checks columns, types and ranges. "
        "Synthetic tables come from the seeded generators in `crmlib.datasets.synth`; `python course.py data` "
        "regenerates them byte for byte.",
        "",
        "| 名称 name | 文件 file | 内容 | contents |",
        "|---|---|---|---|",
    ]
    tables = registry()
    for name in sorted(tables):
        tb = tables[name]
        lines.append(f"| [`{name}`](#{name}) | `{tb.file}` | {tb.title_zh} | {tb.title_en} |")
    for name in sorted(tables):
        tb = tables[name]
        lines += [
            "",
            f"## {name}",
            "",
            f"**{tb.title_zh}** · **{tb.title_en}**  ",
            f"File: `datasets/{tb.file}`; loader: `crmlib.datasets.load_{name}()`",
            "",
            f"- 说明:{tb.description_zh}",
            f"- Description: {tb.description_en}",
            f"- 来源:{tb.provenance_zh}",
            f"- Provenance: {tb.provenance_en}",
        ]
        if tb.citation:
            lines.append(f"- 引用 / Cite: {tb.citation}")
        if tb.sha256:
            lines.append(f"- SHA-256: `{tb.sha256}`")
        lines += [
            "",
            "| 列 column | 类型 type | 单位 unit | 范围/取值 range | 含义 | meaning |",
            "|---|---|---|---|---|---|",
        ]
        for col in tb.columns:
            unit = col.unit or ""
            kind = col.kind + (", unique" if col.unique else "") + (", nullable" if col.nullable else "")
            lines.append(f"| `{col.name}` | {kind} | {unit} | {_range(col)} | {col.zh} | {col.en} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """``python -m crmlib.datasets``: regenerate synthetic data and the data dictionary."""
    import argparse

    parser = argparse.ArgumentParser(description="Regenerate the synthetic data sets and datasets/README.md")
    parser.parse_args(argv)
    for path in write_synthetic():
        print("wrote", path.relative_to(DATA_DIR.parent))
    (DATA_DIR / "README.md").write_text(data_dictionary(), encoding="utf-8")
    print("wrote datasets/README.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
