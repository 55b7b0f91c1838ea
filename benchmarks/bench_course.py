"""Execute the whole course and report where the time and the memory go (issue 18 item 3).

Every built edition (course home, chapters, cases, exercise student and solution editions; 74
today) is executed from its own folder, two at a time (as ``python3 course.py test`` runs
notebooks with ``-n 2``), each in a fresh ``python3`` kernel with nbclient, Output-widget mirroring
off (``client.widget_registry = {}``, as ``tools/build_notebooks.py`` does). Nothing is written
back: the editions on disk are not changed.

Reported: total wall time, the kernels' CPU time (robust to a busy machine), the slowest notebooks (kernel start included) and cells, and the peak
resident memory of each kernel (``VmHWM`` from ``/proc/<pid>/status`` at the end of the notebook,
the kernel's own high-water mark, Linux only; ``psutil`` RSS sampling elsewhere).

Student editions contain unfinished exercises; their errors are allowed and counted.

Usage::

    .venv-dev/bin/python benchmarks/bench_course.py            # every edition, 2 at a time
    .venv-dev/bin/python benchmarks/bench_course.py --jobs 1 chapters/en/04_customer_value.ipynb
    .venv-dev/bin/python benchmarks/bench_course.py --json /tmp/course.json
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def all_editions() -> list[Path]:
    paths = sorted(ROOT.glob("home_*.ipynb"))
    for area in ("chapters", "cases", "exam", "capstone", "exercises", "exercises/solutions"):
        for lang in ("zh-CN", "en"):
            paths += sorted((ROOT / area / lang).glob("*.ipynb"))
    return paths


def _peak_rss_mb(pid: int, sampled: float) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return max(int(line.split()[1]) / 1024, sampled)
    except OSError:
        pass
    return sampled


def _cpu(proc: object) -> float:
    """CPU seconds used so far by the kernel process (user + system): unlike wall time, it does not
    grow when other processes share the machine."""
    try:
        times = proc.cpu_times()
        return times.user + times.system
    except Exception:  # the kernel has gone
        return float("nan")


def run_one(path_str: str) -> dict:
    """Execute one edition; return its wall time, per-cell times, peak kernel RSS, error count."""
    import nbformat
    import psutil
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    path = Path(path_str)
    nb = nbformat.read(path, as_version=4)
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    client = NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(path.parent)}})
    client.widget_registry = {}
    start = time.perf_counter()
    cells: list[tuple[float, int, str, float]] = []
    errors = 0
    peak = 0.0
    with client.setup_kernel():
        kernel_start = time.perf_counter() - start
        pid = client.km.provisioner.process.pid
        proc = psutil.Process(pid)
        stop = threading.Event()
        sampled = [0.0]

        def sample() -> None:  # fallback where /proc/<pid>/status has no VmHWM
            while not stop.wait(0.05):
                try:
                    sampled[0] = max(sampled[0], proc.memory_info().rss / 2**20)
                except psutil.Error:
                    return

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        client.reset_execution_trackers()
        info = client.wait_for_reply(client.kc.kernel_info())
        nb.metadata["language_info"] = info["content"]["language_info"]
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            t0, cpu0 = time.perf_counter(), _cpu(proc)
            try:
                client.execute_cell(cell, index)
            except CellExecutionError:
                errors += 1
            if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
                errors += 1
            first = next((ln for ln in cell.source.splitlines() if ln.strip() and not ln.startswith("#")), "")
            cells.append((time.perf_counter() - t0, index, first[:70], _cpu(proc) - cpu0))
        stop.set()
        peak = _peak_rss_mb(pid, sampled[0])
        cpu = _cpu(proc)
    return {
        "path": str(path.relative_to(ROOT)),
        "seconds": time.perf_counter() - start,
        "kernel_start": kernel_start,
        "peak_rss_mb": peak,
        "kernel_cpu": cpu,
        "errors": errors,
        "cells": cells,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="editions (default: all)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", help="also write every measurement to this file")
    parser.add_argument("--top", type=int, default=5)
    args = parser.parse_args(argv)
    paths = [ROOT / p for p in args.paths] if args.paths else all_editions()
    # longest first (by size on disk) keeps both workers busy to the end
    paths.sort(key=lambda p: -p.stat().st_size)
    start = time.perf_counter()
    results = []
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(run_one, str(p)) for p in paths]
        for fut in as_completed(futures):
            r = fut.result()
            results.append(r)
            print(f"  {r['seconds']:6.1f} s  {r['peak_rss_mb']:5.0f} MB  err={r['errors']}  {r['path']}", flush=True)
    total = time.perf_counter() - start
    print(f"editions: {len(results)}  jobs: {args.jobs}  total wall time: {total:.1f} s  "
          f"sum of notebook times: {sum(r['seconds'] for r in results):.1f} s")
    print(f"\nslowest {args.top} notebooks (wall, kernel start included):")
    for r in sorted(results, key=lambda r: -r["seconds"])[: args.top]:
        print(f"  {r['seconds']:6.1f} s  (kernel start {r['kernel_start']:.1f} s)  {r['path']}")
    all_cells = [(c[0], r["path"], c[1], c[2], c[3]) for r in results for c in r["cells"]]
    print(f"  sum of kernel CPU time: {sum(r['kernel_cpu'] for r in results):.1f} s")
    print(f"\nslowest {args.top} notebooks by kernel CPU time:")
    for r in sorted(results, key=lambda r: -r["kernel_cpu"])[: args.top]:
        print(f"  {r['kernel_cpu']:6.1f} s  {r['path']}")
    print(f"\nslowest {args.top} cells (wall; kernel CPU in brackets):")
    for sec, path, index, first, cpu in sorted(all_cells, key=lambda c: -c[0])[: args.top]:
        print(f"  {sec:6.2f} s ({cpu:5.2f} s)  {path} cell {index}: {first}")
    print(f"\nslowest {args.top} cells by kernel CPU:")
    for sec, path, index, first, cpu in sorted(all_cells, key=lambda c: -c[4])[: args.top]:
        print(f"  {cpu:6.2f} s  {path} cell {index}: {first}")
    print(f"\nlargest {args.top} peak kernel RSS:")
    for r in sorted(results, key=lambda r: -r["peak_rss_mb"])[: args.top]:
        print(f"  {r['peak_rss_mb']:6.0f} MB  {r['path']}")
    first_cells = [r["cells"][0][0] for r in results if r["cells"]]
    if first_cells:
        first_cpu = [r["cells"][0][3] for r in results if r["cells"]]
        print(f"\nfirst cell (import crmlib; crmlib.setup): mean {sum(first_cells) / len(first_cells):.2f} s, "
              f"max {max(first_cells):.2f} s; kernel CPU mean {sum(first_cpu) / len(first_cpu):.2f} s")
    errs = [r for r in results if r["errors"]]
    print(f"editions with errors: {len(errs)} ({', '.join(r['path'] for r in errs) or '-'})")
    if args.json:
        Path(args.json).write_text(json.dumps({"total": total, "jobs": args.jobs, "results": results}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
