"""The quiz widget: buttons and answer inputs wired to the pure state functions of
:mod:`crmlib.course.quiz`. Everything shown comes from :func:`crmlib.course.quiz.question_html` (above the
answer input) and :func:`crmlib.course.quiz.feedback_html` (below the buttons); the widget only keeps
the current :class:`~crmlib.course.quiz.QuizState` and rebuilds the input for each question.

Examples
--------
>>> from crmlib import i18n; i18n.set_language("en")
>>> from crmlib.course import quiz
>>> qs = [q for q in quiz.load_bank("exam") if q.type == "single"][:2]
>>> w = QuizWidget(quiz.start(qs))
>>> w.controls["choice"].value = qs[0].answer
>>> w.buttons["check"].click()
>>> "✔ Right!" in w.result
True
>>> w.buttons["next"].click(); w.state.index
1
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from crmlib.course import quiz as q
from crmlib.i18n import t

_LAYOUT = widgets.Layout(width="min(640px, 95%)")


class QuizWidget(widgets.VBox):
    """One question at a time: the question and feedback (HTML), an answer input, buttons.

    Attributes
    ----------
    state : crmlib.course.quiz.QuizState
        The current state; replaced (never mutated) on every click.
    result : str
        The HTML last rendered by :func:`crmlib.course.quiz.quiz_view` (question and feedback).
    controls : dict
        ``"choice"`` (radio buttons: single choice and true/false), ``"multi"`` (one checkbox
        per option key) and ``"text"`` (short answers). Only the one for the current question
        is shown.
    buttons : dict
        ``"check"``, ``"next"`` and ``"restart"``.
    """

    def __init__(self, state: q.QuizState):
        self.state = state
        self.result = ""
        self.view = widgets.HTML(layout=_LAYOUT)  # the question (or the final score)
        self.feedback = widgets.HTML(layout=_LAYOUT)  # verdict, answer and explanation
        self.controls: dict[str, object] = {
            "choice": widgets.RadioButtons(options=[], value=None, layout=_LAYOUT),
            "multi": {},
            "text": widgets.Textarea(placeholder=t("quiz.answer_box"), rows=4, layout=_LAYOUT),
        }
        self.answer_box = widgets.VBox()
        self.buttons = {
            "check": widgets.Button(description=t("quiz.check"), button_style="primary"),
            "next": widgets.Button(description=t("quiz.next")),
            "restart": widgets.Button(description=t("quiz.restart")),
        }
        self.buttons["check"].on_click(lambda _: self._set(q.submit(self.state, self.response())))
        self.buttons["next"].on_click(lambda _: self._set(q.advance(self.state), new_question=True))
        self.buttons["restart"].on_click(lambda _: self._set(q.restart(self.state), new_question=True))
        super().__init__([self.view, self.answer_box, widgets.HBox(list(self.buttons.values())), self.feedback])
        self.add_class("crm-quiz")
        self._set(state, new_question=True)

    def response(self) -> object:
        """The learner's current input for the current question (not yet validated)."""
        question = self.state.current
        if question.type in ("single", "true_false"):
            return self.controls["choice"].value
        if question.type == "multiple":
            return [key for key, box in self.controls["multi"].items() if box.value]
        return self.controls["text"].value

    def _build_input(self) -> None:
        question = self.state.current
        if question.type == "single":
            opts = [(f"{key}. {question.option_text(key)}", key) for key in question.option_keys]
        elif question.type == "true_false":
            opts = [(t("quiz.true"), True), (t("quiz.false"), False)]
        else:
            opts = None
        if opts is not None:
            radio = self.controls["choice"]
            radio.options = opts
            radio.value = None
            self.answer_box.children = [radio]
        elif question.type == "multiple":
            self.controls["multi"] = {
                key: widgets.Checkbox(
                    value=False, description=f"{key}. {question.option_text(key)}", indent=False, layout=_LAYOUT
                )
                for key in question.option_keys
            }
            self.answer_box.children = list(self.controls["multi"].values())
        else:
            self.controls["text"].value = ""
            self.answer_box.children = [self.controls["text"]]

    def _set(self, state: q.QuizState, *, new_question: bool = False) -> None:
        self.state = state
        if state.finished:
            self.answer_box.children = []
        elif new_question or not self.answer_box.children:
            self._build_input()
        revealed = not state.finished and state.revealed
        for box in [self.controls["choice"], self.controls["text"], *self.controls["multi"].values()]:
            box.disabled = revealed
        self.buttons["check"].disabled = state.finished or revealed
        self.buttons["next"].disabled = state.finished or not revealed
        last = state.index + 1 == len(state.questions)
        self.buttons["next"].description = t("quiz.finish") if last else t("quiz.next")
        self.result = q.quiz_view(state)
        self.view.value = q.question_html(state)
        self.feedback.value = q.feedback_html(state)


class MockExamWidget(widgets.VBox):
    """The whole mock paper at once: the heading (seed, parts, time suggestion), each item with
    its answer input, a Submit button, then the score and the marked paper from
    :func:`crmlib.course.quiz.mock_report_html`.

    Attributes
    ----------
    paper : crmlib.course.quiz.MockPaper
    inputs : dict
        Question id -> its input: radio buttons (single choice, true/false), a dict of
        checkboxes by option key (multiple choice) or a text area (short answer).
    submitted : bool
    report : str
        The HTML of the marked paper once submitted ('' before).

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> w = MockExamWidget(q.mock_paper(7, n_choice=1, n_true_false=1, n_short=0))
    >>> first, second = w.paper.questions
    >>> w.inputs[first.id].value = first.answer
    >>> w.submit.click()  # one item blank: asks again first
    >>> w.submitted, "not answered yet" in w.notice.value
    (False, True)
    >>> w.submit.click()
    >>> w.submitted, "Score: 3 of 5 points" in w.report
    (True, True)
    """

    def __init__(self, paper: q.MockPaper):
        self.paper = paper
        self.submitted = False
        self.report = ""
        self._confirm = False
        self.inputs: dict[str, object] = {}
        children: list[widgets.Widget] = [widgets.HTML(q.mock_header_html(paper), layout=_LAYOUT)]
        for i, question in enumerate(paper.questions):
            children.append(widgets.HTML(q.mock_item_html(paper, i), layout=_LAYOUT))
            box = self._input(question)
            self.inputs[question.id] = box
            children.append(widgets.VBox(list(box.values())) if isinstance(box, dict) else box)
        self.submit = widgets.Button(description=t("quiz.mock.submit"), button_style="primary")
        self.submit.on_click(lambda _: self._submit())
        self.notice = widgets.HTML(layout=_LAYOUT)
        self.result = widgets.HTML(layout=_LAYOUT)
        super().__init__([*children, self.submit, self.notice, self.result])
        self.add_class("crm-quiz")
        self.add_class("crm-mock-exam")

    @staticmethod
    def _input(question: q.Question) -> object:
        if question.type == "single":
            opts = [(f"{key}. {question.option_text(key)}", key) for key in question.option_keys]
            return widgets.RadioButtons(options=opts, value=None, layout=_LAYOUT)
        if question.type == "true_false":
            return widgets.RadioButtons(options=[(t("quiz.true"), True), (t("quiz.false"), False)], value=None, layout=_LAYOUT)
        if question.type == "multiple":
            return {
                key: widgets.Checkbox(value=False, description=f"{key}. {question.option_text(key)}", indent=False, layout=_LAYOUT)
                for key in question.option_keys
            }
        return widgets.Textarea(placeholder=t("quiz.answer_box_paper"), rows=4, layout=_LAYOUT)

    def answers(self) -> dict[str, object]:
        """Question id -> the learner's current input (not yet validated)."""
        out: dict[str, object] = {}
        for qid, box in self.inputs.items():
            if isinstance(box, dict):
                out[qid] = [key for key, check in box.items() if check.value]
            else:
                out[qid] = box.value  # type: ignore[attr-defined]
        return out

    def _submit(self) -> None:
        if self.submitted:
            return
        answers = self.answers()
        blank = q.mock_score(self.paper, answers).blank
        if blank and not self._confirm:
            self._confirm = True
            self.notice.value = f"<p style='color:#c0392b'>{html.escape(t('quiz.mock.unanswered', n=len(blank), items=', '.join(map(str, blank))))}</p>"
            self.submit.description = t("quiz.mock.submit_anyway")
            return
        self.submitted = True
        for box in self.inputs.values():
            for control in box.values() if isinstance(box, dict) else [box]:
                control.disabled = True  # type: ignore[attr-defined]
        self.submit.disabled = True
        self.notice.value = ""
        self.report = q.mock_report_html(self.paper, answers)
        self.result.value = self.report
