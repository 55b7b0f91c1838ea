"""Speed of the rice-shop simulation (王永庆卖米) and its dashboard update.

Run: .venv/bin/python benchmarks/bench_rice_shop.py
Prints one line per measurement: best of several runs, time.perf_counter.
Targets: a dashboard update at default size (300 households, 365 days) well under 0.1 s;
10,000 households x 365 days in a few seconds.
"""

from __future__ import annotations

import io
import os
import time

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

import crmlib  # noqa: E402
from crmlib.cases.rice_shop import analysis as rsa  # noqa: E402
from crmlib.cases.rice_shop import model as rs  # noqa: E402
from crmlib.cases.rice_shop.views import rice_shop_view
from crmlib.cases.rice_shop.widgets import rice_shop_dashboard  # noqa: E402


def best(fn, repeat: int = 7) -> tuple[float, float]:
    """Best wall-clock time (perf_counter) and best CPU time of this process, in seconds.

    The CPU time is printed too because on a shared, busy machine the wall clock also counts
    the time other processes hold the cores.
    """
    wall, cpu = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        plt.close("all")  # not timed: the notebook's dashboard closes each figure after showing it
    return min(wall), min(cpu)


def main() -> None:
    crmlib.setup("zh-CN")  # Chinese labels and the bundled font, as in the notebook
    dash = rice_shop_dashboard()
    lead = iter(range(10**6))

    def move_slider() -> None:  # a real update: the value changes every time
        dash.controls["lead_days"].value = 1 + next(lead) % 6

    def view_and_png() -> None:
        fig, _ = rice_shop_view()
        fig.savefig(io.BytesIO(), format="png")

    cases = [
        ("simulate 300 households x 365 days, deliver", lambda: rs.simulate(), 7),
        ("compare (both strategies) 300 x 365", lambda: rs.compare(), 7),
        ("rice_shop_view 300 x 365 (compute + build figure + table)", lambda: rice_shop_view(), 7),
        ("dashboard update: move lead_days slider, 300 x 365", move_slider, 7),
        ("rice_shop_view + draw PNG, 300 x 365", view_and_png, 5),
        ("simulate 10,000 households x 365 days, deliver", lambda: rs.simulate(n_households=10_000), 3),
        ("simulate 10,000 x 365, reference day-by-day loop (method='daily')",
         lambda: rs.simulate(n_households=10_000, method="daily"), 3),
        ("simulate 300 x 365, reference day-by-day loop (method='daily')", lambda: rs.simulate(method="daily"), 7),
        ("compare + comparison_table 10,000 x 365", lambda: rsa.comparison_table(rs.compare(n_households=10_000)), 3),
    ]
    rice_shop_view()  # warm up fonts and caches
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for label, fn, repeat in cases:
        wall, cpu = best(fn, repeat)
        print(f"{label}: {wall * 1000:.1f} ms (CPU {cpu * 1000:.1f} ms)")


if __name__ == "__main__":
    main()
