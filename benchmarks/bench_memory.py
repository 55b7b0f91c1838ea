"""Where a kernel's memory goes, cell by cell (issue 17: memory per student; issue 18: peak kernel memory).

Each notebook runs in a fresh ``python3`` kernel with nbclient, as ``bench_course.py`` does. After
every code cell a silent probe reads the kernel's own ``/proc/self/status`` (``VmRSS``, the
resident memory now, and ``VmHWM``, its high-water mark) and which heavy libraries are imported
so far. The table shows the cells that added the most memory and when each library first came in.
``--baseline`` also measures a bare kernel after ``import crmlib; crmlib.setup()`` and after each
heavy import alone (fresh interpreter each), to split a kernel's memory into its parts.

Usage::

    .venv-dev/bin/python benchmarks/bench_memory.py cases/en/dicks_supermarket.ipynb
    .venv-dev/bin/python benchmarks/bench_memory.py --baseline chapters/en/04_customer_value.ipynb
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

HEAVY = ("scipy", "scipy.stats", "scipy.optimize", "statsmodels", "statsmodels.api", "matplotlib.pyplot",
         "seaborn", "duckdb", "ipywidgets", "pyarrow", "patsy", "sklearn", "jedi", "debugpy")

PROBE = f"""
def __crm_probe():
    import json, sys
    status = dict(line.split(":", 1) for line in open("/proc/self/status") if line.startswith(("VmRSS", "VmHWM")))
    mb = {{k: int(v.split()[0]) / 1024 for k, v in status.items()}}
    return json.dumps({{"rss": mb["VmRSS"], "hwm": mb["VmHWM"], "modules": [m for m in {HEAVY!r} if m in sys.modules],
                        "n_modules": len(sys.modules)}})
print(__crm_probe())
"""

IMPORTS = {
    "python": "",
    "numpy + pandas": "import numpy, pandas",
    "import crmlib; crmlib.setup()": "import crmlib; crmlib.setup()",
    "matplotlib.pyplot": "import matplotlib.pyplot",
    "scipy.special": "import scipy.special",
    "scipy.stats": "import scipy.stats",
    "scipy.optimize": "import scipy.optimize",
    "statsmodels.api": "import statsmodels.api",
    "statsmodels OLS + stats (abtest)": "import statsmodels.regression.linear_model, statsmodels.stats.weightstats, "
                                        "statsmodels.stats.power, statsmodels.stats.proportion",
    "seaborn": "import seaborn",
    "ipywidgets": "import ipywidgets",
    "duckdb": "import duckdb",
}


def _probe(client, nb) -> dict:
    import nbformat

    cell = nbformat.v4.new_code_cell(PROBE)
    nb.cells.append(cell)
    client.execute_cell(cell, len(nb.cells) - 1)
    nb.cells.pop()
    text = "".join(o.get("text", "") for o in cell.outputs if o.get("output_type") == "stream")
    return json.loads(text.strip().splitlines()[-1])


def trace(path: Path) -> dict:
    """Run one notebook; return the probe after the kernel starts and after every code cell."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    client = NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(path.parent)}})
    client.widget_registry = {}
    rows = []
    with client.setup_kernel():
        client.reset_execution_trackers()
        rows.append({"cell": -1, "source": "(kernel started)", **_probe(client, nb)})
        for index, cell in list(enumerate(nb.cells)):
            if cell.cell_type != "code":
                continue
            client.execute_cell(cell, index)
            first = next((ln for ln in cell.source.splitlines() if ln.strip() and not ln.startswith("#")), "")
            rows.append({"cell": index, "source": first[:60], **_probe(client, nb)})
    return {"path": str(path), "rows": rows}


def report(result: dict, top: int) -> None:
    rows = result["rows"]
    print(f"\n## {result['path']}")
    print(f"kernel started: {rows[0]['rss']:.0f} MB; end: RSS {rows[-1]['rss']:.0f} MB, peak (VmHWM) {rows[-1]['hwm']:.0f} MB")
    seen: set[str] = set(rows[0]["modules"])
    steps = []
    for prev, row in zip(rows, rows[1:]):
        new = [m for m in row["modules"] if m not in seen]
        seen.update(new)
        steps.append((row["rss"] - prev["rss"], row["hwm"] - prev["hwm"], row, new))
    print(f"cells adding the most resident memory (top {top}):")
    for d_rss, d_hwm, row, new in sorted(steps, key=lambda s: -max(s[0], s[1]))[:top]:
        print(f"  {d_rss:+6.0f} MB (peak {d_hwm:+5.0f})  cell {row['cell']:>3}: {row['source']}"
              + (f"   imports {', '.join(new)}" if new else ""))
    print("heavy libraries imported by the end: " + (", ".join(rows[-1]["modules"]) or "none"))


def import_costs() -> None:
    """RSS of a fresh interpreter after each import alone (and after crmlib's first cell)."""
    print("\n## resident memory of a fresh interpreter after one import (MB)")
    base = None
    for label, code in IMPORTS.items():
        snippet = (code + "\n" if code else "") + PROBE
        out = subprocess.run([sys.executable, "-c", snippet], capture_output=True, text=True, check=True, cwd=ROOT)
        rss = json.loads(out.stdout.strip().splitlines()[-1])["rss"]
        base = rss if base is None else base
        print(f"  {rss:6.0f}  ({rss - base:+5.0f})  {label}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="editions to trace")
    parser.add_argument("--baseline", action="store_true", help="also measure each heavy import alone")
    parser.add_argument("--top", type=int, default=8)
    parser.add_argument("--json", help="write the traces to this file")
    args = parser.parse_args(argv)
    if args.baseline:
        import_costs()
    traces = []
    for p in args.paths:
        traces.append(trace((ROOT / p).resolve()))
        report(traces[-1], args.top)
    if args.json:
        Path(args.json).write_text(json.dumps(traces, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
