"""``python -m crmlib.datasets``: regenerate the synthetic data sets and the data dictionary."""

from crmlib.datasets import main

raise SystemExit(main())
