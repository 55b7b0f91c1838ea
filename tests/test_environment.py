"""pyproject.toml is the one list of packages and bounds: environment.yml (learners) must give its
`dependencies`, environment-dev.yml those plus the test and instructor extras, and the course
home's environment check reads it."""

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONDA_ONLY = {"python", "pip"}


def _norm(req: str) -> tuple[str, str]:
    m = re.match(r"\s*([A-Za-z0-9_.\-]+)\s*(.*)$", req)
    name, spec = m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")
    return name, ",".join(sorted(spec.split(","))) if spec else ""


def pyproject_requirements(extras: bool = True) -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    reqs = list(data["project"]["dependencies"])
    if extras:
        for extra in data["project"]["optional-dependencies"].values():
            reqs += extra
    return dict(_norm(r) for r in reqs)


def conda_requirements(file: str = "environment.yml") -> dict[str, str]:
    out, in_deps = {}, False
    for line in (ROOT / file).read_text(encoding="utf-8").splitlines():
        if line.startswith("dependencies:"):
            in_deps = True
            continue
        if in_deps and re.match(r"^  - [A-Za-z]", line) and not line.strip().startswith("- pip:"):
            name, spec = _norm(line.strip()[2:])
            if name not in CONDA_ONLY:
                out[name] = spec
    return out


def _compare(py: dict[str, str], conda: dict[str, str], file: str) -> None:
    assert py, "no requirements parsed from pyproject.toml"
    only_py = {k: v for k, v in py.items() if k not in conda}
    only_conda = {k: v for k, v in conda.items() if k not in py}
    differ = {k: (py[k], conda[k]) for k in py.keys() & conda.keys() if py[k] != conda[k]}
    assert not (only_py or only_conda or differ), f"only in pyproject: {only_py}; only in {file}: {only_conda}; bounds differ: {differ}"


def test_environment_yml_is_the_learner_install():
    _compare(pyproject_requirements(extras=False), conda_requirements("environment.yml"), "environment.yml")


def test_environment_dev_yml_adds_the_test_and_instructor_extras():
    _compare(pyproject_requirements(extras=True), conda_requirements("environment-dev.yml"), "environment-dev.yml")


def test_learner_install_has_no_test_or_grading_tools():
    learner = pyproject_requirements(extras=False)
    assert not {"pytest", "nbval", "playwright", "nbgrader", "hypothesis", "jupytext"} & learner.keys()
    assert {"jupyterlab", "ipywidgets", "ipykernel", "seaborn"} <= learner.keys()


@pytest.mark.parametrize("file", ["environment.yml", "environment-dev.yml"])
def test_environment_files_install_crmlib_and_python_311(file):
    text = (ROOT / file).read_text(encoding="utf-8")
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "- -e ." in text and f"python{data['project']['requires-python'].replace(' ', '')}" in text


def test_every_upper_bound_says_why():
    """An upper bound in pyproject.toml needs a comment (its reason) right above or beside it."""
    lines = (ROOT / "pyproject.toml").read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if re.match(r'\s*"[A-Za-z0-9_.\-]+[^"]*<', line):
            assert "#" in line or lines[i - 1].strip().startswith("#"), f"upper bound without a reason: {line.strip()}"


def test_environment_check_reads_pyproject():
    """The course home's check uses pyproject.toml's list (no second list of minimum versions)."""
    from crmlib.course import envcheck

    assert not hasattr(envcheck, "MINIMUM")
    assert envcheck.declared_requirements() == pyproject_requirements(extras=False)
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert envcheck.requires_python() == data["project"]["requires-python"].replace(" ", "")


def test_the_comparison_can_fail():
    assert _norm("pandas>=2.2") != _norm("pandas>=2.1")
    assert _norm("matplotlib >=3.8, <3.13") == _norm("matplotlib<3.13,>=3.8")
