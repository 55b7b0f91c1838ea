"""Chapter 5 in a real browser: the campaign A/B-test dashboard renders and responds."""

import matplotlib.pyplot as plt

import crmlib
from crmlib.views.abtest import abtest_view
from tests.browser.conftest import move_slider, open_and_run, output_text, wait_for_text, expect_one_image


def test_chapter5_abtest_widget_responds_in_english(page, lab):
    boards = open_and_run(page, lab, "chapters/en/05_interaction.ipynb")
    board = boards.nth(0)
    before = output_text(board)
    assert "not significant at 5%" in before  # 100 of 1,000 vs 120 of 1,000
    expect_one_image(board)
    # Slider 0 is customers per arm (step 100): move it up until the difference is significant.
    customers = int(float(move_slider(board, 0, presses=30).replace(",", "")))
    assert customers > 1000
    crmlib.setup("en")
    fig, expected = abtest_view(customers, 0.10, 0.12)
    plt.close(fig)
    # Each key press re-renders; wait for the text of the final value.
    after = wait_for_text(page, board, expected)
    assert after == expected
    assert "not significant" not in after  # 4,000 per arm: z ≈ 2.9
