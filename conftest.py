"""Fixtures for the whole test run: ``tests/`` and the doctests in ``crmlib`` (``--doctest-modules``).

Every test and every doctest starts in the default language (zh-CN, what ``crmlib.setup()``
picks), with no ``crmlib.language(...)`` block active, and whatever it sets is undone when it
ends, so no test or docstring can leak its language into the next one. Tests that need a
language ask for the ``en``, ``zh`` or ``lang`` fixture (``tests/conftest.py``).

This lives at the repository root, not in ``crmlib/conftest.py``, so it is not shipped in the
wheel, and not in ``tests/conftest.py``, which would not reach the doctests under ``crmlib/``.
"""

from __future__ import annotations

import pytest

from crmlib import i18n


@pytest.fixture(autouse=True)
def _clean_language():
    default_before = i18n._default_language
    token = i18n._override.set(None)
    i18n._default_language = i18n.DEFAULT_LANGUAGE
    yield
    i18n._override.reset(token)
    i18n._default_language = default_before
