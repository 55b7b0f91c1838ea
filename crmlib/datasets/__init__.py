"""Data sets of the course: one documented loader per data set, and the registry behind them.

The data files ship inside the package, in ``crmlib/datasets/files/`` (described by the data
dictionary ``crmlib/datasets/files/README.md``), and are read with :mod:`importlib.resources`, so
they load the same from a checkout or an installed wheel.

- :mod:`crmlib.datasets.loaders`: ``load_<name>()``, one function per data set, which reads the
  file and checks columns, types and ranges, raising :class:`~crmlib.validation.CRMInputError`
  that names the problem;
- :mod:`crmlib.datasets.tables`: :class:`Column` and :class:`Table` (each data set described
  once), :func:`validate`, :func:`load`, :func:`registry`, :func:`names`;
- :mod:`crmlib.datasets.cdnow`: the real data (CDNOW); :mod:`crmlib.datasets.synth`: the seeded
  generators of the synthetic data, each module with its ``TABLES``;
- :mod:`crmlib.datasets.dictionary`: the bilingual data dictionary, generated from the registry;
- :mod:`crmlib.datasets.regenerate`: ``python course.py data`` (``python -m crmlib.datasets``)
  regenerates the synthetic files byte for byte and the dictionary (a test checks both).

Examples
--------
>>> from crmlib import datasets
>>> df = datasets.load_cdnow_sample()
>>> df.shape
(6919, 5)
>>> int(df["customer_id"].nunique())
2357
"""

from __future__ import annotations

from crmlib.datasets.dictionary import data_dictionary
from crmlib.datasets.loaders import (
    load_category_baskets,
    load_cdnow_master,
    load_cdnow_sample,
    load_churn_customers,
    load_complaints,
    load_customer_records,
    load_d_manager_customers,
    load_d_manager_orders,
    load_d_manager_service,
    load_ladder_journeys,
    load_restaurant_attendance,
    load_restaurant_feedback,
    load_retailer_transactions,
    load_supermarket_baskets,
    load_supermarket_deals,
    load_supermarket_households,
    load_survey,
)
from crmlib.datasets.regenerate import main, write_synthetic
from crmlib.datasets.tables import Column, Kind, Table, data_files, load, names, registry, sha256, to_csv_bytes, validate

__all__ = [
    "Column",
    "Kind",
    "Table",
    "data_dictionary",
    "data_files",
    "load",
    "load_category_baskets",
    "load_cdnow_master",
    "load_cdnow_sample",
    "load_churn_customers",
    "load_complaints",
    "load_customer_records",
    "load_d_manager_customers",
    "load_d_manager_orders",
    "load_d_manager_service",
    "load_ladder_journeys",
    "load_restaurant_attendance",
    "load_restaurant_feedback",
    "load_retailer_transactions",
    "load_supermarket_baskets",
    "load_supermarket_deals",
    "load_supermarket_households",
    "load_survey",
    "main",
    "names",
    "registry",
    "sha256",
    "to_csv_bytes",
    "validate",
    "write_synthetic",
]
