"""The language catalogue: every key in both languages, placeholders that agree, no key used
in code or notebook sources that the catalogue lacks."""

import re
import string
from pathlib import Path

import pandas as pd
import pytest

from crmlib import i18n

ROOT = Path(__file__).resolve().parent.parent


def _fields(text: str) -> set[str]:
    return {name.split("!")[0].split(":")[0] for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_has_both_languages_and_the_same_placeholders():
    problems = []
    for key, entry in i18n.catalogue().items():
        for lang in i18n.LANGUAGES:
            if not entry.get(lang, "").strip():
                problems.append(f"{key}: no {lang} text")
        if all(lang in entry for lang in i18n.LANGUAGES):
            if _fields(entry["zh-CN"]) != _fields(entry["en"]):
                problems.append(f"{key}: placeholders differ {_fields(entry['zh-CN'])} vs {_fields(entry['en'])}")
        extra = set(entry) - set(i18n.LANGUAGES)
        if extra:
            problems.append(f"{key}: unknown language(s) {extra}")
    assert not problems, "\n".join(problems)


KEY_CALL = re.compile(r"""\b(?:t|_t|tr|crmlib\.t|i18n\.t)\(\s*f?["']([a-z0-9_]+(?:\.[A-Za-z0-9_{}]+)+)["']""")
KEY_ARG = re.compile(r"""\b(?:float_slider|int_slider|dropdown|labels|localize|_fail)\(\s*f?["']([a-z0-9_.{}]+)["']""")


def _used_keys() -> set[tuple[str, str]]:
    used = set()
    files = list((ROOT / "crmlib").rglob("*.py")) + list((ROOT / "source").rglob("*.md"))
    for path in files:
        text = path.read_text(encoding="utf-8")
        for m in KEY_CALL.finditer(text):
            used.add((m.group(1), str(path.relative_to(ROOT))))
    return used


def test_every_literal_key_used_in_code_exists():
    cat = i18n.catalogue()
    missing = []
    for key, where in sorted(_used_keys()):
        if key.count("{") != key.count("}"):
            continue  # an f-string with quotes inside its braces: too dynamic to check statically
        if "{" in key:  # an f-string key: check that some key has this shape
            pattern = re.compile("^" + re.sub(r"\\\{[^}]*\\\}", "[^.]+", re.escape(key)) + "$")
            if not any(pattern.match(k) for k in cat):
                missing.append(f"{key} (pattern) in {where}")
        elif key not in cat and not any(k.startswith(key + ".") for k in cat):
            missing.append(f"{key} in {where}")
    assert not missing, "keys used but not in the catalogue:\n" + "\n".join(missing)


def test_key_scanner_sees_real_keys():
    # Guard against a scanner that silently finds nothing.
    keys = {k for k, _ in _used_keys()}
    assert {"funnel.title", "retention.axis_year"} <= keys


def test_language_switch_and_errors():
    i18n.set_language("en")
    assert i18n.t("funnel.stage.advocate") == "Advocate"
    i18n.set_language("zh-CN")
    assert i18n.t("funnel.stage.advocate") == "拥护者"
    with pytest.raises(i18n.CatalogueError, match="no catalogue entry 'nope.nothing'"):
        i18n.t("nope.nothing")
    with pytest.raises(ValueError, match="language must be one of"):
        i18n.set_language("fr")


def test_localize_refuses_an_untranslated_header():
    with pytest.raises(i18n.CatalogueError, match="columns.not_a_header"):
        i18n.localize(pd.DataFrame({"not_a_header": [1]}))
