"""Funnels: the customer formation ladder and stage-by-stage conversion.

Kotler's customer formation ladder (客户形成阶梯) runs suspect → prospect → first-time customer →
repeat customer → client (loyal) → member → advocate. Read as a funnel, each step keeps a
fraction of the people who reached the step before it: the stage conversion rate. The same
arithmetic serves any staged process, such as a sales pipeline (chapter 9).

Examples
--------
>>> ladder_funnel(1000, [0.5, 0.4, 0.5, 0.5, 0.4, 0.5])["customers"].round(1).tolist()
[1000.0, 500.0, 200.0, 100.0, 50.0, 20.0, 10.0]
>>> conversion_rates([80, 30, 16, 10]).round(4).tolist()
[0.375, 0.5333, 0.625]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from crmlib import validation as v
from crmlib.datasets.synth.ladder import LADDER_STAGES as _DATA_LADDER_STAGES
from crmlib.i18n import t

LADDER_STAGES: tuple[str, ...] = _DATA_LADDER_STAGES
"""The rungs of the customer formation ladder (Kotler), from widest to narrowest (defined once, with the
``ladder_journeys`` data set: :data:`crmlib.datasets.synth.ladder.LADDER_STAGES`)."""

DEFAULT_LADDER_RATES: tuple[float, ...] = (0.30, 0.25, 0.40, 0.50, 0.30, 0.20)
"""Illustrative stage conversion rates for the teaching example (not empirical figures)."""


def ladder_funnel(
    top: float,
    rates: Sequence[float],
    stages: Sequence[str] = LADDER_STAGES,
) -> pd.DataFrame:
    """Expected number of people at each stage when ``top`` enter the first stage.

    Parameters
    ----------
    top : float
        How many enter the first stage (e.g. suspects); must be >= 0.
    rates : sequence of float
        Stage conversion rates in [0, 1], one per step: ``rates[k]`` is the share of stage ``k``
        that reaches stage ``k + 1``. Length ``len(stages) - 1``.
    stages : sequence of str
        Stage names (English identifiers; labels come from the catalogue ``funnel.stage.*``).

    Returns
    -------
    pandas.DataFrame
        Columns ``stage``, ``customers`` (expected count), ``conversion_from_previous`` (NaN for
        the first stage) and ``conversion_from_top``.

    Examples
    --------
    >>> df = ladder_funnel(200, [0.5, 0.5], stages=["a", "b", "c"])
    >>> df["customers"].tolist(), df["conversion_from_top"].tolist()
    ([200.0, 100.0, 50.0], [1.0, 0.5, 0.25])
    """
    top = v.check_nonnegative(top, "top")
    stages = list(stages)
    r = v.check_rates(rates, "rates", length=len(stages) - 1)
    from_top = np.concatenate([[1.0], np.cumprod(r)])
    return pd.DataFrame(
        {
            "stage": stages,
            "customers": top * from_top,
            "conversion_from_previous": np.concatenate([[np.nan], r]),
            "conversion_from_top": from_top,
        }
    )


def conversion_rates(counts: Sequence[float]) -> np.ndarray:
    """Stage conversion rates from the counts observed at each stage.

    ``rate[k] = counts[k + 1] / counts[k]``. Counts must be non-negative and must not grow from
    one stage to the next (a funnel only narrows).

    Examples
    --------
    >>> conversion_rates([100, 40, 10]).tolist()
    [0.4, 0.25]
    """
    values = [v.check_nonnegative(c, f"counts[{i}]") for i, c in enumerate(counts)]
    if len(values) < 2:
        raise v.CRMInputError(t("error.length_mismatch", name="counts", expected=">= 2", got=len(values)))
    for i in range(1, len(values)):
        if values[i] > values[i - 1]:
            raise v.CRMInputError(t("funnel.error_widening", i=i, prev=values[i - 1], cur=values[i]))
    arr = np.asarray(values, dtype=float)
    # A stage nobody reached converts nobody: rate 0, not 0/0.
    return np.where(arr[:-1] > 0, arr[1:] / np.where(arr[:-1] > 0, arr[:-1], 1.0), 0.0)


def conversion_from_top(counts: Sequence[float]) -> np.ndarray:
    """Share of the funnel's entrants still there at each stage: ``counts[k] / counts[0]``.

    The product of the stage :func:`conversion_rates` up to stage ``k`` (1.0 at the top). A
    funnel nobody entered converts nobody: all zeros.

    Examples
    --------
    >>> conversion_from_top([100, 40, 10]).tolist()
    [1.0, 0.4, 0.1]
    """
    conversion_rates(counts)  # validates: non-negative, narrowing, at least 2 stages
    arr = np.asarray(counts, dtype=float)
    return arr / arr[0] if arr[0] > 0 else np.zeros(len(arr))


def stage_counts(reached: pd.Series, stages: Sequence[str] = LADDER_STAGES) -> pd.Series:
    """How many people reached each stage, from each person's furthest stage.

    A person whose furthest stage is ``k`` also passed every stage before ``k``, so the count
    for a stage is the number whose furthest stage is that one or later.

    Parameters
    ----------
    reached : pandas.Series
        Each person's furthest stage (one of ``stages``).

    Examples
    --------
    >>> stage_counts(pd.Series(["a", "b", "b", "c"]), stages=["a", "b", "c"]).tolist()
    [4, 3, 1]
    """
    stages = list(stages)
    frame = v.require_frame(reached.to_frame("furthest_stage"), "reached")
    v.check_category_column(frame, "furthest_stage", "reached", stages)
    per_stage = reached.value_counts().reindex(stages, fill_value=0)
    reached_at_least = per_stage[::-1].cumsum()[::-1]
    return reached_at_least.astype(int).rename("customers")


def observed_funnel(journeys: pd.DataFrame, by: str | None = None, stages: Sequence[str] = LADDER_STAGES) -> pd.DataFrame:
    """The funnel observed in a table of journeys (one row per person, column ``furthest_stage``).

    Parameters
    ----------
    journeys : pandas.DataFrame
        Must hold ``furthest_stage``; and ``by`` if given.
    by : str, optional
        A column to split the funnel by (e.g. ``"channel"``).

    Returns
    -------
    pandas.DataFrame
        Long table: (``by``,) ``stage``, ``customers``, ``conversion_from_previous``,
        ``conversion_from_top``.

    Examples
    --------
    >>> j = pd.DataFrame({"furthest_stage": ["a", "b", "b", "c"]})
    >>> observed_funnel(j, stages=["a", "b", "c"])["conversion_from_previous"].tolist()
    [nan, 0.75, 0.3333333333333333]
    """
    stages = list(stages)
    cols = ["furthest_stage"] + ([by] if by else [])
    v.require_columns(journeys, cols, "journeys")
    groups = journeys.groupby(by, observed=True, sort=True) if by else [(None, journeys)]
    parts = []
    for key, group in groups:
        counts = stage_counts(group["furthest_stage"], stages)
        rates = conversion_rates(counts.to_numpy())
        part = pd.DataFrame(
            {
                "stage": stages,
                "customers": counts.to_numpy(),
                "conversion_from_previous": np.concatenate([[np.nan], rates]),
                "conversion_from_top": conversion_from_top(counts.to_numpy()),
            }
        )
        if by:
            part.insert(0, by, key[0] if isinstance(key, tuple) else key)
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def required_top(target: float, rates: Sequence[float]) -> float:
    """How many must enter the funnel for ``target`` people to reach the last stage.

    Examples
    --------
    >>> required_top(10, [0.5, 0.2])
    100.0
    """
    target = v.check_nonnegative(target, "target")
    r = v.check_rates(rates, "rates")
    if len(r) == 0:
        raise v.CRMInputError(t("error.length_mismatch", name="rates", expected=">= 1", got=0))
    through = float(np.prod(r))
    if through == 0:
        raise v.CRMInputError(t("funnel.error_zero_rate"))
    return target / through


def _stage_keys() -> set[str]:
    from crmlib.i18n import catalogue

    return {k for k in catalogue() if k.startswith("funnel.stage.")}


