"""Building blocks for thin dashboards: labelled controls and a view that re-renders on change.

A dashboard never computes anything itself. It passes the current control values to a pure
``render`` function (which calls crmlib) and shows what comes back: a matplotlib figure, a
DataFrame, or text. The last result stays in ``dashboard.result`` so the wiring can be tested
without a browser.

Examples
--------
>>> from crmlib import i18n; i18n.set_language("en")
>>> def render(rate):
...     return f"rate is {rate:.2f}"
>>> dash = Dashboard({"rate": float_slider("common.share", 0.5, 0.0, 1.0, 0.05)}, render)
>>> dash.result
'rate is 0.50'
>>> dash.controls["rate"].value = 0.75
>>> dash.result
'rate is 0.75'
"""

from __future__ import annotations

import html
import io
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd
from IPython import get_ipython
from IPython.display import HTML, Image, display
from matplotlib.figure import Figure

from crmlib.i18n import t

_STYLE = {"description_width": "initial"}
_LAYOUT = widgets.Layout(width="min(460px, 95%)")
# In a dashboard each control's label stands on its own line above the control, so a long label
# can never squeeze a slider's track (side by side, ipywidgets gives the label what it asks
# for and the track what is left: 0 px in two columns). The control keeps its ``description``
# (read by screen readers as the tooltip, and by the tests); only its inline label is hidden.
_CONTROL_WIDTH = "min(380px, 100%)"
_HIDDEN_LABEL = {"description_width": "0px"}


def float_slider(key: str, value: float, min: float, max: float, step: float, *, fmt: str = ".2f") -> widgets.FloatSlider:
    """A float slider labelled with the catalogue text of ``key``.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> float_slider("common.share", 0.5, 0, 1, 0.1).description
    'Share'
    """
    return widgets.FloatSlider(
        value=value, min=min, max=max, step=step, description=t(key), readout_format=fmt,
        continuous_update=False, style=_STYLE, layout=_LAYOUT,
    )


def int_slider(key: str, value: int, min: int, max: int, step: int = 1) -> widgets.IntSlider:
    """An integer slider labelled with the catalogue text of ``key``.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("zh-CN")
    >>> int_slider("common.customers", 10, 0, 100).description
    '客户'
    """
    return widgets.IntSlider(
        value=value, min=min, max=max, step=step, description=t(key),
        continuous_update=False, style=_STYLE, layout=_LAYOUT,
    )


def dropdown(key: str, options: Mapping[str, Any] | Sequence[tuple[str, Any]], value: Any) -> widgets.Dropdown:
    """A dropdown labelled with the catalogue text of ``key``; ``options`` maps shown text to value.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> dropdown("common.year", {"2024": 2024, "2025": 2025}, 2025).value
    2025
    """
    opts = list(options.items()) if isinstance(options, Mapping) else list(options)
    return widgets.Dropdown(options=opts, value=value, description=t(key), style=_STYLE, layout=_LAYOUT)


def show(item: Any) -> None:
    """Display one rendered item: figures are shown then closed, strings as HTML paragraphs."""
    if isinstance(item, Figure):
        # Rendered to PNG here, so the chart shows whatever matplotlib backend the kernel has
        # (with MPLBACKEND=Agg, display(fig) would only print "<Figure size ...>").
        buf = io.BytesIO()
        item.savefig(buf, format="png")
        plt.close(item)
        display(Image(data=buf.getvalue(), format="png"))
    elif isinstance(item, str):
        display(HTML(item if item.lstrip().startswith("<") else f"<p>{item}</p>"))
    elif isinstance(item, pd.DataFrame) or type(item).__name__ == "Styler":
        # (pandas.io.formats.style is only importable lazily: test the type by name.)
        display(item)
    elif isinstance(item, tuple | list):
        for sub in item:
            show(sub)
    else:
        display(item)


def _close_figures(item: Any) -> None:
    if isinstance(item, Figure):
        plt.close(item)
    elif isinstance(item, tuple | list):
        for sub in item:
            _close_figures(sub)


class Dashboard(widgets.VBox):
    """Controls on top, the rendered result below; re-renders whenever a control changes.

    Parameters
    ----------
    controls : mapping of parameter name to widget
        Each widget's ``value`` is passed to ``render`` under that name.
    render : callable
        A pure function of the control values returning what to show (figure, table, text,
        or a tuple of those). It must not touch the widgets.
    columns : int
        How many columns the controls are laid out in.
    """

    def __init__(self, controls: Mapping[str, widgets.ValueWidget], render: Callable[..., Any], *, columns: int = 1):
        self.controls = dict(controls)
        self.render = render
        self.output = widgets.Output()
        self.result: Any = None
        boxes = [self._labelled(w) for w in self.controls.values()]
        if columns > 1:
            per = -(-len(boxes) // columns)
            column = widgets.Layout(width=_CONTROL_WIDTH, margin="0 24px 0 0")
            panel = widgets.Box(
                [widgets.VBox(boxes[i : i + per], layout=column) for i in range(0, len(boxes), per)],
                layout=widgets.Layout(display="flex", flex_flow="row wrap", width="100%"),
            )
        else:
            panel = widgets.VBox(boxes, layout=widgets.Layout(width=_CONTROL_WIDTH))
        super().__init__([panel, self.output])
        self.add_class("crm-dashboard")
        for w in self.controls.values():
            w.observe(self._update, names="value")
        self._update()

    @staticmethod
    def _labelled(control: widgets.Widget) -> widgets.Widget:
        """The control under its own label line, the control as wide as its column."""
        text = getattr(control, "description", "")
        if not text or isinstance(control, widgets.Button):
            return control
        control.tooltip = text  # shown on hover; the label above is what people read
        control.style = _HIDDEN_LABEL
        control.layout = widgets.Layout(width="100%", min_width="0")
        label = widgets.HTML(f'<span class="crm-control-label">{html.escape(text)}</span>',
                             layout=widgets.Layout(margin="6px 0 0 0"))
        return widgets.VBox([label, control], layout=widgets.Layout(width="100%"))

    def values(self) -> dict[str, Any]:
        """The current value of each control, by parameter name."""
        return {name: w.value for name, w in self.controls.items()}

    def _update(self, change: object = None) -> None:
        _close_figures(self.result)  # the previous view's figures are no longer shown
        self.result = self.render(**self.values())
        if get_ipython() is None:  # plain Python (tests, scripts): nothing to display into
            return
        with self.output:
            self.output.clear_output(wait=True)
            show(self.result)
