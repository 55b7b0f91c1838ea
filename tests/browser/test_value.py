"""Chapter 4 in a real browser: the delivered-value and CLV dashboards render and respond."""

import matplotlib.pyplot as plt

import crmlib
from crmlib.views.value import clv_view, delivered_value_view
from tests.browser.conftest import move_slider, open_and_run, output_text, wait_for_text, expect_one_image


def test_chapter4_delivered_value_and_clv_widgets_respond(page, lab):
    boards = open_and_run(page, lab, "chapters/zh-CN/04_customer_value.ipynb", dashboards=3)
    crmlib.setup("zh-CN")

    delivered = boards.nth(0)
    before = output_text(delivered)
    assert "Vc = Fc − Cc = 20.0" in before  # defaults: Fc 100, Cc 80
    expect_one_image(delivered)
    # Slider 4 is the monetary cost (first slider of the second column), default 50.
    money = float(move_slider(delivered, 4, presses=5))
    assert money > 50
    fig, expected = delivered_value_view(money=money)
    plt.close(fig)
    # Each key press re-renders; wait for the text of the final value.
    after = wait_for_text(page, delivered, expected)
    assert after == expected

    clv = boards.nth(1)
    before = output_text(clv)
    assert "= 2.67" in before  # r = 0.80, i = 0.10
    # Slider 1 is the yearly retention r.
    retention = float(move_slider(clv, 1, presses=10))
    assert retention > 0.80
    fig, expected = clv_view(100.0, retention, 0.10, 10)
    plt.close(fig)
    # Each key press re-renders; wait for the text of the final value.
    after = wait_for_text(page, clv, expected)
    assert after == expected
