"""Rice-shop dashboard (王永庆卖米): sliders wired to :func:`crmlib.cases.rice_shop.views.rice_shop_view`.

Examples
--------
>>> import matplotlib; matplotlib.use("Agg")
>>> from crmlib import i18n; i18n.set_language("en")
>>> dash = rice_shop_dashboard(households=60)
>>> before = dash.result[1].data
>>> dash.controls["lead_days"].value = 5
>>> dash.result[1].data.equals(before)
False
>>> import matplotlib.pyplot as plt; plt.close("all")
"""

from __future__ import annotations

from matplotlib.figure import Figure

from crmlib.cases.rice_shop.model import DEFAULT_SEED
from crmlib.cases.rice_shop.views import rice_shop_view
from crmlib.widgets.base import Dashboard, float_slider, int_slider


def rice_shop_dashboard(
    households: int = 300,
    note_error: float = 0.1,
    lead_days: int = 2,
    rival_pull: float = 0.1,
    credit_days: int = 0,
    *,
    seed: int = DEFAULT_SEED,
) -> Dashboard:
    """Sliders for households, note error, lead days, rival pull and credit days.

    Shows both strategies side by side (figure and table) for the same neighbourhood (``seed``).
    Lead days stop at 10: every jar in the drawn neighbourhoods lasts at least 13 days by the
    notes even with a 50 % note error, so no slider position is rejected.
    """
    controls = {
        "households": int_slider("rice_shop.widget.households", households, 50, 1000, 50),
        "note_error": float_slider("rice_shop.widget.note_error", note_error, 0.0, 0.5, 0.05),
        "lead_days": int_slider("rice_shop.widget.lead_days", lead_days, 0, 10),
        "rival_pull": float_slider("rice_shop.widget.rival_pull", rival_pull, 0.0, 0.5, 0.01),
        "credit_days": int_slider("rice_shop.widget.credit_days", credit_days, 0, 30),
    }

    def render(fig: Figure | None = None, **values: float) -> object:
        return rice_shop_view(**values, seed=seed, fig=fig)

    return Dashboard(controls, render, columns=2)
