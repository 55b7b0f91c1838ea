"""Dashboard views for :mod:`crmlib.compute.satisfaction`: Customer satisfaction (chapter 6): expectation vs perception, NPS, drivers, IPA, repurchase.

Each view takes the dashboard's parameters, calls the computation and the figures, and returns
what the dashboard shows.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from crmlib import validation as v
from crmlib.compute.satisfaction import ATTRIBUTES, attribute_scores
from crmlib.figures.satisfaction import plot_attribute_scores
from crmlib.i18n import t

__all__ = ["expectation_view"]


def expectation_view(
    survey: pd.DataFrame, shift: float = 0.0, attribute: str = "all", *, fig: Figure | None = None
) -> tuple[Figure, str]:
    """What raising (or lowering) expectations does to C = b/a: the widget's pure function.

    Adds ``shift`` rating points to the expectation of one attribute (or of all), clipped to the
    1–7 scale, and recomputes C per attribute. Promising more in advertising raises a; the meal
    (b) is the same; C falls. ``fig``: the dashboard's figure from the previous update, redrawn in place.

    Returns
    -------
    (Figure, str)
        The bar chart and one line of text with the mean C over attributes.

    Examples
    --------
    >>> from crmlib.figures.satisfaction import plt
    >>> from crmlib.figures.theme import use_theme; use_theme()
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> from crmlib.datasets.synth import survey
    >>> fig, text = expectation_view(survey.generate(), 1.0, "dishes"); plt.close(fig)
    >>> text.startswith("Mean C")
    True
    """
    shift = v.check_number(shift, "shift")
    if not -6 <= shift <= 6:  # beyond ±6 every expectation would end at 1 or 7: refuse, never clamp
        raise v.CRMInputError(t("error.values_out_of_range", name="shift", low=-6, high=6, value=shift))
    v.check_choice(attribute, "attribute", ["all", *ATTRIBUTES])
    targets = ATTRIBUTES if attribute == "all" else (attribute,)
    data = v.require_columns(survey, [f"expect_{a}" for a in targets], "survey").copy()
    for a in targets:
        col = f"expect_{a}"
        data[col] = (v.check_scale(data, col, 1, 7) + shift).clip(1, 7)  # a shifted rating stays on the scale
    scores = attribute_scores(data)
    fig = plot_attribute_scores(scores, fig=fig)
    text = t("satisfaction.mean_ratio", value=f"{scores['ratio'].mean():.3f}", below=f"{(scores['ratio'] < 1).sum()}")
    return fig, text
