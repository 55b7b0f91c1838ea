"""crmlib.views.tables: every table a learner reads is formatted the same way, in both languages."""

import re

import numpy as np
import pandas as pd
import pytest

from crmlib.validation import CRMInputError
from crmlib.views.tables import Table, format_value, show_table, show_values


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        (190110.0, "int", "190,110"),
        (190110.4999, "yuan", "¥190,110"),
        (1234.5, "yuan2", "¥1,234.50"),
        (-1500, "yuan", "-¥1,500"),
        (0.24, "pct", "24.0%"),
        (0.2417, "pct0", "24%"),
        (0.0312, "+pct1", "+3.1%"),
        (-0.0312, "+pct1", "-3.1%"),
        (-0.0004, "pct1", "0.0%"),  # no "-0.0%"
        (6.952497, "num2", "6.95"),
        (0.667156, "num3", "0.667"),
        (1.5, "+num2", "+1.50"),
        (7, "{:d} 天", "7 天"),
        ("Suspect", "text", "Suspect"),
        (True, "text", "✔"),
        (False, "int", "✘"),
        (pd.Timestamp("1997-01-12"), "text", "1997-01-12"),
        (pd.Timestamp("2025-03-10 14:30"), "text", "2025-03-10 14:30"),
        (np.nan, "pct1", "—"),
        (None, "yuan", "—"),
    ],
)
def test_format_value_known_values(en, value, kind, expected):
    assert format_value(value, kind) == expected


def test_currency_follows_the_language(lang):
    expected = {"zh-CN": "US$1,234", "en": "$1,234"}[lang]
    assert format_value(1234.4, "usd") == expected
    assert format_value(1234.4, "yuan") == "¥1,234"


def test_an_unknown_format_names_it(lang):
    with pytest.raises(CRMInputError, match="percent"):
        format_value(0.5, "percent")


@pytest.fixture
def ladder():
    return pd.DataFrame(
        {"stage": ["suspect", "prospect", "first_time"], "customers": [10000.0, 4000.0, 2000.0],
         "conversion_from_previous": [np.nan, 0.4, 0.5], "conversion_from_top": [1.0, 0.4, 0.2]}
    )


def test_show_table_headers_values_and_formats_in_each_language(lang, ladder):
    table = show_table(ladder, {"conversion_from_previous": "pct0", "conversion_from_top": "pct1"},
                       values={"stage": "funnel.stage"})
    headers = {"zh-CN": ["阶段", "客户数", "较上一阶段转化率", "累计转化率"],
               "en": ["Stage", "Customers", "Conversion from previous stage", "Cumulative conversion"]}[lang]
    assert table.text.columns.tolist() == headers
    assert table.text.iloc[:, 1].tolist() == ["10,000", "4,000", "2,000"]
    assert table.text.iloc[:, 2].tolist() == ["—", "40%", "50%"]
    assert table.text.iloc[:, 3].tolist() == ["100.0%", "40.0%", "20.0%"]
    stage = {"zh-CN": "可疑者", "en": "Suspect"}[lang]
    assert table.text.iloc[0, 0] == stage
    # the numbers are kept for whoever wants them
    assert table.data is ladder


def test_a_default_row_index_is_hidden_and_a_meaningful_one_is_shown(en, ladder):
    hidden = show_table(ladder)
    assert not hidden.show_index
    assert "<th>0</th>" not in hidden._repr_html_() and not repr(hidden).lstrip().startswith("0")
    shown = show_table(ladder.set_index("stage"), index_values="funnel.stage")
    assert shown.show_index and shown.text.index[:2].tolist() == ["Suspect", "Prospect"]
    assert shown.text.index.name == "Stage"
    assert "Suspect" in shown._repr_html_()
    # a named 0..n index means something (lead days, years): it is shown
    assert show_table(pd.DataFrame({"customers": [3, 4]}).rename_axis("year")).show_index


def test_columns_without_a_format_get_separators_and_two_decimals(en):
    frame = pd.DataFrame({"customers": [1234567, 2], "year": [0.6671564, 12.5]})
    text = show_table(frame).text
    assert text["Customers"].tolist() == ["1,234,567", "2"]
    assert text["Year"].tolist() == ["0.67", "12.50"]


def test_the_output_is_the_same_from_run_to_run_so_nbval_can_pin_it(en, ladder):
    a, b = show_table(ladder, {"conversion_from_top": "pct1"}), show_table(ladder.copy(), {"conversion_from_top": "pct1"})
    assert a == b
    assert a._repr_html_() == b._repr_html_() and repr(a) == repr(b)
    assert not re.search(r"0x[0-9a-f]{6,}|T_[0-9a-f]{5}", a._repr_html_() + repr(a))  # no object address, no random id


def test_html_escapes_text(en):
    frame = pd.DataFrame({"customers": [1]}, index=pd.Index(["<b>x</b>"], name="stage"))
    assert "<b>x</b>" not in show_table(frame)._repr_html_()


def test_a_format_for_a_missing_column_names_the_column(lang, ladder):
    with pytest.raises(CRMInputError, match="revenue") as err:
        show_table(ladder, {"revenue": "yuan"})
    assert "formats" in str(err.value)
    with pytest.raises(CRMInputError, match="segment"):
        show_table(ladder, values={"segment": "rfm.segment"})


def test_a_header_without_a_catalogue_entry_raises_rather_than_showing_english(zh):
    with pytest.raises(KeyError, match="columns.no_such_column"):
        show_table(pd.DataFrame({"no_such_column": [1]}))


def test_headers_can_be_given_or_kept(zh):
    frame = pd.DataFrame({"a": [1.0]})
    assert show_table(frame, headers={"a": "甲"}).text.columns.tolist() == ["甲"]
    assert show_table(frame, prefix=None).text.columns.tolist() == ["a"]


def test_show_values_in_each_language(lang):
    table = show_values({"customers": np.int64(2357), "share": 0.5}, "tables.example", {"share": "pct0"})
    assert isinstance(table, Table) and table.show_index
    rows = {"zh-CN": ["客户数", "占比"], "en": ["Customers", "Share"]}[lang]
    assert table.text.index.tolist() == rows
    assert table.text.iloc[:, 0].tolist() == ["2,357", "50%"]
    assert table.text.columns.tolist() == [{"zh-CN": "数值", "en": "Value"}[lang]]


def test_show_values_rejects_a_format_for_an_unknown_name(en):
    with pytest.raises(CRMInputError, match="sharee"):
        show_values({"share": 0.5}, "tables.example", {"sharee": "pct0"})


def test_dates_read_the_same_whatever_their_type(en):
    # pandas 2.2 prints a midnight Timestamp as "1997-01-12 00:00:00"; the table never does
    day = "1997-01-12"
    for value in (pd.Timestamp(day), np.datetime64(day), np.datetime64(day, "ns"), pd.Timestamp(day).to_pydatetime(),
                  pd.Timestamp(day).date()):
        assert format_value(value, "text") == day, repr(value)
    assert format_value(np.datetime64("NaT"), "text") == "—"
    frame = pd.DataFrame({"first_seen": pd.to_datetime([day, None])}, index=pd.Index(["a", "b"], name="customer_id"))
    assert show_table(frame, prefix=None).text.iloc[:, 0].tolist() == [day, "—"]


def test_a_long_table_is_never_cut_short(en):
    # pandas truncates a DataFrame's repr to display.max_rows / max_colwidth with "…" or "...";
    # a table a learner must read is shown whole
    text = "Find out what happened at the last meal and deal with the staff involved."
    frame = pd.DataFrame({"customers": range(200), "year": [text] * 200})
    with pd.option_context("display.max_rows", 10, "display.max_columns", 2, "display.max_colwidth", 20):
        table = show_table(frame, {"year": "text"})
        shown = repr(table) + table._repr_html_()
    assert "…" not in shown and "..." not in shown
    assert "199" in repr(table) and text in repr(table) and shown.count(text) == 400


def test_missing_values_can_be_blank_with_a_note_and_never_nan(en):
    frame = pd.DataFrame({"customers": [1.0, np.nan], "share": [np.nan, 0.5]})
    table = show_table(frame, {"share": "pct0"}, prefix="tables.example", missing="", note="A blank: no visit that day.")
    assert table.text.values.tolist() == [["1", ""], ["", "50%"]]
    assert repr(table).endswith("\nA blank: no visit that day.")
    assert "A blank: no visit that day." in table._repr_html_()
    assert "NaN" not in repr(table) + table._repr_html_()
    assert show_table(frame, prefix="tables.example").text.iloc[1, 0] == "—"


def test_values_may_be_translated_by_a_function(zh):
    frame = pd.DataFrame({"stage": ["suspect+prospect", None]})
    table = show_table(frame, values={"stage": lambda v: "+".join(v.split("+")[::-1])}, prefix=None)
    assert table.text.iloc[:, 0].tolist() == ["prospect+suspect", "—"]


def test_highlight_colours_cells_by_their_value_in_html_only(lang, ladder):
    plain = show_table(ladder, values={"stage": "funnel.stage"})
    coloured = show_table(ladder, values={"stage": "funnel.stage"}, highlight={"stage": {"suspect": "#f4c7c3"}})
    assert repr(coloured) == repr(plain) and coloured != plain
    html = coloured._repr_html_()
    assert html.count("#f4c7c3") == 1
    first_row = html.split("<tr>")[1]  # the header row has a style, the body rows none
    assert "#f4c7c3" in first_row and {"zh-CN": "可疑者", "en": "Suspect"}[lang] in first_row
    assert coloured._repr_html_() == show_table(ladder.copy(), values={"stage": "funnel.stage"},
                                                highlight={"stage": {"suspect": "#f4c7c3"}})._repr_html_()
    with pytest.raises(CRMInputError, match="highlight"):
        show_table(ladder, highlight={"level": {"red": "#f00"}})


def test_the_styled_html_escapes_text_and_keeps_the_index(en):
    frame = pd.DataFrame({"customers": [1], "stage": ["<b>x</b>"]}, index=pd.Index(["<i>a</i>"], name="year"))
    html = show_table(frame, {"stage": "text"}, highlight={"stage": {"<b>x</b>": "#fff"}})._repr_html_()
    assert "<b>x</b>" not in html and "<i>a</i>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html
    assert "<th>Year</th>" in html


def test_the_restaurant_sheets_read_like_a_report(lang):
    # the case's attendance, alert and privileges tables once showed NaN, 0.0 and "…"
    from crmlib.cases.restaurant import model as r
    from crmlib.cases.restaurant import views

    sheet = views.show_sheet(r.attendance_sheet(r.june_example_visits(), "2024-06"))
    alerts = views.show_alert_sheet(r.seed_alert_examples())
    for table in (sheet, alerts, views.show_privileges(), views.show_grade_table()):
        shown = repr(table) + table._repr_html_()
        assert not re.search(r"NaN|nan|…|\.\.\.|\d\.0\b", shown), shown
    assert sheet.text.loc["刘局长"].iloc[0][["3", "5", "8"]].tolist() == ["7", "", "16"]  # a blank box on a day without a visit
    assert sheet.note and alerts.note
    assert alerts._repr_html_().count(views.ALERT_COLOURS["red"]) == 1
    assert alerts.text.iloc[1, 2] == "—"  # 王先生's visits last month are not on the slide
