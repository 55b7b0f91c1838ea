"""The package works when installed from its wheel, away from the checkout: data sets, a case run
end to end, the language catalogue, the question banks and the font all come from package data.

The wheel is built by ``pip wheel`` without build isolation and without an index, so it uses the
setuptools of the test environment (70.1 or newer: ``bdist_wheel`` built in) and needs no network.
The wheel is installed with pip into a fresh virtual environment under ``tmp_path``; the
dependencies come from the course environment's site-packages directory on ``PYTHONPATH``. A
directory on ``PYTHONPATH`` does not have its ``.pth`` files run, so the editable install of the
checkout is invisible, and the test checks that ``crmlib`` is imported from ``tmp_path``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from pathlib import Path

import pytest

from crmlib import datasets

ROOT = Path(__file__).resolve().parent.parent


def _run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: int = 120) -> subprocess.CompletedProcess:
    out = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert out.returncode == 0, f"{cmd} failed:\n{out.stdout}\n{out.stderr}"
    return out


def build_wheel(dest: Path) -> Path:
    """Build the crmlib wheel with pip from a copy of the checkout (so the checkout gets no build/
    or egg-info folders), offline (no build isolation: the course environment's setuptools
    builds it); return its path."""
    src = dest / "src"
    src.mkdir(parents=True)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    shutil.copytree(ROOT / "crmlib", src / "crmlib", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    out = dest / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
          "--disable-pip-version-check", "-q", "-w", str(out), str(src)], cwd=dest, timeout=300)
    wheels = sorted(out.glob("crmlib-*.whl"))
    assert len(wheels) == 1, f"expected one wheel in {out}, found {wheels}"
    return wheels[0]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    return build_wheel(tmp_path_factory.mktemp("wheel"))


def test_wheel_holds_the_package_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    files = "crmlib/datasets/files/"
    for table in datasets.registry().values():
        assert files + table.file in names, table.file
    for expected in (files + "README.md", files + "cdnow/SOURCE.md", "crmlib/datasets/loaders.py", "crmlib/datasets/synth/survey.py"):
        assert expected in names, expected
    shipped = {
        "crmlib/fonts": ("*.otf", "*.txt"),
        "crmlib/i18n/locales": ("*.toml",),
        "crmlib/course/questions": ("*.toml",),
    }
    for folder, patterns in shipped.items():
        in_checkout = {p.relative_to(ROOT).as_posix() for pat in patterns for p in (ROOT / folder).glob(pat)}
        assert in_checkout and in_checkout <= names, folder
    assert not any(n.startswith(("tests/", "source/", "datasets/")) for n in names)


SCRIPT = textwrap.dedent(
    """
    import importlib.resources, json, sys
    import crmlib
    from crmlib import datasets
    from crmlib.course import quiz
    from crmlib.cases.d_manager import model as dm
    from crmlib.figures import theme

    shapes = {n: list(getattr(datasets, f"load_{n}")().shape) for n in datasets.names()}
    crmlib.set_language("en")
    turnaround = dm.turnaround()
    print(json.dumps({
        "crmlib": crmlib.__file__,
        "data_files": str(datasets.data_files()),
        "shapes": shapes,
        "turnaround_rows": len(turnaround),
        "customers_en": crmlib.t("common.customers"),
        "quiz_ch01": len(quiz.load_bank("ch01")),
        "font": str(theme.FONT_PATH) if theme.FONT_PATH.is_file() else "",
        "dictionary": (datasets.data_files() / "README.md").is_file(),
    }))
    """
)


def test_installed_wheel_works_outside_the_checkout(wheel, tmp_path):
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=tmp_path)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "-q", str(wheel)], cwd=tmp_path)

    env = {k: val for k, val in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "CRMLIB_"))}
    env["PYTHONPATH"] = sysconfig.get_paths()["purelib"]  # the dependencies; its .pth files are not run
    env["MPLBACKEND"] = "Agg"
    env["PYTHONWARNINGS"] = "error::DeprecationWarning:crmlib"
    work = tmp_path / "elsewhere"
    work.mkdir()
    out = _run([str(python), "-c", SCRIPT], cwd=work, env=env, timeout=180)
    got = json.loads(out.stdout.strip().splitlines()[-1])

    assert Path(got["crmlib"]).is_relative_to(venv), got["crmlib"]
    assert not Path(got["crmlib"]).is_relative_to(ROOT)
    assert Path(got["data_files"]).is_relative_to(venv)
    expected = {n: list(getattr(datasets, f"load_{n}")().shape) for n in datasets.names()}
    assert got["shapes"] == expected
    assert got["turnaround_rows"] > 0
    assert got["customers_en"] == "Customers"
    assert got["quiz_ch01"] > 0
    assert got["font"] and Path(got["font"]).is_relative_to(venv)
    assert got["dictionary"] is True

    # Regeneration is for checkouts: the installed copy refuses to rewrite its own data.
    refused = subprocess.run([str(python), "-m", "crmlib.datasets"], cwd=work, env=env, capture_output=True, text=True, timeout=120)
    assert refused.returncode != 0 and "not in a checkout" in refused.stderr
