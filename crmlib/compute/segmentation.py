"""Segmentation variables (细分变量) and segment profiles.

The course's file 000 ("客户分类：市场细分") splits a market in two steps: choose the segmentation
criteria, then combine them into segments ("1、确定细分标准 2、标准组合分类"). Textbooks group
the criteria into four families (Kotler, *Marketing Management*):

- **geographic** 地理变量: region, city size, urban / rural (城乡);
- **demographic** 人口变量: age, sex, income, education, family size and life stage;
- **psychographic** 心理变量: lifestyle, personality, values; and the benefit sought
  (the file's 产品诉求：价格、品质 and 用途诉求：自用、送礼);
- **behavioural** 行为变量: purchase occasion, usage rate, loyalty, attitude (e.g. promoter or
  detractor).

:func:`segment_profiles` describes the segments made by any one variable: size, share, the
mean of chosen measures and, when a 0–10 recommend column is given, the NPS of each segment
(computed by the one NPS definition, :func:`crmlib.compute.satisfaction.nps`).
:func:`benefit_sought` derives a psychographic variable from survey expectations: the attribute
a respondent expects most *compared with other respondents* (the largest z-score).

Examples
--------
>>> df = pd.DataFrame({"seg": ["a", "a", "b"], "spend": [10.0, 20.0, 60.0]})
>>> segment_profiles(df, "seg", ["spend"])[["size", "share", "mean_spend"]].to_dict("index")
{'a': {'size': 2.0, 'share': 0.6666666666666666, 'mean_spend': 15.0}, 'b': {'size': 1.0, 'share': 0.3333333333333333, 'mean_spend': 60.0}}
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from crmlib import validation as v
from crmlib.compute.satisfaction import nps
from crmlib.i18n import t

__all__ = ["VARIABLE_FAMILIES", "variable_families", "segment_profiles", "benefit_sought"]

VARIABLE_FAMILIES: tuple[str, ...] = ("geographic", "demographic", "psychographic", "behavioural")
"""The four families of segmentation variables."""


def variable_families() -> pd.Series:
    """The four families of segmentation variables with examples, in the current language.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> variable_families()["geographic"]
    'Geographic: region, city size, urban or rural'
    """
    return pd.Series({f: t(f"segmentation.family.{f}") for f in VARIABLE_FAMILIES}, name="family")


def segment_profiles(
    frame: pd.DataFrame,
    by: str,
    measures: Sequence[str] = (),
    *,
    recommend: str | None = None,
) -> pd.DataFrame:
    """Profile the segments made by one variable.

    Parameters
    ----------
    frame : DataFrame
        One row per customer or respondent.
    by : str
        The segmentation variable (a column); each distinct value is a segment.
    measures : sequence of str
        Numeric columns whose mean is reported per segment (as ``mean_<column>``); a 0/1 column
        gives a rate.
    recommend : str, optional
        A 0–10 "would you recommend us" column; adds each segment's ``nps``.

    Returns
    -------
    DataFrame
        Indexed by segment (sorted): ``size``, ``share``, ``mean_<measure>`` for each measure,
        and ``nps`` if ``recommend`` is given.

    Examples
    --------
    >>> df = pd.DataFrame({"seg": ["x", "x", "y", "y"], "recommend": [10, 3, 9, 8]})
    >>> segment_profiles(df, "seg", recommend="recommend")["nps"].tolist()
    [0.0, 50.0]
    """
    data = v.require_columns(frame, [by, *measures] + ([recommend] if recommend else []), "frame")
    if data[by].isna().any():
        row = data.index[data[by].isna()][0]
        raise v.CRMInputError(t("segmentation.error.missing_segment", column=by, row=row))
    for column in measures:
        v.check_numeric_column(data, column, "frame")
    groups = data.groupby(by, sort=True, observed=True)
    out = pd.DataFrame({"size": groups.size().astype(float)})
    out["share"] = out["size"] / len(data)
    for column in measures:
        out[f"mean_{column}"] = groups[column].mean().astype(float)
    if recommend:
        out["nps"] = [nps(part[recommend])["nps"] for _, part in groups]
    out.index.name = by
    return out


def benefit_sought(
    survey: pd.DataFrame,
    attributes: Sequence[str],
    *,
    expect_prefix: str = "expect_",
    scale: tuple[float, float] | None = (1, 7),
) -> pd.Series:
    """The benefit each respondent seeks most: the attribute whose expectation is furthest above
    the sample's average for that attribute, in standard deviations.

    A teaching construction of a psychographic (benefit) variable from expectation ratings; raw
    1–7 ratings tie too often for "the highest rating" to separate respondents.

    Parameters
    ----------
    survey : DataFrame
        One row per respondent with ``<expect_prefix><attribute>`` columns.
    attributes : sequence of str
        The attributes to compare (at least two).
    expect_prefix : str
        Prefix of the expectation columns.
    scale : (low, high) or None
        The rating scale of the answers (default the survey's 1–7). Every answer must lie on
        it: a 107 typed for 7 would dominate the z-scores. ``None`` accepts any finite number.

    Returns
    -------
    Series
        Named ``benefit_sought``, the chosen attribute for each respondent (on an exact tie the
        attribute listed first).

    Examples
    --------
    >>> s = pd.DataFrame({"expect_taste": [7, 5, 6], "expect_price": [4, 6, 5]})
    >>> benefit_sought(s, ["taste", "price"]).tolist()
    ['taste', 'price', 'taste']
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> benefit_sought(s.assign(expect_taste=[107, 5, 6]), ["taste", "price"])
    Traceback (most recent call last):
    ...
    crmlib.validation.CRMInputError: column expect_taste of table survey holds answers on a 1–7 scale; row 0 holds 107.0.
    """
    attrs = list(attributes)
    if len(attrs) < 2:
        raise v.CRMInputError(t("segmentation.error.attributes", count=len(attrs)))
    low, high = (None, None) if scale is None else v.check_range(scale, "scale")
    columns = [f"{expect_prefix}{a}" for a in attrs]
    data = v.require_columns(survey, columns, "survey")
    check = v.check_numeric_column if scale is None else (lambda f, c, tb: v.check_scale(f, c, low, high, table=tb))
    values = np.column_stack([check(data, c, "survey").to_numpy(dtype=float) for c in columns])
    sd = values.std(axis=0)
    z = (values - values.mean(axis=0)) / np.where(sd > 0, sd, 1.0)
    choice = np.asarray(attrs, dtype=object)[np.argmax(z, axis=1)]
    return pd.Series(choice, index=data.index, name="benefit_sought")
