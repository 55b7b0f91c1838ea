"""Chapter 1 and the course home in a real browser: the widgets render and respond."""

import re

import matplotlib.pyplot as plt

import crmlib
from crmlib.compute import funnel
from crmlib.views.funnel import ladder_view
from crmlib import i18n
from tests.browser.conftest import move_slider, open_and_run, output_text, wait_for_change, wait_for_text, expect_one_image


def test_chapter1_ladder_widget_responds(page, lab):
    boards = open_and_run(page, lab, "chapters/zh-CN/01_foundations.ipynb", dashboards=2)
    ladder = boards.nth(0)
    before = output_text(ladder)
    assert "位可疑者中，有 9.0 位成为拥护者" in before  # default rates: 10,000 × 0.0009
    expect_one_image(ladder)  # the funnel chart is drawn
    # Slider 3 is "首次购买 → 重复购买" (first-time -> repeat), default 0.40.
    readout = float(move_slider(ladder, 3, presses=5))
    assert readout > 0.40
    rates = list(funnel.DEFAULT_LADDER_RATES)
    rates[2] = readout
    crmlib.setup("zh-CN")
    fig, expected = ladder_view(10_000, rates)
    plt.close(fig)
    after = wait_for_text(page, ladder, expected)
    assert after != before


def test_chapter1_retention_widget_responds_in_english(page, lab):
    boards = open_and_run(page, lab, "chapters/en/01_foundations.ipynb", dashboards=2)
    cake = boards.nth(1)
    before = output_text(cake)
    assert "(+64.3%)" in before
    move_slider(cake, 4, presses=3, key="ArrowLeft")  # acquisition cost down from 150
    after = wait_for_change(page, cake, before)
    change = float(re.search(r"\(([+-][0-9.]+)%\)", after).group(1))
    assert change < 64.3  # cheaper acquisition shrinks the relative gain from retention


def test_home_widget_check_responds(page, lab):
    i18n.set_language("zh-CN")
    boards = open_and_run(page, lab, "home_zh-CN.ipynb")
    assert output_text(boards.nth(0)) == i18n.t("envcheck.widget_value", value=5)
    move_slider(boards.nth(0), 0, presses=2)
    # Two key presses are two updates: wait for the second one, not just any change.
    wait_for_text(page, boards.nth(0), i18n.t("envcheck.widget_value", value=7))
