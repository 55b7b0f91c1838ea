"""Build the zh-CN and English editions of every notebook from its one bilingual source.

Sources are jupytext MyST markdown files under ``source/``. Code cells are shared; every prose
cell is tagged ``{"lang": "zh-CN"}`` or ``{"lang": "en"}`` and stands in both languages as an
adjacent pair (Chinese first). For each language the builder

1. keeps the code cells and that language's prose cells,
2. inserts ``import crmlib; crmlib.setup("<lang>")`` after the title,
3. for exercises, writes a student edition (solutions removed, not executed) and a solution
   edition (executed), both with nbgrader cell metadata,
4. executes the edition (nbclient) in its own folder, and
5. writes it with volatile metadata stripped (timestamps, kernel versions, widget state).

Where editions go::

    source/home.md                 -> home_<lang>.ipynb
    source/chapters/<name>.md      -> chapters/<lang>/<name>.ipynb
    source/cases/<name>.md         -> cases/<lang>/<name>.ipynb
    source/exercises/<name>.md     -> exercises/<lang>/<name>.ipynb            (student)
                                      exercises/solutions/<lang>/<name>.ipynb  (solution)

Usage::

    python tools/build_notebooks.py                 # every source
    python tools/build_notebooks.py source/chapters/01_foundations.md
    python tools/build_notebooks.py --check         # exit 1 if an edition is out of date
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import jupytext
import nbformat
from nbclient.exceptions import DeadKernelError

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "source"
LANGUAGES = ("zh-CN", "en")
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
SETUP_TEMPLATE = 'import crmlib\n\ncrmlib.setup("{lang}")  # {comment}'
SETUP_COMMENT = {"zh-CN": "图表与提示使用中文,并加载中文字体", "en": "labels and messages in English, plot theme"}


class SourceError(ValueError):
    """A notebook source breaks the bilingual format."""


@dataclass(frozen=True)
class Edition:
    source: Path
    lang: str
    path: Path
    kind: str  # "lesson", "student" or "solution"

    @property
    def execute(self) -> bool:
        return self.kind != "student"


def editions_of(source: Path) -> list[Edition]:
    """Where the editions of ``source`` are written."""
    rel = source.resolve().relative_to(SOURCE)
    out: list[Edition] = []
    for lang in LANGUAGES:
        if rel == Path("home.md"):
            out.append(Edition(source, lang, ROOT / f"home_{lang}.ipynb", "lesson"))
        elif rel.parts[0] == "exercises":
            name = Path(*rel.parts[1:]).with_suffix(".ipynb")
            out.append(Edition(source, lang, ROOT / "exercises" / lang / name, "student"))
            out.append(Edition(source, lang, ROOT / "exercises" / "solutions" / lang / name, "solution"))
        else:
            area, name = rel.parts[0], Path(*rel.parts[1:]).with_suffix(".ipynb")
            out.append(Edition(source, lang, ROOT / area / lang / name, "lesson"))
    return out


def all_sources() -> list[Path]:
    return sorted(SOURCE.rglob("*.md"))


def read_source(source: Path) -> nbformat.NotebookNode:
    """Read a source and check the bilingual format: every prose cell tagged, in zh-CN/en pairs."""
    nb = jupytext.read(source, fmt="md:myst")
    prose = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "markdown"]
    for i, cell in prose:
        lang = cell.metadata.get("lang")
        if lang not in LANGUAGES:
            raise SourceError(f"{source}: prose cell {i} ({cell.source[:40]!r}...) has no lang tag zh-CN or en")
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and "lang" in cell.metadata:
            raise SourceError(f"{source}: code cell {i} is tagged with a language; code is shared by both editions")
    # Prose must come in adjacent (zh-CN, en) pairs.
    k = 0
    cells = nb.cells
    while k < len(cells):
        cell = cells[k]
        if cell.cell_type != "markdown":
            k += 1
            continue
        nxt = cells[k + 1] if k + 1 < len(cells) else None
        if cell.metadata["lang"] != "zh-CN" or nxt is None or nxt.cell_type != "markdown" or nxt.metadata.get("lang") != "en":
            raise SourceError(
                f"{source}: prose cell {k} ({cell.source[:40]!r}...) is not followed by its other language; "
                "write each prose cell as a zh-CN cell immediately followed by its en cell"
            )
        k += 2
    return nb


def _strip_solution(code: str) -> str:
    out, inside = [], False
    for line in code.splitlines():
        if line.strip() == BEGIN:
            inside = True
            continue
        if line.strip() == END:
            inside = False
            continue
        if not inside:
            out.append(line)
    return "\n".join(out).rstrip()


def _nbgrader(meta: dict, *, solution: bool, grade: bool, locked: bool, grade_id: str, points: float | None = None) -> None:
    entry = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution}
    if points is not None:
        entry["points"] = points
    meta["nbgrader"] = entry


LINK = re.compile(r"(\]\()([^)\s]+)(\))")


def _relink(text: str, written_for: Path, now_in: Path) -> str:
    """Rewrite relative Markdown links written for a file in ``written_for`` so they work from
    ``now_in`` (solution editions sit one folder deeper than the student editions)."""

    def fix(m: re.Match) -> str:
        target = m.group(2)
        if re.match(r"^(https?:|mailto:|#|/)", target):
            return m.group(0)
        path, _, anchor = target.partition("#")
        new = Path(os.path.relpath(os.path.normpath(written_for / path), now_in)).as_posix()
        return m.group(1) + new + ("#" + anchor if anchor else "") + m.group(3)

    return LINK.sub(fix, text)


def make_edition(nb: nbformat.NotebookNode, edition: Edition) -> nbformat.NotebookNode:
    """The edition's cells, before execution."""
    lang = edition.lang
    exercise = edition.kind in ("student", "solution")
    cells = []
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.metadata.get("lang") != lang:
            continue
        new = copy.deepcopy(cell)
        new.metadata.pop("lang", None)
        if edition.kind == "solution" and new.cell_type == "markdown":
            # Sources link as seen from the student edition, exercises/<lang>/.
            student_dir = ROOT / "exercises" / lang / edition.path.parent.relative_to(ROOT / "exercises" / "solutions" / lang)
            new.source = _relink(new.source, student_dir, edition.path.parent)
        if new.cell_type == "code":
            new.outputs, new.execution_count = [], None
        cells.append(new)
    setup = nbformat.v4.new_code_cell(SETUP_TEMPLATE.format(lang=lang, comment=SETUP_COMMENT[lang]))
    setup.metadata["tags"] = ["setup"]
    insert_at = 1 if cells and cells[0].cell_type == "markdown" else 0
    cells.insert(insert_at, setup)
    for i, cell in enumerate(cells):
        tags = cell.metadata.get("tags", [])
        if exercise:
            gid = str(cell.metadata.pop("grade_id", f"cell-{i:03d}"))
            points = cell.metadata.pop("points", None)
            if "solution" in tags:
                if edition.kind == "student":
                    cell.source = _strip_solution(cell.source)
                _nbgrader(cell.metadata, solution=True, grade=False, locked=False, grade_id=gid)
            elif "check" in tags:
                _nbgrader(cell.metadata, solution=False, grade=True, locked=True, grade_id=gid, points=float(points if points is not None else 1))
            else:
                _nbgrader(cell.metadata, solution=False, grade=False, locked=True, grade_id=gid)
        cell["id"] = f"{lang.lower()}-{i:03d}"
    out = nbformat.v4.new_notebook(cells=cells)
    out.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "crm": {"source": str(edition.source.resolve().relative_to(ROOT)), "lang": lang, "edition": edition.kind},
    }
    out.nbformat, out.nbformat_minor = 4, 5
    return out


def clean(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Strip what changes from run to run: timestamps, versions, widget state and views."""
    nb.metadata.pop("widgets", None)
    nb.metadata["language_info"] = {"name": "python"}
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("ExecuteTime", None)
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.outputs:
            data = output.get("data", {})
            if WIDGET_MIME in data:
                # A widget view is meaningless without the live kernel; the learner runs the cell.
                continue
            output.get("metadata", {}).pop("execution", None)
            kept.append(output)
        cell.outputs = kept
    return nb


def execute(nb: nbformat.NotebookNode, cwd: Path) -> nbformat.NotebookNode:
    from nbclient import NotebookClient

    def note(cell, cell_index):
        os.environ["CRM_BUILD_LAST_CELL"] = str(cell_index)

    client = NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}, on_cell_start=note)
    # nbclient mirrors ipywidgets Output widgets into the notebook (output hooks keyed by the
    # widget's comm). With ipykernel 7 that mirroring was seen to leave the client waiting for
    # ever on a dashboard cell while the kernel sat idle. The editions drop widget views and
    # state anyway (see clean()), so the builder does not mirror them at all.
    client.widget_registry = {}
    env_backup = os.environ.get("MPLBACKEND")
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    try:
        client.execute()
    finally:
        if env_backup is None:
            os.environ.pop("MPLBACKEND", None)
        else:
            os.environ["MPLBACKEND"] = env_backup
    return nb


def dumps(nb: nbformat.NotebookNode) -> str:
    return json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def build_one(source: Path, run: bool = True) -> list[Path]:
    nb = read_source(source)
    written = []
    for edition in editions_of(source):
        out = make_edition(nb, edition)
        edition.path.parent.mkdir(parents=True, exist_ok=True)
        if run and edition.execute:
            for attempt in range(3):
                try:
                    out = execute(make_edition(nb, edition), edition.path.parent)
                    break
                except (DeadKernelError, AssertionError):
                    # A kernel was seen to die now and then (about 1 run in 20, never twice in
                    # a row); a cell error is a CellExecutionError and is not retried.
                    if attempt == 2:
                        raise
                    print(f"kernel died while building {edition.path.name} at cell {os.environ.get('CRM_BUILD_LAST_CELL')}; retrying", file=sys.stderr)
        out = clean(out)
        nbformat.validate(out)
        edition.path.write_text(dumps(out), encoding="utf-8")
        written.append(edition.path)
    return written


def inputs_of(nb: dict) -> list[tuple[str, str, str]]:
    """What must match between an edition and its source: cell types, sources and metadata."""
    out = []
    for cell in nb["cells"]:
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        out.append((cell["cell_type"], source, json.dumps(cell.get("metadata", {}), sort_keys=True)))
    return out


def stale_editions(sources: list[Path] | None = None) -> list[str]:
    """Editions that are missing or whose cells differ from what their source would build."""
    problems = []
    for source in sources or all_sources():
        nb = read_source(source)
        for edition in editions_of(source):
            rel = edition.path.relative_to(ROOT)
            if not edition.path.exists():
                problems.append(f"{rel}: missing (build {source.relative_to(ROOT)})")
                continue
            expected = clean(make_edition(nb, edition))
            actual = json.loads(edition.path.read_text(encoding="utf-8"))
            if inputs_of(expected) != inputs_of(actual):
                problems.append(f"{rel}: out of date with {source.relative_to(ROOT)}")
            elif edition.execute and any(c["cell_type"] == "code" and c.get("execution_count") is None for c in actual["cells"]):
                problems.append(f"{rel}: not executed")
    known = {e.path for s in all_sources() for e in editions_of(s)}
    for area in ("chapters", "cases", "exercises"):
        for path in (ROOT / area).rglob("*.ipynb"):
            if ".ipynb_checkpoints" not in path.parts and path not in known:
                problems.append(f"{path.relative_to(ROOT)}: has no source in source/")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sources", nargs="*", type=Path, help="sources to build (default: all)")
    parser.add_argument("--check", action="store_true", help="only report editions out of date")
    parser.add_argument("--no-run", action="store_true", help="write editions without executing them")
    args = parser.parse_args(argv)
    sources = [s.resolve() for s in args.sources] or all_sources()
    if args.check:
        problems = stale_editions(sources)
        for p in problems:
            print(p)
        return 1 if problems else 0
    for s in sources:
        read_source(s)  # fail fast on format errors
    if len(sources) == 1:
        for p in build_one(sources[0], run=not args.no_run):
            print("wrote", p.relative_to(ROOT), flush=True)
        return 0
    # One fresh process per source, one after another: many kernels started from one long-lived
    # process (or from parallel ones) were seen to hang here.
    failed = []
    for s in sources:
        cmd = [sys.executable, __file__, str(s)] + (["--no-run"] if args.no_run else [])
        try:
            if subprocess.run(cmd, timeout=900, stdin=subprocess.DEVNULL).returncode != 0:
                failed.append(s)
        except subprocess.TimeoutExpired:
            failed.append(s)
    for s in failed:
        print("FAILED", s.relative_to(ROOT), file=sys.stderr)
    if failed:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
