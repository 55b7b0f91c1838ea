"""Views of the capstone: each step's figure and the sentences that read it, in the current language.

Each view takes the :class:`~crmlib.compute.capstone.CapstoneResult` of
:func:`~crmlib.compute.capstone.run_capstone` and returns ``(figure or None, text)``; when the
data failed the quality check, or the step is not possible with these data, the text says why
instead of raising.
"""

from __future__ import annotations

import pandas as pd

from crmlib.compute import capstone
from crmlib.figures import capstone as capstone_figures
from crmlib.figures.rfm import plot_rf_grid
from crmlib.i18n import t

__all__ = ["alerts_view", "clv_view", "key_numbers_table", "quality_view", "recommendation_view", "segments_view"]

PERCENT_KEYS = {"repeat_share", "top20_revenue_share", "champions_customer_share", "champions_revenue_share",
                "at_risk_revenue_share", "clv_top10_share", "mean_p_alive", "red_revenue_share", "gross_margin"}


def quality_view(result: capstone.CapstoneResult) -> tuple[None, str]:
    """The report's summary sentence and whether the analysis can go on.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> print(quality_view(capstone.run_capstone(capstone.example("retailer"), today="2025-06-30"))[1])
    retailer_transactions.csv: 5,881 rows, 1,200 customers, 2023-01-01 to 2024-12-31; no problems found.
    The data pass the quality check: the analysis can go on.
    """
    report = result.quality
    tail = t("capstone.text.quality_ok") if result.ok else t("capstone.text.quality_bad", errors=report.errors)
    return None, report.summary() + "\n" + tail


def segments_view(result: capstone.CapstoneResult):
    """The R × F grid of chapter 3 and a reading of the segments.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> fig, text = segments_view(capstone.run_capstone(capstone.example("retailer")))
    >>> text.split(".")[0]
    '1,200 customers fall into 8 segments'
    >>> plt.close(fig)
    """
    if not result.ok:
        return None, t("capstone.fix_data_first")
    seg = result.segments
    largest = seg["customers"].idxmax()
    top = seg["revenue_share"].idxmax()
    k = capstone.key_numbers(result)
    text = t("capstone.text.segments", customers=f"{len(result.rfm):,}", segments=len(seg),
             largest=t(f"rfm.segment.{largest}"), largest_share=f"{seg.loc[largest, 'customer_share']:.1%}",
             top=t(f"rfm.segment.{top}"), top_share=f"{seg.loc[top, 'revenue_share']:.1%}",
             top20=f"{k['top20_revenue_share']:.1%}")
    return plot_rf_grid(result.rfm), text


def clv_view(result: capstone.CapstoneResult):
    """CLV by segment and the fitted parameters, or why the data do not allow CLV.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> fig, text = clv_view(capstone.run_capstone(capstone.example("retailer")))
    >>> text[:18]
    'BG/NBD: r = 0.435,'
    >>> plt.close(fig)
    """
    if not result.ok:
        return None, t("capstone.fix_data_first")
    clv = result.clv
    margin_key = "capstone.margin_from_cost" if clv.margin_from_cost else "capstone.margin_assumed"
    margin_note = t(margin_key, margin=f"{clv.margin:.1%}")
    if not clv.possible:
        return None, clv.reason + "\n" + margin_note
    bg, gg = clv.bgnbd, clv.gamma_gamma
    k = capstone.key_numbers(result)
    text = t("capstone.text.clv", r=f"{bg.r:.3f}", alpha=f"{bg.alpha:.3f}", a=f"{bg.a:.3f}", b=f"{bg.b:.3f}",
             p=f"{gg.p:.2f}", q=f"{gg.q:.2f}", gamma=f"{gg.gamma:.2f}", months=clv.months,
             total=f"{k['clv_total']:,.0f}", top10=f"{k['clv_top10_share']:.1%}", p_alive=f"{k['mean_p_alive']:.1%}",
             corr=f"{clv.spend_frequency_corr:.2f}")
    return capstone_figures.clv_panel(result), text + "\n" + margin_note


def alerts_view(result: capstone.CapstoneResult):
    """Customers per alert level and the revenue at stake, or why no alerts can be drawn up.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> fig, text = alerts_view(capstone.run_capstone(capstone.example("retailer")))
    >>> text[:25]
    'Checked on 2024-12-31: 88'
    >>> plt.close(fig)
    """
    if not result.ok:
        return None, t("capstone.fix_data_first")
    if not result.alerts.possible:
        return None, result.alerts.reason
    k = capstone.key_numbers(result)
    text = t("capstone.text.alerts", as_of=result.as_of.date().isoformat(), red=f"{int(k['red_alerts']):,}",
             yellow=f"{int(k['yellow_alerts']):,}", red_share=f"{k['red_revenue_share']:.1%}")
    return capstone_figures.alerts_panel(result), text


def key_numbers_table(result: capstone.CapstoneResult) -> pd.DataFrame:
    """The key numbers as a two-column table (measure, value) in the current language, formatted.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> key_numbers_table(capstone.run_capstone(capstone.example("retailer"))).iloc[0].tolist()
    ['Customers', '1,200']
    """
    if not result.ok:
        return pd.DataFrame({t("capstone.col.key"): [], t("capstone.col.value"): []})
    k = capstone.key_numbers(result)
    values = []
    for name, value in k.items():
        if pd.isna(value):
            values.append(t("capstone.key.not_available"))
        elif name in PERCENT_KEYS:
            values.append(f"{value:.1%}")
        else:
            values.append(f"{value:,.0f}")
    return pd.DataFrame({t("capstone.col.key"): [t(f"capstone.key.{n}") for n in k.index], t("capstone.col.value"): values})


def recommendation_view(result: capstone.CapstoneResult):
    """The one-page summary figure and the key-number table behind the learner's recommendation.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, table = recommendation_view(capstone.run_capstone(capstone.example("retailer")))
    >>> len(fig.axes), len(table)
    (5, 17)
    >>> plt.close(fig)
    """
    if not result.ok:
        return None, key_numbers_table(result)
    return capstone_figures.summary_page(result), key_numbers_table(result)
