"""Probability models of customer value: BG/NBD for repeat purchases, Gamma-Gamma for spend.

For a customer base with no contract ("non-contractual": a lost customer simply stops buying),
the BG/NBD model of Fader, Hardie & Lee (2005a) says: while alive a customer buys at a Poisson
rate λ (gamma-distributed across customers, shape r and scale α); after each purchase the
customer drops out with probability p (beta-distributed across customers, a and b). The
Gamma-Gamma model (Fader, Hardie & Lee 2005b; Fader & Hardie 2013) says a customer's
transaction values scatter around a personal mean that itself varies across customers
(parameters p, q, γ) and is independent of how often the customer buys.

Both need only a per-customer summary of the calibration period, all times in weeks:

- ``frequency`` x: repeat purchases (purchase *days* after the first; same-day transactions
  are one purchase),
- ``recency`` t_x: time from the first to the last purchase,
- ``T``: time from the first purchase to the end of the calibration period,
- ``monetary_value``: mean spend of the repeat purchase days (0 if x = 0).

On the CDNOW 1/10 sample with a 39-week calibration period starting 1997-01-01 (ending
1997-09-30) the fits reproduce the published estimates: BG/NBD r = 0.243, α = 4.414,
a = 0.793, b = 2.426, LL = −9582.4; Gamma-Gamma on the 946 customers with a repeat purchase
p = 6.25, q = 3.74, γ = 15.44.

Examples
--------
>>> s = cdnow_summary()
>>> len(s), int((s["frequency"] > 0).sum())
(2357, 946)
>>> bg = fit_bgnbd(s)
>>> round(bg.r, 3), round(bg.alpha, 3), round(bg.a, 3), round(bg.b, 3), round(bg.log_likelihood, 1)
(0.243, 4.414, 0.793, 2.426, -9582.4)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import betaln, gammaln, hyp2f1

from crmlib import validation as v
from crmlib.i18n import t

CDNOW_START = pd.Timestamp("1997-01-01")
CDNOW_CALIBRATION_END = pd.Timestamp("1997-09-30")  # 39 weeks after 1997-01-01 (day 273)
CDNOW_HOLDOUT_END = pd.Timestamp("1998-06-30")  # a further 39 weeks

SUMMARY_COLUMNS: tuple[str, ...] = ("frequency", "recency", "T", "monetary_value")


def _timestamp(value: object, name: str) -> pd.Timestamp:
    frame = pd.DataFrame({name: [value]})
    return pd.Timestamp(v.check_date_column(frame, name, name).iloc[0])


def rfm_summary(
    transactions: pd.DataFrame,
    calibration_end: object,
    holdout_end: object | None = None,
    *,
    customer_col: str = "customer_id",
    date_col: str = "date",
    amount_col: str = "dollars",
    period_days: float = 7.0,
) -> pd.DataFrame:
    """Per-customer frequency, recency, T and monetary value (and holdout purchases) from transactions.

    Parameters
    ----------
    transactions : DataFrame
        One row per transaction with a customer id, a date and an amount (>= 0).
    calibration_end : date-like
        Last day of the calibration period (inclusive). Customers whose first purchase is later
        are left out.
    holdout_end : date-like, optional
        Last day of the holdout period (inclusive). When given, the result has a column
        ``frequency_holdout``: purchase days after ``calibration_end`` up to ``holdout_end``.
    customer_col, date_col, amount_col : str
        Column names in ``transactions``.
    period_days : float
        Length of one time unit in days (7 = weeks).

    Returns
    -------
    DataFrame
        Indexed by customer, columns ``frequency``, ``recency``, ``T``, ``monetary_value``
        (and ``frequency_holdout``), plus ``first_purchase`` (the date of the first purchase).

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": [1, 1, 1, 1, 2],
    ...                    "date": ["2024-01-01", "2024-01-01", "2024-01-15", "2024-02-05", "2024-01-29"],
    ...                    "dollars": [10.0, 5.0, 20.0, 7.0, 30.0]})
    >>> s = rfm_summary(tx, "2024-01-29", "2024-02-26")
    >>> s[["frequency", "recency", "T", "monetary_value", "frequency_holdout"]].to_numpy().tolist()
    [[1.0, 2.0, 4.0, 20.0, 1.0], [0.0, 0.0, 0.0, 0.0, 0.0]]
    """
    for col in (customer_col, date_col, amount_col):
        v.require_columns(transactions, [col], "transactions")
    dates = v.check_date_column(transactions, date_col, "transactions")
    amounts = v.check_numeric_column(transactions, amount_col, "transactions", minimum=0)
    if transactions[customer_col].isna().any():
        row = transactions.index[transactions[customer_col].isna()][0]
        raise v.CRMInputError(
            t("error.column_missing_values", table="transactions", column=customer_col,
              count=int(transactions[customer_col].isna().sum()), row=row)
        )
    unit = v.check_positive(period_days, "period_days")
    cal_end = _timestamp(calibration_end, "calibration_end")
    df = pd.DataFrame({"customer": transactions[customer_col].to_numpy(), "date": dates.dt.normalize().to_numpy(), "amount": amounts.to_numpy()})
    # Same-day transactions are one purchase (Fader, Hardie & Lee 2005 count purchase days).
    daily = df.groupby(["customer", "date"], as_index=False, sort=True)["amount"].sum()
    first = daily.groupby("customer")["date"].min()
    cal = daily[daily["date"] <= cal_end]
    if cal.empty:
        raise v.CRMInputError(t("value_errors.no_calibration_data", table="transactions", end=cal_end.date()))
    first = first[first <= cal_end]
    g = cal.groupby("customer")
    n_days = g.size()
    last = g["date"].max()
    total = g["amount"].sum()
    first_amount = cal.loc[cal.groupby("customer")["date"].idxmin(), ["customer", "amount"]].set_index("customer")["amount"]
    freq = (n_days - 1).astype("int64")
    repeat_spend = total - first_amount
    monetary = (repeat_spend / freq.where(freq > 0, 1)).where(freq > 0, 0.0)
    day = pd.Timedelta(days=1)
    out = pd.DataFrame(
        {
            "frequency": freq,
            "recency": (last - first) / day / unit,
            "T": (cal_end - first) / day / unit,
            "monetary_value": monetary.astype(float),
            "first_purchase": first,
        }
    )
    out.index.name = customer_col
    if holdout_end is not None:
        hold_end = _timestamp(holdout_end, "holdout_end")
        if hold_end <= cal_end:
            raise v.CRMInputError(
                t("value_errors.period_order", later="holdout_end", later_value=hold_end.date(),
                  earlier="calibration_end", earlier_value=cal_end.date())
            )
        hold = daily[(daily["date"] > cal_end) & (daily["date"] <= hold_end)]
        out["frequency_holdout"] = hold.groupby("customer").size().reindex(out.index, fill_value=0).astype("int64")
    return out


def cdnow_summary() -> pd.DataFrame:
    """The CDNOW 1/10 sample summarised as in Fader, Hardie & Lee (2005): weeks, 39 + 39 weeks.

    Examples
    --------
    >>> s = cdnow_summary()
    >>> s.loc[1, ["frequency", "recency", "T"]].round(2).tolist()
    [2.0, 30.43, 38.86]
    """
    from crmlib.datasets import load_cdnow_sample

    return rfm_summary(load_cdnow_sample(), CDNOW_CALIBRATION_END, CDNOW_HOLDOUT_END)


def _check_summary(summary: pd.DataFrame, columns: tuple[str, ...], table: str = "summary") -> tuple[np.ndarray, ...]:
    v.require_columns(summary, list(columns), table)
    arrays = []
    for col in columns:
        arrays.append(v.check_numeric_column(summary, col, table, minimum=0).to_numpy(dtype=float))
    if "frequency" in columns:
        x = arrays[columns.index("frequency")]
        bad = x != np.round(x)
        if bad.any():
            row = summary.index[bad][0]
            raise v.CRMInputError(t("error.not_integer", name=f"frequency[{row!r}]", value=x[bad][0]))
    if "recency" in columns and "T" in columns:
        tx, T = arrays[columns.index("recency")], arrays[columns.index("T")]
        bad = tx > T + 1e-9
        if bad.any():
            k = int(np.flatnonzero(bad)[0])
            raise v.CRMInputError(t("value_errors.recency_exceeds_T", table=table, row=summary.index[k], recency=tx[k], T=T[k]))
    return tuple(arrays)


# --- BG/NBD ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class BGNBD:
    """Fitted BG/NBD parameters: purchase rate gamma(r, α), dropout beta(a, b)."""

    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float
    n_customers: int

    def as_dict(self) -> dict[str, float]:
        return {"r": self.r, "alpha": self.alpha, "a": self.a, "b": self.b}


def bgnbd_log_likelihood(params: tuple[float, float, float, float], x: np.ndarray, recency: np.ndarray, T: np.ndarray) -> np.ndarray:
    """Log-likelihood of each customer under BG/NBD (Fader, Hardie & Lee 2005, eq. 6).

    Examples
    --------
    A customer with no repeat purchase contributes ``r ln(α / (α + T))``:

    >>> import math
    >>> ll = bgnbd_log_likelihood((0.5, 2.0, 1.0, 1.0), np.array([0.0]), np.array([0.0]), np.array([2.0]))
    >>> bool(np.isclose(ll[0], 0.5 * math.log(2 / 4)))
    True
    """
    r, alpha, a, b = params
    x = np.asarray(x, dtype=float)
    tx = np.asarray(recency, dtype=float)
    T = np.asarray(T, dtype=float)
    base = gammaln(r + x) - gammaln(r) + r * np.log(alpha) + betaln(a, b + x) - betaln(a, b)
    term1 = -(r + x) * np.log(alpha + T)
    repeat = x > 0
    safe_x = np.where(repeat, x, 1.0)
    term2 = np.log(a) - np.log(b + safe_x - 1) - (r + safe_x) * np.log(alpha + tx)
    both = np.logaddexp(term1, term2)
    return base + np.where(repeat, both, term1)


def _fit(neg_ll: Callable[[np.ndarray], float], n_params: int, model: str) -> np.ndarray:
    """Minimise ``neg_ll`` over log-parameters with scipy's Nelder-Mead, restarted once.

    Nelder-Mead needs no gradient and, unlike L-BFGS-B, makes no BLAS calls, whose thread start-up
    dominates the run time of so small a problem on a busy machine. The restart from the first
    optimum guards against a simplex that collapsed early.
    """
    options = {"xatol": 1e-7, "fatol": 1e-9, "maxiter": 6000, "maxfev": 12000}
    first = minimize(neg_ll, np.zeros(n_params), method="Nelder-Mead", options=options)
    best = minimize(neg_ll, first.x, method="Nelder-Mead", options=options)
    if best.fun > first.fun:
        best = first
    if not (np.isfinite(best.fun) and np.all(np.isfinite(best.x))):
        raise v.CRMInputError(t("value_errors.fit_failed", model=model, message=str(best.message)))
    return np.exp(best.x)


def fit_bgnbd(summary: pd.DataFrame) -> BGNBD:
    """Fit BG/NBD by maximum likelihood (scipy.optimize on log-parameters).

    Parameters
    ----------
    summary : DataFrame
        Columns ``frequency``, ``recency``, ``T`` (see :func:`rfm_summary`).

    Returns
    -------
    BGNBD

    Examples
    --------
    >>> bg = fit_bgnbd(cdnow_summary())
    >>> round(bg.r, 3), round(bg.alpha, 3)
    (0.243, 4.414)
    """
    x, tx, T = _check_summary(summary, ("frequency", "recency", "T"))

    def neg_ll(log_params: np.ndarray) -> float:
        return -float(np.sum(bgnbd_log_likelihood(tuple(np.exp(log_params)), x, tx, T)))

    r, alpha, a, b = _fit(neg_ll, 4, "BG/NBD")
    ll = float(np.sum(bgnbd_log_likelihood((r, alpha, a, b), x, tx, T)))
    return BGNBD(float(r), float(alpha), float(a), float(b), ll, len(x))


def p_alive(model: BGNBD, frequency: object, recency: object, T: object) -> np.ndarray:
    """Probability that a customer is still active at T (Fader, Hardie & Lee 2005, eq. 13 note).

    ``P(alive) = 1 / (1 + δ(x>0) · a / (b + x − 1) · ((α + T) / (α + t_x))^(r + x))``;
    a customer with no repeat purchase is alive with probability 1 under BG/NBD.

    Examples
    --------
    >>> m = BGNBD(0.243, 4.414, 0.793, 2.426, 0.0, 0)
    >>> p_alive(m, [0, 2], [0.0, 30.43], [38.86, 38.86]).round(3).tolist()
    [1.0, 0.727]
    """
    x = np.asarray(frequency, dtype=float)
    tx = np.asarray(recency, dtype=float)
    T = np.asarray(T, dtype=float)
    safe_x = np.where(x > 0, x, 1.0)
    odds = model.a / (model.b + safe_x - 1) * ((model.alpha + T) / (model.alpha + tx)) ** (model.r + safe_x)
    return 1.0 / (1.0 + np.where(x > 0, odds, 0.0))


def expected_purchases(model: BGNBD, t_future: float, frequency: object, recency: object, T: object) -> np.ndarray:
    """Expected purchases in the next ``t_future`` periods given the history (x, t_x, T).

    Fader, Hardie & Lee (2005), eq. 10, with the Gaussian hypergeometric function 2F1.

    Examples
    --------
    The paper's worked example: x = 2, t_x = 30.43, T = 38.86, next 39 weeks.

    >>> m = BGNBD(0.243, 4.414, 0.793, 2.426, 0.0, 0)
    >>> round(float(expected_purchases(m, 39, 2, 30.43, 38.86)), 3)
    1.226
    """
    tf = v.check_nonnegative(t_future, "t_future")
    x = np.asarray(frequency, dtype=float)
    T = np.asarray(T, dtype=float)
    r, alpha, a, b = model.r, model.alpha, model.a, model.b
    z = tf / (alpha + T + tf)
    hyp = hyp2f1(r + x, b + x, a + b + x - 1, z)
    head = (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + tf)) ** (r + x) * hyp)
    return head * p_alive(model, x, recency, T)


def expected_repeat_unconditional(model: BGNBD, t: object) -> np.ndarray:
    """E[X(t)]: expected repeat purchases of a new customer within ``t`` periods (eq. 9).

    Examples
    --------
    >>> m = BGNBD(0.243, 4.414, 0.793, 2.426, 0.0, 0)
    >>> e = expected_repeat_unconditional(m, [0.0, 13.0, 39.0, 78.0])
    >>> bool(abs(e[0]) < 1e-12 and np.all(np.diff(e) > 0))
    True
    """
    tt = np.clip(np.asarray(t, dtype=float), 0, None)
    r, alpha, a, b = model.r, model.alpha, model.a, model.b
    return (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + tt)) ** r * hyp2f1(r, b, a + b - 1, tt / (alpha + tt)))


# --- Gamma-Gamma -----------------------------------------------------------------------------

@dataclass(frozen=True)
class GammaGamma:
    """Fitted Gamma-Gamma spend parameters p, q, γ."""

    p: float
    q: float
    gamma: float
    log_likelihood: float
    n_customers: int

    @property
    def mean_spend(self) -> float:
        """Population mean of the customers' mean spend, p γ / (q − 1)."""
        return self.p * self.gamma / (self.q - 1) if self.q > 1 else float("inf")


def gamma_gamma_log_likelihood(params: tuple[float, float, float], x: np.ndarray, m: np.ndarray) -> np.ndarray:
    """Log-likelihood of each customer's mean spend m over x transactions (Fader & Hardie 2013, eq. 5).

    Examples
    --------
    >>> ll = gamma_gamma_log_likelihood((6.25, 3.74, 15.44), np.array([1.0]), np.array([35.0]))
    >>> bool(np.isfinite(ll[0]))
    True
    """
    p, q, g = params
    x = np.asarray(x, dtype=float)
    m = np.asarray(m, dtype=float)
    px = p * x
    return (
        gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(g)
        + (px - 1) * np.log(m) + px * np.log(x) - (px + q) * np.log(g + x * m)
    )


def fit_gamma_gamma(summary: pd.DataFrame) -> GammaGamma:
    """Fit the Gamma-Gamma spend model on the customers with ``frequency > 0``.

    Parameters
    ----------
    summary : DataFrame
        Columns ``frequency`` and ``monetary_value`` (mean spend of the repeat purchases).

    Examples
    --------
    >>> gg = fit_gamma_gamma(cdnow_summary())
    >>> round(gg.p, 2), round(gg.q, 2), round(gg.gamma, 2), gg.n_customers
    (6.25, 3.74, 15.44, 946)
    """
    x, m = _check_summary(summary, ("frequency", "monetary_value"))
    keep = x > 0
    if not keep.any():
        raise v.CRMInputError(t("value_errors.no_repeat_buyers", table="summary"))
    bad = keep & (m <= 0)
    if bad.any():
        raise v.CRMInputError(t("value_errors.monetary_zero", table="summary", row=summary.index[np.flatnonzero(bad)[0]]))
    x, m = x[keep], m[keep]

    def neg_ll(log_params: np.ndarray) -> float:
        return -float(np.sum(gamma_gamma_log_likelihood(tuple(np.exp(log_params)), x, m)))

    p, q, g = _fit(neg_ll, 3, "Gamma-Gamma")
    ll = float(np.sum(gamma_gamma_log_likelihood((p, q, g), x, m)))
    return GammaGamma(float(p), float(q), float(g), ll, int(keep.sum()))


def expected_spend(model: GammaGamma, frequency: object, monetary_value: object) -> np.ndarray:
    """Expected spend per transaction given x transactions with mean m: a weighted average.

    ``E[M | x, m] = (q − 1)/(p x + q − 1) · pγ/(q − 1) + p x/(p x + q − 1) · m``: the population
    mean for a customer with no history, moving toward the customer's own mean as x grows.

    Examples
    --------
    >>> gg = GammaGamma(6.25, 3.74, 15.44, 0.0, 0)
    >>> expected_spend(gg, [0, 1000], [0.0, 50.0]).round(2).tolist()
    [35.22, 49.99]
    """
    x = np.asarray(frequency, dtype=float)
    m = np.asarray(monetary_value, dtype=float)
    p, q, g = model.p, model.q, model.gamma
    return (p * (g + x * m)) / (p * x + q - 1)


def customer_lifetime_value(
    bg: BGNBD,
    gg: GammaGamma,
    summary: pd.DataFrame,
    *,
    months: int = 12,
    margin: float = 0.3,
    annual_discount: float = 0.10,
    weeks_per_month: float = 52 / 12,
) -> pd.DataFrame:
    """CLV per customer over ``months`` months: expected purchases × expected spend × margin, discounted.

    Each month's expected purchases (difference of the cumulative BG/NBD expectation) are
    multiplied by the Gamma-Gamma expected spend and the margin rate and discounted at
    ``(1 + annual_discount)^(month / 12)``.

    Returns
    -------
    DataFrame
        Indexed like ``summary``: ``p_alive``, ``expected_purchases``, ``expected_spend``, ``clv``.

    Examples
    --------
    >>> s = cdnow_summary(); bg = fit_bgnbd(s); gg = fit_gamma_gamma(s)
    >>> out = customer_lifetime_value(bg, gg, s, months=12, margin=0.3)
    >>> round(float(out.loc[1, "expected_purchases"]), 2), round(float(out.loc[1, "clv"]), 2)
    (1.56, 10.99)
    """
    x, tx, T, m = _check_summary(summary, ("frequency", "recency", "T", "monetary_value"))
    n_months = v.check_count(months, "months", minimum=1)
    rate = v.check_rate(margin, "margin")
    d = v.check_rate(annual_discount, "annual_discount")
    wpm = v.check_positive(weeks_per_month, "weeks_per_month")
    spend = expected_spend(gg, x, m)
    cumulative = np.vstack([np.zeros_like(x)] + [expected_purchases(bg, k * wpm, x, tx, T) for k in range(1, n_months + 1)])
    monthly = np.diff(cumulative, axis=0)
    factors = (1 + d) ** (-np.arange(1, n_months + 1) / 12)
    value = (monthly * factors[:, None]).sum(axis=0) * spend * rate
    return pd.DataFrame(
        {
            "p_alive": p_alive(bg, x, tx, T),
            "expected_purchases": cumulative[-1],
            "expected_spend": spend,
            "clv": value,
        },
        index=summary.index,
    )


# --- calibration vs holdout ------------------------------------------------------------------

def holdout_by_frequency(model: BGNBD, summary: pd.DataFrame, t_holdout: float, max_frequency: int = 7) -> pd.DataFrame:
    """Mean actual vs predicted holdout purchases, by calibration frequency (x ≥ max pooled).

    This is Figure 5 of Fader, Hardie & Lee (2005): conditional expectations.

    Returns
    -------
    DataFrame
        Indexed by ``frequency`` (0 … max_frequency, the last meaning "and more"), columns
        ``customers``, ``actual`` and ``predicted``.

    Examples
    --------
    >>> s = cdnow_summary(); bg = fit_bgnbd(s)
    >>> tab = holdout_by_frequency(bg, s, 39)
    >>> int(tab["customers"].sum()), round(float(tab.loc[0, "actual"]), 2)
    (2357, 0.24)
    """
    x, tx, T, hold = _check_summary(summary, ("frequency", "recency", "T", "frequency_holdout"))
    tf = v.check_positive(t_holdout, "t_holdout")
    cap = v.check_count(max_frequency, "max_frequency", minimum=1)
    pred = expected_purchases(model, tf, x, tx, T)
    group = np.minimum(x, cap).astype(int)
    frame = pd.DataFrame({"frequency": group, "actual": hold, "predicted": pred})
    out = frame.groupby("frequency").agg(customers=("actual", "size"), actual=("actual", "mean"), predicted=("predicted", "mean"))
    return out


def weekly_tracking(model: BGNBD, summary: pd.DataFrame, transactions: pd.DataFrame, *, start: object = CDNOW_START,
                    weeks: int = 78, customer_col: str = "customer_id", date_col: str = "date") -> pd.DataFrame:
    """Cumulative repeat purchases week by week, actual vs BG/NBD (FHL 2005, Figure 2).

    The expected total adds each customer's E[X(t − s_i)], s_i being the week of the first
    purchase; actual repeat purchases are the purchase days after each customer's first.

    Returns
    -------
    DataFrame
        ``week`` (1 … weeks), ``actual`` and ``expected`` cumulative repeat purchases.

    Examples
    --------
    >>> from crmlib.datasets import load_cdnow_sample
    >>> s = cdnow_summary(); bg = fit_bgnbd(s)
    >>> tr = weekly_tracking(bg, s, load_cdnow_sample())
    >>> int(tr.loc[38, "actual"]) == int(s["frequency"].sum())
    True
    """
    v.require_columns(summary, ["first_purchase"], "summary")
    dates = v.check_date_column(transactions, date_col, "transactions")
    v.require_columns(transactions, [customer_col], "transactions")
    n_weeks = v.check_count(weeks, "weeks", minimum=1)
    t0 = _timestamp(start, "start")
    day = pd.Timedelta(days=1)
    daily = pd.DataFrame({"c": transactions[customer_col].to_numpy(), "d": dates.dt.normalize().to_numpy()}).drop_duplicates()
    daily = daily[daily["c"].isin(summary.index)]
    first = daily.groupby("c")["d"].transform("min")
    repeat_days = daily.loc[daily["d"] > first, "d"]
    week_of = np.floor((repeat_days - t0) / day / 7).astype(int)  # 0-based week index
    counts = np.bincount(week_of[(week_of >= 0) & (week_of < n_weeks)], minlength=n_weeks)
    s_i = ((summary["first_purchase"] - t0) / day / 7).to_numpy(dtype=float)
    ends = np.arange(1, n_weeks + 1, dtype=float)
    expected = np.array([expected_repeat_unconditional(model, np.clip(e - s_i, 0, None)).sum() for e in ends])
    return pd.DataFrame({"week": ends.astype(int), "actual": np.cumsum(counts).astype(float), "expected": expected})


CDNOW_BGNBD = BGNBD(0.243, 4.414, 0.793, 2.426, -9582.4, 2357)
"""The published BG/NBD estimates for the CDNOW 1/10 sample (Fader, Hardie & Lee 2005)."""

CDNOW_GAMMA_GAMMA = GammaGamma(6.25, 3.74, 15.44, float("nan"), 946)
"""The published Gamma-Gamma estimates for the CDNOW 1/10 sample (Fader & Hardie 2013)."""
