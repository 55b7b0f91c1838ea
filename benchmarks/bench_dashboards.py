"""Every dashboard's answer to one control change: before and after the in-place redraw (issue 12).

Run: .venv/bin/python benchmarks/bench_dashboards.py [--rounds N] [--only NAME ...] [--write]

Enumerates ALL dashboards of :data:`crmlib.widgets.registry.DASHBOARDS`, builds each as its
notebook does, and changes one control at a time (each control goes one step and back, ``--rounds``
times). Per change it measures, in CPU time of this process (``time.process_time``: the machine
is shared, wall time would measure the neighbours):

- **update**: the dashboard's own work on the change: the view's computation plus creating (before)
  or updating in place (after) the figure's artists. Compute alone is at most this.
- **redraw**: drawing the figure to the PNG the learner sees (``savefig`` at the theme's 100 dpi,
  what :func:`crmlib.widgets.base.show` sends to the notebook).
- **total** = update + redraw.

Medians over all changes of a dashboard; ``worst`` is the largest per-control median total.
"Before" runs the modules as they were before the change (commit ``BEFORE_COMMIT``): the ones
listed in ``BEFORE_MODULES`` are taken from git (``git show``) into a temporary folder and imported
in place of the current ones (a separate process for each path, so neither shares caches with the
other); every other module is the current one. Needs a clone with that commit.
``--write`` rewrites the table in ``benchmarks/results_dashboards.md``.
Targets: update ≤ 0.05 s and total ≤ 0.15 s on an idle 2-core machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.abc
import importlib.util
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BEFORE_COMMIT = "53e5c08b0daa35298a48e807b5f0d3b1f9dc15b1"  # before the in-place redraw
BEFORE_MODULES = (  # the dashboard modules the in-place redraw changed
    "crmlib/cases/d_manager/figures.py",
    "crmlib/cases/d_manager/views.py",
    "crmlib/cases/restaurant/figures.py",
    "crmlib/cases/restaurant/views.py",
    "crmlib/cases/rice_shop/figures.py",
    "crmlib/cases/rice_shop/views.py",
    "crmlib/cases/rice_shop/widgets.py",
    "crmlib/cases/supermarket/figures.py",
    "crmlib/cases/supermarket/views.py",
    "crmlib/figures/funnel.py",
    "crmlib/figures/loyalty.py",
    "crmlib/figures/rfm.py",
    "crmlib/figures/satisfaction.py",
    "crmlib/views/abtest.py",
    "crmlib/views/callcentre.py",
    "crmlib/views/churn.py",
    "crmlib/views/clv_models.py",
    "crmlib/views/funnel.py",
    "crmlib/views/identify.py",
    "crmlib/views/loyalty.py",
    "crmlib/views/retention.py",
    "crmlib/views/rfm.py",
    "crmlib/views/satisfaction.py",
    "crmlib/views/value.py",
    "crmlib/widgets/base.py",
    "crmlib/widgets/foundations.py",
    "crmlib/widgets/identify.py",
    "crmlib/widgets/rfm.py",
)
RESULTS = HERE / "results_dashboards.md"
UPDATE_TARGET, TOTAL_TARGET = 0.05, 0.15


def _checkout_before(folder: Path) -> Path:
    """Write the ``BEFORE_MODULES`` as they were at ``BEFORE_COMMIT`` into ``folder``."""
    for module in BEFORE_MODULES:
        text = subprocess.run(["git", "show", f"{BEFORE_COMMIT}:{module}"], cwd=ROOT, check=True,
                              capture_output=True, text=True).stdout
        target = folder / module
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return folder


class _Before(importlib.abc.MetaPathFinder):
    """Import ``crmlib.x.y`` from ``<folder>/crmlib/x/y.py`` when the old version was written there."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def find_spec(self, name, path=None, target=None):
        if not name.startswith("crmlib."):
            return None
        file = self.folder / (name.replace(".", "/") + ".py")
        return importlib.util.spec_from_file_location(name, file) if file.exists() else None


def _neighbour(control):
    """Another legal value of ``control``, one step away."""
    import ipywidgets as w

    if isinstance(control, w.Dropdown):
        values = [v for _, v in control.options]
        return values[(values.index(control.value) + 1) % len(values)]
    up = control.value + control.step
    return up if up <= control.max else control.value - control.step


def measure(names: list[str] | None, rounds: int) -> dict[str, dict[str, float]]:
    """Per dashboard: median update, redraw and total (s), worst per-control total, changes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    import crmlib
    from crmlib.widgets.registry import DASHBOARDS, build

    crmlib.setup("zh-CN")  # the Chinese font is the heavier one to draw
    out = {}
    for entry in DASHBOARDS:
        if names and entry.name not in names:
            continue
        dash = build(entry)
        updates, redraws, per_control = [], [], {}
        for _ in range(rounds):
            for name, control in dash.controls.items():
                for value in (_neighbour(control), control.value):
                    t0 = time.process_time()
                    control.value = value  # the dashboard re-renders, as on a slider release
                    t1 = time.process_time()
                    result = dash.result
                    fig = result[0] if isinstance(result, tuple) else result
                    buf = io.BytesIO()
                    fig.savefig(buf, format="png", dpi=100)
                    t2 = time.process_time()
                    updates.append(t1 - t0)
                    redraws.append(t2 - t1)
                    per_control.setdefault(name, []).append(t2 - t0)
        out[entry.name] = {
            "update": statistics.median(updates),
            "redraw": statistics.median(redraws),
            "total": statistics.median(u + r for u, r in zip(updates, redraws)),
            "worst": max(statistics.median(v) for v in per_control.values()),
            "changes": len(updates),
        }
        plt.close("all")
    return out


def _run(path: str, names: list[str] | None, rounds: int) -> dict[str, dict[str, float]]:
    cmd = [sys.executable, __file__, "--path", path, "--rounds", str(rounds)]
    if names:
        cmd += ["--only", *names]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=dict(os.environ, MPLBACKEND="Agg"))
    if proc.returncode:
        raise SystemExit(f"the {path} run failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.splitlines()[-1])


def table(before: dict, after: dict) -> list[str]:
    head = ("| dashboard | update before (s) | update after (s) | redraw before (s) | redraw after (s) "
            "| total before (s) | total after (s) | after / before | worst control after (s) | targets met |")
    lines = [head, "|" + "---|" * 10]
    for name, a in after.items():
        b = before.get(name)
        ok = a["update"] <= UPDATE_TARGET and a["worst"] <= TOTAL_TARGET
        cells = [name]
        for key in ("update", "redraw", "total"):
            cells += [f"{b[key]:.3f}" if b else "—", f"{a[key]:.3f}"]
        cells += [f"{a['total'] / b['total']:.2f}" if b else "—", f"{a['worst']:.3f}", "yes" if ok else "**no**"]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--path", choices=["before", "after"], help="measure one path in this process (JSON out)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--only", nargs="*", help="dashboard names (default: all registered)")
    ap.add_argument("--write", action="store_true", help=f"rewrite {RESULTS.name}")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    if args.path:
        if args.path == "before":
            import tempfile

            sys.meta_path.insert(0, _Before(_checkout_before(Path(tempfile.mkdtemp(prefix="crm-before-")))))
        print(json.dumps(measure(args.only, args.rounds)))
        return 0
    load = os.getloadavg()
    before = _run("before", args.only, args.rounds)
    after = _run("after", args.only, args.rounds)
    load_end = os.getloadavg()
    lines = table(before, after)
    print("\n".join(lines))
    print(f"load average at start {load[0]:.2f}, at end {load_end[0]:.2f}")
    if args.write:
        header = [
            "# Dashboards: one control change, before and after the in-place redraw",
            "",
            f"Measured {dt.date.today().isoformat()} with `benchmarks/bench_dashboards.py --rounds {args.rounds}` on "
            f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
            f"load average (1 min) {load[0]:.2f} at the start and {load_end[0]:.2f} at the end (a shared machine: "
            "CPU time of the benchmark process, not wall time). Medians over every change (each control one step "
            "and back, per round); zh-CN edition. *update* = the view's computation plus creating (before) or "
            "updating in place (after) the figure's artists, so computation alone is at most this; *redraw* = "
            "the PNG at 100 dpi that the notebook shows. Targets: update ≤ 0.05 s, every control's total ≤ 0.15 s.",
            "",
        ]
        RESULTS.write_text("\n".join(header + lines) + "\n", encoding="utf-8")
        print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
