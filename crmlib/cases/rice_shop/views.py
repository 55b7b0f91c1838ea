"""Dashboard view of the rice-shop case (王永庆卖米): parameters -> figure and table to show.

Each view takes the dashboard's parameters, calls the computation and the figures, and returns
what the dashboard shows.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from crmlib import validation as v
from crmlib.cases.rice_shop.analysis import comparison_table
from crmlib.cases.rice_shop.figures import plot_comparison
from crmlib.cases.rice_shop.model import DEFAULT_SEED, compare
from crmlib.i18n import labels, localize, t
from crmlib.views.tables import Table, show_table

__all__ = ["rice_shop_view"]


def rice_shop_view(
    households: int = 300,
    note_error: float = 0.1,
    lead_days: int = 2,
    rival_pull: float = 0.1,
    credit_days: int = 0,
    *,
    seed: int = DEFAULT_SEED,
    fig: Figure | None = None,
) -> tuple[Figure, Table]:
    """What the rice-shop dashboard shows: both strategies side by side (figure and table).

    The table (a :class:`crmlib.views.tables.Table`) has one row per strategy with headers in the
    current language: ``.data`` holds the numbers (shares in %, money in yuan, rounded), ``.text``
    what the learner sees (``¥190,110``, ``24.0%``).
    ``fig``: the dashboard's figure, redrawn in place.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> fig, table = rice_shop_view(households=60)
    >>> table.data.columns[0]
    'Wang share at start'
    >>> table.text.iloc[0, 0].endswith("%")
    True
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    households = v.check_count(households, "households", minimum=1)
    runs = compare(n_households=households, note_error=note_error, lead_days=lead_days, rival_pull=rival_pull, seed=seed)
    table = comparison_table(runs, credit_days)
    shown = table.copy()
    shown[["share_start", "share_end"]] = (shown[["share_start", "share_end"]] * 100).round(1)
    shown[["revenue", "money_owed"]] = shown[["revenue", "money_owed"]].round(0)
    shown = localize(shown.rename(index=labels("rice_shop.strategy", shown.index)), "rice_shop.col")
    formats = {t(f"rice_shop.col.{c}"): kind for c, kind in
               (("share_start", "{:.1f}%"), ("share_end", "{:.1f}%"), ("revenue", "yuan"), ("money_owed", "yuan"))}
    return plot_comparison(runs, fig=fig), show_table(shown, formats, prefix=None)
