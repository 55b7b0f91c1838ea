"""Language fixtures for the tests.

The autouse fixture in the repository's root ``conftest.py`` gives every test (and every
doctest) the default language, zh-CN, and undoes any change afterwards. A test that needs a
specific language asks for one of these:

``en`` / ``zh``
    English / Simplified Chinese for the whole test (a module can use
    ``pytestmark = pytest.mark.usefixtures("en")`` or an autouse fixture that takes ``en``).
``lang``
    Run the test once per language: ``def test_x(lang): ...`` receives ``"zh-CN"`` then
    ``"en"``, already set.
"""

from __future__ import annotations

import pytest

from crmlib import i18n


@pytest.fixture
def en(_clean_language) -> str:
    """English for this test (restored by the root ``_clean_language`` fixture)."""
    i18n.set_language("en")
    return "en"


@pytest.fixture
def zh(_clean_language) -> str:
    """Simplified Chinese for this test (restored by the root ``_clean_language`` fixture)."""
    i18n.set_language("zh-CN")
    return "zh-CN"


@pytest.fixture(params=i18n.LANGUAGES)
def lang(request, _clean_language) -> str:
    """Each language in turn, already set: the test runs once per language."""
    i18n.set_language(request.param)
    return request.param


def pytest_terminal_summary(terminalreporter) -> None:
    """Print the counts of the bad-input sweep (tests/test_bad_input.py), also under xdist."""
    totals: dict[str, int] = {}
    functions = pending = 0
    for reports in terminalreporter.stats.values():
        for rep in reports:
            for key, value in getattr(rep, "user_properties", ()):
                if key == "bad_input" and getattr(rep, "when", "call") == "call":
                    functions += 1
                    for kind, n in value.items():
                        totals[kind] = totals.get(kind, 0) + n
                elif key == "bad_input_pending" and getattr(rep, "when", "call") == "call":
                    pending = value
    if functions:
        parts = ", ".join(f"{totals.get(k, 0)} {k}" for k in ("clear", "unnamed", "foreign", "silent", "slow"))
        terminalreporter.write_line(
            f"bad-input sweep: {functions} functions, {sum(totals.values())} corrupted inputs: {parts}; {pending} pending"
        )
