"""The question bank and the end-of-chapter quiz.

Questions are data: one TOML file per bank in ``crmlib/course/questions/`` (``ch01.toml`` ...
``ch09.toml`` for the chapters, ``exam.toml`` for the exam questions of seed 003). Every
question is bilingual and is validated against a schema when its bank is loaded, so a
malformed question fails the test run instead of a learner's quiz.

A bank file looks like this::

    [bank]
    title = { zh-CN = "第 1 章 客户关系管理概述", en = "Chapter 1 CRM foundations" }

    [[questions]]
    id = "ch01.q01"                     # "<bank>.<anything>", unique
    chapter = 1                         # the chapter the question tests (1-9)
    type = "single"                     # single | multiple | true_false | short
    prompt = { zh-CN = "...", en = "..." }
    options = [
      { key = "A", zh-CN = "...", en = "..." },
      { key = "B", zh-CN = "...", en = "..." },
    ]
    answer = "B"                        # "B" | ["A", "C"] | true / false | (none for short)
    explanation = { zh-CN = "...", en = "..." }
    # true_false with answer = false: correction = { zh-CN = "...", en = "..." }
    # short: model_answer = {...} and key_points = [ {...}, ... ]; a key point may list
    # words = ["...", ...] (either language): finding one in an answer shows the idea is there
    source = "seed 003: ..."            # optional: where the question comes from
    key_source = "paper"                # exam bank (required): "paper" | "package"
    # key_source = "package" needs key_reason = { zh-CN = ..., en = ... }: why the key is ours
    # same_as = "exam.x"                # optional: the same statement in another paper

The exam bank (``exam.toml``) is stricter: every question says where its key comes from
(``key_source``) and every short answer's key points carry ``words``.

From the banks come the end-of-chapter review quiz (:func:`review_questions`, seeded: the
chapter's exam items plus its chapter quiz) and the mock exam (:func:`mock_paper`, a seeded
paper; :func:`mock_score` marks it, :func:`mock_report_html` shows the marked paper).

The quiz itself is a small state machine of pure functions (:func:`start`, :func:`submit`,
:func:`advance`, :func:`restart`, :func:`score`) and a pure :func:`quiz_view` that renders
the current screen as HTML; :mod:`crmlib.course.quiz_widget` only wires buttons to them.

Examples
--------
>>> from crmlib import i18n
>>> from crmlib.course import quiz
>>> i18n.set_language("en")
>>> qs = quiz.load_bank("ch01")
>>> 6 <= len(qs) <= 10
True
>>> state = quiz.start([q for q in qs if q.type == "true_false"][:1])
>>> state = quiz.submit(state, state.current.answer)
>>> state.verdicts
(True,)
>>> quiz.score(quiz.advance(state))
Score(correct=1, graded=1, short=0)
"""

from __future__ import annotations

import html
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from crmlib.i18n import LANGUAGES, get_language, t
from crmlib.validation import CRMInputError, check_choice, check_count, check_seed

if TYPE_CHECKING:  # pragma: no cover
    from crmlib.course.quiz_widget import MockExamWidget, QuizWidget

QUESTION_DIR = Path(__file__).with_name("questions")
TYPES: tuple[str, ...] = ("single", "multiple", "true_false", "short")
CHAPTERS = range(1, 10)
BANKS: tuple[str, ...] = tuple(f"ch{n:02d}" for n in CHAPTERS) + ("exam",)

KEY_SOURCES: tuple[str, ...] = ("paper", "package")
"""Where an exam item's key comes from: the course's exam paper, or this package."""

_REQUIRED = ("id", "chapter", "type", "prompt", "explanation")
_COMMON = {"source", "key_source", "key_reason", "same_as"}
_ALLOWED = {
    "single": {"options", "answer"} | _COMMON,
    "multiple": {"options", "answer"} | _COMMON,
    "true_false": {"answer", "correction"} | _COMMON,
    "short": {"model_answer", "key_points"} | _COMMON,
}
_ID = re.compile(r"^[a-z0-9]+\.[a-z0-9][a-z0-9_.-]*$")

Text = dict[str, str]
"""Bilingual text: ``{"zh-CN": ..., "en": ...}``."""


# ---------------------------------------------------------------------------------------------
# the schema


@dataclass(frozen=True)
class Question:
    """One validated question. Text fields are bilingual dicts; use :meth:`text` to read one.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> q = parse_question({"id": "ch01.x", "chapter": 1, "type": "true_false",
    ...     "prompt": {"zh-CN": "客户不一定在企业之外。", "en": "A customer may be inside the firm."},
    ...     "answer": True, "explanation": {"zh-CN": "内部客户。", "en": "Internal customers."}}, "doc")
    >>> q.text("prompt")
    'A customer may be inside the firm.'
    """

    id: str
    chapter: int
    type: str
    prompt: Text
    explanation: Text
    options: tuple[tuple[str, Text], ...] = ()
    answer: str | tuple[str, ...] | bool | None = None
    correction: Text | None = None
    model_answer: Text | None = None
    key_points: tuple[Text, ...] = ()
    source: str | None = None
    key_source: str | None = None
    key_reason: Text | None = None
    key_words: tuple[tuple[str, ...], ...] = ()
    same_as: str | None = None

    def text(self, name: str, language: str | None = None) -> str:
        """The field ``name`` (prompt, explanation, correction, model_answer) in a language."""
        value = getattr(self, name)
        return "" if value is None else value[language or get_language()]

    @property
    def option_keys(self) -> tuple[str, ...]:
        return tuple(key for key, _ in self.options)

    def option_text(self, key: str, language: str | None = None) -> str:
        """The text of option ``key`` in the current (or given) language."""
        return dict(self.options)[key][language or get_language()]


def _err(key: str, **fields: object) -> CRMInputError:
    return CRMInputError(t(f"quiz_errors.{key}", **fields))


def _text(raw: Mapping[str, Any], name: str, where: str, qid: str) -> Text:
    value = raw[name]
    if not isinstance(value, Mapping):
        raise _err("field_type", where=where, qid=qid, field=name, kind="{ zh-CN = ..., en = ... }", got=value)
    out: Text = {}
    for lang in LANGUAGES:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            raise _err("missing_language", where=where, qid=qid, field=name, lang=lang)
        out[lang] = text.strip()
    extra = set(value) - set(LANGUAGES)
    if extra:
        raise _err("field_unknown", where=where, qid=qid, field=f"{name}.{sorted(extra)[0]}", allowed=", ".join(LANGUAGES))
    return out


def parse_question(raw: object, where: str) -> Question:
    """Validate one question (a mapping read from TOML) and return it as a :class:`Question`.

    Parameters
    ----------
    raw : mapping
        The question's fields.
    where : str
        Where it comes from (file name), for the error message.

    Raises
    ------
    CRMInputError
        Naming the file, the question id and the field that is missing, mistyped, unknown,
        lacks a language, or (for ``answer``) is not one of the option keys.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> parse_question({"id": "ch01.x", "chapter": 1, "type": "essay"}, "ch01.toml")
    Traceback (most recent call last):
    ...
    crmlib.validation.CRMInputError: ch01.toml: question ch01.x lacks the field prompt
    """
    if not isinstance(raw, Mapping):
        raise _err("field_type", where=where, qid="?", field="questions[]", kind="table", got=raw)
    qid = raw.get("id", "?")
    for name in _REQUIRED:
        if name not in raw:
            raise _err("field_missing", where=where, qid=qid, field=name)
    if not isinstance(qid, str) or not _ID.match(qid):
        raise _err("field_type", where=where, qid=qid, field="id", kind="'<bank>.<name>' (a-z, 0-9, . _ -)", got=qid)
    qtype = raw["type"]
    if qtype not in TYPES:
        raise _err("bad_value", where=where, qid=qid, field="type", allowed=", ".join(TYPES), value=qtype)
    chapter = raw["chapter"]
    if isinstance(chapter, bool) or not isinstance(chapter, int) or chapter not in CHAPTERS:
        raise _err("bad_value", where=where, qid=qid, field="chapter", allowed="1-9", value=chapter)
    unknown = set(raw) - set(_REQUIRED) - _ALLOWED[qtype]
    if unknown:
        allowed = ", ".join(sorted(set(_REQUIRED) | _ALLOWED[qtype]))
        raise _err("field_unknown", where=where, qid=qid, field=sorted(unknown)[0], allowed=allowed)
    q: dict[str, Any] = {
        "id": qid,
        "chapter": chapter,
        "type": qtype,
        "prompt": _text(raw, "prompt", where, qid),
        "explanation": _text(raw, "explanation", where, qid),
    }
    source = raw.get("source")
    if source is not None and not isinstance(source, str):
        raise _err("field_type", where=where, qid=qid, field="source", kind="text", got=source)
    q["source"] = source
    same_as = raw.get("same_as")
    if same_as is not None and (not isinstance(same_as, str) or not _ID.match(same_as) or same_as == qid):
        raise _err("field_type", where=where, qid=qid, field="same_as", kind="another question's id", got=same_as)
    q["same_as"] = same_as
    key_source = raw.get("key_source")
    if key_source is not None:
        if key_source not in KEY_SOURCES:
            raise _err("bad_value", where=where, qid=qid, field="key_source", allowed=", ".join(KEY_SOURCES), value=key_source)
        if key_source == "package":
            if "key_reason" not in raw:
                raise _err("field_missing", where=where, qid=qid, field="key_reason")
            q["key_reason"] = _text(raw, "key_reason", where, qid)
        q["key_source"] = key_source
    if "key_reason" in raw and key_source != "package":
        raise _err("field_unknown", where=where, qid=qid, field="key_reason", allowed='(only with key_source = "package")')

    if qtype in ("single", "multiple"):
        for name in ("options", "answer"):
            if name not in raw:
                raise _err("field_missing", where=where, qid=qid, field=name)
        options = raw["options"]
        if not isinstance(options, list) or len(options) < 2:
            raise _err("field_type", where=where, qid=qid, field="options", kind="a list of >= 2 options", got=options)
        parsed: list[tuple[str, Text]] = []
        for i, opt in enumerate(options):
            if not isinstance(opt, Mapping) or not isinstance(opt.get("key"), str) or not opt["key"].strip():
                kind = "{ key = ..., zh-CN = ..., en = ... }"
                raise _err("field_type", where=where, qid=qid, field=f"options[{i}]", kind=kind, got=opt)
            body = {k: v for k, v in opt.items() if k != "key"}
            parsed.append((opt["key"], _text({f"options[{i}]": body}, f"options[{i}]", where, qid)))
        keys = [k for k, _ in parsed]
        if len(set(keys)) != len(keys):
            raise _err("duplicate", where=where, what=f"{qid}: options key", value=next(k for k in keys if keys.count(k) > 1))
        q["options"] = tuple(parsed)
        answer = raw["answer"]
        if qtype == "single":
            if not isinstance(answer, str):
                raise _err("field_type", where=where, qid=qid, field="answer", kind="one option key", got=answer)
            answers: list[str] = [answer]
            q["answer"] = answer
        else:
            if not isinstance(answer, list) or not answer or not all(isinstance(a, str) for a in answer):
                kind = "a non-empty list of option keys"
                raise _err("field_type", where=where, qid=qid, field="answer", kind=kind, got=answer)
            if len(set(answer)) != len(answer):
                raise _err("duplicate", where=where, what=f"{qid}: answer", value=answer)
            answers = list(answer)
            q["answer"] = tuple(sorted(answer))
        for a in answers:
            if a not in keys:
                raise _err("bad_answer", where=where, qid=qid, value=a, keys=", ".join(keys))
    elif qtype == "true_false":
        if "answer" not in raw:
            raise _err("field_missing", where=where, qid=qid, field="answer")
        if not isinstance(raw["answer"], bool):
            raise _err("field_type", where=where, qid=qid, field="answer", kind="true or false", got=raw["answer"])
        q["answer"] = raw["answer"]
        if raw["answer"] is False:
            if "correction" not in raw:
                raise _err("field_missing", where=where, qid=qid, field="correction")
            q["correction"] = _text(raw, "correction", where, qid)
        elif "correction" in raw:
            raise _err("field_unknown", where=where, qid=qid, field="correction", allowed="(only when answer = false)")
    else:  # short
        for name in ("model_answer", "key_points"):
            if name not in raw:
                raise _err("field_missing", where=where, qid=qid, field=name)
        q["model_answer"] = _text(raw, "model_answer", where, qid)
        points = raw["key_points"]
        if not isinstance(points, list) or not points:
            raise _err("field_type", where=where, qid=qid, field="key_points", kind="a non-empty list", got=points)
        texts, words = [], []
        for i, p in enumerate(points):
            name = f"key_points[{i}]"
            if not isinstance(p, Mapping):
                raise _err("field_type", where=where, qid=qid, field=name, kind="{ zh-CN = ..., en = ... }", got=p)
            texts.append(_text({name: {k: v for k, v in p.items() if k != "words"}}, name, where, qid))
            found = p.get("words", [])
            if not isinstance(found, list) or not all(isinstance(w, str) and w.strip() for w in found):
                raise _err("field_type", where=where, qid=qid, field=f"{name}.words", kind="a list of words", got=found)
            words.append(tuple(w.strip().lower() for w in found))
        q["key_points"] = tuple(texts)
        if any(words):
            if not all(words):
                i = next(i for i, w in enumerate(words) if not w)
                raise _err("field_missing", where=where, qid=qid, field=f"key_points[{i}].words")
            q["key_words"] = tuple(words)
    return Question(**q)


@dataclass(frozen=True)
class Bank:
    """A validated bank: its name, bilingual title and questions."""

    name: str
    title: Text
    questions: tuple[Question, ...]


def parse_bank(data: object, name: str, where: str | None = None) -> Bank:
    """Validate a whole bank (the parsed TOML of one file).

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> parse_bank({"bank": {"title": {"zh-CN": "测验", "en": "Quiz"}}, "questions": []}, "ch01")
    Traceback (most recent call last):
    ...
    crmlib.validation.CRMInputError: ch01.toml holds no questions.
    """
    where = where or f"{name}.toml"
    if not isinstance(data, Mapping):
        raise _err("field_type", where=where, qid="-", field="(file)", kind="table", got=type(data).__name__)
    unknown = set(data) - {"bank", "questions"}
    if unknown:
        raise _err("field_unknown", where=where, qid="-", field=sorted(unknown)[0], allowed="bank, questions")
    head = data.get("bank")
    if not isinstance(head, Mapping) or "title" not in head:
        raise _err("field_missing", where=where, qid="-", field="bank.title")
    title = _text(head, "title", where, "-")
    raw_questions = data.get("questions", [])
    if not isinstance(raw_questions, list) or not raw_questions:
        raise _err("empty_bank", where=where)
    questions = tuple(parse_question(raw, where) for raw in raw_questions)
    seen: set[str] = set()
    for q in questions:
        if q.id in seen:
            raise _err("duplicate", where=where, what="id", value=q.id)
        seen.add(q.id)
        if not q.id.startswith(f"{name}."):
            raise _err("field_type", where=where, qid=q.id, field="id", kind=f"'{name}.<name>'", got=q.id)
        if name == "exam":
            if q.key_source is None:
                raise _err("field_missing", where=where, qid=q.id, field="key_source")
            if q.type == "short" and not q.key_words:
                raise _err("field_missing", where=where, qid=q.id, field="key_points[0].words")
    for q in questions:
        if q.same_as is not None and q.same_as not in seen:
            raise _err("bad_value", where=where, qid=q.id, field="same_as", allowed="an id in this bank", value=q.same_as)
    return Bank(name=name, title=title, questions=questions)


@cache
def _load(name: str) -> Bank:
    path = QUESTION_DIR / f"{name}.toml"
    with path.open("rb") as fh:
        try:
            data = tomllib.load(fh)
        except tomllib.TOMLDecodeError as exc:
            raise _err("toml", where=path.name, error=str(exc)) from exc
    return parse_bank(data, name, path.name)


def _bank_name(bank: str | int) -> str:
    if isinstance(bank, int) and not isinstance(bank, bool):
        bank = f"ch{bank:02d}"
    return str(check_choice(bank, "bank", BANKS))


def load_bank(bank: str | int) -> tuple[Question, ...]:
    """The validated questions of one bank: ``"ch01"`` ... ``"ch09"`` (or 1 ... 9), ``"exam"``.

    Examples
    --------
    >>> [q.type for q in load_bank("exam")][:3]
    ['multiple', 'multiple', 'single']
    """
    return _load(_bank_name(bank)).questions


def bank_title(bank: str | int) -> str:
    """The bank's title in the current language.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("zh-CN")
    >>> bank_title(1)
    '第 1 章 客户关系管理概述'
    """
    return _load(_bank_name(bank)).title[get_language()]


def load_all() -> dict[str, tuple[Question, ...]]:
    """Every bank, validated, checking ids are unique across banks.

    Examples
    --------
    >>> sorted(load_all())[:2]
    ['ch01', 'ch02']
    """
    out = {name: load_bank(name) for name in BANKS}
    seen: dict[str, str] = {}
    for name, questions in out.items():
        for q in questions:
            if q.id in seen:
                raise _err("duplicate", where=f"{seen[q.id]}.toml / {name}.toml", what="id", value=q.id)
            seen[q.id] = name
    return out


# ---------------------------------------------------------------------------------------------
# grading and the quiz state


def _norm(value: object) -> str:
    return str(value).strip().upper()


def normalise_response(question: Question, response: object) -> object:
    """The response in the form :func:`grade` compares, or ``None`` when it is blank.

    Single: an option key; multiple: a sorted tuple of keys; true/false: a bool; short: the
    stripped text. Anything else (wrong type, unknown key) also counts as blank.

    Examples
    --------
    >>> q = load_bank("exam")[0]
    >>> normalise_response(q, ["d", "A"]), normalise_response(q, [])
    (('A', 'D'), None)
    """
    if response is None or response is Ellipsis:
        return None
    if question.type == "single":
        if isinstance(response, str) and _norm(response) in {_norm(k) for k in question.option_keys}:
            return next(k for k in question.option_keys if _norm(k) == _norm(response))
        return None
    if question.type == "multiple":
        if isinstance(response, str) or not isinstance(response, Iterable):
            return None
        keys = {_norm(k): k for k in question.option_keys}
        picked = [keys.get(_norm(r)) for r in response if isinstance(r, str)]
        if not picked or None in picked:
            return None
        return tuple(sorted(set(picked)))  # type: ignore[arg-type]
    if question.type == "true_false":
        return bool(response) if isinstance(response, (bool, np.bool_)) else None
    return response.strip() or None if isinstance(response, str) else None


def grade(question: Question, response: object) -> bool | None:
    """True / False for a right / wrong response; ``None`` for a short answer (self-assessed).

    Examples
    --------
    >>> q = next(q for q in load_bank("exam") if q.type == "single")
    >>> grade(q, q.answer), grade(q, "Z")
    (True, False)
    """
    if question.type == "short":
        return None
    return normalise_response(question, response) == question.answer


class Score(NamedTuple):
    """Correct answers among the graded (choice and true/false) questions; short answers apart."""

    correct: int
    graded: int
    short: int


@dataclass(frozen=True)
class QuizState:
    """Where a learner is in a quiz. Every transition returns a new state.

    Attributes
    ----------
    questions : tuple of Question
    index : int
        The current question (0-based).
    responses : tuple
        The normalised response per question (``None`` until answered).
    verdicts : tuple of bool or None
        True / False once a graded question is answered; None otherwise (and for short ones).
    answered : tuple of bool
    finished : bool
        True after :func:`advance` past the last question.
    notice : str or None
        ``"blank"`` when the last submit had no usable answer, ``"unanswered"`` when
        :func:`advance` was asked before answering.
    """

    questions: tuple[Question, ...]
    index: int = 0
    responses: tuple[object, ...] = field(default=())
    verdicts: tuple[bool | None, ...] = field(default=())
    answered: tuple[bool, ...] = field(default=())
    finished: bool = False
    notice: str | None = None

    @property
    def current(self) -> Question:
        return self.questions[self.index]

    @property
    def revealed(self) -> bool:
        """True when the current question has been answered (its feedback is showing)."""
        return self.answered[self.index]


def start(
    questions: str | int | Sequence[Question],
    *,
    shuffle: bool = False,
    seed: int = 0,
    limit: int | None = None,
) -> QuizState:
    """A fresh quiz over a bank name (``"ch01"``, ``3``, ``"exam"``) or a list of questions.

    Parameters
    ----------
    shuffle : bool
        Put the questions in a random order drawn with ``numpy.random.default_rng(seed)``.
    limit : int, optional
        Keep only the first ``limit`` questions (after shuffling).

    Examples
    --------
    >>> s = start("exam", shuffle=True, seed=1, limit=5)
    >>> len(s.questions), s.index, s.finished
    (5, 0, False)
    """
    qs = list(load_bank(questions) if isinstance(questions, (str, int)) else questions)
    if not qs or not all(isinstance(q, Question) for q in qs):
        raise CRMInputError(t("checks_errors.empty", name="questions"))
    if shuffle:
        order = np.random.default_rng(seed).permutation(len(qs))
        qs = [qs[i] for i in order]
    if limit is not None:
        qs = qs[: check_count(limit, "limit", minimum=1)]
    n = len(qs)
    return QuizState(tuple(qs), 0, (None,) * n, (None,) * n, (False,) * n)


def submit(state: QuizState, response: object) -> QuizState:
    """Answer the current question. A blank response only sets ``notice="blank"``; a second
    submit of an answered question changes nothing (the first answer counts).

    Examples
    --------
    >>> s = start([q for q in load_bank("exam") if q.type == "single"][:2])
    >>> submit(s, None).notice
    'blank'
    >>> wrong = next(k for k in s.current.option_keys if k != s.current.answer)
    >>> s = submit(s, wrong)
    >>> s.verdicts, submit(s, s.current.answer).verdicts
    ((False, None), (False, None))
    """
    if state.finished or state.revealed:
        return state
    q = state.current
    value = normalise_response(q, response)
    if value is None:
        return replace(state, notice="blank")
    i = state.index
    return replace(
        state,
        responses=state.responses[:i] + (value,) + state.responses[i + 1 :],
        verdicts=state.verdicts[:i] + (grade(q, value),) + state.verdicts[i + 1 :],
        answered=state.answered[:i] + (True,) + state.answered[i + 1 :],
        notice=None,
    )


def advance(state: QuizState) -> QuizState:
    """Go to the next question once the current one is answered; after the last, finish.

    Examples
    --------
    >>> s = start([q for q in load_bank("exam") if q.type == "true_false"][:1])
    >>> advance(s).notice
    'unanswered'
    >>> advance(submit(s, True)).finished
    True
    """
    if state.finished:
        return state
    if not state.revealed:
        return replace(state, notice="unanswered")
    if state.index + 1 >= len(state.questions):
        return replace(state, finished=True, notice=None)
    return replace(state, index=state.index + 1, notice=None)


def restart(state: QuizState) -> QuizState:
    """The same questions, all unanswered, back at the first.

    Examples
    --------
    >>> s = start("ch01")
    >>> restart(submit(s, s.current.answer)) == s
    True
    """
    n = len(state.questions)
    return QuizState(state.questions, 0, (None,) * n, (None,) * n, (False,) * n)


def score(state: QuizState) -> Score:
    """Correct, graded (choice and true/false) and short-answer counts so far.

    Examples
    --------
    >>> s = start([q for q in load_bank("exam") if q.type != "short"][:3])
    >>> for q in s.questions:
    ...     s = advance(submit(s, q.answer))
    >>> score(s)
    Score(correct=3, graded=3, short=0)
    """
    graded = [v for q, v in zip(state.questions, state.verdicts, strict=True) if q.type != "short"]
    return Score(
        correct=sum(v is True for v in graded),
        graded=len(graded),
        short=sum(q.type == "short" for q in state.questions),
    )


# ---------------------------------------------------------------------------------------------
# key ideas in a short answer, and where a key comes from


class KeyIdeas(NamedTuple):
    """Which key points of a short answer a response mentions (indices into ``key_points``)."""

    found: tuple[int, ...]
    missing: tuple[int, ...]


_SPACE = re.compile(r"\s+")


def key_ideas(question: Question, response: object) -> KeyIdeas:
    """The key points whose words occur in ``response``: found and missing.

    A key point counts as found when one of its ``words`` occurs in the answer (case and
    spacing ignored). This says which ideas an answer *mentions*, not whether it is right: a
    list of keywords finds them all, so the feedback never calls an answer correct and always
    points to the model answer. A blank answer finds nothing. Questions without ``words``
    (some chapter questions) report every point as missing.

    Examples
    --------
    >>> q = next(q for q in load_bank("exam") if q.id == "exam.set3-sa01")
    >>> key_ideas(q, "满意是忠诚的基础，但满意的客户不一定忠诚。")
    KeyIdeas(found=(2, 3), missing=(0, 1))
    >>> key_ideas(q, "   ")
    KeyIdeas(found=(), missing=(0, 1, 2, 3))
    """
    if question.type != "short":
        raise CRMInputError(t("quiz_errors.not_short", qid=question.id))
    text = _SPACE.sub(" ", response.lower()) if isinstance(response, str) else ""
    found = tuple(
        i for i, words in enumerate(question.key_words) if text.strip() and any(w in text for w in words)
    )
    return KeyIdeas(found, tuple(i for i in range(len(question.key_points)) if i not in found))


def paper_name(question: Question) -> str:
    """The exam paper (and item) an exam question comes from, without the seed file prefix.

    Examples
    --------
    >>> paper_name(load_bank("exam")[0])
    '客户关系管理模拟试题5 · 一、1'
    """
    return re.sub(r"^seed \d+\s*·\s*", "", question.source or "")


def key_source_text(question: Question) -> str:
    """Where the question's key comes from, in the current language: the course's exam paper,
    or this package with the reason; chapter questions are the package's own.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> exam = {q.id: q for q in load_bank("exam")}
    >>> key_source_text(exam["exam.set3-mc03"])
    "Key: from the course's exam paper (客户关系管理试题及答案(3)· 选择 3(原答案 B))."
    >>> key_source_text(exam["exam.sys-tf04"]).startswith("Key: given by this package")
    True
    >>> key_source_text(load_bank("ch01")[0])
    'Key: this package (a question written for this chapter).'
    """
    if question.key_source == "paper":
        return t("quiz.key.paper", paper=paper_name(question))
    if question.key_source == "package":
        return t("quiz.key.package", paper=paper_name(question), reason=question.text("key_reason"))
    return t("quiz.key.own")


def key_ideas_html(question: Question, response: object) -> str:
    """Found / missing key ideas of a short answer as HTML (empty without ``words``).

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> q = next(q for q in load_bank("exam") if q.id == "exam.set3-sa01")
    >>> html_text = key_ideas_html(q, "Satisfaction is the basis of loyalty.")
    >>> "not yet in your answer" in html_text and "correct" not in html_text.lower()
    True
    """
    if not question.key_words:
        return ""
    ideas = key_ideas(question, response)
    lang = get_language()

    def items(indices: tuple[int, ...]) -> str:
        if not indices:
            return f"<ul><li>{_e(t('quiz.ideas_none'))}</li></ul>"
        return "<ul>" + "".join(f"<li>{_e(question.key_points[i][lang])}</li>" for i in indices) + "</ul>"

    return (
        f"<p><b>{_e(t('quiz.ideas_found'))}</b></p>{items(ideas.found)}"
        f"<p><b>{_e(t('quiz.ideas_missing'))}</b></p>{items(ideas.missing)}"
        f"<p><i>{_e(t('quiz.ideas_note'))}</i></p>"
    )


# ---------------------------------------------------------------------------------------------
# the view


def _e(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _answer_text(q: Question, value: object) -> str:
    if q.type == "single":
        return f"{value}. {q.option_text(str(value))}"
    if q.type == "multiple":
        return "; ".join(f"{k}. {q.option_text(k)}" for k in value)  # type: ignore[union-attr]
    if q.type == "true_false":
        return t("quiz.true") if value else t("quiz.false")
    return str(value)


def question_html(state: QuizState) -> str:
    """The top of the screen: progress and the question, or the final score when finished.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> "Question 1 of" in question_html(start("ch02"))
    True
    """
    if state.finished:
        sc = score(state)
        pct = round(100 * sc.correct / sc.graded) if sc.graded else 0
        parts = [f"<h4>{_e(t('quiz.finished'))}</h4>"]
        if sc.graded:
            parts.append(f"<p><b>{_e(t('quiz.score', correct=sc.correct, graded=sc.graded, pct=pct))}</b></p>")
        if sc.short:
            parts.append(f"<p>{_e(t('quiz.score_short', short=sc.short))}</p>")
        missed = [q for q, v in zip(state.questions, state.verdicts, strict=True) if v is False]
        if missed:
            items = "".join(f"<li>{_e(q.text('prompt'))}</li>" for q in missed)
            parts.append(f"<p>{_e(t('quiz.review'))}</p><ol>{items}</ol>")
        return "\n".join(parts)
    q = state.current
    kind = t(f"quiz.type.{q.type}")
    head = t("quiz.progress", n=state.index + 1, total=len(state.questions), chapter=q.chapter, kind=kind)
    return f"<p style='color:#555'>{_e(head)}</p>\n<p><b>{_e(q.text('prompt'))}</b></p>"


def feedback_html(state: QuizState) -> str:
    """The bottom of the screen: a notice, or after an answer the verdict, answer and explanation.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> s = start("ch02")
    >>> feedback_html(s)
    ''
    >>> "Why:" in feedback_html(submit(s, s.current.answer))
    True
    """
    if state.finished:
        return ""
    q = state.current
    parts = []
    if state.notice:
        parts.append(f"<p style='color:#c0392b'>{_e(t(f'quiz.notice.{state.notice}'))}</p>")
    if state.revealed:
        verdict = state.verdicts[state.index]
        if verdict is True:
            parts.append(f"<p style='color:#3a9a5b'><b>{_e(t('quiz.right'))}</b></p>")
        elif verdict is False:
            mine = _e(t("quiz.your_answer", answer=_answer_text(q, state.responses[state.index])))
            parts.append(f"<p style='color:#c0392b'><b>{_e(t('quiz.wrong'))}</b> {mine}</p>")
        if q.type == "short":
            if q.key_words:
                parts.append(key_ideas_html(q, state.responses[state.index]))
            points = "".join(f"<li>{_e(p[get_language()])}</li>" for p in q.key_points)
            parts.append(f"<p><b>{_e(t('quiz.model_answer'))}</b> {_e(q.text('model_answer'))}</p>")
            if not q.key_words:
                parts.append(f"<p><b>{_e(t('quiz.key_points'))}</b></p><ul>{points}</ul>")
                parts.append(f"<p>{_e(t('quiz.self_check'))}</p>")
        else:
            parts.append(f"<p><b>{_e(t('quiz.correct_answer'))}</b> {_e(_answer_text(q, q.answer))}</p>")
        if q.correction is not None:
            parts.append(f"<p><b>{_e(t('quiz.correction'))}</b> {_e(q.text('correction'))}</p>")
        parts.append(f"<p><b>{_e(t('quiz.explanation'))}</b> {_e(q.text('explanation'))}</p>")
        parts.append(f"<p style='color:#555'>{_e(key_source_text(q))}</p>")
    return "\n".join(parts)


def quiz_view(state: QuizState) -> str:
    """Everything the current screen shows, as HTML: :func:`question_html` then
    :func:`feedback_html` (the widget puts the answer input between the two).

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> s = start([q for q in load_bank("exam") if q.type == "true_false"][:1])
    >>> "Question 1 of 1" in quiz_view(s)
    True
    >>> s = advance(submit(s, s.current.answer))
    >>> "1 of 1 correct" in quiz_view(s)
    True
    """
    feedback = feedback_html(state)
    return question_html(state) + ("\n" + feedback if feedback else "")


def quiz(bank: str | int = "ch01", *, shuffle: bool = False, seed: int = 0, limit: int | None = None) -> QuizWidget:
    """The quiz widget for a bank: one question at a time, feedback, a score at the end.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> w = quiz("ch01")
    >>> w.state.index, "Question 1 of" in w.result
    (0, True)
    """
    from crmlib.course.quiz_widget import QuizWidget

    return QuizWidget(start(bank, shuffle=shuffle, seed=seed, limit=limit))


# ---------------------------------------------------------------------------------------------
# the chapter review quiz: exam items of the chapter plus the chapter quiz, seeded


def _distinct(questions: Iterable[Question]) -> list[Question]:
    """Drop a question whose ``same_as`` twin is already in the list (the same statement set
    in two papers should not be asked twice in one draw)."""
    out: list[Question] = []
    ids: set[str] = set()
    for q in questions:
        if q.same_as in ids or any(o.same_as == q.id for o in out):
            continue
        out.append(q)
        ids.add(q.id)
    return out


def review_questions(chapter: int, *, seed: int = 0, size: int = 8) -> tuple[Question, ...]:
    """The chapter's review quiz: up to half of ``size`` drawn from the exam bank items mapped
    to the chapter, the rest from the chapter quiz, shuffled; all draws use
    ``numpy.random.default_rng(seed)``, so a seed always gives the same quiz.

    Parameters
    ----------
    chapter : int
        1-9.
    seed : int
        Change it for another draw.
    size : int
        Questions in the quiz (fewer if the two banks hold fewer).

    Examples
    --------
    >>> qs = review_questions(3, seed=1)
    >>> len(qs), all(q.chapter == 3 for q in qs)
    (8, True)
    >>> sum(q.id.startswith("exam.") for q in qs)
    4
    >>> qs == review_questions(3, seed=1), qs == review_questions(3, seed=2)
    (True, False)
    """
    chapter = int(check_choice(chapter, "chapter", list(CHAPTERS)))
    size = check_count(size, "size", minimum=1)
    rng = np.random.default_rng(check_seed(seed))
    exam = [q for q in load_bank("exam") if q.chapter == chapter]
    own = list(load_bank(chapter))
    exam = _distinct([exam[i] for i in rng.permutation(len(exam))])
    n_exam = min(len(exam), size // 2)
    n_own = min(len(own), size - n_exam)
    n_exam = min(len(exam), size - n_own)  # a small chapter bank leaves room for more exam items
    picked = exam[:n_exam] + [own[i] for i in rng.permutation(len(own))[:n_own]]
    return tuple(picked[i] for i in rng.permutation(len(picked)))


def review_quiz(chapter: int, *, seed: int = 0, size: int = 8) -> QuizWidget:
    """The review quiz widget of a chapter (see :func:`review_questions`). After each answer it
    shows the explanation and where the key comes from.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> w = review_quiz(5, seed=3)
    >>> len(w.state.questions), w.state.questions == review_questions(5, seed=3)
    (8, True)
    """
    from crmlib.course.quiz_widget import QuizWidget

    return QuizWidget(start(review_questions(chapter, seed=seed, size=size)))


# ---------------------------------------------------------------------------------------------
# the mock exam: a seeded paper from the exam bank, marked by a pure function

SECTIONS: tuple[str, ...] = ("choice", "true_false", "short")
"""The parts of a mock paper, in order: choice (single and multiple), true/false, short answer."""
POINTS: dict[str, int] = {"single": 3, "multiple": 3, "true_false": 2, "short": 0}
"""Points per item, as in the course's mock paper 5 (choice 3, true/false 2). Short answers
are not scored: a keyword count is no mark (see :func:`key_ideas`)."""
MINUTES: dict[str, float] = {"single": 1.5, "multiple": 2.0, "true_false": 1.0, "short": 8.0}
"""Suggested minutes per item. A rule of thumb of this course (about a minute per true/false
statement, 1.5-2 for a choice item, 8 for a short essay answer), not a measured figure."""


def _section(question: Question) -> str:
    return "choice" if question.type in ("single", "multiple") else question.type


@dataclass(frozen=True)
class MockPaper:
    """A drawn mock exam: its seed and its questions in paper order (choice, true/false, short)."""

    seed: int
    questions: tuple[Question, ...]

    @property
    def minutes(self) -> int:
        """The suggested time (see :func:`time_suggestion`)."""
        return time_suggestion(self.questions)

    @property
    def max_points(self) -> int:
        return sum(POINTS[q.type] for q in self.questions)

    def count(self, section: str) -> int:
        """Items in a section: ``"choice"``, ``"true_false"`` or ``"short"``."""
        return sum(_section(q) == section for q in self.questions)


def mock_paper(seed: int = 0, *, n_choice: int = 10, n_true_false: int = 10, n_short: int = 2) -> MockPaper:
    """Draw a mock exam from the exam bank with ``numpy.random.default_rng(seed)``.

    Parameters
    ----------
    seed : int
        The same seed always draws the same paper; change it for another.
    n_choice, n_true_false, n_short : int
        Items per part (choice = single and multiple choice). A statement set in two papers
        (``same_as``) is drawn at most once.

    Raises
    ------
    CRMInputError
        A count below 0, all counts 0, or more items than the bank holds.

    Examples
    --------
    >>> p = mock_paper(7)
    >>> [p.count(s) for s in SECTIONS], p.max_points, p.minutes
    ([10, 10, 2], 50, 45)
    >>> p == mock_paper(7), p == mock_paper(8)
    (True, False)
    """
    seed = check_seed(seed)
    wanted = {
        "choice": check_count(n_choice, "n_choice"),
        "true_false": check_count(n_true_false, "n_true_false"),
        "short": check_count(n_short, "n_short"),
    }
    if not any(wanted.values()):
        raise CRMInputError(t("checks_errors.empty", name="n_choice + n_true_false + n_short"))
    rng = np.random.default_rng(seed)
    bank = load_bank("exam")
    paper: list[Question] = []
    for section, n in wanted.items():
        pool = [q for q in bank if _section(q) == section]
        pool = _distinct([pool[i] for i in rng.permutation(len(pool))])
        name = {"choice": "n_choice", "true_false": "n_true_false", "short": "n_short"}[section]
        if n > len(pool):
            raise CRMInputError(t("quiz_errors.too_many", name=name, most=len(pool), value=n))
        paper.extend(pool[:n])
    return MockPaper(seed, tuple(paper))


def time_suggestion(questions: Sequence[Question]) -> int:
    """Suggested minutes for a set of questions: :data:`MINUTES` per item, rounded up to 5.

    Examples
    --------
    >>> exam = load_bank("exam")
    >>> short = [q for q in exam if q.type == "short"][:2]
    >>> tf = [q for q in exam if q.type == "true_false"][:3]
    >>> time_suggestion(short + tf)  # 2 x 8 + 3 x 1 = 19 -> 20
    20
    """
    total = sum(MINUTES[q.type] for q in questions)
    return int(5 * np.ceil(total / 5)) if total else 0


class MockResult(NamedTuple):
    """A marked mock paper.

    Attributes
    ----------
    points, max_points : int
        Points earned and possible on the choice and true/false parts.
    right, objective : int
        Choice and true/false items right, and their number.
    verdicts : tuple
        Per item in paper order: True / False (choice, true/false; a blank is False), or for a
        short answer its :class:`KeyIdeas` (``None`` when blank).
    blank : tuple of int
        Paper numbers (1-based) of the items left blank.
    """

    points: int
    max_points: int
    right: int
    objective: int
    verdicts: tuple[object, ...]
    blank: tuple[int, ...]

    @property
    def percent(self) -> int:
        return round(100 * self.points / self.max_points) if self.max_points else 0


def mock_score(paper: MockPaper, answers: Mapping[str, object]) -> MockResult:
    """Mark a mock paper. ``answers`` maps question ids to responses (as for :func:`submit`:
    an option key, a list of keys, True/False, or text); a missing or blank answer scores 0.

    Examples
    --------
    >>> p = mock_paper(7)
    >>> perfect = {q.id: (q.answer if q.type != "short" else q.text("model_answer", "en")) for q in p.questions}
    >>> r = mock_score(p, perfect)
    >>> r.points, r.max_points, r.right, r.objective, r.blank
    (50, 50, 20, 20, ())
    >>> mock_score(p, {}).points, len(mock_score(p, {}).blank)
    (0, 22)
    """
    if not isinstance(answers, Mapping):
        raise CRMInputError(t("quiz_errors.answers", got=type(answers).__name__))
    points = right = objective = 0
    verdicts: list[object] = []
    blank: list[int] = []
    for n, q in enumerate(paper.questions, start=1):
        value = normalise_response(q, answers.get(q.id))
        if value is None:
            blank.append(n)
        if q.type == "short":
            verdicts.append(None if value is None else key_ideas(q, value))
            continue
        ok = value is not None and grade(q, value) is True
        objective += 1
        right += ok
        points += POINTS[q.type] * ok
        verdicts.append(ok)
    return MockResult(points, paper.max_points, right, objective, tuple(verdicts), tuple(blank))


def mock_header_html(paper: MockPaper) -> str:
    """The paper's heading: seed, parts, points and the time suggestion.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> "45 minutes" in mock_header_html(mock_paper(7))
    True
    """
    head = t("quiz.mock.title", seed=paper.seed)
    summary = t(
        "quiz.mock.summary",
        n_choice=paper.count("choice"), p_choice=POINTS["single"], n_tf=paper.count("true_false"),
        p_tf=POINTS["true_false"], n_short=paper.count("short"), max_points=paper.max_points, minutes=paper.minutes,
    )
    return f"<h4>{_e(head)}</h4><p>{_e(summary)}</p>"


def mock_item_html(paper: MockPaper, index: int) -> str:
    """Item ``index`` (0-based) as set on the paper: a part heading where a part starts, the
    number, the prompt and its points.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> mock_item_html(mock_paper(7), 0).startswith("<h4>Part 1")
    True
    """
    q = paper.questions[index]
    section = _section(q)
    parts = []
    if index == 0 or _section(paper.questions[index - 1]) != section:
        parts.append(f"<h4>{_e(t(f'quiz.mock.section.{section}'))}</h4>")
    kind = t(f"quiz.type.{q.type}")
    worth = t("quiz.mock.points", points=POINTS[q.type]) if POINTS[q.type] else ""
    parts.append(f"<p><b>{index + 1}.</b> {_e(q.text('prompt'))} <span style='color:#555'>({_e(kind)}{_e(worth)})</span></p>")
    return "".join(parts)


def mock_report_html(paper: MockPaper, answers: Mapping[str, object]) -> str:
    """The marked paper: the score, the short answers' key ideas, then every item with the
    learner's answer, the key, the explanation and where the key comes from.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> p = mock_paper(7)
    >>> report = mock_report_html(p, {p.questions[0].id: p.questions[0].answer})
    >>> "Score: 3 of 50 points (6%)" in report, "Key:" in report
    (True, True)
    """
    result = mock_score(paper, answers)
    lang = get_language()
    parts = [f"<h4>{_e(t('quiz.mock.marked'))}</h4>"]
    parts.append(
        f"<p><b>{_e(t('quiz.mock.score', points=result.points, max_points=result.max_points, pct=result.percent, right=result.right, objective=result.objective))}</b></p>"
    )
    shorts = [(n, v) for n, (q, v) in enumerate(zip(paper.questions, result.verdicts, strict=True), 1) if q.type == "short"]
    if shorts:
        lines = []
        for n, ideas in shorts:
            q = paper.questions[n - 1]
            if ideas is None:
                lines.append(t("quiz.mock.short_blank", n=n))
            else:
                lines.append(t("quiz.mock.short_line", n=n, found=len(ideas.found), total=len(q.key_points)))  # type: ignore[attr-defined]
        parts.append(f"<p>{_e(t('quiz.mock.short_head'))}</p><ul>" + "".join(f"<li>{_e(x)}</li>" for x in lines) + "</ul>")
    for n, (q, verdict) in enumerate(zip(paper.questions, result.verdicts, strict=True), start=1):
        value = normalise_response(q, answers.get(q.id))
        item = [f"<hr><p><b>{n}.</b> {_e(q.text('prompt'))}</p>"]
        if value is None:
            item.append(f"<p style='color:#c0392b'><b>{_e(t('quiz.mock.blank'))}</b></p>")
        elif q.type == "short":
            item.append(f"<p>{_e(t('quiz.your_answer', answer=str(value)))}</p>")
        elif verdict is True:
            item.append(f"<p style='color:#3a9a5b'><b>{_e(t('quiz.right'))}</b></p>")
        else:
            mine = _e(t("quiz.your_answer", answer=_answer_text(q, value)))
            item.append(f"<p style='color:#c0392b'><b>{_e(t('quiz.wrong'))}</b> {mine}</p>")
        if q.type == "short":
            if value is not None:
                item.append(key_ideas_html(q, value))
            item.append(f"<p><b>{_e(t('quiz.model_answer'))}</b> {_e(q.text('model_answer'))}</p>")
            if value is None:
                points = "".join(f"<li>{_e(p[lang])}</li>" for p in q.key_points)
                item.append(f"<p><b>{_e(t('quiz.key_points'))}</b></p><ul>{points}</ul>")
        else:
            item.append(f"<p><b>{_e(t('quiz.correct_answer'))}</b> {_e(_answer_text(q, q.answer))}</p>")
        if q.correction is not None:
            item.append(f"<p><b>{_e(t('quiz.correction'))}</b> {_e(q.text('correction'))}</p>")
        item.append(f"<p><b>{_e(t('quiz.explanation'))}</b> {_e(q.text('explanation'))}</p>")
        item.append(f"<p style='color:#555'>{_e(key_source_text(q))}</p>")
        parts.append("".join(item))
    return "\n".join(parts)


def mock_exam(seed: int = 0, *, n_choice: int = 10, n_true_false: int = 10, n_short: int = 2) -> MockExamWidget:
    """The mock exam widget: the whole paper with an answer input per item, a Submit button,
    then the score and the marked paper.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> w = mock_exam(7)
    >>> len(w.inputs), w.paper == mock_paper(7)
    (22, True)
    """
    from crmlib.course.quiz_widget import MockExamWidget

    return MockExamWidget(mock_paper(seed, n_choice=n_choice, n_true_false=n_true_false, n_short=n_short))
