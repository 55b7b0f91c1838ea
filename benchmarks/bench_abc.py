"""ABC classes and the Pareto curve on one million transactions (chapter 3's speed target).

A million transactions of 100,000 customers are summed per customer (pandas groupby), then
classed A/B/C at the 80% / 95% cut-offs and summarised by the Pareto curve and Gini.

Run: .venv/bin/python benchmarks/bench_abc.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

from crmlib.compute import concentration


sys.path.insert(0, str(Path(__file__).parent))
from timing import best_of  # noqa: E402

best = best_of


def main() -> None:
    rng = np.random.default_rng(0)
    n, customers = 1_000_000, 100_000
    tx = pd.DataFrame({
        "customer_id": rng.integers(1, customers + 1, n),
        "amount": np.round(rng.lognormal(3.0, 1.2, n), 2),
    })

    def abc_from_transactions():
        spend = tx.groupby("customer_id", sort=False)["amount"].sum()
        return concentration.abc_classes(spend)

    def pareto_from_transactions():
        spend = tx.groupby("customer_id", sort=False)["amount"].sum()
        return concentration.pareto_curve(spend), concentration.gini(spend)

    print(f"{'ABC classes, 1,000,000 transactions (sum per customer + classes)':66s} {best(abc_from_transactions) * 1000:8.1f} ms")
    print(f"{'Pareto curve + Gini, 1,000,000 transactions':66s} {best(pareto_from_transactions) * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
