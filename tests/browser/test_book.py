"""The published folder (tools/publish.py: both books, both slide sets, the index) in headless Chromium.

Built once per session into a temporary folder and served from 127.0.0.1; a crawler opens every
page of it in Chromium, records every request, and checks every href/src. Run alone with
``.venv-dev/bin/python -m pytest -m book tests/test_book.py -q`` (a few minutes: two Sphinx
builds, 26 slide decks, about 100 pages). Screenshots go to $CRM_SCREENSHOTS when it is set.
"""

from __future__ import annotations

import functools
import os
import re
import sys
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

from tests.browser.conftest import chromium_path  # noqa: E402,F401 (the shared browser fixture lives there)

pytestmark = pytest.mark.book
CJK = re.compile(r"[\u4e00-\u9fff]")


def _require(ok: bool, why: str) -> None:
    if not ok:
        if os.environ.get("CI") == "true":
            pytest.fail(why)
        pytest.skip(why)


@pytest.fixture(scope="session")
def published(tmp_path_factory) -> Path:
    try:
        import myst_nb  # noqa: F401
        import sphinx_book_theme  # noqa: F401
    except ImportError:
        _require(False, "the book extra is not installed (pip install -e '.[book]')")
    import publish

    return publish.publish(tmp_path_factory.mktemp("publish") / "_publish")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site(published):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(published)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


# The browser is the session's shared one (tests/browser/conftest.py): Playwright's sync API
# starts once per process.


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()


def shot(pg, name: str) -> None:
    folder = os.environ.get("CRM_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(Path(folder) / f"book_{name}.png"))


@dataclass
class Crawl:
    pages: list[str] = field(default_factory=list)
    outside: set[str] = field(default_factory=set)  # requests that left 127.0.0.1
    failed: set[str] = field(default_factory=set)  # requests that failed or answered >= 400
    broken: set[tuple[str, str]] = field(default_factory=set)  # (page, link) to no file
    errors: list[str] = field(default_factory=list)  # uncaught page errors


def _file_for(published: Path, path: str) -> Path:
    target = published / unquote(path).lstrip("/")
    return target / "index.html" if target.is_dir() else target


@pytest.fixture(scope="session")
def crawl(browser, site, published) -> Crawl:
    """Open every page reachable from the index (books, slides) and check every href and src."""
    result = Crawl()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    host = urlsplit(site).netloc

    def on_request(request):
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != host:
            result.outside.add(request.url)

    def on_response(response):
        if response.status >= 400:
            result.failed.add(f"{response.status} {response.url}")

    pg.on("request", on_request)
    pg.on("response", on_response)
    pg.on("requestfailed", lambda r: result.failed.add(f"{r.failure} {r.url}"))
    pg.on("pageerror", lambda e: result.errors.append(f"{pg.url}: {e}"))
    todo, seen = [f"{site}/index.html"], {"/index.html"}
    while todo:
        url = todo.pop()
        pg.goto(url, wait_until="load")
        result.pages.append(url)
        links = pg.eval_on_selector_all(
            "[href], [src]", "els => els.map(e => e.href && e.href.baseVal === undefined ? e.href : e.src || '')")
        for link in filter(None, links):
            parts = urlsplit(link)
            if parts.netloc != host or parts.scheme not in ("http", "https"):
                continue  # a link to another site (a citation) is not fetched; requests are checked above
            if not _file_for(published, parts.path).is_file():
                result.broken.add((urlsplit(url).path, parts.path))
            elif parts.path.endswith(".html") and parts.path not in seen and "/_sources/" not in parts.path:
                seen.add(parts.path)
                todo.append(f"{site}{parts.path}")
    context.close()
    return result


def test_every_page_loads_and_every_link_resolves(crawl, published):
    html = {p for p in published.rglob("*.html") if "/_static/" not in p.as_posix() and "/assets/" not in p.as_posix()}
    assert len(crawl.pages) >= 0.9 * len(html) > 80, (len(crawl.pages), len(html))
    by_part = {}
    for where, link in sorted(crawl.broken):
        by_part.setdefault(where.split("/")[1], []).append((where, link))
    assert not crawl.broken, {part: (len(v), v[:5]) for part, v in by_part.items()}
    assert not crawl.failed, sorted(crawl.failed)[:20]
    assert not crawl.errors, crawl.errors[:10]


def test_no_request_leaves_localhost(crawl):
    assert crawl.pages and not crawl.outside, sorted(crawl.outside)[:20]


def test_both_books_have_every_learner_edition_and_no_solutions(published):
    for lang in ("zh-CN", "en"):
        book = published / "book" / lang
        for area in ("chapters", "cases", "exam", "capstone", "exercises"):
            editions = sorted(p.stem for p in (ROOT / area / lang).glob("*.ipynb"))
            assert editions, (area, lang)
            assert all((book / area / lang / f"{name}.html").is_file() for name in editions), (area, lang)
            assert all((book / area / lang / f"{name}.ipynb").is_file() for name in editions), (area, lang)
        assert (book / f"home_{lang}.html").is_file()
        assert not list(book.rglob("solutions")), "the book must not hold exercise solutions"
        assert not list(book.rglob("*instructor*"))
    # the student site never carries the instructor's kit (suggested answers): only --kit adds it
    assert not (published / "kit").exists()
    assert "kit/" not in (published / "index.html").read_text(encoding="utf-8")
    answers = {"zh-CN": "参考答案", "en": "Suggested answers"}
    leaked = [str(p.relative_to(published)) for p in published.rglob("*.html")
              if any(f"<h2>{a}" in p.read_text(encoding="utf-8") for a in answers.values())]
    assert not leaked, leaked


@pytest.mark.parametrize(("lang", "other"), [("en", "zh-CN"), ("zh-CN", "en")])
def test_language_switch_goes_to_the_same_page(page, site, lang, other):
    page.goto(f"{site}/book/{lang}/chapters/{lang}/04_customer_value.html")
    assert page.locator(".crm-notebook-link").get_attribute("href") == "04_customer_value.ipynb"
    shot(page, f"chapter_{lang}")
    page.locator(".crm-lang-switch").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/book/{other}/chapters/{other}/04_customer_value.html")
    assert page.evaluate("document.documentElement.lang").startswith(other[:2])
    body = page.inner_text("article")
    share = len(CJK.findall(body)) / len(body)  # an English page may cite a Chinese title
    assert share > 0.2 if other == "zh-CN" else share < 0.01, share


@pytest.mark.parametrize(("lang", "query"), [("en", "retention"), ("zh-CN", "RFM")])
def test_search_finds_pages(page, site, lang, query):
    page.goto(f"{site}/book/{lang}/search.html?q={query}")
    hits = page.locator("#search-results ul.search li")
    hits.first.wait_for(timeout=30_000)
    assert hits.count() >= 2
    shot(page, f"search_{lang}")


def test_print_stylesheet_hides_navigation(page, site, published):
    css = (published / "book" / "zh-CN" / "_static" / "crm-book.css").read_text(encoding="utf-8")
    assert "@media print" in css and "Noto Sans SC" in css
    page.goto(f"{site}/book/zh-CN/chapters/zh-CN/01_foundations.html")
    assert page.locator(".bd-sidebar-primary").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".bd-sidebar-primary").is_visible()
    assert not page.locator(".crm-lang-switch").first.is_visible()
    assert page.locator("h1:visible").count() == 1  # the title, printed once
    assert CJK.search(page.inner_text("article"))
    shot(page, "print_zh-CN")


def test_dashboard_pages_say_where_the_interactive_version_runs(published):
    page = (published / "book" / "en" / "cases" / "en" / "rice_shop.html").read_text(encoding="utf-8")
    assert "The dashboard is static here" in page
    page = (published / "book" / "zh-CN" / "cases" / "zh-CN" / "rice_shop.html").read_text(encoding="utf-8")
    assert "交互控件在这里是静态的" in page


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_slides_open_and_advance(page, site, lang):
    page.goto(f"{site}/slides/{lang}/chapters/01_foundations.html")
    page.wait_for_function("window.Reveal && Reveal.isReady()")
    first = page.evaluate("Reveal.getIndices()")
    assert page.evaluate("Reveal.getTotalSlides()") > 5
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"Reveal.getIndices().h !== {first['h']}")
    text = page.inner_text(".reveal .slides")
    share = len(CJK.findall(text)) / len(text)
    assert share > 0.2 if lang == "zh-CN" else share < 0.01, share
    shot(page, f"slides_{lang}")
