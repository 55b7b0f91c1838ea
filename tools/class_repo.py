"""Export a class repository: the course as a class's students get it, without the solutions.

A class on a JupyterHub pulls a whole repository with nbgitpuller, so every student can open every
file of it. Self-learners keep the full course (solution editions included); a class gets this
export instead, a git repository of its own that the instructor pushes to a git server and puts in
the nbgitpuller link (README, "For instructors: a class on a JupyterHub"; ``docs/grading.md``)::

    python3 course.py class-repo ../crm-class --lang zh-CN --solutions-after 2026-06-30
    python3 course.py class-repo ../crm-class                      # a course update: a new commit
    python3 course.py class-repo ../crm-class --release-solutions  # after the deadline

What it holds: the home, every ``<area>/<lang>/`` folder of notebooks (chapters, cases, the student
editions of the exercises, the mock exam, the capstone, the case apps) with each area's README,
``crmlib`` (the data sets are inside it; answer keys only as the hashed ``keys_data``), the
JupyterLab settings, ``binder/`` (the course image), ``course.py``, ``pyproject.toml``,
``environment.yml`` and the README. What it never holds: the solution editions and their plain
key files (``exercises/solutions/``), the instructor's guides (``instructor/``), the notebook
sources with their hidden tests (``source/``), the grading guide (``docs/``), tests, tools and
benchmarks. A link in an exported notebook or README to something left out (a solution edition,
the other language's home, ``docs/grading.md``) keeps its text and loses its link. A notebook
that still carries solution or hidden-test code stops the export.

``course-class.toml`` at the root turns on class mode: a short answer's check
(:func:`crmlib.course.checks.model_answer_pointer`) says after which date the model answers come
instead of pointing to a solution edition that is not there. ``--release-solutions`` adds the
solution editions (without the plain key files) in a new commit, so the same nbgitpuller link
brings them. Options given once are remembered in ``course-class.toml``: a later run without
options is a course update with the same languages, date and release state.

Every run writes the export over the previous one (files the course dropped are deleted; files
the instructor added under a folder of their own are kept) and commits when something changed,
so students merge the update with the same link. Only the standard library and ``git``.
"""

from __future__ import annotations

import argparse
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("zh-CN", "en")
CLASS_FILE = "course-class.toml"  # crmlib.course.checks.CLASS_FILE (a test checks they agree)
SOLUTIONS = "exercises/solutions"  # <lang>/*.ipynb: solution editions; keys/*.json: plain keys (never exported)
TOP_FILES = ("README.md", "pyproject.toml", "course.py", "environment.yml", ".gitignore", "datasets/README.md")
WHOLE_FOLDERS = ("crmlib", "binder", "jupyter-config", "apps/template")
# Top-level folders that never reach a class, even if a <lang>/ folder of notebooks appears inside.
NEVER = {"source", "instructor", "docs", "tests", "tools", "benchmarks", "deploy", "book", "build", "dist",
         "node_modules", "my-course", "my-work", "datasets", "crmlib", "binder", "jupyter-config"}
LEAKS = ("### BEGIN HIDDEN TESTS", "### BEGIN SOLUTION")  # code that must not be in a student's notebook
DEFAULT_NAME, DEFAULT_EMAIL = "CRM course (class-repo)", "class-repo@localhost"

# [text](target "title") and ![alt](target): the text survives when the target is left out.
LINK = re.compile(r"(!?)\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\(\s*(<[^>\n]*>|[^)\s]+)((?:\s+\"[^\"]*\")?\s*)\)")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class ClassRepoError(Exception):
    """An export that cannot be made; ``code`` names the message (``course.py``: ``class_repo.<code>``)."""

    TEXT = {
        "inside_course": "the class repository {out} must be outside the course folder {root}",
        "not_class_repo": "{out} exists and is not a class repository (no {file} and .git): choose a new or empty folder",
        "no_git": "git is needed to make the class repository; install git",
        "leak": "{path} carries solution or hidden-test code: rebuild the editions (python3 course.py build)",
        "git_failed": "git failed in {out}: {error}",
    }

    def __init__(self, code: str, **values: object) -> None:
        self.code, self.values = code, values
        super().__init__(self.TEXT[code].format(**values))


@dataclass(frozen=True)
class Export:
    """What an export did."""

    out: Path
    commit: str | None  # the new commit's id, None when nothing changed
    first: bool  # the repository was made by this run
    files: int  # files in the export (course-class.toml included)
    languages: tuple[str, ...]
    solutions_after: date | None
    released: bool


# --- what goes in -----------------------------------------------------------------------------


def _files_under(folder: Path) -> list[Path]:
    """Regular files below ``folder``: no hidden names, no caches, no symbolic links."""
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "__")) and not d.endswith(".egg-info"))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if not name.startswith(".") and not name.endswith((".pyc", ".pyo")) and path.is_file() and not path.is_symlink():
                found.append(path)
    return found


def plan(root: Path, languages: tuple[str, ...], release: bool) -> dict[str, Path]:
    """``{path in the class repository: file in the course}`` of everything a class receives.

    Examples
    --------
    >>> files = plan(ROOT, ("en",), release=False)
    >>> "exercises/en/01_foundations.ipynb" in files, any(p.startswith(("exercises/solutions", "instructor/")) for p in files)
    (True, False)
    """
    others = [lang for lang in LANGUAGES if lang not in languages]
    files: dict[str, Path] = {}
    for rel in TOP_FILES:
        if (root / rel).is_file():
            files[rel] = root / rel
    for lang in languages:
        if (root / f"home_{lang}.ipynb").is_file():
            files[f"home_{lang}.ipynb"] = root / f"home_{lang}.ipynb"
    for rel in WHOLE_FOLDERS:
        for path in _files_under(root / rel) if (root / rel).is_dir() else []:
            files[path.relative_to(root).as_posix()] = path
    for area in sorted(root.iterdir()):
        if not area.is_dir() or area.is_symlink() or area.name.startswith((".", "_")) or area.name in NEVER:
            continue
        folders = [area / lang for lang in languages if (area / lang).is_dir() and any((area / lang).glob("*.ipynb"))]
        if not folders:
            continue
        for folder in folders:  # <area>/<lang>/ only: exercises/solutions/<lang>/ is one level deeper
            for path in _files_under(folder):
                files[path.relative_to(root).as_posix()] = path
        for path in sorted(area.glob("*.md")):  # the area's README, rubric_<lang>.md of the chosen languages
            if path.is_file() and not any(path.stem.endswith(f"_{lang}") for lang in others):
                files[path.relative_to(root).as_posix()] = path
    if release:
        for lang in languages:
            for path in sorted((root / SOLUTIONS / lang).glob("*.ipynb")):
                files[path.relative_to(root).as_posix()] = path
    return files


def _folders(paths: dict[str, Path]) -> set[str]:
    out = set()
    for rel in paths:
        parts = rel.split("/")[:-1]
        out.update("/".join(parts[:i]) for i in range(1, len(parts) + 1))
    return out


def unlink_missing(text: str, source: str, exported: dict[str, Path], folders: set[str], root: Path) -> str:
    """``text`` (markdown of the file ``source``) with links to course files left out of the export
    turned into their plain text. Links to URLs, anchors, exported files and to files the course
    does not have either (a broken link: the edition tests report it) are kept.

    Examples
    --------
    >>> files = {"exercises/en/a.ipynb": Path("a"), "chapters/en/b.ipynb": Path("b")}
    >>> unlink_missing("Compare with the [worked solutions](../solutions/en/01_foundations.ipynb), "
    ...                "see [ch](../../chapters/en/b.ipynb) and [web](https://x.org).",
    ...                "exercises/en/a.ipynb", files, {"exercises", "exercises/en", "chapters", "chapters/en"}, ROOT)
    'Compare with the worked solutions, see [ch](../../chapters/en/b.ipynb) and [web](https://x.org).'
    """
    def replace(m: re.Match) -> str:
        bang, label, target = m.group(1), m.group(2), m.group(3)
        bare = unquote(target[1:-1] if target.startswith("<") else target).split("#")[0].split("?")[0]
        if not bare or bare.startswith("/") or SCHEME.match(bare):
            return m.group(0)
        where = posixpath.normpath(posixpath.join(posixpath.dirname(source), bare))
        if where == ".." or where.startswith("../") or where in exported or where in folders or where == ".":
            return m.group(0)
        if not (root / where).exists():
            return m.group(0)
        return m.group(0) if bang else label

    return LINK.sub(replace, text)


def content(rel: str, path: Path, exported: dict[str, Path], folders: set[str], root: Path) -> bytes:
    """The bytes a file has in the class repository (links to left-out files unlinked)."""
    data = path.read_bytes()
    if rel.endswith(".md"):
        text = data.decode("utf-8")
        new = unlink_missing(text, rel, exported, folders, root)
        return new.encode("utf-8") if new != text else data
    if not rel.endswith(".ipynb"):
        return data
    nb = json.loads(data.decode("utf-8"))
    solution = rel.startswith(SOLUTIONS + "/")
    changed = False
    for cell in nb.get("cells", []):
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else source
        if not solution and any(marker in text for marker in LEAKS):
            raise ClassRepoError("leak", path=rel)
        if cell.get("cell_type") == "markdown":
            new = unlink_missing(text, rel, exported, folders, root)
            if new != text:
                cell["source"] = new if isinstance(source, str) else new.splitlines(keepends=True)
                changed = True
    if not changed:
        return data
    return (json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def class_file(languages: tuple[str, ...], solutions_after: date | None, released: bool) -> str:
    """The text of ``course-class.toml``.

    Examples
    --------
    >>> tomllib.loads(class_file(("en",), date(2030, 6, 30), False))["solutions_after"]
    datetime.date(2030, 6, 30)
    """
    lines = [
        "# A class repository, made from the CRM course by tools/class_repo.py (python3 course.py class-repo).",
        "# Class mode: a short answer's check does not point to a model answer until the teacher releases",
        "# the solution editions (python3 course.py class-repo <this folder> --release-solutions).",
        "# Edit the course and export again; changes made here are overwritten.",
        "class_mode = true",
        "languages = [" + ", ".join(json.dumps(lang) for lang in languages) + "]",
    ]
    if solutions_after is not None:
        lines.append(f"solutions_after = {solutions_after.isoformat()}  # the deadline: model answers after this date")
    lines.append(f"solutions_released = {'true' if released else 'false'}")
    return "\n".join(lines) + "\n"


# --- git --------------------------------------------------------------------------------------


def _git(out: Path, *args: str, check: bool = True) -> str:
    proc = subprocess.run(["git", "-C", str(out), *args], capture_output=True, text=True)
    if check and proc.returncode:
        raise ClassRepoError("git_failed", out=out, error=(proc.stderr or proc.stdout).strip())
    return proc.stdout.strip()


def _identity(out: Path) -> list[str]:
    """``-c user.name=... -c user.email=...`` when git has no identity configured."""
    extra = []
    if not _git(out, "config", "--get", "user.name", check=False):
        extra += ["-c", f"user.name={DEFAULT_NAME}"]
    if not _git(out, "config", "--get", "user.email", check=False):
        extra += ["-c", f"user.email={DEFAULT_EMAIL}"]
    return extra


def _source_commit(root: Path) -> str:
    if not (root / ".git").exists():
        return ""
    proc = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return proc.stdout.strip() if proc.returncode == 0 else ""


# --- the export -------------------------------------------------------------------------------


def read_class_file(out: Path) -> dict[str, object]:
    """The settings of an existing class repository (empty when there is none)."""
    try:
        with (out / CLASS_FILE).open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError):
        return {}


def export(
    out: str | Path,
    *,
    languages: tuple[str, ...] | None = None,
    solutions_after: date | None = None,
    release: bool = False,
    root: Path = ROOT,
) -> Export:
    """Write the class repository ``out`` (made on the first run) and commit what changed.

    Parameters
    ----------
    out : path
        The class repository: a new or empty folder, or one made by an earlier export.
    languages : tuple of str, optional
        The editions' languages (default: as last time, or both).
    solutions_after : datetime.date, optional
        The deadline after which the model answers are released (default: as last time).
    release : bool
        Add the solution editions (remembered: later updates keep them).
    root : Path
        The course folder.
    """
    if shutil.which("git") is None:
        raise ClassRepoError("no_git")
    out = Path(out).expanduser().resolve()
    root = root.resolve()
    if out == root or root in out.parents or out in root.parents:
        raise ClassRepoError("inside_course", out=out, root=root)
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not ((out / CLASS_FILE).is_file() and (out / ".git").exists()))):
        raise ClassRepoError("not_class_repo", out=out, file=CLASS_FILE)
    before = read_class_file(out)
    first = not (out / ".git").exists()
    if languages is None:
        kept = before.get("languages")
        languages = tuple(lang for lang in LANGUAGES if isinstance(kept, list) and lang in kept) or LANGUAGES
    languages = tuple(lang for lang in LANGUAGES if lang in languages)
    if solutions_after is None and isinstance(before.get("solutions_after"), date):
        solutions_after = before["solutions_after"]  # type: ignore[assignment]
    released = release or before.get("solutions_released") is True

    files = plan(root, languages, released)
    folders = _folders(files)
    data = {rel: content(rel, path, files, folders, root) for rel, path in files.items()}
    data[CLASS_FILE] = class_file(languages, solutions_after, released).encode("utf-8")

    out.mkdir(parents=True, exist_ok=True)
    if first:
        _git(out, "init", "-q")
        _git(out, "symbolic-ref", "HEAD", "refs/heads/main")
    # Remove what an earlier export wrote and the course no longer has; a top-level folder of the
    # instructor's own (not one the export writes) is left alone.
    managed = {rel.split("/")[0] for rel in data} | {f"home_{lang}.ipynb" for lang in LANGUAGES}
    for rel in _git(out, "ls-files", "-z").split("\0"):
        if rel and rel not in data and rel.split("/")[0] in managed:
            (out / rel).unlink(missing_ok=True)
    for rel, payload in sorted(data.items()):
        dest = out / rel
        if dest.is_symlink() or (dest.exists() and not dest.is_file()):
            raise ClassRepoError("not_class_repo", out=out, file=CLASS_FILE)
        if not dest.is_file() or dest.read_bytes() != payload:
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(payload)
        executable = rel in files and bool(files[rel].stat().st_mode & 0o111)  # binder/postBuild
        mode = 0o755 if executable else 0o644
        if dest.stat().st_mode & 0o777 != mode:
            dest.chmod(mode)
    for dirpath, dirnames, filenames in os.walk(out, topdown=False):  # folders the deletions emptied
        d = Path(dirpath)
        if d != out and ".git" not in d.relative_to(out).parts and not any(d.iterdir()):
            d.rmdir()

    _git(out, "add", "-A")
    commit = None
    if _git(out, "status", "--porcelain"):
        source = _source_commit(root)
        if first:
            message = "The course for the class"
        elif release and before.get("solutions_released") is not True:
            message = "Release the solution editions"
        else:
            message = "Course update"
        message += f" (from course commit {source})" if source else ""
        _git(out, *_identity(out), "commit", "-q", "-m", message)
        commit = _git(out, "rev-parse", "HEAD")
    return Export(out=out, commit=commit, first=first, files=len(data), languages=languages,
                  solutions_after=solutions_after, released=released)


def parse_languages(value: str) -> tuple[str, ...]:
    """``zh-CN``, ``en`` or ``both``."""
    if value == "both":
        return LANGUAGES
    if value not in LANGUAGES:
        raise ValueError(value)
    return (value,)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the class repository (a new or empty folder, or an earlier export)")
    parser.add_argument("--lang", choices=[*LANGUAGES, "both"], help="the editions' languages (default: as last time, or both)")
    parser.add_argument("--solutions-after", type=date.fromisoformat, metavar="YYYY-MM-DD",
                        help="the deadline after which the model answers are released")
    parser.add_argument("--release-solutions", action="store_true", help="add the solution editions (a new commit)")
    args = parser.parse_args(argv)
    try:
        result = export(args.out, languages=parse_languages(args.lang) if args.lang else None,
                        solutions_after=args.solutions_after, release=args.release_solutions)
    except ClassRepoError as exc:
        print(exc, file=sys.stderr)
        return 1
    state = f"commit {result.commit[:10]}" if result.commit else "nothing changed, no commit"
    print(f"{result.out}: {result.files} files, {', '.join(result.languages)}; {state}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
