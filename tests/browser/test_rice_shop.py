"""The rice-shop case (王永庆卖米) in a real browser: the dashboard renders and responds."""

import matplotlib.pyplot as plt

import crmlib
from crmlib.cases.rice_shop.views import rice_shop_view
from tests.browser.conftest import move_slider, open_and_run, output_text, wait_for_change, expect_one_image


def _row(text: str, label: str) -> list[str]:
    """The cells of the table row whose first cell is ``label`` (inner_text separates cells by tabs)."""
    for line in text.splitlines():
        cells = [c.strip() for c in line.split("\t")]
        if cells and cells[0] == label:
            return cells[1:]
    raise AssertionError(f"no row {label!r} in:\n{text}")


def _number(cell: str) -> float:
    """The number in a formatted cell: ``¥1,234`` -> 1234.0, ``24.0%`` -> 24.0."""
    return float(cell.replace("¥", "").replace(",", "").replace("%", ""))


def _settle(page, board, before: str, label: str, col: int, want: float, timeout_s: float = 30.0) -> str:
    """Each key press re-renders the dashboard; wait for the output of the last one."""
    text = wait_for_change(page, board, before)
    for _ in range(int(timeout_s / 0.25)):
        if any(line.split("\t")[0].strip() == label for line in text.splitlines()):  # not mid-redraw
            if _number(_row(text, label)[col]) == want:
                break
        page.wait_for_timeout(250)
        text = output_text(board)
    return text


def _expected(lang: str, **params) -> tuple[str, str, object]:
    crmlib.setup(lang)
    fig, table = rice_shop_view(**params)
    plt.close(fig)
    return crmlib.t("rice_shop.strategy.deliver"), crmlib.t("rice_shop.strategy.wait"), table


def test_rice_shop_lead_days_slider_responds(page, lab):
    boards = open_and_run(page, lab, "cases/zh-CN/rice_shop.ipynb")
    board = boards.nth(0)
    before = output_text(board)
    expect_one_image(board)  # the three-panel figure is drawn
    deliver, wait, table = _expected("zh-CN")
    col = list(table.data.columns).index(crmlib.t("rice_shop.col.run_outs"))
    assert _row(before, deliver)[col] == table.text.loc[deliver].iloc[col]  # 132 by default, as formatted
    # Slider 2 is lead days (default 2): three presses -> 5 days.
    assert move_slider(board, 2, presses=3) == "5"
    deliver, wait, table = _expected("zh-CN", lead_days=5)
    want = float(table.data.loc[deliver].iloc[col])  # 0: a 5-day lead absorbs the 10 % note error
    after = _settle(page, board, before, deliver, col, want)
    assert _row(after, deliver)[col] == table.text.loc[deliver].iloc[col]
    assert _number(_row(after, deliver)[col]) < _number(_row(before, deliver)[col])


def test_rice_shop_credit_slider_responds_in_english(page, lab):
    boards = open_and_run(page, lab, "cases/en/rice_shop.ipynb")
    board = boards.nth(0)
    before = output_text(board)
    deliver, wait, table = _expected("en")
    col = list(table.data.columns).index(crmlib.t("rice_shop.col.money_owed"))
    owed_before = _number(_row(before, deliver)[col])
    assert move_slider(board, 4, presses=10) == "10"  # credit days 0 -> 10
    deliver, wait, table = _expected("en", credit_days=10)
    want = float(table.data.loc[deliver].iloc[col])
    after = _settle(page, board, before, deliver, col, want)
    assert _row(after, deliver)[col] == table.text.loc[deliver].iloc[col]  # money reads as ¥1,234
    assert _row(after, deliver)[col].startswith("¥")
    assert _number(_row(after, deliver)[col]) > owed_before
    assert _number(_row(after, wait)[col]) == 0  # walk-in customers pay cash
