"""Dashboard views for :mod:`crmlib.compute.rfm`: RFM analysis (最近一次购买 Recency, 购买频率 Frequency, 消费金额 Monetary).

Each view takes the dashboard's parameters, calls the computation and the figures, and returns
what the dashboard shows.
"""

from __future__ import annotations

import pandas as pd

from crmlib import validation as v
from crmlib.compute.rfm import _cdnow_rfm, _check_bins, rfm_scores, score_distribution
from crmlib.figures.rfm import plot_rf_grid
from crmlib.i18n import t

__all__ = ["rfm_view"]


def rfm_view(bins: int = 5, monetary: str = "sum", *, rfm: pd.DataFrame | None = None):
    """What the RFM dashboard shows for a given number of bins: the R × F heat map and a line
    saying how many cells are used and how uneven the frequency bins are.

    Parameters
    ----------
    bins : int
        Number of bins per component (2–9).
    monetary : {"sum", "mean"}
        Total spend or spend per transaction.
    rfm : DataFrame, optional
        An :func:`rfm_table` to score (then ``monetary`` is ignored). Default: the CDNOW
        master file (computed once, then cached), with ``monetary`` as chosen.

    Returns
    -------
    (Figure, str)

    Examples
    --------
    >>> from crmlib.compute.rfm import rfm_table
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> tx = pd.DataFrame({"customer_id": [1, 2, 3], "date": ["2024-01-01", "2024-02-01", "2024-03-01"],
    ...                    "amount": [5.0, 50.0, 20.0]})
    >>> fig, text = rfm_view(3, rfm=rfm_table(tx))
    >>> text
    '3 customers in 3 of 27 cells; customers per F score: 0, 0, 3.'
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    bins = _check_bins(bins)
    v.check_choice(monetary, "monetary", ["sum", "mean"])
    base = _cdnow_rfm(monetary) if rfm is None else rfm
    scored = rfm_scores(base, bins)
    fig = plot_rf_grid(scored, bins)
    dist = score_distribution(scored, bins)["f_score"]
    text = t(
        "rfm.view_text",
        customers=len(scored),
        used=int(scored["rfm_cell"].nunique()),
        cells=bins**3,
        fdist=", ".join(str(int(x)) for x in dist),
    )
    return fig, text
