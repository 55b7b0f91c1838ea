"""Tests for crmlib.course.keys: hashed answer keys accept what the tolerance allows and nothing
farther, hold no expected value in clear, never accept a blank, and give honest feedback on
short answers."""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlib import i18n
from crmlib.course import keys
from crmlib.course.checks import CheckResult
from crmlib.validation import CRMInputError

HINT = {"zh-CN": "回到公式。", "en": "Back to the formula."}
BLANKS = [None, ..., "", "  ", [], set(), pd.DataFrame(), pd.Series(dtype=float)]


@pytest.fixture(autouse=True)
def _english_clean_registry(monkeypatch, en, tmp_path):
    for var in ("NBGRADER_EXECUTION", "CRM_CHECK_STRICT", keys.KEYS_OUT_ENV):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(keys, "KEY_DIR", tmp_path / "keys_data")
    before = dict(keys.SPECS)
    yield
    keys.SPECS.clear()
    keys.SPECS.update(before)


def _sealed_text(task: str) -> str:
    """The key as stored, without its digests and its (public) tolerances and grid steps."""

    def strip(node):
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if k not in ("abs_tol", "rel_tol", "step")}
        if isinstance(node, list):
            return [strip(v) for v in node]
        return "#" if isinstance(node, str) and re.fullmatch(r"[0-9a-f]{24}", node) else node

    return json.dumps(strip(keys.seal(keys.SPECS[task])), ensure_ascii=False)


# ---------------------------------------------------------------------------------------------
# numbers: the grid accepts the tolerance, and at most one grid step more


@settings(max_examples=150, deadline=None)
@given(expected=st.floats(-1e6, 1e6, allow_nan=False), tol=st.floats(1e-4, 100), frac=st.floats(-1, 1))
def test_number_abs_tolerance(expected, tol, frac):
    keys.number("t.abs", expected, abs_tol=tol)
    assert keys.check("t.abs", expected + frac * tol * 0.999).ok
    step = tol / keys.GRID
    assert not keys.check("t.abs", expected + math.copysign(tol + 1.01 * step, frac or 1)).ok


@settings(max_examples=150, deadline=None)
@given(expected=st.floats(0.01, 1e7), sign=st.sampled_from([1, -1]), rel=st.floats(1e-4, 0.2), frac=st.floats(-1, 1))
def test_number_rel_tolerance(expected, sign, rel, frac):
    expected *= sign
    keys.number("t.rel", expected, rel_tol=rel)
    assert keys.check("t.rel", expected * (1 + frac * rel * 0.999)).ok
    assert not keys.check("t.rel", expected * (1 + 1.2 * rel)).ok
    assert not keys.check("t.rel", expected * (1 - 1.2 * rel)).ok
    assert not keys.check("t.rel", -expected).ok


def test_number_exact_integers_and_known_values():
    # D-manager task 1: 17,560 yuan (hand calculation in source/exercises/d_manager.md); exact.
    keys.number("t.exact", 17_560, abs_tol=0)
    assert keys.check("t.exact", 17560).ok and keys.check("t.exact", 17560.0).ok
    assert keys.check("t.exact", np.int64(17560)).ok
    assert not keys.check("t.exact", 17561).ok and not keys.check("t.exact", 17560.4).ok
    # 2,020 / 12,000 = 0.16833 (chapter 7 task 6), within ±0.002
    keys.number("t.q6", 2020 / 12000, abs_tol=0.002)
    assert keys.check("t.q6", 0.17).ok and keys.check("t.q6", 0.168).ok
    assert not keys.check("t.q6", 0.1706).ok  # beyond ±0.002 and the grid step (0.0002)


@settings(max_examples=100, deadline=None)
@given(expected=st.floats(-1e6, 1e6, allow_nan=False).filter(lambda x: abs(x) > 1e-3), tol=st.sampled_from([0, 0.001, 0.5, 5.0]))
def test_number_key_holds_no_value_in_clear(expected, tol):
    keys.number("t.hide", expected, abs_tol=tol)
    text = _sealed_text("t.hide")
    for digits in range(0, 5):
        form = f"{expected:.{digits}f}"
        if len(form.strip("-0.")) >= 2:
            assert form not in text
    assert repr(expected) not in text


# ---------------------------------------------------------------------------------------------
# choices, sets, tables


def test_choice_and_set_keys_are_hashed():
    keys.choice("t.c", "B_quality", options=None, hint=HINT)
    assert "B_quality" not in _sealed_text("t.c").replace("b_quality", "")
    assert "quality" not in _sealed_text("t.c")
    assert keys.check("t.c", " b_quality ").ok and not keys.check("t.c", "A_active").ok
    keys.task_set("t.s", ["K1", "K3"], options=["K1", "K2", "K3"], hint=HINT)
    sealed = keys.seal(keys.SPECS["t.s"])
    assert sealed["options"] == ["K1", "K2", "K3"] and "expected" not in sealed
    assert keys.check("t.s", ["K3", "K1"]).ok
    result = keys.check("t.s", ["K1", "K2"])
    assert not result.ok and "you picked 2; 1 of them are right and 1 correct option(s) are missing" in result.message
    keys.choice("t.b", False, options=[True, False])
    assert keys.check("t.b", False).ok and not keys.check("t.b", True).ok
    assert "True or False" in keys.check("t.b", "False").message


def test_wrong_options_get_the_same_feedback():
    # The feedback for a wrong option must not depend on which wrong option: it cannot point at the right one.
    keys.choice("t.w", "C", options="ABCD", hint=HINT)
    messages = {keys.check("t.w", x).message for x in "ABD"}
    assert len(messages) == 1 and "C" not in messages.pop().replace("Back", "")


def test_table_key_compares_cells_by_hash():
    ref = pd.DataFrame({"stage": ["lead", "won"], "customers": [80, 10], "rate": [np.nan, 0.125]})
    keys.table("t.t", ref, abs_tol=0.001, hint=HINT)
    text = _sealed_text("t.t")
    assert "lead" not in text and "0.125" not in text and "80" not in text
    assert keys.check("t.t", ref.assign(rate=[np.nan, 0.1252])).ok
    assert keys.check("t.t", ref.set_index("stage")).ok  # a named index counts as a column
    wrong = keys.check("t.t", ref.assign(customers=[80, 11]))
    assert not wrong.ok and "column customers" in wrong.message and "row 1" in wrong.message
    assert "missing column(s): rate" in keys.check("t.t", ref.drop(columns="rate")).message
    assert not keys.check("t.t", ref.iloc[:1]).ok
    assert not keys.check("t.t", ref.assign(stage=["lead", "lost"])).ok


# ---------------------------------------------------------------------------------------------
# short answers


IDEAS = [
    {"zh-CN": "数值并列", "en": "tied values", "words": ["并列", "tie", "same"]},
    {"zh-CN": "区分力", "en": "telling households apart", "words": ["区分", "discriminat", "apart"]},
]


def test_text_names_found_and_missing_ideas_never_correct_and_points_to_the_model_answer(tmp_path):
    keys.KEY_DIR.mkdir()
    (keys.KEY_DIR / "t.json").write_text(json.dumps({"notebook": "03_x", "tasks": {}}), encoding="utf-8")
    keys.keywords("t.k", IDEAS, hint=HINT)
    half = keys.check("t.k", "Most households share the same number of weeks, so they tie.")
    assert not half.ok and half.found == ("tied values",) and half.missing == ("telling households apart",)
    assert "Still missing: telling households apart" in half.message and "Back to the formula." in half.message
    assert "exercises/solutions/en/03_x.ipynb" in half.message
    full = keys.check("t.k", "Most households tie on the same week, so recency cannot tell them apart here.")
    assert full.ok and "correct" not in full.message.casefold() and "not your reasoning" in full.message
    i18n.set_language("zh-CN")
    zh = keys.check("t.k", "大多数家庭的周数相同，数值并列，所以 R 在这里几乎没有区分力。")
    assert zh.ok and zh.found == ("数值并列", "区分力") and "正确" not in zh.message
    assert "exercises/solutions/zh-CN/03_x.ipynb" in zh.message


@pytest.mark.parametrize("listing", ["tie apart", "tie, same, tied, discriminate, apart, tie-break", "并列 区分", "并列、区分、相同、区分度"])
def test_text_a_list_of_key_words_gets_no_pass(listing):
    keys.keywords("t.l", IDEAS)
    result = keys.check("t.l", listing)
    assert not result.ok and len(result.found) == 2 and "list of key words" in result.message


def test_text_key_words_are_not_in_the_key_file():
    keys.keywords("t.h", IDEAS)
    text = _sealed_text("t.h")
    for idea in IDEAS:
        for word in idea["words"]:
            assert f'"{word}"' not in text


# ---------------------------------------------------------------------------------------------
# blanks, types, strict mode, key lookup


@pytest.mark.parametrize("blank", BLANKS, ids=repr)
def test_blank_never_passes(blank):
    keys.number("t.n", 0.0, abs_tol=0.5)
    keys.choice("t.c", "A", options="AB")
    keys.task_set("t.s", "A", options="AB")
    keys.keywords("t.k", IDEAS, min_count=1)
    keys.table("t.t", pd.DataFrame({"a": [1]}))
    for task in ("t.n", "t.c", "t.s", "t.k", "t.t"):
        result = keys.check(task, blank)
        assert isinstance(result, CheckResult) and not result.ok and result.blank, (task, blank)
        assert result.message.startswith("✘")


def test_strict_mode_raises_after_printing(monkeypatch, capsys):
    keys.number("t.n", 3, abs_tol=0)
    assert keys.check("t.n", 3, strict=True).ok
    with pytest.raises(AssertionError, match="check failed: n"):
        keys.check("t.n", None, strict=True)
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    with pytest.raises(AssertionError):
        keys.check("t.n", 4)
    assert capsys.readouterr().out.count("✘ n") == 2


def test_key_file_wins_unless_building_or_autograding(monkeypatch, tmp_path):
    keys.number("t2.q1", 10, abs_tol=0)
    sealed = keys.seal({**keys.SPECS["t2.q1"], "expected": 11.0})
    keys.KEY_DIR.mkdir()
    (keys.KEY_DIR / "t2.json").write_text(json.dumps({"notebook": "x", "tasks": {"t2.q1": sealed}}), encoding="utf-8")
    assert keys.check("t2.q1", 11).ok  # the key file
    monkeypatch.setenv(keys.KEYS_OUT_ENV, str(tmp_path / "out.jsonl"))
    assert keys.check("t2.q1", 10).ok  # the live key while the builder runs the solution edition
    recorded = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert recorded == [{"answer": "t2.q1", "value": 10}]
    monkeypatch.delenv(keys.KEYS_OUT_ENV)
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert keys.check("t2.q1", 10).ok  # the hidden tests' key while nbgrader grades


def test_no_key_and_author_errors_name_the_problem():
    with pytest.raises(CRMInputError, match="t9.q1"):
        keys.check("t9.q1", 1)
    for call, param in [
        (lambda: keys.number("bad id", 1), "task"),
        (lambda: keys.number("t.x", float("nan")), "expected"),
        (lambda: keys.number("t.x", 1, abs_tol=-1), "abs_tol"),
        (lambda: keys.choice("t.x", "E", options="ABCD"), "expected"),
        (lambda: keys.choice("t.x", 1.5), "expected"),
        (lambda: keys.task_set("t.x", []), "expected"),
        (lambda: keys.keywords("t.x", []), "ideas"),
        (lambda: keys.keywords("t.x", [{"en": "only English", "words": ["a"]}]), "ideas[0]"),
        (lambda: keys.keywords("t.x", [{"zh-CN": "甲", "en": "a", "words": []}]), "ideas[0].words"),
        (lambda: keys.keywords("t.x", IDEAS, min_count=3), "min_count"),
        (lambda: keys.number("t.x", 1, hint={"en": "x"}), "hint"),
        (lambda: keys.table("t.x", pd.DataFrame({"a": [1]}), columns=["b"]), "b"),
    ]:
        with pytest.raises(CRMInputError, match=re.escape(param)):
            call()


@pytest.mark.parametrize(
    "value",
    [3, 0.25, "B", True, ["A", "C"], {"K1", "K3"}, None, pd.DataFrame({"stage": ["a", "b"], "n": [1.5, float("nan")]})],
    # a set's repr follows the string hash, which differs between pytest-xdist workers: sorted
    ids=lambda v: "set" + repr(sorted(v)) if isinstance(v, set) else repr(v),
)
def test_answers_round_trip_through_json(value):
    back = keys.from_json(json.loads(json.dumps(keys.to_json(value))))
    if isinstance(value, pd.DataFrame):
        pd.testing.assert_frame_equal(back, value)
    else:
        assert back == value
