"""Run the unit tests once on the lowest versions the package declares (its dependency floor).

``pyproject.toml`` says ``pandas>=2.2.1``, ``matplotlib>=3.8`` ...: a promise that the course
works with those releases, not only with today's newest. This script keeps the promise honest:

1. it reads the floors (every ``>=`` bound of ``[project] dependencies`` and of the test tools
   the unit tests need) from ``pyproject.toml`` and pins each package at its floor;
2. it makes (or reuses) the environment ``.venv-floor/`` (gitignored) with exactly those pins,
   for Python 3.11, the lowest Python the package declares; the pins are written to
   ``.venv-floor/floor-pins.txt`` and the environment is rebuilt only when they change;
3. it runs the unit, property and doc tests there (``tests/`` without the browser, hub,
   grading and notebook-executing tests, plus ``--doctest-modules`` over ``crmlib``) with
   warnings as errors, as in every test run (``filterwarnings = ["error", ...]``).

Usage: ``python3 tools/test_floor.py [PYTEST ARGS...]`` (``.ci/run`` calls it after
``python3 course.py test``). The first run downloads and installs the environment (about three
minutes on 2 cores); later runs only test (see the timing printed at the end).

Where a floor release itself cannot be installed, or installs beside a newer release of one of
*its* dependencies that breaks it, :data:`EXCEPTIONS` and :data:`CONSTRAINTS` say so, each with
its reason. Everything else resolves to the newest release pip finds, as for a learner.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv-floor"
STAMP = VENV / "floor-pins.txt"
PYTHON_FLOOR = (3, 11)

# The unit tests need these test tools (the other test extras drive browsers, notebooks and
# grading, which the floor run leaves out); they are pinned at their floors too.
TEST_TOOLS = ("pytest", "hypothesis", "pytest-xdist", "nbformat", "jupytext", "nbclient")

# Floor releases that cannot be installed as such: package -> (release used instead, reason).
EXCEPTIONS: dict[str, tuple[str, str]] = {
    "scipy": ("1.11.1", "scipy 1.11.0 was yanked from PyPI (licence violation); 1.11.1 is the first 1.11 release"),
    # voila 0.5.0-0.5.6 require nbclient<0.8, which cannot be installed beside the nbclient>=0.10 the
    # unit tests need (pip: ResolutionImpossible). A learner's .venv has no nbclient floor of its own
    # and gets the newest voila, so the learner's floor stays 0.5; the floor run tests 0.5.7, the
    # first 0.5 release that declares nbclient>=0.4 without an upper bound.
    "voila": ("0.5.7", "voila < 0.5.7 requires nbclient<0.8; the unit tests need nbclient>=0.10 (test extra)"),
}

# Constraints on dependencies of our dependencies, each with its reason.
CONSTRAINTS: dict[str, str] = {
    # matplotlib before 3.10.9 calls pyparsing's camelCase API (parseString, ...), which
    # pyparsing 3.3 deprecates: importing matplotlib 3.8 beside pyparsing >= 3.3 raises a
    # PyparsingDeprecationWarning (an error where warnings are errors; hidden in a learner's
    # notebook, where library DeprecationWarnings are not shown). The floor is tested with the
    # pyparsing that matplotlib 3.8 was released against.
    "pyparsing<3.3": "matplotlib < 3.10.9 uses pyparsing's camelCase API, deprecated in pyparsing 3.3",
}

# What the floor run leaves out, and why.
LEFT_OUT = {
    "tests/browser": "drives JupyterLab in Chromium: the browser side, not the library floor",
    "tests/hub": "a whole JupyterHub; its own environment",
    "tests/test_grading.py": "needs nbgrader (instructor extra), not part of the floor",
    "tests/test_course_cli.py": "inspects the learner's .venv made by course.py, not this one",
    "tests/test_exercises.py": "executes notebooks (slow); the editions are executed in the main run",
    "tests/test_wheel.py": "builds the wheel; packaging, not the library floor",
}


def _floor(requirement: str) -> tuple[str, str] | None:
    """``"pandas>=2.2.1"`` -> ``("pandas", "2.2.1")``; None without a ``>=`` bound.

    >>> _floor("matplotlib>=3.8,<3.13"), _floor("nbgrader"), _floor("Pytest-XDist>=3.5")
    (('matplotlib', '3.8'), None, ('pytest-xdist', '3.5'))
    """
    m = re.match(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(.*)$", requirement)
    if not m:
        return None
    name, spec = m.group(1).lower().replace("_", "-"), m.group(2)
    lower = re.search(r">=\s*([0-9][0-9A-Za-z.]*)", spec)
    return (name, lower.group(1)) if lower else None


def pins() -> list[str]:
    """The pinned requirements of the floor environment, from ``pyproject.toml``."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    wanted += [r for r in project["optional-dependencies"]["test"] if (_floor(r) or ("",))[0] in TEST_TOOLS]
    out = []
    for req in wanted:
        fl = _floor(req)
        if fl is None:
            raise SystemExit(f"tools/test_floor.py: {req!r} in pyproject.toml declares no floor (>=)")
        name, version = fl
        if name in EXCEPTIONS:
            used, _reason = EXCEPTIONS[name]
            if used.split(".")[:2] != version.split(".")[:2]:
                raise SystemExit(f"tools/test_floor.py: the exception for {name} ({used}) is not in the floor's "
                                 f"series {version}: update EXCEPTIONS")
            version = used
        out.append(f"{name}=={version}")
    return sorted(out) + sorted(CONSTRAINTS)


def _python() -> str:
    if sys.version_info[:2] == PYTHON_FLOOR:
        return sys.executable
    exe = shutil.which("python%d.%d" % PYTHON_FLOOR)
    if exe is None:
        raise SystemExit("tools/test_floor.py: Python %d.%d (the lowest the package declares) is needed" % PYTHON_FLOOR)
    return exe


def ensure_venv(pinned: list[str]) -> float:
    """Make ``.venv-floor`` with exactly ``pinned`` unless it already has them; seconds spent."""
    text = "\n".join(pinned) + "\n"
    py = VENV / "bin" / "python"
    if py.exists() and STAMP.exists() and STAMP.read_text() == text:
        return 0.0
    start = time.perf_counter()
    if VENV.exists():
        shutil.rmtree(VENV)
    subprocess.run([_python(), "-m", "venv", str(VENV)], check=True)
    pip = [str(py), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.run([*pip, *pinned, "setuptools>=70.1"], check=True)  # builds the editable install offline
    # crmlib itself, editable and without dependencies (they are the pins above).
    subprocess.run([*pip, "--no-deps", "--no-build-isolation", "-e", str(ROOT)], check=True)
    STAMP.write_text(text)
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    pinned = pins()
    print("floor:", " ".join(pinned), flush=True)
    setup = ensure_venv(pinned)
    env = dict(os.environ, CRMLIB_WARNINGS="error", PYDEVD_DISABLE_FILE_VALIDATION="1")
    env.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    env.pop("CRM_LEARNER_PYTHON", None)
    cmd = [str(VENV / "bin" / "python"), "-m", "pytest", "tests", "crmlib", "-p", "no:cacheprovider",
           "-n", "2", "--dist", "loadfile", *[f"--ignore={p}" for p in LEFT_OUT], *argv]
    print("+", " ".join(cmd[2:]), flush=True)
    start = time.perf_counter()
    rc = subprocess.call(cmd, cwd=ROOT, env=env)
    print(f"floor run: environment {setup:.0f} s (0 when reused), tests {time.perf_counter() - start:.0f} s", flush=True)
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
