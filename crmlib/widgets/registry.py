"""Every dashboard of the course in one list: where it is built, and which notebook shows it.

The benchmark (``benchmarks/bench_dashboards.py``), the wiring test (``tests/test_plotting.py``)
and the browser layout test (``tests/browser/test_slider_layout.py``) iterate this list, so a new
dashboard is measured and tested once it is registered here. Factories are named by import path
and loaded on demand: reading the list imports no case.

Examples
--------
>>> len(DASHBOARDS) >= 16, len({d.name for d in DASHBOARDS}) == len(DASHBOARDS)
(True, True)
>>> get("clv").factory
'crmlib.widgets.value:clv_dashboard'
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["DASHBOARDS", "Entry", "build", "get"]


@dataclass(frozen=True)
class Entry:
    """One registered dashboard.

    Attributes
    ----------
    name : str
        Short unique name.
    factory : str
        ``"module:function"`` that builds the :class:`~crmlib.widgets.base.Dashboard`.
    notebook : str or None
        The built edition (English) that shows it, relative to the repository root; ``None`` for
        a dashboard that only the library offers.
    index : int
        Which dashboard of that notebook it is (0 = the first one on the page).
    args : callable, optional
        Returns the keyword arguments the notebook passes (data it loads), or ``None``.
    """

    name: str
    factory: str
    notebook: str | None
    index: int = 0
    args: Callable[[], dict[str, Any]] | None = field(default=None, compare=False)


def _satisfaction_args() -> dict[str, Any]:
    from crmlib import datasets

    return {"survey": datasets.load_survey()}


def _churn_args() -> dict[str, Any]:
    from crmlib.datasets import load

    return {"customers": load("churn_customers")}


def _loyalty_args() -> dict[str, Any]:
    from crmlib.cases.restaurant.analysis import default_tiers

    tiers = default_tiers()
    return {"tiers": tiers, "cost_per_member": {k: 6800.0 / (1 + i) for i, k in enumerate(tiers.index)}}


DASHBOARDS: tuple[Entry, ...] = (
    Entry("ladder", "crmlib.widgets.foundations:ladder_dashboard", "chapters/en/01_foundations.ipynb", 0),
    Entry("retention", "crmlib.widgets.foundations:retention_dashboard", "chapters/en/01_foundations.ipynb", 1),
    Entry("dedup", "crmlib.widgets.identify:dedup_dashboard", "chapters/en/02_identifying_customers.ipynb", 0),
    Entry("rfm", "crmlib.widgets.rfm:rfm_dashboard", "chapters/en/03_differentiating_customers.ipynb", 0),
    Entry("delivered_value", "crmlib.widgets.value:delivered_value_dashboard", "chapters/en/04_customer_value.ipynb", 0),
    Entry("clv", "crmlib.widgets.value:clv_dashboard", "chapters/en/04_customer_value.ipynb", 1),
    Entry("p_alive", "crmlib.widgets.value:p_alive_dashboard", "chapters/en/04_customer_value.ipynb", 2),
    Entry("abtest", "crmlib.widgets.abtest:abtest_dashboard", "chapters/en/05_interaction.ipynb", 0),
    Entry("expectation", "crmlib.widgets.satisfaction:expectation_dashboard", "chapters/en/06_satisfaction.ipynb", 0,
          _satisfaction_args),
    Entry("loyalty_roi", "crmlib.widgets.loyalty:roi_dashboard", None, 0, _loyalty_args),
    Entry("restaurant_roi", "crmlib.cases.restaurant.widgets:roi_dashboard", "chapters/en/07_loyalty.ipynb", 0),
    Entry("winback", "crmlib.widgets.churn:winback_dashboard", "chapters/en/08_churn_winback.ipynb", 0, _churn_args),
    Entry("staffing", "crmlib.widgets.callcentre:staffing_dashboard", "chapters/en/09_crm_systems.ipynb", 0),
    Entry("rice_shop", "crmlib.cases.rice_shop.widgets:rice_shop_dashboard", "cases/en/rice_shop.ipynb", 0),
    Entry("supermarket", "crmlib.cases.supermarket.widgets:supermarket_dashboard", "cases/en/dicks_supermarket.ipynb", 0),
    Entry("d_manager", "crmlib.cases.d_manager.widgets:turnaround_dashboard", "cases/en/d_manager.ipynb", 0),
    Entry("restaurant_case_roi", "crmlib.cases.restaurant.widgets:roi_dashboard", "cases/en/restaurant.ipynb", 0),
)
"""Every dashboard, in course order."""


def get(name: str) -> Entry:
    """The registered dashboard called ``name``.

    Examples
    --------
    >>> get("rice_shop").notebook
    'cases/en/rice_shop.ipynb'
    """
    from crmlib import validation as v

    names = [d.name for d in DASHBOARDS]
    v.check_choice(name, "name", names)
    return DASHBOARDS[names.index(name)]


def build(entry: Entry | str, **overrides: Any):
    """Build a registered dashboard as its notebook does (``overrides`` replace its arguments).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> dash = build("clv")
    >>> sorted(dash.controls)
    ['discount', 'margin', 'retention', 'years']
    >>> dash.close()
    """
    entry = get(entry) if isinstance(entry, str) else entry
    module, func = entry.factory.split(":")
    kwargs = entry.args() if entry.args is not None else {}
    kwargs.update(overrides)
    return getattr(importlib.import_module(module), func)(**kwargs)
