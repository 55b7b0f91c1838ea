"""What Dick's supermarket case (迪克超市) shows people: lists in words and the dashboard view.

:func:`localize_list` puts a list's categories, reasons and headers into the reader's language;
:func:`campaign_view` takes the dashboard's parameters, runs the model and the analysis, and
returns the figure and the summary text.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from crmlib import validation as v
from crmlib.cases.supermarket.analysis import programme_summary
from crmlib.cases.supermarket.figures import plot_campaign
from crmlib.cases.supermarket.model import DEFAULTS, RIVAL_MATCH, _check_params, _simulate, _world
from crmlib.datasets.synth.supermarket import SEED
from crmlib.i18n import t

__all__ = ["campaign_view", "localize_list"]


def localize_list(lists: pd.DataFrame) -> pd.DataFrame:
    """A list ready to show: category and reason in words, headers in the current language.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> import pandas as pd
    >>> from crmlib.cases.supermarket.model import CATEGORIES, public_list
    >>> d = pd.DataFrame({"week": 3, "category": CATEGORIES, "discount": 0.0})
    >>> localize_list(public_list(d, 3, 1)).columns.tolist()
    ['Line', 'Category', 'Why it is on the list', 'Discount']
    """
    out = lists.copy()
    if "category" in out:
        out["category"] = out["category"].astype(str).map(lambda c: t(f"supermarket.category.{c}"))
    if "reason" in out:
        out["reason"] = out["reason"].astype(str).map(lambda r: t(f"supermarket.reason.{r}"))
    return out.rename(columns=lambda c: t(f"supermarket.col.{c}"))


def campaign_view(
    threshold: float = 25.0,
    list_length: int = 8,
    coupon_value: float = 35.0,
    redemption_rate: float = 0.3,
    coupon_response: float = 0.2,
    rival_match: float = RIVAL_MATCH,
    loyal_spend: float = DEFAULTS["loyal_spend"],
    *,
    households: int = 1000,
    seed: int = SEED,
    fig: Figure | None = None,
) -> tuple[Figure, str]:
    """Run the campaign twice (Dick's personal lists, and a list from public information only)
    and return a figure and a short summary (HTML) in the current language.

    ``rival_match`` is the share of publicly visible list lines rivals copy
    (:func:`crmlib.cases.supermarket.model.simulate_programme`); ``loyal_spend`` the weekly
    spend above which a household gets coupons. Lowering either turns the story around: at 0
    the public list's ROI beats the personal lists'; at $60 coupons go to a third of the treated
    households and the programme stops paying. ``fig``: the dashboard's figure, redrawn in place.

    Examples
    --------
    >>> from crmlib.cases.supermarket.figures import plt
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> fig, text = campaign_view(households=300)
    >>> len(fig.axes), "ROI" in text
    (2, True)
    >>> plt.close(fig)
    """
    seed = v.check_seed(seed)
    world_n = v.check_count(households, "households", minimum=10)
    p = _check_params({"threshold": threshold, "list_length": list_length, "coupon_value": coupon_value,
                       "loyal_spend": loyal_spend})
    rival_match = v.check_rate(rival_match, "rival_match")
    redemption_rate = v.check_rate(redemption_rate, "redemption_rate")
    coupon_response = v.check_rate(coupon_response, "coupon_response")
    pre, n_fort = 12, 13
    world = _world(world_n, seed, pre + 2 * n_fort)
    args = (redemption_rate, coupon_response, 0.05, 0.5)
    private = _simulate(world, pre, n_fort, p, *args, "private", seed, rival_match=rival_match)
    public = _simulate(world, pre, n_fort, p, *args, "public", seed, rival_match=rival_match)
    s_priv, s_pub = programme_summary(private), programme_summary(public)

    fig = plot_campaign(private, s_priv, s_pub, fig=fig)
    text = t(
        "supermarket.view.summary",
        lift=f"{s_priv['spend_lift']:.2f}",
        low=f"{s_priv['spend_ci_low']:.2f}",
        high=f"{s_priv['spend_ci_high']:.2f}",
        p="p &lt; 0.001" if s_priv["spend_p"] < 0.001 else f"p = {s_priv['spend_p']:.3f}",  # HTML text
        sow=f"{100 * s_priv['sow_lift']:.1f}",
        redemption=f"{100 * s_priv['redemption_rate']:.0f}",
        cost=f"{s_priv['programme_cost']:,.0f}",
        margin=f"{s_priv['incremental_margin']:,.0f}",
        roi=f"{100 * s_priv['roi']:.0f}",
        net=f"{s_priv['incremental_margin'] - s_priv['programme_cost']:,.0f}",
        pub_net=f"{s_pub['incremental_margin'] - s_pub['programme_cost']:,.0f}",
        rival=f"{100 * rival_match:.0f}",
        pub_lift=f"{s_pub['spend_lift']:.2f}",
        pub_roi=f"{100 * s_pub['roi']:.0f}",
        hit=f"{100 * s_priv['hit_rate']:.0f}",
        pub_hit=f"{100 * s_pub['hit_rate']:.0f}",
        treated=s_priv["treated"],
        control=s_priv["control"],
    )
    return fig, text
