"""Chapters 8 and 9 in a real browser: the win-back and Erlang C staffing dashboards respond."""

import matplotlib.pyplot as plt

from crmlib.views.churn import winback_view
from crmlib.views.callcentre import staffing_view
from crmlib import datasets, i18n
from crmlib.figures.theme import use_theme
from tests.browser.conftest import move_slider, open_and_run, output_text, wait_for_change, expect_one_image


def wait_for_text(page, dashboard, expected: str, timeout_ms: int = 30_000) -> str:
    """Wait until the dashboard's output contains ``expected`` (each key press re-renders, so the
    first change may be an intermediate value); return the output text."""
    page.wait_for_function(
        "([el, expected]) => el.innerText.includes(expected)",
        arg=[dashboard.locator(".widget-output").first.element_handle(), expected],
        timeout=timeout_ms,
    )
    return output_text(dashboard)


def expected_text(view, *args, language: str, **kwargs) -> str:
    use_theme()
    i18n.set_language(language)
    fig, text = view(*args, **kwargs)
    plt.close(fig)
    return text


def test_chapter8_winback_widget_responds(page, lab):
    boards = open_and_run(page, lab, "chapters/en/08_churn_winback.ipynb")
    board = boards.nth(0)
    before = output_text(board)
    assert "worth winning back: 578 of 909 lost customers" in before  # default cost 150 yuan
    expect_one_image(board)
    cost = int(move_slider(board, 0, presses=5))  # cost per attempt, step 10 yuan
    assert cost == 200
    wait_for_change(page, board, before)
    expected = expected_text(winback_view, cost, language="en", customers=datasets.load_churn_customers())
    after = wait_for_text(page, board, expected)
    assert "worth winning back: 578" not in after
    expect_one_image(board)


def test_chapter9_staffing_widget_responds_in_chinese(page, lab):
    boards = open_and_run(page, lab, "chapters/zh-CN/09_crm_systems.ipynb")
    board = boards.nth(0)
    before = output_text(board)
    assert "需要在线坐席：25 人" in before  # 300 calls/h, 240 s: A = 20 Erlangs
    expect_one_image(board)
    calls = int(move_slider(board, 0, presses=5))  # calls per hour, step 20
    assert calls == 400
    wait_for_change(page, board, before)
    expected = expected_text(staffing_view, calls, 240, 20, 0.8, 0.3, language="zh-CN")
    after = wait_for_text(page, board, expected)
    assert "需要在线坐席：32 人" in after  # A = 26.7 Erlangs
