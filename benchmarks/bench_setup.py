"""Start-up cost of a notebook's first cell: ``import crmlib`` and ``crmlib.setup()`` (issue 12).

Each measurement runs in a fresh interpreter (imports are cached within one), as a kernel does;
the best and the median of ``--repeat`` runs are reported, wall and CPU time (``time.process_time``).

Two versions of ``setup`` are measured in the same run, interleaved, so that the ratio is fair
on a busy machine: ``before`` replays what ``crmlib.setup`` did up to December 2026 (language,
then ``seaborn.set_theme(...)``, which imports seaborn, scipy.stats and statsmodels), ``after``
calls today's ``crmlib.setup``.

Usage::

    .venv/bin/python benchmarks/bench_setup.py
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

SNIPPET = r"""
import json, time
w0, c0 = time.perf_counter(), time.process_time()
import crmlib
w1, c1 = time.perf_counter(), time.process_time()
if MODE == "before":
    crmlib.set_language("zh-CN")
    from crmlib.figures.theme import PALETTE, register_font
    import seaborn as sns
    family = register_font()
    sns.set_theme(context="notebook", style="whitegrid", palette=PALETTE, font="sans-serif",
                  rc={"font.sans-serif": [family, "DejaVu Sans"], "axes.unicode_minus": False, "figure.dpi": 100,
                      "savefig.dpi": 100, "figure.figsize": (7.5, 4.2)})
else:
    crmlib.setup("zh-CN")
w2, c2 = time.perf_counter(), time.process_time()
import sys
rss = [int(line.split()[1]) / 1024 for line in open("/proc/self/status") if line.startswith("VmRSS")] or [float("nan")]
print(json.dumps({"rss_mb": rss[0], "import_wall": w1 - w0, "import_cpu": c1 - c0, "setup_wall": w2 - w1, "setup_cpu": c2 - c1,
                  "seaborn": "seaborn" in sys.modules, "scipy": "scipy" in sys.modules,
                  "statsmodels": "statsmodels" in sys.modules, "pyplot": "matplotlib.pyplot" in sys.modules}))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    runs: dict[str, list[dict]] = {"before": [], "after": []}
    for _ in range(args.repeat):
        for mode in runs:
            code = f"MODE = {mode!r}\n" + SNIPPET
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
            runs[mode].append(json.loads(out))
    best: dict[tuple[str, str], float] = {}
    for mode, results in runs.items():
        for key in ("import_wall", "import_cpu", "setup_wall", "setup_cpu"):
            values = sorted(r[key] for r in results)
            best[mode, key] = values[0]
            print(f"{mode:6s} {key:12s} best {values[0]:.3f} s  median {values[len(values) // 2]:.3f} s")
        last = results[-1]
        mems = sorted(r["rss_mb"] for r in results)
        print(f"{mode:6s} resident memory after setup (VmRSS, Linux): median {mems[len(mems) // 2]:.0f} MB")
        print(f"{mode:6s} imported by setup: " + ", ".join(f"{m}={last[m]}" for m in ("seaborn", "scipy", "statsmodels", "pyplot")))
    for key in ("setup_wall", "setup_cpu"):
        print(f"ratio before/after, {key} (best): {best['before', key] / best['after', key]:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
