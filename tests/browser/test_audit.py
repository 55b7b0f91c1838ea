"""A learner's audit of every built edition, in JupyterLab in headless Chromium (issue 12, item 6).

Every edition a learner gets (``home_<lang>.ipynb`` and every notebook in the edition folders that
``course.py`` copies into the workspace: chapters, cases, student exercises, the mock exam, the
capstone; both languages; listed from the folders) is opened in a copy of that workspace, laid out as
``course.py`` lays out ``my-course/`` (its own file list, so relative links resolve the same way),
run with Run All as a learner would, and checked once the kernel is idle:

- no Python traceback or other stderr output, no "Error displaying widget" (the student exercises
  run with their answers unfilled: a check's "not yet" feedback is printed text, which is fine; a
  traceback is not);
- every slider track at least 120 px wide at 1280 x 800 with the file browser open, and a mouse
  drag of a quarter of the track moves the value by about a quarter of its range;
- MathJax only in markdown cells whose source holds intended maths (``$$...$$``, or inline
  ``$...$`` by the rule the builder enforces, see ``tools/build_notebooks.unescaped_dollars``), and
  typeset there; no Markdown left unrendered (``**`` shown as text, a visible ``\\$``);
- no scaffolding in sight (nbval markers, nbgrader ``### BEGIN`` / ``HIDDEN TESTS`` blocks, raw
  dict or list reprs as results);
- every link resolves: a link to a file of the course must exist inside the workspace (relative
  to the notebook, as JupyterLab resolves it); anchors and web links are not fetched;
- no request leaves localhost.

``test_the_audit_finds_each_kind_of_fault`` runs the same audit on a small notebook holding one of
each fault (``write_canary``) and checks that every one is reported.

One JupyterLab and one browser serve the whole audit; ``CRM_AUDIT_PARALLEL`` (default 3) pages and
kernels run at once (each kernel is shut down after its audit). A screenshot of each edition goes
to ``$CRM_SCREENSHOTS`` (default: a folder under the pytest temp dir; the path is printed): the first
screen as a learner sees it (``<edition>.png``) and the whole notebook (``<edition>_full*.jpg``).
``-k`` selects editions: only the selected ones are opened.
"""

from __future__ import annotations

import importlib.util
import json
import os
import posixpath
import re
import shutil
import sys
import time
import traceback
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ROOT, Lab, drag_slider, shutdown_kernels
from tests.browser.test_slider_layout import MIN_TRACK_PX

WORKSPACE = "my-course"  # the folder in the lab root that plays the learner's my-course/
VIEWPORT = {"width": 1280, "height": 800}
PARALLEL = max(1, int(os.environ.get("CRM_AUDIT_PARALLEL", "3")))
RUN_TIMEOUT_MS = 900_000  # Run All of one notebook on a busy 2-core machine, other kernels running
WAIT_MS = 60_000
_LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
DRAG_TOLERANCE = 0.08  # a drag may miss the dragged share of the range by 8 % of the range (plus one step)
# The answer keys: the builder executes them and tests/test_exercises.py runs them; the learner's
# editions are the student ones (exercises/<lang>/).
NOT_AUDITED = ("exercises/solutions/",)


def _course_module():
    spec = importlib.util.spec_from_file_location("course_for_audit", ROOT / "course.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


COURSE = _course_module()


def editions() -> list[str]:
    """Every notebook a learner opens, as a path inside the workspace, from the folders."""
    found = [f"home_{lang}.ipynb" for lang in COURSE.LANGUAGES if (ROOT / f"home_{lang}.ipynb").is_file()]
    for folder in COURSE.edition_folders(ROOT):
        for nb in sorted(folder.glob("*.ipynb")):
            rel = nb.relative_to(ROOT).as_posix()
            if not rel.startswith(NOT_AUDITED):
                found.append(rel)
    return found


EDITIONS = editions()

# --- what the source says should be there ------------------------------------------------------

_FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1", re.S)
_INLINE_MATH = re.compile(r"(?<![\\$])\$(?=[^\s\d$])([^$\n]|\n(?![ \t]*\n))*?(?<=[^\s\\])\$(?![\d$])")
# Markdown that did not render: ** or __ left in the prose (CommonMark does not close "**粗体（X）**字"
# when a full-width mark stands before the closing ** and a letter after it), a backslash before $
_LITERAL_MARKUP = re.compile(r"\*\*[^*\n]{1,60}?\*\*|\*\*|(?<![\w/])__\w|\\\$")
_SCAFFOLDING = re.compile(r"NBVAL|### (BEGIN|END) |HIDDEN TESTS|BEGIN SOLUTION|END SOLUTION|BEGIN HIDDEN")
_RAW_REPR = re.compile(r"^\s*(\{['\"]|\[\{|OrderedDict\(|defaultdict\(|np\.float64\(|array\(\[|dict_)")
_MD_LINK = re.compile(r"\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)|<a\s[^>]*href=[\"']([^\"']+)[\"']")


def intended_maths(markdown: str) -> bool:
    """Whether a markdown cell's source holds maths for MathJax (escaped money ``\\$25`` is not).

    >>> intended_maths(r"costs \\\\$25 a week, \\\\$30 a month"), intended_maths("$$P = m r$$"), intended_maths(r"$x_1$ and `$y$`")
    (False, True, True)
    >>> intended_maths("`echo $HOME and $PATH`"), intended_maths(r"\\\\(a+b\\\\)")
    (False, True)
    """
    text = _FENCE.sub(" ", markdown)
    text = _CODE_SPAN.sub(" ", text)
    text = re.sub(r"\\+\$", " ", text)  # escaped dollars: money
    return "$$" in text or bool(_INLINE_MATH.search(text)) or bool(re.search(r"\\\\?\(|\\\\?\[|\\begin\{", text)
                                                                      ) and bool(re.search(r"\\\\?\)|\\\\?\]|\\end\{", text))


def source_links(nb: dict) -> list[str]:
    """The link targets written in the notebook's markdown cells (code spans and fences left out)."""
    links = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            text = _CODE_SPAN.sub(" ", _FENCE.sub(" ", "".join(cell["source"])))
            links += [a or b for a, b in _MD_LINK.findall(text)]
    return links


def is_local_link(href: str) -> bool:
    return bool(href) and not href.startswith(("#", "/")) and not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", href)


def resolve_in_workspace(notebook: str, href: str, ws: Path) -> str | None:
    """The workspace path a relative link of ``notebook`` points to, or None if it leaves the workspace."""
    path = href.split("#", 1)[0].split("?", 1)[0]
    where = posixpath.normpath(posixpath.join(posixpath.dirname(notebook), path))
    if where == ".." or where.startswith("../"):
        return None
    return where


# --- the audit of one page -----------------------------------------------------------------------

# Everything the checks read from the page, in one round trip.
_SNAPSHOT = """() => {
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
    const cells = [...panel.querySelectorAll('.jp-Notebook .jp-Cell')];
    const outerr = [...panel.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')];
    const results = [...panel.querySelectorAll('.jp-OutputArea-output')].filter(
        (o) => o.getAttribute('data-mime-type') === 'text/plain' || o.getAttribute('data-mime-type') === 'application/vnd.jupyter.stdout');
    const anchors = [...panel.querySelectorAll('.jp-RenderedHTMLCommon a[href]')].map((a) => ({
        raw: a.getAttribute('href'), text: a.innerText.trim().slice(0, 60)}));
    return {
        cells: cells.map((c) => ({
            markdown: c.classList.contains('jp-MarkdownCell'),
            mjx: c.querySelectorAll('.jp-RenderedMarkdown mjx-container').length,
            prose: (() => {  // the rendered prose without code and maths
                const r = c.querySelector('.jp-RenderedMarkdown');
                if (!r) return '';
                const copy = r.cloneNode(true);
                copy.querySelectorAll('code, pre, mjx-container, script').forEach((e) => e.remove());
                return copy.textContent;
            })(),
            text: c.innerText})),
        stderr: outerr.map((o) => o.innerText.slice(0, 800)),
        plain: results.map((o) => o.innerText.slice(0, 200)),
        widgetErrors: [...panel.querySelectorAll('.jp-OutputArea-output')].filter(
            (o) => o.innerText.includes('Error displaying widget')).map((o) => o.innerText.slice(0, 300)),
        anchors,
        text: panel.innerText,
    };
}"""

# The notebook's scrolling box: how tall its cells are (JupyterLab adds room to scroll past the
# last cell, which grows with the window), how much of it shows, and where it is scrolled to.
_SCROLLER = """() => {
    const nb = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
    const outer = nb.querySelector('.jp-WindowedPanel-outer') || nb;
    const cells = nb.querySelectorAll('.jp-Cell');
    const last = cells[cells.length - 1];
    const content = last ? last.getBoundingClientRect().bottom - outer.getBoundingClientRect().top + outer.scrollTop : 0;
    return {content: Math.ceil(content) + 16, client: outer.clientHeight};
}"""
_SCROLL_TO = """(top) => { const nb = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
                              (nb.querySelector('.jp-WindowedPanel-outer') || nb).scrollTop = top; }"""
MAX_SHOT_PX = 12_000  # a screenshot taller than this is cut into parts


@dataclass
class Job:
    edition: str
    page: object
    context: object
    started: float
    nb: dict
    requests: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    launched: bool = False
    seen: dict[str, int] = field(default_factory=dict)  # what was checked: sliders dragged, links, ...


def _shot_name(edition: str) -> str:
    return edition.removesuffix(".ipynb").replace("/", "_")


def open_page(browser, lab: Lab, edition: str) -> Job:
    """Start loading the workspace copy of ``edition`` in a fresh page (JupyterLab starts its kernel)."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    nb = json.loads((lab.root / WORKSPACE / edition).read_text(encoding="utf-8"))
    job = Job(edition, page, context, time.monotonic(), nb)

    def outside(request) -> None:
        url = urlsplit(request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.hostname not in _LOCAL_HOSTS:
            job.requests.append(request.url)

    page.on("request", outside)
    workspace = re.sub(r"[^a-z0-9]", "", edition.lower()) + str(time.monotonic_ns())
    page.goto(f"{lab.url}/lab/workspaces/{workspace}/tree/{WORKSPACE}/{edition}?reset&token={lab.token}",
              wait_until="commit")
    return job


def launch(job: Job, wait: bool) -> bool:
    """Press Run All once the kernel is ready (at once, or not at all if ``wait`` is false and it is not
    ready yet); True once it has been pressed."""
    if job.launched:
        return True
    page = job.page
    # JupyterLab may ask for a kernel on a first start: accept its proposal (python3). The kernel is
    # ready when the status bar says "Python 3 (ipykernel) | Idle" (the toolbar's execution indicator
    # already says idle while there is "No Kernel | Initializing": Run All then runs nothing).
    dialog = page.locator(".jp-Dialog .jp-mod-accept")
    ready = page.locator("#jp-main-statusbar .jp-StatusBar-Item", has_text=re.compile(r"\|\s*Idle\s*$")).filter(
        has_not_text="No Kernel")
    if not wait and not dialog.or_(ready).first.is_visible():
        return False
    expect(dialog.or_(ready).first).to_be_visible(timeout=RUN_TIMEOUT_MS)
    if dialog.is_visible():
        dialog.click()
    expect(ready.first).to_be_visible(timeout=RUN_TIMEOUT_MS)
    if not page.locator("#filebrowser").is_visible():  # the file browser open, as a learner has it
        page.keyboard.press("Control+Shift+F")
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    job.launched = True
    return True


def _wait_until_run(job: Job, meanwhile) -> None:
    """Wait until every cell has run and the kernel is idle; call ``meanwhile()`` every few seconds
    (it starts the runs of the other pages whose kernels have become ready)."""
    page = job.page
    prompts = page.locator(".jp-Notebook .jp-CodeCell .jp-InputPrompt")
    if prompts.count():  # Run All has scheduled the cells ([*]) or run them
        expect(prompts.first).not_to_have_text(re.compile(r"^\s*\[\s*\]:?\s*$"), timeout=WAIT_MS)
    deadline = time.monotonic() + RUN_TIMEOUT_MS / 1000
    while True:
        try:
            expect(page.locator(".jp-Notebook .jp-InputPrompt", has_text="*")).to_have_count(0, timeout=3_000)
            break
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            meanwhile()
    expect(page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").first).to_be_visible(timeout=RUN_TIMEOUT_MS)
    # every dashboard shows its answer (text or figure)
    page.wait_for_function(
        """() => [...document.querySelectorAll('.crm-dashboard')].every((b) => {
            const o = b.querySelector('.widget-output');
            return o && (o.innerText.trim().length > 0 || o.querySelector('img'));
        })""",
        timeout=WAIT_MS,
    )


def _check_page(job: Job, ws: Path) -> None:
    page, edition, nb = job.page, job.edition, job.nb
    f = job.findings
    # maths: typeset where the source means it (waited for), nowhere else
    meant = [i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "markdown" and intended_maths("".join(c["source"]))]
    if meant:
        try:
            page.wait_for_function(
                """(meant) => { const cells = document.querySelectorAll(
                        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell');
                    return meant.every((i) => cells[i] && cells[i].querySelector('mjx-container')); }""",
                arg=meant, timeout=WAIT_MS,
            )
        except Exception:
            pass  # reported below, cell by cell
    snap = page.evaluate(_SNAPSHOT)
    cells = snap["cells"]
    job.seen.update(cells=len(cells), maths=len(meant), links=len(snap["anchors"]), outputs=len(snap["plain"]))
    if len(cells) != len(nb["cells"]):
        f.append(f"the page shows {len(cells)} cells, the notebook has {len(nb['cells'])}")
    for i, (cell, shown) in enumerate(zip(nb["cells"], cells)):
        if cell["cell_type"] != "markdown":
            continue
        first = "".join(cell["source"]).strip().splitlines()[0][:70] if "".join(cell["source"]).strip() else ""
        if shown["mjx"] and i not in meant:
            f.append(f"cell {i} (markdown, '{first}'): {shown['mjx']} MathJax formula(s) in prose without maths")
        if i in meant and not shown["mjx"]:
            f.append(f"cell {i} (markdown, '{first}'): maths in the source but nothing typeset")
        for m in _LITERAL_MARKUP.finditer(shown["prose"]):
            around = shown["prose"][max(0, m.start() - 25): m.end() + 25].replace("\n", " ")
            f.append(f"cell {i} (markdown, '{first}'): Markdown shown as text: {around!r}")
    # errors
    for text in snap["stderr"]:
        kind = "a traceback" if ("Traceback" in text or "Error" in text) else "stderr output"
        f.append(f"{kind}: {text.strip()[:400]!r}")
    for text in snap["widgetErrors"]:
        f.append(f"a widget failed: {text.strip()[:200]!r}")
    # scaffolding
    for m in sorted({m.group(0) for m in _SCAFFOLDING.finditer(snap["text"])}):
        line = next(l for l in snap["text"].splitlines() if m in l)
        f.append(f"scaffolding in sight: {line.strip()[:120]!r}")
    for text in snap["plain"]:
        if _RAW_REPR.match(text):
            f.append(f"a raw Python repr shown as a result: {text.strip()[:120]!r}")
    # links: where JupyterLab sends the learner (a local link becomes /files/<path> on the server),
    # and what the source says, resolved in the workspace
    for a in snap["anchors"]:
        raw, url = a["raw"] or "", urlsplit(a["raw"] or "")
        if not raw or raw.startswith("#") or url.scheme == "mailto":
            continue
        if url.hostname in _LOCAL_HOSTS:
            path = unquote(url.path)
            path = path.split("/files/", 1)[1] if "/files/" in path else path.split("/tree/", 1)[-1]
            if not path.startswith(f"{WORKSPACE}/") or not (ws.parent / path).exists():
                f.append(f"link '{a['text']}' opens {path!r}, which is not in the workspace")
        elif url.scheme in ("http", "https"):
            if not url.netloc:
                f.append(f"link '{a['text']}' ({raw}) is not a valid web address")
        else:
            f.append(f"link '{a['text']}' ({raw}) was not resolved by JupyterLab")
    for href in source_links(nb):
        if is_local_link(href):
            where = resolve_in_workspace(edition, href, ws)
            if where is None:
                f.append(f"link {href!r} leaves the workspace")
            elif not (ws / where).exists():
                f.append(f"link {href!r} points to {where!r}, which the workspace does not have")


def _check_sliders(job: Job) -> None:
    page, f = job.page, job.findings
    sliders = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .widget-slider")
    for i in range(sliders.count()):
        slider = sliders.nth(i)
        slider.scroll_into_view_if_needed()
        label = slider.locator(".widget-label").first.inner_text().strip()[:50] if slider.locator(".widget-label").count() else ""
        width = slider.locator(".noUi-target").first.bounding_box()["width"]
        name = f"slider {i} ('{label}')"
        if width < MIN_TRACK_PX:
            f.append(f"{name}: track {width:.0f} px, must be ≥ {MIN_TRACK_PX} px")
            continue
        drag = drag_slider(page, slider)
        job.seen["dragged"] = job.seen.get("dragged", 0) + 1
        job.seen["% worst drag miss"] = max(job.seen.get("% worst drag miss", 0), round(100 * drag.off_by))
        if drag.after == drag.before:
            f.append(f"{name}: a mouse drag of {abs(drag.expected):g} did not move it")
        elif drag.off_by > DRAG_TOLERANCE + (drag.step / drag.span if drag.span else 0):
            f.append(f"{name}: dragged by {drag.expected:+.4g}, the value moved {drag.after - drag.before:+.4g} "
                     f"({drag.before:g} -> {drag.after:g}, range {drag.span:g}, track {drag.track_px:.0f} px)")
    if sliders.count():
        # the dashboards answered the drags without an error
        expect(page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").first).to_be_visible(timeout=WAIT_MS)
        bad = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .widget-output "
                           ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
        for k in range(bad.count()):
            f.append(f"after the drags a dashboard shows: {bad.nth(k).inner_text().strip()[:300]!r}")


def _screenshots(job: Job, shots: Path) -> None:
    """``<edition>.png``: the first screen at 1280 x 800; ``<edition>_full.jpg`` (or ``_full_1``, ``_full_2``,
    ... for a very long notebook): the whole notebook, the window made as tall as its cells."""
    page = job.page
    name = _shot_name(job.edition)
    page.evaluate(_SCROLL_TO, 0)
    page.screenshot(path=str(shots / f"{name}.png"))
    size = page.evaluate(_SCROLLER)
    tall = min(VIEWPORT["height"] + max(0, size["content"] - size["client"]), MAX_SHOT_PX)
    page.set_viewport_size({"width": VIEWPORT["width"], "height": tall})
    page.wait_for_function(f"(want) => ({_SCROLLER})().client >= want",
                           arg=size["client"] + tall - VIEWPORT["height"] - 2, timeout=WAIT_MS)
    size = page.evaluate(_SCROLLER)
    parts = -(-size["content"] // size["client"])
    for part in range(min(parts, 8)):
        page.evaluate(_SCROLL_TO, part * size["client"])
        suffix = "" if parts == 1 else f"_{part + 1}"
        # JPEG: a tall PNG takes seconds of CPU to encode and megabytes to keep; the text stays readable
        page.screenshot(path=str(shots / f"{name}_full{suffix}.jpg"), type="jpeg", quality=80)
    page.evaluate(_SCROLL_TO, 0)
    page.set_viewport_size(VIEWPORT)


def finish(job: Job, lab: Lab, ws: Path, shots: Path, meanwhile=lambda: None) -> tuple[list[str], float]:
    """Run it, wait, check the page, take the screenshots, drag the sliders, shut the kernel down."""
    try:
        job.page.bring_to_front()
        launch(job, wait=True)
        for phase, step in (("run", lambda: _wait_until_run(job, meanwhile)), ("check", lambda: _check_page(job, ws)),
                            ("shots", lambda: _screenshots(job, shots)), ("sliders", lambda: _check_sliders(job))):
            t0 = time.monotonic()
            step()
            job.seen[f"s {phase}"] = round(time.monotonic() - t0)
    except Exception as exc:  # the audit of this edition could not finish: that is a finding too
        job.findings.append(f"the audit stopped: {type(exc).__name__}: {str(exc).splitlines()[0][:300]}")
        job.findings.append("".join(traceback.format_exception(exc))[-1500:])
        try:
            job.page.screenshot(path=str(shots / f"{_shot_name(job.edition)}_stopped.png"))
        except Exception:
            pass
    finally:
        for url in sorted(set(job.requests)):
            job.findings.append(f"a request left localhost: {url}")
        job.context.close()
        try:
            shutdown_kernels(lab, f"{WORKSPACE}/{job.edition}")
        except OSError as exc:
            job.findings.append(f"its kernel could not be shut down: {exc}")
    return job.findings, time.monotonic() - job.started


# --- a notebook with one of each fault, to show the audit finds them -------------------------------

CANARY = "audit-canary/canary.ipynb"  # inside the workspace; not an edition
CANARY_FAULTS = {  # what the audit must say about it
    "money typeset as maths": "MathJax formula(s) in prose without maths",
    "a dead link": "which the workspace does not have",
    "a dead link, as JupyterLab opens it": "opens 'my-course/chapters/en/no_such_chapter.ipynb', which is not in",
    "an image from the web": "a request left localhost",
    "a 100 px slider": "must be ≥",
    "a dict printed as the result": "a raw Python repr",
    "an nbval marker": "scaffolding in sight",
    "bold that did not render": "Markdown shown as text",
    "a traceback": "a traceback",
}


def write_canary(ws: Path) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Canary\n\nMaths is fine here: $x_1 + x_2$.\n\n"
                                      "[back home](../home_en.ipynb), [gone](../chapters/en/no_such_chapter.ipynb)"),
        nbformat.v4.new_markdown_cell("A sandwich costs $5 and a drink $3.\n\n![logo](https://example.invalid/logo.png)"),
        nbformat.v4.new_markdown_cell("1. **识别（Identify）**客户：**bold** renders, the first one does not."),
        nbformat.v4.new_code_cell("import ipywidgets as w\n"
                                  "w.VBox([w.IntSlider(50, 0, 100, description='narrow', layout=w.Layout(width='100px')),\n"
                                  "        w.IntSlider(50, 0, 100, description='wide', layout=w.Layout(width='500px'))])"),
        nbformat.v4.new_code_cell("{'eligible': 178, 'of': 400}"),
        nbformat.v4.new_code_cell("# NBVAL_CHECK_OUTPUT\n1 + 1"),
        nbformat.v4.new_code_cell("raise ValueError('the canary sings')"),
    ]
    (ws / CANARY).parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, ws / CANARY)


# --- fixtures and the test -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("CRM_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\naudit screenshots: {folder}")
    return folder


@pytest.fixture(scope="module")
def learner_workspace(lab) -> Path:
    """The lab root's ``my-course/``, filled from course.py's own file list (the learner's layout)."""
    ws = lab.root / WORKSPACE
    for rel, src in COURSE.course_files(ROOT).items():
        dest = ws / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
    write_canary(ws)
    return ws


@pytest.fixture(scope="module")
def audit(request, lab, browser, learner_workspace, shots) -> dict[str, list[str]]:
    """Audit every selected edition, ``PARALLEL`` at a time; ``{edition: findings}``."""
    chosen = [item.callspec.params["edition"] for item in request.session.items
              if getattr(item, "module", None) is request.module and hasattr(item, "callspec")]
    pending = deque(e for e in EDITIONS if e in set(chosen))
    if any(getattr(item, "originalname", "") == "test_the_audit_finds_each_kind_of_fault" for item in request.session.items):
        pending.appendleft(CANARY)
    running: deque[Job] = deque()
    results: dict[str, list[str]] = {}
    began = time.monotonic()
    def meanwhile() -> None:  # start the runs whose kernels are ready
        for other in list(running):
            try:
                launch(other, wait=False)
            except Exception:  # reported when its turn comes (launch(wait=True) in finish)
                pass

    while pending or running:
        while pending and len(running) < PARALLEL:
            running.append(open_page(browser, lab, pending.popleft()))
        job = running.popleft()
        results[job.edition], seconds = finish(job, lab, learner_workspace, shots, meanwhile)
        seen = ", ".join(f"{v} {k}" for k, v in job.seen.items())
        print(f"audited {job.edition} in {seconds:.0f} s ({seen}): {len(results[job.edition])} finding(s)", flush=True)
    print(f"audit of {len(results)} editions: {time.monotonic() - began:.0f} s; screenshots in {shots}", flush=True)
    return results


@pytest.mark.parametrize("edition", EDITIONS)
def test_learner_sees_a_clean_edition(audit, edition):
    findings = audit[edition]
    assert not findings, f"{edition}: what a learner sees wrong:\n- " + "\n- ".join(findings)


def test_the_audit_covers_every_edition():
    """Both languages of every area the workspace receives (except the answer keys) are audited."""
    areas = {tuple(e.split("/")[:-1]) or ("home",) for e in EDITIONS}
    for lang in COURSE.LANGUAGES:
        assert f"home_{lang}.ipynb" in EDITIONS
        for area in ("chapters", "cases", "exercises", "exam", "capstone"):
            if (ROOT / area / lang).is_dir():
                assert (area, lang) in areas, f"{area}/{lang} is not audited"
    delivered = {rel for rel in COURSE.course_files(ROOT) if rel.endswith(".ipynb") and not rel.startswith(NOT_AUDITED)}
    assert delivered == set(EDITIONS)


def test_the_audit_finds_each_kind_of_fault(audit):
    """A notebook with one of each fault (money as maths, a dead link, a web image, a narrow slider,
    a raw dict result, an nbval marker, a traceback): the audit reports every one."""
    findings = "\n".join(audit[CANARY])
    print(f"\nthe audit on {CANARY}:\n{findings}")
    missed = [fault for fault, says in CANARY_FAULTS.items() if says not in findings]
    assert not missed, f"the audit missed {missed}; it found:\n{findings}"
    # and only those: the intended maths is typeset, the link home and the wide slider pass
    assert "maths in the source but nothing typeset" not in findings
    assert "home_en.ipynb" not in findings
    assert "'wide'" not in findings, findings
