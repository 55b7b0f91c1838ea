"""The course home's widget check: a slider whose value is echoed below it.

Examples
--------
>>> from crmlib import i18n; i18n.set_language("en")
>>> dash = widget_check()
>>> dash.result
'Slider value: 5'
>>> dash.controls["value"].value = 7
>>> dash.result
'Slider value: 7'
"""

from __future__ import annotations

from crmlib.i18n import t
from crmlib.widgets.base import Dashboard, int_slider


def widget_check() -> Dashboard:
    """A one-slider dashboard proving that widgets render and respond."""
    return Dashboard({"value": int_slider("envcheck.widget_slider", 5, 0, 10)}, lambda value: t("envcheck.widget_value", value=value))
