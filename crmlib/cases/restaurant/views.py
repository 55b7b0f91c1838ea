"""Views of the restaurant case (:mod:`crmlib.cases.restaurant.model`, :mod:`~crmlib.cases.restaurant.analysis`):
its tables in the current language, and the programme-ROI dashboard's pure function with the
restaurant's privileges and the discount as an authority granted on a share of visits.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from crmlib import validation as v
from crmlib.cases.restaurant import analysis
from crmlib.cases.restaurant.analysis import ROI_DEFAULTS
from crmlib.cases.restaurant.figures import plot_grant_sweep
from crmlib.cases.restaurant.model import alert_actions, grade_table, privileges
from crmlib.i18n import t
from crmlib.views.tables import Table, show_table

__all__ = ["localized_alert_sheet", "localized_grades", "localized_moves", "localized_privileges", "localized_sheet", "roi_view",
           "show_alert_sheet", "show_grade_table", "show_privileges", "show_sheet"]

# An alert's colour in the shown sheet (light enough for dark text in both JupyterLab themes).
ALERT_COLOURS = {"red": "#f4c7c3", "yellow": "#fce8b2"}


def localized_grades(grades: Sequence[str] | pd.Series) -> list[str]:
    """Grade labels in the current language.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("zh-CN")
    >>> localized_grades(["A_quality", "ungraded"])
    ['A级品质客户', '未达等级']
    """
    return [t(f"restaurant.grade.{g}") for g in grades]


def localized_sheet(sheet: pd.DataFrame) -> pd.DataFrame:
    """An attendance sheet (:func:`~crmlib.cases.restaurant.model.attendance_sheet`) with headers and
    row labels in the current language.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> from crmlib.cases.restaurant.model import attendance_sheet, june_example_visits
    >>> shown = localized_sheet(attendance_sheet(june_example_visits(), "2024-06"))
    >>> list(shown.columns[-2:]), shown.index[0]
    (['Spend (yuan)', 'Spend per head (yuan)'], ('刘局长', 'Guests'))
    """
    out = sheet.rename(columns=lambda c: c if isinstance(c, int | np.integer) else t(f"restaurant.col.{c}"))
    out = out.rename(index=lambda m: t(f"restaurant.col.{m}") if m in ("guests", "spend") else m, level="measure")
    out.index = out.index.set_names([t("restaurant.col.customer_id"), t("restaurant.col.measure")])
    out.columns.name = t("restaurant.col.day")
    return out


def localized_privileges(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The privileges table (:func:`~crmlib.cases.restaurant.model.privileges`) with headers and
    text values in the current language.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("zh-CN")
    >>> localized_privileges().iloc[0, 0]
    '总经理'
    """
    out = (privileges() if table is None else table).copy()
    out["host"] = [t(f"restaurant.host.{h}") for h in out["host"]]
    out["wechat_group"] = [t(f"restaurant.wechat.{w}") for w in out["wechat_group"]]
    return out.rename(columns=lambda c: t(f"restaurant.col.{c}")).rename_axis(t("restaurant.col.tier"))


def localized_alert_sheet(sheet: pd.DataFrame) -> pd.DataFrame:
    """The alert sheet (:func:`~crmlib.cases.restaurant.analysis.alert_sheet`) in the current language,
    with the actions for each customer in one column.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> from crmlib.cases.restaurant.model import seed_alert_examples
    >>> shown = localized_alert_sheet(seed_alert_examples())
    >>> shown.iloc[0, 0], list(shown.columns)[-1]
    ('Red', 'Actions')
    """
    out = v.require_columns(sheet, ["level", "reason"], "sheet", allow_empty=True).copy()
    out["actions"] = [" ".join(alert_actions(r)) for r in out["reason"]]
    out["level"] = [t(f"restaurant.level.{x}") for x in out["level"]]
    out["reason"] = [t(f"restaurant.reason.{x}") for x in out["reason"]]
    if "grade_previous" in out.columns:
        out["grade_previous"] = localized_grades(out["grade_previous"])
    out = out.rename(columns=lambda c: t(f"restaurant.col.{c}"))
    return out.rename_axis(t("restaurant.col.customer_id"))


def show_grade_table(table: pd.DataFrame | None = None) -> Table:
    """The grade table (:func:`~crmlib.cases.restaurant.model.grade_table`) as a learner reads it:
    one row per grade, best first, thresholds in yuan as plain numbers (the headers name the unit).

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> shown = show_grade_table()
    >>> shown.text.index[:2].tolist(), shown.text.iloc[0].tolist()
    (['A quality', 'A active'], ['Quality', '6', '5,000', '80', '100'])
    """
    out = (grade_table() if table is None else table).drop(columns="tier", errors="ignore").set_index("grade")
    return show_table(out, dict.fromkeys(["min_visits", "min_spend", "min_spend_per_head", "max_spend_per_head"], "int"),
                      prefix="restaurant.col", values={"kind": lambda k: t(f"restaurant.col.kind_{k}")},
                      index_values="restaurant.grade")


def show_privileges(table: pd.DataFrame | None = None) -> Table:
    """The privileges of each tier (:func:`~crmlib.cases.restaurant.model.privileges`) as a learner
    reads it: the lowest discount as the share of the bill paid (85%), yuan as plain numbers.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> shown = show_privileges()
    >>> shown.text.loc["A"].tolist()[:2], shown.text.loc["A", "Lowest discount (price paid)"]
    (['General manager', '3'], '85%')
    """
    out = privileges() if table is None else table
    formats = {c: "int" for c in out.columns if c not in ("host", "wechat_group", "lowest_discount")}
    return show_table(out, {**formats, "lowest_discount": "pct0"}, prefix="restaurant.col",
                      values={"host": "restaurant.host", "wechat_group": "restaurant.wechat"})


def show_sheet(sheet: pd.DataFrame) -> Table:
    """An attendance sheet (:func:`~crmlib.cases.restaurant.model.attendance_sheet`) as the slide
    draws it: a blank box on a day without a visit, the month's totals on each customer's guests
    row; a note under the table says so.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> from crmlib.cases.restaurant.model import attendance_sheet, june_example_visits
    >>> shown = show_sheet(attendance_sheet(june_example_visits(), "2024-06"))
    >>> shown.text.iloc[:2, 2].tolist(), shown.text.iloc[:2, -1].tolist(), "NaN" in repr(shown)
    (['7', '520'], ['75.3', ''], False)
    """
    days = [c for c in sheet.columns if isinstance(c, int | np.integer)]
    out = sheet.copy()
    out[days] = out[days].where(out[days] != 0)  # no visit that day: a blank box, as on paper
    out = out.rename(index=lambda m: t(f"restaurant.col.{m}") if m in ("guests", "spend") else m, level="measure")
    formats = {**dict.fromkeys(days, "int"), **{c: "int" for c in ("visits", "guests", "spend") if c in out.columns}}
    if "spend_per_head" in out.columns:
        formats["spend_per_head"] = "num1"
    headers = {d: str(d) for d in days}
    return show_table(out, formats, prefix="restaurant.col", headers=headers, missing="",
                      note=t("restaurant.note.sheet_blank"))


def show_alert_sheet(sheet: pd.DataFrame, *, actions: bool = True) -> Table:
    """The alert sheet (:func:`~crmlib.cases.restaurant.analysis.alert_sheet`) as a learner reads it:
    levels, reasons and grades in the current language, red and yellow cells coloured, the actions
    for each customer in one column (``actions=False`` leaves them out). A count the data do not
    hold (the slide's 王先生 last month) is shown as ``—`` and a note says what it means.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> from crmlib.cases.restaurant.model import seed_alert_examples
    >>> shown = show_alert_sheet(seed_alert_examples())
    >>> shown.text.iloc[:, :3].values.tolist()
    [['Red', 'No visit since a complaint', '1'], ['Yellow', 'Left feedback', '—']]
    >>> shown.note, "#f4c7c3" in shown._repr_html_()
    ('—: not known (not in the data).', True)
    """
    out = v.require_columns(sheet, ["level", "reason"], "sheet", allow_empty=True).copy()
    if actions:
        out["actions"] = [" ".join(alert_actions(r)) for r in out["reason"]]
    counts = [c for c in ("visits_previous", "visits_current") if c in out.columns]
    formats = {**dict.fromkeys(counts, "int"), **({"spend_current": "int"} if "spend_current" in out.columns else {})}
    values = {"level": "restaurant.level", "reason": "restaurant.reason"}
    if "grade_previous" in out.columns:
        values["grade_previous"] = "restaurant.grade"
    unknown = bool(out.drop(columns=["level", "reason"]).isna().any().any())
    out = out.rename_axis("customer_id")
    return show_table(out, formats, prefix="restaurant.col", values=values, highlight={"level": ALERT_COLOURS},
                      note=t("restaurant.note.unknown") if unknown else None)


def localized_moves(moves: pd.DataFrame) -> pd.DataFrame:
    """The grade transition table (:func:`~crmlib.cases.restaurant.analysis.grade_moves`) with grade
    labels in the current language.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> from crmlib.cases.restaurant.analysis import grade_moves
    >>> m = localized_moves(grade_moves(pd.DataFrame({"grade_before": ["A_quality"], "grade_after": ["absent"]})))
    >>> m.index[0], m.columns[-1]
    ('A quality', 'No visit')
    """
    out = moves.copy()
    out.index = pd.Index(localized_grades(moves.index), name=t("restaurant.axis.grade_before"))
    out.columns = pd.Index(localized_grades(moves.columns), name=t("restaurant.axis.grade_after"))
    return out


def _breakeven_text(share: float) -> str:
    if np.isnan(share) or share > 1:
        return t("restaurant.roi_breakeven_always")
    if share < 0:
        return t("restaurant.roi_breakeven_never")
    return t("restaurant.roi_breakeven", share=f"{100 * share:.0f}%")


def roi_view(
    tiers: pd.DataFrame,
    *,
    uplift: float = ROI_DEFAULTS["uplift"],
    margin: float = ROI_DEFAULTS["margin"],
    discountable_share: float = ROI_DEFAULTS["discountable_share"],
    grant_share: float = ROI_DEFAULTS["grant_share"],
    include_trip: bool = False,
    fig: Figure | None = None,
) -> tuple[Figure, str]:
    """The restaurant's programme-ROI dashboard: ROI of each tier against the share of visits on
    which staff grant the lowest discount, and a verdict: cost, protected margin, ROI (chapter 7's
    text) and the grant share at which the whole programme stops paying. ``fig``: the dashboard's
    figure, redrawn in place.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> tiers = pd.DataFrame({"members": [10], "annual_spend": [60000.0]}, index=["A"])

    Without the discount an A member costs 200 yuan of gifts and 2,100 of banquets a year:

    >>> fig, text = roi_view(tiers, uplift=0.2, margin=0.4, grant_share=0.0); plt.close(fig)
    >>> text.split(" ROI")[0]
    'Programme cost 23,000 yuan; protected margin 48,000 yuan;'
    >>> text.endswith("on more than 56% of visits.")
    True
    """
    kw = {"uplift": uplift, "margin": margin, "discountable_share": discountable_share, "include_trip": include_trip}
    table = analysis.roi(tiers, grant_share=grant_share, **kw)
    sweep = analysis.grant_share_sweep(tiers, **kw)
    be = float(analysis.breakeven_grant_share(tiers, **kw)["total"])
    tot = table.loc["total"]
    text = t(
        "loyalty.roi_text", cost=f"{tot['cost']:,.0f}", margin=f"{tot['protected_margin']:,.0f}",
        roi=f"{100 * tot['roi']:.1f}%",
    )
    return plot_grant_sweep(sweep, grant_share, fig=fig), f"{text} {_breakeven_text(be)}"
