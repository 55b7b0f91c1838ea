"""Speed of the D-manager case: scoring and classifying many customers, and a dashboard update.

Run: .venv/bin/python benchmarks/bench_d_manager.py
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
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from crmlib.compute import concentration, scoring  # noqa: E402
from crmlib import i18n
from crmlib.cases.d_manager import model as d  # noqa: E402
from crmlib.cases.d_manager.views import turnaround_view
from crmlib.figures.theme import use_theme  # noqa: E402
from crmlib.cases.d_manager.widgets import turnaround_dashboard  # noqa: E402


sys.path.insert(0, str(Path(__file__).parent))
from timing import best_of  # noqa: E402

best = partial(best_of, repeat=7, number=3)


def customers(n: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "sales": rng.lognormal(10, 1.2, n).round(2),
            "units": rng.integers(1, 5000, n),
            "overdue": rng.exponential(2000, n).round(2),
            "cycle_days": rng.uniform(5, 120, n).round(1),
        },
        index=[f"C{i:06d}" for i in range(n)],
    )


def main() -> None:
    i18n.set_language("en")
    use_theme()
    big = customers(100_000)

    def score_and_classify(method: str):
        score = scoring.weighted_score(big, d.DEFAULT_WEIGHTS, d.DIRECTIONS, method)
        scoring.top_share_classes(score, (0.2,))
        concentration.abc_classes(big["sales"])

    def render_png():
        fig, _ = turnaround_view(w_sales=0.5, w_units=0.2, w_overdue=0.15, w_cycle=0.15)
        fig.savefig(io.BytesIO(), format="png")
        plt.close(fig)

    def view():
        fig, _ = turnaround_view(top_share=0.25)
        plt.close(fig)

    dash = turnaround_dashboard()
    values = iter(np.tile([0.1, 0.2, 0.3, 0.4, 0.5, 0.6], 100))

    def dashboard_update():
        dash.controls["winback_rate"].value = float(next(values))
        plt.close("all")

    cases = {
        "weighted_score + top 20% + ABC, 100,000 customers (min-max)": lambda: score_and_classify("minmax"),
        "weighted_score + top 20% + ABC, 100,000 customers (rank)": lambda: score_and_classify("rank"),
        "pareto_curve + gini + whale_curve, 100,000 customers": lambda: (
            concentration.pareto_curve(big["sales"]), concentration.gini(big["sales"]),
            concentration.whale_curve(big["sales"] - 20000),
        ),
        "turnaround_view (dashboard computation, default ledger)": view,
        "dashboard update (set a slider, re-render)": dashboard_update,
        "turnaround_view + PNG render (what the notebook shows)": render_png,
    }
    for label, fn in cases.items():
        print(f"{label}: {best(fn) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
