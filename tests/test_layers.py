"""The layers of crmlib, checked: every import arrow points down, never up.

    foundation   crmlib.i18n, crmlib.validation           (language catalogue, input checks)
    data         crmlib.datasets (+ .synth)                (files, loaders, seeded generators)
    compute      crmlib.compute.*, crmlib.cases.*.model / .analysis (any case module but the three below)
    figures      crmlib.figures.*, crmlib.cases.*.figures
    views        crmlib.views.*, crmlib.cases.*.views
    widgets      crmlib.widgets.*, crmlib.cases.*.widgets
    course       crmlib.course.* (answer checks, quiz, environment check), crmlib (setup)

A module may import its own layer and the layers below it. Chapter computation never imports a
case (cases call the chapters, not the other way round). Computation imports no plotting or
widget library, so it runs (and is tested) without them. The check reads the source with
``ast`` (imports inside functions count too), and a subprocess proves that importing every
computation module loads neither matplotlib nor ipywidgets.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "crmlib"

ORDER = ("foundation", "data", "compute", "figures", "views", "widgets", "course")
RANK = {name: k for k, name in enumerate(ORDER)}
CASE_PARTS = {"figures": "figures", "views": "views", "widgets": "widgets"}  # every other module of a case computes

# Third-party libraries a layer may not use (and every layer below it may not either).
FORBIDDEN_LIBS = {
    "foundation": ("matplotlib", "seaborn", "ipywidgets", "IPython"),
    "data": ("matplotlib", "seaborn", "ipywidgets", "IPython"),
    "compute": ("matplotlib", "seaborn", "ipywidgets", "IPython"),
    "figures": ("ipywidgets", "IPython"),
    "views": ("ipywidgets",),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def layer_of(module: str) -> str | None:
    """The layer of a crmlib module (``None`` for the package's front door ``crmlib``)."""
    parts = module.split(".")
    if parts == ["crmlib"]:
        return "course"  # crmlib.setup() prepares a notebook: language + plot theme
    top = parts[1]
    if top in ("i18n", "validation"):
        return "foundation"
    if top == "datasets":
        return "data"
    if top in ("compute", "figures", "views", "widgets", "course"):
        return top
    if top == "cases":
        if len(parts) < 4:
            return "compute"  # crmlib.cases / crmlib.cases.<case> package docstrings
        return CASE_PARTS.get(parts[3], "compute")
    if top == "fonts":
        return "foundation"
    return None


def modules() -> list[Path]:
    return sorted(p for p in PKG.rglob("*.py") if "__pycache__" not in p.parts)


def imports_of(path: Path) -> list[tuple[str, int]]:
    """Every module ``path`` imports (absolute names), with the line, including imports in functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "crmlib":
                out += [(f"crmlib.{alias.name}", node.lineno) for alias in node.names]
            else:
                out += [(node.module, node.lineno)]
                # ``from crmlib.compute import rfm`` imports crmlib.compute.rfm
                out += [(f"{node.module}.{alias.name}", node.lineno) for alias in node.names
                        if (PKG.parent / (node.module + "." + alias.name).replace(".", "/")).with_suffix(".py").exists()]
    return out


def test_every_module_has_a_layer():
    missing = [module_name(p) for p in modules() if layer_of(module_name(p)) is None]
    assert not missing, f"modules outside the layers (put them in a layer folder): {missing}"


@pytest.mark.parametrize("path", modules(), ids=lambda p: module_name(p))
def test_imports_point_down(path):
    me = module_name(path)
    mine = layer_of(me)
    problems = []
    for target, line in imports_of(path):
        if target.split(".")[0] in FORBIDDEN_LIBS.get(mine, ()):
            problems.append(f"line {line}: {mine} module imports {target}")
        if not target.startswith("crmlib"):
            continue
        theirs = layer_of(target)
        if theirs is None:
            continue
        if RANK[theirs] > RANK[mine]:
            problems.append(f"line {line}: {mine} module imports {target} ({theirs}, a higher layer)")
        if me.startswith("crmlib.compute") and target.startswith("crmlib.cases"):
            problems.append(f"line {line}: a chapter module imports the case module {target}; the case calls the chapter")
        if me.startswith("crmlib.cases.") and target.startswith("crmlib.cases."):
            if target.split(".")[2] != me.split(".")[2]:
                problems.append(f"line {line}: case {me.split('.')[2]} imports another case ({target})")
    assert not problems, f"{me}:\n" + "\n".join(problems)


def test_computation_loads_no_plotting_or_widget_library():
    compute = [module_name(p) for p in modules()
               if layer_of(module_name(p)) in ("foundation", "data", "compute") and p.name != "__main__.py"]
    code = (
        "import importlib, sys\n"
        f"for m in {compute!r}:\n"
        "    importlib.import_module(m)\n"
        "bad = sorted(m for m in ('matplotlib', 'seaborn', 'ipywidgets', 'IPython') if m in sys.modules)\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "", f"importing the computation layer loaded {out.stdout.strip()}"


def test_layer_of_knows_the_layout():
    assert layer_of("crmlib.compute.rfm") == "compute"
    assert layer_of("crmlib.cases.rice_shop.model") == "compute"
    assert layer_of("crmlib.cases.rice_shop.figures") == "figures"
    assert layer_of("crmlib.cases.rice_shop.widgets") == "widgets"
    assert layer_of("crmlib.views.funnel") == "views"
    assert layer_of("crmlib.i18n") == "foundation"
    assert layer_of("crmlib.datasets.synth.survey") == "data"
    assert layer_of("crmlib.nowhere") is None
