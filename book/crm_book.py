"""The course book's Sphinx extension: the language switch and the "open the notebook" bar on
every page, the staged style sheets and MathJax, and the book's own words (messages.toml)."""

from __future__ import annotations

import os
import re
import tomllib
from html import escape
from pathlib import Path

HERE = Path(__file__).resolve().parent
LANG = os.environ.get("CRM_BOOK_LANG", "en")
OTHER = {"zh-CN": "en", "en": "zh-CN"}[LANG]
_MESSAGES = tomllib.loads((HERE / "messages.toml").read_text(encoding="utf-8"))


def text(key: str, lang: str = LANG, **values: object) -> str:
    node = _MESSAGES
    for part in key.split("."):
        node = node[part]
    return node[lang].format(**values)


def jupyter_slug(title: str) -> str:
    """The anchor JupyterLab gives a heading: its text with spaces as hyphens (``Review-quiz``)."""
    return re.sub(r"\s+", "-", title.strip())


def other_page(pagename: str, lang: str = LANG) -> str:
    """The same page in the other language's book: every path part named for ``lang`` renamed.

    >>> other_page("chapters/en/01_foundations", "en"), other_page("home_zh-CN", "zh-CN")
    ('chapters/zh-CN/01_foundations', 'home_en')
    """
    other = {"zh-CN": "en", "en": "zh-CN"}[lang]
    parts = []
    for part in pagename.split("/"):
        if part == lang:
            part = other
        elif part.endswith(f"_{lang}"):
            part = part[: -len(lang)] + other
        parts.append(part)
    return "/".join(parts)


def _notebook_bar(pagename: str) -> str:
    """The "open the notebook" bar: a relative link to the notebook beside the page, and how to run it."""
    name = pagename.rsplit("/", 1)[-1] + ".ipynb"
    how = escape(text("open_how", path=f"{pagename}.ipynb"))
    return (f'<div class="crm-bar crm-notebook" lang="{LANG}">{escape(text("notebook"))} '
            f'<a class="crm-notebook-link" href="{name}" download><code>{escape(pagename)}.ipynb</code></a> '
            f'({escape(text("download"))}). <span class="crm-open-how">{how}</span></div>\n')


def _page_context(app, pagename, templatename, context, doctree):
    up = "../" * pagename.count("/")
    context["crm_other_lang"] = OTHER
    context["crm_other_label"] = text("language_name", OTHER)
    context["crm_other_url"] = f"{up}../{OTHER}/{other_page(pagename)}.html"
    if doctree is not None and (Path(app.srcdir) / f"{pagename}.ipynb").is_file():
        context["body"] = _notebook_bar(pagename) + context.get("body", "")


def _add_static(app):
    app.config.html_static_path = [*app.config.html_static_path, str(Path(app.srcdir) / "_crm_static")]


def setup(app):
    app.connect("builder-inited", _add_static)
    app.connect("html-page-context", _page_context)
    if LANG == "zh-CN":
        app.add_js_file("crm-zh-stemmer.js", priority=100)  # before language_data.js (see the file)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
