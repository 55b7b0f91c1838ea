"""pyproject.toml and environment.yml must give the same packages with the same bounds."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONDA_ONLY = {"python", "pip"}


def _norm(req: str) -> tuple[str, str]:
    m = re.match(r"\s*([A-Za-z0-9_.\-]+)\s*(.*)$", req)
    name, spec = m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")
    return name, ",".join(sorted(spec.split(","))) if spec else ""


def pyproject_requirements() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    reqs = list(data["project"]["dependencies"])
    for extra in data["project"]["optional-dependencies"].values():
        reqs += extra
    return dict(_norm(r) for r in reqs)


def conda_requirements() -> dict[str, str]:
    out, in_deps = {}, False
    for line in (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines():
        if line.startswith("dependencies:"):
            in_deps = True
            continue
        if in_deps and re.match(r"^  - [A-Za-z]", line) and not line.strip().startswith("- pip:"):
            name, spec = _norm(line.strip()[2:])
            if name not in CONDA_ONLY:
                out[name] = spec
    return out


def test_environment_yml_matches_pyproject():
    py, conda = pyproject_requirements(), conda_requirements()
    assert py, "no requirements parsed from pyproject.toml"
    only_py = {k: v for k, v in py.items() if k not in conda}
    only_conda = {k: v for k, v in conda.items() if k not in py}
    differ = {k: (py[k], conda[k]) for k in py.keys() & conda.keys() if py[k] != conda[k]}
    assert not (only_py or only_conda or differ), f"only in pyproject: {only_py}; only in environment.yml: {only_conda}; bounds differ: {differ}"


def test_environment_yml_installs_crmlib_and_python_311():
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert "- -e ." in text and "python>=3.11" in text


def test_the_comparison_can_fail():
    assert _norm("pandas>=2.2") != _norm("pandas>=2.1")
    assert _norm("matplotlib >=3.8, <3.13") == _norm("matplotlib<3.13,>=3.8")
