"""Sphinx configuration of the course book, one language per build (tools/build_book.py sets
CRM_BOOK_LANG and stages that language's editions as the source folder)."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from crm_book import LANG, OTHER, jupyter_slug, text  # noqa: E402

project = text("title")
author = ""
copyright = ""
language = {"zh-CN": "zh_CN", "en": "en"}[LANG]
html_search_language = "zh" if LANG == "zh-CN" else "en"
root_doc = "index"
html_title = f"{text('title')} · {text('book')}"

extensions = ["myst_nb", "sphinx.ext.mathjax", "crm_book"]
exclude_patterns = ["_crm_static", "**.ipynb_checkpoints", "_build"]
templates_path = ["_templates"]

# The editions are already executed (tools/build_notebooks.py): read them, never run them.
nb_execution_mode = "off"
nb_ipywidgets_js = {}  # the editions hold no widget state; load no widget script from a CDN
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "html_image"]
myst_heading_anchors = 3
myst_heading_slug_func = jupyter_slug  # "#Review-quiz" links written for JupyterLab keep working
suppress_warnings = ["config.cache", "myst.header", "mystnb.unknown_mime_type", "misc.highlighting_failure", "myst.xref_missing"]

# Served from the book itself (tools/build_book.py copies MathJax from book/node_modules).
mathjax_path = "mathjax/tex-chtml.js"
mathjax3_config = {"tex": {"inlineMath": [["\\(", "\\)"]], "displayMath": [["\\[", "\\]"]]}}

html_theme = "sphinx_book_theme"
html_css_files = ["crm-book.css"]
html_copy_source = True
html_sourcelink_suffix = ""
html_last_updated_fmt = None
html_theme_options = {
    "use_download_button": True,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "use_issues_button": False,
    "use_edit_page_button": False,
    "launch_buttons": {},
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "navigation_with_keys": False,
    "announcement": "",
    "footer_content_items": [],
    # the language switch (book/_templates/crm-lang-switch.html) in every page's header
    "article_header_end": ["crm-lang-switch.html", "article-header-buttons.html"],
}
html_context = {"crm_lang": LANG, "crm_other": OTHER}
