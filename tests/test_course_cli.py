"""The README's main command serves the course home (localhost, token on) from the learner's
environment, which holds no test or grading tools; the exercise command never overwrites a
learner's copy.

``python3 course.py test`` names the learner's Python (``.venv``) in ``CRM_LEARNER_PYTHON``; the
tests then run the course and inspect JupyterLab with it. Without it (``--here``, or pytest
started by hand) they use the running Python and the learner-environment check is skipped
(under CI, where the variable must be set, it fails instead)."""

from __future__ import annotations

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
    port = _free_port()
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"), JUPYTER_CONFIG_DIR=str(tmp_path / "config"))
    log = tmp_path / "server.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [LEARNER_PYTHON or sys.executable, str(ROOT / "course.py"), "--here", "--no-browser", "--port", str(port), "--lang", "en"],
            stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True,
        )
        try:
            token = None
            # Wait for readiness (the URL), not for a fixed time: the server may start slowly on a
            # busy machine. The bound only stops a hung server from hanging the suite.
            deadline = time.monotonic() + 900
            while token is None and time.monotonic() < deadline and proc.poll() is None:
                m = re.search(rf"http://127\.0\.0\.1:{port}/lab\?token=([0-9a-f]+)", log.read_text())
                token = m.group(1) if m else None
                time.sleep(0.3)
            assert token, "no URL with a token was printed:\n" + log.read_text()[-3000:]
            base = f"http://127.0.0.1:{port}"
            with urllib.request.urlopen(f"{base}/api/contents/home_en.ipynb?token={token}", timeout=120) as r:
                model = json.load(r)
            assert model["name"] == "home_en.ipynb" and model["type"] == "notebook"
            assert _status(f"{base}/api/contents/home_en.ipynb") == 403  # no token, no access
            assert "home_en.ipynb" in log.read_text()  # the home notebook is what it opens
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


def test_test_help_installs_nothing(tmp_path):
    shutil.copyfile(ROOT / "course.py", tmp_path / "course.py")
    proc = subprocess.run([sys.executable, "course.py", "test", "--help"], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0 and ".venv-dev" in proc.stdout and "pytest" in proc.stdout
    assert not (tmp_path / ".venv").exists() and not (tmp_path / ".venv-dev").exists()


def test_exercise_copy_never_overwrites_a_learners_work(tmp_path):
    shutil.copyfile(ROOT / "course.py", tmp_path / "course.py")
    (tmp_path / "exercises" / "en").mkdir(parents=True)
    (tmp_path / "exercises" / "en" / "demo.ipynb").write_text('{"shipped": 1}')

    def run() -> str:
        proc = subprocess.run([sys.executable, "course.py", "exercise", "demo", "--lang", "en"], cwd=tmp_path, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    run()
    mine = tmp_path / "my-work" / "demo_en.ipynb"
    mine.write_text('{"my answers": 42}')
    out = run()
    assert mine.read_text() == '{"my answers": 42}'
    assert (tmp_path / "my-work" / "demo_en (2).ipynb").read_text() == '{"shipped": 1}'
    assert "demo_en (2).ipynb" in out


def test_exercise_command_names_what_exists(tmp_path):
    shutil.copyfile(ROOT / "course.py", tmp_path / "course.py")
    (tmp_path / "exercises" / "en").mkdir(parents=True)
    (tmp_path / "exercises" / "en" / "demo.ipynb").write_text("{}")
    proc = subprocess.run([sys.executable, "course.py", "exercise", "nope", "--lang", "en"], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode != 0 and "available: demo" in proc.stderr


def _exercise_tree(tmp_path: Path) -> Path:
    course = tmp_path / "course"
    (course / "exercises" / "en").mkdir(parents=True)
    shutil.copyfile(ROOT / "course.py", course / "course.py")
    (course / "exercises" / "en" / "demo.ipynb").write_text('{"shipped": 1}')
    (course / "home_en.ipynb").write_text('{"home": 1}')
    return course


def _exercise(course: Path, name: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "course.py", "exercise", name, "--lang", "en"], cwd=course,
                          capture_output=True, text=True)


@pytest.mark.parametrize("name", ["../../home_en", "../home_en", "{abs}/home_en", "demo/../demo", "en/demo", ""])
def test_exercise_takes_a_name_from_the_list_only(tmp_path, name):
    course = _exercise_tree(tmp_path)
    before = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    proc = _exercise(course, name.format(abs=course))
    assert proc.returncode != 0 and "available: demo" in proc.stderr
    # Nothing was written anywhere: not outside the course, not even an empty my-work/.
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == before


def test_exercise_refuses_a_symlinked_my_work(tmp_path):
    course = _exercise_tree(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (course / "my-work").symlink_to(outside, target_is_directory=True)
    proc = _exercise(course, "demo")
    assert proc.returncode != 0 and "symbolic link" in proc.stderr
    assert list(outside.iterdir()) == []


def test_exercise_refuses_a_dangling_symlink_target(tmp_path):
    course = _exercise_tree(tmp_path)
    (course / "my-work").mkdir()
    target = tmp_path / "elsewhere.ipynb"
    (course / "my-work" / "demo_en.ipynb").symlink_to(target)  # dangling: exists() is False
    proc = _exercise(course, "demo")
    assert proc.returncode != 0 and "symbolic link" in proc.stderr
    assert not target.exists()


def test_exercise_writes_only_inside_my_work(tmp_path):
    course = _exercise_tree(tmp_path)
    before = {p for p in tmp_path.rglob("*")}
    proc = _exercise(course, "demo.ipynb")
    assert proc.returncode == 0, proc.stderr
    created = {p for p in tmp_path.rglob("*")} - before
    assert created == {course / "my-work", course / "my-work" / "demo_en.ipynb"}
    assert (course / "my-work" / "demo_en.ipynb").read_text() == '{"shipped": 1}'


def test_gitignore_keeps_learners_work_and_environments_out_of_git():
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert {"my-work/", ".venv/", ".venv-dev/"} <= set(ignored)
