"""B2B customers: the decision chain (决策链) of an account and where the relationship has gaps.

In a business customer nobody "buys" alone. The course's file 000 ("客户分析：决策链鱼骨图" and
"影响客户决策模式的因素") names four roles, with an HR-software sale as the example:

=====================  =========================================  ===============================
role                   who (file 000's example)                   what they do
=====================  =========================================  ===============================
approver 决策批准人     CEO, chairman, president                   signs off the purchase
decider 决策者          HR vice-president, head of purchasing      chooses the supplier
supporter 决策支撑者    head of the user department, HR director   evaluates, recommends, uses it
influencer 决策影响者   government departments, interest groups    shapes the decision from outside
=====================  =========================================  ===============================

(Marketing texts call this the buying centre: Webster & Wind, 1972, *Journal of Marketing*
36(2):12–19, with users, influencers, buyers, deciders and gatekeepers.)

A decision-chain **map** lists the people of one account, each with a role and how strong the
supplier's relationship with them is, on a 0–3 scale: 0 no contact, 1 known (met, exchanged
cards), 2 working relationship (regular contact, trusts us on facts), 3 strong (supports us
openly). :func:`chain_coverage` says, role by role, whether the map *covers* it: at least one
person in the role with a relationship of at least ``min_strength`` (default 2, a rule of
thumb). :func:`chain_gaps` lists the roles that are not covered: the next sales calls.

Examples
--------
>>> from crmlib import i18n; i18n.set_language("en")
>>> chain = pd.DataFrame({"person": ["Li", "Wang", "Zhao"],
...                       "role": ["approver", "decider", "supporter"],
...                       "strength": [1, 3, 2]})
>>> chain_gaps(chain)
['approver', 'influencer']
"""

from __future__ import annotations

import pandas as pd

from crmlib import validation as v
from crmlib.i18n import t

__all__ = ["ROLES", "STRENGTHS", "chain_coverage", "chain_gaps"]

ROLES: tuple[str, ...] = ("approver", "decider", "supporter", "influencer")
"""The four roles of the decision chain, from the top: 决策批准人, 决策者, 决策支撑者, 决策影响者."""

STRENGTHS: tuple[int, ...] = (0, 1, 2, 3)
"""Relationship strength: 0 no contact, 1 known, 2 working relationship, 3 strong."""


def _check_chain(chain: pd.DataFrame) -> pd.DataFrame:
    frame = v.require_columns(chain, ["person", "role", "strength"], "chain")
    v.check_category_column(frame, "role", "chain", ROLES)
    v.check_category_column(frame, "strength", "chain", STRENGTHS)
    return frame


def chain_coverage(chain: pd.DataFrame, *, min_strength: int = 2) -> pd.DataFrame:
    """Role by role: who is mapped, the strongest relationship, and whether the role is covered.

    Parameters
    ----------
    chain : DataFrame
        One row per person of the account: ``person``, ``role`` (one of :data:`ROLES`) and
        ``strength`` (one of :data:`STRENGTHS`). Other columns (title, department) are ignored.
    min_strength : int
        The strength a role needs in at least one person to count as covered (1–3).

    Returns
    -------
    DataFrame
        Indexed by ``role`` in :data:`ROLES` order (all four, also those with nobody mapped):
        ``people`` (how many are mapped), ``strongest`` (their best strength, 0 if nobody),
        ``mean_strength`` (0 if nobody), ``covered`` (bool) and ``gap`` (= not covered).

    Examples
    --------
    >>> chain = pd.DataFrame({"person": ["A", "B", "C"], "role": ["decider", "decider", "supporter"],
    ...                       "strength": [1, 3, 1]})
    >>> cov = chain_coverage(chain)
    >>> int(cov.loc["decider", "people"]), int(cov.loc["decider", "strongest"]), bool(cov.loc["decider", "covered"])
    (2, 3, True)
    >>> cov["gap"].tolist()
    [True, False, True, True]
    """
    frame = _check_chain(chain)
    need = v.check_count(min_strength, "min_strength", minimum=1)
    if need > max(STRENGTHS):
        raise v.CRMInputError(t("b2b.error.min_strength", value=min_strength, top=max(STRENGTHS)))
    strength = frame["strength"].astype(int)
    grouped = strength.groupby(frame["role"].to_numpy())
    out = pd.DataFrame({
        "people": grouped.size(),
        "strongest": grouped.max(),
        "mean_strength": grouped.mean(),
    }).reindex(list(ROLES))
    out["people"] = out["people"].fillna(0).astype(int)
    out["strongest"] = out["strongest"].fillna(0).astype(int)
    out["mean_strength"] = out["mean_strength"].fillna(0.0).astype(float)
    out["covered"] = out["strongest"] >= need
    out["gap"] = ~out["covered"]
    out.index.name = "role"
    return out


def chain_gaps(chain: pd.DataFrame, *, min_strength: int = 2) -> list[str]:
    """The roles the map does not cover (see :func:`chain_coverage`), from the top of the chain.

    Examples
    --------
    >>> chain = pd.DataFrame({"person": ["A", "B", "C", "D"],
    ...                       "role": ["approver", "decider", "supporter", "influencer"],
    ...                       "strength": [2, 3, 2, 2]})
    >>> chain_gaps(chain)
    []
    >>> chain_gaps(chain, min_strength=3)
    ['approver', 'supporter', 'influencer']
    """
    coverage = chain_coverage(chain, min_strength=min_strength)
    return [str(role) for role in coverage.index[coverage["gap"]]]
