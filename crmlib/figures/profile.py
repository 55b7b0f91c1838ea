"""Figures for :mod:`crmlib.compute.profile`: The customer profile (客户档案): the eight categories of customer information as a schema.

Plotting only: every number comes from the computation module.
"""

from __future__ import annotations

from collections.abc import Mapping

from crmlib.compute.profile import completeness
from crmlib.i18n import t

__all__ = ["plot_completeness"]


def plot_completeness(profile: Mapping[str, object]):
    """Bar chart of how full each information category of ``profile`` is.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> fig = plot_completeness({"name": "王伟"}); len(fig.axes[0].patches)
    8
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import matplotlib.pyplot as plt

    c = completeness(profile)
    fig, ax = plt.subplots(figsize=(6.8, 3.6))
    fig.subplots_adjust(left=0.33, right=0.95, top=0.88, bottom=0.16)
    names = [t(f"profile.category.{k}") for k in c.index][::-1]
    bars = ax.barh(names, c["share"].to_numpy()[::-1], color="#1b6ca8")
    ax.bar_label(bars, labels=[f"{f}/{n}" for f, n in zip(c["filled"][::-1], c["fields"][::-1])], padding=3)
    ax.set_xlim(0, 1.12)
    ax.set_xlabel(t("profile.share_filled"))
    ax.set_title(t("profile.completeness_title"))
    return fig
