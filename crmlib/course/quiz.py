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
    # short: model_answer = {...} and key_points = [ {...}, ... ]
    source = "seed 003: ..."            # optional: where the question comes from

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
from crmlib.validation import CRMInputError, check_choice, check_count

if TYPE_CHECKING:  # pragma: no cover
    from crmlib.course.quiz_widget import QuizWidget

QUESTION_DIR = Path(__file__).with_name("questions")
TYPES: tuple[str, ...] = ("single", "multiple", "true_false", "short")
CHAPTERS = range(1, 10)
BANKS: tuple[str, ...] = tuple(f"ch{n:02d}" for n in CHAPTERS) + ("exam",)

_REQUIRED = ("id", "chapter", "type", "prompt", "explanation")
_ALLOWED = {
    "single": {"options", "answer", "source"},
    "multiple": {"options", "answer", "source"},
    "true_false": {"answer", "correction", "source"},
    "short": {"model_answer", "key_points", "source"},
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
        q["key_points"] = tuple(
            _text({f"key_points[{i}]": p}, f"key_points[{i}]", where, qid) for i, p in enumerate(points)
        )
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
            points = "".join(f"<li>{_e(p[get_language()])}</li>" for p in q.key_points)
            parts.append(f"<p><b>{_e(t('quiz.model_answer'))}</b> {_e(q.text('model_answer'))}</p>")
            parts.append(f"<p><b>{_e(t('quiz.key_points'))}</b></p><ul>{points}</ul>")
            parts.append(f"<p>{_e(t('quiz.self_check'))}</p>")
        else:
            parts.append(f"<p><b>{_e(t('quiz.correct_answer'))}</b> {_e(_answer_text(q, q.answer))}</p>")
        if q.correction is not None:
            parts.append(f"<p><b>{_e(t('quiz.correction'))}</b> {_e(q.text('correction'))}</p>")
        parts.append(f"<p><b>{_e(t('quiz.explanation'))}</b> {_e(q.text('explanation'))}</p>")
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
