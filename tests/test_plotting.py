"""Chinese renders in plots on a machine with no CJK font installed.

The test runs in a fresh process with an empty matplotlib cache folder (as on a new machine),
draws a Chinese title and labels with the course theme, and fails on any "Glyph missing"
warning or if the text is not drawn with the bundled font.
"""

import subprocess
import sys
import textwrap

from crmlib.figures.theme import FONT_PATH

SCRIPT = textwrap.dedent(
    r"""
    import warnings
    warnings.simplefilter("error")          # "Glyph ... missing from font(s)" is a UserWarning
    import matplotlib
    matplotlib.use("Agg")
    import crmlib
    crmlib.setup("zh-CN")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager
    fig, ax = plt.subplots()
    ax.plot([1, 2, 3], [3, -1, 2])
    title = ax.set_title("客户关系管理:忠诚客户与拥护者")
    ax.set_xlabel("经营年份")
    ax.set_ylabel("年度利润(元)")
    fig.canvas.draw()
    fig.savefig(__import__("sys").argv[1])
    used = font_manager.findfont(title.get_fontproperties(), fallback_to_default=False)
    print(used)
    """
)


HANG_GUARD_S = 1800  # a guard against a hang, far above any run time (seconds)

def test_chinese_title_renders_with_the_bundled_font(tmp_path):
    env = {"MPLCONFIGDIR": str(tmp_path / "mplconfig"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    png = tmp_path / "title.png"
    # A fresh MPLCONFIGDIR makes matplotlib build its font cache, slow on a busy machine: the
    # bound only stops a hung interpreter from hanging the suite, it is not a speed limit.
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(png)], capture_output=True, text=True, env=env, timeout=HANG_GUARD_S)
    assert proc.returncode == 0, proc.stderr
    assert "missing" not in proc.stderr.lower(), proc.stderr
    assert proc.stdout.strip().endswith(FONT_PATH.name), proc.stdout
    assert png.stat().st_size > 5000


def test_glyph_warning_would_be_caught(tmp_path):
    # The same script with the theme switched off must fail: proves the check can fail.
    script = SCRIPT.replace('crmlib.setup("zh-CN")', 'import matplotlib as m; m.rcParams["font.family"] = "DejaVu Sans"')
    env = {"MPLCONFIGDIR": str(tmp_path / "mplconfig"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", script, str(tmp_path / "x.png")], capture_output=True, text=True, env=env, timeout=HANG_GUARD_S)
    # "missing from font(s)" (matplotlib >= 3.10) or "missing from current font" (3.8, the floor)
    assert proc.returncode != 0 and "Glyph" in proc.stderr and "missing from" in proc.stderr


def test_theme_equals_seaborn_whitegrid_without_importing_seaborn():
    """crmlib.setup() writes seaborn's whitegrid theme as plain rcParams (no seaborn import, ~2 s);
    the values must stay what ``seaborn.set_theme`` sets, for every context."""
    import matplotlib
    import seaborn as sns
    from matplotlib.colors import to_hex

    from crmlib.figures.theme import FONT_FAMILY, PALETTE, use_theme

    def snapshot() -> dict:
        rc = dict(matplotlib.rcParams)
        rc["axes.prop_cycle"] = [to_hex(c["color"]) for c in rc["axes.prop_cycle"]]
        return rc

    for context in ("paper", "notebook", "talk", "poster"):
        with matplotlib.rc_context():
            matplotlib.rcdefaults()
            sns.set_theme(context=context, style="whitegrid", palette=PALETTE, font="sans-serif",
                          rc={"font.sans-serif": [FONT_FAMILY, "DejaVu Sans"], "axes.unicode_minus": False,
                              "figure.dpi": 100, "savefig.dpi": 100, "figure.figsize": (7.5, 4.2),
                              "svg.fonttype": "path"})
            expected = snapshot()
        with matplotlib.rc_context():
            matplotlib.rcdefaults()
            use_theme(context)
            got = snapshot()
        differ = {k: (got[k], expected[k]) for k in expected if k != "image.cmap" and got[k] != expected[k]}
        assert differ == {}, (context, differ)
        assert got["axes.prop_cycle"] == PALETTE


def test_setup_imports_neither_seaborn_nor_scipy():
    code = "import sys, crmlib; crmlib.setup('en'); print(sorted(m for m in ('seaborn', 'scipy', 'statsmodels') if m in sys.modules))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=HANG_GUARD_S)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"



def test_crest_palette_equals_seaborns():
    import numpy as np
    import seaborn as sns

    from crmlib.figures.theme import sequential_palette

    for n in range(1, 13):
        plain = np.array(sns.color_palette("crest", n))
        assert np.abs(np.array(sequential_palette(n)) - plain).max() < 1.5 / 255
        desat = sns.color_palette(sns.color_palette("crest", n), desat=0.75)
        assert np.abs(np.array(sequential_palette(n, saturation=0.75)) - np.array(desat)).max() < 1.5 / 255


def _pixels(fig) -> "np.ndarray":
    import matplotlib.pyplot as plt
    from matplotlib.image import imread

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=60)
    plt.close(fig)
    return imread(io.BytesIO(buf.getvalue()))


def test_heatmap_and_bars_look_as_seaborn_drew_them(theme):
    """The cohort heat map and the segment bars, once drawn by seaborn, are plain matplotlib now
    (seaborn imports scipy.stats, ~60 MB of a kernel): the pictures must stay the same."""
    import matplotlib.pyplot as plt
    import numpy as np
    import pandas as pd
    import seaborn as sns

    from crmlib.figures.loyalty import plot_cohort_heatmap
    from crmlib.figures.segmentation import plot_segment_comparison
    from crmlib.i18n import t

    nan = np.nan
    table = pd.DataFrame([[1.0, 0.16, 0.12, 0.09, 0.31], [1.0, 0.2, 0.05, nan, nan], [1.0, 0.3, nan, nan, nan]],
                         index=["1997-01", "1997-02", "1997-03"], columns=range(5))
    fig, ax = plt.subplots(figsize=(8.5, 0.45 * 3 + 1.6))  # what plot_cohort_heatmap drew with seaborn
    sns.heatmap(table * 100, annot=True, fmt=".0f", annot_kws={"fontsize": 8}, cmap="Blues", vmin=0, vmax=31,
                linewidths=0.5, linecolor="white", cbar_kws={"fraction": 0.03, "format": "%.0f%%"}, ax=ax)
    ax.tick_params(axis="y", rotation=0)
    ax.set(xlabel=t("loyalty.periods_since_first"), ylabel=t("loyalty.cohort"),
           title=t("loyalty.heatmap_title"))
    ax.grid(False)
    fig.tight_layout()
    assert np.abs(_pixels(fig) - _pixels(plot_cohort_heatmap(table))).max() < 2 / 255

    prof = pd.DataFrame({"share": [0.3, 0.2, 0.5], "nps": [-12.0, 40.0, 5.0]}, index=["a", "b", "c"])
    fig, axes = plt.subplots(1, 2, figsize=(3.6 * 2 + 0.8, 3.8), squeeze=False)
    for ax, column in zip(axes[0], ["share", "nps"]):
        data = pd.DataFrame({"segment": ["a", "b", "c"], "value": prof[column].to_numpy()})
        sns.barplot(data=data, x="segment", y="value", hue="segment", palette="crest", legend=False, ax=ax)
        for container in ax.containers:
            ax.bar_label(container, fmt="%.2f" if data["value"].abs().max() < 10 else "%.0f", fontsize=8)
        ax.axhline(0, color="#555555", linewidth=0.8)
        ax.set_xlabel("")
        ax.set_ylabel(t(f"segmentation.col.{column}"))
        ax.tick_params(axis="x", labelrotation=30)
    fig.suptitle(t("segmentation.title"))
    fig.tight_layout()
    before, after = _pixels(fig), _pixels(plot_segment_comparison(prof, ["share", "nps"]))
    assert np.abs(before - after).max() < 3 / 255


def test_figures_import_neither_seaborn_nor_scipy_stats():
    code = textwrap.dedent("""
        import sys, matplotlib; matplotlib.use("Agg")
        import numpy as np, pandas as pd, crmlib; crmlib.setup("en")
        from crmlib.figures.loyalty import plot_cohort_heatmap
        from crmlib.figures.segmentation import plot_segment_comparison
        from crmlib.figures.rfm import plot_rf_grid
        plot_cohort_heatmap(pd.DataFrame([[1.0, 0.4], [1.0, np.nan]], columns=[0, 1], index=["a", "b"]))
        plot_segment_comparison(pd.DataFrame({"nps": [0.0, 50.0]}, index=["a", "b"]), ["nps"])
        plot_rf_grid(pd.DataFrame({"r_score": [5, 1], "f_score": [5, 1], "monetary": [10.0, 5.0]}))
        print(sorted(m for m in ("seaborn", "scipy.stats", "statsmodels") if m in sys.modules))
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=HANG_GUARD_S)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"

# --- dashboards: every registered one is wired, redraws in place, and labels its axes (issue 12) ---

import io  # noqa: E402
import re  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from crmlib.widgets.registry import DASHBOARDS, build  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def theme():
    """The course theme (bundled Chinese font) for one test, as crmlib.setup() sets it in a notebook."""
    import matplotlib

    from crmlib.figures.theme import register_font, theme_rc

    register_font()
    with matplotlib.rc_context(theme_rc()):
        yield


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=60)
    return buf.getvalue()


def _shown(dash):
    """What the learner sees: the figure's pixels and the text or table."""
    fig, rest = dash.result[0], dash.result[1:]
    return _png(fig), repr(rest)


def _other_values(control):
    import ipywidgets as w

    if isinstance(control, w.Dropdown):
        return [v for _, v in control.options if v != control.value]
    up = control.value + control.step
    return [up if up <= control.max else control.value - control.step, control.min, control.max]


def test_every_dashboard_is_registered():
    """The registry is complete: every dashboard factory and every notebook's dashboard is in it."""
    factories = set()
    for path in [*ROOT.glob("crmlib/widgets/*.py"), *ROOT.glob("crmlib/cases/*/widgets.py")]:
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        factories |= {f"{module}:{name}" for name in re.findall(r"^def (\w+_dashboard)\(", path.read_text(), re.M)}
    assert factories == {d.factory for d in DASHBOARDS}
    for source in ROOT.glob("source/**/*.md"):
        calls = len(re.findall(r"^\w+_dashboard\(", source.read_text(encoding="utf-8"), re.M))
        kind = source.parent.name
        shown = [d for d in DASHBOARDS if d.notebook == f"{kind}/en/{source.stem}.ipynb"]
        assert len(shown) == calls, f"{source}: {calls} dashboards in the notebook, {len(shown)} registered"


@pytest.mark.parametrize("entry", DASHBOARDS, ids=lambda d: d.name)
def test_every_control_changes_what_the_dashboard_shows(entry, theme):
    dash = build(entry)
    try:
        fig = dash.figure
        assert fig is not None, "the view takes no fig=: the dashboard cannot redraw in place"
        for name, control in dash.controls.items():
            before = _shown(dash)
            for value in _other_values(control):
                control.value = value
                if _shown(dash) != before:
                    break
            else:
                pytest.fail(f"{entry.name}: moving {name!r} changes neither the figure nor the text")
            assert dash.figure is fig, f"{entry.name}: {name!r} built a new figure instead of redrawing"
    finally:
        dash.close()


@pytest.mark.parametrize("entry", DASHBOARDS, ids=lambda d: d.name)
def test_redrawn_figure_equals_a_fresh_one(entry, en, theme):
    """The figure updated in place is pixel for pixel the one a fresh view draws (no stale artist,
    limit or colour left from an earlier position)."""
    import matplotlib.pyplot as plt

    dash = build(entry)
    try:
        for control in list(dash.controls.values())[:3]:
            control.value = _other_values(control)[-1]
        fresh = dash.render(**dash.values(), fig=None)[0]
        assert _png(dash.figure) == _png(fresh)
        plt.close(fresh)
    finally:
        dash.close()


@pytest.mark.parametrize("entry", DASHBOARDS, ids=lambda d: d.name)
def test_every_numeric_axis_is_labelled(entry, lang, theme):
    """An axis with numbers on it says what they measure (the unit in the label, not only the title)."""
    dash = build(entry)
    try:
        fig = dash.figure
        fig.canvas.draw()
        for ax in fig.axes:
            for axis, label in ((ax.xaxis, ax.get_xlabel()), (ax.yaxis, ax.get_ylabel())):
                ticks = [tl.get_text() for tl in axis.get_ticklabels() if tl.get_visible() and tl.get_text()]
                numeric = ticks and all(re.fullmatch(r"[−\-+]?[\d,.]+%?", x) for x in ticks)
                if numeric:
                    assert label.strip(), f"{entry.name}: an axis with ticks {ticks[:3]}… has no label"
    finally:
        dash.close()
