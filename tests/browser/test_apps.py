"""The case apps for class (``python3 course.py app NAME``) in a real browser, offline.

One Voilà server, started exactly as ``course.py app`` starts it (``course.voila_command``: the
course folder as root, the offline template in apps/template/, the Chinese font allow-listed),
serves every app in both languages; each test opens one app by URL in headless Chromium and:

- waits for the page title (the app's title, in its language) and for the dashboard's figure;
- checks that no code and no stream output (print, warnings) is on the page;
- drags the first slider with the mouse and waits until the dashboard's output changes;
- records every request the page makes and fails if one leaves 127.0.0.1 / localhost (Voilà's
  lab template used to fetch style sheets from a CDN and failed offline with
  ERR_NAME_NOT_RESOLVED), and fails on any console error or uncaught page error.

Screenshots go to ``$CRM_SCREENSHOTS`` when it is set. The editions themselves are checked
against their one source (tools/build_apps.py with the catalogue, apps.toml).
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("zh-CN", "en")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
TIMEOUT_MS = 300_000  # a kernel starts for every page; the test machine is shared and slow


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


course = _load("course_for_apps", ROOT / "course.py")
APPS = sorted(course.available_apps("en"))


def _title(lang: str, name: str) -> str:
    return json.loads((ROOT / "apps" / lang / f"{name}.ipynb").read_text(encoding="utf-8"))["metadata"]["title"]


def test_every_app_exists_in_both_languages():
    assert len(APPS) >= 9 and {"rice_shop", "dicks_supermarket", "d_manager", "restaurant"} <= set(APPS)
    assert sorted(course.available_apps("zh-CN")) == APPS


def test_app_editions_match_their_source():
    build_apps = _load("build_apps_for_test", ROOT / "tools" / "build_apps.py")
    assert build_apps.stale() == [], "run: python tools/build_apps.py"
    assert sorted(app.name for app in build_apps.APPS) == APPS


def test_app_command_lists_the_apps_in_the_chosen_language():
    for lang in LANGUAGES:
        out = subprocess.run([sys.executable, str(ROOT / "course.py"), "app", "--lang", lang],
                             capture_output=True, text=True, check=True).stdout
        for name in APPS:
            assert name in out and _title(lang, name) in out


def test_app_command_refuses_an_unknown_name():
    run = subprocess.run([sys.executable, str(ROOT / "course.py"), "app", "../chapters/en/01_foundations", "--lang", "en"],
                         capture_output=True, text=True)
    assert run.returncode != 0 and "available: " in run.stderr and "rice_shop" in run.stderr


@pytest.fixture(scope="module")
def voila(browser, tmp_path_factory):
    """One Voilà server for every app, as `course.py app` starts it; stopped at the end."""
    log_path = tmp_path_factory.mktemp("voila") / "voila.log"
    port, token = course._free_port(), "crm-apps-test-token"
    python = os.environ.get("CRM_LEARNER_PYTHON") or sys.executable  # the learner's .venv under course.py test
    cmd, env = course.voila_command(port, token, python)
    env.pop("MPLBACKEND", None)  # kernels use the inline backend, as for a learner
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            if not course.wait_for_port(port, proc, timeout=600):
                raise RuntimeError("Voilà did not start:\n" + log_path.read_text())
            yield port, token, log_path
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


def _output_signature(page, dashboard) -> str:
    """The dashboard's output: its text and a fingerprint of each image."""
    return dashboard.locator(".widget-output").first.evaluate(
        "el => el.innerText + '|' + [...el.querySelectorAll('img')].map(i => i.src.length + i.src.slice(-80)).join(',')"
    )


def _drag(page, handle, dx: float) -> None:
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx / 2, y, steps=4)
    page.mouse.move(x + dx, y, steps=4)
    page.mouse.up()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", APPS)
def test_app_runs_offline_and_reacts_to_the_mouse(browser, voila, name, lang):
    from playwright.sync_api import expect

    port, token, log_path = voila
    context = browser.new_context(viewport={"width": 1280, "height": 1700}, locale=lang)
    network, outside = [], []

    def on_request(request):
        url = urlparse(request.url)
        if url.scheme in ("http", "https", "ws", "wss"):
            network.append(request.url)
            if url.hostname not in LOCAL_HOSTS:
                outside.append(request.url)

    def open_app():
        page, errors = context.new_page(), []
        page.on("request", on_request)
        page.on("console", lambda m: errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
        page.goto(course.app_url(port, token, lang, name), wait_until="commit", timeout=TIMEOUT_MS)
        expect(page).to_have_title(_title(lang, name), timeout=TIMEOUT_MS)
        expect(page.locator(".crm-dashboard .widget-output img").first).to_be_visible(timeout=TIMEOUT_MS // 2)
        return page, errors

    try:
        try:
            page, errors = open_app()
        except AssertionError as exc:
            # A page that has not finished in half the time (course.voila_command bounds the wait for
            # a cell's reply, see there): a person reloads it; so does the test, once, and says so.
            print(f"{name} [{lang}]: the page did not finish; opening it again. {str(exc)[:300]}")
            try:
                page, errors = open_app()
            except AssertionError as again:
                raise AssertionError(f"{again}\n--- Voilà's log (end) ---\n{log_path.read_text()[-6000:]}") from None
        dashboard = page.locator(".crm-dashboard").first
        page.evaluate("document.fonts.ready.then(() => true)")
        assert page.evaluate("document.documentElement.lang") == lang

        # The story, the dashboard and what to look for; no code, no printed output.
        body = page.locator("body").inner_text()
        assert "crmlib.setup" not in body and "registry.build" not in body
        expect(page.locator("h1")).to_have_count(1)
        expect(page.locator("h2")).to_have_count(1)
        streams = page.locator('[data-mime-type="application/vnd.jupyter.stdout"], [data-mime-type="application/vnd.jupyter.stderr"]')
        expect(streams).to_have_count(0)

        # Move the first slider with the mouse: its readout and the output change.
        slider = dashboard.locator(".widget-slider").first
        readout = slider.locator(".widget-readout").first
        before_value, before = readout.inner_text(), _output_signature(page, dashboard)
        _drag(page, slider.locator(".noUi-handle").first, 70)
        if readout.inner_text() == before_value:  # already at the right end: go left
            _drag(page, slider.locator(".noUi-handle").first, -140)
        assert readout.inner_text() != before_value, "dragging the slider did not move it"
        page.wait_for_function(
            """([el, before]) => {
                const sig = el.innerText + '|' + [...el.querySelectorAll('img')].map(i => i.src.length + i.src.slice(-80)).join(',');
                return el.querySelector('img') && sig !== before;
            }""",
            arg=[dashboard.locator(".widget-output").first.element_handle(), before],
            timeout=TIMEOUT_MS,
        )
        expect(dashboard.locator(".widget-output img").first).to_be_visible()

        folder = os.environ.get("CRM_SCREENSHOTS")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(folder) / f"app_{name}_{lang}.png"), full_page=True)
    finally:
        context.close()  # the app's kernel is culled by Voilà after 5 idle minutes without a page
    assert network and all(urlparse(u).hostname in LOCAL_HOSTS for u in network[:1])
    assert not outside, f"requests left localhost: {outside}"
    assert not errors, "\n".join(errors)
