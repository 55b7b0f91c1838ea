"""Every slider of every dashboard has a track a learner can drag with the mouse and move with keys.

Side by side with a long label, an ipywidgets slider got a 0 px track (the label took the row),
and a mouse drag jumped to the maximum; arrow keys still worked, so keyboard-only tests never
noticed. Here the page is 1280 × 800 with JupyterLab's file browser open, every slider track of
the dashboard must be at least 120 px wide, and dragging a handle with the mouse moves the value
by about the dragged share of the range; the arrow keys move it too. The dashboards come from
:data:`crmlib.widgets.registry.DASHBOARDS` (every one a notebook shows), each notebook opened once.
Screenshots go to ``$CRM_SCREENSHOTS`` (default: a folder under the pytest temp dir, printed).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from crmlib.widgets.registry import DASHBOARDS
from tests.browser.conftest import open_and_run

MIN_TRACK_PX = 120
# notebook -> the indexes of its dashboards on the page; the Chinese edition for the cases, whose
# labels differ in length
_BY_NOTEBOOK: dict[str, list[int]] = {}
for _d in DASHBOARDS:
    if _d.notebook:
        nb = _d.notebook.replace("cases/en/", "cases/zh-CN/")
        _BY_NOTEBOOK.setdefault(nb, []).append(_d.index)
NOTEBOOKS = sorted((nb, sorted(ix)) for nb, ix in _BY_NOTEBOOK.items())


@pytest.fixture
def small_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("CRM_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {folder}")
    return folder


def _number(text: str) -> float:
    return float(text.replace(",", "").replace("%", "").replace("\u2212", "-").strip())  # U+2212 minus


def _drag_and_press(page, board, name: str) -> None:
    """Drag the first slider a quarter of its track with the mouse, then press an arrow key."""
    tracks = board.locator(".widget-slider .noUi-target")
    slider = board.locator(".widget-slider").nth(0)
    readout = slider.locator(".widget-readout").first
    before_text = readout.inner_text().strip()
    handle = slider.locator(".noUi-handle").first
    for attempt in range(3):
        # Boxes read right before the drag: a figure drawn above the board can shift the layout
        # between reading them and pressing the mouse on a busy machine; then the drag is retried.
        handle.scroll_into_view_if_needed()
        box = handle.bounding_box()
        track = tracks.nth(0).bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        # a quarter of the track towards the side with more room
        step = track["width"] * 0.25 * (-1 if x > track["x"] + track["width"] / 2 else 1)
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x + step, y, steps=8)
        page.mouse.up()
        try:
            expect(readout).not_to_have_text(before_text, timeout=10_000)
            break
        except AssertionError:
            if attempt == 2:
                raise
    after = _number(readout.inner_text())
    before = _number(before_text)
    assert (after - before) * step > 0, f"{name}: dragging moved the value from {before} to {after}, against the drag"
    dragged = readout.inner_text().strip()
    handle.focus()
    handle.press("ArrowLeft" if step > 0 else "ArrowRight")
    expect(readout).not_to_have_text(dragged, timeout=30_000)


@pytest.mark.parametrize("notebook,indexes", NOTEBOOKS, ids=[nb for nb, _ in NOTEBOOKS])
def test_slider_tracks_are_wide_and_follow_the_mouse(small_page, lab, shots, notebook, indexes):
    page = small_page
    boards = open_and_run(page, lab, notebook, dashboards=max(indexes) + 1)
    # the file browser stays open, as a learner has it
    browser_panel = page.locator("#filebrowser")
    if not browser_panel.is_visible():
        page.keyboard.press("Control+Shift+F")
    for index in indexes:
        name = f"{notebook} dashboard {index}"
        board = boards.nth(index)
        board.scroll_into_view_if_needed()
        tracks = board.locator(".widget-slider .noUi-target")
        page.screenshot(path=str(shots / f"{notebook.replace('/', '_')}_{index}.png"), full_page=False)
        if tracks.count() == 0:  # dropdowns only
            continue
        widths = [tracks.nth(i).bounding_box()["width"] for i in range(tracks.count())]
        assert min(widths) >= MIN_TRACK_PX, f"slider tracks {widths} px in {name}: each must be ≥ {MIN_TRACK_PX} px"
        _drag_and_press(page, board, name)
