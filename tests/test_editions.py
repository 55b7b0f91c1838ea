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
