"""Prepare an nbgrader course folder from the exercises' solution editions, and collect submissions.

The solution editions (``exercises/solutions/<lang>/<name>.ipynb``) already are nbgrader *source*
notebooks: answer cells are ``solution`` cells (``### BEGIN SOLUTION`` ... ``### END SOLUTION``),
check cells are locked ``grade`` cells with ``points`` whose answer key sits between
``### BEGIN HIDDEN TESTS`` / ``### END HIDDEN TESTS``. This script lays them out as nbgrader expects
and writes an ``nbgrader_config.py`` that suits them (the workflow: ``docs/grading.md``)::

    <course>/nbgrader_config.py
    <course>/source/<assignment>/<name>.ipynb      one assignment per exercise (ch01, rice_shop, ...)
                                                   or all in one with --assignment
    <course>/submitted/<student>/<assignment>/<name>.ipynb   (written by "collect" or nbgrader collect)

The one change made to the solution editions: each check cell's hidden part starts with
``from crmlib.course import check``, so an answer cell that rebinds ``check`` (``check = print``)
does not pass when autograded (the released notebooks do not show that line).

Usage::

    python tools/nbgrader_course.py init ~/crm-grading --lang zh-CN 01_foundations ch09 rice_shop
    python tools/nbgrader_course.py init ~/crm-grading --lang en ch01 ch02 --assignment week1 \\
        --exchange /srv/nbgrader/exchange
    python tools/nbgrader_course.py collect ~/crm-grading ch01 \\
        --from "/home/jupyter-{student}/crm-course/exercises/zh-CN/{notebook}.ipynb" --students roster.txt

``init`` never overwrites a file that exists (an edited ``nbgrader_config.py``, a source notebook
already released) unless ``--force``. ``collect`` copies each student's notebook from a path
template (a JupyterHub's home folders, an LMS download) into ``submitted/`` with a
``timestamp.txt`` (the file's modification time), for a hub without nbgrader's exchange.

Only the standard library is used: it runs with any Python 3.10+.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("zh-CN", "en")
HIDDEN_BEGIN, HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
REIMPORT = "from crmlib.course import check  # the real check, even if an answer cell rebound the name"
CODE_STUB = "# 你的答案 / your answer"
CONFIG_NAME = "nbgrader_config.py"

CONFIG_TEMPLATE = '''\
# nbgrader configuration of a crmlib course folder (written by tools/nbgrader_course.py; edit freely).
# The instructor's workflow, step by step: docs/grading.md in the course package.
c = get_config()  # noqa: F821 (provided by nbgrader)

c.CourseDirectory.course_id = {course_id!r}
c.CourseDirectory.root = {root!r}
{exchange_line}
# Released answer cells keep their placeholder line ("q1 = None  # ...") and this comment, as in the
# course's own student editions, instead of nbgrader's default `raise NotImplementedError()`.
c.ClearSolutions.code_stub = {{"python": {stub!r}}}

# A check cell a student deleted (or stripped of its nbgrader metadata) is put back from the
# gradebook and run, so the answer above it is still graded (nbgrader's default scores it 0).
c.OverwriteCells.add_missing_cells = True

# The checks compute their keys in the grading kernel: give slow cells time on a busy server.
c.Execute.timeout = {timeout}

# Feedback shows the student's notebook as graded, without the hidden tests (the answer keys)
# and without the traceback of a failed check (its context lines would show the key's code).
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    "nbgrader.preprocessors.ClearHiddenTests",
]
c.Execute.extra_arguments = ["--InteractiveShell.xmode=Minimal"]
'''


class CourseError(ValueError):
    """A request the script cannot carry out (unknown exercise, a file that would be overwritten)."""


@dataclass(frozen=True)
class Exercise:
    name: str  # notebook stem, "01_foundations"
    prefix: str  # task-id prefix and default assignment, "ch01"
    solution: Path


def key_prefix(name: str) -> str:
    """The task-id prefix of an exercise, as in ``tools/build_notebooks.py``.

    >>> key_prefix("03_differentiating_customers"), key_prefix("rice_shop")
    ('ch03', 'rice_shop')
    """
    m = re.match(r"(\d\d)_", name)
    return f"ch{m.group(1)}" if m else name


def exercises(lang: str, root: Path = ROOT) -> dict[str, Exercise]:
    """Every exercise with a solution edition in ``lang``, by notebook name."""
    folder = root / "exercises" / "solutions" / lang
    return {p.stem: Exercise(p.stem, key_prefix(p.stem), p) for p in sorted(folder.glob("*.ipynb"))}


def resolve(wanted: list[str], lang: str, root: Path = ROOT) -> list[Exercise]:
    """The exercises named in ``wanted``: a notebook name (``01_foundations``) or a prefix (``ch01``)."""
    if lang not in LANGUAGES:
        raise CourseError(f"--lang: expected one of {', '.join(LANGUAGES)}, found {lang!r}")
    known = exercises(lang, root)
    by_prefix = {e.prefix: e for e in known.values()}
    out = []
    for w in wanted:
        e = known.get(w) or by_prefix.get(w)
        if e is None:
            raise CourseError(f"exercise {w!r}: not found in exercises/solutions/{lang}/ "
                              f"(known: {', '.join(sorted(known))} or {', '.join(sorted(by_prefix))})")
        if e not in out:
            out.append(e)
    if not out:
        raise CourseError("exercises: expected at least one exercise name, found none")
    return out


def harden(nb: dict) -> dict:
    """Add :data:`REIMPORT` at the start of every hidden part (nbgrader removes it on release).

    >>> cell = {"cell_type": "code", "metadata": {}, "source": "### BEGIN HIDDEN TESTS\\nk()\\n### END HIDDEN TESTS\\ncheck('x.q1', q1)"}
    >>> harden({"cells": [cell]})["cells"][0]["source"].splitlines()[1].startswith("from crmlib.course import check")
    True
    """
    for cell in nb["cells"]:
        if cell.get("cell_type") != "code":
            continue
        src = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        lines = src.split("\n")
        out = []
        for i, line in enumerate(lines):
            out.append(line)
            if line.strip() == HIDDEN_BEGIN and (i + 1 >= len(lines) or lines[i + 1] != REIMPORT):
                out.append(REIMPORT)
        cell["source"] = "\n".join(out)
    return nb


def write_config(course: Path, course_id: str, exchange: Path | None, timeout: int, force: bool) -> Path:
    path = course / CONFIG_NAME
    if path.exists() and not force:
        return path
    exchange_line = f"c.Exchange.root = {str(exchange)!r}\n" if exchange else ""
    path.write_text(CONFIG_TEMPLATE.format(course_id=course_id, root=str(course), exchange_line=exchange_line,
                                           stub=CODE_STUB, timeout=timeout), encoding="utf-8")
    return path


def init(course: Path, lang: str, wanted: list[str], *, assignment: str | None = None, course_id: str = "crm",
         exchange: Path | None = None, timeout: int = 300, force: bool = False, root: Path = ROOT) -> list[Path]:
    """Write ``course/nbgrader_config.py`` and ``course/source/<assignment>/<name>.ipynb``.

    Returns the source notebooks written. Raises :class:`CourseError` before writing anything when
    an exercise is unknown or a source notebook exists (without ``force``).
    """
    chosen = resolve(wanted, lang, root)
    if assignment is not None and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", assignment):
        raise CourseError(f"--assignment: expected letters, digits, '_', '-' or '.', found {assignment!r}")
    course = course.expanduser().resolve()
    targets = [(e, course / "source" / (assignment or e.prefix) / f"{e.name}.ipynb") for e in chosen]
    clashes = [str(t) for _, t in targets if t.exists()]
    if clashes and not force:
        raise CourseError("source notebook exists (already released?); use --force to replace it: " + ", ".join(clashes))
    course.mkdir(parents=True, exist_ok=True)
    write_config(course, course_id, exchange.expanduser().resolve() if exchange else None, timeout, force)
    written = []
    for e, target in targets:
        nb = json.loads(e.solution.read_text(encoding="utf-8"))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(harden(nb), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.append(target)
    return written


def read_students(spec: str) -> list[str]:
    """Student ids from a comma-separated list or a file (one id a line, or nbgrader's roster CSV
    with an ``id`` column)."""
    path = Path(spec).expanduser()
    if path.is_file():
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        if lines and "," in lines[0]:
            header = [h.strip() for h in lines[0].split(",")]
            if "id" not in header:
                raise CourseError(f"--students {spec}: a CSV roster needs an 'id' column, found {header}")
            col = header.index("id")
            ids = [ln.split(",")[col].strip() for ln in lines[1:]]
        else:
            ids = lines
    else:
        ids = [s.strip() for s in spec.split(",") if s.strip()]
    bad = [s for s in ids if not re.fullmatch(r"[A-Za-z0-9_.@-]+", s)]
    if bad or not ids:
        raise CourseError(f"--students: expected student ids (letters, digits, _ . @ -), found {bad or 'none'}")
    return ids


def collect(course: Path, assignment: str, template: str, students: list[str]) -> dict[str, list[str]]:
    """Copy each student's notebook(s) from ``template`` into ``submitted/<student>/<assignment>/``.

    ``template`` holds ``{student}`` and ``{notebook}`` (a notebook name of the assignment's source
    folder). Returns ``{"collected": [...], "missing": [...]}`` as ``student/notebook`` entries; a
    missing file is reported, not an error (nbgrader then scores that notebook 0).
    """
    course = course.expanduser().resolve()
    names = sorted(p.stem for p in (course / "source" / assignment).glob("*.ipynb"))
    if not names:
        raise CourseError(f"assignment {assignment!r}: no notebooks in {course / 'source' / assignment}")
    if "{student}" not in template:
        raise CourseError(f"--from: expected a path containing {{student}} (and {{notebook}}), found {template!r}")
    report: dict[str, list[str]] = {"collected": [], "missing": []}
    for student in students:
        for name in names:
            src = Path(template.format(student=student, notebook=name)).expanduser()
            if not src.is_file():
                report["missing"].append(f"{student}/{name}")
                continue
            dest = course / "submitted" / student / assignment
            dest.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest / f"{name}.ipynb")
            stamp = _dt.datetime.fromtimestamp(src.stat().st_mtime, _dt.timezone.utc)
            (dest / "timestamp.txt").write_text(stamp.strftime("%Y-%m-%d %H:%M:%S.%f %Z"), encoding="utf-8")
            report["collected"].append(f"{student}/{name}")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_init = sub.add_parser("init", help="write nbgrader_config.py and the source notebooks")
    p_init.add_argument("course", type=Path, help="the course folder (created if absent)")
    p_init.add_argument("exercises", nargs="+", help="exercise names (01_foundations) or prefixes (ch01, rice_shop)")
    p_init.add_argument("--lang", required=True, choices=LANGUAGES, help="the class's language")
    p_init.add_argument("--assignment", help="put every exercise in this one assignment (default: one each)")
    p_init.add_argument("--course-id", default="crm")
    p_init.add_argument("--exchange", type=Path, help="nbgrader exchange folder (release_assignment/collect)")
    p_init.add_argument("--timeout", type=int, default=300, help="seconds a cell may run when autograding")
    p_init.add_argument("--force", action="store_true", help="replace existing config and source notebooks")
    p_col = sub.add_parser("collect", help="copy students' notebooks into submitted/ (no exchange)")
    p_col.add_argument("course", type=Path)
    p_col.add_argument("assignment")
    p_col.add_argument("--from", dest="template", required=True,
                       help='path template with {student} and {notebook}, e.g. "/home/jupyter-{student}/crm-course/exercises/en/{notebook}.ipynb"')
    p_col.add_argument("--students", required=True, help="ids separated by commas, or a file (one a line, or a CSV with an id column)")
    args = parser.parse_args(argv)
    try:
        if args.command == "init":
            written = init(args.course, args.lang, args.exercises, assignment=args.assignment, course_id=args.course_id,
                           exchange=args.exchange, timeout=args.timeout, force=args.force)
            course = args.course.expanduser().resolve()
            for path in written:
                print(f"source: {path.relative_to(course)}")
            assignments = sorted({p.parent.name for p in written})
            print(f"config: {course / CONFIG_NAME}")
            print("next, in the course folder:")
            for a in assignments:
                print(f"  nbgrader db assignment add {a} && nbgrader generate_assignment {a}")
        else:
            report = collect(args.course, args.assignment, args.template, read_students(args.students))
            print(f"collected {len(report['collected'])} notebooks; missing {len(report['missing'])}"
                  + (": " + ", ".join(report["missing"]) if report["missing"] else ""))
    except CourseError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
