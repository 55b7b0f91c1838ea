"""The Dick's supermarket case in a real browser: the dashboard renders, and moving the coupon
slider reruns the campaign and shows the same numbers as crmlib.cases.supermarket.views.campaign_view."""

from __future__ import annotations

import re
import time

import matplotlib.pyplot as plt

import crmlib
from crmlib.cases.supermarket.views import campaign_view
from tests.browser.conftest import move_slider, open_and_run, output_text, wait_for_change, expect_one_image


def _roi(text: str) -> int:
    return int(re.search(r"ROI = (-?\d+)%", text).group(1))


def _public_roi(text: str) -> int:
    return int(re.findall(r"ROI = (-?\d+)%", text)[1])


def test_supermarket_dashboard_responds(page, lab):
    boards = open_and_run(page, lab, "cases/zh-CN/dicks_supermarket.ipynb")
    board = boards.nth(0)
    before = output_text(board)
    assert "置信区间" in before and "ROI" in before
    expect_one_image(board)  # the campaign chart is drawn
    crmlib.setup("zh-CN")
    fig, default_text = campaign_view()
    plt.close(fig)
    assert _roi(before) == _roi(default_text)
    # Controls in order: threshold, list length, coupon value, redemption, coupon response,
    # rival match, spend for coupons.
    readout = move_slider(board, 2, presses=7, key="ArrowLeft")  # coupons 35 -> 0 in steps of 5
    assert float(readout) == 0
    fig, expected = campaign_view(coupon_value=0.0)
    plt.close(fig)
    # Each key press is a change of value, so the output passes through 30, 25, ... first.
    after, deadline = before, time.monotonic() + 90
    while _roi(after) != _roi(expected) and time.monotonic() < deadline:
        after = wait_for_change(page, board, after)
    assert _roi(after) == _roi(expected)
    assert _roi(after) > _roi(before)  # without coupons the programme pays better
    # Rivals who never copy: the public list keeps its lift and its ROI overtakes the private one.
    readout = move_slider(board, 5, presses=8, key="ArrowLeft")  # rival match 0.8 -> 0 in steps of 0.1
    assert float(readout) == 0
    fig, expected = campaign_view(coupon_value=0.0, rival_match=0.0)
    plt.close(fig)
    before_rivals, deadline = after, time.monotonic() + 90
    while _public_roi(after) != _public_roi(expected) and time.monotonic() < deadline:
        after = wait_for_change(page, board, after)
    assert _public_roi(after) == _public_roi(expected)
    assert _public_roi(after) > _public_roi(before_rivals)
    assert _roi(after) < _public_roi(after)
