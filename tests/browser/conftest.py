"""Real-browser harness: a JupyterLab server on localhost driven by headless Chromium.

Fixtures
--------
lab
    A JupyterLab server (token on, 127.0.0.1 only) whose root is a temporary folder; the tests
    copy the notebooks they drive into it (JupyterLab autosaves, so the committed files are
    never touched). The fixture stops the server it started.
page
    A fresh Playwright page in headless Debian Chromium (``/usr/bin/chromium``, or
    ``$CRM_CHROMIUM``), launched with ``executable_path``; ``playwright install`` is never used.

Helpers (import from ``tests.browser.conftest`` or use the ``notebook`` fixture)
    ``open_and_run(page, lab, "chapters/zh-CN/01_foundations.ipynb")`` opens a copy, runs all
    cells, waits until every dashboard has rendered, and returns the dashboards' locator.
    ``move_slider(dashboard, index, presses)`` moves a slider with the arrow keys and
    ``wait_for_change(dashboard, before)`` returns the new output text.
    ``drag_slider(page, slider)`` drags a slider's handle with the mouse and returns what moved;
    ``shutdown_kernels(lab, path)`` shuts down the kernel of a notebook in the lab root.

Without Chromium the tests are skipped, except under CI (``CI=true``), where that is a failure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CRM_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@dataclass
class Lab:
    url: str
    token: str
    root: Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_settings(settings: Path) -> None:
    files = {
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
        "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    }
    for rel, content in files.items():
        path = settings / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(content))


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    if chromium_path() is None:
        message = "Debian chromium not found (apt-get install chromium); the real-browser tests need it"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    base = tmp_path_factory.mktemp("lab")
    root, settings, workspaces = base / "root", base / "settings", base / "workspaces"
    root.mkdir()
    _write_settings(settings)
    port, token = _free_port(), "crm-test-token"
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(base / "config"), JUPYTER_RUNTIME_DIR=str(base / "runtime"))
    # the course's JupyterLab setting defaults, as course.py starts it (jupyter-config/labconfig: no news pop-up)
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(filter(None, [str(ROOT / "jupyter-config"), env.get("JUPYTER_CONFIG_PATH")]))
    env.pop("MPLBACKEND", None)  # kernels must use the inline backend, as for a learner
    # The learner's JupyterLab (.venv, named by `course.py test`), so the widgets are tested in
    # what a student runs; the running Python when started by hand or with --here.
    python = os.environ.get("CRM_LEARNER_PYTHON") or sys.executable
    cmd = [
        python, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
        f"--LabApp.user_settings_dir={settings}", f"--LabApp.workspaces_dir={workspaces}",
        "--ServerApp.port_retries=0",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log = open(base / "server.log", "w")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        # Wait for readiness (/api/status answers 200) while the server process lives; a busy
        # machine may need minutes. The bound only stops a hung server from hanging the suite.
        deadline = time.monotonic() + 900
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=30) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("JupyterLab did not start:\n" + (base / "server.log").read_text())
            time.sleep(0.3)
        yield Lab(url, token, root)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def browser(lab):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    yield pg
    context.close()


def open_and_run(page, lab: Lab, notebook: str, *, dashboards: int = 1, timeout_ms: int = 120_000):
    """Copy ``notebook`` (repo-relative) into the lab root, open it, run all cells, and wait
    until at least ``dashboards`` dashboards show output. Returns the dashboards' locator."""
    src = ROOT / notebook
    name = src.name
    shutil.copyfile(src, lab.root / name)
    # A workspace of its own, reset, so that no notebook opened by an earlier test is restored.
    workspace = re.sub(r"[^a-z0-9]", "", name.lower()) + str(time.monotonic_ns())
    page.goto(f"{lab.url}/lab/workspaces/{workspace}/tree/{name}?reset&token={lab.token}")
    page.locator(".jp-Notebook").first.wait_for(timeout=timeout_ms)
    # On a first start JupyterLab may ask which kernel to use: accept its proposal (python3).
    select = page.locator(".jp-Dialog .jp-mod-accept")
    try:
        select.wait_for(timeout=5_000)
        select.click()
    except Exception:  # no dialog: the kernel started on its own
        pass
    # Wait for the kernel to be ready before running.
    page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").first.wait_for(timeout=timeout_ms)
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    boards = page.locator(".crm-dashboard")
    boards.nth(dashboards - 1).locator(".widget-output").first.wait_for(timeout=timeout_ms)
    for i in range(dashboards):
        page.wait_for_function(
            "(el) => el.innerText.trim().length > 0",
            arg=boards.nth(i).locator(".widget-output").first.element_handle(),
            timeout=timeout_ms,
        )
    return boards


def output_text(dashboard) -> str:
    return dashboard.locator(".widget-output").first.inner_text().strip()


def move_slider(dashboard, index: int, presses: int = 1, key: str = "ArrowRight") -> str:
    """Focus slider ``index`` of ``dashboard``, press ``key`` ``presses`` times; return its readout."""
    slider = dashboard.locator(".widget-slider").nth(index)
    handle = slider.locator(".noUi-handle").first
    handle.focus()
    for _ in range(presses):
        handle.press(key)
    return slider.locator(".widget-readout").first.inner_text().strip()


def wait_for_text(page, dashboard, expected: str, timeout_ms: int = 30_000) -> str:
    """Wait until the dashboard's output text contains ``expected``; return the text."""
    try:
        page.wait_for_function(
            "([el, expected]) => el.innerText.includes(expected)",
            arg=[dashboard.locator(".widget-output").first.element_handle(), expected],
            timeout=timeout_ms,
        )
    except Exception as exc:
        raise AssertionError(f"output never showed {expected!r}; it shows {output_text(dashboard)!r}") from exc
    return output_text(dashboard)


def wait_for_change(page, dashboard, before: str, timeout_ms: int = 30_000) -> str:
    """Wait until the dashboard's output text differs from ``before``; return the new text."""
    page.wait_for_function(
        "([el, before]) => el.innerText.trim().length > 0 && el.innerText.trim() !== before",
        arg=[dashboard.locator(".widget-output").first.element_handle(), before],
        timeout=timeout_ms,
    )
    return output_text(dashboard)


def expect_one_image(dashboard, timeout_ms: int = 30_000) -> None:
    """Wait until the dashboard's output shows its figure, then check there is exactly one."""
    images = dashboard.locator(".widget-output img")
    images.first.wait_for(timeout=timeout_ms)
    assert images.count() == 1


@dataclass
class Drag:
    """One mouse drag of a slider handle, in the slider's own units (read from its noUiSlider)."""

    before: float
    after: float
    expected: float  # the change the drag asked for: the dragged share of the track x (max - min)
    span: float  # max - min
    step: float
    track_px: float

    @property
    def off_by(self) -> float:
        """How far the change missed the dragged amount, as a share of the slider's range."""
        return abs((self.after - self.before) - self.expected) / self.span if self.span else 0.0


# the value, range and step of a .noUi-target from its noUiSlider API (the aria-* attributes round to 0.1)
_NOUI_STATE = """(el) => {
    const s = el.noUiSlider, v = s.get(true), r = s.options.range;
    const num = (x) => Number(Array.isArray(x) ? x[0] : x);
    return {value: num(v), min: num(r.min), max: num(r.max), step: Number(s.options.step || 0)};
}"""


def slider_state(slider) -> dict[str, float]:
    """``{"value", "min", "max", "step"}`` of a ``.widget-slider`` (its first handle)."""
    return slider.locator(".noUi-target").first.evaluate(_NOUI_STATE)


def drag_slider(page, slider, fraction: float = 0.25, timeout_ms: int = 30_000) -> Drag:
    """Drag the first handle of ``slider`` (a ``.widget-slider``) by ``fraction`` of its track with the
    mouse, towards the side with more room; wait until the value moves and return the :class:`Drag`."""
    slider.scroll_into_view_if_needed()
    target = slider.locator(".noUi-target").first
    state = slider_state(slider)
    track = target.bounding_box()
    box = slider.locator(".noUi-handle").first.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    dx = track["width"] * fraction * (-1 if x > track["x"] + track["width"] / 2 else 1)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx, y, steps=8)
    page.mouse.up()
    try:
        page.wait_for_function(
            "([el, before]) => { const v = el.noUiSlider.get(true); return Number(Array.isArray(v) ? v[0] : v) !== before; }",
            arg=[target.element_handle(), state["value"]], timeout=timeout_ms,
        )
    except Exception:  # the value never moved: reported by the caller through Drag.after == before
        pass
    after = slider_state(slider)["value"]
    span = state["max"] - state["min"]
    return Drag(state["value"], after, dx / track["width"] * span, span, state["step"], track["width"])


def shutdown_kernels(lab: Lab, path: str) -> int:
    """Shut down every session (and its kernel) of notebook ``path`` (relative to the lab root)."""
    headers = {"Authorization": f"token {lab.token}"}
    with urllib.request.urlopen(urllib.request.Request(f"{lab.url}/api/sessions", headers=headers), timeout=30) as r:
        sessions = json.load(r)
    mine = [s for s in sessions if s.get("path") == path]
    for s in mine:
        request = urllib.request.Request(f"{lab.url}/api/sessions/{s['id']}", method="DELETE", headers=headers)
        urllib.request.urlopen(request, timeout=60).close()
    return len(mine)
