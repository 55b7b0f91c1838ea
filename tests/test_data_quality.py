"""Data-quality report and loader of a transactions table (crmlib.compute.data_quality).

Each kind of bad data must give a clear message, in both languages, that names the column and
the rows (line numbers of the file for a CSV); clean data must pass unchanged.
"""

from __future__ import annotations

import pandas as pd
import pytest

from crmlib import i18n
from crmlib.compute import data_quality as dq
from crmlib.validation import CRMInputError

TODAY = "2025-01-31"
CLEAN = pd.DataFrame(
    {
        "cust": ["A", "A", "B", "C", "C", "C"],
        "day": ["2024-01-05", "2024-03-01", "2024-02-11", "2024-01-20", "2024-02-20", "2024-04-02"],
        "paid": [10.0, 20.0, 7.5, 3.0, 4.0, 5.0],
        "shop": ["web", "store", "web", "app", "app", "web"],
        "item": ["x", "y", "x", "z", "z", "y"],
        "cogs": [6.0, 12.0, 4.0, 2.0, 2.5, 3.0],
    }
)
COLS = dict(customer="cust", date="day", amount="paid", channel="shop", product="item", cost="cogs", today=TODAY)


def with_value(column: str, row: int, value: object) -> pd.DataFrame:
    out = CLEAN.copy().astype({column: object})
    out.loc[row, column] = value
    return out


# (data, check, column named in the message, rows named) for every kind of problem
CASES = {
    "missing_column": (lambda: CLEAN.drop(columns="paid"), "missing_column", "paid", None),
    "missing_id": (lambda: with_value("cust", 2, None), "missing_id", "cust", "2"),
    "blank_id": (lambda: with_value("cust", 4, "  "), "missing_id", "cust", "4"),
    "bad_date": (lambda: with_value("day", 3, "2024-02-30"), "bad_date", "day", "3"),
    "missing_date": (lambda: with_value("day", 1, None), "bad_date", "day", "1"),
    "text_amount": (lambda: with_value("paid", 5, "¥5"), "not_numeric", "paid", "5"),
    "missing_amount": (lambda: with_value("paid", 0, None), "missing_value", "paid", "0"),
    "infinite_amount": (lambda: with_value("paid", 2, float("inf")), "infinite", "paid", "2"),
    "negative_amount": (lambda: with_value("paid", 4, -4.0), "negative", "paid", "4"),
    "negative_cost": (lambda: with_value("cogs", 1, -1.0), "negative", "cogs", "1"),
    "text_cost": (lambda: with_value("cogs", 1, "n/a"), "not_numeric", "cogs", "1"),
    "single_customer": (lambda: CLEAN.assign(cust="A"), "single_customer", "cust", None),
    "one_period": (lambda: CLEAN.assign(day="2024-03-07"), "one_period", "day", None),
    "duplicate_rows": (lambda: pd.concat([CLEAN, CLEAN.iloc[[1]]], ignore_index=True), "duplicate_rows", "paid", "6"),
    "zero_amount": (lambda: with_value("paid", 3, 0.0), "zero_amount", "paid", "3"),
    "future_date": (lambda: with_value("day", 5, "2031-01-01"), "future_date", "day", "5"),
    "missing_channel": (lambda: with_value("shop", 2, None), "missing_optional", "shop", "2"),
    "cost_above_amount": (lambda: with_value("cogs", 0, 11.0), "cost_above_amount", "cogs", "0"),
}


def test_clean_data_pass_and_keep_their_values(en):
    report = dq.check_transactions(CLEAN, **COLS)
    assert report.ok and report.problems.empty and report.errors == report.warnings == 0
    assert (report.rows, report.customers) == (6, 3)
    assert report.summary() == "transactions: 6 rows, 3 customers, 2024-01-05 to 2024-04-02; no problems found."
    out = dq.load_transactions(CLEAN, **COLS)
    assert list(out.columns) == ["customer_id", "date", "amount", "channel", "product", "cost"]
    assert out["amount"].tolist() == CLEAN["paid"].tolist() and out["cost"].tolist() == CLEAN["cogs"].tolist()
    assert out["date"].dt.strftime("%Y-%m-%d").tolist() == CLEAN["day"].tolist()
    assert out["customer_id"].tolist() == CLEAN["cust"].tolist()


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_problem_is_reported_with_its_column_and_rows(case, lang):
    make, check, column, rows = CASES[case]
    report = dq.check_transactions(make(), **COLS)
    hits = report.problems[report.problems["check"] == check]
    assert len(hits) == 1, report.problems
    hit = hits.iloc[0]
    assert hit["severity"] == dq.CHECKS[check]
    assert column in hit["column"] and column in hit["message"]
    if rows is not None:
        assert hit["rows"] == rows and rows in hit["message"]
    # the message is in the current language: Chinese text in zh-CN, none in English
    has_cjk = any("\u4e00" <= ch <= "\u9fff" for ch in hit["message"])
    assert has_cjk == (lang == "zh-CN")


@pytest.mark.parametrize("case", sorted(c for c in CASES if dq.CHECKS[CASES[c][1]] == "error"))
def test_each_error_stops_the_loader_with_a_message_naming_column_and_rows(case, lang):
    make, check, column, rows = CASES[case]
    with pytest.raises(CRMInputError) as info:
        dq.load_transactions(make(), **COLS)
    text = str(info.value)
    report = dq.check_transactions(make(), **COLS)
    message = report.problems.loc[report.problems["check"] == check, "message"].iloc[0]
    assert column in text and f"- {report.problems.loc[report.problems['check'] == check, 'column'].iloc[0]}: {message}" in text
    assert text.startswith(i18n.t("data_quality.cannot_use", source="transactions", errors=report.errors))
    if rows is not None:
        assert i18n.t("data_quality.where_rows", rows=rows) in text


@pytest.mark.parametrize("case", sorted(c for c in CASES if dq.CHECKS[CASES[c][1]] == "warning"))
def test_warnings_load_but_strict_stops(case, en):
    make, check, column, rows = CASES[case]
    out = dq.load_transactions(make(), **COLS)
    assert len(out) == len(make())
    with pytest.raises(CRMInputError, match=f"(?s)warning.*{column}.*rows {rows}"):
        dq.load_transactions(make(), strict=True, **COLS)


def test_duplicates_can_be_dropped(en):
    doubled = pd.concat([CLEAN, CLEAN.iloc[[1, 2]]], ignore_index=True)
    assert len(dq.load_transactions(doubled, **COLS)) == 8
    assert len(dq.load_transactions(doubled, drop_duplicates=True, **COLS)) == 6


def test_many_bad_rows_are_counted_and_the_list_is_cut(en):
    tx = pd.DataFrame({"customer_id": [f"c{i % 7}" for i in range(40)], "date": ["2024-01-01", "2024-02-01"] * 20,
                       "amount": [-1.0] * 20 + [1.0] * 20})
    hit = dq.check_transactions(tx, today=TODAY).problems.iloc[0]
    assert (hit["check"], hit["count"]) == ("negative", 20)
    assert hit["rows"] == "0, 1, 2, 3, 4, 5, 6, 7, …"


def test_every_error_is_listed_at_once(en):
    bad = with_value("paid", 1, "ten")
    bad.loc[2, "day"] = "someday"
    with pytest.raises(CRMInputError) as info:
        dq.load_transactions(bad, **COLS)
    text = str(info.value)
    assert "2 problem(s)" in text and "'ten'" in text and "'someday'" in text


def test_csv_file_rows_are_file_line_numbers_and_other_names_map(tmp_path, lang):
    path = tmp_path / "sales.csv"
    path.write_text("Kunde;Datum;Betrag\nA;2024-01-02;12.5\nB;2024-13-01;3\nB;2024-03-01;-2\n", encoding="utf-8")
    report = dq.check_transactions(path, customer="Kunde", date="Datum", amount="Betrag", today=TODAY)
    assert report.source == "sales.csv"
    rows = dict(zip(report.problems["check"], report.problems["rows"]))
    assert rows == {"bad_date": "3", "negative": "4"}
    assert i18n.t("data_quality.where_lines", rows="3") in report.problems["message"].iloc[0]


def test_gbk_csv_with_chinese_headers_loads(tmp_path, zh):
    path = tmp_path / "销售.csv"
    path.write_text("客户,日期,金额\n张三,2024/01/02,12.5\n李四,2024/02/03,8\n张三,2024/03/09,4\n", encoding="gbk")
    out = dq.load_transactions(path, customer="客户", date="日期", amount="金额", today=TODAY)
    assert out["customer_id"].tolist() == ["张三", "李四", "张三"]
    assert out["date"].dt.strftime("%Y-%m-%d").tolist() == ["2024-01-02", "2024-02-03", "2024-03-09"]


def test_date_format_parameter_reads_day_first_dates(en):
    tx = pd.DataFrame({"customer_id": ["a", "b", "a"], "date": ["31/01/2024", "15/02/2024", "01/03/2024"], "amount": [1.0, 2.0, 3.0]})
    with pytest.raises(CRMInputError, match="date_format"):
        dq.load_transactions(tx, today=TODAY)
    out = dq.load_transactions(tx, date_format="%d/%m/%Y", today=TODAY)
    assert out["date"].dt.strftime("%Y-%m-%d").tolist() == ["2024-01-31", "2024-02-15", "2024-03-01"]


@pytest.mark.parametrize(
    "write, pattern",
    [
        (None, "there is no file"),
        (lambda p: p.write_bytes(b""), "is empty"),
        (lambda p: p.write_text("a,b,c\n", encoding="utf-8"), "is empty"),
        (lambda p: p.write_bytes(b"\xff\xfe\x00\x81\x00" * 50), "neither UTF-8 nor GBK"),
        (lambda p: p.write_text('a,b\n"1,2\n3,4\n', encoding="utf-8"), "cannot be read as a table"),
    ],
)
def test_bad_files_give_a_clear_error(tmp_path, write, pattern, en):
    path = tmp_path / "sales.csv"
    if write is not None:
        write(path)
    with pytest.raises(CRMInputError, match=pattern):
        dq.check_transactions(path)


def test_a_spreadsheet_is_refused_with_advice(tmp_path, zh):
    path = tmp_path / "sales.xlsx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(CRMInputError, match="另存为 CSV"):
        dq.load_transactions(path)


@pytest.mark.parametrize("bad", [42, None, ["a"]])
def test_data_that_is_neither_a_path_nor_a_frame_is_named(bad, en):
    with pytest.raises(CRMInputError, match="data must be the path of a CSV file or a DataFrame"):
        dq.check_transactions(bad)


def test_a_column_name_that_is_not_text_is_named(en):
    with pytest.raises(CRMInputError, match="amount"):
        dq.check_transactions(CLEAN, customer="cust", date="day", amount=3)


def test_report_table_translates_check_names(zh):
    report = dq.check_transactions(with_value("cust", 4, None), **COLS)
    table = report.table()
    assert table["check"].tolist() == ["客户编号缺失"] and table["severity"].iloc[0].startswith("错误")
    assert list(i18n.localize(table, "data_quality.col").columns)[0] == "检查项"
