"""Speed of chapter 4 and 5 computations: BG/NBD and Gamma-Gamma on CDNOW, and dashboard updates.

Run: .venv/bin/python benchmarks/bench_clv_models.py
Prints one line per measurement: best of several runs, time.perf_counter. Dashboard updates
include drawing the figure to PNG, as the notebook does before the learner sees it.
Target (issue 7): BG/NBD on CDNOW in about a second; dashboard updates well under 0.1 s.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import crmlib  # noqa: E402
from crmlib.compute import clv_models as cm  # noqa: E402
from crmlib import datasets  # noqa: E402
from crmlib.compute import interaction


sys.path.insert(0, str(Path(__file__).parent))
from timing import best_of  # noqa: E402

best = best_of


def slider_update(make, name: str, values: list) -> float:
    dash = make()
    times = []
    for value in values:
        t0 = time.perf_counter()
        dash.controls[name].value = value
        for num in plt.get_fignums():  # the PNG the learner waits for: the figure drawn
            plt.figure(num).savefig(io.BytesIO(), format="png")
        times.append(time.perf_counter() - t0)
        plt.close("all")
    return min(times)


def main() -> None:
    crmlib.setup("zh-CN")  # the Chinese edition: the heavier font
    sample = datasets.load_cdnow_sample()
    master = datasets.load_cdnow_master()
    summary = cm.cdnow_summary()
    bg = cm.fit_bgnbd(summary)
    gg = cm.fit_gamma_gamma(summary)
    master_summary = cm.rfm_summary(master, cm.CDNOW_CALIBRATION_END, cm.CDNOW_HOLDOUT_END)
    log = datasets.load_complaints()
    baskets = datasets.load_category_baskets()

    cases = {
        "rfm_summary CDNOW sample (6,919 transactions)": lambda: cm.rfm_summary(sample, cm.CDNOW_CALIBRATION_END, cm.CDNOW_HOLDOUT_END),
        "fit_bgnbd CDNOW sample (2,357 customers)": lambda: cm.fit_bgnbd(summary),
        "summary + fit_bgnbd CDNOW sample, from transactions": lambda: cm.fit_bgnbd(cm.cdnow_summary()),
        "fit_gamma_gamma CDNOW sample (946 repeat buyers)": lambda: cm.fit_gamma_gamma(summary),
        "customer_lifetime_value 12 months, 2,357 customers": lambda: cm.customer_lifetime_value(bg, gg, summary),
        "weekly_tracking 78 weeks, 2,357 customers": lambda: cm.weekly_tracking(bg, summary, sample),
        "rfm_summary CDNOW master (69,659 transactions)": lambda: cm.rfm_summary(master, cm.CDNOW_CALIBRATION_END, cm.CDNOW_HOLDOUT_END),
        "fit_bgnbd CDNOW master (23,570 customers)": lambda: cm.fit_bgnbd(master_summary),
        "cause_pareto + fcr_trend complaint log (2,343 rows)": lambda: (interaction.cause_pareto(log), interaction.fcr_trend(log)),
        "category_affinity 5,000 orders": lambda: interaction.category_affinity(baskets),
    }
    for label, fn in cases.items():
        print(f"{label}: {best(fn) * 1000:.1f} ms")

    from crmlib.widgets.abtest import abtest_dashboard
    from crmlib.widgets.value import clv_dashboard, delivered_value_dashboard, p_alive_dashboard

    updates = {
        "delivered_value_dashboard update": (delivered_value_dashboard, "money", [55.0, 60.0, 65.0, 70.0, 75.0]),
        "clv_dashboard update": (clv_dashboard, "retention", [0.5, 0.6, 0.7, 0.85, 0.9]),
        "p_alive_dashboard update": (p_alive_dashboard, "recency", [10.0, 15.0, 20.0, 25.0, 35.0]),
        "abtest_dashboard update": (abtest_dashboard, "customers", [2000, 3000, 4000, 5000, 6000]),
    }
    for label, (make, name, values) in updates.items():
        print(f"{label}: {slider_update(make, name, values) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
