"""Chapters 6 and 7 in a real browser: the expectation and programme-ROI dashboards respond."""

import re

import matplotlib.pyplot as plt

import crmlib
from crmlib import datasets
from crmlib.cases.restaurant import model as restaurant
from crmlib.cases.restaurant.views import roi_view
from tests.browser.conftest import expect_one_image, move_slider, open_and_run, output_text, wait_for_change


def test_chapter7_roi_widget_responds(page, lab):
    boards = open_and_run(page, lab, "chapters/zh-CN/07_loyalty.ipynb")
    roi = boards.nth(0)
    before = output_text(roi)
    crmlib.setup("zh-CN")
    tiers = restaurant.tiers_from_attendance(datasets.load_restaurant_attendance(), "2024-06")
    fig, at_defaults = roi_view(tiers)  # the case's defaults (analysis.ROI_DEFAULTS)
    plt.close(fig)
    assert at_defaults in before
    expect_one_image(roi)
    # Slider 0 is the retention gain (step 0.01).
    start = float(roi.locator(".widget-slider").nth(0).locator(".widget-readout").first.inner_text())
    readout = float(move_slider(roi, 0, presses=5))
    assert readout > start
    wait_for_change(page, roi, before)
    fig, expected = roi_view(tiers, uplift=readout)
    plt.close(fig)
    # each key press re-renders; wait for the render of the final slider value
    page.wait_for_function(
        "([el, text]) => el.innerText.includes(text)",
        arg=[roi.locator(".widget-output").first.element_handle(), expected],
        timeout=30_000,
    )
    assert expected in output_text(roi)


def test_chapter6_expectation_widget_responds_in_english(page, lab):
    boards = open_and_run(page, lab, "chapters/en/06_satisfaction.ipynb")
    board = boards.nth(0)
    before = output_text(board)
    mean_before = float(re.search(r"= ([0-9.]+);", before).group(1))
    move_slider(board, 0, presses=4)  # expectations up by 4 steps of 0.25
    after = wait_for_change(page, board, before)
    mean_after = float(re.search(r"= ([0-9.]+);", after).group(1))
    assert mean_after < mean_before  # higher expectations, same meal: lower C = b/a
