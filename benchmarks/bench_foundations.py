"""Chapter 1 dashboards: time of one update (compute + draw the figure), best of several runs.

Run: .venv/bin/python benchmarks/bench_foundations.py
"""

from __future__ import annotations

import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import crmlib  # noqa: E402
from crmlib.compute import funnel, retention  # noqa: E402
from crmlib.views.retention import retention_view
from crmlib.views.funnel import ladder_view


def best_of(fn, repeat: int = 20) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
        if isinstance(out, tuple) and hasattr(out[0], "savefig"):
            plt.close(out[0])
    return min(times)


def render(view):
    def run():
        fig, text = view()
        fig.canvas.draw()  # what the browser waits for: the figure rasterised
        return fig, text

    return run


def main() -> None:
    crmlib.setup("zh-CN")
    rows = [
        ("ladder_funnel (compute only)", best_of(lambda: funnel.ladder_funnel(10_000, funnel.DEFAULT_LADDER_RATES), 200)),
        ("cohort_profit 30 years (compute only)", best_of(lambda: retention.cohort_profit(1000, 0.8, 100, growth=0.05, acquisition_cost=150, years=30), 200)),
        ("ladder dashboard update (compute + draw)", best_of(render(lambda: ladder_view(10_000, funnel.DEFAULT_LADDER_RATES)))),
        ("retention dashboard update (compute + draw)", best_of(render(lambda: retention_view()))),
    ]
    for name, seconds in rows:
        print(f"{name:48s} {seconds * 1000:8.2f} ms")


if __name__ == "__main__":
    main()
