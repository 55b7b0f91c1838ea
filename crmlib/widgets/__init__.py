"""Dashboards (ipywidgets): controls built with :mod:`crmlib.widgets.base` and wired to one view
function of :mod:`crmlib.views`; nothing is computed here."""
