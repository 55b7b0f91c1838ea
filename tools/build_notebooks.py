"""Build the zh-CN and English editions of every notebook from its one bilingual source.

Sources are jupytext MyST markdown files under ``source/``. Code cells are shared; every prose
cell is tagged ``{"lang": "zh-CN"}`` or ``{"lang": "en"}`` and stands in both languages as an
adjacent pair (Chinese first). For each language the builder

1. keeps the code cells and that language's prose cells,
2. inserts ``import crmlib; crmlib.setup("<lang>")`` after the title,
3. for exercises, writes a student edition (solutions and answer keys removed, not executed) and
   a solution edition (executed), both with nbgrader cell metadata, and the answer key files
   (see "answer keys" below),
4. executes the edition (nbclient) in its own folder, and
5. writes it with volatile metadata stripped (timestamps, kernel versions, widget state).

Where editions go::

    source/home.md                 -> home_<lang>.ipynb
    source/chapters/<name>.md      -> chapters/<lang>/<name>.ipynb
    source/cases/<name>.md         -> cases/<lang>/<name>.ipynb
    source/capstone/<name>.md      -> capstone/<lang>/<name>.ipynb             (template, not executed)
                                      capstone/<lang>/<run>.ipynb              (worked runs, CAPSTONE_RUNS)
    source/exercises/<name>.md     -> exercises/<lang>/<name>.ipynb            (student)
                                      exercises/solutions/<lang>/<name>.ipynb  (solution)
    source/exam/<name>.md          -> exam/<lang>/<name>.ipynb                 (the mock exam)

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
HIDDEN_BEGIN, HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
SETUP_TEMPLATE = 'import crmlib\n\ncrmlib.setup("{lang}")  # {comment}'
SETUP_COMMENT = {"zh-CN": "图表与提示使用中文，并加载中文字体", "en": "labels and messages in English, plot theme"}
# source/capstone/<name>.md -> capstone/<lang>/<name>.ipynb, the learner's template (not executed), and one
# executed worked run per entry: the same steps, with these lines of the cell tagged "parameters" replaced.
CAPSTONE_RUNS: dict[str, dict[str, tuple[tuple[str, str], ...]]] = {
    "capstone": {
        "capstone_retailer": (("DATA", 'capstone.example("retailer")'),),
        "capstone_cdnow": (("DATA", 'capstone.example("cdnow")'), ("AMOUNT", '"dollars"'), ("CHANNEL", "None"),
                           ("PRODUCT", "None"), ("COST", "None")),
    },
}


class SourceError(ValueError):
    """A notebook source breaks the bilingual format."""


@dataclass(frozen=True)
class Edition:
    source: Path
    lang: str
    path: Path
    kind: str  # "lesson", "student", "solution" or "template"
    params: tuple[tuple[str, str], ...] = ()  # worked runs: NAME = value lines of the "parameters" cell

    @property
    def execute(self) -> bool:
        return self.kind not in ("student", "template")


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
        elif rel.parts[0] == "capstone":
            stem = Path(*rel.parts[1:]).with_suffix("")
            out.append(Edition(source, lang, ROOT / "capstone" / lang / stem.with_suffix(".ipynb"), "template"))
            for run, params in CAPSTONE_RUNS.get(stem.as_posix(), {}).items():
                out.append(Edition(source, lang, ROOT / "capstone" / lang / f"{run}.ipynb", "lesson", params))
        else:
            area, name = rel.parts[0], Path(*rel.parts[1:]).with_suffix(".ipynb")
            out.append(Edition(source, lang, ROOT / area / lang / name, "lesson"))
    return out


def all_sources() -> list[Path]:
    # source/instructor/ holds the instructor's kit (markdown only, built by tools/build_kit.py)
    return sorted(p for p in SOURCE.rglob("*.md") if p.relative_to(SOURCE).parts[0] != "instructor")


def read_source(source: Path) -> nbformat.NotebookNode:
    """Read a source and check the bilingual format: every prose cell tagged, in zh-CN/en pairs."""
    nb = jupytext.read(source, fmt="md:myst")
    prose = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "markdown"]
    for i, cell in prose:
        lang = cell.metadata.get("lang")
        if lang not in LANGUAGES:
            raise SourceError(f"{source}: prose cell {i} ({cell.source[:40]!r}...) has no lang tag zh-CN or en")
    for i, cell in prose:
        problems = unescaped_dollars(cell.source)
        if problems:
            raise SourceError(
                f"{source}: prose cell {i} has a $ that MathJax would read as maths; write money as \\$25 "
                "(see CONTRIBUTING.md, 'Dollar signs'):\n  " + "\n  ".join(problems)
            )
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


FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.S | re.M)
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)


def unescaped_dollars(text: str) -> list[str]:
    r"""Places in Markdown ``text`` where a ``$`` would be read as mathematics but is not maths.

    JupyterLab (MathJax) and MyST (dollarmath) pair any two ``$`` of a paragraph into inline
    maths, so "more than $25 ... receives $30" is typeset as an italic formula. The course's
    rule, which every prose cell must follow:

    - money and any other literal dollar sign is written ``\$`` (``\$25``), as MyST and
      CommonMark escape it: a MyST/Sphinx book renders "$25", and the builder writes it
      ``\\$`` in the editions, which is what JupyterLab needs (:func:`dollars_for_jupyterlab`);
    - display maths is a ``$$ ... $$`` block;
    - inline maths is ``$...$`` whose first character is neither a digit nor a space, whose
      last character is not a space, which closes within the paragraph, and whose closing
      ``$`` is not followed by a digit (``$x_1$``, ``$(x - \min)$``);
    - code spans and fenced code are left alone.

    Every other ``$`` is reported, with its line and a few words around it.

    Examples
    --------
    >>> unescaped_dollars(r"costs \$25 a week; $$P = m r$$ and $x_1 + 1$ are maths; `echo $HOME`")
    []
    >>> unescaped_dollars("spends more than $25 a week and gets $30")
    ['line 1: "spends more than $25 a week and get"', 'line 1: " a week and gets $30"']
    >>> unescaped_dollars("US$7.6 bn")
    ['line 1: "US$7.6 bn"']
    >>> len(unescaped_dollars("$ x$ and $x $"))  # a space after the opening or before the closing $
    4
    """
    hidden = FENCE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    hidden = CODE_SPAN.sub(lambda m: " " * len(m.group(0)), hidden)
    problems: list[str] = []

    def report(pos: int) -> None:
        line = hidden.count("\n", 0, pos) + 1
        snippet = text[max(0, pos - 17): pos + 18].replace("\n", " ")
        problems.append(f'line {line}: "{snippet}"')

    i, n = 0, len(hidden)
    while i < n:
        ch = hidden[i]
        if ch == "\\":
            i += 2  # an escaped character, \$ included
            continue
        if ch != "$":
            i += 1
            continue
        if hidden.startswith("$$", i):
            close = hidden.find("$$", i + 2)
            if close < 0:
                report(i)
                return problems
            i = close + 2
            continue
        # Inline maths: find the closing $ in the same paragraph.
        j, close = i + 1, -1
        while j < n:
            if hidden[j] == "\\":
                j += 2
                continue
            if hidden[j] == "$":
                close = j
                break
            if hidden.startswith("\n\n", j) or re.match(r"\n[ \t]*\n", hidden[j:j + 40]):
                break
            j += 1
        body = hidden[i + 1: close] if close > 0 else ""
        if (close < 0 or not body or body[0].isdigit() or body[0].isspace() or body[-1].isspace()
                or hidden[close + 1: close + 2].isdigit()):
            report(i)
            i += 1
            continue
        i = close + 1
    return problems


def dollars_for_jupyterlab(text: str) -> str:
    r"""Write each escaped dollar ``\$`` of a prose cell the way JupyterLab needs it, ``\\$``.

    The sources follow MyST/CommonMark, where ``\$25`` is a literal "$25" (a MyST/Sphinx book
    built from ``source/`` renders it so). JupyterLab's Markdown renderer finds the maths before
    the Markdown escapes are applied and then lets MathJax typeset the page, so in a notebook a
    single backslash still pairs two amounts into a formula; it needs ``\\$``
    (jupyterlab/jupyterlab#8645, checked with JupyterLab 4.6 in Chromium). The editions are
    opened in JupyterLab, so the builder doubles the backslash there; code spans and fenced
    code are left alone.

    Examples
    --------
    >>> print(dollars_for_jupyterlab(r"more than \$25, `\$x`, already \\$5, maths $x_1$"))
    more than \\$25, `\$x`, already \\$5, maths $x_1$
    """
    protected = [(m.start(), m.end()) for pattern in (FENCE, CODE_SPAN) for m in pattern.finditer(text)]

    def fix(m: re.Match) -> str:
        if any(a <= m.start() < b for a, b in protected):
            return m.group(0)
        return "\\\\$"

    return re.sub(r"(?<!\\)\\\$", fix, text)


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


# nbval's comment markers and the cell tags it reads in their place (nbval.plugin.metadata_tags).
NBVAL_TAGS = {
    "NBVAL_CHECK_OUTPUT": "nbval-check-output",
    "NBVAL_IGNORE_OUTPUT": "nbval-ignore-output",
    "NBVAL_SKIP": "nbval-skip",
    "NBVAL_RAISES_EXCEPTION": "nbval-raises-exception",
}


def nbval_markers_to_tags(cell: nbformat.NotebookNode) -> None:
    """Move nbval's ``# NBVAL_...`` comment lines of a code cell into the cell's tags.

    A source may mark a cell with a ``# NBVAL_CHECK_OUTPUT`` line or with a
    ``:tags: [nbval-check-output]`` option; either way the edition carries only the tag, so the
    learner never reads test scaffolding in the code.

    Examples
    --------
    >>> cell = nbformat.v4.new_code_cell("# NBVAL_CHECK_OUTPUT\\nshow(x)")
    >>> nbval_markers_to_tags(cell)
    >>> cell.source, cell.metadata["tags"]
    ('show(x)', ['nbval-check-output'])
    """
    kept, tags = [], list(cell.metadata.get("tags", []))
    for line in cell.source.split("\n"):
        marker = line.strip().lstrip("#").strip()
        if line.strip().startswith("#") and marker in NBVAL_TAGS:
            if NBVAL_TAGS[marker] not in tags:
                tags.append(NBVAL_TAGS[marker])
            continue
        kept.append(line)
    if tags:
        cell.metadata["tags"] = tags
    cell.source = "\n".join(kept).strip("\n")


def _set_parameters(code: str, params: tuple[tuple[str, str], ...]) -> str:
    """Replace the value of each ``NAME = value  # comment`` line named in ``params`` (comment kept)."""
    for name, value in params:
        code, n = re.subn(rf"^({re.escape(name)} = )(.*?)(\s+#.*)?$", lambda m: m.group(1) + value + (m.group(3) or ""), code,
                          count=1, flags=re.M)
        if n != 1:
            raise SourceError(f"the parameters cell has no line {name} = ...")
    return code


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
        if new.cell_type == "markdown":
            new.source = dollars_for_jupyterlab(new.source)
        if edition.kind == "solution" and new.cell_type == "markdown":
            # Sources link as seen from the student edition, exercises/<lang>/.
            student_dir = ROOT / "exercises" / lang / edition.path.parent.relative_to(ROOT / "exercises" / "solutions" / lang)
            new.source = _relink(new.source, student_dir, edition.path.parent)
        if new.cell_type == "code":
            new.outputs, new.execution_count = [], None
            nbval_markers_to_tags(new)
            if edition.params and "parameters" in new.metadata.get("tags", []):
                new.source = _set_parameters(new.source, edition.params)
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
            if "check" in tags and edition.kind == "student":
                cell.source = strip_hidden(cell.source)  # the answer key stays in the solution edition
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


# --- answer keys -------------------------------------------------------------------------------
# A check cell of an exercise source states its task's key between nbgrader's hidden-test markers
# and checks the answer by task id:
#
#     ### BEGIN HIDDEN TESTS
#     from crmlib.course import keys
#     keys.number("ch03.q3", concentration.top_share(spend, 0.1), abs_tol=0.005, hint={...})
#     ### END HIDDEN TESTS
#     check("ch03.q3", q3)
#
# The student edition drops the hidden lines. While the solution editions run, crmlib.course.keys
# appends every key stated and every answer checked to the file named by CRM_KEYS_OUT; the builder
# then writes the hashed key file crmlib/course/keys_data/<prefix>.json (read by check() in the
# student edition) and, beside the solution editions, exercises/solutions/keys/<prefix>.json with the
# plain keys and the solution's answers (for the tests). Both record a digest of the source's code
# cells, so --check reports a key file that no longer matches its source.

KEY_DIR = ROOT / "crmlib" / "course" / "keys_data"
PLAIN_KEY_DIR = ROOT / "exercises" / "solutions" / "keys"
CHECK_LINE = re.compile(r'^check\("([a-z][a-z0-9_]*)\.([A-Za-z][A-Za-z0-9_]*)", ([A-Za-z_][A-Za-z0-9_]*)\)$')


def strip_hidden(code: str) -> str:
    """``code`` without the lines between the hidden-test markers (the answer key).

    Examples
    --------
    >>> strip_hidden('### BEGIN HIDDEN TESTS\\nkeys.number("ch01.q1", 3)\\n### END HIDDEN TESTS\\ncheck("ch01.q1", q1)')
    'check("ch01.q1", q1)'
    """
    out, inside = [], False
    for line in code.splitlines():
        if line.strip() == HIDDEN_BEGIN:
            inside = True
        elif line.strip() == HIDDEN_END:
            inside = False
        elif not inside:
            out.append(line)
    return "\n".join(out).strip("\n")


def key_prefix(source: Path) -> str:
    """The task-id prefix of an exercise source: ``03_differentiating_customers`` -> ``ch03``,
    a case keeps its name (``rice_shop``)."""
    m = re.match(r"(\d\d)_", source.stem)
    return f"ch{m.group(1)}" if m else source.stem


def key_digest(nb: nbformat.NotebookNode) -> str:
    """A digest of the code cells of a source (what the keys are computed from)."""
    import hashlib

    text = "\x00".join(c.source for c in nb.cells if c.cell_type == "code")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def checked_tasks(source: Path, nb: nbformat.NotebookNode) -> list[str]:
    """The task ids of the check cells, in order; a visible check line must be exactly
    ``check("<prefix>.<name>", <variable>)``: nothing else may show in a student's check cell."""
    prefix, tasks = key_prefix(source), []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or "check" not in cell.metadata.get("tags", []):
            continue
        visible = [line for line in strip_hidden(cell.source).splitlines() if line.strip()]
        for line in visible or [""]:
            m = CHECK_LINE.match(line.strip())
            if not m or m.group(1) != prefix:
                raise SourceError(f'{source}: check cell {i} must show only check("{prefix}.<name>", <answer>) lines '
                                  f"outside the hidden-test markers; found {line!r}")
            tasks.append(f"{m.group(1)}.{m.group(2)}")
    return tasks


class KeyRecorder:
    """While a solution edition runs: point CRM_KEYS_OUT at a fresh file and read it back."""

    def __init__(self, edition: Edition) -> None:
        self.active = edition.kind == "solution"
        self.path = edition.path.with_suffix(".keys.jsonl")
        self.records: list[dict] = []

    def __enter__(self) -> "KeyRecorder":
        if self.active:
            self.path.write_text("", encoding="utf-8")
            os.environ["CRM_KEYS_OUT"] = str(self.path)
        return self

    def __exit__(self, *exc) -> None:
        if self.active:
            os.environ.pop("CRM_KEYS_OUT", None)
            text = self.path.read_text(encoding="utf-8")
            self.path.unlink()
            self.records = [json.loads(line) for line in text.splitlines() if line.strip()]


def write_keys(source: Path, nb: nbformat.NotebookNode, recorded: dict[str, list[dict]]) -> list[Path]:
    """Write the hashed key file and the plain keys + solution answers of one exercise source."""
    from crmlib.course import keys

    tasks = checked_tasks(source, nb)
    per_lang = {}
    for lang, records in recorded.items():
        specs = {r["key"]["task"]: r["key"] for r in records if "key" in r}
        answers = {r["answer"]: r["value"] for r in records if "answer" in r}
        if sorted(specs) != sorted(tasks) or sorted(answers) != sorted(tasks):
            raise SourceError(f"{source} ({lang}): the check cells check {sorted(tasks)}, but the keys stated are "
                              f"{sorted(specs)} and the answers checked {sorted(answers)}")
        per_lang[lang] = (specs, answers)
    (specs, answers), *others = per_lang.values()
    for other_specs, _ in others:
        if other_specs != specs:
            raise SourceError(f"{source}: the editions computed different keys: {sorted(t for t in specs if specs[t] != other_specs.get(t))}")
    digest = key_digest(nb)
    prefix = key_prefix(source)
    rel = str(source.resolve().relative_to(ROOT))
    sealed = {"notebook": source.stem, "source": rel, "digest": digest,
              "tasks": {task: keys.seal(specs[task]) for task in tasks}}
    plain = {"notebook": source.stem, "source": rel, "digest": digest,
             "tasks": {task: {"key": specs[task], "solution_answer": answers[task]} for task in tasks}}
    out = []
    for folder, content in ((KEY_DIR, sealed), (PLAIN_KEY_DIR, plain)):
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{prefix}.json"
        path.write_text(json.dumps(content, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
        out.append(path)
    return out


def stale_keys(source: Path, nb: nbformat.NotebookNode) -> list[str]:
    """Key files of an exercise source that are missing or do not match it."""
    if source.resolve().relative_to(SOURCE).parts[0] != "exercises":
        return []
    problems = []
    tasks, digest = sorted(checked_tasks(source, nb)), key_digest(nb)
    for folder in (KEY_DIR, PLAIN_KEY_DIR):
        path = folder / f"{key_prefix(source)}.json"
        rel = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        if not path.exists():
            problems.append(f"{rel}: missing (build {source.relative_to(ROOT)})")
            continue
        content = json.loads(path.read_text(encoding="utf-8"))
        if content.get("digest") != digest or sorted(content.get("tasks", {})) != tasks:
            problems.append(f"{rel}: stale key file, out of date with {source.relative_to(ROOT)}")
    return problems


def build_one(source: Path, run: bool = True) -> list[Path]:
    nb = read_source(source)
    written = []
    recorded: dict[str, list[dict]] = {}
    for edition in editions_of(source):
        out = make_edition(nb, edition)
        edition.path.parent.mkdir(parents=True, exist_ok=True)
        if run and edition.execute:
            for attempt in range(3):
                try:
                    with KeyRecorder(edition) as recorder:
                        out = execute(make_edition(nb, edition), edition.path.parent)
                    if edition.kind == "solution":
                        recorded[edition.lang] = recorder.records
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
    if recorded:
        written += write_keys(source, nb, recorded)
    return written


def inputs_of(nb: dict) -> list[tuple[str, str, str]]:
    """What must match between an edition and its source: cell types, sources and metadata."""
    out = []
    for cell in nb["cells"]:
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        out.append((cell["cell_type"], source, json.dumps(cell.get("metadata", {}), sort_keys=True)))
    return out


def stale_editions(sources: list[Path] | None = None) -> list[str]:
    """Editions that are missing or whose cells differ from what their source would build, and
    answer key files that are missing or stale (see ``stale_keys``)."""
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
        problems += stale_keys(source, nb)
    known = {e.path for s in all_sources() for e in editions_of(s)}
    for area in ("chapters", "cases", "exercises", "exam", "capstone"):
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
