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

CREST = ("#a5cd90", "#8ec291", "#76b791", "#61aa90", "#509e90", "#41928f", "#33858d", "#26788c",
         "#1d6c8a", "#1e5e87", "#235081", "#294079", "#2c3172")
"""seaborn's "crest" colour map (light green to dark blue): 13 evenly spaced stops of its table,
within 1.2/255 of seaborn's colours when interpolated (``tests/test_plotting.py``)."""


def sequential_palette(
    n: int, stops: tuple[str, ...] = CREST, *, saturation: float = 1.0
) -> list[tuple[float, ...]]:
    """``n`` RGB colours spread evenly inside a colour map, its two ends left out.

    As ``seaborn.color_palette(name, n)`` picks them from a sequential map; ``saturation`` < 1
    greys them the way seaborn's bar plots do (0.75), without importing seaborn.

    Examples
    --------
    >>> [tuple(round(c, 3) for c in rgb) for rgb in sequential_palette(1)]   # the middle of crest
    [(0.199, 0.52, 0.553)]
    >>> len(sequential_palette(5, saturation=0.75))
    5
    """
    import colorsys

    import numpy as np
    from matplotlib.colors import LinearSegmentedColormap

    from crmlib import validation as v

    n = v.check_count(n, "n", minimum=1)
    saturation = v.check_rate(saturation, "saturation")
    cmap = LinearSegmentedColormap.from_list("stops", list(stops), N=256)
    colours = [tuple(float(c) for c in rgba[:3]) for rgba in cmap(np.linspace(0, 1, n + 2)[1:-1])]
    if saturation == 1.0:
        return colours
    out = []
    for rgb in colours:
        h, light, sat = colorsys.rgb_to_hls(*rgb)
        out.append(colorsys.hls_to_rgb(h, light, sat * saturation))
    return out


def dark_text_on(rgb: object) -> object:
    """True where dark text reads better than white on these RGB colours (values 0–1, last axis).

    seaborn's rule for annotated heat maps: relative luminance (WCAG) above 0.408.

    Examples
    --------
    >>> dark_text_on([[1.0, 1.0, 1.0], [0.03, 0.19, 0.42]]).tolist()   # white, dark blue
    [True, False]
    """
    import numpy as np

    rgb = np.asarray(rgb, dtype=float)[..., :3]
    lin = np.where(rgb <= 0.03928, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return lin @ np.array([0.2126, 0.7152, 0.0722]) > 0.408


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

    Neither seaborn nor pyplot is imported (crmlib's figures are plain matplotlib).

    Parameters
    ----------
    context : str
        A seaborn context ("paper", "notebook", "talk", "poster").
    """
    register_font()
    matplotlib.rcParams.update(theme_rc(context))


register_font()
