"""Per-customer summary of a transaction file larger than memory (issue 18 item 4).

Generates seeded transaction files (CSV and Parquet; 1M, 5M, 20M rows; 10 rows per customer on
average; dates over ten years) under /tmp (never committed), then summarises each one in a fresh
process and reports wall time, rows per second and the process's peak resident memory
(``ru_maxrss``, Python and pandas included):

- ``duckdb``: ``crmlib.compute.summary.customer_summary(path)``, the function learners call;
- ``polars``: the same aggregation written with polars' streaming engine (``collect(engine="streaming")``),
  for the comparison only;
- ``duckdb-sql``: the bare aggregation in DuckDB SQL, no checks (the engine alone, as polars);
- ``pandas``: ``customer_summary(path, engine="pandas")``, the in-memory path (1M and 5M rows).

Usage::

    .venv/bin/python benchmarks/bench_out_of_core.py                 # 1M, 5M, 20M
    .venv/bin/python benchmarks/bench_out_of_core.py --sizes 1000000  # one size
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import numpy as np

DATA = Path("/tmp/crmlib-bench-out-of-core")
ROOT = Path(__file__).resolve().parent.parent


def generate(rows: int, seed: int = 2024, chunk: int = 1_000_000) -> tuple[Path, Path]:
    """Write ``rows`` transactions to a CSV and a Parquet file (skipped when they exist)."""
    import duckdb
    import polars as pl

    DATA.mkdir(exist_ok=True)
    csv, parquet = DATA / f"tx_{rows}.csv", DATA / f"tx_{rows}.parquet"
    if not csv.exists():
        rng = np.random.default_rng(seed)
        customers = max(rows // 10, 1)
        tmp = csv.with_suffix(".part")
        with tmp.open("wb") as fh:
            for start in range(0, rows, chunk):
                n = min(chunk, rows - start)
                frame = pl.DataFrame({
                    "customer_id": rng.integers(0, customers, n),
                    "date": (np.datetime64("2015-01-01") + rng.integers(0, 3653, n)).astype("datetime64[D]"),
                    "amount": np.round(rng.gamma(2.0, 25.0, n), 2),
                })
                frame = frame.with_columns(pl.format("C{}", pl.col("customer_id").cast(pl.Utf8).str.zfill(8)).alias("customer_id"))
                frame.write_csv(fh, include_header=start == 0)
        tmp.rename(csv)
    if not parquet.exists():
        con = duckdb.connect(config={"memory_limit": "1GB"})
        con.execute("SET enable_progress_bar = false")
        con.execute(f"COPY (SELECT * FROM read_csv('{csv}', header = true)) TO '{parquet}' (FORMAT parquet)")
        con.close()
    return csv, parquet


RUN = r"""
import json, resource, sys, time
engine, path = sys.argv[1], sys.argv[2]
import pandas as pd
start = time.perf_counter()
if engine == "polars":
    import polars as pl
    lf = pl.scan_parquet(path) if path.endswith(".parquet") else pl.scan_csv(path, schema_overrides={"date": pl.Date})
    agg = (lf.group_by("customer_id")
             .agg(n=pl.len(), first_day=pl.col("date").min(), last_day=pl.col("date").max(),
                  monetary=pl.col("amount").sum(), lowest=pl.col("amount").min())
             .collect(engine="streaming"))
    customers = agg.height  # (to_pandas() would need pyarrow)
elif engine == "duckdb-sql":
    import duckdb
    src = f"read_parquet('{path}')" if path.endswith(".parquet") else f"read_csv('{path}', header = true)"
    con = duckdb.connect(config={"memory_limit": "1GB"})
    con.execute("SET enable_progress_bar = false")
    agg = con.execute(f"SELECT customer_id, count(*) AS n, min(date), max(date), sum(amount), min(amount) FROM {src} GROUP BY 1").df()
    customers = len(agg)
else:
    from crmlib.compute.summary import customer_summary
    customers = len(customer_summary(path, engine=engine))
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "customers": customers,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(engine: str, path: Path) -> dict:
    proc = subprocess.run([sys.executable, "-c", RUN, engine, str(path)], capture_output=True, text=True, cwd=ROOT)
    if proc.returncode:
        return {"error": proc.stderr.strip().splitlines()[-1][:200]}
    last = proc.stdout.strip().splitlines()[-1]
    return json.loads(last[last.index("{"):])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000_000, 5_000_000, 20_000_000])
    parser.add_argument("--engines", nargs="*", default=["duckdb", "duckdb-sql", "polars", "pandas"])
    parser.add_argument("--pandas-max", type=int, default=5_000_000, help="largest size run in memory")
    args = parser.parse_args(argv)
    print(f"{'rows':>11} {'format':8} {'engine':10} {'seconds':>8} {'rows/s':>12} {'peak MB':>8} {'customers':>10}")
    for rows in args.sizes:
        csv, parquet = generate(rows)
        for path in (csv, parquet):
            for engine in args.engines:
                if engine == "pandas" and rows > args.pandas_max:
                    continue
                r = measure(engine, path)
                fmt = path.suffix.lstrip(".")
                if "error" in r:
                    print(f"{rows:>11,} {fmt:8} {engine:10} error: {r['error']}", flush=True)
                    continue
                print(f"{rows:>11,} {fmt:8} {engine:10} {r['seconds']:8.2f} {rows / r['seconds']:12,.0f} "
                      f"{r['peak_mb']:8.0f} {r['customers']:>10,}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
