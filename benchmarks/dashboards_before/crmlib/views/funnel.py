"""Dashboard views for :mod:`crmlib.compute.funnel`: Funnels: the customer formation ladder and stage-by-stage conversion.

Each view takes the dashboard's parameters, calls the computation and the figures, and returns
what the dashboard shows.
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure

from crmlib.compute.funnel import ladder_funnel
from crmlib.figures.funnel import plot_funnel
from crmlib.i18n import t

__all__ = ["ladder_view"]


def ladder_view(top: float, rates: Sequence[float]) -> tuple[Figure, str]:
    """What the ladder dashboard shows: the funnel figure and a one-line summary.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> fig, text = ladder_view(1000, [0.5, 0.5, 0.5, 0.5, 0.5, 0.5])
    >>> text
    'Of 1,000 suspects, 15.6 become advocates (1.56%); 64 suspects are needed per advocate.'
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    table = ladder_funnel(top, rates)
    last = float(table["customers"].iloc[-1])
    share = float(table["conversion_from_top"].iloc[-1])
    per = t("funnel.summary_none") if share == 0 else t("funnel.summary_per", n=f"{1 / share:,.0f}")
    text = t("funnel.summary", top=f"{top:,.0f}", last=f"{last:,.1f}", share=f"{share:.2%}") + per
    return plot_funnel(table), text
