"""Chapters 2 and 3 in a real browser: the deduplication and RFM dashboards render and respond."""

import matplotlib.pyplot as plt

import crmlib
from crmlib.views.rfm import rfm_view
from crmlib.views.identify import dedup_view
from tests.browser.conftest import move_slider, open_and_run, output_text, wait_for_text, expect_one_image


def test_chapter2_dedup_widget_responds_to_typing_errors(page, lab):
    boards = open_and_run(page, lab, "chapters/zh-CN/02_identifying_customers.ipynb")
    board = boards.nth(0)
    before = output_text(board)
    assert "识别出 568 位客户" in before  # phone-or-e-mail rule on the shipped data, no extra typos
    expect_one_image(board)
    readout = float(move_slider(board, 0, presses=5))  # extra typing errors 0 -> 0.10
    assert readout > 0
    crmlib.setup("zh-CN")
    fig, expected = dedup_view("phone_email", round(readout, 2))
    plt.close(fig)
    after = wait_for_text(page, board, expected)
    assert after != before


def test_chapter3_rfm_widget_responds_to_bins(page, lab):
    boards = open_and_run(page, lab, "chapters/en/03_differentiating_customers.ipynb")
    board = boards.nth(0)
    before = output_text(board)
    assert "23570 customers" in before and "of 125 cells" in before
    assert move_slider(board, 0, presses=2, key="ArrowLeft") == "3"
    after = wait_for_text(page, board, "of 27 cells")  # each key press re-renders; wait for the last
    assert after != before
    crmlib.setup("en")
    fig, expected = rfm_view(3)
    plt.close(fig)
    assert expected in after
