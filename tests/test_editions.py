"""The zh-CN and English editions are built from one source and cannot drift."""

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import build_notebooks as bn  # noqa: E402

SOURCES = bn.all_sources()


def test_there_are_sources_and_editions():
    assert ROOT / "source" / "home.md" in SOURCES
    assert ROOT / "source" / "chapters" / "01_foundations.md" in SOURCES


def test_every_edition_is_up_to_date_with_its_source():
    problems = bn.stale_editions()
    assert not problems, "rebuild with `python course.py build`:\n" + "\n".join(problems)


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_both_editions_share_the_same_code(source):
    eds = [e for e in bn.editions_of(source) if e.kind != "student"]
    code = {}
    for e in eds:
        nb = json.loads(e.path.read_text(encoding="utf-8"))
        cells = [c for c in nb["cells"] if c["cell_type"] == "code" and "setup" not in c["metadata"].get("tags", [])]
        code[e.lang] = ["".join(c["source"]) for c in cells]
        prose = [c for c in nb["cells"] if c["cell_type"] == "markdown"]
        code[e.lang + "-prose"] = len(prose)
    assert code["zh-CN"] == code["en"]
    assert code["zh-CN-prose"] == code["en-prose"]


def test_a_prose_cell_without_its_other_language_is_rejected(tmp_path):
    src = tmp_path / "x.md"
    src.write_text(
        '---\njupytext:\n  text_representation:\n    format_name: myst\n---\n\n'
        '+++ {"lang": "zh-CN"}\n\n# 标题\n\n```{code-cell} ipython3\n1 + 1\n```\n',
        encoding="utf-8",
    )
    with pytest.raises(bn.SourceError, match="not followed by its other language"):
        bn.read_source(src)


def test_an_untagged_prose_cell_is_rejected(tmp_path):
    src = tmp_path / "x.md"
    src.write_text("---\njupytext:\n  text_representation:\n    format_name: myst\n---\n\n# Title only\n", encoding="utf-8")
    with pytest.raises(bn.SourceError, match="has no lang tag"):
        bn.read_source(src)


def test_a_changed_source_makes_its_editions_stale(tmp_path, monkeypatch):
    # Copy chapter 1's source with one sentence changed: the check must report both editions.
    original = ROOT / "source" / "chapters" / "01_foundations.md"
    text = original.read_text(encoding="utf-8").replace("Learning goals", "Learning aims", 1)
    fake_root = tmp_path
    (fake_root / "source" / "chapters").mkdir(parents=True)
    (fake_root / "source" / "chapters" / "01_foundations.md").write_text(text, encoding="utf-8")
    for lang in bn.LANGUAGES:
        dest = fake_root / "chapters" / lang
        dest.mkdir(parents=True)
        (dest / "01_foundations.ipynb").write_bytes((ROOT / "chapters" / lang / "01_foundations.ipynb").read_bytes())
    monkeypatch.setattr(bn, "ROOT", fake_root)
    monkeypatch.setattr(bn, "SOURCE", fake_root / "source")
    problems = bn.stale_editions()
    assert problems == ["chapters/en/01_foundations.ipynb: out of date with source/chapters/01_foundations.md"]


def test_editions_carry_no_volatile_metadata():
    for source in SOURCES:
        for e in bn.editions_of(source):
            nb = json.loads(e.path.read_text(encoding="utf-8"))
            assert "widgets" not in nb["metadata"], e.path
            for cell in nb["cells"]:
                assert "execution" not in cell["metadata"], e.path
                for out in cell.get("outputs", []):
                    assert bn.WIDGET_MIME not in out.get("data", {}), e.path


LINK = re.compile(r"\]\(([^)\s]+)\)")


def _relative_links(nb: dict) -> list[str]:
    out = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        text = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        for target in LINK.findall(text):
            if not re.match(r"^(https?:|mailto:|#)", target):
                out.append(target.split("#")[0])
    return out


def test_every_relative_link_in_an_edition_resolves():
    broken = []
    for source in SOURCES:
        for e in bn.editions_of(source):
            nb = json.loads(e.path.read_text(encoding="utf-8"))
            for target in _relative_links(nb):
                if target and not (e.path.parent / target).exists():
                    broken.append(f"{e.path.relative_to(ROOT)} -> {target}")
    assert not broken, "broken links:\n" + "\n".join(broken)


def test_the_link_scan_sees_links():
    nb = json.loads((ROOT / "home_en.ipynb").read_text(encoding="utf-8"))
    assert "chapters/en/01_foundations.ipynb" in _relative_links(nb)


# --- what the learner reads: money as money, no test scaffolding, no English in zh-CN output ----


def test_the_dollar_check_finds_money_and_keeps_maths():
    assert bn.unescaped_dollars("more than \\$25 a week, \\$30–40 of coupons, US\\$7.6 bn") == []
    assert bn.unescaped_dollars("$$V_c = F_c - C_c$$ and inline $(x - \\min)/(\\max - \\min)$ and `cost = $5`") == []
    assert bn.unescaped_dollars("```\necho $HOME $PATH\n```\ntext") == []
    # the examples: two amounts in one paragraph pair into maths; one alone is still reported
    assert len(bn.unescaped_dollars("every customer who spends more than $25 a week gets $30 to $40")) == 3
    assert len(bn.unescaped_dollars("US$7.6 bn in 1999")) == 1
    assert len(bn.unescaped_dollars("a list costs $0.50.")) == 1
    # a $ that does not close within its paragraph is not maths either
    assert len(bn.unescaped_dollars("$x\n\ny$")) == 2


def test_a_source_with_unescaped_money_is_rejected(tmp_path):
    src = tmp_path / "x.md"
    src.write_text(
        '---\njupytext:\n  text_representation:\n    format_name: myst\n---\n\n'
        '+++ {"lang": "zh-CN"}\n\n每周 25 美元\n\n+++ {"lang": "en"}\n\nspends more than $25 a week\n',
        encoding="utf-8",
    )
    with pytest.raises(bn.SourceError, match=r"\$ that MathJax would read as maths"):
        bn.read_source(src)


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_prose_cell_has_a_dollar_that_mathjax_would_pair(source):
    bn.read_source(source)  # raises SourceError naming the line


def _all_editions():
    return [e for s in SOURCES for e in bn.editions_of(s) if e.path.exists()]


def test_no_edition_shows_an_nbval_comment():
    found = []
    for e in _all_editions():
        nb = json.loads(e.path.read_text(encoding="utf-8"))
        for i, cell in enumerate(nb["cells"]):
            if "NBVAL" in "".join(cell["source"]):
                found.append(f"{e.path.relative_to(ROOT)} cell {i}")
    assert not found, "rebuild these editions; the builder turns # NBVAL_... into cell tags:\n" + "\n".join(found)


def test_pinned_cells_carry_nbval_tags_in_the_editions():
    # every marker a source writes reaches its editions as the tag nbval reads
    for source in SOURCES:
        nb = bn.read_source(source)
        marked = sum("NBVAL_CHECK_OUTPUT" in c.source for c in nb.cells if c.cell_type == "code")
        for e in bn.editions_of(source):
            if not marked or not e.path.exists():
                continue
            ed = json.loads(e.path.read_text(encoding="utf-8"))
            tagged = sum("nbval-check-output" in c["metadata"].get("tags", []) for c in ed["cells"])
            assert tagged == marked, e.path


def test_the_builder_moves_markers_into_tags():
    import nbformat

    cell = nbformat.v4.new_code_cell("# NBVAL_IGNORE_OUTPUT\nfrom x import y\n\ny()")
    bn.nbval_markers_to_tags(cell)
    assert cell.source == "from x import y\n\ny()" and cell.metadata["tags"] == ["nbval-ignore-output"]
    plain = nbformat.v4.new_code_cell("x = 1  # NBVAL_CHECK_OUTPUT is only a marker on a line of its own")
    bn.nbval_markers_to_tags(plain)
    assert "tags" not in plain.metadata and plain.source.startswith("x = 1")


# Two English words in a row ("eligible households: 178 of 400", "stops paying"), or a bare
# True/False: text a zh-CN learner should have read in Chinese. Abbreviations (RFM, NPS, BG/NBD,
# P(alive), US$) and single words in data are not sentences.
ENGLISH = re.compile(r"\b[A-Za-z][a-z]+[ ,:;-]+[a-z]{2,}\b|\b(?:True|False)\b")
HTML_TAG = re.compile(r"<style.*?</style>|<script.*?</script>|<[^>]+>", re.S)


def english_in_outputs(nb: dict) -> list[tuple[int, str]]:
    """(cell, text) for each run of English words in a notebook's outputs (text and HTML, not images)."""
    found = []
    for i, cell in enumerate(nb["cells"]):
        for out in cell.get("outputs", []):
            texts = ["".join(out["text"])] if "text" in out else []
            data = out.get("data", {})
            if any(mime.startswith("image/") for mime in data):
                continue  # a figure: its text/plain ("<Figure size ...>") is never shown
            for mime in ("text/html", "text/markdown", "text/plain"):
                if mime in data:
                    texts.append(HTML_TAG.sub(" ", "".join(data[mime])) if mime == "text/html" else "".join(data[mime]))
                    break  # what the learner sees: HTML when there is HTML
            for text in texts:
                found += [(i, m.group(0)) for m in ENGLISH.finditer(text)]
    return found


def test_the_english_scan_sees_english():
    nb = {"cells": [{"cell_type": "code", "outputs": [
        {"output_type": "stream", "name": "stdout", "text": ["合格家庭\neligible households: 178 of 400\n"]},
        {"output_type": "execute_result", "data": {"text/html": ["<td>是否合格</td><td>False</td>"], "text/plain": ["x"]}},
        {"output_type": "execute_result", "data": {"text/plain": ["RFM 得分 5，NPS = 32，BG/NBD，P(alive)，US$1,234"]}},
        {"output_type": "display_data", "data": {"image/png": "iVBOR", "text/plain": ["<Figure size 720x560 with 1 Axes>"]}},
    ]}]}
    assert english_in_outputs(nb) == [(0, "eligible households"), (0, "False")]


@pytest.mark.parametrize(
    "edition",
    [e for e in _all_editions() if e.lang == "zh-CN" and e.execute],
    ids=lambda e: str(e.path.relative_to(ROOT)),
)
def test_zh_cn_outputs_have_no_english(edition):
    nb = json.loads(edition.path.read_text(encoding="utf-8"))
    found = english_in_outputs(nb)
    assert not found, "English in the outputs of a zh-CN edition (route it through the catalogue):\n" + "\n".join(
        f"cell {i}: {text!r}" for i, text in found
    )


def test_the_builder_writes_escaped_dollars_the_way_jupyterlab_needs_them():
    # MyST/CommonMark \$ in the source; JupyterLab needs \\$ (jupyterlab/jupyterlab#8645)
    assert bn.dollars_for_jupyterlab(r"more than \$25 and \$30, `\$x`, $x_1$") == r"more than \\$25 and \\$30, `\$x`, $x_1$"
    single = re.compile(r"(?<!\\)\\\$")
    for e in _all_editions():
        nb = json.loads(e.path.read_text(encoding="utf-8"))
        for i, cell in enumerate(nb["cells"]):
            if cell["cell_type"] == "markdown":
                text = bn.CODE_SPAN.sub("", bn.FENCE.sub("", "".join(cell["source"])))
                assert not single.search(text), f"{e.path.relative_to(ROOT)} cell {i}: rebuild (\\$ must be \\\\$ in an edition)"
