"""``python -m crmlib.datasets``: regenerate the synthetic data sets and the data dictionary."""

from crmlib.datasets.regenerate import main

raise SystemExit(main())
