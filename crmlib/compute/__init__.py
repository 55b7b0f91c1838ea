"""Computation, one module per CRM topic: numbers and tables only.

No plotting, no widgets, no display formatting: every function takes data and parameters and
returns numbers or tables with English column names, so it can be tested against known values.
Figures live in :mod:`crmlib.figures`, dashboard views in :mod:`crmlib.views`. The cases
(:mod:`crmlib.cases`) call these functions; these never import a case.
"""
