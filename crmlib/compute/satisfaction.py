"""Customer satisfaction (chapter 6): expectation vs perception, NPS, drivers, IPA, repurchase.

- **C = b/a.** Chinese CRM textbooks write satisfaction as the ratio of perceived performance b
  to expectation a: C < 1 dissatisfied, C = 1 satisfied, C > 1 delighted. It has no primary
  source; it is a *textbook convention* built on expectancy-disconfirmation theory (Oliver,
  1980). The gap b − a says the same thing on the rating scale.
- **NPS** by its published definition (Reichheld, 2003): on the 0–10 "how likely are you to
  recommend" scale, promoters answer 9–10, passives 7–8, detractors 0–6; NPS = % promoters −
  % detractors, from −100 to +100.
- **Driver regression**: overall satisfaction regressed on the attribute perceptions with
  statsmodels OLS; the coefficients are the *derived importance* of each attribute.
- **Importance-performance matrix** (Martilla & James, 1977): derived importance against mean
  performance, split at the means into four quadrants.
- **Satisfaction → repurchase**: a logit of coming back on overall satisfaction; its curve shows
  why "satisfied" customers still leave (Jones & Sasser, 1995).

Examples
--------
>>> ratio_index(4.5, 5.0)
0.9
>>> nps([10, 9, 8, 7, 6, 0])["nps"]
0.0
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from crmlib import validation as v
from crmlib.i18n import t

if TYPE_CHECKING:  # statsmodels is imported by the functions that fit, not by ``import`` (~100 MB of a kernel)
    import statsmodels.api as sm

ATTRIBUTES: tuple[str, ...] = ("dishes", "service", "environment", "speed", "value")
"""The attributes of the course's restaurant survey (:mod:`crmlib.datasets.synth.survey`)."""

QUADRANTS: tuple[str, ...] = ("concentrate_here", "keep_up", "low_priority", "possible_overkill")
"""Martilla & James (1977) quadrant names: high importance / low performance, high / high,
low / low, low importance / high performance."""


SCALE: tuple[float, float] = (1, 7)
"""The scale of the course survey's attribute ratings (expect_*/perceive_*, 1–7); a function given
``scale`` rejects any rating outside it (a typing slip such as 107 would silently move a mean),
``scale=None`` skips the check."""

SATISFACTION_SCALE: tuple[float, float] = (1, 10)
"""The scale of the course survey's overall satisfaction (1–10)."""


def _check_scale(survey: pd.DataFrame, columns: Sequence[str], scale: tuple[float, float] | None) -> None:
    if scale is not None:
        for col in columns:  # one vectorised check per column
            v.check_scale(survey, col, scale[0], scale[1], table="survey")


def ratio_index(perception: float | np.ndarray, expectation: float | np.ndarray) -> float | np.ndarray:
    """The textbook satisfaction index C = b / a (perceived performance over expectation).

    A textbook convention, not a measured law (see the module notes). Expectation must be > 0.

    Examples
    --------
    >>> ratio_index(6, 5)
    1.2
    >>> ratio_index(np.array([3, 6]), np.array([6, 6])).tolist()
    [0.5, 1.0]
    """
    if np.ndim(perception) == 0 and np.ndim(expectation) == 0:
        b = v.check_nonnegative(perception, "perception")
        a = v.check_positive(expectation, "expectation")
        return b / a
    b_arr = np.asarray(perception, dtype=float)
    a_arr = np.broadcast_to(np.asarray(expectation, dtype=float), b_arr.shape)
    bad_a = ~np.isfinite(a_arr) | (a_arr <= 0)
    if bad_a.any():
        v.check_positive(float(a_arr[bad_a][0]), "expectation")
    bad_b = ~np.isfinite(b_arr) | (b_arr < 0)
    if bad_b.any():
        v.check_nonnegative(float(b_arr[bad_b][0]), "perception")
    return b_arr / a_arr


def _pairs(survey: pd.DataFrame, attributes: Sequence[str], expect_prefix: str, perceive_prefix: str) -> list[tuple[str, str, str]]:
    attrs = list(attributes)
    if not attrs:
        raise v.CRMInputError(t("error.length_mismatch", name="attributes", expected=">= 1", got=0))
    pairs = [(a, f"{expect_prefix}{a}", f"{perceive_prefix}{a}") for a in attrs]
    v.require_columns(survey, [c for _, e, p in pairs for c in (e, p)], "survey")
    return pairs


def attribute_scores(
    survey: pd.DataFrame,
    attributes: Sequence[str] = ATTRIBUTES,
    *,
    expect_prefix: str = "expect_",
    perceive_prefix: str = "perceive_",
    scale: tuple[float, float] | None = SCALE,
) -> pd.DataFrame:
    """Per attribute: mean expectation a, mean perception b, C = b/a, gap b − a, share with b < a.

    C is computed from the means (b̄ / ā), so it is not thrown by a single respondent with a
    tiny expectation; ``share_below`` counts respondents whose own b fell short of their own a.

    Parameters
    ----------
    survey : pandas.DataFrame
        One row per respondent with columns ``<expect_prefix><attribute>`` and
        ``<perceive_prefix><attribute>`` (ratings > 0 on the same scale).
    attributes : sequence of str
        Attribute names.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``attribute``: ``expectation``, ``perception``, ``ratio``, ``gap``, ``share_below``.

    Examples
    --------
    >>> df = pd.DataFrame({"expect_food": [6, 4], "perceive_food": [3, 5]})
    >>> attribute_scores(df, ["food"]).round(3).loc["food"].tolist()
    [5.0, 4.0, 0.8, -1.0, 0.5]
    """
    _check_scale(v.require_frame(survey, "survey"), [f"{pre}{a}" for a in attributes for pre in (expect_prefix, perceive_prefix) if f"{pre}{a}" in survey.columns], scale)
    pairs = _pairs(survey, attributes, expect_prefix, perceive_prefix)
    rows = []
    for attr, e_col, p_col in pairs:
        a = v.check_numeric_column(survey, e_col, "survey", minimum=0)
        if (a <= 0).any():
            row = a.index[a <= 0][0]
            raise v.CRMInputError(t("error.column_out_of_range", table="survey", column=e_col, low="> 0", high="inf", row=row, value=a.loc[row]))
        b = v.check_numeric_column(survey, p_col, "survey", minimum=0)
        rows.append((attr, a.mean(), b.mean(), b.mean() / a.mean(), b.mean() - a.mean(), float((b < a).mean())))
    out = pd.DataFrame(rows, columns=["attribute", "expectation", "perception", "ratio", "gap", "share_below"])
    return out.set_index("attribute")


def nps(scores: Sequence[float] | pd.Series) -> dict[str, float]:
    """Net Promoter Score by Reichheld's (2003) definition.

    Promoters answer 9–10, passives 7–8, detractors 0–6 on the 0–10 recommend scale;
    NPS = 100 × (share of promoters − share of detractors), between −100 and +100.

    Parameters
    ----------
    scores : sequence of int
        Answers to "how likely are you to recommend us", whole numbers 0–10.

    Returns
    -------
    dict
        ``promoters``, ``passives``, ``detractors`` (shares, 0–1), ``nps`` (−100…100), ``n``.

    Examples
    --------
    >>> r = nps([10, 9, 9, 8, 3])
    >>> r["promoters"], r["detractors"], r["nps"]
    (0.6, 0.2, 40.0)
    """
    frame = pd.DataFrame({"recommend": pd.Series(scores).reset_index(drop=True)})
    s = v.check_numeric_column(v.require_frame(frame, "scores"), "recommend", "scores", minimum=0, maximum=10)
    frac = s[s != s.round()]
    if len(frac):
        raise v.CRMInputError(t("error.not_integer", name=f"scores[{frac.index[0]}]", value=frac.iloc[0]))
    n = len(s)
    promoters = float((s >= 9).sum() / n)
    detractors = float((s <= 6).sum() / n)
    passives = 1.0 - promoters - detractors
    return {
        "promoters": round(promoters, 12),
        "passives": round(passives, 12),
        "detractors": round(detractors, 12),
        "nps": round(100.0 * (promoters - detractors), 10),
        "n": n,
    }


def nps_groups(scores: Sequence[float] | pd.Series) -> pd.Series:
    """Label each 0–10 answer as promoter, passive or detractor (Reichheld, 2003).

    Examples
    --------
    >>> nps_groups([10, 7, 6]).tolist()
    ['promoter', 'passive', 'detractor']
    """
    nps(scores)  # validates
    s = pd.Series(scores).reset_index(drop=True).astype(float)
    return pd.Series(np.select([s >= 9, s >= 7], ["promoter", "passive"], "detractor"), name="nps_group")


def driver_regression(
    survey: pd.DataFrame,
    outcome: str = "satisfaction",
    drivers: Sequence[str] | None = None,
    *,
    scale: tuple[float, float] | None = None,
) -> sm.regression.linear_model.RegressionResultsWrapper:
    """OLS of the outcome on the driver columns (with a constant), via statsmodels.

    Parameters
    ----------
    survey : pandas.DataFrame
    outcome : str
        Column of overall satisfaction.
    drivers : sequence of str, optional
        Driver columns; default ``perceive_<attribute>`` for each of :data:`ATTRIBUTES`.

    Returns
    -------
    statsmodels RegressionResults
        ``.params``, ``.bse``, ``.pvalues``, ``.rsquared``, ``.summary()``; see :func:`driver_table`.

    Examples
    --------
    >>> x = np.arange(10.0)
    >>> df = pd.DataFrame({"y": 1 + 2 * x, "x": x})
    >>> driver_regression(df, "y", ["x"]).params.round(6).tolist()
    [1.0, 2.0]
    """
    _check_scale(v.require_frame(survey, "survey"), [c for c in [outcome, *(drivers or [])] if c in survey.columns], scale)
    drivers = [f"perceive_{a}" for a in ATTRIBUTES] if drivers is None else list(drivers)
    if not drivers:
        raise v.CRMInputError(t("error.length_mismatch", name="drivers", expected=">= 1", got=0))
    v.require_columns(survey, [outcome, *drivers], "survey")
    y = v.check_numeric_column(survey, outcome, "survey")
    X = pd.DataFrame({d: v.check_numeric_column(survey, d, "survey") for d in drivers})
    if len(survey) <= len(drivers) + 1:
        raise v.CRMInputError(t("satisfaction.error_too_few_rows", table="survey", rows=len(survey), needed=len(drivers) + 2))
    from statsmodels.regression.linear_model import OLS
    from statsmodels.tools.tools import add_constant

    return OLS(y, add_constant(X, has_constant="add")).fit()


def driver_table(result: sm.regression.linear_model.RegressionResultsWrapper) -> pd.DataFrame:
    """The coefficient table of :func:`driver_regression` as a tidy DataFrame (constant dropped).

    Columns: ``coef`` (extra points of satisfaction per extra point of the driver, others held
    fixed), ``std_err``, ``t``, ``p_value``, ``ci_low``, ``ci_high`` (95 %), and ``beta`` (the
    standardised coefficient: coef × sd(driver) / sd(outcome), comparable across drivers on
    different scales).

    Examples
    --------
    >>> x = np.array([1.0, 2, 3, 4, 5, 6]); z = np.array([2.0, 1, 2, 1, 2, 1])
    >>> df = pd.DataFrame({"y": 3 * x + z + np.array([0, .1, 0, -.1, 0, 0]), "x": x, "z": z})
    >>> driver_table(driver_regression(df, "y", ["x", "z"]))["coef"].round(1).tolist()
    [3.0, 1.0]
    """
    ci = result.conf_int(0.05)
    exog = pd.DataFrame(result.model.exog, columns=result.model.exog_names)
    sd_y = float(np.std(result.model.endog, ddof=1))
    out = pd.DataFrame(
        {
            "coef": result.params,
            "std_err": result.bse,
            "t": result.tvalues,
            "p_value": result.pvalues,
            "ci_low": ci[0],
            "ci_high": ci[1],
        }
    ).drop(index="const")
    out["beta"] = [out.loc[c, "coef"] * exog[c].std(ddof=1) / sd_y for c in out.index]
    out.index.name = "driver"
    return out


def importance_performance(
    survey: pd.DataFrame,
    attributes: Sequence[str] = ATTRIBUTES,
    outcome: str = "satisfaction",
    *,
    perceive_prefix: str = "perceive_",
    scale: tuple[float, float] | None = SCALE,
) -> pd.DataFrame:
    """Importance-performance analysis (Martilla & James, 1977) with derived importance.

    Importance is the driver-regression coefficient of each attribute's perception; performance is
    its mean perception. The crosshairs are the means of importance and of performance (one common
    choice; the scale midpoint is another).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``attribute``: ``importance``, ``performance``, ``quadrant`` (one of
        :data:`QUADRANTS`).

    Examples
    --------
    >>> from crmlib.datasets.synth import survey
    >>> ipa = importance_performance(survey.generate())
    >>> ipa.loc["service", "quadrant"], ipa.loc["environment", "quadrant"]
    ('concentrate_here', 'possible_overkill')
    """
    attrs = list(attributes)
    _check_scale(v.require_frame(survey, "survey"), [f"{perceive_prefix}{a}" for a in attrs if f"{perceive_prefix}{a}" in survey.columns], scale)
    result = driver_regression(survey, outcome, [f"{perceive_prefix}{a}" for a in attrs])
    imp = np.array([result.params[f"{perceive_prefix}{a}"] for a in attrs])
    perf = np.array([survey[f"{perceive_prefix}{a}"].mean() for a in attrs])
    hi_imp = imp >= imp.mean()
    hi_perf = perf >= perf.mean()
    quadrant = np.select(
        [hi_imp & ~hi_perf, hi_imp & hi_perf, ~hi_imp & ~hi_perf],
        ["concentrate_here", "keep_up", "low_priority"],
        "possible_overkill",
    )
    out = pd.DataFrame({"attribute": attrs, "importance": imp, "performance": perf, "quadrant": quadrant})
    return out.set_index("attribute")


def repurchase_model(
    survey: pd.DataFrame, satisfaction: str = "satisfaction", repurchase: str = "repurchase",
    *, scale: tuple[float, float] | None = None,
) -> sm.discrete.discrete_model.BinaryResultsWrapper:
    """Logit of repurchase (0/1) on overall satisfaction, via statsmodels.

    Examples
    --------
    >>> df = pd.DataFrame({"satisfaction": [1, 2, 3, 4, 5, 6, 7, 8], "repurchase": [0, 0, 1, 0, 1, 0, 1, 1]})
    >>> float(repurchase_model(df).params.iloc[1]) > 0
    True
    """
    _check_scale(v.require_frame(survey, "survey"), [c for c in [satisfaction] if c in survey.columns], scale)
    v.require_columns(survey, [satisfaction, repurchase], "survey")
    x = v.check_numeric_column(survey, satisfaction, "survey")
    y = v.check_numeric_column(survey, repurchase, "survey", minimum=0, maximum=1)
    if not y.isin([0.0, 1.0]).all():
        row = y.index[~y.isin([0.0, 1.0])][0]
        raise v.CRMInputError(t("error.column_unknown_value", table="survey", column=repurchase, value=y.loc[row], row=row, allowed="0, 1"))
    if y.nunique() < 2:
        raise v.CRMInputError(t("satisfaction.error_one_class", table="survey", column=repurchase))
    from statsmodels.discrete.discrete_model import Logit
    from statsmodels.tools.tools import add_constant

    return Logit(y, add_constant(x.rename(satisfaction), has_constant="add")).fit(disp=0)


def repurchase_curve(
    survey: pd.DataFrame,
    satisfaction: str = "satisfaction",
    repurchase: str = "repurchase",
    *,
    scale: tuple[float, float] | None = SATISFACTION_SCALE,
) -> pd.DataFrame:
    """Observed and fitted repurchase rate at each satisfaction level.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``satisfaction`` level: ``respondents``, ``observed`` (share who came back),
        ``fitted`` (logit probability).

    Examples
    --------
    >>> from crmlib.datasets.synth import survey
    >>> c = repurchase_curve(survey.generate())
    >>> bool(c["fitted"].is_monotonic_increasing)
    True
    """
    model = repurchase_model(survey, satisfaction, repurchase, scale=scale)
    g = survey.groupby(satisfaction)[repurchase].agg(respondents="size", observed="mean")
    levels = g.index.to_numpy(float)
    from statsmodels.tools.tools import add_constant

    g["fitted"] = model.predict(add_constant(pd.Series(levels, name=satisfaction), has_constant="add")).to_numpy()
    g["respondents"] = g["respondents"].astype(int)
    g.index.name = "satisfaction"
    return g


