"""Plot theme: seaborn styling with a Simplified Chinese font that ships inside crmlib, so Chinese
labels render on a machine with no CJK fonts installed (no boxes).

The font is Noto Sans SC Regular (SIL Open Font License 1.1, licence in ``crmlib/fonts/OFL.txt``).
It is registered with matplotlib on import of this module; :func:`use_theme` makes it the default.

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


def use_theme(context: str = "notebook") -> None:
    """Apply the course theme: seaborn's whitegrid, crmlib's palette and the Chinese font.

    Parameters
    ----------
    context : str
        A seaborn context ("paper", "notebook", "talk", "poster").
    """
    import seaborn as sns

    family = register_font()
    sns.set_theme(
        context=context,
        style="whitegrid",
        palette=PALETTE,
        font="sans-serif",
        rc={
            "font.sans-serif": [family, "DejaVu Sans"],
            "axes.unicode_minus": False,  # the CJK font has no U+2212 minus sign
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "figure.figsize": (7.5, 4.2),
        },
    )
    matplotlib.rcParams["svg.fonttype"] = "path"


register_font()
