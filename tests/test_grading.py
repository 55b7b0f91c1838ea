"""Tests of crmlib.compute.grading: grading by rules (chapter 3; the restaurant case's grade table uses it)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlib import i18n
from crmlib.compute import grading as G
from crmlib.validation import CRMInputError

pytestmark = pytest.mark.usefixtures("en")  # English throughout (tests/conftest.py)


# --- known values ---------------------------------------------------------------------------

def test_grade_by_rules_general_and_boundaries():
    # a minimum is met at equality (100 >= 100); 99.99 misses "top" but meets "mid"; every criterion must be met
    rules = pd.DataFrame({"grade": ["top", "mid"], "min_sales": [100, 50], "min_orders": [5, 1]})
    m = pd.DataFrame({"sales": [100, 99.99, 500, 0], "orders": [5, 5, 0, 0]}, index=list("wxyz"))
    out = G.grade_by_rules(m, rules, default="none")
    assert out.to_dict() == {"w": "top", "x": "mid", "y": "none", "z": "none"}
    assert out.name == "grade"


def test_first_matching_rule_wins():
    # rules are read top down: a row meeting both gets the first, even if the second is "stricter" elsewhere
    rules = pd.DataFrame({"grade": ["first", "second"], "min_sales": [10, 0]})
    assert G.grade_by_rules(pd.DataFrame({"sales": [10, 9]}), rules).tolist() == ["first", "second"]


def test_rule_criteria():
    rules = pd.DataFrame({"grade": ["A"], "min_visits": [6], "note": ["x"], "min_spend": [5000]})
    assert G.rule_criteria(rules) == ["visits", "spend"]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0, 1000), min_size=1, max_size=20), st.floats(0, 500))
def test_more_is_never_a_lower_grade(sales, extra):
    rules = pd.DataFrame({"grade": ["gold", "silver", "bronze"], "min_sales": [600, 300, 100]})
    order = {"gold": 0, "silver": 1, "bronze": 2, G.UNGRADED: 3}
    before = G.grade_by_rules(pd.DataFrame({"sales": sales}), rules).map(order)
    after = G.grade_by_rules(pd.DataFrame({"sales": [s + extra for s in sales]}), rules).map(order)
    assert (after <= before).all()


# --- bad input ------------------------------------------------------------------------------

def test_rules_without_criteria():
    with pytest.raises(CRMInputError, match="rules"):
        G.grade_by_rules(pd.DataFrame({"sales": [1]}), pd.DataFrame({"grade": ["x"]}))


def test_rules_without_grade_column():
    with pytest.raises(CRMInputError, match="grade"):
        G.grade_by_rules(pd.DataFrame({"sales": [1]}), pd.DataFrame({"min_sales": [1]}))


def test_rules_negative_threshold():
    with pytest.raises(CRMInputError, match="min_sales"):
        G.grade_by_rules(pd.DataFrame({"sales": [1]}), pd.DataFrame({"grade": ["x"], "min_sales": [-1]}))


def test_metrics_missing_criterion_column():
    with pytest.raises(CRMInputError, match="orders"):
        G.grade_by_rules(pd.DataFrame({"sales": [1]}), pd.DataFrame({"grade": ["x"], "min_sales": [1], "min_orders": [1]}))


def test_metrics_not_numeric():
    with pytest.raises(CRMInputError, match="sales"):
        G.grade_by_rules(pd.DataFrame({"sales": ["many"]}), pd.DataFrame({"grade": ["x"], "min_sales": [1]}))


def test_error_message_in_chinese():
    i18n.set_language("zh-CN")
    with pytest.raises(CRMInputError, match="规则表 rules"):
        G.grade_by_rules(pd.DataFrame({"sales": [1]}), pd.DataFrame({"grade": ["x"]}))
