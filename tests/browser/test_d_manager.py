"""The D-manager case in a real browser: the turnaround dashboard renders and responds."""

import re

from crmlib.cases.d_manager.views import turnaround_view
from crmlib import i18n
from tests.browser.conftest import move_slider, open_and_run, output_text, wait_for_change, expect_one_image


def _policy_profit(text: str, marker: str) -> float:
    return float(re.search(marker + r"\s*([+-]?[0-9.,]+)", text).group(1).replace(",", ""))


def test_d_manager_winback_slider_responds(page, lab):
    boards = open_and_run(page, lab, "cases/zh-CN/d_manager.ipynb")
    board = boards.nth(0)
    before = output_text(board)
    i18n.set_language("zh-CN")
    assert turnaround_view()[1] in before  # default view, same numbers as crmlib
    expect_one_image(board)  # the profit chart is drawn
    # Slider 7 is the win-back success rate (default 0.50, step 0.05); one step, so the first
    # re-render is the final one.
    readout = float(move_slider(board, 7, presses=1))
    assert readout == 0.55
    after = wait_for_change(page, board, before)
    assert _policy_profit(after, "新政策") > _policy_profit(before, "新政策")
    assert turnaround_view(winback_rate=readout)[1] in after


def test_d_manager_standard_cost_slider_in_english(page, lab):
    boards = open_and_run(page, lab, "cases/en/d_manager.ipynb")
    board = boards.nth(0)
    before = output_text(board)
    assert "new policy 110.4" in before
    # Slider 6 is the standard service cost (default 600 yuan, step 100): dearer service.
    move_slider(board, 6, presses=3)
    after = wait_for_change(page, board, before)
    assert _policy_profit(after, "new policy") < _policy_profit(before, "new policy")
    assert _policy_profit(after, "status quo") == _policy_profit(before, "status quo")
