"""What a retention gain does to profit: a cohort ("layer cake") model.

A firm wins ``new`` customers at the start of every year and keeps a share ``retention`` of
its customers from one year to the next. A customer in the ``t``-th year of the relationship
earns ``margin * (1 + growth) ** (t - 1)``: Reichheld & Sasser (1990) argue that long-standing
customers buy more, cost less to serve and refer others, so profit per customer grows with
tenure. Each new customer costs ``acquisition_cost`` once.

Profit in year ``y`` (counting from the firm's first year) is

.. math:: P_y = N \\sum_{t=1}^{y} r^{t-1} m (1+g)^{t-1} - N c

and, once the layers have piled up (``r (1 + g) < 1``), the steady state is
``N m / (1 - r (1 + g)) - N c``.

The slides' claim that "retaining 5% more customers raises profit 25%–85%" is a finding of
Reichheld & Sasser (1990) across the industries they studied, not a law: this model shows how the
size of the effect depends on margin growth and acquisition cost.

Examples
--------
>>> cohort_profit(10, 0.5, 100, years=3)["profit"].tolist()
[1000.0, 1500.0, 1750.0]
>>> round(steady_state_profit(10, 0.5, 100), 6)
2000.0
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmlib import validation as v
from crmlib.i18n import t


def _check_common(new: float, retention: float, margin: float, growth: float, acquisition_cost: float) -> tuple[float, ...]:
    return (
        v.check_nonnegative(new, "new"),
        v.check_rate(retention, "retention"),
        v.check_number(margin, "margin"),
        v.check_number(growth, "growth"),
        v.check_nonnegative(acquisition_cost, "acquisition_cost"),
    )


def layer_cake(new: float, retention: float, years: int) -> pd.DataFrame:
    """Customers still active from each yearly cohort: rows are cohorts, columns are years.

    Parameters
    ----------
    new : float
        Customers won at the start of each year (>= 0).
    retention : float
        Share of customers kept from one year to the next, in [0, 1].
    years : int
        Number of years (>= 1).

    Examples
    --------
    >>> layer_cake(100, 0.5, 3).to_numpy().tolist()
    [[100.0, 50.0, 25.0], [0.0, 100.0, 50.0], [0.0, 0.0, 100.0]]
    """
    new = v.check_nonnegative(new, "new")
    r = v.check_rate(retention, "retention")
    years = v.check_count(years, "years", minimum=1)
    cohort = np.arange(years)[:, None]
    year = np.arange(years)[None, :]
    age = year - cohort
    values = np.where(age >= 0, new * r ** np.clip(age, 0, None), 0.0)
    return pd.DataFrame(values, index=pd.Index(np.arange(1, years + 1), name="cohort"), columns=pd.Index(np.arange(1, years + 1), name="year"))


def cohort_profit(
    new: float,
    retention: float,
    margin: float,
    *,
    growth: float = 0.0,
    acquisition_cost: float = 0.0,
    years: int = 10,
) -> pd.DataFrame:
    """Customers and profit in each year of a firm that starts with no customers.

    Parameters
    ----------
    new : float
        Customers won at the start of each year.
    retention : float
        Yearly retention rate in [0, 1].
    margin : float
        Profit from a customer in the first year of the relationship (before acquisition cost).
    growth : float
        Yearly growth of a customer's profit with tenure (0.05 = +5% a year).
    acquisition_cost : float
        One-off cost of winning a customer, paid in the year it is won.
    years : int
        How many years to compute.

    Returns
    -------
    pandas.DataFrame
        Columns ``year``, ``customers``, ``new_customers``, ``margin_total``,
        ``acquisition_spend`` and ``profit``.

    Examples
    --------
    >>> df = cohort_profit(10, 0.8, 100, acquisition_cost=50, years=2)
    >>> df[["customers", "profit"]].to_numpy().tolist()
    [[10.0, 500.0], [18.0, 1300.0]]
    """
    new, r, m, g, c = _check_common(new, retention, margin, growth, acquisition_cost)
    years = v.check_count(years, "years", minimum=1)
    tenure = np.arange(years)  # t - 1
    per_customer = m * (1 + g) ** tenure
    survivors = new * r**tenure
    customers = np.cumsum(survivors)
    margin_total = np.cumsum(survivors * per_customer)
    return pd.DataFrame(
        {
            "year": np.arange(1, years + 1),
            "customers": customers,
            "new_customers": np.full(years, new),
            "margin_total": margin_total,
            "acquisition_spend": np.full(years, new * c),
            "profit": margin_total - new * c,
        }
    )


def steady_state_profit(new: float, retention: float, margin: float, *, growth: float = 0.0, acquisition_cost: float = 0.0) -> float:
    """Yearly profit once every cohort layer is in place: ``N m / (1 - r (1 + g)) - N c``.

    Requires ``retention * (1 + growth) < 1``; otherwise profit grows without bound and there is
    no steady state.

    Examples
    --------
    >>> steady_state_profit(1, 0.8, 100, acquisition_cost=150)
    350.0000000000001
    """
    new, r, m, g, c = _check_common(new, retention, margin, growth, acquisition_cost)
    if r * (1 + g) >= 1:
        raise v.CRMInputError(t("retention.error_no_steady_state", product=round(r * (1 + g), 4)))
    return new * m / (1 - r * (1 + g)) - new * c


def retention_gain(
    retention: float,
    gain: float,
    margin: float,
    *,
    growth: float = 0.0,
    acquisition_cost: float = 0.0,
    new: float = 1000.0,
) -> dict[str, float]:
    """Steady-state profit at ``retention`` and at ``retention + gain``, and the relative change.

    Parameters
    ----------
    retention : float
        Current yearly retention rate.
    gain : float
        Increase in the retention rate (0.05 = five percentage points).

    Returns
    -------
    dict
        ``base_profit``, ``improved_profit``, ``change`` (relative, 0.5 = +50%),
        ``base_lifetime`` and ``improved_lifetime`` (expected years a customer stays,
        ``1 / (1 - r)``).

    Examples
    --------
    Without tenure growth or acquisition cost, profit is proportional to 1 / (1 - r): going from
    80% to 85% retention raises it by (1/0.15) / (1/0.20) - 1 = 1/3.

    >>> round(retention_gain(0.80, 0.05, 100)["change"], 6)
    0.333333
    """
    r = v.check_rate(retention, "retention")
    d = v.check_number(gain, "gain")
    improved = v.check_rate(r + d, "retention + gain")
    base = steady_state_profit(new, r, margin, growth=growth, acquisition_cost=acquisition_cost)
    better = steady_state_profit(new, improved, margin, growth=growth, acquisition_cost=acquisition_cost)
    if base <= 0:
        change = float("nan")
    else:
        change = better / base - 1
    return {
        "base_profit": base,
        "improved_profit": better,
        "change": change,
        "base_lifetime": 1 / (1 - r) if r < 1 else float("inf"),
        "improved_lifetime": 1 / (1 - improved) if improved < 1 else float("inf"),
    }


