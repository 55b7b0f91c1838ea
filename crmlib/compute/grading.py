"""Grading by rules (chapter 3): each customer gets the first grade whose minimums it meets.

A grade table written as rules ("at least 6 visits and 5,000 元 a month") is the simplest way
to put customers into grades, and the one firms write down most often (the Fulihua Huashanlou restaurant's
grade table in :mod:`crmlib.cases.restaurant.model` is one). The rule table has a ``grade`` column
and one ``min_<metric>`` column per criterion, best grade first; a customer meets a rule when
every metric reaches its minimum.

Examples
--------
>>> rules = pd.DataFrame({"grade": ["gold", "silver"], "min_visits": [6, 2], "min_spend": [5000, 1000]})
>>> metrics = pd.DataFrame({"visits": [8, 8, 1], "spend": [6000, 2000, 9000]})
>>> grade_by_rules(metrics, rules).tolist()
['gold', 'silver', 'ungraded']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmlib import validation as v
from crmlib.i18n import t

UNGRADED = "ungraded"
"""Default label of a row that meets no rule."""


def rule_criteria(rules: pd.DataFrame, name: str = "rules") -> list[str]:
    """The metrics a rule table grades on: its ``min_<metric>`` columns without the prefix.

    Examples
    --------
    >>> rule_criteria(pd.DataFrame({"grade": ["A"], "min_visits": [6], "min_spend": [5000]}))
    ['visits', 'spend']
    """
    v.require_columns(rules, ["grade"], name)
    criteria = [c[4:] for c in rules.columns if isinstance(c, str) and c.startswith("min_")]
    if not criteria:
        raise v.CRMInputError(t("grading_errors.no_criteria", table=name))
    for c in criteria:
        v.check_numeric_column(rules, f"min_{c}", name, minimum=0)
    return criteria


def grade_by_rules(metrics: pd.DataFrame, rules: pd.DataFrame, *, default: str = UNGRADED) -> pd.Series:
    """Rule-based grading: each row gets the first grade (in ``rules`` order) whose minimums it meets.

    ``rules`` has a ``grade`` column and one column ``min_<metric>`` per criterion; a row of
    ``metrics`` meets a rule when, for every criterion, ``metrics[<metric>] >= min_<metric>``.
    Put the best grade first.

    Parameters
    ----------
    metrics : pandas.DataFrame
        One row per customer with a numeric column for every criterion.
    rules : pandas.DataFrame
        ``grade`` and ``min_<metric>`` columns, best grade first; minimums must be >= 0.
    default : str
        Grade of a row that meets no rule.

    Returns
    -------
    pandas.Series
        The grade of each row, with ``metrics``' index, named ``grade``.

    Examples
    --------
    >>> rules = pd.DataFrame({"grade": ["gold", "silver"], "min_sales": [100, 50]})
    >>> grade_by_rules(pd.DataFrame({"sales": [120, 60, 10]}), rules).tolist()
    ['gold', 'silver', 'ungraded']
    """
    metric_cols = rule_criteria(rules)
    v.require_columns(metrics, metric_cols, "metrics")
    thresholds = np.column_stack([v.check_numeric_column(rules, f"min_{c}", "rules", minimum=0).to_numpy() for c in metric_cols])
    values = np.column_stack([v.check_numeric_column(metrics, c, "metrics", minimum=0).to_numpy() for c in metric_cols])
    # meets[i, j]: row i meets every minimum of rule j
    meets = (values[:, None, :] >= thresholds[None, :, :]).all(axis=2)
    first = np.where(meets.any(axis=1), meets.argmax(axis=1), -1)
    labels = np.append(rules["grade"].astype(str).to_numpy(), default)
    return pd.Series(labels[first], index=metrics.index, name="grade", dtype=object)
