"""A whole class graded with nbgrader, end to end (issue 13 item 6; the workflow: docs/grading.md).

``tools/nbgrader_course.py init`` lays out a course folder from the Chinese solution editions of
two small exercises (chapter 1 and chapter 9). nbgrader then releases them through an exchange
folder, a simulated class fetches and submits them, the instructor collects, autogrades (the
hidden tests recompute the keys in the grading kernel), generates feedback and exports the
gradebook as CSV. The class:

- ``s_correct`` solves every task: full marks;
- ``s_blank`` hands the released notebook back untouched: zero;
- ``s_partial`` solves the first half of the tasks and answers the rest wrongly: the points of
  the first half. This student works as on a JupyterHub without nbgrader: on the course's own
  student edition (``exercises/zh-CN/``, what the nbgitpuller link hands out), collected from the
  home folder by ``tools/nbgrader_course.py collect``, not through the exchange;
- ``s_cheat`` answers nothing and, in chapter 1, replaces the check cells (``pass``,
  ``print("✔ ...")`` with 10 points, one stripped of its nbgrader metadata); in chapter 9 rebinds
  ``check`` in an answer cell (``check = lambda *a, **k: None``): zero in both, the check cells
  graded as the originals;
- ``s_deleter`` solves every task but deletes the first check cell (nbgrader puts it back and
  grades it) and the last answer cell (its check then fails): full marks less the last task.

Everything runs in this process through nbgrader's Python API (what its formgrader uses) except
``nbgrader export``, which runs as the instructor types it. It takes a few minutes: ten notebooks
are executed.
"""

from __future__ import annotations

import csv
import html
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

pytest.importorskip("nbgrader", reason="instructor extra not installed")

from nbgrader.apps import NbGraderAPI  # noqa: E402
from nbgrader.api import Gradebook  # noqa: E402
from nbgrader.auth import Authenticator  # noqa: E402
from nbgrader.coursedir import CourseDirectory  # noqa: E402
from nbgrader.exchange.default import ExchangeFetchAssignment, ExchangeSubmit  # noqa: E402
from traitlets.config import Config  # noqa: E402
from traitlets.config.loader import PyFileConfigLoader  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "nbgrader_course.py"
sys.path.insert(0, str(ROOT / "tools"))
import nbgrader_course as course_tool  # noqa: E402

LANG = "zh-CN"
EXERCISES = {"ch01": "01_foundations", "ch09": "09_crm_systems"}
STUDENTS = {  # id: (last name, first name)
    "s_correct": ("张", "三"), "s_blank": ("李", "四"), "s_partial": ("王", "五"),
    "s_cheat": ("赵", "六"), "s_deleter": ("Smith", "Ann"),
}
MISSING_NOTICE = "was missing from the submission"

# Two warnings come from nbgrader 0.9.6 itself, nothing of crmlib: its autograde adds a submission
# through a relationship SQLAlchemy 2 warns about (the grades are saved all the same), and the check
# cell it puts back for a deleted one has no cell id (nbformat fills one in).
pytestmark = [
    pytest.mark.filterwarnings("ignore:Object of type <\\w+> not in session, add operation along:sqlalchemy.exc.SAWarning"),
    pytest.mark.filterwarnings("ignore:Cell is missing an id field:nbformat.warnings.MissingIDFieldWarning"),
]


@dataclass(frozen=True)
class Task:
    answer_id: str  # grade_id of the answer (solution) cell
    check_id: str | None  # grade_id of the check (grade) cell right below it; None: not graded (a prediction)
    points: float
    variable: str  # "q1"
    solution: str  # the answer cell as the solution has it, markers removed


def _nbgrader_meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def _tasks(source_nb) -> list[Task]:
    """The answer cells of a source notebook, in order, each with the check cell right below it
    (an answer cell without one, such as a prediction written before running a model, is not graded)."""
    tasks, cells = [], source_nb.cells
    for i, cell in enumerate(cells):
        meta = _nbgrader_meta(cell)
        if cell.cell_type == "code" and meta.get("solution"):
            below = _nbgrader_meta(cells[i + 1]) if i + 1 < len(cells) else {}
            check_id, points = (below["grade_id"], float(below["points"])) if below.get("grade") else (None, 0.0)
            variable = re.match(r"(\w+) = None", cell.source).group(1)
            solution = "\n".join(ln for ln in cell.source.splitlines() if not ln.startswith("### "))
            tasks.append(Task(meta["grade_id"], check_id, points, variable, solution))
    assert sum(t.check_id is not None for t in tasks) == sum(bool(_nbgrader_meta(c).get("grade")) for c in cells)
    return tasks


def _graded(tasks: list[Task]) -> list[Task]:
    return [t for t in tasks if t.check_id is not None]


def _cell(nb, grade_id: str):
    return next(c for c in nb.cells if _nbgrader_meta(c).get("grade_id") == grade_id)


# --- what each student does to the released notebook ------------------------------------------------

def _solve(nb, tasks: list[Task]) -> None:
    for task in tasks:
        _cell(nb, task.answer_id).source = task.solution


def _wrong(nb, tasks: list[Task]) -> None:
    for task in tasks:
        _cell(nb, task.answer_id).source = f"{task.variable} = -987654.321  # a wrong answer"


def s_correct(nb, tasks, assignment):
    _solve(nb, tasks)


def s_blank(nb, tasks, assignment):
    pass


def s_partial(nb, tasks, assignment):
    half = len(tasks) // 2
    _solve(nb, tasks[:half])
    _wrong(nb, tasks[half:])


def s_cheat(nb, tasks, assignment):
    if assignment == "ch01":  # edit the check cells
        for n, task in enumerate(_graded(tasks)):
            cell = _cell(nb, task.check_id)
            if n == 0:
                cell.source = "pass"
            elif n == 1:
                cell.source = f'print("✔ {task.variable}：对了。")'
                cell.metadata["nbgrader"]["points"] = 10.0
            elif n == 2:
                cell.source = "pass"
                del cell.metadata["nbgrader"]
            else:
                cell.source = f'print("ok")  # {task.variable}'
    else:  # rebind check in the first answer cell
        _cell(nb, tasks[0].answer_id).source = f"{tasks[0].variable} = None\ncheck = lambda *a, **k: None"


def s_deleter(nb, tasks, assignment):
    _solve(nb, tasks)
    gone = {_graded(tasks)[0].check_id, _graded(tasks)[-1].answer_id}
    nb.cells = [c for c in nb.cells if _nbgrader_meta(c).get("grade_id") not in gone]


def expected_score(student: str, tasks: list[Task]) -> float:
    total = sum(t.points for t in tasks)
    return {"s_correct": total, "s_blank": 0.0, "s_partial": sum(t.points for t in tasks[: len(tasks) // 2]),
            "s_cheat": 0.0, "s_deleter": total - _graded(tasks)[-1].points}[student]


# --- the class, graded once for the module -----------------------------------------------------------

@dataclass
class Graded:
    course: Path
    sources: dict[str, nbformat.NotebookNode]  # assignment -> source notebook (as init wrote it)
    tasks: dict[str, list[Task]]
    grades: dict[tuple[str, str], dict]  # (student, assignment) -> CSV row
    init_output: str


def _ok(result: dict, what: str) -> None:
    assert result["success"], f"{what} failed:\n{result.get('error')}\n{result.get('log')}"


def _student_config(exchange: Path, home: Path, student: str) -> Config:
    c = Config()
    c.CourseDirectory.course_id = "crm"
    c.CourseDirectory.root = str(home)
    c.CourseDirectory.student_id = student
    c.Exchange.root = str(exchange)
    c.Exchange.assignment_dir = str(home)
    c.Exchange.cache = str(home / ".nbgrader_cache")
    return c


HUB_STUDENT = "s_partial"
HUB_PATH = "crm-course/exercises/{lang}/{notebook}.ipynb"  # in the student's home, as the nbgitpuller link leaves it


def _run_hub_student(home: Path, student: str, assignment: str, notebook: str, tasks: list[Task], source) -> None:
    path = home / HUB_PATH.format(lang=LANG, notebook=notebook)
    path.parent.mkdir(parents=True, exist_ok=True)
    nb = nbformat.read(ROOT / "exercises" / LANG / f"{notebook}.ipynb", as_version=4)
    ids = [_nbgrader_meta(c).get("grade_id") for c in nb.cells]
    if ids != [_nbgrader_meta(c).get("grade_id") for c in source.cells]:  # nbgrader could not grade it (docs/grading.md)
        pytest.fail(f"exercises/{LANG}/{notebook}.ipynb does not match its solution edition: rebuild its source "
                    "with tools/build_notebooks.py")
    globals()[student](nb, tasks, assignment)
    nbformat.write(nb, path)


def _run_student(exchange: Path, home: Path, student: str, assignment: str, notebook: str, tasks: list[Task]) -> None:
    home.mkdir(parents=True, exist_ok=True)
    cfg = _student_config(exchange, home, student)
    for app_class in (ExchangeFetchAssignment, ExchangeSubmit):
        if app_class is ExchangeSubmit:  # work on the fetched copy between fetch and submit
            path = home / assignment / f"{notebook}.ipynb"
            nb = nbformat.read(path, as_version=4)
            globals()[student](nb, tasks, assignment)
            nbformat.write(nb, path)
        coursedir = CourseDirectory(config=cfg)
        coursedir.assignment_id = assignment
        app = app_class(coursedir=coursedir, authenticator=Authenticator(config=cfg), config=cfg)
        app.start()


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> Graded:
    tmp = tmp_path_factory.mktemp("nbgrader_class")
    course, exchange = tmp / "course", tmp / "exchange"
    exchange.mkdir()
    bin_dir = Path(sys.executable).parent
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    env.pop("CRMLIB_WARNINGS", None)
    proc = subprocess.run([sys.executable, str(TOOL), "init", str(course), "--lang", LANG, *EXERCISES.values(),
                           "--exchange", str(exchange)], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    sources = {a: nbformat.read(course / "source" / a / f"{n}.ipynb", as_version=4) for a, n in EXERCISES.items()}
    tasks = {a: _tasks(nb) for a, nb in sources.items()}

    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    os.environ["PATH"] = env["PATH"]  # nbgrader runs alembic from PATH
    os.environ.pop("CRMLIB_WARNINGS", None)
    os.environ["JUPYTER_DATA_DIR"] = str(tmp / "jupyter_data")
    try:
        os.chdir(course)
        cfg = PyFileConfigLoader(course_tool.CONFIG_NAME, path=str(course)).load_config()
        api = NbGraderAPI(config=cfg)
        with Gradebook(api.coursedir.db_url, course_id="crm") as gb:
            for sid, (last, first) in STUDENTS.items():
                gb.update_or_create_student(sid, last_name=last, first_name=first)
        for assignment, notebook in EXERCISES.items():
            _ok(api.generate_assignment(assignment), f"generate_assignment {assignment}")
            _ok(api.release_assignment(assignment), f"release_assignment {assignment}")
            for student in STUDENTS:
                if student == HUB_STUDENT:
                    _run_hub_student(tmp / "homes" / student, student, assignment, notebook, tasks[assignment],
                                     sources[assignment])
                else:
                    _run_student(exchange, tmp / "homes" / student, student, assignment, notebook, tasks[assignment])
            _ok(api.collect(assignment), f"collect {assignment}")
            template = str(tmp / "homes" / "{student}" / HUB_PATH.format(lang=LANG, notebook="{notebook}"))
            assert course_tool.main(["collect", str(course), assignment, "--from", template, "--students", HUB_STUDENT]) == 0
            for student in STUDENTS:
                _ok(api.autograde(assignment, student), f"autograde {assignment} {student}")
            _ok(api.generate_feedback(assignment), f"generate_feedback {assignment}")
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)

    export = subprocess.run([str(bin_dir / "nbgrader"), "export", "--to", str(tmp / "grades.csv")],
                            cwd=course, env=env, capture_output=True, text=True, timeout=600)
    assert export.returncode == 0, export.stderr
    with open(tmp / "grades.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    grades = {(r["student_id"], r["assignment"]): r for r in rows}
    assert len(grades) == len(rows)
    return Graded(course, sources, tasks, grades, proc.stdout)


def _autograded(g: Graded, student: str, assignment: str):
    return nbformat.read(g.course / "autograded" / student / assignment / f"{EXERCISES[assignment]}.ipynb", as_version=4)


def _visible_text(page: str) -> str:
    """The text of an HTML page as a reader sees it (tags dropped, entities decoded)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def _hidden_lines(nb) -> set[str]:
    """Every line of the check cells' hidden parts (the answer keys), stripped."""
    out = set()
    for cell in nb.cells:
        inside = False
        for line in cell.source.splitlines():
            if line.strip() == course_tool.HIDDEN_BEGIN:
                inside = True
            elif line.strip() == course_tool.HIDDEN_END:
                inside = False
            elif inside and line.strip():
                out.add(line.strip())
    return out


# --- the tool ----------------------------------------------------------------------------------------

def test_init_lays_out_a_course_from_the_solution_editions(graded):
    config = (graded.course / "nbgrader_config.py").read_text(encoding="utf-8")
    assert "nbgrader.preprocessors.ClearHiddenTests" in config and "add_missing_cells = True" in config
    for assignment, notebook in EXERCISES.items():
        assert f"source/{assignment}/{notebook}.ipynb" in graded.init_output
        solution = nbformat.read(ROOT / "exercises" / "solutions" / LANG / f"{notebook}.ipynb", as_version=4)
        source = graded.sources[assignment]
        assert [c.metadata.get("nbgrader") for c in source.cells] == [c.metadata.get("nbgrader") for c in solution.cells]
        for ours, theirs in zip(source.cells, solution.cells, strict=True):
            if course_tool.HIDDEN_BEGIN in theirs.source:  # the only change: check re-imported in the hidden part
                assert ours.source.replace(course_tool.REIMPORT + "\n", "") == theirs.source
                assert ours.source.count(course_tool.REIMPORT) == 1
            else:
                assert ours.source == theirs.source
        assert graded.tasks[assignment], f"{assignment}: no tasks found"


def test_init_refuses_unknown_exercises_and_overwriting(tmp_path):
    with pytest.raises(course_tool.CourseError, match="'ch99'"):
        course_tool.init(tmp_path / "c", "en", ["ch99"])
    with pytest.raises(course_tool.CourseError, match="--lang"):
        course_tool.init(tmp_path / "c", "fr", ["ch01"])
    assert not (tmp_path / "c").exists()
    first = course_tool.init(tmp_path / "c", "en", ["rice_shop", "ch01"], assignment="week1")
    assert [p.relative_to(tmp_path / "c").as_posix() for p in first] == ["source/week1/rice_shop.ipynb",
                                                                          "source/week1/01_foundations.ipynb"]
    (tmp_path / "c" / "nbgrader_config.py").write_text("# the instructor's edits\n", encoding="utf-8")
    with pytest.raises(course_tool.CourseError, match="already released"):
        course_tool.init(tmp_path / "c", "en", ["ch01"], assignment="week1")
    course_tool.init(tmp_path / "c", "en", ["ch02"], assignment="week1")  # a new notebook: the config is kept
    assert (tmp_path / "c" / "nbgrader_config.py").read_text(encoding="utf-8") == "# the instructor's edits\n"


def test_collect_copies_from_home_folders(tmp_path):
    course = tmp_path / "course"
    course_tool.init(course, "en", ["ch01"])
    for student in ("a1", "b2"):
        home = tmp_path / "home" / student / "crm-course" / "exercises" / "en"
        home.mkdir(parents=True)
        (home / "01_foundations.ipynb").write_text(json.dumps({"cells": [], "who": student}), encoding="utf-8")
    roster = tmp_path / "roster.csv"
    roster.write_text("id,last_name,first_name\na1,Li,Lei\nb2,Han,Mei\nc3,Wu,Di\n", encoding="utf-8")
    template = str(tmp_path / "home" / "{student}" / "crm-course" / "exercises" / "en" / "{notebook}.ipynb")
    assert course_tool.main(["collect", str(course), "ch01", "--from", template, "--students", str(roster)]) == 0
    for student in ("a1", "b2"):
        got = course / "submitted" / student / "ch01"
        assert json.loads((got / "01_foundations.ipynb").read_text(encoding="utf-8"))["who"] == student
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ UTC", (got / "timestamp.txt").read_text(encoding="utf-8"))
    assert not (course / "submitted" / "c3").exists()
    assert course_tool.read_students("a1, b2") == ["a1", "b2"]
    with pytest.raises(course_tool.CourseError, match="student ids"):
        course_tool.read_students("a1,b 2")
    with pytest.raises(course_tool.CourseError, match=r"\{student\}"):
        course_tool.collect(course, "ch01", str(tmp_path / "x.ipynb"), ["a1"])


# --- release, collect, autograde, feedback, export ----------------------------------------------------

def test_release_hides_solutions_and_keys(graded):
    for assignment, notebook in EXERCISES.items():
        released = nbformat.read(graded.course / "release" / assignment / f"{notebook}.ipynb", as_version=4)
        student = nbformat.read(ROOT / "exercises" / LANG / f"{notebook}.ipynb", as_version=4)
        text = json.dumps(released.cells, ensure_ascii=False)
        for marker in ("BEGIN SOLUTION", "HIDDEN TESTS", "crmlib.course import keys", course_tool.REIMPORT):
            assert marker not in text, (assignment, marker)
        for task in _graded(graded.tasks[assignment]):  # a released check cell is the course's own student edition's
            assert _cell(released, task.check_id).source == _cell(student, task.check_id).source
            assert _cell(released, task.answer_id).source.startswith(f"{task.variable} = None")


def test_every_submission_is_collected(graded):
    for assignment, notebook in EXERCISES.items():
        for student in STUDENTS:
            folder = graded.course / "submitted" / student / assignment
            assert (folder / f"{notebook}.ipynb").is_file() and (folder / "timestamp.txt").is_file()


def test_gradebook_export_has_the_expected_scores(graded):
    assert set(graded.grades) == {(s, a) for s in STUDENTS for a in EXERCISES}
    for (student, assignment), row in graded.grades.items():
        tasks = graded.tasks[assignment]
        assert float(row["max_score"]) == sum(t.points for t in tasks), (student, assignment)
        assert float(row["score"]) == pytest.approx(expected_score(student, tasks)), (student, assignment, row)
        assert (row["last_name"], row["first_name"]) == STUDENTS[student]
        assert float(row["late_submission_penalty"]) == 0.0
        assert row["timestamp"].startswith("20"), row  # nbgrader read the submission time (exchange or timestamp.txt)
    # the class spans the whole range: someone full, someone zero, someone in between
    scores = {s: float(graded.grades[(s, "ch01")]["score"]) for s in STUDENTS}
    assert scores["s_blank"] == 0 < scores["s_partial"] < scores["s_deleter"] < scores["s_correct"]


def test_edited_check_cells_are_graded_as_the_original(graded):
    source, tasks = graded.sources["ch01"], _graded(graded.tasks["ch01"])
    nb = _autograded(graded, "s_cheat", "ch01")
    for task in tasks:
        original = _cell(source, task.check_id)
        restored = [c for c in nb.cells if _nbgrader_meta(c).get("grade_id") == task.check_id]
        assert len(restored) == 1, task.check_id
        assert restored[0].source.endswith(original.source)  # restored from the locked cell (hidden tests back)
        assert _nbgrader_meta(restored[0])["points"] == task.points
        assert any(o.get("ename") == "AssertionError" for o in restored[0].outputs), task.check_id
    # the check cell stripped of its metadata no longer counts; nbgrader put the original back after it
    assert MISSING_NOTICE in _cell(nb, tasks[2].check_id).source
    # rebinding check in an answer cell does not help either (the hidden part re-imports it)
    nb9 = _autograded(graded, "s_cheat", "ch09")
    assert "check = lambda" in _cell(nb9, graded.tasks["ch09"][0].answer_id).source
    assert all(any(o.get("ename") == "AssertionError" for o in _cell(nb9, t.check_id).outputs)
               for t in _graded(graded.tasks["ch09"]))


def test_deleted_cells_are_handled_as_nbgrader_does(graded):
    for assignment in EXERCISES:
        tasks = _graded(graded.tasks[assignment])
        nb = _autograded(graded, "s_deleter", assignment)
        first_check = _cell(nb, tasks[0].check_id)  # put back after its answer cell, run and graded
        assert MISSING_NOTICE in first_check.source
        assert not any(o.get("output_type") == "error" for o in first_check.outputs)
        ids = [_nbgrader_meta(c).get("grade_id") for c in nb.cells]
        assert ids.index(tasks[0].check_id) == ids.index(tasks[0].answer_id) + 1
        assert tasks[-1].answer_id not in ids  # an answer cell is not put back: its check fails
        last_check = _cell(nb, tasks[-1].check_id)
        assert [o.get("ename") for o in last_check.outputs if o.get("output_type") == "error"] == ["NameError"]


def test_feedback_shows_scores_and_never_the_keys(graded):
    for assignment in EXERCISES:
        hidden = _hidden_lines(graded.sources[assignment])
        assert hidden
        for student in STUDENTS:
            page = (graded.course / "feedback" / student / assignment / f"{EXERCISES[assignment]}.html").read_text(encoding="utf-8")
            text = _visible_text(page)
            for marker in ("HIDDEN TESTS", "keys.", "import keys", course_tool.REIMPORT, "Traceback"):
                assert marker not in text, (student, assignment, marker)
            # a line of a key's code, alone or as a traceback's context line ("      5 keys.number(...")
            shown = {re.sub(r"^(?:-*>)?\s*\d+\s", "", ln).strip() for ln in text.splitlines()}
            submitted = nbformat.read(graded.course / "submitted" / student / assignment / f"{EXERCISES[assignment]}.ipynb",
                                      as_version=4)
            own = {ln.strip() for c in submitted.cells for ln in c.source.splitlines()}  # what the student saw or wrote
            leaked = sorted((hidden - own) & shown)
            assert not leaked, (student, assignment, leaked)
            row = graded.grades[(student, assignment)]
            assert f"{float(row['score']):g} / {float(row['max_score']):g}" in re.sub(r"\s+", " ", text).replace(".0 ", " ")
        blank = _visible_text((graded.course / "feedback" / "s_blank" / assignment / f"{EXERCISES[assignment]}.html")
                              .read_text(encoding="utf-8"))
        assert "还没有作答" in blank  # the check's own feedback, in the class's language
