"""crmlib beside its peers: one interleaved run, one table of ratios.

``python3 benchmarks/run_all.py --peers`` (or this file) creates the peers' environments under
``benchmarks/.peers/`` if needed (see ``envs.py``), writes the shared inputs there once (CDNOW
summaries at 1×, 10× and 100×, the churn customers, a million synthetic transactions), starts one
worker per implementation, and then, round after round, runs every implementation of a task
one after the other (the order rotating each round), so that a busy spell on the machine hits
all of them alike. It reports medians of CPU time (``time.process_time``), the ratio
crmlib / peer, the peak memory allocated during one run (tracemalloc) and whether the results
agree, and rewrites the table in ``benchmarks/README.md`` between its markers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
import envs  # noqa: E402

DATA = envs.PEERS_DIR / "data"
README = HERE.parent / "README.md"
START, END = "<!-- peers:start -->", "<!-- peers:end -->"

# implementation -> environment ("crmlib" = the course's own .venv, or this interpreter)
IMPL_ENV = {"crmlib": "crmlib", "pandas": "crmlib", "lifetimes": "lifetimes", "statsmodels": "modern", "lifelines": "modern"}

# (task, data, label, implementations: crmlib first, then its peers, repeats)
TASKS = [
    ("bgnbd", "cdnow_x1", "BG/NBD fit, CDNOW (2,357 customers)", ["crmlib", "lifetimes"], 9),
    ("bgnbd", "cdnow_x10", "BG/NBD fit, CDNOW ×10 (23,570)", ["crmlib", "lifetimes"], 7),
    ("bgnbd", "cdnow_x100", "BG/NBD fit, CDNOW ×100 (235,700)", ["crmlib", "lifetimes"], 5),
    ("bgnbd", "master", "BG/NBD fit, CDNOW master (23,570, no copies)", ["crmlib", "lifetimes"], 7),
    ("gg", "cdnow_x1", "Gamma-Gamma fit, CDNOW (946 repeat buyers)", ["crmlib", "lifetimes"], 9),
    ("gg", "cdnow_x10", "Gamma-Gamma fit, CDNOW ×10 (9,460)", ["crmlib", "lifetimes"], 7),
    ("gg", "cdnow_x100", "Gamma-Gamma fit, CDNOW ×100 (94,600)", ["crmlib", "lifetimes"], 5),
    ("km", "churn", "Kaplan–Meier, churn customers", ["crmlib", "statsmodels", "lifelines"], 21),
    ("rfm", "tx_1m", "RFM table, 1,000,000 transactions", ["crmlib", "pandas"], 7),
    ("p_alive_view", "none", "P(alive) dashboard view, PNG drawn (zh-CN)", ["crmlib"], 9),
]


def crmlib_python() -> Path:
    venv = ROOT / ".venv" / "bin" / "python"
    return venv if venv.exists() else Path(sys.executable)


def write_data() -> None:
    """The shared inputs, written once by crmlib's environment (every worker reads the same files)."""
    stamp = DATA / "done.txt"
    if stamp.exists():
        return
    DATA.mkdir(parents=True, exist_ok=True)
    code = f"""
import numpy as np, pandas as pd
from pathlib import Path
from crmlib.compute import clv_models as cm
from crmlib import datasets
out = Path({str(DATA)!r})
s = cm.cdnow_summary()[["frequency", "recency", "T", "monetary_value"]]
for k in (1, 10, 100):
    pd.concat([s] * k, ignore_index=True).to_csv(out / f"cdnow_x{{k}}.csv", index=False)
m = cm.rfm_summary(datasets.load_cdnow_master(), cm.CDNOW_CALIBRATION_END, cm.CDNOW_HOLDOUT_END)
m[["frequency", "recency", "T", "monetary_value"]].to_csv(out / "master.csv", index=False)
datasets.load_churn_customers().to_csv(out / "churn.csv", index=False)
rng = np.random.default_rng(0)
n = 1_000_000
np.savez(out / "tx_1m.npz", customer_id=rng.integers(1, 100_001, n),
         date=(np.datetime64("2024-01-01") + rng.integers(0, 730, n).astype("timedelta64[D]")).astype("datetime64[ns]"),
         amount=np.round(rng.lognormal(3.5, 1.0, n), 2))
"""
    subprocess.run([str(crmlib_python()), "-c", code], check=True, cwd=ROOT)
    stamp.write_text("ok")


class Worker:
    def __init__(self, python: Path, env: dict[str, str]):
        self.proc = subprocess.Popen([str(python), str(HERE / "worker.py"), str(DATA)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env)

    def ask(self, **cmd) -> dict:
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()
        answer = json.loads(self.proc.stdout.readline())
        if "error" in answer:
            raise RuntimeError(f"{cmd}: {answer['error']}")
        return answer

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def agreement(task: str, ours: dict, theirs: dict) -> str:
    if not ours or not theirs:
        return ""
    if "params" in ours:
        rel = max(abs(a - b) / abs(b) for a, b in zip(ours["params"], theirs["params"]))
        return f"params Δ {rel:.1e}, LL {ours['ll']:.2f} vs {theirs['ll']:.2f}"
    key = "survival" if "survival" in ours else "sums"
    a, b = ours[key], theirs[key]
    if len(a) != len(b):
        return f"lengths {len(a)} vs {len(b)}"
    rel = max((abs(x - y) / max(abs(y), 1e-300) for x, y in zip(a, b)), default=0.0)
    return f"max rel Δ {rel:.1e}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run only tasks whose label contains this text")
    parser.add_argument("--no-readme", action="store_true", help="print the table, leave README.md alone")
    args = parser.parse_args(argv)

    for name in envs.ENVS:
        envs.ensure(name)
    write_data()
    child_env = dict(os.environ)
    child_env.setdefault("PYTHONWARNINGS", "ignore")
    pythons = {"crmlib": crmlib_python(), **{name: envs.python(name) for name in envs.ENVS}}
    workers = {impl: Worker(pythons[env], child_env) for impl, env in IMPL_ENV.items()}
    rows = []
    try:
        for task, data, label, impls, repeats in TASKS:
            if args.only and args.only not in label:
                continue
            for impl in impls:  # warm-up: imports, first-call caches
                workers[impl].ask(task=task, impl=impl, data=data, mode="time")
            cpu: dict[str, list[float]] = {i: [] for i in impls}
            for k in range(repeats):
                order = impls[k % len(impls):] + impls[:k % len(impls)]
                for impl in order:
                    cpu[impl].append(workers[impl].ask(task=task, impl=impl, data=data, mode="time")["cpu"])
            peak = {i: workers[i].ask(task=task, impl=i, data=data, mode="memory")["peak"] for i in impls}
            results = {i: workers[i].ask(task=task, impl=i, data=data, mode="result") for i in impls}
            ours = statistics.median(cpu["crmlib"])
            for impl in impls[1:] or ["crmlib"]:
                theirs = statistics.median(cpu[impl])
                peer = impl != "crmlib"
                row = (label, impl if peer else "—", ours * 1000, theirs * 1000 if peer else float("nan"),
                       ours / theirs if peer else float("nan"), peak["crmlib"] / 2**20, peak[impl] / 2**20 if peer else float("nan"),
                       peak["crmlib"] / peak[impl] if peer and peak[impl] else float("nan"),
                       agreement(task, results["crmlib"], results[impl]) if peer else "", repeats)
                rows.append(row)
                print(" | ".join(str(round(x, 3)) if isinstance(x, float) else str(x) for x in row), flush=True)
    finally:
        for w in workers.values():
            w.close()
    table = render(rows, pythons)
    print(table)
    if not args.no_readme and not args.only:
        text = README.read_text()
        if START in text and END in text:
            head, rest = text.split(START, 1)
            _, tail = rest.split(END, 1)
            README.write_text(head + START + "\n" + table + END + tail)
        else:
            README.write_text(text.rstrip() + "\n\n" + START + "\n" + table + END + "\n")
    return 0


def _fmt(x: float, digits: int = 1) -> str:
    return "—" if x != x else f"{x:,.{digits}f}"


def render(rows: list[tuple], pythons: dict[str, Path]) -> str:
    load = os.getloadavg()
    blas = os.environ.get("OPENBLAS_CORETYPE")
    lines = [
        f"### {dt.date.today().isoformat()}: crmlib beside its peers",
        "",
        f"Machine: {os.cpu_count()} cores, {platform.python_version()}, load average while measured "
        f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}; OPENBLAS_CORETYPE "
        f"{'= ' + blas if blas else 'not set'}. Medians of CPU time (all threads) over interleaved runs; "
        "peak = memory allocated during one run (tracemalloc).",
        "",
        "| task | peer | crmlib ms | peer ms | ratio crmlib / peer | crmlib peak MiB | peer peak MiB | peak ratio | results agree | runs |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for label, peer, ours, theirs, ratio, pk1, pk2, pkr, agree, reps in rows:
        lines.append(f"| {label} | {peer} | {_fmt(ours)} | {_fmt(theirs)} | {_fmt(ratio, 2)} | {_fmt(pk1)} | {_fmt(pk2)} | "
                     f"{_fmt(pkr, 2)} | {agree} | {reps} |")
    versions = "; ".join(f"{name}: {envs.versions(name)}" for name in envs.ENVS)
    lines += ["", f"Environments: crmlib ({pythons['crmlib']}); {versions}.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
