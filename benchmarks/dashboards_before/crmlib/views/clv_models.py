"""Dashboard views for :mod:`crmlib.compute.clv_models`: Probability models of customer value: BG/NBD for repeat purchases, Gamma-Gamma for spend.

Each view takes the dashboard's parameters, calls the computation and the figures, and returns
what the dashboard shows.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from crmlib import validation as v
from crmlib.compute.clv_models import CDNOW_BGNBD, expected_purchases, p_alive
from crmlib.i18n import t

__all__ = ["p_alive_view"]


def p_alive_view(frequency: int = 2, recency: float = 30.0, T: float = 38.86) -> tuple[Figure, str]:
    """P(alive) and expected purchases in the next 39 weeks for one CDNOW customer history.

    Uses the published CDNOW estimates. The figure shows P(alive) against recency for the
    chosen frequency.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> fig, text = p_alive_view(2, 30.43, 38.86)
    >>> text
    'x = 2 repeat purchases, last at week 30.4 of 38.9: P(alive) = 0.73, expected purchases in the next 39 weeks = 1.23.'
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    x = v.check_count(frequency, "frequency")
    T_ = v.check_positive(T, "T")
    tx = min(v.check_nonnegative(recency, "recency"), T_)
    model = CDNOW_BGNBD
    grid = np.linspace(0, T_, 60)
    fig, ax = plt.subplots()
    for k in sorted({0, 1, x, x + 4} if x > 0 else {0, 1, 4}):
        ax.plot(grid, p_alive(model, np.full_like(grid, k), grid if k > 0 else np.zeros_like(grid), np.full_like(grid, T_)),
                linewidth=2.5 if k == x else 1.2, label=f"x = {k}")
    pa = float(p_alive(model, x, tx if x > 0 else 0.0, T_))
    ax.plot([tx if x > 0 else 0.0], [pa], "o", color="black")
    ax.set_ylim(0, 1.05)
    ax.set_xlabel(t("clv_models.axis_recency"))
    ax.set_ylabel("P(alive)")
    ax.set_title(t("clv_models.title_palive", T=f"{T_:.1f}"))
    ax.legend(loc="lower right", fontsize=9)
    fig.subplots_adjust(left=0.11, right=0.97, top=0.9, bottom=0.15)  # fixed margins keep the update fast
    exp = float(expected_purchases(model, 39, x, tx if x > 0 else 0.0, T_))
    text = t("clv_models.summary_palive", x=x, tx=f"{tx:.1f}", T=f"{T_:.1f}", p=f"{pa:.2f}", e=f"{exp:.2f}")
    return fig, text
