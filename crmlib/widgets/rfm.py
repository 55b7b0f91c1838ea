"""Chapter 3 dashboard: the RFM R × F grid on the CDNOW data as the number of bins changes.

It only wires a slider and a dropdown to :func:`crmlib.compute.rfm.rfm_view`.

Examples
--------
>>> from crmlib import i18n; i18n.set_language("en")
>>> import pandas as pd
>>> from crmlib.compute.rfm import rfm_table
>>> tx = pd.DataFrame({"customer_id": [1, 1, 2, 3, 4], "amount": [5.0, 6.0, 50.0, 20.0, 1.0],
...                    "date": ["2024-01-01", "2024-01-05", "2024-02-01", "2024-03-01", "2024-03-02"]})
>>> dash = rfm_dashboard(rfm=rfm_table(tx))
>>> before = dash.result[1]
>>> dash.controls["bins"].value = 3
>>> dash.result[1] != before
True
>>> import matplotlib.pyplot as plt; plt.close("all")
"""

from __future__ import annotations

import pandas as pd

from crmlib.i18n import t
from crmlib.views.rfm import rfm_view
from crmlib.widgets.base import Dashboard, dropdown, int_slider


def rfm_dashboard(bins: int = 5, *, rfm: pd.DataFrame | None = None) -> Dashboard:
    """A bins slider (2–9) and a monetary-measure dropdown; shows the R × F grid.

    ``rfm`` (an :func:`crmlib.compute.rfm.rfm_table`) replaces the default CDNOW data; the dropdown
    then has no effect.
    """
    controls = {
        "bins": int_slider("rfm.widget.bins", bins, 2, 9),
        "monetary": dropdown("rfm.widget.monetary", {t(f"rfm.monetary.{m}"): m for m in ("sum", "mean")}, "sum"),
    }

    def render(bins: int, monetary: str, fig=None):
        return rfm_view(bins, monetary, rfm=rfm, fig=fig)

    return Dashboard(controls, render)
