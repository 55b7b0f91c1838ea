#!/usr/bin/env python3
"""The instructor's kit: syllabus, guides, rubrics and glossary, one language per file, from one source.

    .venv-dev/bin/python tools/build_kit.py               # write instructor/<lang>/<name>.md
    .venv-dev/bin/python tools/build_kit.py --check       # exit 1 if a built file is stale
    .venv-dev/bin/python tools/build_kit.py --out DIR     # only the static HTML kit (tools/publish.py)

Sources are ``source/instructor/<name>.md``: jupytext MyST markdown like the notebook sources,
with prose cells only, tagged ``{"lang": "zh-CN"}`` / ``{"lang": "en"}`` in adjacent pairs
(Chinese first). Each becomes ``instructor/zh-CN/<name>.md`` and ``instructor/en/<name>.md``,
the cells of one language joined. Links in a source are written as seen from the built file:
``../../chapters/en/01_foundations.ipynb``, ``guide.md``.

The kit (issue 16, item 4):

- ``syllabus.md``, ``rubrics.md``, ``guide.md`` (the index of the guides);
- ``guide_<source name>.md`` for every ``source/chapters/*.md`` and ``source/cases/*.md``, with
  these ``##`` sections in this order, in both languages (``GUIDE_SECTIONS``): Timing, Board
  plan, Suggested answers, Common misconceptions, Discussion prompts, Links. The suggested
  answers answer each item of the chapter's final questions section, numbered as the chapter
  numbers them: a heading ``### 1 ...`` or a numbered item ``1. ...`` (``answer_numbers``);
  misconceptions and prompts are list items (or ``###`` headings), at least 4 and 3;
- ``glossary.md``, generated from the catalogue ``crmlib/i18n/locales/glossary.toml``
  (``glossary.term.<id>``) and from the chapters themselves (where each term is first used), so
  it cannot drift from either: this script rewrites ``source/instructor/glossary.md`` and
  ``--check`` fails when it is stale.

``tests/test_kit.py`` checks all of this and that no instructor file is linked from or copied
into a learner's edition. The HTML kit (``--out``) is what ``tools/publish.py`` puts in
``_publish/kit/``: links to learner editions point into the book beside it
(``_publish/book/<lang>/``), links to the exercise solutions become plain text (the published
site holds no solutions).
"""

from __future__ import annotations

import argparse
import html
import posixpath
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "source" / "instructor"
OUT = ROOT / "instructor"
LANGUAGES = ("zh-CN", "en")
GLOSSARY = "glossary"
UNIT_AREAS = ("chapters", "cases")  # every source here needs a guide
GUIDE_SECTIONS = {
    "zh-CN": ("课时安排", "板书设计", "参考答案", "常见误区", "课堂讨论", "相关链接"),
    "en": ("Timing", "Board plan", "Suggested answers", "Common misconceptions", "Discussion prompts", "Links"),
}
MIN_ITEMS = {"misconceptions": 4, "prompts": 3}
# The final questions section of a chapter or case edition (its `##` heading).
QUESTIONS_HEADING = re.compile(r"^##\s+(思考题|讨论题|Questions(?: for discussion)?)\s*$", re.M)
BOOK_AREAS = ("chapters", "cases", "exercises", "exam", "capstone")  # what the learner's book holds

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))


class KitError(ValueError):
    """A kit source breaks the format."""


# --- reading sources ------------------------------------------------------------------------


def kit_sources() -> list[Path]:
    """Every kit source, ``source/instructor/*.md``."""
    return sorted(SOURCE.glob("*.md"))


def units() -> list[tuple[str, str]]:
    """``(area, name)`` of every chapter and case: each needs ``guide_<name>.md``."""
    return [(area, p.stem) for area in UNIT_AREAS for p in sorted((ROOT / "source" / area).glob("*.md"))]


def guide_name(name: str) -> str:
    """The guide source of a chapter or case.

    >>> guide_name("01_foundations")
    'guide_01_foundations.md'
    """
    return f"guide_{name}.md"


def read_kit_source(path: Path) -> list[tuple[str, str]]:
    """The ``(lang, text)`` prose cells of a kit source, checked: tagged, in zh-CN/en pairs, no code."""
    import build_notebooks as bn

    try:
        nb = bn.read_source(path)
    except bn.SourceError as exc:
        raise KitError(str(exc)) from None
    cells = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            raise KitError(f"{path}: cell {i} is a {cell.cell_type} cell; the kit is prose only")
        cells.append((cell.metadata["lang"], cell.source.strip()))
    if not cells:
        raise KitError(f"{path}: no prose cells")
    return cells


def edition_text(cells: list[tuple[str, str]], lang: str, source: Path) -> str:
    """The built markdown of one language: a generated-file note, then that language's cells."""
    rel = source.relative_to(ROOT).as_posix() if source.is_relative_to(ROOT) else source.name
    note = f"<!-- tools/build_kit.py: built from {rel}; edit the source, then run the script -->"
    return note + "\n\n" + "\n\n".join(text for lg, text in cells if lg == lang) + "\n"


# --- the glossary ---------------------------------------------------------------------------


def glossary_terms() -> list[str]:
    """The term ids of the catalogue file ``glossary.toml`` (``glossary.term.<id>``), in file order."""
    import tomllib

    with (ROOT / "crmlib" / "i18n" / "locales" / "glossary.toml").open("rb") as fh:
        return list(tomllib.load(fh)["term"])


def _variants(term: str) -> list[str]:
    """The forms a term may take in the text: whole, without its bracket, the bracket alone.

    >>> _variants("Customer lifetime value (CLV)")
    ['Customer lifetime value (CLV)', 'Customer lifetime value', 'CLV']
    >>> _variants("客户终身价值（CLV）")
    ['客户终身价值（CLV）', '客户终身价值', 'CLV']
    """
    out = [term]
    m = re.match(r"^(.*?)\s*[（(]([^）)]+)[）)]\s*$", term)
    if m:
        out += [m.group(1), m.group(2)]
    return [v for v in out if v]


def _found(term: str, text: str, lang: str) -> bool:
    for v in _variants(term):
        if lang == "zh-CN" and v in text:
            return True
        if lang == "en" and re.search(r"(?<![A-Za-z])" + re.escape(v) + r"(?:s|es)?(?![A-Za-z])", text, re.I):
            return True
    return False


@dataclass(frozen=True)
class Unit:
    area: str
    name: str
    title: dict[str, str]  # lang -> the edition's "# " title
    prose: dict[str, str]  # lang -> all prose of that language


def read_units() -> list[Unit]:
    """Every chapter then every case, with its titles and prose per language."""
    import build_notebooks as bn

    out = []
    for area, name in units():
        nb = bn.read_source(ROOT / "source" / area / f"{name}.md")
        prose = {lang: "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown" and c.metadata["lang"] == lang)
                 for lang in LANGUAGES}
        title = {lang: re.search(r"^#\s+(.+)$", prose[lang], re.M).group(1).strip() for lang in LANGUAGES}
        out.append(Unit(area, name, title, prose))
    return out


def unit_label(unit: Unit, lang: str) -> str:
    """A short name: "第 3 章" / "Chapter 3" for a chapter, the case's name for a case.

    >>> u = Unit("cases", "rice_shop", {"zh-CN": "案例：王永庆卖米——一本小本子", "en": "Case: Wang's rice shop: a notebook"}, {})
    >>> unit_label(u, "zh-CN"), unit_label(u, "en")
    ('王永庆卖米', "Wang's rice shop")
    """
    title = unit.title[lang]
    m = re.match(r"^(第\s*\d+\s*章|Chapter\s+\d+)", title)
    if m:
        return m.group(1)
    title = re.sub(r"^(案例[：:]\s*|Case:\s*)", "", title)
    return re.split(r"——|\s+—\s+|：|: ", title, maxsplit=1)[0].strip()


def glossary_rows() -> list[dict[str, str]]:
    """One row per catalogue term: its id, both languages, and where the course first uses it.

    "First uses": the first chapter (then case) whose prose holds the term in either language.
    A term the course never uses is an error: the glossary lists the course's own words.
    """
    from crmlib import i18n

    found_units = read_units()
    rows, unused = [], []
    for term in glossary_terms():
        row = {"id": term}
        for lang in LANGUAGES:
            with i18n.language(lang):
                row[lang] = i18n.t(f"glossary.term.{term}")
        first = next((u for u in found_units if any(_found(row[lg], u.prose[lg], lg) for lg in LANGUAGES)), None)
        if first is None:
            unused.append(f"{term} ({row['zh-CN']} / {row['en']})")
            continue
        for lang in LANGUAGES:
            row[f"where.{lang}"] = unit_label(first, lang)
            row[f"link.{lang}"] = f"../../{first.area}/{lang}/{first.name}.ipynb"
        row["order"] = found_units.index(first)
        rows.append(row)
    if unused:
        raise KitError("glossary terms no chapter or case uses (fix the term or drop it from glossary.toml):\n  "
                       + "\n  ".join(unused))
    return rows


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def glossary_source() -> str:
    """The text of ``source/instructor/glossary.md``, generated from the catalogue and the chapters.

    The Chinese table follows the course (grouped by where each term is first used); the English
    one is alphabetical, so either side can be looked up.
    """
    from crmlib import i18n

    rows = glossary_rows()
    parts = ["---\njupytext:\n  text_representation:\n    extension: .md\n    format_name: myst\n"
             "kernelspec:\n  display_name: Python 3\n  language: python\n  name: python3\n---\n"]
    for lang, other in (("zh-CN", "en"), ("en", "zh-CN")):
        with i18n.language(lang):
            page = {k: i18n.t(f"glossary.page.{k}", count=len(rows))
                    for k in ("title", "intro", "col_term", "col_other", "col_where", "back")}
        ordered = sorted(rows, key=lambda r: (r["order"], 0)) if lang == "zh-CN" else sorted(rows, key=lambda r: r["en"].lower())
        lines = [f"# {page['title']}", "", f"[{page['back']}](guide.md)", "", page["intro"], "",
                 f"| {page['col_term']} | {page['col_other']} | {page['col_where']} |", "|---|---|---|"]
        lines += [f"| {_cell(r[lang])} | {_cell(r[other])} | [{_cell(r['where.' + lang])}]({r['link.' + lang]}) |"
                  for r in ordered]
        parts.append(f'+++ {{"lang": "{lang}"}}\n\n' + "\n".join(lines) + "\n")
    return "\n".join(parts)


# --- building ---------------------------------------------------------------------------------


def expected() -> dict[Path, str]:
    """Every file the kit consists of, with the text it must have: the glossary source and the editions."""
    files: dict[Path, str] = {SOURCE / f"{GLOSSARY}.md": glossary_source()}
    for path in kit_sources():
        if path.stem == GLOSSARY:
            cells = _cells_of_text(files[SOURCE / f"{GLOSSARY}.md"], path)
        else:
            cells = read_kit_source(path)
        for lang in LANGUAGES:
            files[OUT / lang / path.name] = edition_text(cells, lang, path)
    if not (SOURCE / f"{GLOSSARY}.md").exists():
        cells = _cells_of_text(files[SOURCE / f"{GLOSSARY}.md"], SOURCE / f"{GLOSSARY}.md")
        for lang in LANGUAGES:
            files[OUT / lang / f"{GLOSSARY}.md"] = edition_text(cells, lang, SOURCE / f"{GLOSSARY}.md")
    return files


def _cells_of_text(text: str, path: Path) -> list[tuple[str, str]]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / path.name
        p.write_text(text, encoding="utf-8")
        return read_kit_source(p)


def stale() -> list[str]:
    """Kit files that are missing, out of date, or left over from a deleted source."""
    files = expected()
    problems = []
    for path, text in files.items():
        rel = path.relative_to(ROOT)
        if not path.exists():
            problems.append(f"{rel}: missing (run tools/build_kit.py)")
        elif path.read_text(encoding="utf-8") != text:
            problems.append(f"{rel}: out of date (run tools/build_kit.py)")
    for lang in LANGUAGES:
        for path in sorted((OUT / lang).glob("*")):
            if path not in files:
                problems.append(f"{path.relative_to(ROOT)}: has no source in source/instructor/")
    return problems


def build() -> list[Path]:
    """Write every kit file that changed; remove built files whose source is gone."""
    files = expected()
    written = []
    for path, text in files.items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(path)
    for lang in LANGUAGES:
        for path in sorted((OUT / lang).glob("*.md")):
            if path not in files:
                path.unlink()
    return written


# --- reading the built kit (used by tests/test_kit.py) ------------------------------------------


def sections(text: str) -> list[tuple[str, str]]:
    """The ``##`` sections of a markdown text: ``(heading, body)`` in order (fenced code ignored).

    >>> sections("# T\\nintro\\n## A\\none\\n### a1\\n## B\\ntwo")
    [('A', 'one\\n### a1'), ('B', 'two')]
    """
    out: list[tuple[str, str]] = []
    fence = False
    for line in text.splitlines():
        if line.startswith(("```", "~~~")):
            fence = not fence
        m = None if fence else re.match(r"^##\s+(.+?)\s*$", line)
        if m:
            out.append((m.group(1), []))
        elif out:
            out[-1][1].append(line)
    return [(h, "\n".join(body).strip()) for h, body in out]


ANSWER = re.compile(r"^(?:#{3,4}\s+(?:Q\s*|问题\s*|第\s*)?|\*\*)?(\d+)\s*(?:[.．、:：)）]|题|\*\*|\s)", re.M)


def answer_numbers(body: str) -> list[int]:
    """The question numbers a Suggested answers section answers: ``### 2 ...``, ``2. ...``, ``**2.**``.

    >>> answer_numbers("1. Because...\\n   more\\n2. No.\\n### 3 Why\\ntext\\n**4.** yes")
    [1, 2, 3, 4]
    """
    return [int(n) for n in ANSWER.findall(body)]


ITEM = re.compile(r"^(?:[-*+]\s+\S|\d+[.)]\s+\S|###\s+\S)", re.M)


def list_items(body: str) -> int:
    """Top-level list items or ``###`` headings of a section body.

    >>> list_items("- a\\n  - nested\\n- b\\n\\n1. c\\n### d")
    4
    """
    return len(ITEM.findall(body))


def edition_questions(area: str, name: str, lang: str) -> list[int]:
    """The numbers of the questions in the last questions section of a built chapter or case edition."""
    import json

    nb = json.loads((ROOT / area / lang / f"{name}.ipynb").read_text(encoding="utf-8"))
    text = "\n\n".join("".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                       for c in nb["cells"] if c["cell_type"] == "markdown")
    heads = list(QUESTIONS_HEADING.finditer(text))
    if not heads:
        return []
    body = text[heads[-1].end():]
    nxt = re.search(r"^#{1,2}\s", body, re.M)
    body = body[: nxt.start()] if nxt else body
    return [int(n) for n in re.findall(r"^(\d+)[.)]\s", body, re.M)]


LINK = re.compile(r"(\]\()([^)\s]+)(\))")


def local_links(text: str) -> list[str]:
    """Relative link targets of a markdown text (no URL, no anchor-only link).

    >>> local_links("[a](guide.md) [b](https://x.org) [c](#top) [d](../../chapters/en/x.ipynb#s)")
    ['guide.md', '../../chapters/en/x.ipynb']
    """
    out = []
    for m in LINK.finditer(text):
        target = m.group(2)
        if re.match(r"^([A-Za-z][A-Za-z0-9+.-]*:|#|/)", target):
            continue
        out.append(target.split("#", 1)[0])
    return out


# --- HTML (the published kit) ---------------------------------------------------------------------


def _html_link(target: str, lang: str, book: str) -> str | None:
    """Where a link of a built kit file points in the published site; None: make it plain text.

    >>> _html_link("guide_01_foundations.md", "en", "../book")
    'guide_01_foundations.html'
    >>> _html_link("../../chapters/en/01_foundations.ipynb#q", "en", "../book")
    '../../book/en/chapters/en/01_foundations.html#q'
    >>> _html_link("../../exercises/solutions/en/01_foundations.ipynb", "en", "../book") is None
    True
    """
    if re.match(r"^([A-Za-z][A-Za-z0-9+.-]*:|#)", target):
        return target
    path, _, anchor = target.partition("#")
    anchor = "#" + anchor if anchor else ""
    if "/" not in path and path.endswith(".md"):
        return path[:-3] + ".html" + anchor
    where = posixpath.normpath(posixpath.join(f"instructor/{lang}", path))
    parts = where.split("/")
    if re.fullmatch(r"home_(zh-CN|en)\.ipynb", where):
        book_lang = where[5:-6]
    elif (len(parts) == 3 and parts[0] in BOOK_AREAS and parts[1] in LANGUAGES) or (
            parts[0] == "capstone" and len(parts) == 2 and where.endswith(".md")):
        book_lang = parts[1] if len(parts) == 3 else parts[1].rsplit("_", 1)[-1][:-3]
    else:
        return None  # solutions, course files: not in the published site
    page = re.sub(r"\.(ipynb|md)$", ".html", where)
    return posixpath.join("..", book, book_lang, page) + anchor


def render_html(text: str, lang: str, book: str) -> str:
    """One built kit file as a standalone HTML page (nothing loaded from outside)."""
    from markdown_it import MarkdownIt

    def relink(m: re.Match) -> str:
        new = _html_link(m.group(2), lang, book)
        return m.group(1) + new + m.group(3) if new else m.group(0)

    # Links the site cannot hold become the path in code: "[solutions](../../x.ipynb)" -> "solutions (`x.ipynb`)".
    def unlink(m: re.Match) -> str:
        return m.group(0) if _html_link(m.group(2), lang, book) else f"{m.group(1)} (`{m.group(2).split('/', 2)[-1]}`)"

    text = re.sub(r"\[([^\]]+)\]\(([^)\s]+)\)", unlink, text)
    text = LINK.sub(relink, text)
    body = MarkdownIt("commonmark").enable("table").render(text)
    title = re.search(r"^#\s+(.+)$", text, re.M)
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title.group(1) if title else 'kit')}</title><style>{CSS}</style></head>\n"
            f"<body><main>\n{body}</main></body></html>\n")


CSS = ("body{font-family:system-ui,'Noto Sans SC','PingFang SC','Microsoft YaHei',sans-serif;line-height:1.6;"
       "margin:0 auto;max-width:60rem;padding:1rem 1.5rem;color:#222}table{border-collapse:collapse;margin:1rem 0}"
       "th,td{border:1px solid #ccc;padding:.3rem .6rem;vertical-align:top}th{background:#f3f3f3}"
       "code{background:#f5f5f5;padding:0 .2rem}@media print{body{max-width:none}a{color:inherit}}")


def build_html(out: Path, book: str = "../book") -> list[Path]:
    """The HTML kit: ``out/<lang>/<name>.html`` for every kit file and ``out/index.html``.

    Rendered from what the sources build now (``expected``), so it never serves a stale file
    and writes nothing in the course folder. ``book`` is the book's folder relative to ``out``
    (tools/publish.py: ``_publish/book`` beside ``_publish/kit``).
    """
    from build_book import messages

    built = {path: text for path, text in expected().items() if path.parent.parent == OUT}
    written, items = [], []
    for lang in LANGUAGES:
        pages = sorted((p for p in built if p.parent.name == lang), key=_order)
        for path in pages:
            dest = out / lang / f"{path.stem}.html"
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(render_html(built[path], lang, book), encoding="utf-8")
            written.append(dest)
        links = "".join(f'<li><a href="{lang}/{p.stem}.html">{html.escape(_title(built[p], p.stem))}</a></li>' for p in pages)
        items.append(f'<section lang="{lang}"><h2>{html.escape(messages("kit", lang))}</h2><ul>{links}</ul></section>')
    index = out / "index.html"
    index.write_text(f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
                     '<meta name="viewport" content="width=device-width, initial-scale=1">'
                     f'<title>{html.escape(messages("kit", "zh-CN"))} · {html.escape(messages("kit", "en"))}</title>'
                     f"<style>{CSS}</style></head>\n<body><main>{''.join(items)}</main></body></html>\n", encoding="utf-8")
    return [*written, index]


def _title(text: str, fallback: str) -> str:
    m = re.search(r"^#\s+(.+)$", text, re.M)
    return m.group(1).strip() if m else fallback


def _order(path: Path) -> tuple[int, str]:
    first = ("guide", "syllabus", "rubrics", "glossary")
    return (first.index(path.stem), "") if path.stem in first else (len(first), path.stem)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only report stale or missing kit files")
    parser.add_argument("--out", type=Path, help="also write the HTML kit into this folder")
    args = parser.parse_args(argv)
    try:
        if args.check:
            problems = stale()
            for p in problems:
                print(p)
            return 1 if problems else 0
        if args.out:  # the published kit only: nothing in the course folder is rewritten
            pages = build_html(args.out.resolve())
            print(f"HTML kit: {len(pages)} pages in {args.out}")
            return 0
        for path in build():
            print("wrote", path.relative_to(ROOT))
    except KitError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
