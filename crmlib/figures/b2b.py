"""Figures for :mod:`crmlib.compute.b2b`: the decision-chain map of a B2B account.

Plotting only: every number comes from the computation module.
"""

from __future__ import annotations

import pandas as pd

from crmlib.i18n import t

__all__ = ["plot_decision_chain"]

STRENGTH_COLORS = {0: "#d9d9d9", 1: "#f4c27a", 2: "#8cc084", 3: "#2f7d4a"}


def plot_decision_chain(chain: pd.DataFrame, coverage: pd.DataFrame, *, title: str | None = None):
    """Draw the map: one column per role (approver on the left), one box per person coloured by
    the strength of the relationship; a role that is not covered is marked as a gap.

    Parameters
    ----------
    chain : DataFrame
        The map: ``person``, ``role``, ``strength`` and optionally ``title`` (shown under the name).
    coverage : DataFrame
        The result of :func:`crmlib.compute.b2b.chain_coverage` for the same map.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlib.figures.theme import use_theme; use_theme()
    >>> from crmlib.compute.b2b import chain_coverage
    >>> chain = pd.DataFrame({"person": ["A", "B"], "role": ["decider", "supporter"], "strength": [3, 1]})
    >>> fig = plot_decision_chain(chain, chain_coverage(chain))
    >>> len(fig.axes[0].patches)
    2
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyBboxPatch, Patch

    roles = list(coverage.index)
    rows = max(1, int(coverage["people"].max()))
    fig, ax = plt.subplots(figsize=(2.4 * len(roles) + 0.6, 1.1 * rows + 2.0))
    for i, role in enumerate(roles):
        covered = bool(coverage.loc[role, "covered"])
        head = t(f"b2b.role.{role}") + "\n" + t("b2b.covered" if covered else "b2b.gap")
        ax.text(i + 0.5, rows + 0.35, head, ha="center", va="bottom", fontsize=10,
                color="#222222" if covered else "#c0504d")  # the bundled CJK font has no bold face (matplotlib would warn)
        people = chain[chain["role"] == role].sort_values("strength", ascending=False, kind="stable")
        for j, (_, person) in enumerate(people.iterrows()):
            y = rows - 1 - j
            strength = int(person["strength"])
            ax.add_patch(FancyBboxPatch((i + 0.06, y + 0.1), 0.88, 0.8, boxstyle="round,pad=0.02",
                                        facecolor=STRENGTH_COLORS[strength], edgecolor="#555555"))
            label = str(person["person"])
            if "title" in chain.columns and pd.notna(person["title"]):
                label += "\n" + str(person["title"])
            ax.text(i + 0.5, y + 0.5, label, ha="center", va="center", fontsize=9,
                    color="white" if strength == 3 else "#222222")
    ax.set_xlim(0, len(roles))
    ax.set_ylim(0, rows + 1.2)
    ax.axis("off")
    handles = [Patch(facecolor=c, edgecolor="#555555", label=t(f"b2b.strength.{s}")) for s, c in STRENGTH_COLORS.items()]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=4, fontsize=8, frameon=False)
    ax.set_title(title or t("b2b.title"))
    fig.tight_layout()
    return fig
