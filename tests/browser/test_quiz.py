"""The chapter quiz in a real browser: it renders, a click on an option and on Check shows the
feedback with the explanation, Next moves on. Uses the JupyterLab and Chromium fixtures of
tests/browser/conftest.py; the notebook is written into the lab's temporary root."""

from __future__ import annotations

import re

import nbformat

from crmlib import i18n
from crmlib.course import quiz

N = len(quiz.load_bank("ch01"))  # questions in the chapter 1 bank


def _write_notebook(root, name: str, language: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(f'import crmlib; crmlib.setup("{language}")'),
        nbformat.v4.new_code_cell('from crmlib.course import quiz\nquiz.quiz("ch01")'),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, root / name)


def _open_and_run(page, lab, name: str):
    page.goto(f"{lab.url}/lab/tree/{name}?token={lab.token}")
    page.locator(".jp-Notebook:visible").first.wait_for(timeout=120_000)
    select = page.locator(".jp-Dialog .jp-mod-accept")
    try:
        select.wait_for(timeout=5_000)
        select.click()
    except Exception:  # no kernel dialog
        pass
    page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']:visible").first.wait_for(timeout=120_000)
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    # Several notebooks may be open (the lab restores its workspace): use the visible one.
    box = page.locator(".jp-NotebookPanel:visible .crm-quiz").first
    box.wait_for(timeout=120_000)
    return box


def _view_text(box) -> str:
    """The question (top) and the feedback (bottom) as shown."""
    return box.inner_text().strip()




def _run_quiz(page, lab, language: str, texts: dict[str, str]) -> None:
    name = f"quiz_{language}.ipynb"
    _write_notebook(lab.root, name, language)
    box = _open_and_run(page, lab, name)
    first = quiz.load_bank("ch01")[0]
    page.wait_for_function(
        "([el, text]) => el.innerText.includes(text)", arg=[box.element_handle(), texts["progress"]], timeout=60_000
    )
    before = _view_text(box)
    assert texts["progress"] in before
    # Click the radio button of the right option, then Check.
    option = box.locator(".widget-radio-box label", has_text=re.compile(rf"^\s*{first.answer}\. ")).first
    option.click()
    option.locator("input").wait_for(state="attached")
    page.wait_for_function("(el) => el.checked", arg=option.locator("input").element_handle(), timeout=30_000)
    box.locator("button", has_text=texts["check"]).first.click()
    page.wait_for_function(
        "([el, why]) => el.innerText.includes(why)", arg=[box.element_handle(), texts["why"]], timeout=30_000
    )
    after = _view_text(box)
    assert after != before
    assert texts["right"] in after and texts["why"] in after
    # The feedback comes below the options: question, options, then the verdict.
    assert after.index(texts["why"]) > after.index(first.option_text(first.answer, language))
    box.locator("button", has_text=texts["next"]).first.click()
    # The view re-renders in steps; wait for question 2 itself, not for the first change.
    page.wait_for_function(
        "([el, text]) => el.innerText.includes(text)",
        arg=[box.element_handle(), texts["second"]],
        timeout=30_000,
    )


def test_quiz_in_chinese(page, lab):
    i18n.set_language("zh-CN")
    texts = {
        "progress": f"第 1 题 / 共 {N} 题", "check": "提交答案", "right": "回答正确",
        "why": "解析", "next": "下一题", "second": "第 2 题",
    }
    _run_quiz(page, lab, "zh-CN", texts)


def test_quiz_in_english(page, lab):
    i18n.set_language("en")
    texts = {
        "progress": f"Question 1 of {N}", "check": "Check", "right": "Right!",
        "why": "Why:", "next": "Next", "second": f"Question 2 of {N}",
    }
    _run_quiz(page, lab, "en", texts)


# ---------------------------------------------------------------------------------------------
# the mock exam notebook, as a learner opens it: answer three items, submit, see the score


def _mock_seed(notebook) -> int:
    code = "\n".join("".join(c["source"]) for c in notebook.cells if c.cell_type == "code")
    return int(re.search(r"^seed = (\d+)$", code, re.M).group(1))


def test_mock_exam_in_english(page, lab):
    import shutil

    from tests.browser.conftest import ROOT

    i18n.set_language("en")
    name = "mock_exam.ipynb"
    shutil.copyfile(ROOT / "exam" / "en" / name, lab.root / name)
    paper = quiz.mock_paper(_mock_seed(nbformat.read(lab.root / name, as_version=4)))
    page.goto(f"{lab.url}/lab/workspaces/mockexam/tree/{name}?reset&token={lab.token}")
    page.locator(".jp-Notebook:visible").first.wait_for(timeout=120_000)
    try:
        page.locator(".jp-Dialog .jp-mod-accept").wait_for(timeout=5_000)
        page.locator(".jp-Dialog .jp-mod-accept").click()
    except Exception:  # no kernel dialog
        pass
    page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']:visible").first.wait_for(timeout=120_000)
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    box = page.locator(".jp-NotebookPanel:visible .crm-mock-exam").first
    box.wait_for(timeout=120_000)
    assert f"{paper.minutes} minutes" in box.inner_text()

    # The first choice item and the first true/false item right, the first short answer written.
    answers: dict[str, object] = {}
    radios = box.locator(".widget-radio-box")
    n_radio = 0
    first_choice, first_tf = paper.questions[0], paper.questions[paper.count("choice")]
    for q in paper.questions:
        if q is first_choice and q.type == "multiple":
            for key in q.answer:
                box.locator(".widget-checkbox label", has_text=re.compile(rf"^\s*{key}\. {re.escape(q.option_text(key)[:12])}")).first.click()
            answers[q.id] = list(q.answer)
        elif q is first_choice or q is first_tf:
            label = f"{q.answer}. " if q.type == "single" else i18n.t("quiz.true" if q.answer else "quiz.false")
            radios.nth(n_radio).locator("label", has_text=re.compile(rf"^\s*{re.escape(label)}")).first.click()
            answers[q.id] = q.answer
        n_radio += q.type in ("single", "true_false")
    short = paper.questions[paper.count("choice") + paper.count("true_false")]
    box.locator("textarea").first.fill(short.model_answer["en"])
    answers[short.id] = short.model_answer["en"]

    box.locator("button", has_text="Submit paper").click()
    page.wait_for_function("(el) => el.innerText.includes('not answered yet')", arg=box.element_handle(), timeout=30_000)
    box.locator("button", has_text="Submit anyway").click()
    page.wait_for_function("(el) => el.innerText.includes('Your marked paper')", arg=box.element_handle(), timeout=60_000)
    result = quiz.mock_score(paper, answers)
    expected = i18n.t(
        "quiz.mock.score", points=result.points, max_points=result.max_points, pct=result.percent,
        right=result.right, objective=result.objective,
    )
    assert result.points == 3 + 2  # both answered items right, the rest blank
    text = box.inner_text()
    assert expected in text
    assert i18n.t("quiz.mock.short_line", n=paper.count("choice") + paper.count("true_false") + 1,
                  found=len(short.key_points), total=len(short.key_points)) in text
    assert "Key: " in text and "Model answer:" in text
