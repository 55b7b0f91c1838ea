"""Tests of crmlib.compute.summary.customer_summary: the out-of-core (DuckDB) table equals the
in-memory one, known values by hand, and bad input named in the message."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlib.compute.rfm import rfm_table
from crmlib.compute.summary import COLUMNS, customer_summary
from crmlib.validation import CRMInputError

pytest.importorskip("duckdb")

TX = pd.DataFrame({
    "customer_id": ["b", "a", "a", "b", "a"],
    "date": ["2024-03-31", "2024-01-15", "2024-02-01 10:30:00", "2024-04-02", "2024-01-15"],
    "amount": [8.0, 10.0, 2.5, 0.0, 7.5],
})


def test_known_values_by_hand(en):
    # by hand: as_of 2024-04-10; a: last 2024-02-01 -> 69 days, 3 rows, 10 + 2.5 + 7.5 = 20,
    # first 2024-01-15 (cohort 2024-01 / 2024Q1); b: last 2024-04-02 -> 8 days, 2 rows, 8, first 2024-03-31
    for engine in ("duckdb", "pandas"):
        s = customer_summary(TX, as_of="2024-04-10", engine=engine)
        assert list(s.columns) == COLUMNS
        assert s.index.tolist() == ["a", "b"]
        assert s[["recency", "frequency", "monetary"]].values.tolist() == [[69.0, 3.0, 20.0], [8.0, 2.0, 8.0]]
        assert s["first_purchase"].dt.strftime("%Y-%m-%d").tolist() == ["2024-01-15", "2024-03-31"]
        assert s["last_purchase"].dt.strftime("%Y-%m-%d").tolist() == ["2024-02-01", "2024-04-02"]
        assert s["cohort"].tolist() == ["2024-01", "2024-03"]
        q = customer_summary(TX, as_of="2024-04-10", engine=engine, cohort_freq="Q")
        assert q["cohort"].tolist() == ["2024Q1", "2024Q1"]


def test_rfm_columns_are_rfm_table(en):
    """One definition: recency, frequency, monetary are exactly those of rfm_table."""
    data = TX.assign(date=pd.to_datetime(TX["date"], format="ISO8601").dt.normalize())
    expected = rfm_table(data, as_of="2024-04-10")
    got = customer_summary(TX, as_of="2024-04-10")
    pd.testing.assert_frame_equal(got[["recency", "frequency", "monetary"]], expected)


transactions = st.lists(
    st.tuples(
        st.sampled_from(["c1", "c2", "c3", "客户4", "x'5"]),
        st.dates(min_value=pd.Timestamp("2019-01-01").date(), max_value=pd.Timestamp("2024-12-31").date()),
        st.integers(min_value=0, max_value=100_000).map(lambda cents: cents / 100),
    ),
    min_size=1, max_size=40,
)


@settings(max_examples=40, deadline=None)
@given(rows=transactions, freq=st.sampled_from(["M", "Q"]), extra=st.integers(0, 30))
def test_duckdb_equals_in_memory(rows, freq, extra):
    frame = pd.DataFrame(rows, columns=["customer_id", "date", "amount"])
    frame["date"] = frame["date"].astype(str)
    as_of = (pd.Timestamp(frame["date"].max()) + pd.Timedelta(days=extra)).strftime("%Y-%m-%d")
    memory = customer_summary(frame, as_of=as_of, cohort_freq=freq, engine="pandas")
    outofcore = customer_summary(frame, as_of=as_of, cohort_freq=freq, engine="duckdb")
    pd.testing.assert_frame_equal(outofcore, memory, check_exact=False, rtol=1e-12)


@settings(max_examples=15, deadline=None)
@given(rows=transactions)
def test_csv_and_parquet_files_equal_in_memory(rows, tmp_path_factory):
    import duckdb

    frame = pd.DataFrame(rows, columns=["customer_id", "date", "amount"])
    frame["date"] = frame["date"].astype(str)
    folder = tmp_path_factory.mktemp("tx")
    csv, parquet = folder / "tx.csv", folder / "tx.parquet"
    frame.to_csv(csv, index=False)
    duckdb.sql(f"COPY (SELECT * FROM read_csv('{csv}', header = true)) TO '{parquet}' (FORMAT parquet)")
    memory = customer_summary(frame, engine="pandas")
    for path in (csv, parquet):
        pd.testing.assert_frame_equal(customer_summary(path), memory, check_exact=False, rtol=1e-12)


def test_missing_column_named(en, tmp_path):
    csv = tmp_path / "tx.csv"
    TX.drop(columns="amount").to_csv(csv, index=False)
    for source in (csv, TX.drop(columns="amount")):
        with pytest.raises(CRMInputError, match="amount"):
            customer_summary(source)


def test_unparseable_date_named_with_row_and_value(en, tmp_path):
    bad = TX.assign(date=TX["date"].where(TX.index != 3, "31/02/2024"))
    csv = tmp_path / "tx.csv"
    bad.to_csv(csv, index=False)
    for source in (bad, csv):
        with pytest.raises(CRMInputError, match=r"column date .*row 3 holds '31/02/2024'"):
            customer_summary(source)
    with pytest.raises(CRMInputError, match="date"):
        customer_summary(bad, engine="pandas")


def test_negative_amount_named(en, tmp_path):
    bad = TX.assign(amount=TX["amount"].where(TX.index != 2, -4.0))
    csv = tmp_path / "tx.csv"
    bad.to_csv(csv, index=False)
    for source in (bad, csv):
        with pytest.raises(CRMInputError, match=r"column amount .*1 negative value.*row 2: -4\.0"):
            customer_summary(source)


def test_text_amount_and_missing_customer_named(en, tmp_path):
    csv = tmp_path / "tx.csv"
    TX.assign(amount=TX["amount"].astype(str).where(TX.index != 1, "ten")).to_csv(csv, index=False)
    with pytest.raises(CRMInputError, match=r"column amount .*row 1 holds 'ten'"):
        customer_summary(csv)
    with pytest.raises(CRMInputError, match=r"column customer_id .*1 missing value"):
        customer_summary(TX.assign(customer_id=TX["customer_id"].where(TX.index != 4, None)))


def test_bad_parameters_named(zh, tmp_path):
    with pytest.raises(CRMInputError, match="engine"):
        customer_summary(TX, engine="spark")
    with pytest.raises(CRMInputError, match="cohort_freq"):
        customer_summary(TX, cohort_freq="W")
    with pytest.raises(CRMInputError, match="as_of"):
        customer_summary(TX, as_of="2024-01-01")
    with pytest.raises(CRMInputError, match="source"):
        customer_summary(tmp_path / "nothing.csv")
    with pytest.raises(CRMInputError, match="source"):
        customer_summary([1, 2, 3])
