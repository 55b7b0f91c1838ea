"""Speed of the Dick's supermarket case: lists for a year, the simulation and the dashboard.

Run: .venv/bin/python benchmarks/bench_supermarket.py
Prints one line per measurement: best of several runs, time.perf_counter. Targets (issue 5):
lists for 10,000 households over a year in about a second; a dashboard update at default size
well under 0.1 s.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from crmlib import i18n  # noqa: E402
from crmlib.cases.supermarket import model as sm  # noqa: E402
from crmlib.cases.supermarket.views import campaign_view
from crmlib.datasets.synth import supermarket as syn  # noqa: E402
from crmlib.cases.supermarket.widgets import supermarket_dashboard  # noqa: E402


def best(fn: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    i18n.set_language("en")
    households = syn.generate_households(n=10_000)
    deals = syn.generate_deals()
    t0 = time.perf_counter()
    baskets = syn.generate_baskets(households, deals, weeks=52)
    gen = time.perf_counter() - t0
    print(f"generate_baskets 10,000 households x 52 weeks ({len(baskets):,} rows): {gen:.3f} s (one run)")

    lists = sm.lists_for_year(baskets, deals)
    n_lists = lists.groupby(["list_week", "household_id"]).ngroups
    print(f"lists_for_year 10,000 households, weeks 9-51 every 2 weeks ({n_lists:,} lists, {len(lists):,} lines): "
          f"{best(lambda: sm.lists_for_year(baskets, deals), repeat=3):.3f} s")
    print(f"  of which history() (checks + array): {best(lambda: sm.history(baskets), repeat=3):.3f} s")

    hh2000 = syn.generate_households()
    sm.simulate_programme(hh2000, deals)  # draws cached after the first run
    print(f"simulate_programme 2,000 households, 12 + 26 weeks: {best(lambda: sm.simulate_programme(hh2000, deals)):.3f} s")

    dash = supermarket_dashboard()
    values = iter([30.0, 35.0] * 20)

    def move() -> None:
        dash.controls["coupon_value"].value = next(values)
        plt.close(dash.result[0])  # in a notebook the dashboard closes each figure once shown

    print(f"dashboard update at default size (1,000 households, two simulations + figure): {best(move, repeat=9) * 1000:.0f} ms")
    print(f"campaign_view at 2,000 households: {best(lambda: plt.close(campaign_view(households=2000)[0])) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
