"""The class repository (tools/class_repo.py, ``python3 course.py class-repo``) and class mode in the
checks (crmlib.course.checks.class_mode / model_answer_pointer).

A class pulls its repository with nbgitpuller, so everything in it is open to every student: the
export must hold what learners need and nothing of the solutions, every check must still work
there from the hashed keys, every link must resolve, each export must be a commit that
nbgitpuller can merge, and the solution editions must arrive only with ``--release-solutions``.
"""

from __future__ import annotations

import doctest
import importlib.util
import json
import os
import re
import subprocess
import sys
import tomllib
from datetime import date, timedelta
from pathlib import Path

import pytest

from crmlib import i18n
from crmlib.course import checks, keys

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ("zh-CN", "en")
PLAIN_KEYS = ROOT / "exercises" / "solutions" / "keys"
DEADLINE = date.today() + timedelta(days=60)  # always in the future: the "before the deadline" case

_spec = importlib.util.spec_from_file_location("class_repo", ROOT / "tools" / "class_repo.py")
tool = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = tool
_spec.loader.exec_module(tool)


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout.strip()


def _tracked(repo: Path) -> list[str]:
    return _git(repo, "ls-files").splitlines()


def _notebooks(repo: Path) -> list[Path]:
    return sorted(p for p in repo.rglob("*.ipynb") if ".git" not in p.parts)


def _cells(path: Path, kind: str | None = None) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in nb["cells"] if kind is None or c["cell_type"] == kind]


@pytest.fixture(autouse=True)
def _no_class_env(monkeypatch):
    monkeypatch.delenv(checks.CLASS_ENV, raising=False)
    for var in ("NBGRADER_EXECUTION", "CRM_CHECK_STRICT", keys.KEYS_OUT_ENV):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture(scope="module")
def class_repo(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("hub") / "crm-class"
    done = tool.export(out, languages=LANGUAGES, solutions_after=DEADLINE)
    assert done.first and done.commit and not done.released
    return out


# --- what is in it ------------------------------------------------------------------------------


def test_it_holds_what_learners_need(class_repo):
    files = set(_tracked(class_repo))
    for rel in ("README.md", "pyproject.toml", "course.py", "environment.yml", "binder/environment.yml",
                "binder/postBuild", "crmlib/__init__.py", "crmlib/course/keys.py", "course-class.toml",
                "datasets/README.md", "exercises/README.md", "jupyter-config/labconfig/default_setting_overrides.json"):
        assert rel in files, rel
    assert os.access(class_repo / "binder" / "postBuild", os.X_OK)  # repo2docker runs it
    for lang in LANGUAGES:
        assert f"home_{lang}.ipynb" in files
        for area in ("chapters", "cases", "exercises", "exam", "capstone", "apps"):
            shipped = {p.relative_to(ROOT).as_posix() for p in (ROOT / area / lang).glob("*.ipynb")}
            assert shipped and shipped <= files, (area, lang)
    # the data sets travel inside the package, the hashed keys too
    assert any(f.startswith("crmlib/datasets/files/") and f.endswith(".csv") for f in files)
    hashed = {p.name for p in (ROOT / "crmlib" / "course" / "keys_data").glob("*.json")}
    assert hashed and {f"crmlib/course/keys_data/{n}" for n in hashed} <= files


def test_no_solutions_plain_keys_instructor_material_or_sources(class_repo):
    files = _tracked(class_repo)
    left_out = ("exercises/solutions/", "instructor/", "source/", "docs/", "tests/", "tools/", "benchmarks/", "deploy/")
    assert not [f for f in files if f.startswith(left_out)]
    assert not (class_repo / "docs" / "grading.md").exists()
    for path in class_repo.rglob("*.json"):  # a plain key file carries the expected values and model answers
        if ".git" not in path.parts:
            text = path.read_text(encoding="utf-8")
            assert '"solution_answer"' not in text and '"expected"' not in text, path


def test_no_notebook_carries_hidden_tests_or_solution_code(class_repo):
    notebooks = _notebooks(class_repo)
    assert len(notebooks) > 50
    for path in notebooks:
        for source in _cells(path):
            for marker in ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS", "### BEGIN SOLUTION", "keys.number("):
                assert marker not in source, (path, marker)


LINK = re.compile(r"\]\(([^)\s]+)\)")


def _broken_links(repo: Path) -> list[str]:
    broken = []
    for path in _notebooks(repo):
        for text in _cells(path, "markdown"):
            for target in LINK.findall(text):
                if re.match(r"^(https?:|mailto:|#)", target):
                    continue
                target = target.split("#")[0]
                if target and not (path.parent / target).exists():
                    broken.append(f"{path.relative_to(repo)} -> {target}")
    return broken


def test_every_relative_link_resolves_and_solution_links_keep_their_text(class_repo):
    assert _broken_links(class_repo) == []
    for lang in LANGUAGES:
        for path in (ROOT / "exercises" / lang).glob("*.ipynb"):
            main_text = "\n".join(_cells(path, "markdown"))
            for label in re.findall(r"\[([^\]]+)\]\(\.\./solutions/", main_text):
                exported = "\n".join(_cells(class_repo / "exercises" / lang / path.name, "markdown"))
                assert label in exported and "../solutions/" not in exported, path


def test_class_file_records_class_mode_and_the_date(class_repo):
    settings = tomllib.loads((class_repo / "course-class.toml").read_text(encoding="utf-8"))
    assert settings["class_mode"] is True and settings["solutions_after"] == DEADLINE
    assert settings["solutions_released"] is False and settings["languages"] == list(LANGUAGES)
    assert tool.CLASS_FILE == checks.CLASS_FILE
    mode = checks.class_mode(class_repo / "exercises" / "en")
    assert mode is not None and mode.root == class_repo and mode.solutions_after == DEADLINE


# --- every check still works there, from the hashed keys, in class mode ---------------------------


def test_every_check_call_has_a_hashed_key_in_the_export(class_repo):
    calls = 0
    for lang in LANGUAGES:
        for path in (class_repo / "exercises" / lang).glob("*.ipynb"):
            for source in _cells(path, "code"):
                for task in re.findall(r"""\bcheck\(\s*["']([a-z0-9_]+\.[A-Za-z0-9_]+)["']""", source):
                    keyfile = class_repo / "crmlib" / "course" / "keys_data" / f"{task.split('.')[0]}.json"
                    assert task in json.loads(keyfile.read_text(encoding="utf-8"))["tasks"], (path, task)
                    calls += 1
    assert calls > 100


CHECK_ALL = r"""
import json, sys
import crmlib
from crmlib import i18n
from crmlib.course import keys
print(json.dumps({"crmlib": crmlib.__file__}))
i18n.set_language(sys.argv[1])
for task, answer in json.loads(sys.stdin.read()).items():
    right = keys.check(task, keys.from_json(answer))
    blank = keys.check(task, None)
    print(json.dumps({"task": task, "kind": right.kind, "right": right.ok, "blank": blank.ok,
                      "message": right.message}, ensure_ascii=False))
if "ch03.q1" in json.loads(open(sys.argv[2], encoding="utf-8").read())["tasks"]:
    print(json.dumps({"wrong": keys.check("ch03.q1", 123456.0).ok}))
"""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_task_checks_right_wrong_and_blank_in_the_class_repo(class_repo, lang):
    answers = {}
    for path in sorted(PLAIN_KEYS.glob("*.json")):
        for task, entry in json.loads(path.read_text(encoding="utf-8"))["tasks"].items():
            answers[task] = keys.to_json(keys.from_json(entry["solution_answer"]))
    assert len(answers) > 50
    env = {**os.environ, "PYTHONPATH": str(class_repo), "CRM_CLASS_MODE": "1"}
    for var in ("NBGRADER_EXECUTION", "CRM_CHECK_STRICT", keys.KEYS_OUT_ENV):
        env.pop(var, None)
    proc = subprocess.run(
        [sys.executable, "-c", CHECK_ALL, lang, str(class_repo / "crmlib" / "course" / "keys_data" / "ch03.json")],
        input=json.dumps(answers), capture_output=True, text=True, cwd=class_repo / "exercises" / lang, env=env, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    assert Path(rows[0]["crmlib"]).resolve().is_relative_to(class_repo.resolve())  # the export's own crmlib
    results = [r for r in rows if "task" in r]
    assert {r["task"] for r in results} == set(answers)
    assert all(r["right"] and not r["blank"] for r in results), [r["task"] for r in results if not r["right"] or r["blank"]]
    assert rows[-1] == {"wrong": False}
    texts = [r for r in results if r["kind"] == "text"]
    assert texts
    for r in texts:  # class mode: no pointer to a solution edition, the release date instead
        assert "exercises/solutions/" + lang not in r["message"] and DEADLINE.isoformat() in r["message"], r


# --- class mode in the checks -------------------------------------------------------------------


def _class_folder(tmp_path: Path, text: str) -> Path:
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / checks.CLASS_FILE).write_text(text, encoding="utf-8")
    (tmp_path / "exercises" / "en").mkdir(parents=True)
    return tmp_path / "exercises" / "en"


def test_pointer_before_and_after_the_date_and_once_released(tmp_path, en):
    where = _class_folder(tmp_path, "class_mode = true\nsolutions_after = 2030-06-30\n")
    before = checks.model_answer_pointer("q8", "03_x", start=where, today=date(2030, 6, 30))
    assert "released after 2030-06-30" in before and "exercises/solutions/en/03_x.ipynb" not in before
    after = checks.model_answer_pointer("q8", "03_x", start=where, today=date(2030, 7, 1))
    assert "was due to be released after 2030-06-30" in after and "ask your teacher" in after
    solution = tmp_path / "exercises" / "solutions" / "en" / "03_x.ipynb"
    solution.parent.mkdir(parents=True)
    solution.write_text("{}", encoding="utf-8")
    released = checks.model_answer_pointer("q8", "03_x", start=where, today=date(2030, 6, 1))
    assert "exercises/solutions/en/03_x.ipynb" in released
    i18n.set_language("zh-CN")
    solution.unlink()
    zh = checks.model_answer_pointer("q8", "03_x", start=where, today=date(2030, 6, 1))
    assert "2030-06-30 之后发布" in zh


def test_pointer_without_a_date_and_the_environment_switch(tmp_path, monkeypatch, en):
    where = _class_folder(tmp_path / "class", "class_mode = true\n")
    assert "after the deadline" in checks.model_answer_pointer("q1", "01_x", start=where)
    monkeypatch.setenv(checks.CLASS_ENV, "0")  # off, even with a class file
    assert "exercises/solutions/en/01_x.ipynb" in checks.model_answer_pointer("q1", "01_x", start=where)
    monkeypatch.setenv(checks.CLASS_ENV, "1")  # on, even without one
    elsewhere = tmp_path / "self-study"
    elsewhere.mkdir()
    assert checks.class_mode(elsewhere) == checks.ClassMode(root=None)
    assert "after the deadline" in checks.model_answer_pointer("q1", "01_x", start=elsewhere)
    assert "after the deadline" in checks.model_answer_pointer("q1", None, start=elsewhere)


def test_self_study_and_a_class_file_that_turns_class_mode_off(tmp_path, en):
    assert checks.class_mode(tmp_path) is None
    assert "exercises/solutions/en/01_x.ipynb" in checks.model_answer_pointer("q1", "01_x", start=tmp_path)
    assert "this notebook's solution edition" in checks.model_answer_pointer("q1", None, start=tmp_path)
    where = _class_folder(tmp_path, "class_mode = false\n")
    assert checks.class_mode(where) is None


def test_an_unreadable_class_file_still_means_class_mode(tmp_path, en):
    where = _class_folder(tmp_path, "class_mode = [unclosed\n")
    assert checks.class_mode(where) == checks.ClassMode(root=tmp_path)


def test_a_short_answer_check_in_a_class_folder_names_the_date(tmp_path, monkeypatch, en):
    where = _class_folder(tmp_path, f"class_mode = true\nsolutions_after = {DEADLINE.isoformat()}\n")
    monkeypatch.chdir(where)  # a kernel runs in its notebook's folder
    monkeypatch.setattr(keys, "KEY_DIR", tmp_path / "keys_data")
    keys.KEY_DIR.mkdir()
    (keys.KEY_DIR / "cm.json").write_text(json.dumps({"notebook": "03_x", "tasks": {}}), encoding="utf-8")
    before = dict(keys.SPECS)
    try:
        keys.keywords("cm.k", [{"zh-CN": "并列", "en": "ties", "words": ["tie", "并列"]}])
        r = keys.check("cm.k", "Most households tie on the same week, so recency cannot separate them.")
    finally:
        keys.SPECS.clear()
        keys.SPECS.update(before)
    assert r.ok and f"released after {DEADLINE.isoformat()}" in r.message and "exercises/solutions" in r.message
    assert "03_x.ipynb" not in r.message


# --- updates and the release -------------------------------------------------------------------


def test_re_export_commits_only_a_change_and_remembers_the_settings(tmp_path):
    out = tmp_path / "crm-class"
    first = tool.export(out, languages=("en",), solutions_after=DEADLINE)
    assert _git(out, "rev-list", "--count", "HEAD") == "1"
    same = tool.export(out)
    assert same.commit is None and not same.first and same.languages == ("en",) and same.solutions_after == DEADLINE
    assert _git(out, "rev-list", "--count", "HEAD") == "1"
    later = DEADLINE + timedelta(days=7)
    second = tool.export(out, solutions_after=later)
    assert second.commit and second.commit != first.commit
    assert _git(out, "rev-list", "--count", "HEAD") == "2" and _git(out, "status", "--porcelain") == ""
    assert tomllib.loads((out / "course-class.toml").read_text(encoding="utf-8"))["solutions_after"] == later
    assert not any(f.startswith(("chapters/zh-CN/", "home_zh-CN")) for f in _tracked(out))
    assert _broken_links(out) == []  # the link to the other language's home keeps only its text


def test_an_update_deletes_what_the_course_dropped_and_keeps_the_instructors_folder(tmp_path):
    out = tmp_path / "crm-class"
    tool.export(out, languages=LANGUAGES)
    (out / "announcements").mkdir()
    (out / "announcements" / "week1.md").write_text("Week 1\n", encoding="utf-8")
    (out / "chapters" / "en" / "99_dropped.ipynb").write_text("{}", encoding="utf-8")
    _git(out, "add", "-A")
    _git(out, "-c", "user.name=t", "-c", "user.email=t@localhost", "commit", "-q", "-m", "instructor's own")
    done = tool.export(out, languages=("en",))
    assert done.commit
    files = _tracked(out)
    assert "announcements/week1.md" in files
    assert "chapters/en/99_dropped.ipynb" not in files and not any(f.startswith("chapters/zh-CN/") for f in files)


def test_release_solutions_brings_the_solution_editions_in_a_new_commit(tmp_path, en):
    out = tmp_path / "crm-class"
    tool.export(out, languages=("en",), solutions_after=DEADLINE)
    done = tool.export(out, release=True)
    assert done.released and done.commit
    assert _git(out, "log", "-1", "--format=%s").startswith("Release the solution editions")
    files = set(_tracked(out))
    shipped = {p.relative_to(ROOT).as_posix() for p in (ROOT / "exercises" / "solutions" / "en").glob("*.ipynb")}
    assert shipped and shipped <= files
    assert not any(f.startswith(("exercises/solutions/keys/", "exercises/solutions/zh-CN/", "instructor/")) for f in files)
    assert _broken_links(out) == []
    linked = "\n".join(_cells(out / "exercises" / "en" / "01_foundations.ipynb", "markdown"))
    assert "](../solutions/en/01_foundations.ipynb)" in linked  # the student edition's link is back
    assert tool.export(out).released  # an update keeps them
    pointer = checks.model_answer_pointer("q8", "03_differentiating_customers", start=out / "exercises" / "en")
    assert "exercises/solutions/en/03_differentiating_customers.ipynb" in pointer


def test_it_refuses_a_foreign_folder_and_the_course_itself(tmp_path):
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine\n", encoding="utf-8")
    with pytest.raises(tool.ClassRepoError) as exc:
        tool.export(foreign)
    assert exc.value.code == "not_class_repo" and (foreign / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    with pytest.raises(tool.ClassRepoError) as exc:
        tool.export(ROOT / "class-out")
    assert exc.value.code == "inside_course" and not (ROOT / "class-out").exists()


def test_a_notebook_with_hidden_tests_stops_the_export(tmp_path):
    files = {"exercises/en/x.ipynb": tmp_path / "x.ipynb"}
    nb = {"cells": [{"cell_type": "code", "metadata": {}, "source": "### BEGIN HIDDEN TESTS\nkeys.number('x.q', 1)\n"}]}
    files["exercises/en/x.ipynb"].write_text(json.dumps(nb), encoding="utf-8")
    with pytest.raises(tool.ClassRepoError, match="exercises/en/x.ipynb"):
        tool.content("exercises/en/x.ipynb", files["exercises/en/x.ipynb"], files, set(), ROOT)


def test_the_tools_doctests():
    failures, tried = doctest.testmod(tool, verbose=False)
    assert tried >= 3 and failures == 0


# --- the command -------------------------------------------------------------------------------


def test_course_py_class_repo_command(tmp_path):
    out = tmp_path / "crm-class"
    run = [sys.executable, str(ROOT / "course.py"), "class-repo", str(out)]
    env = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL")}
    proc = subprocess.run([*run, "--lang", "zh-CN", "--solutions-after", DEADLINE.isoformat()],
                          capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "班级仓库" in proc.stdout and f"{DEADLINE.isoformat()} 之后发布" in proc.stdout and "git -C" in proc.stdout
    assert not any(f.startswith(("home_en", "chapters/en/")) for f in _tracked(out))
    proc = subprocess.run([*run, "--lang", "both", "--release-solutions"], capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "exercises/solutions/en/01_foundations.ipynb" in _tracked(out) and _git(out, "rev-list", "--count", "HEAD") == "2"
    bad = subprocess.run([*run, "--solutions-after", "30/06/2026"], capture_output=True, text=True, env=env, timeout=300)
    assert bad.returncode != 0 and "YYYY-MM-DD" in bad.stderr
    helped = subprocess.run([*run[:3], "--help"], capture_output=True, text=True, env=env, timeout=60)
    assert helped.returncode == 0 and "--release-solutions" in helped.stdout
