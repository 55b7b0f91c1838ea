"""Plot theme: seaborn-style "whitegrid" with a Simplified Chinese font that ships inside crmlib, so
Chinese labels render on a machine with no CJK fonts installed (no boxes).

The font is Noto Sans SC Regular (SIL Open Font License 1.1, licence in ``crmlib/fonts/OFL.txt``).
It is registered with matplotlib on import of this module; :func:`use_theme` makes it the default.

The theme is written here as matplotlib settings (:data:`WHITEGRID`, :data:`CONTEXT`): the values
``seaborn.set_theme(style="whitegrid", context=...)`` sets (seaborn 0.13), so that
``crmlib.setup()``, the first cell of every notebook, need not import seaborn (and through it
scipy.stats, about 2 s). ``tests/test_plotting.py`` checks that the values still equal seaborn's.
The one setting left out is seaborn's default colour map ("rocket", which exists only once
seaborn is imported); crmlib figures always name their colour map.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from crmlib.figures.theme import use_theme, FONT_FAMILY
>>> use_theme()
>>> import matplotlib.pyplot as plt
>>> plt.rcParams["font.sans-serif"][0] == FONT_FAMILY
True
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
from matplotlib import font_manager

FONT_PATH = Path(__file__).resolve().parent.parent / "fonts" / "NotoSansSC-Regular.otf"
FONT_FAMILY = "Noto Sans SC"

PALETTE = ["#1b6ca8", "#e07a1f", "#3a9a5b", "#c0392b", "#7d5ba6", "#8c6d31", "#d45087", "#7f7f7f"]
"""Colour order used by every crmlib plot (colour-blind friendly first two)."""

WHITEGRID: dict[str, object] = {
    "axes.axisbelow": True, "axes.edgecolor": ".8", "axes.facecolor": "white", "axes.grid": True,
    "axes.labelcolor": ".15", "axes.spines.bottom": True, "axes.spines.left": True,
    "axes.spines.right": True, "axes.spines.top": True, "figure.facecolor": "white",
    "font.family": ["sans-serif"], "grid.color": ".8", "grid.linestyle": "-",
    "lines.solid_capstyle": "round", "patch.edgecolor": "w", "patch.force_edgecolor": True,
    "text.color": ".15", "xtick.bottom": False, "xtick.color": ".15", "xtick.direction": "out",
    "xtick.top": False, "ytick.color": ".15", "ytick.direction": "out", "ytick.left": False,
    "ytick.right": False,
}
"""seaborn's ``axes_style("whitegrid")``."""

CONTEXT: dict[str, float] = {
    "font.size": 12, "axes.labelsize": 12, "axes.titlesize": 12, "xtick.labelsize": 11,
    "ytick.labelsize": 11, "legend.fontsize": 11, "legend.title_fontsize": 12,
    "axes.linewidth": 1.25, "grid.linewidth": 1, "lines.linewidth": 1.5, "lines.markersize": 6,
    "patch.linewidth": 1, "xtick.major.width": 1.25, "ytick.major.width": 1.25,
    "xtick.minor.width": 1, "ytick.minor.width": 1, "xtick.major.size": 6, "ytick.major.size": 6,
    "xtick.minor.size": 4, "ytick.minor.size": 4,
}
"""seaborn's ``plotting_context("notebook")``; other contexts scale every value (:data:`CONTEXT_SCALE`)."""

CONTEXT_SCALE = {"paper": 0.8, "notebook": 1.0, "talk": 1.5, "poster": 2.0}


def register_font() -> str:
    """Register the bundled Chinese font with matplotlib and return its family name.

    Safe to call many times; a stale matplotlib font cache cannot hide it, because the font is
    added by path, not looked up in the cache.

    Examples
    --------
    >>> register_font()
    'Noto Sans SC'
    """
    if FONT_FAMILY not in {f.name for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(str(FONT_PATH))
    return FONT_FAMILY


def theme_rc(context: str = "notebook") -> dict[str, object]:
    """The matplotlib settings of the course theme (what :func:`use_theme` applies).

    Parameters
    ----------
    context : {"paper", "notebook", "talk", "poster"}
        Size of text and lines, as seaborn's contexts.

    Examples
    --------
    >>> rc = theme_rc("talk")
    >>> rc["font.size"], rc["font.sans-serif"][0], rc["axes.unicode_minus"]
    (18.0, 'Noto Sans SC', False)
    """
    from cycler import cycler

    from crmlib import validation as v

    v.check_choice(context, "context", list(CONTEXT_SCALE))
    scale = CONTEXT_SCALE[context]
    rc: dict[str, object] = dict(WHITEGRID)
    rc.update({key: value * scale for key, value in CONTEXT.items()})
    rc.update({
        "axes.prop_cycle": cycler(color=PALETTE),
        "font.sans-serif": [FONT_FAMILY, "DejaVu Sans"],
        "axes.unicode_minus": False,  # the CJK font has no U+2212 minus sign
        "figure.dpi": 100,
        "savefig.dpi": 100,
        "figure.figsize": (7.5, 4.2),
        "svg.fonttype": "path",
    })
    return rc


def use_theme(context: str = "notebook") -> None:
    """Apply the course theme: seaborn's whitegrid, crmlib's palette and the Chinese font.

    Neither seaborn nor pyplot is imported: figures that use seaborn import it themselves.

    Parameters
    ----------
    context : str
        A seaborn context ("paper", "notebook", "talk", "poster").
    """
    register_font()
    matplotlib.rcParams.update(theme_rc(context))


register_font()
