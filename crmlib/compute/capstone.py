"""The capstone pipeline: a learner's transactions through data quality, RFM, CLV and churn alerts.

Every step calls the chapter's own function; this module only chains them and decides, with
rules stated here, when the data allow a step:

1. data quality: :func:`crmlib.compute.data_quality.prepare_transactions`; errors stop the
   pipeline (the report is the result, never a traceback);
2. RFM scores and segments (chapter 3): :func:`crmlib.compute.rfm.rfm_analysis`,
   :func:`crmlib.compute.rfm.segment_summary`;
3. CLV (chapter 4): :func:`crmlib.compute.clv_models.rfm_summary`, :func:`~crmlib.compute.clv_models.fit_bgnbd`,
   :func:`~crmlib.compute.clv_models.fit_gamma_gamma`, :func:`~crmlib.compute.clv_models.customer_lifetime_value`,
   only when at least :data:`MIN_REPEAT_BUYERS` customers bought again and the history spans at
   least :data:`MIN_HISTORY_WEEKS` weeks (rules of thumb: with fewer repeat buyers the four BG/NBD
   parameters are poorly determined);
4. churn alerts (chapter 8): :func:`crmlib.compute.churn.purchase_gap_alerts`, which needs
   customers with two purchase days or more;
5. the key numbers of the one-page recommendation: :func:`key_numbers`.

Examples
--------
>>> result = run_capstone(example("retailer"))
>>> result.ok, result.clv.possible, len(result.rfm)
(True, True, 1200)
>>> round(float(key_numbers(result)["repeat_share"]), 3)
0.727
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from crmlib import validation as v
from crmlib.compute import churn, clv_models, concentration, rfm
from crmlib.compute.data_quality import QualityReport, prepare_transactions
from crmlib.i18n import t

EXAMPLES: tuple[str, ...] = ("retailer", "cdnow")
"""Shipped examples: the synthetic retailer (a CSV file) and the CDNOW master file (a table)."""

MIN_REPEAT_BUYERS = 30
"""Rule of thumb: fewer customers with a repeat purchase leave BG/NBD and Gamma-Gamma poorly determined."""

MIN_HISTORY_WEEKS = 12.0
"""Rule of thumb: a shorter history cannot separate a slow buyer from a lost one."""

DEFAULT_MARGIN = 0.3
"""Gross margin used for CLV when the data have no cost column (a placeholder to replace)."""


def example(name: str = "retailer") -> Path | pd.DataFrame:
    """A shipped example for the capstone: ``"retailer"`` (the path of its CSV) or ``"cdnow"`` (a table).

    The retailer's columns are ``customer_id, date, amount, channel, product, cost``; CDNOW's are
    ``customer_id, date, cds, dollars`` (the amount column is ``dollars``).

    Examples
    --------
    >>> example("retailer").name
    'retailer_transactions.csv'
    >>> list(example("cdnow").columns)
    ['customer_id', 'date', 'cds', 'dollars']
    """
    v.check_choice(name, "name", EXAMPLES)
    from crmlib import datasets

    if name == "cdnow":
        return datasets.load_cdnow_master()
    return Path(str(datasets.registry()["retailer_transactions"].path))


@dataclass(frozen=True)
class ClvResult:
    """The CLV step: fitted models and per-customer values, or the reason the data do not allow it."""

    possible: bool
    reason: str
    summary: pd.DataFrame | None = None
    bgnbd: clv_models.BGNBD | None = None
    gamma_gamma: clv_models.GammaGamma | None = None
    values: pd.DataFrame | None = None
    margin: float = DEFAULT_MARGIN
    margin_from_cost: bool = False
    months: int = 12
    spend_frequency_corr: float = float("nan")


@dataclass(frozen=True)
class AlertResult:
    """The churn-alert step: the alert table, or the reason it cannot be drawn up."""

    possible: bool
    reason: str
    alerts: pd.DataFrame | None = None


@dataclass(frozen=True)
class CapstoneResult:
    """Everything the capstone computed; later steps are ``None`` when the data quality has errors."""

    quality: QualityReport
    transactions: pd.DataFrame | None = None
    as_of: pd.Timestamp | None = None
    rfm: pd.DataFrame | None = None
    segments: pd.DataFrame | None = None
    clv: ClvResult | None = None
    alerts: AlertResult | None = None

    @property
    def ok(self) -> bool:
        """True when the data passed the quality check and the analysis ran."""
        return self.transactions is not None


def clv_step(
    transactions: pd.DataFrame,
    as_of: pd.Timestamp,
    *,
    months: int = 12,
    margin: float | None = None,
    annual_discount: float = 0.10,
    min_repeat: int = MIN_REPEAT_BUYERS,
) -> ClvResult:
    """BG/NBD + Gamma-Gamma CLV over ``months`` months, when the data allow it.

    ``margin``: the gross margin rate; by default ``1 − Σcost / Σamount`` when the table has a
    ``cost`` column, else :data:`DEFAULT_MARGIN` (say so in the recommendation). Gamma-Gamma is
    fitted on the repeat buyers with a positive mean spend; it assumes spend is independent of
    purchase frequency, so the correlation of the two among repeat buyers is reported.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": [1, 1, 2], "date": pd.to_datetime(["2024-01-01", "2024-05-01", "2024-02-01"]),
    ...                    "amount": [10.0, 12.0, 8.0]})
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> r = clv_step(tx, pd.Timestamp("2024-06-30"))
    >>> r.possible, r.reason[:60]
    (False, 'CLV cannot be estimated: only 1 customer(s) bought more than')
    """
    n_months = v.check_count(months, "months", minimum=1)
    minimum = v.check_count(min_repeat, "min_repeat", minimum=1)
    from_cost = margin is None and "cost" in transactions.columns
    if margin is None:
        total = float(transactions["amount"].sum())
        margin = 1 - float(transactions["cost"].sum()) / total if from_cost and total > 0 else DEFAULT_MARGIN
        margin = min(max(margin, 0.0), 1.0)
    rate = v.check_rate(margin, "margin")
    common = dict(margin=rate, margin_from_cost=from_cost, months=n_months)
    summary = clv_models.rfm_summary(transactions, as_of, amount_col="amount")
    weeks = float(summary["T"].max())
    if weeks < MIN_HISTORY_WEEKS:
        return ClvResult(False, t("capstone.clv.too_short", weeks=f"{weeks:.1f}", minimum=f"{MIN_HISTORY_WEEKS:g}"),
                         summary, **common)
    repeat = summary["frequency"] > 0
    spenders = repeat & (summary["monetary_value"] > 0)
    if int(spenders.sum()) < minimum:
        return ClvResult(False, t("capstone.clv.too_few_repeat", repeat=int(spenders.sum()), minimum=minimum),
                         summary, **common)
    try:
        bg = clv_models.fit_bgnbd(summary)
    except v.CRMInputError as exc:
        return ClvResult(False, t("capstone.clv.fit_failed", model="BG/NBD", detail=str(exc)), summary, **common)
    try:
        gg = clv_models.fit_gamma_gamma(summary[~repeat | spenders])
    except v.CRMInputError as exc:
        return ClvResult(False, t("capstone.clv.fit_failed", model="Gamma-Gamma", detail=str(exc)), summary, bg, **common)
    if gg.q <= 1:
        return ClvResult(False, t("capstone.clv.infinite_spend", q=f"{gg.q:.2f}"), summary, bg, gg, **common)
    try:
        values = clv_models.customer_lifetime_value(bg, gg, summary, months=n_months, margin=rate,
                                                    annual_discount=annual_discount)
    except v.CRMInputError as exc:  # e.g. a fit whose parameters make the forecast overflow
        return ClvResult(False, t("capstone.clv.fit_failed", model="BG/NBD", detail=str(exc)), summary, bg, gg, **common)
    rep = summary[spenders]
    corr = float(np.corrcoef(rep["frequency"], rep["monetary_value"])[0, 1]) if len(rep) > 2 else float("nan")
    return ClvResult(True, "", summary, bg, gg, values, spend_frequency_corr=corr, **common)


def alerts_step(transactions: pd.DataFrame, as_of: pd.Timestamp) -> AlertResult:
    """Purchase-gap alerts on ``as_of`` (chapter 8's rules of thumb: yellow at 1.5 cycles, red at 2.5).

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": [1, 2], "date": pd.to_datetime(["2024-01-01", "2024-02-01"])})
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> alerts_step(tx, pd.Timestamp("2024-03-01")).possible
    False
    """
    try:
        return AlertResult(True, "", churn.purchase_gap_alerts(transactions, as_of))
    except v.CRMInputError as exc:
        return AlertResult(False, t("capstone.alerts.not_possible", detail=str(exc)))


def run_capstone(
    data: pd.DataFrame | str | os.PathLike,
    *,
    customer: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
    channel: str | None = None,
    product: str | None = None,
    cost: str | None = None,
    date_format: str | None = None,
    drop_duplicates: bool = False,
    as_of: str | pd.Timestamp | None = None,
    months: int = 12,
    margin: float | None = None,
    annual_discount: float = 0.10,
    today: str | pd.Timestamp | None = None,
) -> CapstoneResult:
    """Run every step of the capstone on a transactions table or CSV file.

    Column parameters as in :func:`crmlib.compute.data_quality.check_transactions`; ``as_of`` is
    the analysis date (default: the last date in the data); ``months``, ``margin`` and
    ``annual_discount`` go to :func:`clv_step`. Bad data give a result whose ``quality`` report
    says what is wrong and where, with ``ok`` False and no later step: no exception.

    Examples
    --------
    >>> bad = pd.DataFrame({"customer_id": [1, 2], "date": ["2024-01-05", "yesterday"], "amount": [3.0, 4.0]})
    >>> r = run_capstone(bad, today="2024-12-31")
    >>> r.ok, r.quality.problems["check"].tolist()
    (False, ['bad_date'])
    """
    report, tx = prepare_transactions(data, customer=customer, date=date, amount=amount, channel=channel,
                                      product=product, cost=cost, date_format=date_format,
                                      drop_duplicates=drop_duplicates, today=today)
    if tx is None:
        return CapstoneResult(report)
    last = tx["date"].max()
    ref = last if as_of is None else v.check_date(as_of, "as_of").normalize()
    if ref < last:
        raise v.CRMInputError(t("rfm_errors.as_of_before_data", name="as_of", value=as_of, last=last.date()))
    scored = rfm.rfm_analysis(tx, as_of=ref)
    segments = rfm.segment_summary(scored)
    clv = clv_step(tx, ref, months=months, margin=margin, annual_discount=annual_discount)
    alerts = alerts_step(tx, ref)
    return CapstoneResult(report, tx, ref, scored, segments, clv, alerts)


KEY_NUMBERS: tuple[str, ...] = (
    "customers", "transactions", "revenue", "months_of_data", "repeat_share", "top20_revenue_share",
    "champions_customer_share", "champions_revenue_share", "at_risk_customers", "at_risk_revenue_share",
    "clv_total", "clv_top10_share", "mean_p_alive", "red_alerts", "yellow_alerts", "red_revenue_share",
    "gross_margin",
)
"""The numbers of the one-page recommendation, in order (labels ``capstone.key.<name>``)."""


def key_numbers(result: CapstoneResult) -> pd.Series:
    """The key numbers of the one-page recommendation (NaN where a step was not possible).

    ``repeat_share``: customers with two purchase days or more; ``top20_revenue_share``: revenue
    share of the top 20 % of customers (:func:`crmlib.compute.concentration.top_share`);
    ``at_risk_*``: the RFM segments "at risk" and "can't lose"; ``clv_total``: the summed CLV of
    every customer over the CLV horizon, ``clv_top10_share`` the share of the top 10 %;
    ``red_revenue_share``: past revenue of the customers with a red alert; ``gross_margin``: the
    margin rate used for CLV.

    Examples
    --------
    >>> k = key_numbers(run_capstone(example("retailer"), channel="channel", product="product", cost="cost"))
    >>> int(k["customers"]), int(k["transactions"]), round(float(k["gross_margin"]), 3)
    (1200, 5881, 0.377)
    """
    if not result.ok:
        raise v.CRMInputError(t("capstone.fix_data_first"))
    tx, scored, seg = result.transactions, result.rfm, result.segments
    revenue = float(tx["amount"].sum())
    out = dict.fromkeys(KEY_NUMBERS, float("nan"))
    out["customers"] = float(len(scored))
    out["transactions"] = float(len(tx))
    out["revenue"] = revenue
    out["months_of_data"] = float(len(tx["date"].dt.to_period("M").unique()))
    days = tx[["customer_id", "date"]].drop_duplicates().groupby("customer_id").size()
    out["repeat_share"] = float((days >= 2).mean())
    out["top20_revenue_share"] = float(concentration.top_share(scored["monetary"].to_numpy(), 0.2))
    share = seg["customer_share"] if "customer_share" in seg else pd.Series(dtype=float)
    out["champions_customer_share"] = float(share.get("champions", 0.0))
    out["champions_revenue_share"] = float(seg["revenue_share"].get("champions", 0.0))
    risky = [s for s in ("at_risk", "cant_lose") if s in seg.index]
    out["at_risk_customers"] = float(seg.loc[risky, "customers"].sum()) if risky else 0.0
    out["at_risk_revenue_share"] = float(seg.loc[risky, "revenue_share"].sum()) if risky else 0.0
    if result.clv is not None and result.clv.possible:
        clv = result.clv.values["clv"].to_numpy()
        out["clv_total"] = float(clv.sum())
        out["clv_top10_share"] = float(concentration.top_share(clv, 0.1)) if clv.sum() > 0 else float("nan")
        out["mean_p_alive"] = float(result.clv.values["p_alive"].mean())
    if result.clv is not None:
        out["gross_margin"] = float(result.clv.margin)
    if result.alerts is not None and result.alerts.possible:
        levels = result.alerts.alerts.set_index("customer_id")["level"]
        out["red_alerts"] = float((levels == "red").sum())
        out["yellow_alerts"] = float((levels == "yellow").sum())
        red = levels.index[levels == "red"]
        out["red_revenue_share"] = float(scored["monetary"].reindex(red).sum() / revenue) if revenue > 0 else 0.0
    return pd.Series(out, name="value")


def monthly_revenue(transactions: pd.DataFrame) -> pd.DataFrame:
    """Revenue, transactions and distinct buyers per calendar month (months without sales included).

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": [1, 1, 2], "date": pd.to_datetime(["2024-01-03", "2024-03-09", "2024-03-20"]),
    ...                    "amount": [5.0, 7.0, 1.0]})
    >>> monthly_revenue(tx).to_dict("list")
    {'revenue': [5.0, 0.0, 8.0], 'transactions': [1, 0, 2], 'buyers': [1, 0, 2]}
    """
    v.require_columns(transactions, ["customer_id", "date", "amount"], "transactions")
    month = transactions["date"].dt.to_period("M")
    g = transactions.groupby(month)
    out = pd.DataFrame({"revenue": g["amount"].sum(), "transactions": g.size(), "buyers": g["customer_id"].nunique()})
    full = pd.period_range(month.min(), month.max(), freq="M")
    out = out.reindex(full, fill_value=0)
    out["revenue"] = out["revenue"].astype(float)
    out.index.name = "month"
    return out


def value_by_segment(result: CapstoneResult) -> pd.DataFrame:
    """Per RFM segment: customers, past revenue, predicted CLV (NaN if CLV was not possible) and red alerts.

    Examples
    --------
    >>> tab = value_by_segment(run_capstone(example("retailer")))
    >>> list(tab.columns), int(tab["customers"].sum())
    (['customers', 'revenue', 'clv', 'red_alerts'], 1200)
    """
    if not result.ok:
        raise v.CRMInputError(t("capstone.fix_data_first"))
    scored = result.rfm
    frame = pd.DataFrame({"segment": scored["segment"], "revenue": scored["monetary"]})
    if result.clv is not None and result.clv.possible:
        frame["clv"] = result.clv.values["clv"].reindex(scored.index).fillna(0.0)
    else:
        frame["clv"] = np.nan
    if result.alerts is not None and result.alerts.possible:
        levels = result.alerts.alerts.set_index("customer_id")["level"].reindex(scored.index)
        frame["red"] = (levels == "red").astype(int)
    else:
        frame["red"] = 0
    g = frame.groupby("segment", sort=False)
    out = pd.DataFrame({"customers": g.size(), "revenue": g["revenue"].sum(),
                        "clv": g["clv"].sum(min_count=1), "red_alerts": g["red"].sum()})
    order = [s for s in rfm.SEGMENTS if s in out.index]
    out = out.loc[order]
    out.index.name = "segment"
    return out
