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
