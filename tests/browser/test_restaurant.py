"""The restaurant case (富丽华·华膳楼酒店) in a real browser: the programme-ROI dashboard renders and
responds to the share of visits given the lowest discount (the parameter that turns the story around)."""

import re

import matplotlib.pyplot as plt

import crmlib
from crmlib.cases.restaurant import analysis
from crmlib.cases.restaurant.views import roi_view
from tests.browser.conftest import expect_one_image, move_slider, open_and_run, output_text, wait_for_change


def _roi(text: str) -> float:
    return float(re.search(r"(?:ROI|投资回报率) ([+-]?[0-9.]+)%", text).group(1))


def _expected(lang: str, **params) -> str:
    crmlib.setup(lang)
    fig, text = roi_view(analysis.default_tiers(), **params)
    plt.close(fig)
    return text


def test_restaurant_grant_share_slider_in_chinese(page, lab):
    boards = open_and_run(page, lab, "cases/zh-CN/restaurant.ipynb")
    board = boards.nth(0)
    before = output_text(board)
    assert _expected("zh-CN") in before  # defaults: the programme pays
    assert _roi(before) > 0
    expect_one_image(board)
    # Slider 3 is the grant share (default 0.20, step 0.05): eight steps to 0.60, then 1.00.
    readout = float(move_slider(board, 3, presses=16))
    assert readout == 1.0
    expected = _expected("zh-CN", grant_share=readout)
    page.wait_for_function(
        "([el, text]) => el.innerText.includes(text)",
        arg=[board.locator(".widget-output").first.element_handle(), expected],
        timeout=30_000,
    )
    assert _roi(output_text(board)) < 0  # the lowest discount on every visit: the programme loses money


def test_restaurant_uplift_slider_in_english(page, lab):
    boards = open_and_run(page, lab, "cases/en/restaurant.ipynb")
    board = boards.nth(0)
    before = output_text(board)
    assert "ROI 47.1%" in before
    # Slider 0 is the retention gain (default 0.15, step 0.01): one step down.
    readout = float(move_slider(board, 0, presses=1, key="ArrowLeft"))
    assert readout == 0.14
    after = wait_for_change(page, board, before)
    assert _roi(after) < _roi(before)
    assert _expected("en", uplift=readout) in after
