"""The instructor's kit (tools/build_kit.py): complete, up to date, and kept out of the learners' editions.

Every chapter and case (source/chapters/*.md, source/cases/*.md) has a guide with the required
sections in both languages and a suggested answer to each of its end-of-chapter questions; the
syllabus, the rubrics and the glossary hold what they promise; no learner edition links to or
ships instructor material.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import build_kit as bk  # noqa: E402

LANGS = bk.LANGUAGES
UNITS = bk.units()
CJK = re.compile(r"[\u4e00-\u9fff]")


def _built(name: str, lang: str) -> str:
    path = bk.OUT / lang / name
    assert path.is_file(), f"{path.relative_to(ROOT)} is missing: run .venv-dev/bin/python tools/build_kit.py"
    return path.read_text(encoding="utf-8")


def _section(text: str, heading: str) -> str:
    found = dict(bk.sections(text))
    assert heading in found, f"no '## {heading}' section"
    return found[heading]


# --- the whole kit ----------------------------------------------------------------------------


def test_the_kit_is_built_and_up_to_date():
    problems = bk.stale()
    assert not problems, "run `.venv-dev/bin/python tools/build_kit.py`:\n" + "\n".join(problems)


def test_the_unit_list_comes_from_the_sources():
    # the guides follow whatever chapters and cases exist: 9 chapters and 4 cases today
    assert ("chapters", "01_foundations") in UNITS and ("cases", "rice_shop") in UNITS
    assert len([u for u in UNITS if u[0] == "chapters"]) == len(list((ROOT / "source" / "chapters").glob("*.md")))


@pytest.mark.parametrize("name", ["syllabus.md", "rubrics.md", "glossary.md", "guide.md"])
def test_the_kit_documents_exist_in_both_languages(name):
    assert CJK.search(_built(name, "zh-CN")), f"instructor/zh-CN/{name} has no Chinese"
    prose_en = "\n".join(line for line in _built(name, "en").splitlines() if not line.startswith("|"))
    assert not CJK.search(prose_en), f"instructor/en/{name}: Chinese outside a table"  # the glossary's tables hold Chinese terms


def test_every_link_of_the_built_kit_resolves():
    broken = []
    for lang in LANGS:
        for path in sorted((bk.OUT / lang).glob("*.md")):
            for target in bk.local_links(path.read_text(encoding="utf-8")):
                if not (path.parent / target).exists():
                    broken.append(f"{path.relative_to(ROOT)} -> {target}")
    assert not broken, "\n".join(broken)


def test_the_index_lists_every_guide():
    for lang in LANGS:
        links = set(bk.local_links(_built("guide.md", lang)))
        missing = [bk.guide_name(name) for _, name in UNITS if bk.guide_name(name) not in links]
        missing += [n for n in ("syllabus.md", "rubrics.md", "glossary.md") if n not in links]
        assert not missing, f"instructor/{lang}/guide.md does not link to {missing}"


# --- one guide per chapter and case -------------------------------------------------------------


@pytest.mark.parametrize(("area", "name"), UNITS, ids=[n for _, n in UNITS])
def test_every_chapter_and_case_has_a_guide(area, name):
    path = bk.SOURCE / bk.guide_name(name)
    assert path.is_file(), f"source/{area}/{name}.md has no guide: write source/instructor/{bk.guide_name(name)}"


@pytest.mark.parametrize(("area", "name"), UNITS, ids=[n for _, n in UNITS])
@pytest.mark.parametrize("lang", LANGS)
def test_a_guide_has_the_sections_in_order(area, name, lang):
    if not (bk.SOURCE / bk.guide_name(name)).is_file():
        pytest.skip("no guide yet (test_every_chapter_and_case_has_a_guide fails)")
    text = _built(bk.guide_name(name), lang)
    headings = [h for h, _ in bk.sections(text)]
    required = list(bk.GUIDE_SECTIONS[lang])
    at = [headings.index(h) if h in headings else -1 for h in required]
    assert -1 not in at and at == sorted(at), (
        f"instructor/{lang}/{bk.guide_name(name)}: the ## sections must include {required} in this order; found {headings}")
    for heading, body in bk.sections(text):
        if heading in required:
            assert len(body) > 80, f"{bk.guide_name(name)} ({lang}): section '{heading}' is nearly empty"
    misconceptions, prompts = required[3], required[4]
    assert bk.list_items(_section(text, misconceptions)) >= bk.MIN_ITEMS["misconceptions"], (name, lang, misconceptions)
    assert bk.list_items(_section(text, prompts)) >= bk.MIN_ITEMS["prompts"], (name, lang, prompts)


@pytest.mark.parametrize(("area", "name"), UNITS, ids=[n for _, n in UNITS])
@pytest.mark.parametrize("lang", LANGS)
def test_every_end_of_chapter_question_has_a_suggested_answer(area, name, lang):
    if not (bk.SOURCE / bk.guide_name(name)).is_file():
        pytest.skip("no guide yet (test_every_chapter_and_case_has_a_guide fails)")
    questions = bk.edition_questions(area, name, lang)
    assert questions, f"{area}/{lang}/{name}.ipynb: no numbered questions found under its questions heading"
    answers = bk.answer_numbers(_section(_built(bk.guide_name(name), lang), bk.GUIDE_SECTIONS[lang][2]))
    missing = sorted(set(questions) - set(answers))
    assert not missing, (
        f"instructor/{lang}/{bk.guide_name(name)}: no suggested answer to question(s) {missing} of {area}/{lang}/{name}.ipynb "
        "(write each as '### <n> ...' or a numbered item '<n>. ...')")
    assert not set(answers) - set(questions), f"answers to questions the chapter does not have: {set(answers) - set(questions)}"


@pytest.mark.parametrize(("area", "name"), UNITS, ids=[n for _, n in UNITS])
@pytest.mark.parametrize("lang", LANGS)
def test_a_guide_links_to_its_editions_exercises_and_solutions(area, name, lang):
    if not (bk.SOURCE / bk.guide_name(name)).is_file():
        pytest.skip("no guide yet (test_every_chapter_and_case_has_a_guide fails)")
    links = {re.sub(r"#.*$", "", t) for t in bk.local_links(_section(_built(bk.guide_name(name), lang), bk.GUIDE_SECTIONS[lang][5]))}
    wanted = {f"../../{area}/{lang}/{name}.ipynb", f"../../exercises/{lang}/{name}.ipynb",
              f"../../exercises/solutions/{lang}/{name}.ipynb"}
    assert wanted <= links, f"instructor/{lang}/{bk.guide_name(name)}: Links lacks {sorted(wanted - links)}"


# --- the question counter reads the real editions -----------------------------------------------


def test_the_question_reader_finds_chapter_one_questions():
    # chapter 1 ends with five questions in both languages (source/chapters/01_foundations.md, "## 思考题")
    assert bk.edition_questions("chapters", "01_foundations", "zh-CN") == [1, 2, 3, 4, 5]
    assert bk.edition_questions("chapters", "01_foundations", "en") == [1, 2, 3, 4, 5]


def test_a_guide_missing_an_answer_is_caught():
    body = "1. First answer.\n\n2. Second answer.\n\n### 4 Fourth\n\ntext"
    assert set([1, 2, 3, 4]) - set(bk.answer_numbers(body)) == {3}


def test_a_malformed_kit_source_is_rejected(tmp_path):
    head = "---\njupytext:\n  text_representation:\n    format_name: myst\n---\n\n"
    lone = tmp_path / "lone.md"
    lone.write_text(head + '+++ {"lang": "zh-CN"}\n\n# 标题\n', encoding="utf-8")
    with pytest.raises(bk.KitError, match="not followed by its other language"):
        bk.read_kit_source(lone)
    code = tmp_path / "code.md"
    code.write_text(head + '+++ {"lang": "zh-CN"}\n\n# 标题\n\n+++ {"lang": "en"}\n\n# Title\n\n'
                    "```{code-cell} ipython3\n1 + 1\n```\n", encoding="utf-8")
    with pytest.raises(bk.KitError, match="prose only"):
        bk.read_kit_source(code)


# --- syllabus -------------------------------------------------------------------------------------


def _table(body: str) -> list[list[str]]:
    rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in body.splitlines() if line.startswith("|")]
    return [r for r in rows[2:]] if len(rows) > 2 else []


def _numbers(cell: str) -> list[float]:
    return [float(x) for x in re.findall(r"\d+(?:\.\d+)?", cell)]


@pytest.mark.parametrize("lang", LANGS)
def test_the_syllabus_covers_every_chapter_and_case_over_16_weeks(lang):
    text = _built("syllabus.md", lang)
    weekly = next(b for h, b in bk.sections(text) if h.startswith(("教学进度", "Week by week")))
    rows = _table(weekly)
    weeks = sorted({int(w) for r in rows for w in re.findall(r"\d+", r[0])})
    assert weeks == list(range(1, 17)), f"weeks {weeks}"
    links = set(bk.local_links(weekly))
    for area, name in UNITS:
        assert f"../../{area}/{lang}/{name}.ipynb" in links, f"the weekly plan never uses {area}/{name}"
    for marker in ("BG/NBD", "Gamma-Gamma", "Kaplan–Meier", "Logit"):
        assert marker.lower() in text.lower(), marker
    assert "18" in text and "../../capstone/" in text


@pytest.mark.parametrize("lang", LANGS)
def test_the_syllabus_hours_and_weights_add_up(lang):
    text = _built("syllabus.md", lang)
    hours = next(b for h, b in bk.sections(text) if h.startswith(("学时分配", "Hours")))
    rows = _table(hours)
    body, total = rows[:-1], rows[-1]
    for col in (1, 2, 3):  # lecture, lab, total
        assert sum(_numbers(r[col])[0] for r in body) == _numbers(total[col])[0], f"hours column {col} does not add up"
    for r in rows:
        assert _numbers(r[1])[0] + _numbers(r[2])[0] == _numbers(r[3])[0], r
    assert _numbers(total[3])[0] == 48  # 16 weeks x 3 hours
    weights = next(b for h, b in bk.sections(text) if h.startswith(("考核", "Assessment")))
    assert sum(_numbers(r[1])[0] for r in _table(weights)) == 100


# --- rubrics --------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_capstone_rubric_matches_the_learners_rubric(lang):
    """The kit's capstone rubric gives each criterion the points of capstone/rubric_<lang>.md."""
    learner = (ROOT / "capstone" / f"rubric_{lang}.md").read_text(encoding="utf-8")
    points = [int(p) for p in re.findall(r"^\|\s*\*\*\d+\.[^|]*?[（(](\d+)", learner, re.M)]
    assert sum(points) == 100
    kit = _built("rubrics.md", lang)
    capstone = next(b for h, b in bk.sections(kit) if "capstone" in h.lower() or "结业" in h)
    kit_points = [int(_numbers(r[1])[0]) for r in _table(capstone) if r and re.match(r"\d", r[1])]
    assert kit_points == points
    assert f"../../capstone/rubric_{lang}.md" in bk.local_links(kit)


@pytest.mark.parametrize("lang", LANGS)
def test_every_rubric_has_levels_that_add_up(lang):
    kit = _built("rubrics.md", lang)
    for heading, body in bk.sections(kit):
        rows = _table(body)
        if not rows or "capstone" in heading.lower() or "结业" in heading:
            continue
        tops = [_numbers(r[1])[-1] for r in rows if _numbers(r[1])]  # criterion | points | levels...
        assert tops and sum(tops) in (5, 10, 20, 100), (heading, tops)


# --- glossary -------------------------------------------------------------------------------------


def test_the_glossary_is_generated_from_the_catalogue():
    from crmlib import i18n

    rows = bk.glossary_rows()
    assert len(rows) >= 60
    terms = {r["zh-CN"] for r in rows}
    for term in ("客户关系管理（CRM）", "客户让渡价值", "客户终身价值（CLV）", "流失预警"):
        assert term in terms
    assert any(r["zh-CN"].startswith("RFM") for r in rows)
    cat = i18n.catalogue()
    zh = _built("glossary.md", "zh-CN")
    en = _built("glossary.md", "en")
    for term in bk.glossary_terms():
        entry = cat[f"glossary.term.{term}"]
        assert f"| {entry['zh-CN']} | {entry['en']} |" in zh and f"| {entry['en']} | {entry['zh-CN']} |" in en, term


def test_a_changed_catalogue_makes_the_glossary_stale(monkeypatch):
    from crmlib import i18n

    real_t, real_terms = i18n.t, bk.glossary_terms
    with i18n.language("en"):
        churn = real_t("glossary.term.churn")
    # a reworded English term ("churn" -> "customer churn", which chapter 8 uses)
    monkeypatch.setattr(i18n, "t", lambda key, **kw: "customer churn" if key == "glossary.term.churn" and i18n.get_language() == "en"
                        else real_t(key, **kw))
    assert churn != "customer churn"
    assert {"source/instructor/glossary.md: out of date (run tools/build_kit.py)"} <= set(bk.stale())
    monkeypatch.setattr(i18n, "t", real_t)
    monkeypatch.setattr(bk, "glossary_terms", lambda: list(reversed(real_terms())))  # the terms reordered
    assert any(p.startswith("source/instructor/glossary.md") for p in bk.stale())


def test_a_term_the_course_never_uses_is_refused(monkeypatch):
    monkeypatch.setattr(bk, "glossary_terms", lambda: ["crm", "nonsense"])
    from crmlib import i18n

    real = i18n.t
    monkeypatch.setattr(i18n, "t", lambda key, **kw: "量子纠缠营销" if key == "glossary.term.nonsense" else real(key, **kw))
    with pytest.raises(bk.KitError, match="nonsense"):
        bk.glossary_rows()


# --- kept out of the learners' editions -----------------------------------------------------------


def _learner_files() -> list[Path]:
    files = [ROOT / f"home_{lang}.ipynb" for lang in LANGS]
    for area in ("chapters", "cases", "exam", "capstone"):
        files += sorted((ROOT / area).rglob("*.ipynb")) + sorted((ROOT / area).rglob("*.md"))
    for lang in LANGS:
        files += sorted((ROOT / "exercises" / lang).glob("*.ipynb"))
    return [f for f in files if f.is_file()]


def test_no_learner_edition_links_to_or_holds_instructor_material():
    kit_names = {p.name for p in bk.kit_sources()} | {p.stem + ".html" for p in bk.kit_sources()}
    found = []
    for path in _learner_files():
        if path.name in kit_names or "instructor" in path.relative_to(ROOT).parts:
            found.append(f"{path.relative_to(ROOT)}: an instructor file among the learner editions")
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".ipynb":
            nb = json.loads(text)
            text = "\n".join("".join(c["source"]) for c in nb["cells"])
        for m in re.finditer(r"instructor/|guide_[0-9a-z_]+\.md|source/instructor", text):
            found.append(f"{path.relative_to(ROOT)}: mentions {m.group(0)}")
    assert len(_learner_files()) > 50
    assert not found, "\n".join(found)


def test_the_learner_workspace_receives_no_instructor_file():
    spec = importlib.util.spec_from_file_location("course_for_kit", ROOT / "course.py")
    course = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = course  # dataclasses look their module up here
    spec.loader.exec_module(course)
    shipped = course.course_files(ROOT)
    assert shipped and not [p for p in shipped if p.startswith("instructor/") or "guide_" in p]


# --- the published HTML kit -----------------------------------------------------------------------


def test_the_html_kit_links_only_to_itself_and_the_book(tmp_path):
    out = tmp_path / "kit"
    pages = bk.build_html(out)
    assert (out / "index.html") in pages
    assert {p.parent.name for p in pages if p.name != "index.html"} == set(LANGS)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"""(?:src|href)=["'](?:https?:)?//""", text), f"{page.name} loads from another site"
        assert "solutions/" not in re.sub(r"<code>[^<]*</code>", "", text), f"{page.name} links to the solutions"
        for target in re.findall(r'href="([^"#]+)', text):
            where = (page.parent / target).resolve()
            if (tmp_path / "book") in where.parents:  # the book beside the kit: its page for an existing edition
                rel = where.relative_to(tmp_path / "book")
                lang, inner = rel.parts[0], Path(*rel.parts[1:])
                assert (ROOT / inner.with_suffix(".ipynb")).is_file() or (ROOT / inner.with_suffix(".md")).is_file(), target
                assert lang in LANGS
            else:
                assert where.is_file(), f"{page.relative_to(tmp_path)} -> {target}"


def test_the_builder_doctests():
    import doctest

    result = doctest.testmod(bk)
    assert result.attempted >= 8 and result.failed == 0
