"""Speed of the exercise checks and the quiz (issue 3).

Run: .venv/bin/python benchmarks/bench_quiz.py
Prints one line per measurement: best of several runs, time.perf_counter. Check feedback is
printed by the checks, so stdout is redirected while timing them.
"""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

import contextlib
import io

import numpy as np
import pandas as pd

from crmlib.course import checks, quiz
from crmlib import i18n
from crmlib.course.quiz_widget import QuizWidget


sys.path.insert(0, str(Path(__file__).parent))
from timing import best_of  # noqa: E402

best = partial(best_of, repeat=7, number=20)


def quiet(fn):
    def run():
        with contextlib.redirect_stdout(io.StringIO()):
            fn()

    return run


def main() -> None:
    i18n.set_language("en")
    rng = np.random.default_rng(0)
    big = pd.DataFrame({"customer": np.arange(10_000), "amount": rng.gamma(2.0, 50.0, 10_000).round(2)})
    shuffled = big.sample(frac=1.0, random_state=1)

    def load_everything():
        quiz._load.cache_clear()
        quiz.load_all()

    q = quiz.load_bank("ch01")[0]
    widget = QuizWidget(quiz.start("ch01"))

    def click_cycle():  # answer, check, next... and back to the start: one widget update each
        widget.controls["choice"].value = q.answer
        widget.buttons["check"].click()
        widget.buttons["restart"].click()

    cases = {
        "check_number": quiet(lambda: checks.check_number(0.375, 30 / 80, abs_tol=0.001)),
        "check_choice": quiet(lambda: checks.check_choice("b", "B", options="ABCD")),
        "check_set": quiet(lambda: checks.check_set("ACD", "ADC", options="ABCD")),
        "check_keywords (4 points)": quiet(lambda: checks.check_keywords("期望 感知 满意 忠诚", ["期望", "感知", "满意", "忠诚"])),
        "check_table 4 rows": quiet(lambda: checks.check_table(big.head(4), big.head(4))),
        "check_table 10,000 rows, ignore_order": quiet(lambda: checks.check_table(shuffled, big, ignore_order=True)),
        "load and validate all 10 banks (129 questions), cold": load_everything,
        "quiz_view (one screen)": lambda: quiz.quiz_view(quiz.submit(quiz.start([q]), q.answer)),
        "quiz widget: select + Check + Start again (3 updates)": click_cycle,
    }
    for label, fn in cases.items():
        number = 3 if "cold" in label or "10,000" in label else 20
        print(f"{label}: {best(fn, number=number) * 1000:.3f} ms")


if __name__ == "__main__":
    main()
