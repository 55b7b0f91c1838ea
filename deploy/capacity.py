#!/usr/bin/env python3
"""How many machines a class needs, from the measured memory and CPU per student.

    python3 deploy/capacity.py                       # 60, 200 and 1,000 students
    python3 deploy/capacity.py 35 120                # other class sizes
    python3 deploy/capacity.py --results other.json  # other measurements

Reads ``benchmarks/results_hub.json`` (written by ``benchmarks/bench_hub.py``): per student the
peak memory of server + kernel while the heaviest case runs, the idle memory, the CPU seconds
one run of that case takes, and the hub's own memory. Prints a Markdown table.

The sizing rule (assumptions, each a rule of thumb, written here once):

- **memory**: every student active at once (a lab session) at the measured peak, plus the hub
  and proxy, plus ``RESERVE_GB`` per machine for the operating system (Kubernetes: kubelet,
  daemons). Memory is what cannot be shared: a machine short of it kills kernels.
- **CPU**: each student runs the heaviest case once every ``WINDOW_S`` seconds (a student reads,
  thinks and moves sliders in between), so the class needs ``students * cpu_s / WINDOW_S``
  cores on average. On Kubernetes, never fewer than ``MIN_CORE_PER_STUDENT`` each (the
  ``singleuser.cpu.guarantee`` of deploy/z2jh/config.yaml, which the scheduler packs nodes by); on
  one server CPU is shared, not guaranteed.
- **one server** (up to ``ONE_SERVER_MAX``): The Littlest JupyterHub on a 24 GB, 2-core machine,
  several of them if needed; **beyond**: Zero to JupyterHub on nodes of ``NODE`` size, plus one
  small node for the hub, proxy and culler ("core" node).
"""

from __future__ import annotations

import argparse
import json
import math
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results_hub.json"
RESERVE_GB = 2.0
WINDOW_S = 300.0
MIN_CORE_PER_STUDENT = 0.05
ONE_SERVER_MAX = 60  # above this, Kubernetes (a single machine cannot grow with the class)


@dataclass(frozen=True)
class Machine:
    name: str
    memory_gb: float
    cores: int


ONE_SERVER = Machine("one server (TLJH)", 24, 2)
NODE = Machine("Kubernetes user node", 64, 8)
CORE_NODE = Machine("Kubernetes core node (hub, proxy)", 8, 2)


def machines_needed(students: int, peak_mb: float, cpu_s: float, overhead_mb: float, machine: Machine,
                    min_core: float = 0.0) -> dict:
    """Machines of one size for ``students`` all active at ``peak_mb`` MB each.

    Returns the totals (memory in GB, cores) and the number of machines, the larger of what
    memory and what CPU ask for.

    Examples
    --------
    60 students at 300 MB, 6 CPU s per run (60 * 6 / 300 = 1.2 cores), 200 MB for the hub:
    18,200 MB = 17.8 GB, which fits one 24 GB server (22 GB usable):

    >>> r = machines_needed(60, 300, 6, 200, Machine("s", 24, 2))
    >>> r["machines"], round(r["memory_gb"], 1), r["cores"]
    (1, 17.8, 1.2)
    """
    if students <= 0 or peak_mb <= 0 or cpu_s < 0 or overhead_mb < 0:
        raise ValueError("students and peak_mb must be positive, cpu_s and overhead_mb not negative")
    memory_mb = students * peak_mb + overhead_mb
    cores = max(students * cpu_s / WINDOW_S, students * min_core)
    usable_mb = (machine.memory_gb - RESERVE_GB) * 1024
    by_memory = math.ceil(memory_mb / usable_mb)
    by_cpu = math.ceil(cores / machine.cores)
    return {"students": students, "machine": machine.name, "memory_gb": memory_mb / 1024,
            "cores": round(cores, 1), "machines": max(by_memory, by_cpu),
            "limited_by": "memory" if by_memory >= by_cpu else "CPU"}


def students_per_machine(peak_mb: float, overhead_mb: float, machine: Machine = ONE_SERVER) -> int:
    """How many students, all active at ``peak_mb`` MB, fit the machine's memory.

    Examples
    --------
    (24 - 2) GB = 22,528 MB; less 300 MB for the hub: 22,228 / 350 = 63.5 -> 63 students.

    >>> students_per_machine(350, 300)
    63
    """
    return math.floor(((machine.memory_gb - RESERVE_GB) * 1024 - overhead_mb) / peak_mb)


def plan(students: int, result: dict) -> dict:
    """The machines for a class of ``students`` from a ``results_hub.json`` dictionary."""
    per = result["per_student"]
    peak, cpu, overhead = per["active_peak_mb"], per["cpu_s_per_case_run"], result["hub_overhead_mb"]
    if students <= ONE_SERVER_MAX:
        return machines_needed(students, peak, cpu, overhead, ONE_SERVER)
    users = machines_needed(students, peak, cpu, 0.0, NODE, MIN_CORE_PER_STUDENT)
    users["machines_core"] = 1
    users["machine"] = f"{NODE.name} + 1 core node"
    return users


def table(sizes: list[int], result: dict) -> str:
    per = result["per_student"]
    lines = [
        f"Per student (measured {result['date']}, case `{result['case']}`): {per['active_peak_mb']:.0f} MB at the "
        f"peak, {per['idle_mb']:.0f} MB idle, {per['cpu_s_per_case_run']:.1f} CPU s per run of the case; hub + "
        f"proxy {result['hub_overhead_mb']:.0f} MB.",
        f"One {ONE_SERVER.memory_gb:g} GB, {ONE_SERVER.cores}-core server holds "
        f"{students_per_machine(per['active_peak_mb'], result['hub_overhead_mb'])} students all active "
        f"(memory only; {RESERVE_GB:g} GB kept for the system).",
        "",
        "| students | setup | machines | memory (all active) | cores (average) | limited by |",
        "|---:|---|---:|---:|---:|---|",
    ]
    for n in sizes:
        p = plan(n, result)
        setup = ("The Littlest JupyterHub" if n <= ONE_SERVER_MAX else "Zero to JupyterHub")
        machines = f"{p['machines']} x {p['machine'].split(' + ')[0]}" + (" + 1 core node" if "machines_core" in p else "")
        lines.append(f"| {n:,} | {setup} | {machines} | {p['memory_gb']:.0f} GB | {p['cores']:g} | {p['limited_by']} |")
    lines += ["", f"Machines: one server = {ONE_SERVER.memory_gb:g} GB / {ONE_SERVER.cores} cores; Kubernetes user "
              f"node = {NODE.memory_gb:g} GB / {NODE.cores} cores; core node = {CORE_NODE.memory_gb:g} GB / "
              f"{CORE_NODE.cores} cores. Assumptions (rules of thumb): all students active at once; each runs the "
              f"heaviest case once every {WINDOW_S / 60:g} minutes; {MIN_CORE_PER_STUDENT} core guaranteed per student on Kubernetes."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[60, 200, 1000])
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    result = json.loads(args.results.read_text(encoding="utf-8"))
    out = table(args.sizes, result)
    print(out)
    return out


if __name__ == "__main__":
    main()
