"""The real data sets: Bruce Hardie's CDNOW transactions, as shipped in
``crmlib/datasets/files/cdnow/`` (provenance and checksums in ``files/cdnow/SOURCE.md``).

The raw files are whitespace-separated text, not CSV; the readers below parse them and the
registry's column specs check the result.

Examples
--------
>>> [t.name for t in TABLES]
['cdnow_sample', 'cdnow_master']
"""

from __future__ import annotations

from typing import BinaryIO

import pandas as pd

from crmlib.datasets.tables import Column, Table


def _read_cdnow_master(fh: BinaryIO) -> pd.DataFrame:
    df = pd.read_csv(fh, sep=r"\s+", header=0, names=["customer_id", "date", "cds", "dollars"], dtype={"customer_id": str, "date": str})
    df["customer_id"] = df["customer_id"].astype(int)
    df["date"] = pd.to_datetime(df["date"], format="%Y%m%d")
    return df


def _read_cdnow_sample(fh: BinaryIO) -> pd.DataFrame:
    df = pd.read_csv(fh, sep=r"\s+", header=None, names=["master_id", "customer_id", "date", "cds", "dollars"], dtype={"date": str})
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

TABLES: tuple[Table, ...] = (
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
