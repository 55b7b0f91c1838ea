"""Speed of chapters 6-7 (satisfaction, loyalty) and the restaurant grading case.

Run: .venv/bin/python benchmarks/bench_loyalty.py
Prints one line per measurement: best of several runs, time.perf_counter. Dashboard updates must
stay well under 0.1 s at default size.
"""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

import crmlib  # noqa: E402
from crmlib import datasets  # noqa: E402
from crmlib.compute import loyalty, satisfaction
from crmlib.views.satisfaction import expectation_view
from crmlib.cases.restaurant import model as restaurant
from crmlib.cases.restaurant.views import roi_view
from crmlib.datasets.synth import restaurant as synth_restaurant  # noqa: E402
from crmlib.datasets.synth import survey as synth_survey  # noqa: E402


sys.path.insert(0, str(Path(__file__).parent))
from timing import best_of  # noqa: E402

best = partial(best_of, repeat=5, number=5)


def closing(view):
    def run() -> None:
        fig, _ = view()
        plt.close(fig)

    return run


def rendering(view):
    def run() -> None:
        fig, _ = view()
        fig.savefig(io.BytesIO(), format="png")
        plt.close(fig)

    return run


def main() -> None:
    crmlib.setup("zh-CN")
    survey = datasets.load_survey()
    visits = datasets.load_restaurant_attendance()
    cdnow = datasets.load_cdnow_master()
    tiers = restaurant.tiers_from_attendance(visits, "2024-06")
    cases = {
        "roi_view (ROI dashboard update, default size)": closing(lambda: roi_view(tiers)),
        "roi_view + PNG render": rendering(lambda: roi_view(tiers)),
        "expectation_view (satisfaction dashboard update)": closing(lambda: expectation_view(survey, 1.0, "all")),
        "expectation_view + PNG render": rendering(lambda: expectation_view(survey, 1.0, "all")),
        "monthly_summary + grade_customers, 150 customers": lambda: restaurant.grade_customers(restaurant.monthly_summary(visits, "2024-06")),
        "alerts May -> June, 150 customers": lambda: restaurant.alerts(
            restaurant.monthly_summary(visits, "2024-06"), restaurant.monthly_summary(visits, "2024-05"),
            datasets.load_restaurant_feedback()),
        "driver_regression (OLS), 600 respondents": lambda: satisfaction.driver_regression(survey),
        "repurchase_curve (logit), 600 respondents": lambda: satisfaction.repurchase_curve(survey),
        "cohort_table CDNOW master, 69,659 rows, monthly": lambda: loyalty.cohort_table(cdnow),
        "repeat_purchase_rate CDNOW master": lambda: loyalty.repeat_purchase_rate(cdnow),
        "synth restaurant generate (150 customers, 2 months)": lambda: synth_restaurant.generate(),
        "synth survey generate (600 respondents)": lambda: synth_survey.generate(),
    }
    for label, fn in cases.items():
        print(f"{label}: {best(fn) * 1e3:.1f} ms")


if __name__ == "__main__":
    main()
