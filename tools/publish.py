#!/usr/bin/env python3
"""Build everything a class is handed into one folder for any static web server.

    .venv-dev/bin/python tools/publish.py [--out _publish]     (python3 course.py publish)

``<out>/index.html``        the entry page: both books, both slide sets (and the kit with --kit)
``<out>/book/<lang>/``      the book (tools/build_book.py)
``<out>/slides/<lang>/``    the slides (tools/build_slides.py)
``<out>/kit/``              only with ``--kit``: the instructor's kit (suggested answers!),
                            built by ``build_kit.py --out <out>/kit``; for the instructor's own
                            copy, never for a site students can read

Every link is relative and nothing is loaded from another site, so the folder can be copied
anywhere: ``python3 -m http.server -d _publish`` serves it locally.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import build_book  # noqa: E402
import build_slides  # noqa: E402
from build_book import LANGUAGES, messages  # noqa: E402

KIT = ROOT / "tools" / "build_kit.py"


def index_page(has_kit: bool, kit_href: str) -> str:
    sections = []
    for lang in LANGUAGES:
        kit = f'<li><a href="{kit_href}">{escape(messages("kit", lang))}</a></li>' if has_kit else ""
        sections.append(f"""<section lang="{lang}">
<h2>{escape(messages('title', lang))}</h2>
<ul>
<li><a href="book/{lang}/index.html">{escape(messages('book', lang))}</a></li>
<li><a href="slides/{lang}/index.html">{escape(messages('slides', lang))}</a></li>
{kit}</ul>
<p><small>{escape(messages('index_intro', lang))}</small></p>
</section>""")
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(messages('title', 'zh-CN'))} · {escape(messages('title', 'en'))}</title>
<link rel="stylesheet" href="slides/assets/crm-index.css"></head>
<body>
<h1>{escape(messages('title', 'zh-CN'))} · {escape(messages('title', 'en'))}</h1>
{''.join(sections)}
</body></html>
"""


def publish(out: Path, kit: bool = False) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    work = out / ".work"
    for lang in LANGUAGES:
        build_book.build(lang, out / "book" / lang, work)
        print(f"book ({lang}): {out / 'book' / lang / 'index.html'}", flush=True)
    if (out / "slides").exists():
        shutil.rmtree(out / "slides")
    decks = build_slides.build(out / "slides")
    print(f"slides: {len(decks)} decks in {out / 'slides'}", flush=True)
    has_kit, kit_href = kit and KIT.is_file(), "kit/"
    if not has_kit:
        shutil.rmtree(out / "kit", ignore_errors=True)  # never leave an earlier kit in a student site
    if has_kit:
        subprocess.run([sys.executable, str(KIT), "--out", str(out / "kit")], check=True, cwd=ROOT)
        if (out / "kit" / "index.html").is_file():
            kit_href = "kit/index.html"
    shutil.rmtree(work, ignore_errors=True)
    (out / "index.html").write_text(index_page(has_kit, kit_href), encoding="utf-8")
    print(f"{out / 'index.html'}  (python3 -m http.server -d {out.name})", flush=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "_publish")
    parser.add_argument("--kit", action="store_true",
                        help="also build the instructor's kit (suggested answers) into <out>/kit/: "
                             "for the instructor's own copy, not for a site students can read")
    args = parser.parse_args(argv)
    publish(args.out.resolve(), kit=args.kit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
