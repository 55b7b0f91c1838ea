"""Build the case apps for class: one notebook per app and language, served with the code hidden by Voilà.

Each app is one entry of ``APPS``: a name (``python3 course.py app NAME``) and the registered
dashboard it shows (``crmlib.widgets.registry``). Its text comes from the language catalogue,
``crmlib/i18n/locales/apps.toml``: ``apps.<name>.title`` (the heading and the browser tab's title),
``apps.<name>.story`` (the story in a few lines) and ``apps.<name>.look_for`` (what to look for,
a markdown bullet list), written in each language. So one registry entry plus three catalogue keys
make an app, and the two editions cannot drift apart.

An app notebook is: the title and the story, the setup cell (``crmlib.setup("<lang>")``), the
dashboard cell, and "what to look for". Voilà runs it when the page is opened, so the editions are
written without outputs (nothing to execute here, nothing volatile in git). They go to
``apps/<lang>/<name>.ipynb``; the Voilà template that keeps the page offline is in
``apps/template/``.

Usage::

    python tools/build_apps.py            # write every app in both languages
    python tools/build_apps.py --check    # exit 1 if an edition is missing or out of date
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(ROOT))

import nbformat  # noqa: E402

from crmlib import i18n  # noqa: E402
from crmlib.i18n import t  # noqa: E402
from crmlib.widgets import registry  # noqa: E402

LANGUAGES = ("zh-CN", "en")
OUT = ROOT / "apps"


@dataclass(frozen=True)
class App:
    """One app: its name on the command line and the registered dashboard it shows."""

    name: str
    dashboard: str  # a name in crmlib.widgets.registry.DASHBOARDS


APPS: tuple[App, ...] = (
    App("rice_shop", "rice_shop"),
    App("dicks_supermarket", "supermarket"),
    App("d_manager", "d_manager"),
    App("restaurant", "restaurant_case_roi"),
    App("ch01_ladder", "ladder"),
    App("ch03_rfm", "rfm"),
    App("ch04_clv", "clv"),
    App("ch08_winback", "winback"),
    App("ch09_call_centre", "staffing"),
)
"""The apps, cases first, then one main dashboard per chapter."""


def texts(app: App, lang: str) -> dict[str, str]:
    """The catalogue texts of ``app`` in ``lang``: title, story, look_for."""
    with i18n.language(lang):
        return {
            "title": t(f"apps.{app.name}.title"),
            "story": t(f"apps.{app.name}.story"),
            "look_for": t(f"apps.{app.name}.look_for"),
            "heading": t("apps.look_for"),
        }


def app_notebook(app: App, lang: str) -> nbformat.NotebookNode:
    """The app's notebook in ``lang`` (no outputs: Voilà runs it when the page opens)."""
    registry.get(app.dashboard)  # an unknown dashboard fails here, at build time
    text = texts(app, lang)
    cells = [
        nbformat.v4.new_markdown_cell(f"# {text['title']}\n\n{text['story']}"),
        nbformat.v4.new_code_cell(f'import crmlib\n\ncrmlib.setup("{lang}")'),
        nbformat.v4.new_code_cell(f'from crmlib.widgets import registry\n\nregistry.build("{app.dashboard}")'),
        nbformat.v4.new_markdown_cell(f"## {text['heading']}\n\n{text['look_for']}"),
    ]
    for i, cell in enumerate(cells):
        cell["id"] = f"{app.name}-{lang.lower()}-{i}"
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "title": text["title"],  # the page title Voilà shows
        "crm": {"app": app.name, "dashboard": app.dashboard, "lang": lang, "source": "tools/build_apps.py"},
    }
    nb.nbformat, nb.nbformat_minor = 4, 5
    nbformat.validate(nb)
    return nb


def dumps(nb: nbformat.NotebookNode) -> str:
    return json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def editions() -> dict[Path, str]:
    """Every app edition: ``{path: content}``."""
    return {OUT / lang / f"{app.name}.ipynb": dumps(app_notebook(app, lang)) for lang in LANGUAGES for app in APPS}


def stale() -> list[str]:
    """Editions that are missing or differ from what the registry and catalogue build, and stray ones."""
    expected = editions()
    problems = [f"{p.relative_to(ROOT)}: {'out of date' if p.exists() else 'missing'} (python tools/build_apps.py)"
                for p, text in expected.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
    for lang in LANGUAGES:
        for path in sorted((OUT / lang).glob("*.ipynb")):
            if path not in expected:
                problems.append(f"{path.relative_to(ROOT)}: no app of that name in tools/build_apps.py")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only report editions that are missing or out of date")
    args = parser.parse_args(argv)
    if args.check:
        problems = stale()
        for p in problems:
            print(p)
        return 1 if problems else 0
    for path, text in editions().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print("wrote", path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
