"""Speed of the restaurant case (富丽华·华膳楼酒店): grading a large attendance log, the alert sheet,
grade moves, the grant-share sweep and a dashboard update.

Run: .venv/bin/python benchmarks/bench_restaurant.py
Prints one line per measurement: best of several runs, time.perf_counter.
"""

from __future__ import annotations

import io
import sys
from functools import partial
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from crmlib import datasets, i18n  # noqa: E402
from crmlib.cases.restaurant import analysis  # noqa: E402
from crmlib.cases.restaurant import model as r  # noqa: E402
from crmlib.cases.restaurant.views import roi_view  # noqa: E402
from crmlib.cases.restaurant.widgets import roi_dashboard  # noqa: E402
from crmlib.figures.theme import use_theme  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from timing import best_of  # noqa: E402

best = partial(best_of, repeat=7, number=3)


def big_log(n_customers: int, seed: int = 1) -> pd.DataFrame:
    """About 4 visits a customer a month over May and June 2024."""
    rng = np.random.default_rng(seed)
    n = n_customers * 8
    return pd.DataFrame(
        {
            "customer_id": [f"R{i:06d}" for i in rng.integers(0, n_customers, n)],
            "date": pd.Timestamp("2024-05-01") + pd.to_timedelta(rng.integers(0, 61, n), unit="D"),
            "guests": rng.integers(2, 20, n),
            "spend": rng.gamma(4.0, 200.0, n).round(0),
        }
    )


def main() -> None:
    i18n.set_language("en")
    use_theme()
    big = big_log(20_000)
    visits, feedback = datasets.load_restaurant_attendance(), datasets.load_restaurant_feedback()
    tiers = analysis.default_tiers()

    def render_png():
        fig, _ = roi_view(tiers, grant_share=0.4)
        fig.savefig(io.BytesIO(), format="png")
        plt.close(fig)

    def view():
        fig, _ = roi_view(tiers)
        plt.close(fig)

    dash = roi_dashboard(tiers)
    values = iter(np.tile([0.1, 0.2, 0.3, 0.4, 0.5, 0.6], 100))

    def dashboard_update():
        dash.controls["grant_share"].value = float(next(values))
        plt.close("all")

    cases = {
        "monthly_summary + grade_customers, 20,000 customers (~80,000 visits in June)": lambda: r.grade_customers(
            r.monthly_summary(big, "2024-06")
        ),
        "grade_changes + grade_moves, 20,000 customers, May -> June": lambda: analysis.grade_moves(
            analysis.grade_changes(big)
        ),
        "alert_sheet, the data set (150 customers)": lambda: analysis.alert_sheet(visits, feedback),
        "grant_share_sweep (21 points) + breakeven_grant_share": lambda: (
            analysis.grant_share_sweep(tiers), analysis.breakeven_grant_share(tiers)
        ),
        "roi_view (dashboard computation + figure)": view,
        "dashboard update (set a slider, re-render)": dashboard_update,
        "roi_view + PNG render (what the notebook shows)": render_png,
    }
    for label, fn in cases.items():
        print(f"{label}: {best(fn) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
