"""Speed of RFM scoring (chapter 3) and of the chapter 2 identification pipeline.

Run: .venv/bin/python benchmarks/bench_rfm.py
Prints one line per measurement: best of several runs, time.perf_counter. The target for RFM
is one million transactions in well under a second.
"""

from __future__ import annotations

import sys
from pathlib import Path


import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from crmlib import datasets, i18n  # noqa: E402
from crmlib.compute import identify as idf  # noqa: E402
from crmlib.views.identify import dedup_view
from crmlib.compute import rfm  # noqa: E402
from crmlib.views.rfm import rfm_view
from crmlib.datasets.synth import customer_records  # noqa: E402


sys.path.insert(0, str(Path(__file__).parent))
from timing import best_of  # noqa: E402

best = best_of


def transactions(n: int, customers: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "customer_id": rng.integers(1, customers + 1, n),
        "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 730, n), unit="D"),
        "amount": np.round(rng.lognormal(3.5, 1.0, n), 2),
    })


def main() -> None:
    i18n.set_language("en")
    tx = transactions(1_000_000, 100_000)
    print(f"rfm_table, 1,000,000 transactions, 100,000 customers: {best(lambda: rfm.rfm_table(tx)):.3f} s")
    table = rfm.rfm_table(tx)
    print(f"rfm_scores + segment, 100,000 customers: {best(lambda: rfm.segment(rfm.rfm_scores(table))):.3f} s")
    print(f"rfm_analysis (all steps), 1,000,000 transactions: {best(lambda: rfm.rfm_analysis(tx)):.3f} s")
    tx_str = tx.assign(date=tx["date"].dt.strftime("%Y-%m-%d"))
    print(f"rfm_analysis, 1,000,000 transactions, dates as ISO text: {best(lambda: rfm.rfm_analysis(tx_str), 3):.3f} s")
    cd = datasets.load_cdnow_master()
    print(f"rfm_analysis, CDNOW master (69,659 transactions): {best(lambda: rfm.rfm_analysis(cd, amount='dollars')):.3f} s")

    def view(bins):
        fig, _ = rfm_view(bins)
        plt.close(fig)

    view(5)  # load CDNOW once (cached)
    print(f"rfm dashboard update (rfm_view, CDNOW, 5 bins): {best(lambda: view(5)):.3f} s")

    recs = customer_records.generate()
    print(f"customer_records.generate (500 people, {len(recs)} records): {best(customer_records.generate):.3f} s")
    std = idf.standardise(recs)
    print(f"standardise {len(recs)} records: {best(lambda: idf.standardise(recs)):.4f} s")
    print(f"match_records + match_quality: {best(lambda: idf.match_quality(idf.match_records(std), recs['person_id'])):.4f} s")
    big = customer_records.generate(20_000, seed=1)
    std_big = idf.standardise(big)
    print(f"standardise + match_records, 20,000 people ({len(big)} records): "
          f"{best(lambda: idf.match_records(idf.standardise(big)), 3):.3f} s")
    print(f"merge_customers, {len(big)} records: {best(lambda: idf.merge_customers(std_big, idf.match_records(std_big)), 3):.3f} s")

    def dedup(rate):
        fig, _ = dedup_view("phone_email", rate)
        plt.close(fig)

    dedup(0.0)
    print(f"dedup dashboard update (dedup_view, 500 people, no extra typos): {best(lambda: dedup(0.0)):.3f} s")
    print(f"dedup dashboard update (dedup_view, 500 people, 10% extra typos): {best(lambda: dedup(0.1)):.3f} s")


if __name__ == "__main__":
    main()
