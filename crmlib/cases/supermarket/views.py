"""Dashboard views for :mod:`crmlib.cases.supermarket.model`: Dick's supermarket (迪克超市): personalised shopping lists, coupons and their measured lift.

Each view takes the dashboard's parameters, calls the computation and the figures, and returns
what the dashboard shows.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from crmlib import validation as v
from crmlib.cases.supermarket.figures import plot_campaign
from crmlib.cases.supermarket.model import _check_params, _simulate, _world, programme_summary
from crmlib.datasets.synth.supermarket import SEED
from crmlib.i18n import t

__all__ = ["campaign_view"]


def campaign_view(
    threshold: float = 25.0,
    list_length: int = 8,
    coupon_value: float = 35.0,
    redemption_rate: float = 0.3,
    coupon_response: float = 0.2,
    *,
    households: int = 1000,
    seed: int = SEED,
) -> tuple[Figure, str]:
    """Run the campaign twice (Dick's personal lists, and a list from public information only)
    and return a figure and a short summary (HTML) in the current language.

    Examples
    --------
    >>> from crmlib.cases.supermarket.figures import plt
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> fig, text = campaign_view(households=300)
    >>> len(fig.axes), "ROI" in text
    (2, True)
    >>> plt.close(fig)
    """
    world_n = v.check_count(households, "households", minimum=10)
    p = _check_params({"threshold": threshold, "list_length": list_length, "coupon_value": coupon_value})
    redemption_rate = v.check_rate(redemption_rate, "redemption_rate")
    coupon_response = v.check_rate(coupon_response, "coupon_response")
    pre, n_fort = 12, 13
    world = _world(world_n, seed, pre + 2 * n_fort)
    args = (redemption_rate, coupon_response, 0.05, 0.5)
    private = _simulate(world, pre, n_fort, p, *args, "private", seed)
    public = _simulate(world, pre, n_fort, p, *args, "public", seed)
    s_priv, s_pub = programme_summary(private), programme_summary(public)

    fig = plot_campaign(private, s_priv, s_pub)
    text = t(
        "supermarket.view.summary",
        lift=f"{s_priv['spend_lift']:.2f}",
        low=f"{s_priv['spend_ci_low']:.2f}",
        high=f"{s_priv['spend_ci_high']:.2f}",
        p=f"{s_priv['spend_p']:.3g}",
        sow=f"{100 * s_priv['sow_lift']:.1f}",
        redemption=f"{100 * s_priv['redemption_rate']:.0f}",
        cost=f"{s_priv['programme_cost']:,.0f}",
        margin=f"{s_priv['incremental_margin']:,.0f}",
        roi=f"{100 * s_priv['roi']:.0f}",
        pub_lift=f"{s_pub['spend_lift']:.2f}",
        pub_roi=f"{100 * s_pub['roi']:.0f}",
        hit=f"{100 * s_priv['hit_rate']:.0f}",
        pub_hit=f"{100 * s_pub['hit_rate']:.0f}",
        treated=s_priv["treated"],
        control=s_priv["control"],
    )
    return fig, text
