"""Exercise editions: no solution leaks into a student edition; every check fails on the
student edition as shipped and passes on the solution edition; nbgrader gives a blank
submission zero and a solved one full marks."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import build_notebooks as bn  # noqa: E402

SOURCES = sorted((ROOT / "source" / "exercises").glob("*.md"))
STUDENT = [e for s in SOURCES for e in bn.editions_of(s) if e.kind == "student"]
SOLUTION = [e for s in SOURCES for e in bn.editions_of(s) if e.kind == "solution"]


def _ids(e):
    return str(e.path.relative_to(ROOT))


def _code(cell) -> str:
    return cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])


def solution_lines(source: Path) -> set[str]:
    """The meaningful lines between the solution markers of a source."""
    nb = bn.read_source(source)
    lines: set[str] = set()
    for cell in nb.cells:
        if cell.cell_type != "code" or "solution" not in cell.metadata.get("tags", []):
            continue
        inside = False
        for line in cell.source.splitlines():
            if line.strip() == bn.BEGIN:
                inside = True
            elif line.strip() == bn.END:
                inside = False
            elif inside and line.strip() and not line.strip().startswith("#"):
                lines.add(line.strip())
    return lines


def test_there_are_exercises_for_chapter_1():
    assert ROOT / "source" / "exercises" / "01_foundations.md" in SOURCES


@pytest.mark.parametrize("edition", STUDENT, ids=_ids)
def test_student_edition_holds_no_solution(edition):
    nb = json.loads(edition.path.read_text(encoding="utf-8"))
    code = [_code(c) for c in nb["cells"] if c["cell_type"] == "code"]
    text = "\n".join(code)
    assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in text
    leaked = {line for line in solution_lines(edition.source) if any(line in c.splitlines() or line in [l.strip() for l in c.splitlines()] for c in code)}
    assert not leaked, f"solution code found in {edition.path.name}: {sorted(leaked)[:3]}"
    assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code"), "student editions ship unexecuted"


def test_the_leak_scan_can_fail(tmp_path):
    # A student edition with one solution line pasted in must be caught by the same scan.
    edition = next(e for e in STUDENT if e.source.name == "01_foundations.md" and e.lang == "en")
    lines = solution_lines(edition.source)
    nb = json.loads(edition.path.read_text(encoding="utf-8"))
    first_solution = next(c for c in nb["cells"] if "solution" in c["metadata"].get("tags", []))
    first_solution["source"] = _code(first_solution) + "\n" + sorted(lines)[0]
    code = [_code(c) for c in nb["cells"] if c["cell_type"] == "code"]
    assert any(line in [l.strip() for l in c.splitlines()] for line in lines for c in code)


def _run(path: Path, env_extra: dict[str, str] | None = None) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    old = {k: os.environ.get(k) for k in (env_extra or {})}
    os.environ.update(env_extra or {})
    try:
        # timeout: a per-cell bound; a cell that never finishes fails with CellTimeoutError, whose
        # message names the cell (a preview of its source) instead of hanging the suite.
        client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
        # No Output-widget mirroring (as in tools/build_notebooks.py): nbclient's OutputWidget
        # mimic sends comm_msg updates on the shell socket while the same client awaits the
        # execute_reply on that socket (nbclient#311/#312); with ipykernel 7 this left the client
        # waiting for ever with the kernel idle. The checks read text outputs, not widget views.
        client.widget_registry = {}
        client.execute()
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return nb


def _check_verdicts(nb) -> list[str]:
    verdicts = []
    for cell in nb.cells:
        if cell.cell_type == "code" and "check" in cell.metadata.get("tags", []):
            text = "".join(o.get("text", "") for o in cell.outputs if o.get("output_type") == "stream")
            marks = re.findall(r"^\s*([✔✘])", text, flags=re.M)
            verdicts.append(marks[-1] if marks else "?")
    return verdicts


@pytest.mark.parametrize("edition", STUDENT, ids=_ids)
def test_every_check_fails_on_the_student_edition_as_shipped(edition):
    nb = _run(edition.path)
    verdicts = _check_verdicts(nb)
    assert verdicts, "no check cells found"
    assert set(verdicts) == {"✘"}, f"checks that did not report a failure on a blank answer: {verdicts}"


@pytest.mark.parametrize("edition", SOLUTION, ids=_ids)
def test_every_check_passes_on_the_solution_edition(edition):
    nb = _run(edition.path)
    verdicts = _check_verdicts(nb)
    assert verdicts and set(verdicts) == {"✔"}, verdicts


# --- nbgrader ---------------------------------------------------------------------------------

NBGRADER_CONFIG = """
c = get_config()
c.CourseDirectory.course_id = "crm"
c.CourseDirectory.root = r"{root}"
c.ClearSolutions.code_stub = {{"python": "# 你的答案 / your answer"}}
c.Exchange.root = r"{root}/exchange"
"""


def _nbgrader(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    bin_dir = Path(sys.executable).parent
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    env.pop("CRMLIB_WARNINGS", None)
    proc = subprocess.run([str(bin_dir / "nbgrader"), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc


def test_nbgrader_gives_blank_zero_and_solved_full_marks(tmp_path):
    pytest.importorskip("nbgrader", reason="instructor extra not installed")
    course = tmp_path / "course"
    (course / "source" / "ch01").mkdir(parents=True)
    (course / "nbgrader_config.py").write_text(NBGRADER_CONFIG.format(root=course))
    solution = ROOT / "exercises" / "solutions" / "en" / "01_foundations.ipynb"
    shutil.copyfile(solution, course / "source" / "ch01" / "01_foundations.ipynb")
    _nbgrader(["db", "assignment", "add", "ch01"], course)
    for student in ("blank", "solved"):
        _nbgrader(["db", "student", "add", student], course)
    _nbgrader(["generate_assignment", "ch01", "--force"], course)
    released = course / "release" / "ch01" / "01_foundations.ipynb"
    assert "BEGIN SOLUTION" not in released.read_text(encoding="utf-8")
    for student, nb in (("blank", released), ("solved", solution)):
        dest = course / "submitted" / student / "ch01"
        dest.mkdir(parents=True)
        shutil.copyfile(nb, dest / "01_foundations.ipynb")
    _nbgrader(["autograde", "ch01", "--force"], course)
    _nbgrader(["export", "--to", str(tmp_path / "grades.csv")], course)
    rows = {r["student_id"]: r for r in csv.DictReader(open(tmp_path / "grades.csv", encoding="utf-8"))}
    assert float(rows["blank"]["score"]) == 0.0
    assert float(rows["solved"]["score"]) == float(rows["solved"]["max_score"]) > 0
