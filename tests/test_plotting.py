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


def test_chinese_title_renders_with_the_bundled_font(tmp_path):
    env = {"MPLCONFIGDIR": str(tmp_path / "mplconfig"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    png = tmp_path / "title.png"
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(png)], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "missing" not in proc.stderr.lower(), proc.stderr
    assert proc.stdout.strip().endswith(FONT_PATH.name), proc.stdout
    assert png.stat().st_size > 5000


def test_glyph_warning_would_be_caught(tmp_path):
    # The same script with the theme switched off must fail: proves the check can fail.
    script = SCRIPT.replace('crmlib.setup("zh-CN")', 'import matplotlib as m; m.rcParams["font.family"] = "DejaVu Sans"')
    env = {"MPLCONFIGDIR": str(tmp_path / "mplconfig"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", script, str(tmp_path / "x.png")], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode != 0 and "missing from font" in proc.stderr
