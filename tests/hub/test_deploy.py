"""The files for beyond one machine: the Zero to JupyterHub values, the course image, the capacity table.

These tests need no hub and no root. The z2jh values were validated once against the chart's own
JSON schema (``values.schema.yaml`` of zero-to-jupyterhub-k8s 4.4.x, merged over the chart's
defaults as Helm does: no error); no PyPI package carries that schema, so here the keys are checked
against the chart's documented structure (``CHART_PATHS``, from the chart's values.yaml) and the
resources against the measurements. ``helm template`` / ``helm lint`` validate against the schema
wherever Helm is installed.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "deploy" / "z2jh" / "config.yaml"
RESULTS = ROOT / "benchmarks" / "results_hub.json"

# Top-level keys of the chart's values.yaml (jupyterhub chart 4.4.x) and the nested paths the
# course's config.yaml uses, each documented at z2jh.jupyter.org (Configuration reference).
CHART_TOP = {"fullnameOverride", "nameOverride", "enabled", "custom", "imagePullSecret", "imagePullSecrets", "hub",
             "rbac", "proxy", "singleuser", "scheduling", "prePuller", "ingress", "httpRoute", "cull", "debug", "global"}
CHART_PATHS = {
    "hub.config",  # free-form JupyterHub traitlets config below this key
    "singleuser.image.name", "singleuser.image.tag", "singleuser.defaultUrl", "singleuser.startTimeout",
    "singleuser.memory.guarantee", "singleuser.memory.limit", "singleuser.cpu.guarantee", "singleuser.cpu.limit",
    "singleuser.storage.capacity", "singleuser.lifecycleHooks", "singleuser.extraEnv",
    "cull.enabled", "cull.timeout", "cull.every", "cull.users",
    "prePuller.hook.enabled", "prePuller.continuous.enabled",
    "scheduling.userScheduler.enabled", "scheduling.podPriority.enabled", "scheduling.userPlaceholder.enabled",
    "scheduling.userPlaceholder.replicas", "scheduling.userPods.nodeAffinity.matchNodePurpose",
}
FREE_FORM = {"hub.config", "singleuser.lifecycleHooks", "singleuser.extraEnv"}


def _load_capacity():
    spec = importlib.util.spec_from_file_location("crm_capacity", ROOT / "deploy" / "capacity.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


capacity = _load_capacity()


def _leaf_paths(node, prefix=""):
    for key, value in node.items():
        path = f"{prefix}{key}"
        if path in FREE_FORM or not isinstance(value, dict):
            yield path
        else:
            yield from _leaf_paths(value, path + ".")


def _bytes(quantity: str) -> int:
    """A Kubernetes memory quantity ("512M", "1G", "1Gi") in bytes."""
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([KMGT]i?)?", str(quantity))
    assert m, f"not a memory quantity: {quantity!r}"
    units = {None: 1, "K": 10**3, "M": 10**6, "G": 10**9, "T": 10**12, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40}
    return int(float(m.group(1)) * units[m.group(2)])


def test_bytes_parses_kubernetes_quantities():
    assert _bytes("512M") == 512_000_000 and _bytes("1Gi") == 1_073_741_824 and _bytes("1G") == 10**9


@pytest.fixture(scope="module")
def config():
    return yaml.safe_load(CONFIG.read_text(encoding="utf-8"))


def test_z2jh_config_uses_only_keys_the_chart_knows(config):
    assert set(config) <= CHART_TOP
    unknown = set(_leaf_paths(config)) - CHART_PATHS
    assert not unknown, f"keys not in the chart's documented structure: {sorted(unknown)}"


def test_z2jh_config_pulls_the_course_and_culls_idle_servers(config):
    command = config["singleuser"]["lifecycleHooks"]["postStart"]["exec"]["command"]
    assert command[0] == "gitpuller" and len(command) == 4
    assert config["cull"]["enabled"] is True and 0 < config["cull"]["timeout"] <= 3600


@pytest.mark.skipif(not RESULTS.exists(), reason="run benchmarks/bench_hub.py first")
def test_z2jh_memory_covers_the_measured_student(config):
    measured = json.loads(RESULTS.read_text())["per_student"]
    memory = config["singleuser"]["memory"]
    assert _bytes(memory["guarantee"]) >= measured["idle_mb"] * 2**20
    assert _bytes(memory["limit"]) >= measured["active_peak_mb"] * 2**20
    assert _bytes(memory["guarantee"]) <= _bytes(memory["limit"])


def test_binder_environment_is_the_learner_install_plus_the_hub_packages():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    hub = {re.match(r"[A-Za-z0-9_.\-]+", r).group(0): r for r in data["project"]["optional-dependencies"]["hub"]}
    expected = [*data["project"]["dependencies"], hub["jupyterhub"], hub["nbgitpuller"]]
    env = yaml.safe_load((ROOT / "binder" / "environment.yml").read_text(encoding="utf-8"))
    listed = [d for d in env["dependencies"] if isinstance(d, str) and not d.startswith(("python", "pip"))]
    assert sorted(listed) == sorted(r.replace(" ", "") for r in expected)
    post = (ROOT / "binder" / "postBuild").read_text()
    assert "pip install" in post and (ROOT / "binder" / "postBuild").stat().st_mode & 0o100


def test_machines_needed_known_values():
    # 200 students x 500 MB = 100,000 MB = 97.7 GB; a 64 GB node keeps 62 GB (63,488 MB) -> 2 nodes
    # by memory; CPU 200 x 30 s / 300 s = 20 cores -> 3 nodes of 8 cores: CPU decides.
    r = capacity.machines_needed(200, 500, 30, 0, capacity.Machine("n", 64, 8))
    assert (r["machines"], r["limited_by"], r["cores"]) == (3, "CPU", 20.0)
    assert round(r["memory_gb"], 1) == 97.7
    # one 24 GB server: (24 - 2) * 1024 = 22,528 MB; less 528 MB of hub = 22,000 / 400 = 55 students
    assert capacity.students_per_machine(400, 528) == 55


def test_machines_needed_rejects_nonsense():
    with pytest.raises(ValueError, match="students"):
        capacity.machines_needed(0, 300, 5, 0, capacity.ONE_SERVER)


@given(st.integers(1, 5000), st.integers(1, 5000), st.floats(50, 4000), st.floats(0, 120))
def test_more_students_never_need_fewer_machines(a, b, peak, cpu):
    small, large = sorted((a, b))
    m = capacity.Machine("n", 64, 8)
    assert capacity.machines_needed(small, peak, cpu, 0, m)["machines"] <= capacity.machines_needed(large, peak, cpu, 0, m)["machines"]


@pytest.mark.skipif(not RESULTS.exists(), reason="run benchmarks/bench_hub.py first")
def test_capacity_table_for_60_200_and_1000_students(capsys):
    out = capacity.main([])
    rows = [line for line in out.splitlines() if re.match(r"\| [\d,]+ \|", line)]
    assert [r.split("|")[1].strip() for r in rows] == ["60", "200", "1,000"]
    result = json.loads(RESULTS.read_text())
    per = result["per_student"]
    assert f"{per['active_peak_mb']:.0f} MB" in out
    machines = [int(r.split("|")[3].split(" x ")[0]) for r in rows]
    assert machines == sorted(machines)


def test_z2jh_and_tljh_servers_get_the_environment_the_capacity_was_measured_with(config):
    # bench_hub.py measures servers started with hubkit.STUDENT_SERVER_ENV: a deployment that leaves
    # it out would need more memory per student than results_hub.json says
    from tests.hub import hubkit

    assert hubkit.STUDENT_SERVER_ENV
    assert {k: str(v) for k, v in config["singleuser"]["extraEnv"].items()} == hubkit.STUDENT_SERVER_ENV
    tljh = (ROOT / "deploy" / "tljh" / "README.md").read_text(encoding="utf-8")
    for key, value in hubkit.STUDENT_SERVER_ENV.items():
        assert f'"{key}": "{value}"' in tljh
