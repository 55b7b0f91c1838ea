"""Notebook prose that quotes a seed's answer key must agree with the question bank.

The course sources sometimes cite a true/false question from the course files and say what
the file's answer key marks it ("资料 `003` 的一道判断题……资料给的答案是“错”"). The question banks
(`crmlib/course/questions/*.toml`) hold every such question with the seed's own key in its
``source`` field ("原答案 F") and the course's answer in ``answer``. Two checks:

1. **Explicit marker.** Prose that quotes a key names the item in backticks, e.g.
   ``(item `exam.sys-tf16` of the question bank, marked "false" there)`` or
   ``（题库 `exam.sys-tf16`，资料给的答案是“错”）``. The key phrase that follows the id in the same
   paragraph must equal the seed's key recorded in the bank (its ``原答案``, else its answer),
   and the id must exist.
2. **Unmarked quotes.** A quoted statement followed by ``(true)``/``(false)`` or ``（对）``/``（错）``
   (or （正确）/（错误）) is matched against the prompts of the banks' true/false questions; where
   it matches one clearly (the quote is contained in the prompt, or nearly equal to it) the key
   must agree as well.

A negative case proves each check fails on a wrong key.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT / "crmlib" / "course" / "questions"
SOURCES = ROOT / "source"

_ID = re.compile(r"`((?:exam|ch\d\d)\.[A-Za-z0-9_-]+)`")
# Key phrases that state what the seed's answer key marks an item.
_KEY_PHRASES = [
    (re.compile(r"答案(?:是|为|标为|给的是)“(对|错|正确|错误)”"), {"对": True, "正确": True, "错": False, "错误": False}),
    (re.compile(r"(?:marked|marks it|answer is|key is|key says) \"(true|false)\""), {"true": True, "false": False}),
]
_QUOTE_EN = re.compile(r"\"([^\"]{6,240})\" \((true|false)\b")
_QUOTE_ZH = re.compile(r"“([^”]{4,240})”（(对|错|正确|错误)")
_ZH_KEY = {"对": True, "正确": True, "错": False, "错误": False}
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)


def load_true_false() -> dict[str, dict]:
    """Every true/false item of every bank: id -> {"seed_key", "zh", "en"}."""
    items: dict[str, dict] = {}
    for path in sorted(QUESTIONS.glob("*.toml")):
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        for q in data.get("questions", []):
            if q.get("type") != "true_false":
                continue
            m = re.search(r"原答案\s*([TF])", q.get("source", ""))
            seed_key = (m.group(1) == "T") if m else bool(q["answer"])
            items[q["id"]] = {"seed_key": seed_key, "zh": q["prompt"]["zh-CN"], "en": q["prompt"]["en"]}
    return items


def _norm(text: str) -> str:
    return _PUNCT.sub("", text).lower()


def _paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text) if p.strip()]


def marked_claims(paragraph: str) -> list[tuple[str, bool]]:
    """(item id, key stated) for every id in backticks followed, in the same paragraph and
    within 120 characters, by a key phrase."""
    out = []
    for m in _ID.finditer(paragraph):
        tail = paragraph[m.end() : m.end() + 120]
        hits = [(h.start(), table[h.group(1)]) for rx, table in _KEY_PHRASES for h in rx.finditer(tail)]
        if hits:
            out.append((m.group(1), min(hits)[1]))
    return out


def quoted_claims(paragraph: str) -> list[tuple[str, str, bool]]:
    """(language, quoted statement, key stated) for quotes followed by a true/false mark."""
    out = [("en", m.group(1), m.group(2) == "true") for m in _QUOTE_EN.finditer(paragraph)]
    out += [("zh", m.group(1), _ZH_KEY[m.group(2)]) for m in _QUOTE_ZH.finditer(paragraph)]
    return out


def match_item(lang: str, quote: str, items: dict[str, dict]) -> str | None:
    """The bank item whose prompt clearly is the quoted statement, or None."""
    q = _norm(quote)
    if len(q) < 4:
        return None
    best, best_ratio = None, 0.0
    for item_id, item in items.items():
        prompt = _norm(item[lang])
        if q in prompt and len(q) >= 0.5 * len(prompt):
            return item_id
        ratio = difflib.SequenceMatcher(None, q, prompt).ratio()
        if ratio > best_ratio:
            best, best_ratio = item_id, ratio
    return best if best_ratio >= 0.85 else None


def problems(text: str, items: dict[str, dict], where: str = "") -> list[str]:
    """Every disagreement between quoted keys in ``text`` and the banks."""
    found = []
    for para in _paragraphs(text):
        for item_id, key in marked_claims(para):
            if item_id not in items:
                found.append(f"{where}: `{item_id}` is not a true/false item of any question bank")
            elif items[item_id]["seed_key"] != key:
                found.append(f"{where}: `{item_id}` quoted as {key}, the seed's key in the bank is {items[item_id]['seed_key']}")
        for lang, quote, key in quoted_claims(para):
            item_id = match_item(lang, quote, items)
            if item_id is not None and items[item_id]["seed_key"] != key:
                found.append(f"{where}: \"{quote}\" quoted as {key}, but `{item_id}` has seed key {items[item_id]['seed_key']}")
    return found


@pytest.fixture(scope="module")
def items() -> dict[str, dict]:
    return load_true_false()


def test_the_banks_hold_the_cited_item(items):
    # The item chapter 3 cites: seed 003, "CRM system" true/false set, item 16, key F.
    assert items["exam.sys-tf16"]["seed_key"] is False
    assert "无限" in items["exam.sys-tf16"]["zh"]


def test_every_source_quotes_seed_keys_as_the_bank_records_them(items):
    found, claims = [], 0
    for path in sorted(SOURCES.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        found += problems(text, items, str(path.relative_to(ROOT)))
        claims += sum(len(marked_claims(p)) for p in _paragraphs(text))
    assert found == []
    # Chapter 3 cites exam.sys-tf16 in both languages: the scan must have seen both.
    assert claims >= 2


def test_a_wrong_marked_key_is_caught(items):
    zh = "资料 `003` 的一道判断题（题库 `exam.sys-tf16`，资料给的答案是“对”）说：……"
    en = 'A true/false question in file `003` (item `exam.sys-tf16` of the question bank, marked "true" there) says ...'
    assert len(problems(zh, items)) == 1 and len(problems(en, items)) == 1
    right = zh.replace("“对”", "“错”") + "\n\n" + en.replace('"true"', '"false"')
    assert problems(right, items) == []


def test_an_unknown_item_id_is_caught(items):
    assert problems('item `exam.no-such-item`, marked "false" there', items) != []


def test_a_wrong_unmarked_quote_is_caught(items):
    prompt = items["exam.sys-tf16"]["zh"]
    wrong = f"资料里的判断题：“{prompt}”（对）。"
    assert len(problems(wrong, items)) == 1
    assert problems(wrong.replace("（对）", "（错）"), items) == []
