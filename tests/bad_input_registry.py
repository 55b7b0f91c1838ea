"""Registry of crmlib's public API for the bad-input sweep (tests/test_bad_input.py).

:func:`public_functions` walks the package: every function in a module's ``__all__`` (or, without
``__all__``, every function defined there whose name does not start with ``_``) in
``crmlib.compute``, ``crmlib.views``, ``crmlib.cases.<case>.{model,analysis,views}``,
``crmlib.datasets.loaders`` and ``crmlib.datasets.synth``. Each must have an entry in
:data:`SPECS` (or, with a reason, in :data:`NO_INPUT` / :data:`PENDING`); the sweep fails with
"add it to the registry" for a function that has none, so a new function cannot skip it.

A :class:`Spec` gives a valid call (``call`` returns the keyword arguments; doctest inputs or
the shipped data) and declares which arguments are tables, arrays or numbers:

- ``tables``: ``{argument: {column: kind}}``, kind one of :data:`COLUMN_KINDS`;
- ``arrays``: ``{argument: kind}`` for a sequence of numbers (one per customer...);
- ``numbers``: ``{argument: domain}``, domain one of :data:`DOMAINS`.

A dotted name reaches inside an argument: ``"ledger.orders"`` is the ``orders`` table of the
``ledger`` mapping, ``"policy.top_share"`` a field of the ``policy`` dataclass (corrupted in a
copy); ``names`` gives the name the message must hold when it differs from the argument's.

The sweep derives the corruptions from the kinds and domains (see ``corruptions`` in the test).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Callable

import numpy as np
import pandas as pd

COLUMN_KINDS = ("num", "nonneg", "nonneg?", "rate", "rate?", "id", "date", "scale17", "scale110", "scale010", "score", "any")
"""num: any finite number; nonneg: >= 0; rate: in [0, 1]; id: an identifier (no NaN);
date: parses as a date; scale17 / scale010: survey answers on 1-7 / 0-10; any: only required;
rate? / nonneg?: may hold missing values (a cohort table's later ages, the cycle of a one-time
buyer), and for rate? the column itself may be absent; score: a whole-number score >= 1 (RFM
scores); everything else is checked."""

DOMAINS = ("real", "nonneg", "positive", "rate", "count", "count1", "seed", "date")
"""real: finite; nonneg: >= 0; positive: > 0; rate: in [0, 1]; count: whole >= 0;
count1: whole >= 1; seed: whole >= 0 (a random seed); date: parses as a date."""

WALK = ("crmlib.compute", "crmlib.views", "crmlib.datasets.synth")
EXTRA = ("crmlib.datasets.loaders",)
CASE_PARTS = ("model", "analysis", "views")


@dataclass
class Spec:
    call: Callable[[], dict[str, Any]] = dict
    tables: dict[str, dict[str, str]] = field(default_factory=dict)
    arrays: dict[str, str] = field(default_factory=dict)
    numbers: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    """The name a message uses for a table argument when it differs (the ``table=`` name)."""
    optional: tuple = ()
    """Columns a table may lack (a rule table grades on whichever ``min_`` columns it has)."""
    empty_ok: tuple = ()
    """Table arguments for which an empty table is a valid input (an alert sheet with no alert)."""
    exempt: str = ""
    """Why nothing is corrupted although the function takes input (e.g. it reads any value as
    text); a spec that declares no table, array or number must give this reason."""


def _module_functions(name: str) -> dict[str, Callable]:
    mod = importlib.import_module(name)
    names = getattr(mod, "__all__", None)
    if names is None:
        names = [n for n, o in vars(mod).items() if inspect.isfunction(o) and o.__module__ == name and not n.startswith("_")]
    return {f"{name}.{n}": getattr(mod, n) for n in names if inspect.isfunction(getattr(mod, n))}


@cache
def public_functions() -> dict[str, Callable]:
    """Every public function of the swept modules, by qualified name."""
    import crmlib

    modules = set(EXTRA)
    for info in pkgutil.walk_packages(crmlib.__path__, "crmlib."):
        n = info.name
        if n.startswith(WALK) and not info.ispkg:
            modules.add(n)
        parts = n.split(".")
        if len(parts) == 4 and parts[1] == "cases" and parts[3] in CASE_PARTS:
            modules.add(n)
    out: dict[str, Callable] = {}
    for m in sorted(modules):
        out.update(_module_functions(m))
    return out


# --- valid inputs (small, from the doctests or the shipped data) ------------------------------


def _tx() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": ["a", "a", "b", "b", "b", "c"],
            "date": pd.to_datetime(["2024-01-05", "2024-03-01", "2024-01-10", "2024-02-10", "2024-03-20", "2024-02-01"]),
            "amount": [20.0, 35.0, 10.0, 12.0, 30.0, 50.0],
        }
    )


def _survey() -> pd.DataFrame:
    from crmlib import datasets

    return datasets.load_survey().head(120).reset_index(drop=True)


def _churn() -> pd.DataFrame:
    from crmlib import datasets

    return datasets.load_churn_customers().head(300).reset_index(drop=True)


def _accounts() -> pd.DataFrame:
    return pd.DataFrame(
        {"customer": ["A", "B"], "revenue": [1000.0, 800.0], "cost_of_goods": [600.0, 500.0],
         "cost_to_serve": [100.0, 350.0], "receivable": [200.0, 900.0], "days_outstanding": [30.0, 120.0]}
    )


def _complaints() -> pd.DataFrame:
    from crmlib import datasets

    return datasets.load_complaints().head(400).reset_index(drop=True)


def _tiers() -> pd.DataFrame:
    return pd.DataFrame({"tier": ["gold", "silver"], "members": [100, 400], "spend": [2000.0, 800.0]}).set_index("tier")


_PARTS = ("takes two mappings of the four named value and cost parts; a missing, unknown, negative, "
          "infinite or non-numeric part is named by tests/test_value.py")
_VALUES = {"product": 60.0, "service": 20.0, "personnel": 10.0, "image": 10.0}
_COSTS = {"money": 50.0, "time": 15.0, "energy": 10.0, "psychological": 5.0}

SPECS: dict[str, Spec] = {
    # concentration / scoring / pyramid
    "crmlib.compute.concentration.as_values": Spec(lambda: {"values": [3.0, 1.5]}, arrays={"values": "nonneg"}),
    "crmlib.compute.concentration.sort_order": Spec(lambda: {"values": [5.0, 9.0, 5.0]}, arrays={"values": "num"}),
    "crmlib.compute.concentration.pareto_curve": Spec(lambda: {"values": [10.0, 30.0, 60.0]}, arrays={"values": "nonneg"}),
    "crmlib.compute.concentration.lorenz_curve": Spec(lambda: {"values": [10.0, 30.0, 60.0]}, arrays={"values": "nonneg"}),
    "crmlib.compute.concentration.top_share": Spec(lambda: {"values": [50.0, 30.0, 20.0], "share": 0.2}, arrays={"values": "nonneg"}, numbers={"share": "rate"}),
    "crmlib.compute.concentration.gini": Spec(lambda: {"values": [1.0, 2.0, 3.0]}, arrays={"values": "nonneg"}),
    "crmlib.compute.concentration.abc_classes": Spec(lambda: {"values": [50.0, 30.0, 20.0]}, arrays={"values": "nonneg"}),
    "crmlib.compute.concentration.class_summary": Spec(lambda: {"values": [50.0, 30.0], "classes": ["A", "B"]}, arrays={"values": "nonneg"}),
    "crmlib.compute.concentration.whale_curve": Spec(lambda: {"profit": [-20.0, 100.0, 20.0]}, arrays={"profit": "num"}),
    "crmlib.compute.concentration.whale_summary": Spec(lambda: {"profit": [-20.0, 100.0, 20.0]}, arrays={"profit": "num"}),
    "crmlib.compute.scoring.normalize": Spec(lambda: {"values": [10.0, 20.0, 40.0]}, arrays={"values": "num"}),
    "crmlib.compute.scoring.normalize_criteria": Spec(
        lambda: {"frame": pd.DataFrame({"sales": [1.0, 3.0], "cycle_days": [30.0, 60.0]}), "directions": {"sales": "higher", "cycle_days": "lower"}},
        tables={"frame": {"sales": "num", "cycle_days": "num"}}, names={"frame": "customers"}),
    "crmlib.compute.scoring.weighted_score": Spec(
        lambda: {"frame": pd.DataFrame({"sales": [300.0, 100.0, 200.0], "cycle_days": [20.0, 40.0, 60.0]}), "weights": {"sales": 0.75, "cycle_days": 0.25}},
        tables={"frame": {"sales": "num", "cycle_days": "num"}}, names={"frame": "customers"}),
    "crmlib.compute.scoring.contributions": Spec(
        lambda: {"frame": pd.DataFrame({"sales": [300.0, 100.0], "cycle_days": [20.0, 40.0]}), "weights": {"sales": 0.75, "cycle_days": 0.25}},
        tables={"frame": {"sales": "num", "cycle_days": "num"}}, names={"frame": "customers"}),
    "crmlib.compute.scoring.top_share_classes": Spec(lambda: {"scores": [0.9, 0.1, 0.5, 0.7, 0.3]}, arrays={"scores": "num"}),
    "crmlib.compute.pyramid.pyramid_tiers": Spec(lambda: {"values": [5.0, 50.0, 1.0, 20.0]}, arrays={"values": "num"}),
    "crmlib.compute.pyramid.pyramid_summary": Spec(lambda: {"values": [5.0, 50.0, 1.0, 20.0]}, arrays={"values": "nonneg"}),
    # retention / value / funnel / pipeline / callcentre / abtest
    "crmlib.compute.retention.layer_cake": Spec(lambda: {"new": 100.0, "retention": 0.8, "years": 5},
        numbers={"new": "nonneg", "retention": "rate", "years": "count1"}),
    "crmlib.compute.retention.cohort_profit": Spec(lambda: {"new": 100.0, "retention": 0.8, "margin": 50.0},
        numbers={"new": "nonneg", "retention": "rate", "margin": "real", "growth": "real", "acquisition_cost": "nonneg", "years": "count1"}),
    "crmlib.compute.retention.steady_state_profit": Spec(lambda: {"new": 100.0, "retention": 0.8, "margin": 50.0},
        numbers={"new": "nonneg", "retention": "rate", "margin": "real", "growth": "real", "acquisition_cost": "nonneg"}),
    "crmlib.compute.retention.retention_gain": Spec(lambda: {"retention": 0.8, "gain": 0.05, "margin": 50.0},
        numbers={"retention": "rate", "gain": "real", "margin": "real", "acquisition_cost": "nonneg", "new": "nonneg"}),
    "crmlib.compute.value.margin_multiple": Spec(lambda: {"retention": 0.8, "discount": 0.1}, numbers={"retention": "rate", "discount": "rate"}),
    "crmlib.compute.value.clv": Spec(lambda: {"margin": 100.0, "retention": 0.8, "discount": 0.1},
        numbers={"margin": "real", "retention": "rate", "discount": "rate"}),
    "crmlib.compute.value.clv_by_year": Spec(lambda: {"margin": 100.0, "retention": 0.8, "discount": 0.1},
        numbers={"margin": "real", "retention": "rate", "discount": "rate", "years": "count1"}),
    "crmlib.compute.value.margin_multiple_table": Spec(lambda: {"retentions": [0.6, 0.8], "discounts": [0.1, 0.12]},
        arrays={"retentions": "rate", "discounts": "rate"}),
    "crmlib.compute.value.receivable_cost": Spec(lambda: {"receivable": 1000.0, "days_outstanding": 90.0, "annual_rate": 0.06},
        numbers={"receivable": "nonneg", "days_outstanding": "nonneg", "annual_rate": "rate"}),
    "crmlib.compute.value.delivered_value": Spec(lambda: {"values": _VALUES, "costs": _COSTS}, exempt=_PARTS),
    "crmlib.compute.value.delivered_value_table": Spec(lambda: {"values": _VALUES, "costs": _COSTS}, exempt=_PARTS),
    "crmlib.compute.value.customer_profitability": Spec(lambda: {"accounts": _accounts()},
        tables={"accounts": {"revenue": "nonneg", "cost_of_goods": "nonneg", "cost_to_serve": "nonneg", "receivable": "nonneg", "days_outstanding": "nonneg"}},
        numbers={"annual_rate": "rate"}),
    "crmlib.compute.funnel.ladder_funnel": Spec(lambda: {"top": 1000.0, "rates": [0.4, 0.5, 0.6, 0.5, 0.4, 0.3]}, arrays={"rates": "rate"}, numbers={"top": "nonneg"}),
    "crmlib.compute.funnel.conversion_rates": Spec(lambda: {"counts": [1000.0, 400.0, 200.0]}, arrays={"counts": "nonneg"}),
    "crmlib.compute.funnel.conversion_from_top": Spec(lambda: {"counts": [1000.0, 400.0, 200.0]}, arrays={"counts": "nonneg"}),
    "crmlib.compute.funnel.required_top": Spec(lambda: {"target": 100.0, "rates": [0.4, 0.5]}, arrays={"rates": "rate"}, numbers={"target": "nonneg"}),
    "crmlib.compute.pipeline.close_probabilities": Spec(lambda: {"customers": [100.0, 50.0, 20.0, 10.0]}, arrays={"customers": "nonneg"}),
    "crmlib.compute.pipeline.npv": Spec(lambda: {"investment": 100.0, "net_benefits": [50.0, 60.0], "discount_rate": 0.1},
        arrays={"net_benefits": "num"}, numbers={"investment": "nonneg", "discount_rate": "rate"}),
    "crmlib.compute.pipeline.payback_period": Spec(lambda: {"investment": 100.0, "net_benefits": [50.0, 60.0]},
        arrays={"net_benefits": "num"}, numbers={"investment": "nonneg", "discount_rate": "rate"}),
    "crmlib.compute.pipeline.payback_table": Spec(lambda: {"investment": 100.0, "net_benefits": [50.0, 60.0], "discount_rate": 0.1},
        arrays={"net_benefits": "num"}, numbers={"investment": "nonneg", "discount_rate": "rate"}),
    "crmlib.compute.callcentre.traffic_intensity": Spec(lambda: {"calls": 300.0, "aht": 240.0}, numbers={"calls": "nonneg", "aht": "positive", "interval": "positive"}),
    "crmlib.compute.callcentre.erlang_b": Spec(lambda: {"agents": 25, "traffic": 20.0}, numbers={"agents": "count", "traffic": "nonneg"}),
    "crmlib.compute.callcentre.erlang_c": Spec(lambda: {"agents": 25, "traffic": 20.0}, numbers={"agents": "count1", "traffic": "nonneg"}),
    "crmlib.compute.callcentre.service_level": Spec(lambda: {"agents": 25, "traffic": 20.0, "aht": 180.0, "target_seconds": 20.0},
        numbers={"agents": "count1", "traffic": "nonneg", "aht": "positive", "target_seconds": "nonneg"}),
    "crmlib.compute.callcentre.average_speed_of_answer": Spec(lambda: {"agents": 25, "traffic": 20.0, "aht": 180.0},
        numbers={"agents": "count1", "traffic": "nonneg", "aht": "positive"}),
    "crmlib.compute.callcentre.agents_needed": Spec(lambda: {"calls": 300.0, "aht": 240.0},
        numbers={"calls": "nonneg", "aht": "positive", "target_level": "rate", "target_seconds": "nonneg", "interval": "positive"}),
    "crmlib.compute.callcentre.scheduled_staff": Spec(lambda: {"agents": 25, "shrinkage": 0.3}, numbers={"agents": "count", "shrinkage": "rate"}),
    "crmlib.compute.callcentre.staffing_table": Spec(lambda: {"calls": 300.0, "aht": 240.0},
        numbers={"calls": "nonneg", "aht": "positive", "target_seconds": "nonneg", "interval": "positive"}),
    "crmlib.compute.abtest.two_proportion_test": Spec(lambda: {"conversions_a": 100, "customers_a": 1000, "conversions_b": 130, "customers_b": 1000},
        numbers={"conversions_a": "count", "customers_a": "count1", "conversions_b": "count", "customers_b": "count1", "alpha": "rate"}),
    "crmlib.compute.abtest.sample_size_per_arm": Spec(lambda: {"baseline": 0.1, "target": 0.12},
        numbers={"baseline": "rate", "target": "rate", "alpha": "rate", "power": "rate"}),
    "crmlib.compute.abtest.welch_test": Spec(lambda: {"values_a": [1.0, 2.0, 3.0, 4.0], "values_b": [2.0, 3.0, 4.0, 6.0]},
        arrays={"values_a": "num", "values_b": "num"}, numbers={"alpha": "rate"}),
    "crmlib.compute.abtest.ancova_test": Spec(
        lambda: {"outcome": [1.0, 2.0, 3.0, 4.0, 5.0, 7.0], "in_b": [0, 0, 0, 1, 1, 1], "before": [1.0, 2.0, 2.5, 3.0, 3.5, 5.0]},
        arrays={"outcome": "num", "before": "num"}, numbers={"alpha": "rate"}),
    # satisfaction
    "crmlib.compute.satisfaction.ratio_index": Spec(lambda: {"perception": 6.0, "expectation": 5.0}, numbers={"perception": "nonneg", "expectation": "positive"}),
    "crmlib.compute.satisfaction.nps": Spec(lambda: {"scores": [10.0, 9.0, 7.0, 3.0]}, arrays={"scores": "scale010"}),
    "crmlib.compute.satisfaction.nps_groups": Spec(lambda: {"scores": [10.0, 9.0, 7.0, 3.0]}, arrays={"scores": "scale010"}),
    "crmlib.compute.satisfaction.attribute_scores": Spec(lambda: {"survey": _survey()},
        tables={"survey": {"expect_dishes": "scale17", "perceive_service": "scale17"}}),
    "crmlib.compute.satisfaction.importance_performance": Spec(lambda: {"survey": _survey()},
        tables={"survey": {"perceive_dishes": "scale17", "satisfaction": "num"}}),
    "crmlib.compute.satisfaction.driver_regression": Spec(lambda: {"survey": _survey()},  # any outcome: scale=None by default
        tables={"survey": {"perceive_dishes": "num", "satisfaction": "num"}}),
    "crmlib.compute.satisfaction.repurchase_model": Spec(lambda: {"survey": _survey()},  # scale=None by default
        tables={"survey": {"satisfaction": "num", "repurchase": "any"}}),
    "crmlib.compute.satisfaction.repurchase_curve": Spec(lambda: {"survey": _survey()},
        tables={"survey": {"satisfaction": "scale110", "repurchase": "any"}}),
    # rfm / loyalty / churn (tables)
    "crmlib.compute.rfm.rfm_table": Spec(lambda: {"transactions": _tx(), "as_of": "2024-04-01"},
        tables={"transactions": {"customer_id": "id", "date": "date", "amount": "nonneg"}}, numbers={"as_of": "date"}),
    "crmlib.compute.summary.customer_summary": Spec(lambda: {"source": _tx(), "as_of": "2024-04-01"},
        tables={"source": {"customer_id": "id", "date": "date", "amount": "nonneg"}}, numbers={"as_of": "date"}),
    "crmlib.compute.rfm.rfm_analysis": Spec(lambda: {"transactions": _tx(), "as_of": "2024-04-01", "bins": 2},
        tables={"transactions": {"customer_id": "id", "date": "date", "amount": "nonneg"}}, numbers={"as_of": "date", "bins": "count1"}),
    "crmlib.compute.rfm.quantile_scores": Spec(lambda: {"values": [1.0, 5.0, 3.0, 9.0, 7.0]}, arrays={"values": "num"}, numbers={"bins": "count1"}),
    "crmlib.compute.loyalty.repeat_purchase_rate": Spec(lambda: {"transactions": _tx()},
        tables={"transactions": {"customer_id": "id", "date": "date"}}),
    "crmlib.compute.loyalty.cohort_table": Spec(lambda: {"transactions": _tx()},
        tables={"transactions": {"customer_id": "id", "date": "date"}}),
    "crmlib.compute.loyalty.retention_curve": Spec(
        lambda: {"table": pd.DataFrame({0: [1.0, 1.0], 1: [0.5, 0.4], 2: [0.3, np.nan]}, index=pd.Index(["2024-01", "2024-02"]))},
        tables={"table": {0: "rate?", 1: "rate?"}}),
    "crmlib.compute.loyalty.share_of_wallet": Spec(
        lambda: {"frame": pd.DataFrame({"our_spend": [30.0, 10.0], "category_spend": [100.0, 40.0]})},
        tables={"frame": {"our_spend": "nonneg", "category_spend": "nonneg"}}),
    "crmlib.compute.churn.purchase_cycles": Spec(lambda: {"transactions": _tx(), "as_of": "2024-04-01"},
        tables={"transactions": {"customer_id": "id", "date": "date"}}, numbers={"as_of": "date"}),
    "crmlib.compute.churn.purchase_gap_alerts": Spec(lambda: {"transactions": _tx(), "as_of": "2024-04-01"},
        tables={"transactions": {"customer_id": "id", "date": "date"}}, numbers={"as_of": "date", "yellow": "positive", "red": "positive"}),
    "crmlib.compute.churn.expected_winback_gain": Spec(lambda: {"p_winback": 0.3, "value": 500.0, "cost": 50.0},
        numbers={"p_winback": "rate", "value": "real", "cost": "nonneg"}),
    "crmlib.compute.churn.auc": Spec(lambda: {"y_true": [0, 1, 0, 1], "score": [0.1, 0.8, 0.3, 0.6]}, arrays={"score": "num"}),
    "crmlib.compute.churn.gains_table": Spec(lambda: {"y_true": [0, 1, 0, 1] * 5, "score": list(np.linspace(0, 1, 20)), "groups": 4},
        arrays={"score": "num"}, numbers={"groups": "count1"}),
    "crmlib.compute.churn.split_holdout": Spec(lambda: {"customers": _churn()}, numbers={"test_share": "rate", "seed": "seed"}),
    "crmlib.compute.churn.kaplan_meier": Spec(lambda: {"customers": _churn()},
        tables={"customers": {"tenure_months": "nonneg", "churned": "any"}}, numbers={"alpha": "rate"}),
    "crmlib.compute.churn.winback_candidates": Spec(lambda: {"customers": _churn()},
        tables={"customers": {"monthly_spend": "nonneg", "complaints": "nonneg", "member": "any"}},
        numbers={"base_rate": "rate", "margin": "rate", "months": "nonneg", "complaint_factor": "nonneg", "member_factor": "nonneg"}),
    "crmlib.compute.churn.fit_churn_model": Spec(lambda: {"customers": _churn(), "features": ["complaints", "member"]},
        tables={"customers": {"complaints": "num", "member": "any", "churned": "any"}}),
    # interaction
    "crmlib.compute.interaction.complaints_per_day": Spec(lambda: {"log": _complaints()}, tables={"log": {"date": "date"}}),
    "crmlib.compute.interaction.cause_pareto": Spec(lambda: {"log": _complaints()}, tables={"log": {"cause": "any"}}),
    "crmlib.compute.interaction.fcr_rate": Spec(lambda: {"log": _complaints()}, tables={"log": {"resolved_first_contact": "any"}}),
    "crmlib.compute.interaction.fcr_trend": Spec(lambda: {"log": _complaints()}, tables={"log": {"date": "date", "resolved_first_contact": "any"}}),
    "crmlib.compute.interaction.fcr_before_after": Spec(lambda: {"log": _complaints(), "change_date": "2025-01-10"},
        tables={"log": {"date": "date"}}, numbers={"change_date": "date"}),
    # cases: d_manager
    "crmlib.cases.d_manager.analysis.crm_break_even": Spec(lambda: {"gain_per_year": 1e5, "investment": 2e5, "running_cost": 2e4},
        numbers={"gain_per_year": "nonneg", "investment": "nonneg", "running_cost": "nonneg", "years": "count1", "discount_rate": "rate"}),
    "crmlib.cases.d_manager.analysis.detect_lost": Spec(
        lambda: {"cycles": pd.DataFrame({"purchases": [5, 4], "cycle_days": [30.0, 20.0], "days_since": [100.0, 10.0]}, index=["a", "b"])},
        tables={"cycles": {"purchases": "nonneg", "cycle_days": "nonneg?", "days_since": "nonneg"}},
        numbers={"tolerance": "positive", "min_orders": "count1"}),
    "crmlib.cases.d_manager.views.turnaround_view": Spec(numbers={"w_sales": "nonneg", "top_share": "rate", "top_service_cost": "nonneg", "winback_rate": "rate"}),
    # cases: restaurant / rice shop / supermarket
    "crmlib.cases.rice_shop.analysis.lifetime_value": Spec(
        lambda: {"daily_use_kg": 0.5, "margin_per_kg": 1.0, "run_outs_per_year": 2.0, "switch_probability": 0.2},
        numbers={"daily_use_kg": "nonneg", "margin_per_kg": "real", "run_outs_per_year": "nonneg", "switch_probability": "rate", "discount_rate": "rate"}),
    "crmlib.cases.rice_shop.model.make_households": Spec(lambda: {"n": 30}, numbers={"n": "count1", "n_rivals": "count", "seed": "seed"}),
    "crmlib.cases.supermarket.model.generate_deals": Spec(lambda: {"weeks": 8}, numbers={"weeks": "count1", "seed": "seed"}),
    "crmlib.cases.supermarket.views.campaign_view": Spec(lambda: {"households": 200},
        numbers={"threshold": "nonneg", "list_length": "count1", "coupon_value": "nonneg", "redemption_rate": "rate", "households": "count1", "seed": "seed"}),
    # views
    "crmlib.views.abtest.abtest_view": Spec(numbers={"customers": "count1", "rate_a": "rate", "rate_b": "rate", "alpha": "rate", "power": "rate"}),
    "crmlib.views.callcentre.staffing_view": Spec(numbers={"calls_per_hour": "nonneg", "aht": "positive", "target_seconds": "nonneg", "target_level": "rate", "shrinkage": "rate"}),
    "crmlib.views.churn.winback_view": Spec(numbers={"cost": "nonneg", "base_rate": "rate", "margin": "rate", "months": "nonneg"}),
    "crmlib.views.clv_models.p_alive_view": Spec(numbers={"frequency": "count", "recency": "nonneg", "T": "positive"}),
    "crmlib.views.funnel.ladder_view": Spec(lambda: {"top": 1000.0, "rates": [0.4, 0.5, 0.6, 0.5, 0.4, 0.3]}, arrays={"rates": "rate"}, numbers={"top": "nonneg"}),
    "crmlib.views.retention.retention_view": Spec(numbers={"retention": "rate", "margin": "real", "acquisition_cost": "nonneg", "years": "count1"}),
    "crmlib.views.value.clv_view": Spec(numbers={"margin": "real", "retention": "rate", "discount": "rate", "years": "count1"}),
    "crmlib.views.value.delivered_value_view": Spec(numbers={"product": "nonneg", "money": "nonneg"}),
    "crmlib.views.rfm.rfm_view": Spec(numbers={"bins": "count1"}),
    # generators: the seed and the sizes
    "crmlib.datasets.synth.churn.generate": Spec(lambda: {"n": 50}, numbers={"seed": "seed", "n": "count1"}),
    "crmlib.datasets.synth.survey.generate": Spec(lambda: {"n": 50}, numbers={"seed": "seed", "n": "count1"}),
    "crmlib.datasets.synth.ladder.make_journeys": Spec(lambda: {"n": 50}, numbers={"seed": "seed", "n": "count1"}),
    "crmlib.datasets.synth.complaints.generate_complaints": Spec(lambda: {"days": 20}, numbers={"seed": "seed", "days": "count1", "start": "date"}),
    "crmlib.datasets.synth.complaints.generate_baskets": Spec(lambda: {"orders": 50}, numbers={"seed": "seed", "orders": "count1"}),
    "crmlib.datasets.synth.customer_records.generate": Spec(lambda: {"n_people": 30, "days": 30},
        numbers={"n_people": "count1", "typo_rate": "rate", "missing_rate": "rate", "seed": "seed", "start": "date", "days": "count1"}),
    "crmlib.datasets.synth.d_manager.generate": Spec(lambda: {"n_key": 3, "n_old": 5, "n_new": 10},
        numbers={"seed": "seed", "n_key": "count1", "n_old": "count", "n_new": "count"}),
    "crmlib.datasets.synth.restaurant.generate": Spec(lambda: {"n_customers": 20}, numbers={"seed": "seed", "n_customers": "count1"}),
    "crmlib.datasets.synth.supermarket.generate_households": Spec(lambda: {"n": 50}, numbers={"n": "count1", "seed": "seed"}),
    "crmlib.datasets.synth.supermarket.generate_deals": Spec(lambda: {"weeks": 8}, numbers={"weeks": "count1", "seed": "seed"}),
}

# Functions that take no input at all (or only a fixed choice), so there is nothing to corrupt;
# they are still called once by the sweep to check they run.
NO_INPUT: set[str] = {
    *(f"crmlib.datasets.loaders.{n}" for n in (
        "load_category_baskets", "load_cdnow_master", "load_cdnow_sample", "load_churn_customers", "load_complaints",
        "load_customer_records", "load_d_manager_customers", "load_d_manager_orders", "load_d_manager_service",
        "load_ladder_journeys", "load_restaurant_attendance", "load_restaurant_feedback", "load_supermarket_baskets",
        "load_supermarket_deals", "load_supermarket_households", "load_survey")),
    "crmlib.datasets.synth.d_manager.generate_customers", "crmlib.datasets.synth.d_manager.generate_orders",
    "crmlib.datasets.synth.d_manager.generate_service", "crmlib.datasets.synth.restaurant.generate_attendance",
    "crmlib.datasets.synth.restaurant.generate_feedback", "crmlib.cases.d_manager.model.load_ledger",
    "crmlib.cases.d_manager.analysis.load_ledger", "crmlib.compute.clv_models.cdnow_summary",
    "crmlib.compute.profile.schema_table", "crmlib.compute.profile.example_profile",
    "crmlib.cases.restaurant.model.grade_table", "crmlib.cases.restaurant.model.june_example_visits",
    "crmlib.cases.restaurant.model.privileges", "crmlib.cases.restaurant.model.seed_alert_examples",
    "crmlib.compute.lifecycle.stage_guide", "crmlib.compute.segmentation.variable_families",
    "crmlib.compute.identify.new_key",  # draws a fresh random key: no argument
}

# Public functions not yet given a valid call and their argument kinds: each is reported by the
# sweep as "pending" (not swept). Move an entry to SPECS to sweep it; never add a new function
# here to silence the sweep.
PENDING: set[str] = set()


# --- issue 15: the functions that were pending, module by module -----------------------------


@cache
def _churn_model():
    from crmlib.compute import churn

    return churn.fit_churn_model(_churn(), ["complaints", "member"])


SPECS.update({
    "crmlib.compute.churn.alert_check": Spec(
        lambda: {"alerts": pd.DataFrame({"customer_id": [1, 2, 3, 4], "level": ["red", "red", "yellow", "green"]}), "lost": [1, 3]},
        tables={"alerts": {"customer_id": "id", "level": "any"}}),
    "crmlib.compute.churn.holdout_check": Spec(lambda: {"customers": _churn(), "features": ["complaints", "member"]},
        tables={"customers": {"complaints": "num", "member": "any", "churned": "any"}},
        numbers={"test_share": "rate", "seed": "seed", "groups": "count1"}),
    "crmlib.compute.churn.logrank_test": Spec(lambda: {"customers": _churn(), "group": "member"},
        tables={"customers": {"tenure_months": "nonneg", "churned": "any", "member": "any"}}),
    "crmlib.compute.churn.median_survival": Spec(lambda: {"table": __import__("crmlib.compute.churn").compute.churn.kaplan_meier(_churn())},
        tables={"table": {"group": "any", "time": "nonneg", "survival": "rate"}}),
    "crmlib.compute.churn.odds_ratios": Spec(lambda: {"model": _churn_model()}, numbers={"alpha": "rate"}),
    "crmlib.compute.churn.predict_churn": Spec(lambda: {"model": _churn_model(), "customers": _churn()},
        tables={"customers": {"complaints": "num", "member": "any"}}),
    "crmlib.compute.churn.winback_economics": Spec(
        lambda: {"lost": pd.DataFrame({"customer_id": [1, 2, 3], "p_winback": [0.5, 0.1, 0.3], "value": [400.0, 900.0, 200.0], "cost": [50.0, 50.0, 80.0]})},
        tables={"lost": {"p_winback": "rate", "value": "nonneg", "cost": "nonneg"}}),
})


def _cdnow() -> pd.DataFrame:
    from crmlib.compute import clv_models

    return clv_models.cdnow_summary().head(400).copy()


@cache
def _bg():
    from crmlib.compute import clv_models

    return clv_models.fit_bgnbd(_cdnow())


@cache
def _gg():
    from crmlib.compute import clv_models

    return clv_models.fit_gamma_gamma(_cdnow())


def _cdnow_tx() -> pd.DataFrame:
    from crmlib import datasets

    tx = datasets.load_cdnow_sample()
    return tx[tx["customer_id"].isin(_cdnow().index)].reset_index(drop=True)


_CLV = "crmlib.compute.clv_models."
_HIST = {"frequency": "nonneg", "recency": "nonneg", "T": "nonneg"}
SPECS.update({
    _CLV + "bgnbd_log_likelihood": Spec(lambda: {"params": (0.5, 2.0, 1.0, 1.0), "x": [0.0, 2.0], "recency": [0.0, 10.0], "T": [2.0, 38.0]},
        arrays={"x": "nonneg", "recency": "nonneg", "T": "nonneg"}),
    _CLV + "bgnbd_log_likelihood_gradient": Spec(lambda: {"params": (0.5, 2.0, 1.0, 1.0), "x": [0.0, 2.0], "recency": [0.0, 10.0], "T": [2.0, 38.0]},
        arrays={"x": "nonneg", "recency": "nonneg", "T": "nonneg"}),
    _CLV + "gamma_gamma_log_likelihood": Spec(lambda: {"params": (6.25, 3.74, 15.44), "x": [1.0, 3.0], "m": [35.0, 20.0]},
        arrays={"x": "nonneg", "m": "nonneg"}),
    _CLV + "gamma_gamma_log_likelihood_gradient": Spec(lambda: {"params": (6.25, 3.74, 15.44), "x": [1.0, 3.0], "m": [35.0, 20.0]},
        arrays={"x": "nonneg", "m": "nonneg"}),
    _CLV + "p_alive": Spec(lambda: {"model": _bg(), "frequency": [0, 2], "recency": [0.0, 30.4], "T": [38.9, 38.9]}, arrays=_HIST),
    _CLV + "expected_purchases": Spec(lambda: {"model": _bg(), "t_future": 39.0, "frequency": [0, 2], "recency": [0.0, 30.4], "T": [38.9, 38.9]},
        arrays=_HIST, numbers={"t_future": "nonneg"}),
    _CLV + "expected_repeat_unconditional": Spec(lambda: {"model": _bg(), "t": [0.0, 13.0, 39.0]}, arrays={"t": "nonneg"}),
    _CLV + "expected_spend": Spec(lambda: {"model": _gg(), "frequency": [0, 3], "monetary_value": [0.0, 50.0]},
        arrays={"frequency": "nonneg", "monetary_value": "nonneg"}),
    _CLV + "fit_bgnbd": Spec(lambda: {"summary": _cdnow()}, tables={"summary": _HIST}),
    _CLV + "fit_gamma_gamma": Spec(lambda: {"summary": _cdnow()}, tables={"summary": {"frequency": "nonneg", "monetary_value": "nonneg"}}),
    _CLV + "customer_lifetime_value": Spec(lambda: {"bg": _bg(), "gg": _gg(), "summary": _cdnow()},
        tables={"summary": {**_HIST, "monetary_value": "nonneg"}},
        numbers={"months": "count1", "margin": "rate", "annual_discount": "rate", "weeks_per_month": "positive"}),
    _CLV + "holdout_by_frequency": Spec(lambda: {"model": _bg(), "summary": _cdnow(), "t_holdout": 39.0},
        tables={"summary": {**_HIST, "frequency_holdout": "nonneg"}}, numbers={"t_holdout": "positive", "max_frequency": "count1"}),
    _CLV + "rfm_summary": Spec(lambda: {"transactions": _cdnow_tx(), "calibration_end": "1997-09-30", "holdout_end": "1998-06-30"},
        tables={"transactions": {"customer_id": "id", "date": "date", "dollars": "nonneg"}},
        numbers={"calibration_end": "date", "holdout_end": "date", "period_days": "positive"}),
    _CLV + "weekly_tracking": Spec(lambda: {"model": _bg(), "summary": _cdnow(), "transactions": _cdnow_tx(), "weeks": 20},
        tables={"summary": {"first_purchase": "date"}, "transactions": {"customer_id": "id", "date": "date"}},
        numbers={"start": "date", "weeks": "count1"}),
})


def _scored() -> pd.DataFrame:
    return pd.DataFrame({"recency": [1.0, 5.0, 9.0, 30.0, 90.0], "frequency": [9.0, 4.0, 4.0, 2.0, 1.0],
                         "monetary": [500.0, 80.0, 120.0, 60.0, 20.0], "r_score": [5, 4, 3, 2, 1],
                         "f_score": [5, 4, 4, 2, 1], "m_score": [5, 3, 4, 2, 1],
                         "segment": ["champions", "loyal", "loyal", "at_risk", "lost"]})


def _records() -> pd.DataFrame:
    return pd.DataFrame({"name": ["王 伟", "王先生", "李娜"], "phone": ["13800000001", "138-0000-0001", None],
                         "email": [None, None, "li@example.com"], "city": ["北京", None, "上海"],
                         "source": ["store_card", "call_centre", "web"],
                         "recorded_on": pd.to_datetime(["2024-01-02", "2024-03-01", "2024-02-01"]), "amount": [80.0, 0.0, 30.0]})


def _std() -> pd.DataFrame:
    from crmlib.compute import identify

    return identify.standardise(_records())


def _baskets() -> pd.DataFrame:
    return pd.DataFrame({"order_id": [1, 1, 2, 2, 3, 4], "category": ["milk", "bread", "milk", "bread", "milk", "eggs"]})


def _affinity() -> pd.DataFrame:
    from crmlib.compute import interaction

    return interaction.category_affinity(_baskets())


def _orders_lc() -> pd.DataFrame:
    return pd.DataFrame({
        "customer_id": ["C", "N", "F", "F", "G", "G", "G", "H", "H", "H"],
        "date": ["2023-05-01", "2024-12-10", "2024-03-01", "2024-11-01", "2023-06-01",
                 "2024-03-01", "2024-10-01", "2023-06-01", "2024-03-01", "2024-10-01"],
        "amount": [80.0, 50.0, 60.0, 90.0, 100.0, 100.0, 200.0, 100.0, 300.0, 100.0]})


_TEXT = "reads every value as text (a phone number typed as a number is still a phone number) and " \
        "keeps a missing value missing: no value is invalid, so there is nothing to corrupt"
_ID = "crmlib.compute.identify."
SPECS.update({
    # rfm
    "crmlib.compute.rfm.rfm_scores": Spec(lambda: {"rfm": _scored()[["recency", "frequency", "monetary"]]},
        tables={"rfm": {"recency": "nonneg", "frequency": "nonneg", "monetary": "nonneg"}}, numbers={"bins": "count1"}),
    "crmlib.compute.rfm.segment": Spec(lambda: {"scored": _scored()},
        tables={"scored": {"r_score": "score", "f_score": "score", "m_score": "score"}}, names={"scored": "rfm"}),
    "crmlib.compute.rfm.segment_summary": Spec(lambda: {"scored": _scored()},
        tables={"scored": {"recency": "nonneg", "frequency": "nonneg", "monetary": "nonneg", "segment": "any"}}, names={"scored": "rfm"}),
    "crmlib.compute.rfm.score_distribution": Spec(lambda: {"scored": _scored()},
        tables={"scored": {"r_score": "score", "f_score": "score", "m_score": "score"}}, names={"scored": "rfm"}, numbers={"bins": "count1"}),
    "crmlib.compute.rfm.rf_grid": Spec(lambda: {"scored": _scored()},
        tables={"scored": {"r_score": "score", "f_score": "score", "monetary": "nonneg"}}, names={"scored": "rfm"}, numbers={"bins": "count1"}),
    # b2b / funnel / grading
    "crmlib.compute.b2b.chain_coverage": Spec(lambda: {"chain": pd.DataFrame({"person": ["A", "B", "C"], "role": ["decider", "decider", "supporter"], "strength": [1, 3, 1]})},
        tables={"chain": {"person": "any", "role": "any", "strength": "nonneg"}}, numbers={"min_strength": "count1"}),
    "crmlib.compute.b2b.chain_gaps": Spec(lambda: {"chain": pd.DataFrame({"person": ["A", "B", "C"], "role": ["decider", "decider", "supporter"], "strength": [1, 3, 1]})},
        tables={"chain": {"person": "any", "role": "any", "strength": "nonneg"}}, numbers={"min_strength": "count1"}),
    "crmlib.compute.funnel.observed_funnel": Spec(lambda: {"journeys": pd.DataFrame({"furthest_stage": ["a", "b", "b", "c"]}), "stages": ["a", "b", "c"]},
        tables={"journeys": {"furthest_stage": "any"}}),
    "crmlib.compute.funnel.stage_counts": Spec(lambda: {"reached": pd.Series(["a", "b", "b", "c"]), "stages": ["a", "b", "c"]},
        exempt="takes stage names, each checked against the list of stages (an unknown one is named)"),
    "crmlib.compute.grading.grade_by_rules": Spec(
        lambda: {"metrics": pd.DataFrame({"sales": [120.0, 60.0, 10.0]}), "rules": pd.DataFrame({"grade": ["gold", "silver"], "min_sales": [100.0, 50.0]})},
        tables={"metrics": {"sales": "nonneg"}, "rules": {"grade": "any", "min_sales": "nonneg"}}, optional=("min_sales",)),
    "crmlib.compute.grading.rule_criteria": Spec(lambda: {"rules": pd.DataFrame({"grade": ["A"], "min_visits": [6], "min_spend": [5000]})},
        tables={"rules": {"grade": "any", "min_visits": "nonneg", "min_spend": "nonneg"}}, optional=("min_visits", "min_spend")),
    # identify
    _ID + "standardise_name": Spec(lambda: {"values": ["王 伟", None]}, exempt=_TEXT),
    _ID + "standardise_phone": Spec(lambda: {"values": ["138-1234-5678", None]}, exempt=_TEXT),
    _ID + "standardise_email": Spec(lambda: {"values": [" A@B.com ", None]}, exempt=_TEXT),
    _ID + "standardise_city": Spec(lambda: {"values": ["北京市", None]}, exempt=_TEXT),
    _ID + "mask_name": Spec(lambda: {"values": ["王 小明", None]}, exempt=_TEXT),
    _ID + "mask_email": Spec(lambda: {"values": ["WangWei@Example.com", "bad"]}, exempt=_TEXT),
    _ID + "mask_phone": Spec(lambda: {"values": ["138-1234-5678", None]}, numbers={"keep_start": "count", "keep_end": "count"}),
    _ID + "salted_hash": Spec(lambda: {"values": ["10000123456"], "salt": "s"}, numbers={"length": "count1"}),
    _ID + "pseudonymise": Spec(lambda: {"values": ["10000123456", None], "key": bytes(range(32))}, numbers={"length": "count1"}),
    _ID + "reidentify_salted_hashes": Spec(lambda: {"pseudonyms": ["abc"], "salt": "s", "prefix": "1000012"}, numbers={"length": "count1"}),
    _ID + "protect_view": Spec(lambda: {"view": pd.DataFrame({"name": ["王伟"], "phone": ["10000123456"], "email": ["w@example.com"], "amount": [80.0]}), "key": bytes(range(32))},
        tables={"view": {"name": "any", "phone": "any", "email": "any"}}, names={"view": "customer_view"}),
    _ID + "standardise": Spec(lambda: {"records": _records()}, tables={"records": {"name": "any", "phone": "any", "email": "any", "city": "any"}}),
    _ID + "quality_report": Spec(lambda: {"records": _records()}, tables={"records": {"name": "any", "phone": "any", "email": "any", "city": "any"}}),
    _ID + "match_records": Spec(lambda: {"std": _std()}, tables={"std": {"name_std": "any", "phone_std": "any", "email_std": "any"}}, names={"std": "records"}),
    _ID + "match_quality": Spec(lambda: {"predicted": [0, 0, 0, 1], "truth": [7, 7, 8, 8]},
        exempt="takes two lists of labels; a missing label or a length mismatch is named (tests/test_identify.py)"),
    _ID + "compare_rules": Spec(lambda: {"std": _std(), "truth": [1, 1, 2]}, tables={"std": {"name_std": "any", "phone_std": "any"}},
        names={"std": "records"}, numbers={"threshold": "nonneg"}),
    _ID + "merge_customers": Spec(lambda: {"std": _std(), "customer": [0, 0, 1]},
        tables={"std": {"name_std": "any", "source": "any", "recorded_on": "date", "amount": "nonneg"}}, names={"std": "records"}),
    _ID + "eligibility_errors": Spec(lambda: {"std": pd.DataFrame({"amount": [30.0, 30.0, 50.0, 10.0]}), "customer": [0, 1, 2, 2], "truth": [1, 1, 2, 3], "threshold": 55.0},
        tables={"std": {"amount": "nonneg"}}, names={"std": "records"}, numbers={"threshold": "nonneg"}),
    # interaction
    "crmlib.compute.interaction.category_affinity": Spec(lambda: {"baskets": _baskets()},
        tables={"baskets": {"order_id": "id", "category": "id"}}, numbers={"min_support": "rate"}),
    "crmlib.compute.interaction.fcr_by": Spec(lambda: {"log": _complaints(), "column": "channel"},
        tables={"log": {"channel": "any", "resolved_first_contact": "any"}}),
    "crmlib.compute.interaction.lift_matrix": Spec(lambda: {"affinity": _affinity()},
        tables={"affinity": {"antecedent": "id", "consequent": "id", "lift": "nonneg"}}),
    "crmlib.compute.interaction.next_best_offer": Spec(lambda: {"affinity": _affinity(), "owned": ["bread"]},
        tables={"affinity": {"antecedent": "id", "consequent": "id", "confidence": "rate", "lift": "nonneg"}},
        numbers={"top": "count1", "min_lift": "nonneg"}),
    "crmlib.compute.interaction.vital_few": Spec(
        lambda: {"pareto": __import__("crmlib.compute.interaction").compute.interaction.cause_pareto(pd.DataFrame({"cause": list("aaaabbbcd")}))},
        tables={"pareto": {"cause": "any", "cumulative_share": "rate"}}, numbers={"threshold": "rate"}),
    # lifecycle / loyalty / pipeline
    "crmlib.compute.lifecycle.lifecycle_stages": Spec(lambda: {"orders": _orders_lc(), "as_of": "2024-12-31"},
        tables={"orders": {"customer_id": "id", "date": "date", "amount": "nonneg"}},
        numbers={"as_of": "date", "window_days": "count1", "growth_ratio": "positive", "decline_ratio": "positive"}),
    "crmlib.compute.lifecycle.stages_over_time": Spec(lambda: {"orders": _orders_lc(), "dates": ["2024-06-30", "2024-12-31"]},
        tables={"orders": {"customer_id": "id", "date": "date", "amount": "nonneg"}}),
    "crmlib.compute.lifecycle.stage_summary": Spec(
        lambda: {"stages": pd.DataFrame({"stage": ["exploration", "stability", "stability", "decline"], "spend_recent": [50.0, 300.0, 100.0, 0.0],
                                         "spend_total": [50.0, 900.0, 500.0, 400.0], "purchases": [1, 6, 4, 3]})},
        tables={"stages": {"stage": "any", "spend_recent": "nonneg", "spend_total": "nonneg", "purchases": "nonneg"}}),
    "crmlib.compute.loyalty.programme_roi": Spec(
        lambda: {"tiers": pd.DataFrame({"members": [10.0], "annual_spend": [60000.0]}, index=["A"]), "uplift": 0.2, "margin": 0.4, "cost_per_member": {"A": 6800.0}},
        tables={"tiers": {"members": "nonneg", "annual_spend": "nonneg"}}, numbers={"uplift": "rate", "margin": "rate"}),
    "crmlib.compute.loyalty.week_dates": Spec(lambda: {"weeks": [1, 2, 5]}, arrays={"weeks": "nonneg"}, numbers={"start": "date"}, names={"weeks": "week"}),
    "crmlib.compute.pipeline.pipeline_table": Spec(lambda: {"customers": [80.0, 30.0, 16.0, 10.0], "forecast": [1125.0, 318.0, 168.0, 108.0]},
        arrays={"customers": "nonneg", "forecast": "nonneg"}),
    "crmlib.compute.pipeline.weighted_forecast": Spec(lambda: {"forecast": [1125.0, 318.0, 168.0, 108.0], "probabilities": [0.125, 1 / 3, 0.625, 1.0]},
        arrays={"forecast": "nonneg", "probabilities": "rate"}),
    # profile / satisfaction / segmentation
    "crmlib.compute.profile.completeness": Spec(lambda: {"profile": {"name": "王伟", "taste": "偏清淡"}},
        exempt="counts which fields of a profile are filled: any value, or none, is a valid state of a field"),
    "crmlib.compute.profile.field_names": Spec(lambda: {"category": "value"}, exempt="a category name, checked against the list (check_choice)"),
    "crmlib.compute.profile.profile_from_view": Spec(lambda: {"row": {"name": "王伟", "phone": "13812345678", "email": None, "city": "北京", "records": 6, "amount": 600.0}},
        numbers={"months": "positive"}),
    "crmlib.compute.profile.update_profile": Spec(lambda: {"profile": {"name": "王伟"}, "new": {"taste": "偏辣"}},
        exempt="merges two profiles field by field; each field's value is checked by validate_profile"),
    "crmlib.compute.profile.validate_profile": Spec(lambda: {"profile": {"name": " 孙先生 ", "birth_date": "1978-09-14", "gender": "M"}},
        exempt="checks a profile field by field against the schema (every kind of bad field has its test in tests/test_profile.py)"),
    "crmlib.compute.satisfaction.driver_table": Spec(
        lambda: {"result": __import__("crmlib.compute.satisfaction").compute.satisfaction.driver_regression(_survey())},
        exempt="takes a fitted regression result, not data"),
    "crmlib.compute.segmentation.benefit_sought": Spec(lambda: {"survey": _survey(), "attributes": ["dishes", "service"]},
        tables={"survey": {"expect_dishes": "scale17", "expect_service": "scale17"}}),  # z-scored, on the declared scale (1-7)
    "crmlib.compute.segmentation.segment_profiles": Spec(lambda: {"frame": _survey(), "by": "repurchase", "measures": ["satisfaction"], "recommend": "recommend"},
        tables={"frame": {"repurchase": "any", "satisfaction": "num", "recommend": "scale010"}}),
})


# --- the capstone (crmlib.compute.data_quality, crmlib.compute.capstone, crmlib.views.capstone) --

_DQ = "crmlib.compute.data_quality."
_CAP = "crmlib.compute.capstone."
_CAPV = "crmlib.views.capstone."
_REPORTS = ("reads every cell as text, as a CSV file holds it, and reports each bad value (column, rows, what to do) "
            "in its QualityReport instead of stopping at the first; tests/test_data_quality.py covers every kind")
_RESULT = "takes the CapstoneResult of run_capstone, whose data passed the quality check (tests/test_capstone.py)"
_CLEAN = "takes the clean table load_transactions returns (checked there); bad files: tests/test_capstone.py"


def _capstone_result():
    from crmlib.compute import capstone
    from crmlib.datasets.synth import retailer

    return capstone.run_capstone(retailer.generate(seed=1, n=60)[["customer_id", "date", "amount"]])


def _clean_tx() -> pd.DataFrame:
    from crmlib.datasets.synth import retailer

    return retailer.generate(seed=1, n=60)


NO_INPUT |= {"crmlib.datasets.loaders.load_retailer_transactions"}
SPECS.update({
    _DQ + "check_transactions": Spec(lambda: {"data": _tx(), "today": "2025-01-01"}, exempt=_REPORTS),
    _DQ + "prepare_transactions": Spec(lambda: {"data": _tx(), "today": "2025-01-01"}, exempt=_REPORTS),
    _DQ + "load_transactions": Spec(lambda: {"data": _tx(), "today": "2025-01-01"}, exempt=_REPORTS),
    _DQ + "read_transactions_file": Spec(lambda: {"path": str(__import__("crmlib.compute.capstone", fromlist=["x"]).example("retailer"))},
                                         exempt="reads a file as text; a missing, empty, binary or malformed file is named (tests/test_data_quality.py)"),
    _CAP + "example": Spec(lambda: {"name": "retailer"}, exempt="takes the name of a shipped example, checked against the list"),
    _CAP + "run_capstone": Spec(lambda: {"data": _tx(), "today": "2025-01-01"}, exempt=_REPORTS),
    _CAP + "clv_step": Spec(lambda: {"transactions": _clean_tx(), "as_of": pd.Timestamp("2024-12-31")}, exempt=_CLEAN),
    _CAP + "alerts_step": Spec(lambda: {"transactions": _clean_tx(), "as_of": pd.Timestamp("2024-12-31")}, exempt=_CLEAN),
    _CAP + "monthly_revenue": Spec(lambda: {"transactions": _clean_tx()}, exempt=_CLEAN),
    _CAP + "key_numbers": Spec(lambda: {"result": _capstone_result()}, exempt=_RESULT),
    _CAP + "value_by_segment": Spec(lambda: {"result": _capstone_result()}, exempt=_RESULT),
    **{_CAPV + n: Spec(lambda: {"result": _capstone_result()}, exempt=_RESULT)
       for n in ("quality_view", "segments_view", "clv_view", "alerts_view", "key_numbers_table", "recommendation_view")},
    "crmlib.datasets.synth.retailer.generate": Spec(lambda: {"n": 40}, numbers={"seed": "seed", "n": "count1"}),
})


# --- issue 15: the cases, the remaining views and generators ------------------------------------

_R = "crmlib.cases.restaurant."


def _visits() -> pd.DataFrame:
    return pd.DataFrame({"customer_id": ["x", "x", "x", "y", "y", "y"],
                         "date": ["2024-05-02", "2024-05-09", "2024-06-03", "2024-05-04", "2024-05-20", "2024-06-21"],
                         "guests": [10, 10, 10, 8, 8, 6], "spend": [900.0, 900.0, 900.0, 600.0, 600.0, 300.0]})


def _feedback() -> pd.DataFrame:
    return pd.DataFrame({"customer_id": ["x", "y"], "date": ["2024-05-10", "2024-06-02"], "kind": ["complaint", "suggestion"]})


def _rtiers() -> pd.DataFrame:
    return pd.DataFrame({"members": [10, 20], "annual_spend": [60000.0, 36000.0]}, index=["A", "B"])


_VISITS = {"customer_id": "id", "date": "date", "guests": "nonneg", "spend": "nonneg"}
_RTIERS = {"members": "nonneg", "annual_spend": "nonneg"}
_ROI = {"uplift": "rate", "margin": "rate", "discountable_share": "rate"}
_LABELS = "translates labels the case computed; an unknown label is named by the catalogue (CatalogueError names the key)"
SPECS.update({
    _R + "model.monthly_summary": Spec(lambda: {"visits": _visits(), "month": "2024-05"}, tables={"visits": _VISITS}, numbers={"month": "date"}),
    _R + "model.attendance_sheet": Spec(lambda: {"visits": _visits(), "month": "2024-05"}, tables={"visits": _VISITS}, numbers={"month": "date"}),
    _R + "model.tiers_from_attendance": Spec(lambda: {"visits": _visits(), "month": "2024-05"}, tables={"visits": _VISITS}, numbers={"month": "date"}),
    _R + "analysis.month_grades": Spec(lambda: {"visits": _visits(), "month": "2024-05"}, tables={"visits": _VISITS}, numbers={"month": "date"}),
    _R + "analysis.grade_changes": Spec(lambda: {"visits": _visits()}, tables={"visits": _VISITS}, numbers={"before": "date", "after": "date"}),
    _R + "model.grade_customers": Spec(lambda: {"summary": pd.DataFrame({"visits": [6, 2], "spend": [5200.0, 900.0], "spend_per_head": [85.0, 45.0]})},
        tables={"summary": {"visits": "nonneg", "spend": "nonneg", "spend_per_head": "nonneg?"}}),
    _R + "model.grading_rules": Spec(lambda: {"per_head": False}, exempt="a yes/no switch between the two rule tables"),
    _R + "model.tier_of": Spec(lambda: {"grade": "B_active"}, exempt="any label: a grade gives its tier, anything else is returned as it is"),
    _R + "model.alert_actions": Spec(lambda: {"reason": "feedback"}, exempt="a reason, checked against the list (check_choice)"),
    _R + "model.privilege_cost": Spec(lambda: {"tier": "A", "annual_spend": 60000.0},
        numbers={"annual_spend": "nonneg", "discountable_share": "rate", "grant_share": "rate"}),
    _R + "model.privilege_costs": Spec(lambda: {"tiers": _rtiers()}, tables={"tiers": {"annual_spend": "nonneg"}},
        numbers={"discountable_share": "rate", "grant_share": "rate"}),
    _R + "model.programme_roi": Spec(lambda: {"tiers": _rtiers(), "uplift": 0.2, "margin": 0.4}, tables={"tiers": _RTIERS},
        numbers={**_ROI, "grant_share": "rate"}),
    _R + "model.alerts": Spec(
        lambda: {"current": pd.DataFrame({"visits": [1, 5]}, index=["王先生", "李女士"]),
                 "previous": pd.DataFrame({"visits": [4, 3, 5]}, index=["王先生", "孙先生", "李女士"]),
                 "feedback": pd.DataFrame({"customer_id": ["孙先生", "王先生"], "kind": ["complaint", "suggestion"]})},
        tables={"current": {"visits": "nonneg"}, "previous": {"visits": "nonneg"}, "feedback": {"customer_id": "id", "kind": "any"}},
        numbers={"drop_share": "rate", "min_previous_visits": "count"}, empty_ok=("current", "feedback")),
    _R + "analysis.alert_sheet": Spec(lambda: {"visits": _visits(), "feedback": _feedback()},
        tables={"visits": _VISITS, "feedback": {"customer_id": "id", "date": "date", "kind": "any"}},
        numbers={"month": "date", "previous_month": "date", "drop_share": "rate", "min_previous_visits": "count"}, empty_ok=("feedback",)),
    _R + "analysis.alert_counts": Spec(lambda: {"sheet": pd.DataFrame({"level": ["red", "yellow"], "reason": ["complaint_no_visit", "feedback"]})},
        tables={"sheet": {"level": "any", "reason": "any"}}, empty_ok=("sheet",)),
    _R + "analysis.grade_moves": Spec(lambda: {"changes": pd.DataFrame({"grade_before": ["A_quality", "C_active"], "grade_after": ["B_quality", "absent"]})},
        tables={"changes": {"grade_before": "any", "grade_after": "any"}}),
    _R + "analysis.roi": Spec(lambda: {"tiers": _rtiers()}, tables={"tiers": _RTIERS}, numbers={**_ROI, "grant_share": "rate"}),
    _R + "analysis.breakeven_grant_share": Spec(lambda: {"tiers": _rtiers()}, tables={"tiers": _RTIERS}, numbers=_ROI),
    _R + "analysis.grant_share_sweep": Spec(lambda: {"tiers": _rtiers(), "grant_shares": [0.0, 0.5, 1.0]}, tables={"tiers": _RTIERS},
        arrays={"grant_shares": "rate"}, numbers=_ROI),
    _R + "analysis.default_tiers": Spec(exempt="takes no argument: the June 2024 tiers of the shipped data"),
    _R + "views.roi_view": Spec(lambda: {"tiers": _rtiers()}, tables={"tiers": _RTIERS}, numbers={**_ROI, "grant_share": "rate"}),
    _R + "views.localized_grades": Spec(lambda: {"grades": ["A_quality", "ungraded"]}, exempt=_LABELS),
    _R + "views.localized_sheet": Spec(lambda: {"sheet": __import__("crmlib.cases.restaurant.model", fromlist=["x"]).attendance_sheet(_visits(), "2024-05")},
        exempt=_LABELS),
    _R + "views.localized_privileges": Spec(exempt=_LABELS),
    _R + "views.localized_alert_sheet": Spec(lambda: {"sheet": pd.DataFrame({"level": ["red"], "reason": ["complaint_no_visit"]}, index=["x"])},
        tables={"sheet": {"level": "any", "reason": "any"}}, empty_ok=("sheet",)),
    _R + "views.show_grade_table": Spec(exempt=_LABELS),
    _R + "views.show_privileges": Spec(exempt=_LABELS),
    _R + "views.show_sheet": Spec(lambda: {"sheet": __import__("crmlib.cases.restaurant.model", fromlist=["x"]).attendance_sheet(_visits(), "2024-05")},
        exempt=_LABELS),
    _R + "views.show_alert_sheet": Spec(lambda: {"sheet": pd.DataFrame({"level": ["red"], "reason": ["complaint_no_visit"]}, index=["x"])},
        tables={"sheet": {"level": "any", "reason": "any"}}, empty_ok=("sheet",)),
    _R + "views.localized_moves": Spec(
        lambda: {"moves": __import__("crmlib.cases.restaurant.analysis", fromlist=["x"]).grade_moves(pd.DataFrame({"grade_before": ["A_quality"], "grade_after": ["absent"]}))},
        exempt=_LABELS),
})


_D = "crmlib.cases.d_manager."


@cache
def _ledger_cached() -> dict[str, pd.DataFrame]:
    from crmlib.datasets.synth.d_manager import generate

    return generate(seed=1, n_key=4, n_old=10, n_new=30)


def _ledger() -> dict[str, pd.DataFrame]:
    return {k: df.copy() for k, df in _ledger_cached().items()}


@cache
def _prepared():
    from crmlib.cases.d_manager import model

    return model.prepare(_ledger())


def _dm_profit() -> pd.DataFrame:
    from crmlib.cases.d_manager import analysis

    L = _ledger()
    return analysis.profit_table(L["orders"], L["service"], "2024")


def _dm_cycles() -> pd.DataFrame:
    from crmlib.cases.d_manager import model
    from crmlib.compute import churn

    return churn.purchase_cycles(model.check_orders(_ledger()["orders"]), "2024-12-31", date="order_date")


_ORDERS = {"customer_id": "id", "order_date": "date", "amount": "nonneg", "units": "nonneg", "gross_margin": "num",
           "due_date": "date", "paid_after_days": "nonneg?", "status": "any"}
_SERVICE = {"customer_id": "id", "period": "any", "sales_visits": "nonneg", "service_calls": "nonneg"}
_PROFIT = {"sales": "nonneg", "units": "nonneg", "orders": "nonneg", "gross_margin": "num", "sales_visits": "nonneg",
           "service_calls": "nonneg", "cost_to_serve": "nonneg", "avg_receivable": "nonneg", "receivable_cost": "nonneg",
           "overdue": "nonneg", "bad_debt": "nonneg", "profit": "num"}
_CRIT = {"sales": "nonneg", "units": "nonneg", "overdue": "nonneg", "cycle_days": "nonneg"}
_RATES = {"rates.visit": "nonneg", "rates.call": "nonneg", "rates.order": "nonneg", "rates.interest": "rate", "rates.overhead": "nonneg"}
_POLICY = {f"policy.{n}": d for n, d in (("top_share", "rate"), ("top_service_cost", "nonneg"), ("standard_service_cost", "nonneg"),
                                         ("winback_rate", "rate"), ("winback_cost", "nonneg"), ("winback_level", "rate"),
                                         ("top_uplift", "nonneg"), ("rest_attrition", "rate"), ("credit_control", "rate"),
                                         ("tolerance", "positive"))}
_POLICY_NAMES = {k: k.split(".", 1)[1] for k in _POLICY}
_WEIGHTS = {f"weights.{c}": "nonneg" for c in ("sales", "units", "overdue", "cycle_days")}
_WEIGHT_NAMES = {k: f"weights[{k.split('.', 1)[1]!r}]" for k in _WEIGHTS}


def _dm_model():
    from crmlib.cases.d_manager import model

    return model


SPECS.update({
    _D + "model.check_orders": Spec(lambda: {"orders": _ledger()["orders"]}, tables={"orders": _ORDERS}),
    _D + "model.check_service": Spec(lambda: {"service": _ledger()["service"]}, tables={"service": _SERVICE}),
    _D + "model.period_bounds": Spec(lambda: {"period": "2024H2"}, numbers={"period": "date"}),
    _D + "model.period_halves": Spec(lambda: {"period": "2024"}, numbers={"period": "date"}),
    _D + "model.prepare": Spec(lambda: {"ledger": _ledger(), "rates": _dm_model().CostRates()},
        tables={"ledger.orders": _ORDERS, "ledger.service": _SERVICE}, names={"ledger.orders": "orders", "ledger.service": "service"},
        numbers={**_RATES, "tolerance": "positive"}),
    _D + "model.key_customers": Spec(lambda: {"prepared": _prepared(), "weights": dict(_dm_model().DEFAULT_WEIGHTS)},
        numbers={"top_share": "rate", **_WEIGHTS}, names=_WEIGHT_NAMES),
    _D + "model.simulate_policy": Spec(lambda: {"prepared": _prepared(), "policy": _dm_model().Policy()}, numbers=_POLICY, names=_POLICY_NAMES),
    _D + "model.turnaround": Spec(lambda: {"ledger": _ledger(), "policy": _dm_model().Policy(), "rates": _dm_model().CostRates()},
        tables={"ledger.orders": _ORDERS, "ledger.service": _SERVICE}, names={"ledger.orders": "orders", "ledger.service": "service", **_POLICY_NAMES},
        numbers={**_POLICY, **_RATES}),
    _D + "analysis.accounts_from_ledger": Spec(lambda: {"orders": _ledger()["orders"], "service": _ledger()["service"], "period": "2024",
                                                        "rates": _dm_model().CostRates()},
        tables={"orders": _ORDERS, "service": _SERVICE}, numbers={"period": "date", **_RATES}),
    _D + "analysis.profit_table": Spec(lambda: {"orders": _ledger()["orders"], "service": _ledger()["service"], "period": "2024H1",
                                                "rates": _dm_model().CostRates()},
        tables={"orders": _ORDERS, "service": _SERVICE}, numbers={"period": "date", **_RATES}),
    _D + "analysis.company_profit": Spec(lambda: {"profit_table": _dm_profit(), "rates": _dm_model().CostRates()},
        tables={"profit_table": _PROFIT}, numbers={"halves": "count1", **_RATES}),
    _D + "analysis.criteria_table": Spec(lambda: {"profit_table": _dm_profit(), "cycles": _dm_cycles()},
        tables={"profit_table": {"sales": "nonneg", "units": "nonneg", "overdue": "nonneg", "bad_debt": "nonneg"},
                "cycles": {"cycle_days": "nonneg?"}}),
    _D + "analysis.classify": Spec(lambda: {"criteria": pd.DataFrame({"sales": [900.0, 100.0, 300.0, 50.0, 10.0], "units": [90, 10, 30, 5, 1],
                                                                      "overdue": [0.0, 0.0, 500.0, 0.0, 0.0],
                                                                      "cycle_days": [10.0, 30.0, 20.0, 60.0, 90.0]}, index=list("ABCDE")),
                                            "weights": dict(_dm_model().DEFAULT_WEIGHTS)},
        tables={"criteria": _CRIT}, numbers={"top_share": "rate", **_WEIGHTS}, names=_WEIGHT_NAMES),
    _D + "analysis.customer_groups": Spec(lambda: {"ledger": _ledger()},
        tables={"ledger.orders": _ORDERS, "ledger.customers": {"customer_id": "id", "cohort": "any"}},
        names={"ledger.orders": "orders", "ledger.customers": "customers"}, numbers={"key_share": "rate"}),
    _D + "analysis.group_summary": Spec(lambda: {"profit_table": _dm_profit(), "groups": pd.Series("old", index=_dm_profit().index)},
        tables={"profit_table": _PROFIT}),
    _D + "analysis.service_per_customer": Spec(lambda: {"ledger": _ledger(), "groups": pd.Series("old", index=_dm_profit().index)},
        tables={"ledger.service": _SERVICE}, names={"ledger.service": "service"}),
    _D + "analysis.lost_report": Spec(lambda: {"ledger": _ledger()},
        tables={"ledger.orders": _ORDERS, "ledger.customers": {"customer_id": "id", "cohort": "any"}},
        names={"ledger.orders": "orders", "ledger.customers": "customers"}, numbers={"as_of": "date", "tolerance": "positive"}),
    _D + "analysis.detection_quality": Spec(lambda: {"flagged": pd.Series([True, True, False, False]), "truth": pd.Series([True, False, True, False])},
        arrays={"flagged": "any", "truth": "any"}),
})


_RS = "crmlib.cases.rice_shop."


def _hh() -> pd.DataFrame:
    from crmlib.cases.rice_shop import model

    return model.make_households(12, seed=2)


@cache
def _rs_run():
    from crmlib.cases.rice_shop import model

    return model.simulate(_hh(), days=60, seed=2)


_HH = {"household": "id", "people": "score", "use_per_person_kg": "nonneg", "jar_kg": "nonneg", "payday": "score",
       "stock_kg": "nonneg", "shop": "nonneg"}
_SIM = {"note_error": "rate", "lead_days": "count", "rival_pull": "rate", "n_rivals": "count1", "loyalty_gain": "rate",
        "spoil_share": "rate", "price_per_kg": "nonneg", "days": "count1", "start": "date", "seed": "seed"}
_RUN = "takes the RiceShopRun that simulate returns (anything else is named: rice_shop_errors.not_run); simulate checks the inputs"
SPECS.update({
    _RS + "model.check_households": Spec(lambda: {"households": _hh()}, tables={"households": _HH}, numbers={"n_rivals": "count1"}),
    _RS + "model.simulate": Spec(lambda: {"households": _hh(), "days": 60}, tables={"households": _HH}, numbers=_SIM),
    _RS + "model.compare": Spec(lambda: {"n_households": 12, "days": 60, "seed": 3}, numbers={**_SIM, "n_households": "count1"}),
    _RS + "model.same_neighbourhood": Spec(lambda: {"params": {"n_households": 5, "strategy": "wait", "seed": 2}},
        numbers={"params.n_households": "count1", "params.seed": "seed", "params.n_rivals": "count1"},
        names={"params.n_households": "n_households", "params.seed": "seed", "params.n_rivals": "n_rivals"}),
    _RS + "model.wang_notebook": Spec(lambda: {"households": _hh()}, tables={"households": _HH}, numbers={"note_error": "rate", "seed": "seed"}),
    _RS + "model.notebook_page": Spec(lambda: {"households": _hh()}, tables={"households": _HH},
        numbers={"note_error": "rate", "lead_days": "count", "start": "date", "seed": "seed"}),
    _RS + "model.run_out_day": Spec(lambda: {"stock_kg": np.array([10.0, 0.5]), "daily_use_kg": np.array([2.0, 1.0])},
        arrays={"stock_kg": "nonneg", "daily_use_kg": "nonneg"}, numbers={"day": "count"}),
    _RS + "model.delivery_schedule": Spec(
        lambda: {"notebook": pd.DataFrame({"household": [1], "est_daily_use_kg": [2.0], "days_per_jar": [20]}), "stock_kg": [10.0], "lead_days": 2, "days": 60},
        tables={"notebook": {"household": "id", "est_daily_use_kg": "nonneg", "days_per_jar": "score"}}, arrays={"stock_kg": "nonneg"},
        numbers={"lead_days": "count", "days": "count1"}),
    _RS + "analysis.market_share": Spec(lambda: {"run": _rs_run()}, exempt=_RUN),
    _RS + "analysis.deliveries_per_day": Spec(lambda: {"run": _rs_run()}, exempt=_RUN),
    _RS + "analysis.revenue": Spec(lambda: {"run": _rs_run()}, exempt=_RUN),
    _RS + "analysis.households_kept": Spec(lambda: {"run": _rs_run()}, exempt=_RUN),
    _RS + "analysis.run_outs": Spec(lambda: {"run": _rs_run()}, numbers={"shop": "count"}),
    _RS + "analysis.collections": Spec(lambda: {"run": _rs_run()}, numbers={"credit_days": "count"}),
    _RS + "analysis.money_owed": Spec(lambda: {"run": _rs_run()}, numbers={"credit_days": "count"}),
    _RS + "analysis.credit_table": Spec(lambda: {"run": _rs_run(), "credit_days": [0, 7]}, arrays={"credit_days": "nonneg"}),
    _RS + "analysis.comparison_table": Spec(lambda: {"runs": {"wait": _rs_run(), "deliver": _rs_run()}}, numbers={"credit_days": "count"}),
    _RS + "analysis.lead_time_table": Spec(lambda: {"leads": [0, 3], "n_households": 12, "days": 60}, arrays={"leads": "nonneg"},
        numbers={"n_households": "count1", "note_error": "rate", "days": "count1", "seed": "seed"}),
    _RS + "views.rice_shop_view": Spec(lambda: {"households": 12},
        numbers={"households": "count1", "note_error": "rate", "lead_days": "count", "rival_pull": "rate", "credit_days": "count", "seed": "seed"}),
})


_S = "crmlib.cases.supermarket."
_SS = "crmlib.datasets.synth.supermarket."


@cache
def _sm_households_cached() -> pd.DataFrame:
    from crmlib.datasets.synth import supermarket

    return supermarket.generate_households(n=60, seed=1)


@cache
def _sm_deals_cached() -> pd.DataFrame:
    from crmlib.datasets.synth import supermarket

    return supermarket.generate_deals(weeks=16, seed=1)


@cache
def _sm_baskets_cached() -> pd.DataFrame:
    from crmlib.datasets.synth import supermarket

    return supermarket.generate_baskets(_sm_households_cached(), _sm_deals_cached(), weeks=10, seed=1)


def _sm_hh() -> pd.DataFrame:
    return _sm_households_cached().copy()


def _sm_deals() -> pd.DataFrame:
    return _sm_deals_cached().copy()


def _sm_baskets() -> pd.DataFrame:
    return _sm_baskets_cached().copy()


@cache
def _programme():
    from crmlib.cases.supermarket import model

    return model.simulate_programme(_sm_hh(), _sm_deals(), pre_weeks=6, programme_weeks=6, seed=1)


def _sm_lists() -> pd.DataFrame:
    from crmlib.cases.supermarket import model

    return model.build_lists(_sm_baskets(), _sm_deals(), week=6, lookback=4)


_BASKETS = {"household_id": "id", "week": "score", "category": "any", "amount": "nonneg"}
_DEALS = {"week": "score", "category": "any", "discount": "rate"}
_DEAL_PRICES = {"week": "score", "category": "any", "deal_price": "nonneg"}
_SM_HH = {"household_id": "id", "size": "score", "has_dog": "any", "has_cat": "any", "has_baby": "any", "veg_lover": "any", "sow": "rate"}
_RULES = {"threshold": "nonneg", "list_length": "count1", "lookback": "count1", "coupon_value": "nonneg", "loyal_regularity": "rate",
          "loyal_spend": "nonneg", "offer_discount": "rate", "veg_share": "rate"}
_PROG = {"pre_weeks": "count1", "programme_weeks": "count1", "redemption_rate": "rate", "coupon_response": "rate", "habit": "rate",
         "control_share": "rate", "rival_match": "rate", "seed": "seed"}
_PROGRAMME = "takes the Programme that simulate_programme returns (checked there)"
SPECS.update({
    _S + "model.check_baskets": Spec(lambda: {"baskets": _sm_baskets()}, tables={"baskets": _BASKETS}),
    _S + "model.history": Spec(lambda: {"baskets": _sm_baskets()}, tables={"baskets": _BASKETS}, numbers={"weeks": "count1"}),
    _S + "model.weekly_spend": Spec(lambda: {"baskets": _sm_baskets()}, tables={"baskets": _BASKETS}),
    _S + "model.eligibility": Spec(lambda: {"baskets": _sm_baskets(), "week": 6}, tables={"baskets": _BASKETS},
        numbers={"week": "count1", "threshold": "nonneg", "window": "count1"}),
    _S + "model.build_lists": Spec(lambda: {"baskets": _sm_baskets(), "deals": _sm_deals(), "week": 6, "lookback": 4},
        tables={"baskets": _BASKETS, "deals": _DEALS}, numbers={"week": "count1", **_RULES}),
    _S + "model.lists_for_year": Spec(lambda: {"baskets": _sm_baskets(), "deals": _sm_deals(), "first_week": 8, "last_week": 10, "lookback": 4},
        tables={"baskets": _BASKETS, "deals": _DEALS}, numbers={"first_week": "count1", "last_week": "count1", **_RULES}),
    _S + "model.public_list": Spec(lambda: {"deals": _sm_deals(), "week": 3, "list_length": 3}, tables={"deals": _DEALS},
        numbers={"week": "count1", "list_length": "count1"}),
    _S + "model.simulate_programme": Spec(lambda: {"households": _sm_hh(), "deals": _sm_deals(), "pre_weeks": 6, "programme_weeks": 6},
        tables={"households": _SM_HH, "deals": {**_DEALS, "deal_price": "nonneg"}}, numbers={**_PROG, **_RULES}),
    _S + "model.household_outcomes": Spec(lambda: {"result": _programme()}, exempt=_PROGRAMME),
    _S + "analysis.naive_comparison": Spec(lambda: {"result": _programme()}, exempt=_PROGRAMME),
    _S + "analysis.programme_summary": Spec(lambda: {"result": _programme()}, numbers={"list_cost": "nonneg", "alpha": "rate"}),
    _S + "analysis.scenario_table": Spec(
        lambda: {"households": _sm_hh(), "deals": _sm_deals(), "scenarios": {"base": {}, "short": {"list_length": 4}}, "pre_weeks": 6, "programme_weeks": 6},
        tables={"households": _SM_HH, "deals": {**_DEALS, "deal_price": "nonneg"}}, numbers=_PROG),
    _S + "analysis.compare_hit_rates": Spec(lambda: {"baskets": _sm_baskets(), "deals": _sm_deals(), "week": 6, "lookback": 4},
        tables={"baskets": _BASKETS, "deals": _DEALS}, numbers={"week": "count1", **_RULES}),
    _S + "analysis.example_household": Spec(lambda: {"lists": _sm_lists()}, tables={"lists": {"household_id": "id", "reason": "any", "coupon": "nonneg"}}),
    _S + "analysis.lift_test": Spec(lambda: {"outcomes": pd.DataFrame({"group": ["treatment"] * 3 + ["control"] * 3, "spend": [10.0, 12.0, 14.0, 8.0, 9.0, 10.0]})},
        tables={"outcomes": {"group": "any", "spend": "num"}}, numbers={"alpha": "rate"}),
    _S + "views.localize_list": Spec(lambda: {"lists": _sm_lists()},
        exempt="translates the category and reason of a list it is given (either may be absent: a public list has no coupon); "
               "an unknown label is named by the catalogue (CatalogueError names the key)"),
    _SS + "deal_price_matrix": Spec(lambda: {"deals": _sm_deals(), "weeks": 3}, tables={"deals": _DEAL_PRICES}, numbers={"weeks": "count1"}),
    _SS + "household_model": Spec(lambda: {"households": _sm_hh()}, tables={"households": _SM_HH}, numbers={"taste_seed": "seed"}),
    _SS + "generate_baskets": Spec(lambda: {"households": _sm_hh(), "deals": _sm_deals(), "weeks": 4},
        tables={"households": _SM_HH, "deals": _DEAL_PRICES}, numbers={"weeks": "count1", "seed": "seed"}),
    _SS + "draw_week": Spec(lambda: {"model": __import__("crmlib.datasets.synth.supermarket", fromlist=["x"]).household_model(_sm_hh()),
                                     "deal_price": __import__("crmlib.datasets.synth.supermarket", fromlist=["x"]).UNIT_PRICE.copy(),
                                     "rng": np.random.default_rng(0)},
        arrays={"deal_price": "nonneg"}),
})


_FORMATS = ("formats a value for display: any value is shown (a missing one as —, text as text); a format or a column "
            "name it does not know is named (tests/test_tables.py)")
SPECS.update({
    "crmlib.views.identify.dedup_view": Spec(lambda: {"n_people": 40, "seed": 3},
        numbers={"extra_typos": "rate", "n_people": "count1", "seed": "seed"}),
    "crmlib.views.identify.localize_records": Spec(lambda: {"frame": _records().assign(source="web_order")},
        exempt="translates the headers and channel names of a records table for display; other values stay as they are"),
    "crmlib.views.identify.show_records": Spec(lambda: {"frame": _records().assign(source="web_order")},
        exempt="shows a records table for reading: headers and channel names translated, every other value shown as it is"),
    "crmlib.views.loyalty.roi_view": Spec(lambda: {"tiers": _rtiers(), "cost_per_member": {"A": 6800.0, "B": 3820.0}},
        tables={"tiers": _RTIERS}, numbers={"uplift": "rate", "margin": "rate", "cost_per_member.A": "nonneg"},
        names={"cost_per_member.A": "cost_per_member"}),
    "crmlib.views.satisfaction.expectation_view": Spec(lambda: {"survey": _survey(), "shift": 1.0},
        tables={"survey": {f"expect_{a}": "scale17" for a in ("dishes", "service", "environment", "speed", "value")}},
        numbers={"shift": "real"}),
    "crmlib.datasets.synth.customer_records.add_typos": Spec(lambda: {"records": _records(), "rate": 0.5, "seed": 1},
        tables={"records": {"phone": "any", "email": "any"}}, numbers={"rate": "rate", "seed": "seed"}),
    "crmlib.views.tables.format_value": Spec(lambda: {"value": 1234.5, "kind": "yuan"}, exempt=_FORMATS),
    "crmlib.views.tables.show_table": Spec(lambda: {"frame": pd.DataFrame({"customers": [10.0, 4.0]})}, exempt=_FORMATS),
    "crmlib.views.tables.show_values": Spec(lambda: {"values": {"customers": 2357}, "prefix": "tables.example"}, exempt=_FORMATS),
    "crmlib.views.tables.show_text": Spec(lambda: {"text": "Spend rose."}, exempt=_FORMATS),
})
