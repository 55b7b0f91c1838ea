"""The sales pipeline and the payback of a CRM investment (chapter 9).

The slides (seed file 001, "量化的业务过程管理") show a quantified sales funnel: 80 customers
with a sales forecast of 1125 万元, then 30 (318 万元), 16 (168 万元) and 10 (108 万元).
This module turns such a funnel into stage conversion rates, value per customer, the chance that
a deal at each stage closes, and a probability-weighted forecast; and it computes the cash flows,
net present value and payback period of a CRM investment.

Examples
--------
>>> table = pipeline_table(SLIDE_CUSTOMERS, SLIDE_FORECAST)
>>> table["conversion_from_previous"].round(3).tolist()
[nan, 0.375, 0.533, 0.625]
>>> round(npv(100, [30, 40, 50, 50], 0.10), 2)
32.05
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from crmlib import validation as v
from crmlib.compute.funnel import conversion_from_top, conversion_rates
from crmlib.i18n import t

__all__ = [
    "SLIDE_CUSTOMERS",
    "SLIDE_FORECAST",
    "SLIDE_STAGES",
    "close_probabilities",
    "npv",
    "payback_period",
    "payback_table",
    "pipeline_table",
    "weighted_forecast",
]

SLIDE_STAGES: tuple[str, ...] = ("lead", "qualified", "negotiation", "won")
"""Stage names for the slide's four funnel levels (the slide shows only the numbers)."""
SLIDE_CUSTOMERS: tuple[int, ...] = (80, 30, 16, 10)
"""Customers at each level of the slide's funnel (seed file 001)."""
SLIDE_FORECAST: tuple[float, ...] = (1125.0, 318.0, 168.0, 108.0)
"""Sales forecast at each level, in 万元 (10,000 yuan), as on the slide."""


def _check_stages(customers: Sequence[float], forecast: Sequence[float], stages: Sequence[str] | None) -> list[str]:
    v.check_array(customers, "customers", minimum=0)
    v.check_array(forecast, "forecast", minimum=0)
    if len(forecast) != len(customers):
        raise v.CRMInputError(t("error.length_mismatch", name="forecast", expected=len(customers), got=len(forecast)))
    if stages is None:
        stages = SLIDE_STAGES if len(customers) == len(SLIDE_STAGES) else [f"stage_{i + 1}" for i in range(len(customers))]
    stages = list(stages)
    if len(stages) != len(customers):
        raise v.CRMInputError(t("error.length_mismatch", name="stages", expected=len(customers), got=len(stages)))
    return stages


def close_probabilities(customers: Sequence[float]) -> np.ndarray:
    """Chance that a customer at each stage reaches the last stage, read from the funnel itself.

    ``p[k] = customers[-1] / customers[k]`` (the product of the later stage conversion rates).
    This treats the funnel as one cohort moving down; a CRM system would estimate these
    from past deals instead.

    Examples
    --------
    >>> close_probabilities([80, 30, 16, 10]).round(4).tolist()
    [0.125, 0.3333, 0.625, 1.0]
    """
    if len(list(customers)) < 2:
        raise v.CRMInputError(t("error.length_mismatch", name="customers", expected=">= 2", got=len(list(customers))))
    customers = [v.check_nonnegative(c, f"customers[{i}]") for i, c in enumerate(customers)]  # per stage, a handful
    rates = conversion_rates(customers)  # validates: non-negative, narrowing, at least 2 stages
    later = np.append(np.cumprod(rates[::-1])[::-1], 1.0)
    return later


def pipeline_table(
    customers: Sequence[float],
    forecast: Sequence[float],
    stages: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Stage by stage: customers, forecast, conversion rates, value per customer, close chance.

    Parameters
    ----------
    customers : sequence of float
        Customers (or deals) at each stage, top first; the funnel must narrow.
    forecast : sequence of float
        Sales forecast at each stage (any currency unit; the slide uses 万元).
    stages : sequence of str, optional
        Stage names; defaults to :data:`SLIDE_STAGES` for four stages.

    Returns
    -------
    DataFrame
        Columns ``stage, customers, forecast, conversion_from_previous, conversion_from_top,
        forecast_retained, value_per_customer, close_probability``.

    Examples
    --------
    >>> tab = pipeline_table([80, 30, 16, 10], [1125, 318, 168, 108])
    >>> tab["value_per_customer"].round(2).tolist()
    [14.06, 10.6, 10.5, 10.8]
    """
    stages = _check_stages(customers, forecast, stages)
    rates = conversion_rates(customers)
    values = np.array([v.check_nonnegative(f, f"forecast[{i}]") for i, f in enumerate(forecast)])
    counts = np.asarray(customers, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_customer = np.where(counts > 0, values / np.where(counts > 0, counts, 1.0), np.nan)
        retained = values / values[0] if values[0] > 0 else np.full(len(values), np.nan)
    return pd.DataFrame(
        {
            "stage": stages,
            "customers": counts,
            "forecast": values,
            "conversion_from_previous": np.append(np.nan, rates),
            "conversion_from_top": conversion_from_top(counts),
            "forecast_retained": retained,
            "value_per_customer": per_customer,
            "close_probability": close_probabilities(customers),
        }
    )


def weighted_forecast(
    forecast: Sequence[float],
    probabilities: Sequence[float],
    stages: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Probability-weighted pipeline: each stage's forecast times its chance of closing.

    The expected sales from an open pipeline are ``Σ forecast[k] · p[k]``; the last row
    (``stage = "total"``) holds the sums.

    Parameters
    ----------
    forecast : sequence of float
        Forecast value of the deals now at each stage.
    probabilities : sequence of float
        Chance that a deal at each stage closes (rates in [0, 1]), e.g. from
        :func:`close_probabilities` or the stage probabilities set in a CRM system.

    Examples
    --------
    >>> wf = weighted_forecast([1125, 318, 168, 108], [0.125, 1 / 3, 0.625, 1.0])
    >>> wf["weighted"].round(1).tolist()
    [140.6, 106.0, 105.0, 108.0, 459.6]
    """
    v.check_array(probabilities, "probabilities", minimum=0, maximum=1)
    stages = _check_stages(list(probabilities), forecast, stages)
    values = np.array([v.check_nonnegative(f, f"forecast[{i}]") for i, f in enumerate(forecast)])
    probs = v.check_rates(probabilities, "probabilities", length=len(values))
    weighted = values * probs
    out = pd.DataFrame({"stage": stages, "forecast": values, "probability": probs, "weighted": weighted})
    total = pd.DataFrame(
        {"stage": ["total"], "forecast": [values.sum()], "probability": [np.nan], "weighted": [weighted.sum()]}
    )
    return pd.concat([out, total], ignore_index=True)


def payback_table(investment: float, net_benefits: Sequence[float], discount_rate: float) -> pd.DataFrame:
    """Year-by-year cash flows of an investment, plain and discounted, with running totals.

    Year 0 holds ``−investment``; year k holds ``net_benefits[k−1]`` (benefit minus running
    cost that year), discounted by ``(1 + discount_rate) ** k``.

    Parameters
    ----------
    investment : float
        Up-front cost (>= 0).
    net_benefits : sequence of float
        Net benefit in each following year (may be negative in a bad year).
    discount_rate : float
        Yearly discount rate, a rate in [0, 1].

    Returns
    -------
    DataFrame
        Columns ``year, cash_flow, cumulative, discount_factor, discounted, cumulative_discounted``.

    Examples
    --------
    >>> payback_table(100, [60, 60], 0.0)["cumulative"].tolist()
    [-100.0, -40.0, 20.0]
    """
    investment = v.check_nonnegative(investment, "investment")
    flows = [v.check_number(b, f"net_benefits[{i}]") for i, b in enumerate(net_benefits)]
    if not flows:
        raise v.CRMInputError(t("error.length_mismatch", name="net_benefits", expected=">= 1", got=0))
    rate = v.check_rate(discount_rate, "discount_rate")
    cash = np.array([-investment, *flows])
    years = np.arange(len(cash))
    factor = (1.0 + rate) ** -years
    return pd.DataFrame(
        {
            "year": years,
            "cash_flow": cash,
            "cumulative": cash.cumsum(),
            "discount_factor": factor,
            "discounted": cash * factor,
            "cumulative_discounted": (cash * factor).cumsum(),
        }
    )


def npv(investment: float, net_benefits: Sequence[float], discount_rate: float) -> float:
    """Net present value ``−I + Σ_k B_k / (1 + i)^k``.

    Examples
    --------
    >>> npv(100, [110], 0.10)
    0.0
    """
    return round(float(payback_table(investment, net_benefits, discount_rate)["discounted"].sum()), 10) + 0.0


def payback_period(
    investment: float, net_benefits: Sequence[float], discount_rate: float = 0.0, *, discounted: bool = False
) -> float:
    """Years until the running total of cash flows turns non-negative (``inf`` if it never does).

    Within the year of recovery the flow is assumed to come evenly, so the period is
    interpolated: ``k − 1 + (what is still owed) / (flow of year k)``.

    Parameters
    ----------
    discounted : bool
        Use discounted cash flows (the "discounted payback period").

    Examples
    --------
    >>> payback_period(100, [30, 40, 50, 50])   # −70, −30, +20: 2 + 30/50
    2.6
    """
    tab = payback_table(investment, net_benefits, discount_rate)
    flow = tab["discounted" if discounted else "cash_flow"].to_numpy()
    running = tab["cumulative_discounted" if discounted else "cumulative"].to_numpy()
    if running[0] >= 0:
        return 0.0
    for k in range(1, len(running)):
        if running[k] >= 0:
            return round(float(k - 1 + (-running[k - 1]) / flow[k]), 10)
    return math.inf


