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
from scipy.special import betaln, digamma, expit, gammaln, hyp2f1

from crmlib import validation as v
from crmlib.i18n import t

CDNOW_START = pd.Timestamp("1997-01-01")
CDNOW_CALIBRATION_END = pd.Timestamp("1997-09-30")  # 39 weeks after 1997-01-01 (day 273)
CDNOW_HOLDOUT_END = pd.Timestamp("1998-06-30")  # a further 39 weeks

SUMMARY_COLUMNS: tuple[str, ...] = ("frequency", "recency", "T", "monetary_value")


def _timestamp(value: object, name: str) -> pd.Timestamp:
    return v.check_date(value, name)


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
    >>> [round(float(x), 2) for x in s.loc[1, ["frequency", "recency", "T"]]]
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
    """Fitted BG/NBD parameters: purchase rate gamma(r, α), dropout beta(a, b).

    ``iterations`` and ``gradient_norm`` report the optimiser's run (0 and NaN for parameters
    typed in by hand): the largest absolute gradient of the log-likelihood with respect to the
    log-parameters at the optimum, per customer.
    """

    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float
    n_customers: int
    iterations: int = 0
    gradient_norm: float = float("nan")

    def as_dict(self) -> dict[str, float]:
        return {"r": self.r, "alpha": self.alpha, "a": self.a, "b": self.b}


def _bgnbd_terms(params: tuple[float, float, float, float], x: np.ndarray, tx: np.ndarray, T: np.ndarray):
    """The pieces of the BG/NBD likelihood shared by the value and its gradient (log space)."""
    r, alpha, a, b = params
    repeat = x > 0
    safe_x = np.where(repeat, x, 1.0)
    log_at = np.log(alpha + T)
    log_atx = np.log(alpha + tx)
    term1 = -(r + x) * log_at
    # the second term exists only for repeat buyers: -inf (weight 0) for the others
    term2 = np.where(repeat, np.log(a) - np.log(b + safe_x - 1) - (r + safe_x) * log_atx, -np.inf)
    both = np.logaddexp(term1, term2)
    base = gammaln(r + x) - gammaln(r) + r * np.log(alpha) + betaln(a, b + x) - betaln(a, b)
    return base + both, term1, term2, both, log_at, log_atx, safe_x, repeat


def bgnbd_log_likelihood(params: tuple[float, float, float, float], x: np.ndarray, recency: np.ndarray, T: np.ndarray) -> np.ndarray:
    """Log-likelihood of each customer under BG/NBD (Fader, Hardie & Lee 2005, eq. 6).

    Computed in log space (``logaddexp`` of the two terms), so it stays finite for heavy buyers
    and long histories.

    Examples
    --------
    A customer with no repeat purchase contributes ``r ln(α / (α + T))``:

    >>> import math
    >>> ll = bgnbd_log_likelihood((0.5, 2.0, 1.0, 1.0), np.array([0.0]), np.array([0.0]), np.array([2.0]))
    >>> bool(np.isclose(ll[0], 0.5 * math.log(2 / 4)))
    True
    """
    params = tuple(v.check_positive(p, f"params[{i}]") for i, p in enumerate(params))
    x = v.check_array(x, "x", minimum=0)
    tx = v.check_array(recency, "recency", minimum=0)
    T = v.check_array(T, "T", minimum=0)
    return _bgnbd_terms(tuple(float(p) for p in params), x, tx, T)[0]


def bgnbd_log_likelihood_gradient(params: tuple[float, float, float, float], x: np.ndarray, recency: np.ndarray,
                                  T: np.ndarray, weights: np.ndarray | None = None) -> tuple[float, np.ndarray]:
    """Total log-likelihood and its gradient with respect to (r, α, a, b).

    The derivatives are analytic: with ``w1``, ``w2`` the shares of the two terms of eq. 6 in
    their sum, ``∂/∂r = ψ(r+x) − ψ(r) + ln α − w1 ln(α+T) − w2 ln(α+t_x)`` and so on; ψ is the
    digamma function. ``weights`` counts customers sharing one (x, t_x, T).

    Examples
    --------
    The gradient agrees with a central difference:

    >>> x, tx, T = np.array([0.0, 2.0, 5.0]), np.array([0.0, 10.0, 30.0]), np.array([20.0, 38.0, 39.0])
    >>> p = np.array([0.3, 4.0, 0.8, 2.4])
    >>> ll, g = bgnbd_log_likelihood_gradient(p, x, tx, T)
    >>> h = 1e-6 * p
    >>> num = [(bgnbd_log_likelihood(p + h * e, x, tx, T).sum() - bgnbd_log_likelihood(p - h * e, x, tx, T).sum()) / (2 * h[i])
    ...        for i, e in enumerate(np.eye(4))]
    >>> bool(np.allclose(g, num, rtol=1e-6))
    True
    """
    params = tuple(v.check_positive(p, f"params[{i}]") for i, p in enumerate(params))
    x = v.check_array(x, "x", minimum=0)
    tx = v.check_array(recency, "recency", minimum=0)
    T = v.check_array(T, "T", minimum=0)
    if weights is not None:
        weights = v.check_array(weights, "weights", minimum=0)
    return _bgnbd_ll_grad(params, x, tx, T, weights)


def _bgnbd_ll_grad(params, x: np.ndarray, tx: np.ndarray, T: np.ndarray, weights: np.ndarray | None):
    """:func:`bgnbd_log_likelihood_gradient` without the input checks (the optimiser's inner loop)."""
    r, alpha, a, b = (float(p) for p in params)
    w = np.ones_like(x) if weights is None else np.asarray(weights, dtype=float)
    ll, term1, term2, both, log_at, log_atx, safe_x, repeat = _bgnbd_terms((r, alpha, a, b), x, tx, T)
    w1 = np.exp(term1 - both)
    w2 = np.exp(term2 - both)  # 0 where there is no second term
    d_r = digamma(r + x) - digamma(r) + np.log(alpha) - w1 * log_at - w2 * log_atx
    d_alpha = r / alpha - w1 * (r + x) / (alpha + T) - w2 * (r + safe_x) / (alpha + tx)
    psi_ab, psi_abx = digamma(a + b), digamma(a + b + x)
    d_a = psi_ab - psi_abx + w2 / a
    d_b = digamma(b + x) - digamma(b) + psi_ab - psi_abx - w2 / (b + safe_x - 1)
    grad = np.array([w @ d_r, w @ d_alpha, w @ d_a, w @ d_b])
    return float(w @ ll), grad


def _group(*columns: np.ndarray) -> tuple[tuple[np.ndarray, ...], np.ndarray]:
    """Distinct rows of the columns and how many customers share each (the likelihood's weights)."""
    order = np.lexsort(columns[::-1])
    cols = [c[order] for c in columns]
    new_row = np.ones(len(order), dtype=bool)
    if len(order) > 1:
        new_row[1:] = np.logical_or.reduce([c[1:] != c[:-1] for c in cols])
    starts = np.flatnonzero(new_row)
    counts = np.diff(np.append(starts, len(order))).astype(float)
    return tuple(c[starts] for c in cols), counts


def _solve(matrix: np.ndarray, rhs: np.ndarray) -> np.ndarray | None:
    """Solve a small symmetric positive-definite system by Cholesky in plain Python (None if not PD).

    Plain Python on purpose: for a 3×3 or 4×4 system a LAPACK call costs nothing in CPU time, but
    on a busy machine OpenBLAS may wake its worker threads and the wall time grows tenfold.
    """
    n = len(rhs)
    low = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1):
            acc = float(matrix[i, j]) - sum(low[i][k] * low[j][k] for k in range(j))
            if i == j:
                if not acc > 0:
                    return None
                low[i][i] = acc ** 0.5
            else:
                low[i][j] = acc / low[j][j]
    y = [0.0] * n
    for i in range(n):
        y[i] = (float(rhs[i]) - sum(low[i][k] * y[k] for k in range(i))) / low[i][i]
    out = [0.0] * n
    for i in reversed(range(n)):
        out[i] = (y[i] - sum(low[k][i] * out[k] for k in range(i + 1, n))) / low[i][i]
    return np.array(out)


def _fit(value_and_grad: Callable[[np.ndarray], tuple[float, np.ndarray]], start: np.ndarray, n: float,
         model: str, max_iter: int = 200) -> tuple[np.ndarray, int, float]:
    """Maximise a log-likelihood over log-parameters by damped Newton steps; check convergence.

    ``value_and_grad(params)`` returns the total log-likelihood and its analytic gradient in the
    natural parameters; the search runs on their logarithms θ (so they stay positive) from
    ``start``, on the log-likelihood per customer (``n`` customers). Each step solves
    ``(H + λI) Δ = g`` with H the negative Hessian (central differences of the analytic
    gradient) and λ raised until the step is uphill (Levenberg–Marquardt), so a few dozen
    likelihood evaluations reach the optimum where Nelder–Mead needed about a thousand.
    Converged means: the largest gradient component per customer below 1e-7, at parameters
    between e^−18 and e^18. A run that is not converged after ``max_iter`` steps, leaves the
    finite region or runs off to 0 or infinity (a flat likelihood) raises ``CRMInputError``.

    Returns the parameters, the number of Newton steps and the final gradient size.
    """

    def evaluate(theta: np.ndarray) -> tuple[float, np.ndarray]:
        params = np.exp(theta)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            ll, grad = value_and_grad(params)
        if not (np.isfinite(ll) and np.all(np.isfinite(grad))):
            return -np.inf, np.full_like(theta, np.nan)
        return ll / n, grad * params / n

    theta = np.log(np.asarray(start, dtype=float))
    f, g = evaluate(theta)
    if not np.isfinite(f):
        raise v.CRMInputError(t("value_errors.fit_failed", model=model, message="start"))
    lam = 1e-3
    k = len(theta)
    for it in range(1, max_iter + 1):
        if float(np.max(np.abs(g))) < 1e-7:
            if np.any(np.abs(theta) > 18):  # a flat likelihood ran off to 0 or infinity: not an estimate
                params = ", ".join(f"{p:.3g}" for p in np.exp(theta))
                raise v.CRMInputError(t("value_errors.fit_failed", model=model, message=params))
            return np.exp(theta), it - 1, float(np.max(np.abs(g)))
        h = 1e-5
        hess = np.empty((k, k))
        for j in range(k):
            e = np.zeros(k)
            e[j] = h
            hess[:, j] = -(evaluate(theta + e)[1] - evaluate(theta - e)[1]) / (2 * h)
        hess = (hess + hess.T) / 2
        if not np.all(np.isfinite(hess)):
            hess = np.eye(k)
        for _ in range(60):  # bounded: λ grows 10× a try, from 1e-12 up to far past any curvature
            step = _solve(hess + lam * np.eye(k), g)
            if step is not None and np.all(np.abs(step) < 50):
                f_new, g_new = evaluate(theta + step)
                if np.isfinite(f_new) and f_new >= f - 1e-15 * abs(f):
                    theta, f, g = theta + step, f_new, g_new
                    lam = max(lam / 10, 1e-12)
                    break
            lam *= 10
        else:
            break
    gnorm = float(np.max(np.abs(g)))
    raise v.CRMInputError(t("value_errors.fit_failed", model=model, message=f"max |gradient| = {gnorm:.2g}"))


def fit_bgnbd(summary: pd.DataFrame) -> BGNBD:
    """Fit BG/NBD by maximum likelihood (L-BFGS-B on log-parameters, analytic gradient).

    Customers with the same (x, t_x, T) are counted once with a weight, which keeps large
    customer bases fast. The search starts from r = 1, α = the inverse of the mean purchase
    rate x / T, a = b = 1; convergence is checked (see ``iterations`` and ``gradient_norm`` of
    the result), and a run that does not converge raises ``CRMInputError``.

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
    >>> round(bg.r, 3), round(bg.alpha, 3), bg.gradient_norm < 1e-5
    (0.243, 4.414, True)
    """
    x, tx, T = _check_summary(summary, ("frequency", "recency", "T"))
    if len(x) == 0:
        raise v.CRMInputError(t("error.empty_table", table="summary"))
    if not (x > 0).any():
        raise v.CRMInputError(t("clv_models.bgnbd_no_repeat", table="summary"))
    (gx, gtx, gT), weights = _group(x, tx, T)
    rate = float(np.mean(np.divide(x, T, out=np.zeros_like(x), where=T > 0)))
    alpha0 = 1.0 / rate if rate > 0 else float(np.mean(T)) + 1.0
    start = np.array([1.0, min(max(alpha0, 1e-3), 1e6), 1.0, 1.0])
    params, nit, gnorm = _fit(lambda p: _bgnbd_ll_grad(p, gx, gtx, gT, weights), start, float(len(x)), "BG/NBD")
    r, alpha, a, b = (float(p) for p in params)
    ll = float(weights @ bgnbd_log_likelihood((r, alpha, a, b), gx, gtx, gT))
    return BGNBD(r, alpha, a, b, ll, len(x), nit, gnorm)


def _log_odds_dead(model: BGNBD, x: np.ndarray, tx: np.ndarray, T: np.ndarray) -> np.ndarray:
    """ln of ``a / (b + x − 1) · ((α + T) / (α + t_x))^(r + x)`` for x > 0, −inf for x = 0."""
    safe_x = np.where(x > 0, x, 1.0)
    log_odds = (np.log(model.a) - np.log(model.b + safe_x - 1)
                + (model.r + safe_x) * (np.log(model.alpha + T) - np.log(model.alpha + tx)))
    return np.where(x > 0, log_odds, -np.inf)


def _check_history(x: np.ndarray, tx: np.ndarray, T: np.ndarray) -> None:
    for name, arr in (("frequency", x), ("recency", tx), ("T", T)):
        bad = ~np.isfinite(arr)
        if bad.any():
            raise v.CRMInputError(t("error.not_finite", name=name, value=arr[bad].flat[0]))
        bad = arr < 0
        if bad.any():
            raise v.CRMInputError(t("error.negative", name=name, value=arr[bad].flat[0]))
    bad = tx > T + 1e-9
    if bad.any():
        k = int(np.flatnonzero(np.broadcast_to(bad, bad.shape).ravel())[0])
        raise v.CRMInputError(t("value_errors.recency_exceeds_T", table="history", row=k,
                                recency=np.broadcast_to(tx, bad.shape).ravel()[k], T=np.broadcast_to(T, bad.shape).ravel()[k]))


def p_alive(model: BGNBD, frequency: object, recency: object, T: object) -> np.ndarray:
    """Probability that a customer is still active at T (Fader, Hardie & Lee 2005, eq. 13 note).

    ``P(alive) = 1 / (1 + δ(x>0) · a / (b + x − 1) · ((α + T) / (α + t_x))^(r + x))``;
    a customer with no repeat purchase is alive with probability 1 under BG/NBD. Computed as
    the logistic function of the log-odds, so heavy buyers long gone give 0, not an overflow.

    Examples
    --------
    >>> m = BGNBD(0.243, 4.414, 0.793, 2.426, 0.0, 0)
    >>> p_alive(m, [0, 2], [0.0, 30.43], [38.86, 38.86]).round(3).tolist()
    [1.0, 0.727]
    >>> float(p_alive(m, 400, 1.0, 40.0))   # 400 repeat purchases in week 1, then silence
    0.0
    """
    x = v.check_array(frequency, "frequency", minimum=0)
    tx = v.check_array(recency, "recency", minimum=0)
    T = v.check_array(T, "T", minimum=0)
    _check_history(x, tx, T)
    return expit(-_log_odds_dead(model, x, tx, T))


def expected_purchases(model: BGNBD, t_future: float, frequency: object, recency: object, T: object) -> np.ndarray:
    """Expected purchases in the next ``t_future`` periods given the history (x, t_x, T).

    Fader, Hardie & Lee (2005), eq. 10. Its product ``((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x;
    a+b+x−1; z)`` is computed after Euler's transformation as ``(1−z)^(a−1) · 2F1(a+b−1−r, a−1;
    a+b+x−1; z)`` with ``z = t / (α+T+t)``: the same number, but without the huge 2F1 that
    made long horizons return NaN. If 2F1 still cannot be evaluated, ``CRMInputError`` says so.

    Examples
    --------
    The paper's worked example: x = 2, t_x = 30.43, T = 38.86, next 39 weeks.

    >>> m = BGNBD(0.243, 4.414, 0.793, 2.426, 0.0, 0)
    >>> round(float(expected_purchases(m, 39, 2, 30.43, 38.86)), 3)
    1.226
    >>> bool(np.isfinite(expected_purchases(m, 5200, 200, 38.0, 39.0)))   # 100 years ahead
    True
    """
    tf = v.check_nonnegative(t_future, "t_future")
    x = v.check_array(frequency, "frequency", minimum=0)
    tx = v.check_array(recency, "recency", minimum=0)
    T = v.check_array(T, "T", minimum=0)
    _check_history(x, tx, T)
    r, alpha, a, b = model.r, model.alpha, model.a, model.b
    z = tf / (alpha + T + tf)
    with np.errstate(all="ignore"):
        tail = np.exp((a - 1) * np.log1p(-z)) * hyp2f1(a + b - 1 - r, a - 1, a + b + x - 1, z)
        head = (a + b + x - 1) / (a - 1) * (1 - tail)
        out = head * expit(-_log_odds_dead(model, x, tx, T))
    if not np.all(np.isfinite(out)):
        k = int(np.flatnonzero(~np.isfinite(np.broadcast_to(out, np.shape(out))).ravel())[0])
        raise v.CRMInputError(t("clv_models.expected_not_finite", t_future=tf,
                                x=np.broadcast_to(x, np.shape(out)).ravel()[k]))
    return out


def expected_repeat_unconditional(model: BGNBD, t: object) -> np.ndarray:
    """E[X(t)]: expected repeat purchases of a new customer within ``t`` periods (eq. 9).

    Examples
    --------
    >>> m = BGNBD(0.243, 4.414, 0.793, 2.426, 0.0, 0)
    >>> e = expected_repeat_unconditional(m, [0.0, 13.0, 39.0, 78.0])
    >>> bool(abs(e[0]) < 1e-12 and np.all(np.diff(e) > 0))
    True
    """
    tt = np.clip(v.check_array(t, "t", minimum=0), 0, None)
    r, alpha, a, b = model.r, model.alpha, model.a, model.b
    return (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + tt)) ** r * hyp2f1(r, b, a + b - 1, tt / (alpha + tt)))


# --- Gamma-Gamma -----------------------------------------------------------------------------

@dataclass(frozen=True)
class GammaGamma:
    """Fitted Gamma-Gamma spend parameters p, q, γ (``iterations``, ``gradient_norm`` as in :class:`BGNBD`)."""

    p: float
    q: float
    gamma: float
    log_likelihood: float
    n_customers: int
    iterations: int = 0
    gradient_norm: float = float("nan")

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
    params = tuple(v.check_positive(p_, f"params[{i}]") for i, p_ in enumerate(params))
    x = v.check_array(x, "x", minimum=0)
    m = v.check_array(m, "m", minimum=0)
    return _gamma_gamma_ll(params, x, m)


def _gamma_gamma_ll(params, x: np.ndarray, m: np.ndarray) -> np.ndarray:
    p, q, g = params
    px = p * x
    return (
        gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(g)
        + (px - 1) * np.log(m) + px * np.log(x) - (px + q) * np.log(g + x * m)
    )


def gamma_gamma_log_likelihood_gradient(params: tuple[float, float, float], x: np.ndarray, m: np.ndarray,
                                        weights: np.ndarray | None = None) -> tuple[float, np.ndarray]:
    """Total Gamma-Gamma log-likelihood and its analytic gradient with respect to (p, q, γ).

    ``∂/∂p = x (ψ(px+q) − ψ(px) + ln m + ln x − ln(γ+xm))``, ``∂/∂q = ψ(px+q) − ψ(q) + ln γ −
    ln(γ+xm)``, ``∂/∂γ = q/γ − (px+q)/(γ+xm)``; ``weights`` counts customers sharing one (x, m).

    Examples
    --------
    >>> x, m, p = np.array([1.0, 3.0]), np.array([20.0, 45.0]), np.array([6.0, 3.7, 15.0])
    >>> ll, g = gamma_gamma_log_likelihood_gradient(p, x, m)
    >>> h = 1e-6 * p
    >>> num = [(gamma_gamma_log_likelihood(p + h * e, x, m).sum() - gamma_gamma_log_likelihood(p - h * e, x, m).sum()) / (2 * h[i])
    ...        for i, e in enumerate(np.eye(3))]
    >>> bool(np.allclose(g, num, rtol=1e-6))
    True
    """
    params = tuple(v.check_positive(p_, f"params[{i}]") for i, p_ in enumerate(params))
    x = v.check_array(x, "x", minimum=0)
    m = v.check_array(m, "m", minimum=0)
    if weights is not None:
        weights = v.check_array(weights, "weights", minimum=0)
    return _gamma_gamma_ll_grad(params, x, m, weights)


def _gamma_gamma_ll_grad(params, x: np.ndarray, m: np.ndarray, weights: np.ndarray | None):
    """:func:`gamma_gamma_log_likelihood_gradient` without the input checks (the optimiser's inner loop)."""
    p, q, g = (float(v_) for v_ in params)
    w = np.ones_like(x) if weights is None else np.asarray(weights, dtype=float)
    px = p * x
    log_gxm = np.log(g + x * m)
    psi_pxq = digamma(px + q)
    d_p = x * (psi_pxq - digamma(px) + np.log(m) + np.log(x) - log_gxm)
    d_q = psi_pxq - digamma(q) + np.log(g) - log_gxm
    d_g = q / g - (px + q) / (g + x * m)
    ll = _gamma_gamma_ll((p, q, g), x, m)
    return float(w @ ll), np.array([w @ d_p, w @ d_q, w @ d_g])


def fit_gamma_gamma(summary: pd.DataFrame) -> GammaGamma:
    """Fit the Gamma-Gamma spend model on the customers with ``frequency > 0``.

    Same optimiser as :func:`fit_bgnbd` (damped Newton on log-parameters, analytic gradient,
    equal (x, m) counted once with a weight, convergence checked), starting from p = 1, q = 2,
    γ = the mean of the customers' mean spend. Repeat buyers with a mean spend of 0 have no
    likelihood under the model: the error lists their ids, to drop or correct.

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
        ids = summary.index[bad]
        shown = ", ".join(repr(i) for i in ids[:20]) + (", …" if len(ids) > 20 else "")
        raise v.CRMInputError(t("value_errors.monetary_zero", table="summary", count=len(ids), rows=shown))
    x, m = x[keep], m[keep]
    (gx, gm), weights = _group(x, m)
    start = np.array([1.0, 2.0, float(np.mean(m))])
    params, nit, gnorm = _fit(lambda p: _gamma_gamma_ll_grad(p, gx, gm, weights), start, float(len(x)),
                              "Gamma-Gamma")
    p, q, g = (float(v_) for v_ in params)
    ll = float(weights @ gamma_gamma_log_likelihood((p, q, g), gx, gm))
    return GammaGamma(p, q, g, ll, int(keep.sum()), nit, gnorm)


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
    x = v.check_array(frequency, "frequency", minimum=0)
    m = v.check_array(monetary_value, "monetary_value", minimum=0)
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
    v.check_date_column(summary, "first_purchase", "summary")
    dates = v.check_date_column(transactions, date_col, "transactions")
    v.check_id_column(transactions, customer_col, "transactions")
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
