"""One figure per dashboard, updated in place.

A dashboard redraws its figure on every control change. Building a new figure each time costs
its axes, ticks and labels again, and a fresh figure draws about twice as slowly as one whose
axes already exist (matplotlib caches tick and text layout). A figure function that takes
``fig=`` therefore builds the axes and everything that never changes once (``fresh`` is true),
and afterwards only replaces the data artists: :func:`reuse` removes the lines, bars, texts and
legends it drew last time and keeps the axes, their labels and the margins.

Examples
--------
>>> import matplotlib; matplotlib.use("Agg")
>>> fig, fresh = reuse(None, "demo", figsize=(4, 3))
>>> fresh
True
>>> ax = fig.subplots(); _ = ax.set_xlabel("x"); _ = ax.plot([0, 1], [0, 1])
>>> same, fresh = reuse(fig, "demo")
>>> same is fig, fresh, len(ax.lines), ax.get_xlabel()
(True, False, 0, 'x')
>>> ax.plot([0, 1], [1, 0])[0].get_color() == plt.rcParams["axes.prop_cycle"].by_key()["color"][0]
True
>>> import matplotlib.pyplot as plt; plt.close(fig)
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

__all__ = ["reuse", "PNG_DPI"]

PNG_DPI = 100
"""Resolution of the PNG a dashboard shows (the theme's ``savefig.dpi``)."""

_KEY = "_crm_live_key"


def reuse(fig: Figure | None, key: str, *, figsize: tuple[float, float] | None = None) -> tuple[Figure, bool]:
    """The figure to draw ``key`` into, and whether its axes must be built.

    Parameters
    ----------
    fig : Figure or None
        The dashboard's figure from the previous update, or ``None`` for a new figure.
    key : str
        Names the kind of figure (e.g. ``"clv"``); a figure last drawn as another kind is cleared.
    figsize : (float, float), optional
        Size of a new or cleared figure in inches.

    Returns
    -------
    (Figure, bool)
        The figure, and ``True`` when it has no axes yet (build them and the static parts),
        ``False`` when its axes are kept and only their data artists were removed.
    """
    if fig is None:
        fig = plt.figure(figsize=figsize)
    elif getattr(fig, _KEY, None) != key:
        fig.clear()
        if figsize is not None:
            fig.set_size_inches(*figsize, forward=False)
    else:
        for ax in fig.axes:
            for artist in [*ax.lines, *ax.patches, *ax.texts, *ax.collections, *ax.images, *ax.tables]:
                artist.remove()
            ax.containers.clear()
            if ax.legend_ is not None:
                ax.legend_.remove()
            ax.set_prop_cycle(None)  # colours start again from the theme's first
            ax.relim()
        return fig, False
    setattr(fig, _KEY, key)
    return fig, True
