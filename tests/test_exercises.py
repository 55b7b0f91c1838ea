"""Exercise editions: no solution or answer key leaks into a student edition; every task fails on a
blank answer and passes on the solution's answer (checked directly against the key files, both
languages); feedback never states the expected value; key files match their sources; every check
fails on the student edition as shipped and passes on the solution edition (executed); nbgrader
gives a blank submission zero and a solved one full marks."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import math

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient

from crmlib import i18n
from crmlib.course import keys

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


def hidden_lines(source: Path) -> set[str]:
    """The meaningful lines of the answer keys (between the hidden-test markers of the check cells)."""
    nb = bn.read_source(source)
    lines: set[str] = set()
    for cell in nb.cells:
        if cell.cell_type != "code" or "check" not in cell.metadata.get("tags", []):
            continue
        inside = False
        for line in cell.source.splitlines():
            if line.strip() == bn.HIDDEN_BEGIN:
                inside = True
            elif line.strip() == bn.HIDDEN_END:
                inside = False
            elif inside and line.strip() and not line.strip().startswith("#") and line.strip() not in ("from crmlib.course import keys", ")", "])", "}"):
                lines.add(line.strip())
    return lines


def plain_keys(source: Path) -> dict:
    """The plain keys and the solution's answers of a source, written by the builder."""
    path = bn.PLAIN_KEY_DIR / f"{bn.key_prefix(source)}.json"
    return json.loads(path.read_text(encoding="utf-8"))["tasks"]


TASKS = [(task, entry) for s in SOURCES for task, entry in sorted(plain_keys(s).items())]


def _value_forms(spec: dict) -> set[str]:
    """How an expected value could be written in a notebook: distinctive enough to search for."""
    kind = spec["kind"]
    forms: set[str] = set()
    if kind == "number":
        e = spec["expected"]
        tol = max(spec["abs_tol"], spec["rel_tol"] * abs(e))
        if float(e).is_integer():
            if abs(e) >= 100:
                n = int(e)
                forms |= {str(n), f"{n:,}", f"{n:_}"}
        else:
            first = max(0, -math.floor(math.log10(tol))) if tol > 0 else 4
            for decimals in range(first, first + 3):
                text = f"{e:.{decimals}f}"
                if len(text.replace("-", "").replace(".", "").lstrip("0")) >= 3:
                    forms.add(text)
    elif kind in ("choice", "bool") and isinstance(spec["expected"], str) and len(spec["expected"]) > 1:
        forms.add(f'"{spec["expected"]}"')
    elif kind == "text":  # the key words as a list literal (a single word may well be a column name)
        forms |= {f'"{a}", "{b}"' for idea in spec["ideas"] for a, b in zip(idea["words"], idea["words"][1:])}
    return forms


def test_there_are_exercises_for_chapter_1():
    assert ROOT / "source" / "exercises" / "01_foundations.md" in SOURCES


def leaks(nb: dict, source: Path) -> list[str]:
    """What a student edition reveals: key or solution lines, a check cell showing more than
    ``check("<task>", <answer>)``, or an expected value, option or key word written out."""
    found = []
    code = [_code(c) for c in nb["cells"] if c["cell_type"] == "code"]
    text = "\n".join(code)
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS", "keys."):
        if marker in text:
            found.append(f"marker {marker!r}")
    stripped = {line.strip() for c in code for line in c.splitlines()}
    found += [f"solution line {line!r}" for line in sorted(solution_lines(source) & stripped)]
    found += [f"answer key line {line!r}" for line in sorted(hidden_lines(source) & stripped)]
    for cell in nb["cells"]:
        if "check" in cell["metadata"].get("tags", []):
            for line in _code(cell).splitlines():
                if line.strip() and not bn.CHECK_LINE.match(line.strip()):
                    found.append(f"check cell line {line!r}")
    visible = {c["cell_type"]: [] for c in nb["cells"]}
    for c in nb["cells"]:
        visible[c["cell_type"]].append(_code(c))
    code_text, prose = "\n".join(visible.get("code", [])), "\n".join(visible.get("markdown", []))
    for task, entry in plain_keys(source).items():
        for form in _value_forms(entry["key"]):
            if form in code_text or (not form.startswith('"') and re.search(rf"(?<![\d.,_]){re.escape(form)}(?![\d_])", prose)):
                found.append(f"{task}: the key {form} is written out")
    return found


@pytest.mark.parametrize("edition", STUDENT, ids=_ids)
def test_student_edition_reveals_no_answer(edition):
    nb = json.loads(edition.path.read_text(encoding="utf-8"))
    found = leaks(nb, edition.source)
    assert not found, f"{edition.path.name} reveals: {found[:5]}"
    assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code"), "student editions ship unexecuted"
    checks = [c for c in nb["cells"] if "check" in c["metadata"].get("tags", [])]
    assert checks and all(c["metadata"]["nbgrader"]["grade"] and c["metadata"]["nbgrader"]["locked"] for c in checks)


def test_the_leak_scan_catches_each_kind_of_leak():
    source = next(s for s in SOURCES if s.name == "03_differentiating_customers.md")
    edition = next(e for e in STUDENT if e.source == source and e.lang == "en")
    clean = json.loads(edition.path.read_text(encoding="utf-8"))
    assert leaks(clean, source) == []
    entry = plain_keys(source)
    check_cell = next(i for i, c in enumerate(clean["cells"]) if "check" in c["metadata"].get("tags", []))
    answer_cell = next(i for i, c in enumerate(clean["cells"]) if "solution" in c["metadata"].get("tags", []))
    prose_cell = next(i for i, c in enumerate(clean["cells"]) if c["cell_type"] == "markdown")
    ch03_q3 = f'{entry["ch03.q3"]["key"]["expected"]:.3f}'
    pasted = {
        "a solution line": (answer_cell, sorted(solution_lines(source))[0]),
        "an answer key line": (answer_cell, sorted(hidden_lines(source))[0]),
        "a value in a check call": (check_cell, 'check("ch03.q1", q1)  # 3'),
        "a value in the prose": (prose_cell, f"The top 10% hold {ch03_q3} of the spend."),
        "an option in the code": (answer_cell, 'q6 = "B_quality"'),
    }
    for what, (i, line) in pasted.items():
        nb = json.loads(json.dumps(clean))
        nb["cells"][i]["source"] = _code(nb["cells"][i]) + "\n" + line
        assert leaks(nb, source), f"the scan missed {what}"


def test_key_files_match_their_sources():
    problems = [p for s in SOURCES for p in bn.stale_keys(s, bn.read_source(s))]
    assert not problems, problems


def test_a_stale_key_file_is_reported(tmp_path, monkeypatch):
    source = SOURCES[0]
    for name in ("KEY_DIR", "PLAIN_KEY_DIR"):
        folder = tmp_path / name
        folder.mkdir()
        path = getattr(bn, name) / f"{bn.key_prefix(source)}.json"
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
        monkeypatch.setattr(bn, name, folder)
    assert bn.stale_keys(source, bn.read_source(source)) == []
    nb = bn.read_source(source)
    cell = next(c for c in nb.cells if "check" in c.metadata.get("tags", []))
    cell.source = cell.source.replace("abs_tol=", "abs_tol=0.5 * 2 * ", 1)  # an author edits a key
    problems = bn.stale_keys(source, nb)
    assert len(problems) == 2 and all("stale key file" in p for p in problems)
    (tmp_path / "KEY_DIR" / f"{bn.key_prefix(source)}.json").unlink()
    assert any("missing" in p for p in bn.stale_keys(source, bn.read_source(source)))


# --- every task, straight from the key files (fast: no kernel) --------------------------------

BLANK_ANSWERS = [None, ..., "", "   ", [], (), set(), {}, pd.DataFrame(), pd.Series(dtype=float)]


@pytest.fixture
def no_live_keys(monkeypatch):
    for var in ("NBGRADER_EXECUTION", "CRM_CHECK_STRICT", keys.KEYS_OUT_ENV):
        monkeypatch.delenv(var, raising=False)


@pytest.mark.parametrize("lang", bn.LANGUAGES)
@pytest.mark.parametrize(("task", "entry"), TASKS, ids=[t for t, _ in TASKS])
def test_every_task_fails_on_a_blank_answer(task, entry, lang, no_live_keys, capsys):
    with i18n.language(lang):
        for blank in BLANK_ANSWERS:
            result = keys.check(task, blank)
            assert not result.ok and result.blank and result.message.startswith("✘"), (task, blank)
            with pytest.raises(AssertionError):
                keys.check(task, blank, strict=True)


@pytest.mark.parametrize("lang", bn.LANGUAGES)
@pytest.mark.parametrize(("task", "entry"), TASKS, ids=[t for t, _ in TASKS])
def test_the_solutions_answer_passes(task, entry, lang, no_live_keys, capsys):
    with i18n.language(lang):
        result = keys.check(task, keys.from_json(entry["solution_answer"]), strict=True)
    assert result.ok and result.message.startswith("✔")
    if entry["key"]["kind"] == "text":
        assert "correct" not in result.message.casefold() and "正确" not in result.message
        assert "exercises/solutions/" in result.message


def _wrong_answers(spec: dict, solution: object) -> list[object]:
    kind = spec["kind"]
    if kind == "number":
        e = spec["expected"]
        return [e * 1.5 + 1, e - 10 * max(spec["abs_tol"], 1e-3) - 1, -e - 1, 0.5, 1e9, "forty"]
    if kind == "bool":
        return [not spec["expected"], "True"]
    if kind == "choice":
        options = spec["options"] or ["x"]
        return [o for o in options if str(o).casefold() != str(spec["expected"]).casefold()] + ["not an option", 3.5]
    if kind == "set":
        return [spec["options"][:1], spec["options"], ["zz"]]
    if kind == "text":
        words = [w for idea in spec["ideas"] for w in idea["words"]]
        return ["I am not sure what to write here, to be honest with you.", " ".join(words), ", ".join(words[:2])]
    frame = keys.from_json(solution)
    number_column = next(c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c]))
    return [frame.assign(**{number_column: frame[number_column] * 2 + 1}), frame.iloc[:-1], frame.drop(columns=number_column)]


@pytest.mark.parametrize("lang", bn.LANGUAGES)
@pytest.mark.parametrize(("task", "entry"), TASKS, ids=[t for t, _ in TASKS])
def test_feedback_never_states_the_expected_value(task, entry, lang, no_live_keys, capsys):
    spec, solution = entry["key"], entry["solution_answer"]
    forms = {f.strip('"') for f in _value_forms(spec)}
    if spec["kind"] == "text":  # key words the hint or the idea labels use are the author's to show
        shown = json.dumps(spec["hint"], ensure_ascii=False) + json.dumps([[i["zh-CN"], i["en"]] for i in spec["ideas"]], ensure_ascii=False)
        forms = {w for idea in spec["ideas"] for w in idea["words"] if len(w) >= 3 and w.casefold() not in shown.casefold()}
    if spec["kind"] == "choice" and isinstance(spec["expected"], str) and len(spec["expected"]) > 1 and not spec["options"]:
        forms.add(spec["expected"])
    with i18n.language(lang):
        messages = [keys.check(task, a).message for a in [keys.from_json(solution), *_wrong_answers(spec, solution)]]
    options_listed = ", ".join(map(str, spec.get("options") or []))
    for message in messages:
        if options_listed:  # "... is not one of the options: A, B, C" names every option alike
            message = message.replace(options_listed, "")
        said = [f for f in forms if f in message]
        assert not said, f"{task}: the feedback states {said}: {message}"
    if spec["kind"] == "choice" and spec["options"]:
        wrong = {m for m, a in zip(messages[1:], _wrong_answers(spec, solution), strict=True) if a in spec["options"]}
        assert len(wrong) <= 1, f"{task}: wrong options get different feedback, which points at the right one"


def test_every_exercise_has_tasks_in_both_key_files():
    for source in SOURCES:
        tasks = bn.checked_tasks(source, bn.read_source(source))
        sealed = keys.load_keys(bn.key_prefix(source))
        assert sealed is not None and sorted(sealed["tasks"]) == sorted(tasks) == sorted(plain_keys(source))
    assert len(TASKS) >= 82


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
