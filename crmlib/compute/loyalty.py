"""Customer loyalty (chapter 7): repeat purchase, cohort retention, share of wallet, programme ROI.

- **Repeat-purchase rate**: the share of customers who bought again (on another day) after their
  first purchase, within an observation window.
- **Cohort retention table**: customers grouped by the period of their first purchase; for each
  later period, the share of the cohort who bought in it. Read along a row for one cohort's
  curve, down a column to compare cohorts at the same age.
- **Share of wallet**: what a customer spends with us out of what they spend in the category.
- **Loyalty-programme ROI**: a programme's privileges cost money every year (the case supplies
  the cost per member of each tier, e.g. :func:`crmlib.cases.restaurant.model.privilege_costs`);
  they pay off only if they keep customers who would otherwise leave. The revenue a tier's
  programme *protects* is members × annual spend × the retention gain it causes;
  ROI = (protected margin − cost) / cost.

Examples
--------
>>> tx = pd.DataFrame({"customer_id": [1, 1, 2, 3, 3], "date": pd.to_datetime(
...     ["2024-01-05", "2024-02-01", "2024-01-20", "2024-02-03", "2024-02-03"])})
>>> repeat_purchase_rate(tx)
0.3333333333333333
>>> cohort_table(tx).round(2).values.tolist()
[[1.0, 0.5], [1.0, nan]]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from crmlib import validation as v
from crmlib.i18n import t

FREQS: tuple[str, ...] = ("M", "Q", "W")


def _transactions(transactions: pd.DataFrame, customer: str, date: str, name: str = "transactions") -> pd.DataFrame:
    v.require_columns(transactions, [customer, date], name)
    dates = v.check_date_column(transactions, date, name)
    if transactions[customer].isna().any():
        row = transactions.index[transactions[customer].isna()][0]
        raise v.CRMInputError(t("error.column_missing_values", table=name, column=customer, count=int(transactions[customer].isna().sum()), row=row))
    return pd.DataFrame({"customer": transactions[customer].to_numpy(), "date": dates.to_numpy()})


def _until(until: str | pd.Timestamp | None) -> pd.Timestamp | None:
    if until is None:
        return None
    parsed = pd.to_datetime(pd.Series([until]), errors="coerce", format="ISO8601" if isinstance(until, str) else None)
    if parsed.isna().iloc[0]:
        raise v.CRMInputError(t("error.column_bad_date", table="until", column="until", row=0, value=until))
    return parsed.iloc[0]


def repeat_purchase_rate(
    transactions: pd.DataFrame,
    customer: str = "customer_id",
    date: str = "date",
    *,
    until: str | pd.Timestamp | None = None,
) -> float:
    """Share of customers who bought on at least two different days.

    Several rows on the same day count as one purchase occasion (as in the CDNOW literature).

    Parameters
    ----------
    transactions : pandas.DataFrame
        One row per transaction with a customer column and a date column.
    until : date, optional
        Ignore transactions after this date (the end of the observation window).

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b"], "date": ["2024-01-01", "2024-03-01", "2024-01-02"]})
    >>> repeat_purchase_rate(tx), repeat_purchase_rate(tx, until="2024-02-01")
    (0.5, 0.0)
    """
    data = _transactions(transactions, customer, date)
    end = _until(until)
    if end is not None:
        data = data[data["date"] <= end]
        if data.empty:
            raise v.CRMInputError(t("error.empty_table", table=f"transactions (until {until})"))
    days = data.groupby("customer")["date"].nunique()
    return float((days >= 2).mean())


def week_dates(weeks: pd.Series, start: str | pd.Timestamp = "2024-01-01", *, name: str = "week") -> pd.Series:
    """Dates for week numbers (week 1 starts on ``start``), so week-level data can go into
    :func:`cohort_table`.

    Examples
    --------
    >>> week_dates(pd.Series([1, 2, 5])).dt.strftime("%Y-%m-%d").tolist()
    ['2024-01-01', '2024-01-08', '2024-01-29']
    """
    v.check_array(weeks, name, minimum=1, integer=True)
    frame = v.require_frame(pd.DataFrame({name: weeks}), name)
    numbers = v.check_numeric_column(frame, name, name, minimum=1)
    if (numbers != numbers.round()).any():
        row = numbers.index[numbers != numbers.round()][0]
        raise v.CRMInputError(t("error.not_integer", name=f"{name}[{row}]", value=numbers[row]))
    origin = v.check_date_column(pd.DataFrame({"start": [start]}), "start", "start").iloc[0]
    return origin + pd.to_timedelta((numbers.astype(int) - 1) * 7, unit="D")


def cohort_table(
    transactions: pd.DataFrame,
    customer: str = "customer_id",
    date: str = "date",
    *,
    freq: str = "M",
    kind: str = "share",
) -> pd.DataFrame:
    """Cohort retention table: share (or number) of each first-purchase cohort buying in each later period.

    Parameters
    ----------
    freq : {"M", "Q", "W"}
        Period length: month, quarter or week.
    kind : {"share", "count"}
        Shares of the cohort (period 0 is 1.0) or customer counts.

    Returns
    -------
    pandas.DataFrame
        Index: cohort (first-purchase period, as a string such as ``"1997-01"``), named ``cohort``;
        columns: periods since first purchase 0, 1, 2, ... (named ``period``); NaN where the data end
        before a cohort reaches that age. A ``cohort_size`` is in ``table.attrs``.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": [1, 1, 2, 2, 3], "date": pd.to_datetime(
    ...     ["2024-01-05", "2024-03-01", "2024-01-09", "2024-02-11", "2024-02-02"])})
    >>> cohort_table(tx, kind="count").values.tolist()
    [[2.0, 1.0, 1.0], [1.0, 0.0, nan]]
    """
    v.check_choice(freq, "freq", FREQS)
    v.check_choice(kind, "kind", ["share", "count"])
    data = _transactions(transactions, customer, date)
    periods = pd.PeriodIndex(data["date"], freq=freq)
    ordinal = pd.Series(periods.asi8, index=data.index)
    data = data.assign(ordinal=ordinal)
    data["cohort"] = data.groupby("customer")["ordinal"].transform("min")
    data["age"] = data["ordinal"] - data["cohort"]
    counts = data.drop_duplicates(["customer", "age"]).groupby(["cohort", "age"]).size().unstack("age", fill_value=0)
    last = int(ordinal.max())
    ages = np.arange(last - int(counts.index.min()) + 1)
    # a cohort cannot be observed beyond the last period of the data
    max_age = last - counts.index.to_numpy()
    counts = counts.reindex(columns=ages, fill_value=0).astype(float)
    counts = counts.where(ages[None, :] <= max_age[:, None])
    sizes = counts[0]
    out = counts.div(sizes, axis=0) if kind == "share" else counts
    labels = [str(pd.Period(ordinal=int(c), freq=freq)) for c in counts.index]
    sizes.index = labels
    out.index = pd.Index(labels, name="cohort")
    out.columns = pd.Index(ages, name="period")
    out.attrs["cohort_size"] = {str(c): int(n) for c, n in sizes.items()}
    return out


def retention_curve(table: pd.DataFrame) -> pd.Series:
    """Average retention by age over the cohorts of a cohort table, weighted by cohort size.

    Examples
    --------
    >>> tb = pd.DataFrame([[1.0, 0.5], [1.0, np.nan]], columns=[0, 1], index=["a", "b"])
    >>> tb.attrs["cohort_size"] = {"a": 2, "b": 1}
    >>> retention_curve(tb).tolist()
    [1.0, 0.5]
    """
    v.require_frame(table, "table")
    for age in table.columns:  # one vectorised check per column (age), not per row
        v.check_numeric_column(table, age, "table", minimum=0, maximum=1, allow_missing=True)
    sizes = pd.Series(table.attrs.get("cohort_size", {c: 1 for c in table.index})).reindex(table.index).astype(float)
    observed = table.notna()
    num = table.fillna(0.0).mul(sizes, axis=0).sum()
    den = observed.mul(sizes, axis=0).sum()
    out = num / den.where(den > 0)
    out.name = "retention"
    return out


def share_of_wallet(frame: pd.DataFrame, ours: str = "our_spend", total: str = "category_spend") -> pd.DataFrame:
    """Share of wallet per customer, and the two ways of averaging it.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per customer: spend with us (``ours``) and total spend in the category (``total``,
        > 0), with ``ours <= total``.

    Returns
    -------
    pandas.DataFrame
        ``frame`` with a column ``share_of_wallet``. ``out.attrs`` holds ``mean_share`` (average of
        the customers' shares) and ``pooled_share`` (our spend / category spend, summed over
        customers: the big spenders weigh more).

    Examples
    --------
    >>> out = share_of_wallet(pd.DataFrame({"our_spend": [100, 50], "category_spend": [400, 50]}))
    >>> out["share_of_wallet"].tolist(), out.attrs["mean_share"], out.attrs["pooled_share"]
    ([0.25, 1.0], 0.625, 0.3333333333333333)
    """
    o = v.check_numeric_column(frame, ours, "frame", minimum=0)
    tot = v.check_numeric_column(frame, total, "frame", minimum=0)
    if (tot <= 0).any():
        row = tot.index[tot <= 0][0]
        raise v.CRMInputError(t("error.column_out_of_range", table="frame", column=total, low="> 0", high="inf", row=row, value=tot.loc[row]))
    over = o > tot
    if over.any():
        row = o.index[over][0]
        raise v.CRMInputError(t("loyalty.error_share_over", table="frame", ours=ours, total=total, row=row))
    out = frame.copy()
    out["share_of_wallet"] = o / tot
    out.attrs["mean_share"] = float(out["share_of_wallet"].mean())
    out.attrs["pooled_share"] = float(o.sum() / tot.sum())
    return out


# --- loyalty-programme ROI ------------------------------------------------------------------

def _per_tier(
    values: Mapping[str, float] | pd.Series, tiers: pd.Index, name: str, check: Callable[[object, str], float]
) -> dict[object, float]:
    """``values`` (a mapping or Series keyed by tier) for every tier, each passed through ``check``."""
    if not isinstance(values, Mapping | pd.Series):
        raise v.CRMInputError(t("loyalty.error_not_per_tier", name=name, kind=type(values).__name__))
    missing = [str(k) for k in tiers if k not in values]
    if missing:
        raise v.CRMInputError(t("error.missing_columns", table=name, missing=", ".join(missing), required=", ".join(map(str, tiers))))
    return {k: check(values[k], f"{name}[{k!r}]") for k in tiers}


def programme_roi(
    tiers: pd.DataFrame,
    *,
    uplift: float | Mapping[str, float],
    margin: float,
    cost_per_member: Mapping[str, float] | pd.Series,
) -> pd.DataFrame:
    """Cost of each tier's privileges against the margin on the revenue they protect, for a year.

    For each tier: ``cost = members × cost_per_member``;
    ``protected_revenue = members × annual_spend × uplift`` (the retention gain: how many more
    members, as a share, stay a year because of the programme); ``protected_margin =
    protected_revenue × margin``; ``net = protected_margin − cost``; ``roi = net / cost``;
    ``breakeven_uplift = cost per member / (annual_spend × margin)``, the retention gain at which
    the tier pays for itself.

    Parameters
    ----------
    tiers : pandas.DataFrame
        Indexed by tier (A, B, C) with ``members`` and ``annual_spend`` (元 a member a year).
    uplift : float or mapping tier → float
        Retention gain in [0, 1] (0.10 = 10 percentage points more members kept a year).
    margin : float
        Contribution margin on revenue, in [0, 1].
    cost_per_member : mapping tier → float or pandas.Series
        What the privileges of one member of each tier cost a year (元, >= 0), e.g.
        :func:`crmlib.cases.restaurant.model.privilege_costs` for the restaurant case.

    Returns
    -------
    pandas.DataFrame
        Per tier, then a ``total`` row: ``members``, ``annual_spend``, ``cost_per_member``, ``cost``,
        ``protected_revenue``, ``protected_margin``, ``net``, ``roi``, ``breakeven_uplift``.

    Examples
    --------
    >>> tiers = pd.DataFrame({"members": [10], "annual_spend": [60000.0]}, index=["A"])
    >>> r = programme_roi(tiers, uplift=0.2, margin=0.4, cost_per_member={"A": 6800.0})
    >>> r.loc["A", ["cost", "protected_margin", "net"]].tolist()
    [68000.0, 48000.0, -20000.0]
    >>> round(float(r.loc["A", "breakeven_uplift"]), 4)
    0.2833
    """
    v.require_columns(tiers, ["members", "annual_spend"], "tiers")
    members = v.check_numeric_column(tiers, "members", "tiers", minimum=0)
    spend = v.check_numeric_column(tiers, "annual_spend", "tiers", minimum=0)
    m = v.check_rate(margin, "margin")
    if isinstance(uplift, Mapping):
        ups = _per_tier(uplift, tiers.index, "uplift", v.check_rate)
    else:
        u = v.check_rate(uplift, "uplift")
        ups = {k: u for k in tiers.index}
    costs = _per_tier(cost_per_member, tiers.index, "cost_per_member", v.check_nonnegative)
    rows = []
    for tier in tiers.index:
        per = costs[tier]
        n = members[tier]
        revenue = n * spend[tier] * ups[tier]
        rows.append(
            {
                "tier": tier,
                "members": n,
                "annual_spend": spend[tier],
                "cost_per_member": per,
                "cost": n * per,
                "protected_revenue": revenue,
                "protected_margin": revenue * m,
                "breakeven_uplift": per / (spend[tier] * m) if spend[tier] * m > 0 else np.nan,
            }
        )
    out = pd.DataFrame(rows).set_index("tier")
    total = out[["members", "cost", "protected_revenue", "protected_margin"]].sum()
    out.loc["total", ["members", "cost", "protected_revenue", "protected_margin"]] = total
    out.loc["total", "annual_spend"] = (out["members"].iloc[:-1] * out["annual_spend"].iloc[:-1]).sum() / total["members"] if total["members"] else np.nan
    out.loc["total", "cost_per_member"] = total["cost"] / total["members"] if total["members"] else np.nan
    base = (out["members"].iloc[:-1] * out["annual_spend"].iloc[:-1]).sum() * m
    out.loc["total", "breakeven_uplift"] = total["cost"] / base if base > 0 else np.nan
    out["net"] = out["protected_margin"] - out["cost"]
    out["roi"] = np.where(out["cost"] > 0, out["net"] / out["cost"].where(out["cost"] > 0, 1.0), np.nan)
    out.index.name = "tier"
    return out[["members", "annual_spend", "cost_per_member", "cost", "protected_revenue", "protected_margin", "net", "roi", "breakeven_uplift"]]


