#!/usr/bin/env python3
"""The book site: one Sphinx book per language from the executed editions.

    .venv-dev/bin/python tools/build_book.py --out _publish/book     # both languages

What goes in: the home page, the chapters, the cases, the exercises' student editions and every
other learner-facing edition folder (``exam/<lang>/``, ``capstone/<lang>/`` with its rubric); never
the exercise solutions nor instructor material. The editions are copied, keeping the course's
layout, into a staging folder (so every link between notebooks still resolves) and read by
myst-nb without executing anything (``nb_execution_mode = "off"``); ``book/conf.py`` is the one
configuration, its language given by ``CRM_BOOK_LANG``. Output: ``<out>/<lang>/``, with each
notebook beside its page (the "open the notebook" link).

Offline: Sphinx, sphinx-book-theme and myst-nb come from PyPI (the ``book`` extra); MathJax 3
from npm (``book/package.json``, installed into ``book/node_modules`` on first use) is copied into
each book; the theme's fonts and icons ship inside the theme. Nothing is fetched at view time.
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
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
LANGUAGES = ("zh-CN", "en")
OTHER = {"zh-CN": "en", "en": "zh-CN"}
SPHINX_LANGUAGE = {"zh-CN": "zh_CN", "en": "en"}
AREAS = ("chapters", "cases", "exercises", "exam", "capstone")  # exercises/<lang>/: student editions only
FONT = ROOT / "crmlib" / "fonts" / "NotoSansSC-Regular.otf"
# MathJax 3, TeX input and CommonHTML output only (the parts tex-chtml.js loads, about 4 MB).
MATHJAX_PARTS = ("tex-chtml.js", "input/tex", "output/chtml", "a11y", "ui", "adaptors")
_LINK = re.compile(r"(\]\()(<[^>\n]*>|[^)\s]+)((?:\s+\"[^\"]*\")?\))")
DASHBOARD_CALL = re.compile(r"^\s*\w+_dashboard\(", re.M)


@cache
def _messages() -> dict:
    return tomllib.loads((BOOK / "messages.toml").read_text(encoding="utf-8"))


def messages(key: str, lang: str, **values: object) -> str:
    """The book's own text ``key`` (``book/messages.toml``) in ``lang``."""
    node = _messages()
    for part in key.split("."):
        node = node[part]
    return node[lang].format(**values)


def ensure_node_modules() -> Path:
    """``book/node_modules`` with MathJax and reveal.js (``npm install`` from the npm registry once)."""
    modules = BOOK / "node_modules"
    if not ((modules / "mathjax" / "es5" / "tex-chtml.js").is_file() and (modules / "reveal.js" / "dist").is_dir()):
        npm = shutil.which("npm")
        if npm is None:
            sys.exit("book/node_modules is missing and npm is not installed (Debian: apt-get install npm)")
        subprocess.run([npm, "install", "--no-audit", "--no-fund", "--loglevel=error"], cwd=BOOK, check=True)
    return modules


def copy_assets(dest: Path, reveal: bool = False) -> None:
    """MathJax (and reveal.js), the Chinese font and the course's style sheets into ``dest``."""
    modules = ensure_node_modules()
    es5 = modules / "mathjax" / "es5"
    for part in MATHJAX_PARTS:
        src, to = es5 / part, dest / "mathjax" / part
        if src.is_dir():
            shutil.copytree(src, to, dirs_exist_ok=True)
        elif src.is_file():
            to.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, to)
    shutil.copy2(modules / "mathjax" / "LICENSE", dest / "mathjax" / "LICENSE")
    if reveal:
        for part in ("dist", "plugin/notes", "LICENSE"):
            src = modules / "reveal.js" / part
            if src.is_dir():
                shutil.copytree(src, dest / "reveal.js" / part, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.map"))
            else:
                shutil.copy2(src, dest / "reveal.js" / part)
    (dest / "fonts").mkdir(parents=True, exist_ok=True)
    shutil.copy2(FONT, dest / "fonts" / FONT.name)
    shutil.copy2(FONT.parent / "OFL.txt", dest / "fonts" / "OFL.txt")
    for name in [*(BOOK / "_static").glob("*.css"), *(BOOK / "_static").glob("*.js")]:
        shutil.copy2(name, dest / name.name)


def editions(lang: str) -> list[Path]:
    """The notebooks of the ``lang`` book, as paths inside the course."""
    found = [ROOT / f"home_{lang}.ipynb"]
    for area in AREAS:
        found += sorted((ROOT / area / lang).glob("*.ipynb"))
    return [p for p in found if p.is_file()]


def extra_pages(lang: str) -> list[Path]:
    """Learner-facing markdown pages an edition links to (the capstone rubric)."""
    return [p for p in sorted((ROOT / "capstone").glob(f"*_{lang}.md")) if p.is_file()]


def relink(text: str, page: str, docs: set[str], lang: str) -> str:
    """Point the links of ``page`` (posix path in the book) at pages of the book.

    A link to the exercise folder or its README goes to the book's exercise list; every other
    link is kept.

    >>> relink("[a](exercises/en/) [b](exercises/README.md) [c](chapters/en/x.ipynb)", "home_en.ipynb", set(), "en")
    '[a](exercises/en/index.md) [b](exercises/en/index.md) [c](chapters/en/x.ipynb)'
    """
    def fix(m: re.Match) -> str:
        link = m.group(2).strip("<>")
        if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:|^#|^/", link):
            return m.group(0)
        path, hash_, frag = link.partition("#")
        where = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
        if where in (f"exercises/{lang}", "exercises/README.md"):
            new = posixpath.relpath(f"exercises/{lang}/index.md", posixpath.dirname(page) or ".")
            return m.group(1) + new + m.group(3)
        return m.group(0)

    return _LINK.sub(fix, text)


def _text(cell: dict) -> str:
    return cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])


def stage(lang: str, where: Path) -> list[str]:
    """Copy the ``lang`` editions into ``where`` for Sphinx; returns the notebook paths (posix)."""
    if where.exists():
        shutil.rmtree(where)
    where.mkdir(parents=True)
    docs = [p.relative_to(ROOT).as_posix() for p in editions(lang)]
    pages = [p.relative_to(ROOT).as_posix() for p in extra_pages(lang)]
    dashboard_note = messages("dashboard", lang)
    for rel in docs:
        nb = json.loads((ROOT / rel).read_text(encoding="utf-8"))
        nb.get("metadata", {}).pop("widgets", None)
        cells = []
        for cell in nb["cells"]:
            if cell["cell_type"] == "markdown":
                cell["source"] = relink(_text(cell), rel, set(docs), lang)
            cells.append(cell)
            if cell["cell_type"] == "code" and DASHBOARD_CALL.search(_text(cell)):
                cells.append({"cell_type": "markdown", "metadata": {"tags": ["crm-dashboard-note"]},
                              "source": f"```{{note}}\n{dashboard_note}\n```"})
        for i, cell in enumerate(cells):
            cell["id"] = f"crm-{i:04d}"
        nb["cells"] = cells
        dest = where / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")
    for rel in pages:
        dest = where / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(relink((ROOT / rel).read_text(encoding="utf-8"), rel, set(docs), lang), encoding="utf-8")
    exercises = [d for d in docs if d.startswith(f"exercises/{lang}/")]
    if exercises:
        (where / "exercises" / lang / "index.md").write_text(
            f"# {messages('area.exercises', lang)}\n\n{messages('exercises_intro', lang)}\n\n"
            "```{toctree}\n:maxdepth: 1\n\n" + "\n".join(posixpath.basename(d) for d in exercises) + "\n```\n",
            encoding="utf-8")
    toc = [f"# {messages('title', lang)}", "", messages("book_intro", lang), ""]
    groups = [("home", [f"home_{lang}.ipynb"])]
    for area in AREAS:
        members = [d for d in docs if d.startswith(f"{area}/")]
        if area == "exercises" and members:
            members = [f"exercises/{lang}/index.md"]
        if area == "capstone":
            members += [p for p in pages if p.startswith("capstone/")]
        groups.append((f"area.{area}", members))
    for key, members in groups:
        if members:
            toc += ["```{toctree}", f":caption: {messages(key, lang)}", ":maxdepth: 1", "", *members, "```", ""]
    (where / "index.md").write_text("\n".join(toc), encoding="utf-8")
    copy_assets(where / "_crm_static")
    return docs


def build(lang: str, out: Path, work: Path) -> Path:
    """Build the ``lang`` book into ``out`` (replaced), staging in ``work``."""
    docs = stage(lang, work / lang)
    if out.exists():
        shutil.rmtree(out)
    env = dict(os.environ, CRM_BOOK_LANG=lang, PYDEVD_DISABLE_FILE_VALIDATION="1")
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", "1", "-c", str(BOOK),
           "-d", str(work / f"doctrees-{lang}"), str(work / lang), str(out)]
    subprocess.run(cmd, check=True, env=env)
    for rel in docs:  # the notebook beside its page: the "open the notebook" link
        dest = out / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, dest)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "_publish" / "book")
    parser.add_argument("--work", type=Path, default=ROOT / "_publish" / ".work")
    parser.add_argument("--lang", choices=LANGUAGES, action="append")
    args = parser.parse_args(argv)
    for lang in args.lang or LANGUAGES:
        build(lang, args.out.resolve() / lang, args.work.resolve())
        print(f"book ({lang}): {args.out / lang / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
