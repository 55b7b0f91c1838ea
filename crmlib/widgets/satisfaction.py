"""Chapter 6 dashboard: raise or lower customers' expectations and watch C = b/a, wired to
:func:`crmlib.compute.satisfaction.expectation_view`.

Examples
--------
>>> from crmlib import i18n; i18n.set_language("en")
>>> dash = expectation_dashboard()
>>> before = dash.result[1]
>>> dash.controls["shift"].value = 1.0
>>> dash.result[1] != before
True
>>> import matplotlib.pyplot as plt; plt.close("all")
"""

from __future__ import annotations

from functools import partial

import pandas as pd
import pandas.io.formats.style  # noqa: F401  (base.show checks pd.io.formats.style, which pandas loads lazily)

from crmlib.compute.satisfaction import ATTRIBUTES
from crmlib.i18n import t
from crmlib.views.satisfaction import expectation_view
from crmlib.widgets.base import Dashboard, dropdown, float_slider


def expectation_dashboard(survey: pd.DataFrame | None = None) -> Dashboard:
    """Build the dashboard on ``survey`` (default: ``crmlib/datasets/files/survey.csv``)."""
    if survey is None:
        from crmlib import datasets

        survey = datasets.load_survey()
    options = {t("satisfaction.attr.all"): "all", **{t(f"satisfaction.attr.{a}"): a for a in ATTRIBUTES}}
    controls = {
        "shift": float_slider("satisfaction.shift", 0.0, -2.0, 2.0, 0.25),
        "attribute": dropdown("satisfaction.attribute", options, "all"),
    }
    return Dashboard(controls, partial(expectation_view, survey))
