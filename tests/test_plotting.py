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
