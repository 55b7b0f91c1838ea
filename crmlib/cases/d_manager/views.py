"""Dashboard views of the D-manager case (D经理, seed file 003): the policy simulation of
:mod:`crmlib.cases.d_manager.model`.

Each view takes the dashboard's parameters, calls the computation and the figures, and returns
what the dashboard shows.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from crmlib import validation as v
from crmlib.cases.d_manager.figures import plot_turnaround
from crmlib.cases.d_manager.model import Policy, _default_prepared, _turnaround
from crmlib.i18n import t

__all__ = ["turnaround_view"]


def turnaround_view(
    w_sales: float = 0.4,
    w_units: float = 0.2,
    w_overdue: float = 0.2,
    w_cycle: float = 0.2,
    top_share: float = 0.2,
    top_service_cost: float = 4500.0,
    standard_service_cost: float = 600.0,
    winback_rate: float = 0.5,
    *,
    fig: Figure | None = None,
) -> tuple[Figure, str]:
    """What the dashboard shows: half-year profit before and after, and a one-paragraph summary.

    The four weight sliders need not add up to 1: they are rescaled to sum to 1 (the summary
    shows the weights used). All zero is refused with a message instead of a figure. ``fig``: the
    dashboard's figure, redrawn in place.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> fig, text = turnaround_view()
    >>> text.startswith("Weights used")
    True
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    raw = {"sales": w_sales, "units": w_units, "overdue": w_overdue, "cycle_days": w_cycle}
    raw = {k: v.check_nonnegative(x, f"w_{k}") for k, x in raw.items()}
    total = sum(raw.values())
    if total <= 0:
        raise v.CRMInputError(t("d_manager.weights_all_zero"))
    weights = {k: x / total for k, x in raw.items()}
    policy = Policy(
        weights=weights, top_share=top_share, top_service_cost=top_service_cost,
        standard_service_cost=standard_service_cost, winback_rate=winback_rate,
    )
    table = _turnaround(_default_prepared(), policy)
    fig = plot_turnaround(table, fig=fig)
    sq, new = table.loc["2025H1 status quo", "profit"], table.loc["2025H1 policy", "profit"]
    text = t(
        "d_manager.view_summary",
        weights=" · ".join(f"{t('d_manager.criterion.' + k)} {w:.2f}" for k, w in weights.items()),
        status_quo=f"{sq / 1e4:,.1f}",
        policy=f"{new / 1e4:,.1f}",
        change=f"{(new - sq) / 1e4:+,.1f}",
        y0=f"{table.loc['2023H2', 'profit'] / 1e4:,.1f}",
    )
    return fig, text
