"""course.py: the README's main command serves the course home (localhost, token on) from the
learner's environment, which holds no test or grading tools; the learner works in a git-ignored
workspace (my-course/) that course.py fills and refreshes without ever losing an edit; every link
works from the workspace and from an exercise copy; every message comes in the chosen language.

``python3 course.py test`` names the learner's Python (``.venv``) in ``CRM_LEARNER_PYTHON``; the
tests then run the course and inspect JupyterLab with it. Without it (``--here``, or pytest
started by hand) they use the running Python and the learner-environment check is skipped
(under CI, where the variable must be set, it fails instead). The workspace tests run course.py
in temporary copies of the course (no browser, no environment needed)."""

from __future__ import annotations

import doctest
import importlib.util
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parent.parent
LEARNER_PYTHON = os.environ.get("CRM_LEARNER_PYTHON")
NOT_FOR_LEARNERS = ("nbgrader", "pytest", "_pytest", "playwright", "nbval", "hypothesis", "jupytext", "xdist")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def test_main_command_serves_the_home_notebook_with_a_token(tmp_path):
    """--no-browser prints a URL that opens the home (not the Launcher); JupyterLab's root is the
    workspace, the news pop-up is off, and the tracked home is never the file being served."""
    course = tmp_path / "course"
    course.mkdir()
    shutil.copyfile(ROOT / "course.py", course / "course.py")
    shutil.copytree(ROOT / "jupyter-config", course / "jupyter-config")
    shutil.copyfile(ROOT / "home_en.ipynb", course / "home_en.ipynb")
    port = _free_port()
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"), JUPYTER_CONFIG_DIR=str(tmp_path / "config"))
    log = tmp_path / "server.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [LEARNER_PYTHON or sys.executable, str(course / "course.py"), "--here", "--no-browser", "--port", str(port), "--lang", "en"],
            stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True, cwd=course,
        )
        try:
            token = None
            # Wait for readiness (the URL), not for a fixed time: the server may start slowly on a
            # busy machine. The bound only stops a hung server from hanging the suite.
            deadline = time.monotonic() + 900
            while token is None and time.monotonic() < deadline and proc.poll() is None:
                m = re.search(rf"http://127\.0\.0\.1:{port}/lab/tree/home_en\.ipynb\?token=([0-9a-f]+)", log.read_text())
                token = m.group(1) if m else None
                time.sleep(0.3)
            assert token, "no URL to the home notebook with a token was printed:\n" + log.read_text()[-3000:]
            base = f"http://127.0.0.1:{port}"
            with urllib.request.urlopen(f"{base}/api/contents/home_en.ipynb?token={token}", timeout=120) as r:
                model = json.load(r)
            assert model["name"] == "home_en.ipynb" and model["type"] == "notebook"
            assert _status(f"{base}/api/contents/home_en.ipynb") == 403  # no token, no access
            with urllib.request.urlopen(f"{base}/api/contents/?token={token}", timeout=120) as r:
                root_listing = {item["name"] for item in json.load(r)["content"]}
            assert "home_en.ipynb" in root_listing and "course.py" not in root_listing  # the root is my-course/
            assert (course / "my-course" / "home_en.ipynb").read_bytes() == (ROOT / "home_en.ipynb").read_bytes()
            assert _status(f"{base}/lab/tree/home_en.ipynb?token={token}") == 200
            setting = "@jupyterlab/apputils-extension:notification"
            with urllib.request.urlopen(f"{base}/lab/api/settings/{setting}?token={token}", timeout=120) as r:
                defaults = {k: v.get("default") for k, v in json.load(r)["schema"]["properties"].items()}
            assert defaults["fetchNews"] == "false" and defaults["checkForUpdates"] is False  # no news pop-up
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


def _learner_python() -> str:
    if not LEARNER_PYTHON:
        message = "CRM_LEARNER_PYTHON is not set: run `python3 course.py test` (without --here) to check the learner's .venv"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return LEARNER_PYTHON


def test_learner_environment_has_no_test_or_grading_tools():
    python = _learner_python()
    probe = "import importlib.util as u, sys; print(' '.join(m for m in sys.argv[1:] if u.find_spec(m)))"
    proc = subprocess.run([python, "-c", probe, "crmlib", "jupyterlab", "ipywidgets", "seaborn", *NOT_FOR_LEARNERS],
                          capture_output=True, text=True, check=True)
    found = set(proc.stdout.split())
    assert {"crmlib", "jupyterlab", "ipywidgets", "seaborn"} <= found, proc.stdout
    assert not found & set(NOT_FOR_LEARNERS), f"the learner's environment holds {sorted(found & set(NOT_FOR_LEARNERS))}"


def test_learners_jupyterlab_loads_no_nbgrader_extension(tmp_path):
    python = _learner_python()
    # only what the environment itself brings: no user-level config or data
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / "config"), JUPYTER_DATA_DIR=str(tmp_path / "data"),
               JUPYTER_PLATFORM_DIRS="1")
    lists = {}
    for kind in ("labextension", "server extension"):
        proc = subprocess.run([python, "-m", "jupyter", *kind.split(), "list"], capture_output=True, text=True, env=env, timeout=900)
        assert proc.returncode == 0, proc.stderr
        lists[kind] = (proc.stdout + proc.stderr).lower()
    assert "@jupyter-widgets/jupyterlab-manager" in lists["labextension"]  # the widgets do show
    assert "jupyterlab" in lists["server extension"]
    for kind, text in lists.items():
        assert "nbgrader" not in text, f"{kind} list names nbgrader:\n{text}"


# --- help and messages: no environment needed, nothing installed --------------------------------


def _lone_course(tmp_path: Path) -> Path:
    course = tmp_path / "course"
    course.mkdir()
    shutil.copyfile(ROOT / "course.py", course / "course.py")
    return course


def _run(course: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "course.py", *args], cwd=course, capture_output=True, text=True,
                          timeout=600, env=env)


@pytest.mark.parametrize("command, words", [
    ("test", [".venv-dev", "pytest"]), ("build", ["source/", "--no-run"]), ("update", ["git pull", "course-new"]),
    ("exercise", ["my-work/"]), ("data", ["crmlib/datasets/files/README.md"]),
])
@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_help_installs_nothing(tmp_path, command, words, lang):
    course = _lone_course(tmp_path)
    proc = _run(course, command, "--help", "--lang", lang)
    assert proc.returncode == 0 and all(w in proc.stdout for w in words), proc.stdout + proc.stderr
    assert ("用法" in proc.stdout) == (lang == "zh-CN")
    assert sorted(p.name for p in course.iterdir()) == ["course.py"]  # no .venv, .venv-dev or workspace


def test_main_help_in_both_languages(tmp_path):
    course = _lone_course(tmp_path)
    en, zh = _run(course, "--help", "--lang", "en"), _run(course, "--help", "--lang", "zh-CN")
    assert en.returncode == zh.returncode == 0
    for command in ("update", "exercise", "test", "build", "data"):
        assert f"course.py {command}" in en.stdout and f"course.py {command}" in zh.stdout
    assert "my-course/" in en.stdout and "工作区" in zh.stdout and "工作区" not in en.stdout


@pytest.mark.parametrize("args", [["--lang", "fr"], ["exercise", "demo", "--lang", "fr"], ["update", "--lang=fr"]])
def test_unknown_language_names_the_languages_that_exist(tmp_path, args):
    course = _lone_course(tmp_path)
    proc = _run(course, *args)
    assert proc.returncode != 0 and "'fr'" in proc.stderr and "zh-CN" in proc.stderr and "en" in proc.stderr
    assert sorted(p.name for p in course.iterdir()) == ["course.py"]


def test_every_message_has_both_languages_and_the_same_placeholders():
    course = _course_module()
    fields = re.compile(r"{(\w+)")
    for key, texts in course.MESSAGES.items():
        assert set(texts) == set(course.LANGUAGES), key
        assert set(fields.findall(texts["zh-CN"])) == set(fields.findall(texts["en"])), key
    used = set(re.findall(r"""(?:say|fail|msg)\(\s*f?["']([\w.{}]+)["']""", (ROOT / "course.py").read_text()))
    used |= {command.help for command in course.COMMANDS.values()} | {"help.main"}
    used |= {f"role.{role.name}" for role in (course.LEARNER, course.DEV)}
    used |= set(re.findall(r"""Refused\("([\w.]+)"\)""", (ROOT / "course.py").read_text()))
    assert set(course.MESSAGES) == {u for u in used if "{" not in u}, "unused or missing message keys"


def test_relocate_links_doctest():
    result = doctest.testmod(_course_module(), optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 1 and result.failed == 0


# --- the workspace ------------------------------------------------------------------------------


def _course_module():
    spec = importlib.util.spec_from_file_location("course_under_test", ROOT / "course.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _small_course(tmp_path: Path) -> Path:
    """A course with the areas of today and two added later (exam, capstone), data, and folders
    that are not editions."""
    course = _lone_course(tmp_path)
    _write(course / "home_en.ipynb", "home en")
    _write(course / "home_zh-CN.ipynb", "home zh")
    _write(course / "chapters" / "en" / "a.ipynb", "a v1")
    _write(course / "chapters" / "zh-CN" / "a.ipynb", "a zh v1")
    _write(course / "exercises" / "en" / "demo.ipynb", '{"shipped": 1}')
    _write(course / "exercises" / "solutions" / "en" / "demo.ipynb", "solution")
    _write(course / "exercises" / "README.md", "how exercises work")
    _write(course / "exam" / "en" / "exam.ipynb", "exam")
    _write(course / "capstone" / "zh-CN" / "project.ipynb", "capstone")
    _write(course / "crmlib" / "datasets" / "files" / "survey.csv", "x\n1\n")
    _write(course / "crmlib" / "datasets" / "files" / "cdnow" / "SOURCE.md", "source")
    _write(course / "source" / "chapters" / "a.md", "source of a")
    _write(course / "tests" / "en" / "fixture.ipynb", "not an edition")
    _write(course / ".hidden" / "en" / "x.ipynb", "not an edition")
    return course


def test_workspace_mirrors_every_edition_folder_and_the_data(tmp_path):
    course = _small_course(tmp_path)
    proc = _run(course, "update", "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    ws = course / "my-course"
    got = sorted(p.relative_to(ws).as_posix() for p in ws.rglob("*") if p.is_file() and p.name != ".course-manifest.json")
    assert got == ["capstone/zh-CN/project.ipynb", "chapters/en/a.ipynb", "chapters/zh-CN/a.ipynb",
                   "datasets/cdnow/SOURCE.md", "datasets/survey.csv", "exam/en/exam.ipynb", "exercises/README.md",
                   "exercises/en/demo.ipynb", "exercises/solutions/en/demo.ipynb", "home_en.ipynb", "home_zh-CN.ipynb"]
    assert (ws / "datasets" / "survey.csv").read_text() == "x\n1\n"
    manifest = json.loads((ws / ".course-manifest.json").read_text())["files"]
    assert manifest["chapters/en/a.ipynb"] == _sha256(b"a v1")
    assert "is ready (11 files)" in proc.stdout


def _sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def test_refresh_updates_unchanged_files_and_keeps_the_learners(tmp_path):
    course = _small_course(tmp_path)
    assert _run(course, "update").returncode == 0
    ws = course / "my-course"
    mine = ws / "chapters" / "en" / "a.ipynb"
    mine.write_text("a v1 + my notes")  # the learner ran and saved it
    (ws / "exercises" / "en" / "demo.ipynb").unlink()  # deleted by the learner
    _write(ws / "my-work" / "notes.ipynb", "my own notebook")
    # The course changes: chapter a (changed by the learner), the zh-CN chapter a (not), a new chapter.
    _write(course / "chapters" / "en" / "a.ipynb", "a v2")
    _write(course / "chapters" / "zh-CN" / "a.ipynb", "a zh v2")
    _write(course / "chapters" / "en" / "b.ipynb", "b v1")
    proc = _run(course, "update", "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    assert mine.read_text() == "a v1 + my notes"  # kept
    beside = ws / "chapters" / "en" / "a.course-new.ipynb"
    assert beside.read_text() == "a v2"  # the update arrived beside it
    assert "Kept your changed my-course/chapters/en/a.ipynb" in proc.stdout and "a.course-new.ipynb" in proc.stdout
    assert (ws / "chapters" / "zh-CN" / "a.ipynb").read_text() == "a zh v2"  # unchanged: updated
    assert (ws / "chapters" / "en" / "b.ipynb").read_text() == "b v1"  # new: arrived
    assert (ws / "exercises" / "en" / "demo.ipynb").read_text() == '{"shipped": 1}'  # deleted: back
    assert (ws / "my-work" / "notes.ipynb").read_text() == "my own notebook"
    assert "1 new, 1 updated, 1 restored" in proc.stdout

    # Nothing new: nothing said about a.ipynb again, nothing rewritten.
    again = _run(course, "update", "--lang", "en")
    assert "Kept" not in again.stdout and "up to date" in again.stdout
    # A third version replaces the untouched new version beside it ...
    _write(course / "chapters" / "en" / "a.ipynb", "a v3")
    assert _run(course, "update").returncode == 0
    assert beside.read_text() == "a v3" and mine.read_text() == "a v1 + my notes"
    # ... but once the learner edits that one too, both stay and the next goes to -2.
    beside.write_text("a v3 + more notes")
    _write(course / "chapters" / "en" / "a.ipynb", "a v4")
    assert _run(course, "update").returncode == 0
    assert beside.read_text() == "a v3 + more notes" and mine.read_text() == "a v1 + my notes"
    assert (ws / "chapters" / "en" / "a.course-new-2.ipynb").read_text() == "a v4"
    # Deleting one's changed file takes the course's version.
    mine.unlink()
    assert _run(course, "update").returncode == 0 and mine.read_text() == "a v4"
    # A file the course no longer ships stays in the workspace.
    (course / "chapters" / "en" / "b.ipynb").unlink()
    assert _run(course, "update").returncode == 0 and (ws / "chapters" / "en" / "b.ipynb").read_text() == "b v1"


def test_refresh_messages_in_chinese(tmp_path):
    course = _small_course(tmp_path)
    first = _run(course, "update", "--lang", "zh-CN")
    assert "已建立你的工作区 my-course/" in first.stdout and "Your workspace" not in first.stdout
    (course / "my-course" / "chapters" / "en" / "a.ipynb").write_text("mine")
    _write(course / "chapters" / "en" / "a.ipynb", "a v2")
    proc = _run(course, "update", "--lang", "zh-CN")
    assert "保留了你改过的 my-course/chapters/en/a.ipynb" in proc.stdout and "Kept" not in proc.stdout


def test_a_file_of_the_learners_with_a_course_name_is_kept(tmp_path):
    """No manifest entry (the learner made the file first, or the manifest was lost): never overwritten."""
    course = _small_course(tmp_path)
    _write(course / "my-course" / "chapters" / "en" / "a.ipynb", "I wrote this first")
    assert _run(course, "update").returncode == 0
    assert (course / "my-course" / "chapters" / "en" / "a.ipynb").read_text() == "I wrote this first"
    assert (course / "my-course" / "chapters" / "en" / "a.course-new.ipynb").read_text() == "a v1"
    (course / "my-course" / ".course-manifest.json").write_text("{broken")
    (course / "my-course" / "chapters" / "zh-CN" / "a.ipynb").write_text("mine too")
    _write(course / "chapters" / "zh-CN" / "a.ipynb", "a zh v2")
    assert _run(course, "update").returncode == 0
    assert (course / "my-course" / "chapters" / "zh-CN" / "a.ipynb").read_text() == "mine too"


def test_workspace_refuses_symbolic_links(tmp_path):
    course = _small_course(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (course / "my-course").symlink_to(outside, target_is_directory=True)
    proc = _run(course, "update")
    assert proc.returncode != 0 and "symbolic link" in proc.stderr and list(outside.iterdir()) == []
    (course / "my-course").unlink()
    ws = course / "my-course"
    ws.mkdir()
    (ws / "exam").symlink_to(outside, target_is_directory=True)  # a folder inside, linked away
    victim = tmp_path / "victim.ipynb"
    victim.write_text("not yours")
    (ws / "chapters" / "en").mkdir(parents=True)
    (ws / "chapters" / "en" / "a.ipynb").symlink_to(victim)  # a file inside, linked away
    (ws / "home_en.ipynb").symlink_to(tmp_path / "dangling.ipynb")  # a dangling link
    proc = _run(course, "update", "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    assert list(outside.iterdir()) == [] and victim.read_text() == "not yours"
    assert not (tmp_path / "dangling.ipynb").exists()
    for skipped in ("exam/en/exam.ipynb", "chapters/en/a.ipynb", "home_en.ipynb"):
        assert f"Skipped my-course/{skipped}" in proc.stdout
    assert (ws / "chapters" / "zh-CN" / "a.ipynb").read_text() == "a zh v1"  # the rest arrived


# --- links work from the workspace and from an exercise copy ------------------------------------

_MD_LINK = re.compile(r"\]\((<[^>\n]*>|[^)\s]+)(?:\s+\"[^\"]*\")?\)")


def _markdown_of(path: Path) -> list[str]:
    if path.suffix == ".md":
        return [path.read_text(encoding="utf-8")]
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]


def _links(ws: Path, paths: list[Path]) -> tuple[int, list[str]]:
    """(links checked, dead links): every relative markdown link, resolved from its file."""
    checked, dead = 0, []
    for path in paths:
        for text in _markdown_of(path):
            for m in _MD_LINK.finditer(text):
                target = m.group(1).strip("<>")
                if not target or target.startswith(("#", "/")) or re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", target):
                    continue
                rel = unquote(target.partition("#")[0])
                if not rel:
                    continue
                checked += 1
                resolved = Path(os.path.normpath(path.parent / rel))
                if ws not in resolved.parents and resolved != ws or not resolved.exists():
                    dead.append(f"{path.relative_to(ws)}: {target}")
    return checked, dead


def _copy_of_the_course(tmp_path: Path) -> Path:
    """The real editions and data, with course.py, in a temporary course folder."""
    course = _lone_course(tmp_path)
    module = _course_module()
    for folder in module.edition_folders(ROOT):
        shutil.copytree(folder, course / folder.relative_to(ROOT), ignore=shutil.ignore_patterns(".*"))
    for rel, src in module.course_files(ROOT).items():
        if not rel.startswith("datasets/") and not (course / rel).exists():
            _write(course / rel, "")
            shutil.copyfile(src, course / rel)
    shutil.copytree(ROOT / module.DATA_FILES[0], course / module.DATA_FILES[0], ignore=shutil.ignore_patterns(".*", "*.py"))
    return course


def test_every_link_resolves_in_the_workspace_and_in_exercise_copies(tmp_path):
    course = _copy_of_the_course(tmp_path)
    ws = course / "my-course"
    copies = []
    for lang in ("en", "zh-CN"):
        names = sorted(p.stem for p in (course / "exercises" / lang).glob("*.ipynb"))
        assert names
        for name in names:
            proc = _run(course, "exercise", name, "--lang", lang)
            assert proc.returncode == 0, proc.stderr
            copies.append(ws / "my-work" / f"{name}_{lang}.ipynb")
    notebooks = [p for p in ws.rglob("*") if p.suffix in (".ipynb", ".md") and ".ipynb_checkpoints" not in p.parts
                 and "my-work" not in p.parts]
    checked, dead = _links(ws, notebooks)
    assert checked > 200 and not dead, dead
    checked, dead = _links(ws, copies)
    assert checked > 20 and not dead, dead
    # A link to the solutions and back to the chapter resolve from the copy (they did not before).
    text = "".join(_markdown_of(ws / "my-work" / "01_foundations_en.ipynb"))
    assert "](../exercises/solutions/en/01_foundations.ipynb)" in text
    assert "](../chapters/en/01_foundations.ipynb)" in text


# --- git pull never fails because of the learner's work ------------------------------------------

GIT_ENV = dict(os.environ, GIT_AUTHOR_NAME="Course", GIT_AUTHOR_EMAIL="course@example.org", GIT_COMMITTER_NAME="Course",
               GIT_COMMITTER_EMAIL="course@example.org", GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull)


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=GIT_ENV).stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_git_pull_and_refresh_keep_the_learners_edit(tmp_path):
    origin = _small_course(tmp_path)
    shutil.copyfile(ROOT / ".gitignore", origin / ".gitignore")
    _git(origin, "init", "-q", "-b", "main")
    _git(origin, "add", "-A")
    _git(origin, "commit", "-q", "-m", "course v1")
    _git(tmp_path, "clone", "-q", str(origin), "clone")
    clone = tmp_path / "clone"
    assert subprocess.run([sys.executable, "course.py", "update"], cwd=clone, env=GIT_ENV, capture_output=True).returncode == 0
    mine = clone / "my-course" / "chapters" / "en" / "a.ipynb"
    mine.write_text("my answers")  # the learner runs, edits and saves
    _write(clone / "my-course" / "my-work" / "extra.ipynb", "mine")
    assert _git(clone, "status", "--porcelain") == ""  # no tracked file is dirty
    # The instructor changes the edition the learner edited, and another one.
    _write(origin / "chapters" / "en" / "a.ipynb", "a v2")
    _write(origin / "chapters" / "zh-CN" / "a.ipynb", "a zh v2")
    _git(origin, "commit", "-q", "-am", "course v2")
    proc = subprocess.run([sys.executable, "course.py", "update", "--lang", "en"], cwd=clone, env=GIT_ENV,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (clone / "chapters" / "en" / "a.ipynb").read_text() == "a v2"  # the pull arrived
    assert mine.read_text() == "my answers"  # the edit is kept
    assert (clone / "my-course" / "chapters" / "en" / "a.course-new.ipynb").read_text() == "a v2"
    assert (clone / "my-course" / "chapters" / "zh-CN" / "a.ipynb").read_text() == "a zh v2"
    assert _git(clone, "status", "--porcelain") == ""


# --- course.py exercise: a fresh copy in the workspace, safely ------------------------------------


def _exercise_tree(tmp_path: Path) -> Path:
    course = _lone_course(tmp_path)
    _write(course / "exercises" / "en" / "demo.ipynb", '{"shipped": 1}')
    _write(course / "home_en.ipynb", '{"home": 1}')
    return course


def _exercise(course: Path, name: str, lang: str = "en") -> subprocess.CompletedProcess:
    return _run(course, "exercise", name, "--lang", lang)


def test_exercise_copy_never_overwrites_a_learners_work(tmp_path):
    course = _exercise_tree(tmp_path)
    first = _exercise(course, "demo")
    assert first.returncode == 0, first.stderr
    assert "untouched" not in first.stdout  # nothing earlier to speak of
    mine = course / "my-course" / "my-work" / "demo_en.ipynb"
    assert mine.read_text() == '{"shipped": 1}'
    mine.write_text('{"my answers": 42}')
    out = _exercise(course, "demo").stdout
    assert mine.read_text() == '{"my answers": 42}'
    assert (course / "my-course" / "my-work" / "demo_en (2).ipynb").read_text() == '{"shipped": 1}'
    assert "demo_en (2).ipynb" in out and "untouched" in out


def test_exercise_speaks_the_chosen_language(tmp_path):
    course = _exercise_tree(tmp_path)
    (course / "exercises" / "zh-CN").mkdir()
    shutil.copyfile(course / "exercises" / "en" / "demo.ipynb", course / "exercises" / "zh-CN" / "demo.ipynb")
    first = _exercise(course, "demo", "zh-CN")
    assert first.returncode == 0 and "你的副本：my-course/my-work/demo_zh-CN.ipynb" in first.stdout
    assert "原封未动" not in first.stdout and "Your" not in first.stdout
    second = _exercise(course, "demo", "zh-CN")
    assert "你以前的副本原封未动" in second.stdout
    wrong = _exercise(course, "nope", "zh-CN")
    assert wrong.returncode != 0 and "没有练习 'nope'" in wrong.stderr and "demo" in wrong.stderr


def test_exercise_command_names_what_exists(tmp_path):
    course = _exercise_tree(tmp_path)
    proc = _exercise(course, "nope")
    assert proc.returncode != 0 and "available: demo" in proc.stderr
    proc = _run(course, "exercise", "--lang", "en")
    assert proc.returncode != 0 and "available: demo" in proc.stderr


@pytest.mark.parametrize("name", ["../../home_en", "../home_en", "{abs}/home_en", "demo/../demo", "en/demo", ""])
def test_exercise_takes_a_name_from_the_list_only(tmp_path, name):
    course = _exercise_tree(tmp_path)
    before = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    proc = _exercise(course, name.format(abs=course))
    assert proc.returncode != 0 and "available: demo" in proc.stderr
    # Nothing was written anywhere: not outside the course, not even an empty workspace.
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == before


def test_exercise_refuses_a_symlinked_workspace_or_my_work(tmp_path):
    course = _exercise_tree(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (course / "my-course").symlink_to(outside, target_is_directory=True)
    proc = _exercise(course, "demo")
    assert proc.returncode != 0 and "symbolic link" in proc.stderr
    assert list(outside.iterdir()) == []
    (course / "my-course").unlink()
    (course / "my-course").mkdir()
    (course / "my-course" / "my-work").symlink_to(outside, target_is_directory=True)
    proc = _exercise(course, "demo")
    assert proc.returncode != 0 and "symbolic link" in proc.stderr
    assert list(outside.iterdir()) == []


def test_exercise_refuses_a_dangling_symlink_target(tmp_path):
    course = _exercise_tree(tmp_path)
    (course / "my-course" / "my-work").mkdir(parents=True)
    target = tmp_path / "elsewhere.ipynb"
    (course / "my-course" / "my-work" / "demo_en.ipynb").symlink_to(target)  # dangling: exists() is False
    proc = _exercise(course, "demo")
    assert proc.returncode != 0 and "symbolic link" in proc.stderr
    assert not target.exists()


def test_exercise_writes_only_inside_the_workspace(tmp_path):
    course = _exercise_tree(tmp_path)
    before = {p for p in tmp_path.rglob("*")}
    proc = _exercise(course, "demo.ipynb")
    assert proc.returncode == 0, proc.stderr
    created = {p for p in tmp_path.rglob("*")} - before
    ws = course / "my-course"
    assert created and all(p == ws or ws in p.parents for p in created)
    assert (ws / "my-work" / "demo_en.ipynb").read_text() == '{"shipped": 1}'


def test_gitignore_keeps_learners_work_and_environments_out_of_git():
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert {"my-course/", "my-work/", ".venv/", ".venv-dev/"} <= set(ignored)
