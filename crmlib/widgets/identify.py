"""Chapter 2 dashboard: how a deduplication rule and data-entry errors change precision and recall.

It only wires a dropdown and a slider to :func:`crmlib.compute.identify.dedup_view`.

Examples
--------
>>> from crmlib import i18n; i18n.set_language("en")
>>> dash = dedup_dashboard(n_people=60)
>>> before = dash.result[1]
>>> dash.controls["rule"].value = "name"
>>> dash.result[1] != before
True
>>> import matplotlib.pyplot as plt; plt.close("all")
"""

from __future__ import annotations

from crmlib.compute.identify import RULES
from crmlib.i18n import t
from crmlib.views.identify import dedup_view
from crmlib.widgets.base import Dashboard, dropdown, float_slider


def dedup_dashboard(n_people: int = 500, rule: str = "phone_email") -> Dashboard:
    """A rule dropdown and an extra-typing-error slider; shows precision, recall and F1."""
    controls = {
        "rule": dropdown("identify.widget.rule", {t(f"identify.rule.{r}"): r for r in RULES}, rule),
        "extra_typos": float_slider("identify.widget.typo_rate", 0.0, 0.0, 0.3, 0.02),
    }

    def render(rule: str, extra_typos: float, fig=None):
        return dedup_view(rule, extra_typos, n_people=n_people, fig=fig)

    return Dashboard(controls, render)
