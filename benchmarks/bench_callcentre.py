"""Speed of the Erlang C staffing functions (chapter 9).

Run: .venv/bin/python benchmarks/bench_callcentre.py
Prints one line per measurement: best of several runs, time.perf_counter.
"""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from crmlib.compute import callcentre as cc  # noqa: E402
from crmlib.views.callcentre import staffing_view
from crmlib import i18n  # noqa: E402


sys.path.insert(0, str(Path(__file__).parent))
from timing import best_of  # noqa: E402

best = partial(best_of, repeat=7, number=20)


def main() -> None:
    i18n.set_language("en")
    cases = {
        "agents_needed 1000 calls/h, AHT 240 s, 80%/20 s": lambda: cc.agents_needed(1000, 240),
        "agents_needed 1000 calls/h, AHT 3600 s (A=1000), 90%/20 s": lambda: cc.agents_needed(
            1000, 3600, target_level=0.9, target_seconds=20
        ),
        "erlang_c N=1100, A=1000": lambda: cc.erlang_c(1100, 1000.0),
        "staffing_table 1000 calls/h, 13 rows": lambda: cc.staffing_table(1000, 240),
    }
    for label, fn in cases.items():
        print(f"{label}: {best(fn) * 1e3:.3f} ms")
    def view_only(*args: float) -> None:
        fig, _ = staffing_view(*args)
        plt.close(fig)

    def view_and_render() -> None:
        fig, _ = staffing_view()
        fig.savefig(io.BytesIO(), format="png")
        plt.close(fig)

    print(f"staffing_view (dashboard update, default size): {best(view_only, repeat=5, number=5) * 1e3:.1f} ms")
    print(f"staffing_view + PNG render (what the notebook shows): {best(view_and_render, repeat=5, number=3) * 1e3:.1f} ms")
    print(f"staffing_view 1000 calls/h: {best(lambda: view_only(1000, 240), repeat=5, number=5) * 1e3:.1f} ms")


if __name__ == "__main__":
    main()
