"""A seeded customer-satisfaction survey of a restaurant (chapter 6).

Each respondent rates five attributes twice on a 1–7 scale, before the meal what they expected
(a) and after it what they got (b); then overall satisfaction (1–10), likelihood to recommend
(0–10, the Net Promoter question) and whether they came back within three months (repurchase).

How the numbers are made (so that teachers know what the analysis should find): overall
satisfaction rises with the perceptions, weighted dishes 0.35, service 0.25, value 0.20, speed
0.12, environment 0.08, plus a smaller effect of disconfirmation (b − a), plus noise; the chance
of coming back is logistic in satisfaction, low until satisfaction is high (−7 + 0.85 ×
satisfaction), so many "satisfied" customers (7–8 of 10) still do not return.

Examples
--------
>>> df = generate()
>>> df.shape
(600, 14)
>>> bool(df.equals(generate()))
True
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmlib import validation as v
from crmlib.datasets import Column, Table

SEED = 6
N_RESPONDENTS = 600

ATTRIBUTES: tuple[str, ...] = ("dishes", "service", "environment", "speed", "value")
"""Attributes rated: 菜品 dishes, 服务 service, 环境 environment, 上菜速度 speed, 性价比 value for money."""

WEIGHTS = {"dishes": 0.35, "service": 0.25, "environment": 0.08, "speed": 0.12, "value": 0.20}
EXPECTED_MEAN = {"dishes": 6.0, "service": 5.6, "environment": 5.0, "speed": 5.2, "value": 5.4}
PERCEIVED_MEAN = {"dishes": 5.6, "service": 5.0, "environment": 5.8, "speed": 4.4, "value": 4.8}


def _scale(x: np.ndarray, low: int, high: int) -> np.ndarray:
    return np.clip(np.rint(x), low, high).astype(int)


def generate(seed: int = SEED, n: int = N_RESPONDENTS) -> pd.DataFrame:
    """Generate the survey.

    Parameters
    ----------
    seed : int
        Seed of ``numpy.random.default_rng``.
    n : int
        Number of respondents (>= 20).

    Returns
    -------
    pandas.DataFrame
        ``respondent_id``, ``expect_<attribute>`` and ``perceive_<attribute>`` (1–7) for each of
        :data:`ATTRIBUTES`, ``satisfaction`` (1–10), ``recommend`` (0–10), ``repurchase`` (0/1).

    Examples
    --------
    >>> bool(generate(seed=1, n=50)["recommend"].between(0, 10).all())
    True
    """
    seed = v.check_seed(seed)
    n = v.check_count(n, "n", minimum=20)
    rng = np.random.default_rng(seed)
    halo = rng.normal(0.0, 0.6, n)  # a respondent's general mood lifts all perceptions together
    cols: dict[str, np.ndarray] = {"respondent_id": np.arange(1, n + 1)}
    latent = np.zeros(n)
    for attr in ATTRIBUTES:
        e = _scale(EXPECTED_MEAN[attr] + rng.normal(0.0, 0.8, n), 1, 7)
        p = _scale(PERCEIVED_MEAN[attr] + halo + rng.normal(0.0, 1.0, n), 1, 7)
        cols[f"expect_{attr}"] = e
        cols[f"perceive_{attr}"] = p
        latent += WEIGHTS[attr] * (p + 0.35 * (p - e))
    latent += rng.normal(0.0, 0.45, n)
    satisfaction = _scale(1 + (latent - 1.0) * 1.6, 1, 10)
    recommend = _scale(satisfaction - 0.4 + rng.normal(0.0, 1.3, n), 0, 10)
    p_back = 1.0 / (1.0 + np.exp(-(-7.0 + 0.85 * satisfaction)))
    repurchase = (rng.random(n) < p_back).astype(int)
    cols.update(satisfaction=satisfaction, recommend=recommend, repurchase=repurchase)
    return pd.DataFrame(cols)


_ATTR_ZH = {"dishes": "菜品", "service": "服务", "environment": "环境", "speed": "上菜速度", "value": "性价比"}


def _columns() -> tuple[Column, ...]:
    cols = [Column("respondent_id", "int", "受访者编号", "respondent id", min=1, unique=True)]
    for attr in ATTRIBUTES:
        cols.append(Column(f"expect_{attr}", "int", f"{_ATTR_ZH[attr]}:期望(a),1 很低 – 7 很高",
                           f"{attr}: expectation (a), 1 very low – 7 very high", unit="1–7", min=1, max=7))
        cols.append(Column(f"perceive_{attr}", "int", f"{_ATTR_ZH[attr]}:感知表现(b),1 很差 – 7 很好",
                           f"{attr}: perceived performance (b), 1 very poor – 7 very good", unit="1–7", min=1, max=7))
    cols += [
        Column("satisfaction", "int", "总体满意度，1 极不满意 – 10 极满意", "overall satisfaction, 1 very dissatisfied – 10 delighted",
               unit="1–10", min=1, max=10),
        Column("recommend", "int", "向亲友推荐的可能性（NPS 问题），0 – 10", "likelihood to recommend (the NPS question), 0 – 10",
               unit="0–10", min=0, max=10),
        Column("repurchase", "int", "三个月内是否再次光顾（1 是，0 否）", "came back within three months (1 yes, 0 no)",
               min=0, max=1),
    ]
    return tuple(cols)


TABLES = [
    Table(
        name="survey",
        file="survey.csv",
        title_zh="餐厅顾客满意度调查（合成）",
        title_en="Restaurant customer satisfaction survey (synthetic)",
        description_zh=(
            "600 名顾客对菜品、服务、环境、上菜速度、性价比五项的期望（a）与感知表现（b），以及总体满意度、"
            "推荐意愿（0–10）和三个月内是否再次光顾。用于第 6 章：C = b/a、NPS、驱动因素回归、重要性–表现矩阵、"
            "满意度与再购买的关系。"
        ),
        description_en=(
            "600 diners rate five attributes (dishes, service, environment, speed, value for money): what they "
            "expected (a) and what they got (b); plus overall satisfaction, likelihood to recommend (0–10) and "
            "whether they came back within three months. For chapter 6: C = b/a, NPS, driver regression, the "
            "importance-performance matrix, satisfaction and repurchase."
        ),
        provenance_zh=f"合成数据,由 crmlib.datasets.synth.survey 以种子 {SEED} 生成。",
        provenance_en=f"synthetic, generated by crmlib.datasets.synth.survey with seed {SEED}",
        generate=generate,
        columns=_columns(),
    )
]
