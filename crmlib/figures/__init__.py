"""Figures, one module per topic (plain matplotlib, seaborn's look), drawn from tables that
:mod:`crmlib.compute` computed; :mod:`crmlib.figures.theme` sets the theme and the bundled
Chinese font. Labels come from the language catalogue.
"""
