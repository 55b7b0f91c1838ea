"""Dashboard views: pure functions from a dashboard's parameters to what it shows (a figure and
a short text or table). They call :mod:`crmlib.compute` and :mod:`crmlib.figures`; the widgets in
:mod:`crmlib.widgets` only wire controls to them, so each view is tested without a browser.
"""
