"""Language catalogue: every user-facing string (plot labels, table headers, widget text,
error messages) comes from here, so the zh-CN and English editions cannot drift apart.

The catalogue lives in ``crmlib/i18n/locales/*.toml``, one file per topic. Each key is a TOML
table with one entry per language::

    [title]                      # in funnel.toml: the key funnel.title
    zh-CN = "客户形成阶梯"
    en = "Customer formation ladder"

Keys are addressed by their file stem and dotted path: ``t("funnel.title")`` looks up the
table ``[title]`` in ``funnel.toml``, ``t("funnel.stage.suspect")`` the table
``[stage.suspect]``. All files load into one flat dictionary.

Examples
--------
>>> from crmlib import i18n
>>> i18n.set_language("en")
>>> i18n.t("common.customers")
'Customers'
>>> i18n.set_language("zh-CN")
>>> i18n.t("common.customers")
'客户'
>>> i18n.t("error.empty_table", table="orders")
'表 orders 为空：至少需要一行数据。'

The current language
--------------------
Two layers decide which language :func:`t` uses:

1. a **process-wide default**, set by :func:`set_language` (and so by ``crmlib.setup()``, which
   every notebook edition calls in its first cell);
2. a **scoped override** in a :class:`contextvars.ContextVar`, set only by the context manager
   :func:`language`. Inside ``with language("en"):`` the override wins; on exit (also on an
   exception) the previous override is restored. Because it is a ContextVar, an override made
   in one thread or asyncio task is invisible to the others.

Why not a ContextVar alone? A notebook sets the language once and expects it in every later
cell and every widget callback. Tested with ipykernel 7.4 (``tests/test_i18n.py`` starts a real
kernel): a ContextVar set in an ordinary cell does persist to the next cell and to comm (widget)
messages, but a value set in a cell that uses top-level ``await`` is lost (IPython runs that
cell as an asyncio task in a *copy* of the context), and a new thread (a timer, a background
job) starts from an empty context. The process-wide default is seen by all of them. So
``set_language`` stores the default; when it is called inside a ``with language(...)`` block it
updates that block's override too, so the call takes effect at once, and the block still
restores its outer override on exit.

>>> i18n.set_language("zh-CN")
>>> with i18n.language("en"):
...     i18n.t("common.customers")
'Customers'
>>> i18n.get_language()
'zh-CN'
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

import pandas as pd

LANGUAGES: tuple[str, ...] = ("zh-CN", "en")
"""The languages every catalogue entry must have."""

DEFAULT_LANGUAGE = "zh-CN"
LOCALE_DIR = Path(__file__).with_name("locales")

_default_language = DEFAULT_LANGUAGE
"""The process-wide language, set by :func:`set_language`."""

_override: ContextVar[str | None] = ContextVar("crmlib_language", default=None)
"""The language chosen by the innermost active :func:`language` block in this context, if any."""

_ALIASES = {"zh": "zh-CN", "zh_CN": "zh-CN", "zh-cn": "zh-CN", "en-US": "en", "en_US": "en"}


class CatalogueError(KeyError):
    """A catalogue key is missing, or a language is unknown."""

    def __str__(self) -> str:  # KeyError quotes its message; show it plainly.
        return str(self.args[0]) if self.args else ""


def _flatten(prefix: str, table: Mapping[str, object], out: dict[str, dict[str, str]], src: Path) -> None:
    if any(lang in table for lang in LANGUAGES) or not table:
        entry = {k: v for k, v in table.items() if isinstance(v, str)}
        if prefix in out:
            raise CatalogueError(f"catalogue key {prefix!r} is defined twice (again in {src.name})")
        out[prefix] = entry
        return
    for key, value in table.items():
        if not isinstance(value, Mapping):
            raise CatalogueError(
                f"{src.name}: {prefix}.{key} must be a table with one string per language "
                f"({', '.join(LANGUAGES)}), got {type(value).__name__}"
            )
        _flatten(f"{prefix}.{key}" if prefix else key, value, out, src)


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """Return the whole catalogue as ``{key: {language: text}}``.

    Examples
    --------
    >>> cat = catalogue()
    >>> sorted(cat["common.customers"])
    ['en', 'zh-CN']
    """
    out: dict[str, dict[str, str]] = {}
    for path in sorted(LOCALE_DIR.glob("*.toml")):
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        stem = path.stem
        for key, value in data.items():
            if not isinstance(value, Mapping):
                raise CatalogueError(f"{path.name}: top-level {key!r} must be a table")
            _flatten(f"{stem}.{key}", value, out, path)
    return out


def _normalise(language: str) -> str:
    lang = _ALIASES.get(language, language)
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}; got {language!r}")
    return lang


def set_language(language: str) -> None:
    """Choose the language of every string crmlib returns from now on.

    This sets the process-wide default (seen by every later notebook cell, widget callback,
    thread and task). Inside a ``with language(...)`` block it also changes that block's
    language; the block restores its outer language on exit.

    Parameters
    ----------
    language : {"zh-CN", "en"}
        The edition's language. ``"zh"`` is accepted for ``"zh-CN"``.

    Examples
    --------
    >>> set_language("en"); get_language()
    'en'
    >>> set_language("zh"); get_language()
    'zh-CN'
    """
    global _default_language
    lang = _normalise(language)
    _default_language = lang
    if _override.get() is not None:
        _override.set(lang)


def get_language() -> str:
    """Return the current language code (``"zh-CN"`` or ``"en"``).

    The language of the innermost active :func:`language` block in this thread or task, else
    the process-wide default set by :func:`set_language`.

    Examples
    --------
    >>> set_language("zh-CN")
    >>> get_language()
    'zh-CN'
    """
    return _override.get() or _default_language


@contextmanager
def language(language: str) -> Iterator[str]:
    """Use ``language`` inside a ``with`` block only; the previous language returns on exit.

    The previous language is restored also when the block raises, blocks nest, and the choice
    is local to the current thread or asyncio task (it is held in a
    :class:`contextvars.ContextVar`), so concurrent code keeps its own language.

    Parameters
    ----------
    language : {"zh-CN", "en"}
        ``"zh"`` is accepted for ``"zh-CN"``.

    Yields
    ------
    str
        The normalised language code.

    Examples
    --------
    >>> set_language("zh-CN")
    >>> with language("en"):
    ...     print(t("common.customers"))
    ...     with language("zh"):
    ...         print(t("common.customers"))
    ...     print(get_language())
    Customers
    客户
    en
    >>> get_language()
    'zh-CN'
    """
    lang = _normalise(language)
    token = _override.set(lang)
    try:
        yield lang
    finally:
        _override.reset(token)


def t(key: str, /, **fields: object) -> str:
    """Translate ``key`` into the current language, filling ``{placeholders}`` from ``fields``.

    Raises
    ------
    CatalogueError
        If the key is not in the catalogue or lacks the current language.

    Examples
    --------
    >>> set_language("en")
    >>> t("error.rate_range", name="retention", value=1.2)
    'retention must be a rate between 0 and 1; got 1.2'
    """
    entry = catalogue().get(key)
    if entry is None:
        raise CatalogueError(f"no catalogue entry {key!r} (add it to crmlib/i18n/locales/)")
    current = get_language()
    text = entry.get(current)
    if text is None:
        raise CatalogueError(f"catalogue entry {key!r} has no {current!r} text")
    return text.format(**fields) if fields else text


def labels(prefix: str, names: Iterable[str]) -> dict[str, str]:
    """Map each name to ``t(f"{prefix}.{name}")``: handy for renaming columns or categories.

    Examples
    --------
    >>> set_language("en")
    >>> labels("funnel.stage", ["suspect", "prospect"])
    {'suspect': 'Suspect', 'prospect': 'Prospect'}
    """
    return {name: t(f"{prefix}.{name}") for name in names}


def localize(frame: pd.DataFrame, prefix: str = "columns", *, index: bool = True) -> pd.DataFrame:
    """Return a copy of ``frame`` whose column headers (and index name) are in the current language.

    Headers are looked up as ``f"{prefix}.{column}"``; a header without a catalogue entry
    raises, so a table can never show a half-translated header.

    Examples
    --------
    >>> set_language("zh-CN")
    >>> df = pd.DataFrame({"customers": [10]})
    >>> list(localize(df).columns)
    ['客户数']
    """
    out = frame.rename(columns=lambda c: t(f"{prefix}.{c}"))
    if index and out.index.name is not None:
        out.index = out.index.rename(t(f"{prefix}.{out.index.name}"))
    return out
