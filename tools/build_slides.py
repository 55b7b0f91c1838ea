#!/usr/bin/env python3
"""Lecture slides (reveal.js) for every chapter and case, both languages, from the executed editions.

    .venv-dev/bin/python tools/build_slides.py --out _publish/slides

Which cells are slides: a cell's own ``slideshow`` metadata (set in the source, see
CONTRIBUTING.md, "Slides") wins. A cell without it gets the default of ``default_slide_types``:
the title and every ``##`` section start a slide, ``###`` a sub-slide, a long paragraph a
sub-slide of its own; the setup cell and long code cells without a figure are skipped; a figure
keeps its slide (the code that draws it, when long, is hidden). So every chapter and case has
slides without marking every source.

Offline: reveal.js 4 and MathJax 3 come from ``book/node_modules`` (npm, ``book/package.json``)
and are copied into the output; the template (``book/slides_template``) loads nothing else, and
the Chinese font stack falls back to the Noto Sans SC that ships in crmlib.
"""

from __future__ import annotations

import argparse
import copy
import json
import posixpath
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from build_book import LANGUAGES, OTHER, copy_assets, ensure_node_modules, messages  # noqa: E402

AREAS = ("chapters", "cases")
LONG_CODE_LINES = 12  # a code cell longer than this is skipped (or, with a figure, its code hidden)
LONG_TEXT_CHARS = 700  # a paragraph cell longer than this gets a sub-slide of its own
FIGURE_MIMES = ("image/png", "image/jpeg", "image/svg+xml")


def _has_figure(cell: dict) -> bool:
    return any(m in out.get("data", {}) for out in cell.get("outputs", []) for m in FIGURE_MIMES)


def default_slide_types(cells: list[dict]) -> list[str]:
    """The slide type of each cell when the source does not say: ``slide``, ``subslide``, ``-``, ``skip``.

    >>> md = lambda s: {"cell_type": "markdown", "source": s, "metadata": {}}
    >>> code = lambda s, **kw: {"cell_type": "code", "source": s, "metadata": kw, "outputs": []}
    >>> default_slide_types([md("# Title"), code("import crmlib", tags=["setup"]), md("## One"), md("text"),
    ...                      code("x = 1"), code("\\n".join(["y = 1"] * 20)), md("### A part")])
    ['slide', 'skip', 'slide', '-', '-', 'skip', 'subslide']
    """
    types = []
    for cell in cells:
        text = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            first = text.lstrip().split("\n", 1)[0]
            if re.match(r"#{1,2}\s", first):
                types.append("slide")
            elif first.startswith("### ") or len(text) > LONG_TEXT_CHARS:
                types.append("subslide")
            else:
                types.append("-")
        elif cell["cell_type"] == "code":
            tags = cell.get("metadata", {}).get("tags", [])
            long = text.count("\n") + 1 > LONG_CODE_LINES
            if "setup" in tags or (long and not _has_figure(cell)):
                types.append("skip")
            elif _has_figure(cell):
                types.append("subslide")
            else:
                types.append("-")
        else:
            types.append("skip")
    return types


def mark_slides(nb: dict) -> dict:
    """A copy of ``nb`` with every cell marked: its own ``slideshow`` mark, else the default.

    A long code cell kept for its figure gets the tag ``remove_input`` (its figure is shown, its
    code is not); the first cell is always a slide.
    """
    nb = copy.deepcopy(nb)
    nb.get("metadata", {}).pop("widgets", None)
    defaults = default_slide_types(nb["cells"])
    for i, (cell, default) in enumerate(zip(nb["cells"], defaults)):
        meta = cell.setdefault("metadata", {})
        own = meta.get("slideshow", {}).get("slide_type")
        meta["slideshow"] = {"slide_type": own or ("slide" if i == 0 and default != "skip" else default)}
        if not own and cell["cell_type"] == "code" and _has_figure(cell):
            text = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            if text.count("\n") + 1 > LONG_CODE_LINES:
                meta.setdefault("tags", []).append("remove_input")
    first = next((c for c in nb["cells"] if c["metadata"]["slideshow"]["slide_type"] != "skip"), None)
    if first is not None and first["metadata"]["slideshow"]["slide_type"] in ("-", "fragment", "notes"):
        first["metadata"]["slideshow"]["slide_type"] = "slide"
    return nb


_LINK = re.compile(r"(\]\()(<[^>\n]*>|[^)\s]+)((?:\s+\"[^\"]*\")?\))")


def book_link(link: str, edition: str, lang: str) -> str:
    """A relative link of the edition ``edition`` (posix path in the course) as seen from its deck.

    A deck lives at ``slides/<lang>/<area>/<name>.html``; a link to a notebook or a page goes to
    that page of the book (``book/<lang>/...html``), a link to the exercise folder or its README
    to the book's exercise list; links to other sites and anchors are kept.

    >>> book_link("../../chapters/en/01_foundations.ipynb#Review-quiz", "cases/en/rice_shop.ipynb", "en")
    '../../../book/en/chapters/en/01_foundations.html#Review-quiz'
    >>> book_link("https://example.org", "cases/en/rice_shop.ipynb", "en")
    'https://example.org'
    """
    bare = link.strip("<>")
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:|^#|^/", bare):
        return link
    path, hash_, frag = bare.partition("#")
    where = posixpath.normpath(posixpath.join(posixpath.dirname(edition), path))
    if where in (f"exercises/{lang}", "exercises/README.md"):
        where = f"exercises/{lang}/index.md"
    stem, ext = posixpath.splitext(where)
    if ext not in (".ipynb", ".md"):
        return link
    return f"../../../book/{lang}/{stem}.html" + hash_ + frag


def relink_for_slides(nb: dict, edition: str, lang: str) -> dict:
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            text = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            cell["source"] = _LINK.sub(lambda m: m.group(1) + book_link(m.group(2), edition, lang) + m.group(3), text)
    return nb


def decks(lang: str) -> list[Path]:
    """The editions that get slides in ``lang``: every chapter and case."""
    return [p for area in AREAS for p in sorted((ROOT / area / lang).glob("*.ipynb"))]


def title_of(nb: dict, fallback: str) -> str:
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            text = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            m = re.search(r"^#\s+(.+)$", text, re.M)
            if m:
                return m.group(1).strip()
    return fallback


def build(out: Path, langs: tuple[str, ...] = LANGUAGES) -> list[Path]:
    """Write ``out/<lang>/<area>/<name>.html`` for every deck, ``out/<lang>/index.html``, the assets."""
    import nbformat
    from nbconvert import SlidesExporter
    from traitlets.config import Config

    ensure_node_modules()
    out.mkdir(parents=True, exist_ok=True)
    copy_assets(out / "assets", reveal=True)
    written = []
    for lang in langs:
        rows = []
        for path in decks(lang):
            area, name = path.parent.parent.name, path.stem
            nb = mark_slides(json.loads(path.read_text(encoding="utf-8")))
            nb = relink_for_slides(nb, path.relative_to(ROOT).as_posix(), lang)
            c = Config()
            c.SlidesExporter.reveal_url_prefix = "../../assets/reveal.js"
            c.SlidesExporter.reveal_theme = "white"
            c.SlidesExporter.reveal_scroll = True
            c.SlidesExporter.reveal_transition = "none"  # a classroom projector: no motion between slides
            c.SlidesExporter.language_code = lang.split("-")[0]  # ISO 639-1: zh, en
            c.SlidesExporter.extra_template_basedirs = [str(ROOT / "book")]
            c.SlidesExporter.template_name = "slides_template"
            c.SlidesExporter.exclude_input_prompt = True
            c.SlidesExporter.exclude_output_prompt = True
            c.TagRemovePreprocessor.remove_input_tags = {"remove_input"}
            c.TagRemovePreprocessor.enabled = True
            exporter = SlidesExporter(config=c)  # its TagRemovePreprocessor hides the marked code
            other = OTHER[lang]
            resources = {"crm": {
                "assets": "../../assets", "lang": lang, "other_lang": other,
                "index": "../index.html", "index_label": messages("slides", lang),
                "other": f"../../{other}/{area}/{name}.html", "other_label": messages("language_name", other),
            }, "metadata": {"name": title_of(nb, name)}}
            html, _ = exporter.from_notebook_node(nbformat.from_dict(nb), resources=resources)
            dest = out / lang / area / f"{name}.html"
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(html, encoding="utf-8")
            written.append(dest)
            rows.append((area, f"{area}/{name}.html", title_of(nb, name)))
        (out / lang / "index.html").write_text(index_page(lang, rows), encoding="utf-8")
    return written


def index_page(lang: str, rows: list[tuple[str, str, str]]) -> str:
    from html import escape

    other = OTHER[lang]
    parts = []
    for area in AREAS:
        items = "".join(f'<li><a href="{href}">{escape(title)}</a></li>' for a, href, title in rows if a == area)
        if items:
            parts.append(f"<h2>{escape(messages('area.' + area, lang))}</h2><ul>{items}</ul>")
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(messages('slides', lang))} · {escape(messages('title', lang))}</title>
<link rel="stylesheet" href="../assets/crm-index.css"></head>
<body><nav><a href="../../index.html">{escape(messages('title', lang))}</a> ·
<a href="../{other}/index.html" hreflang="{other}" lang="{other}" class="crm-lang-switch">{escape(messages('language_name', other))}</a></nav>
<h1>{escape(messages('slides', lang))}</h1><p>{escape(messages('slides_help', lang))}</p>
{''.join(parts)}</body></html>
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "_publish" / "slides")
    parser.add_argument("--lang", choices=LANGUAGES, action="append")
    args = parser.parse_args(argv)
    written = build(args.out.resolve(), tuple(args.lang or LANGUAGES))
    print(f"slides: {len(written)} decks in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
