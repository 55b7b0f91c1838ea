"""Capacity of one JupyterHub server: memory per student and time to a ready server.

    sudo .venv-dev/bin/python benchmarks/bench_hub.py            # 1, 5, 10, 20 students
    sudo .venv-dev/bin/python benchmarks/bench_hub.py 1 5        # chosen class sizes

Needs root (one Unix user per student, as in tests/hub/). One real JupyterHub (hubkit: the
LocalProcessSpawner, the students' environment ``.venv-hub``) serves every round. In each
round ``n`` students at the same time: get a server (time to ready), open a kernel, run the
heaviest case notebook from their own home (pulled with nbgitpuller) cell by cell, then stay
idle. Memory is read with psutil for each student's process tree (single-user server + kernel):

- ``server_idle``: the server alone, just started (no kernel);
- ``peak``: the largest RSS of server + kernel while the case runs (sampled every 0.25 s);
- ``idle_after``: RSS and PSS (shared pages divided among the processes sharing them) of server
  + kernel 3 s after the case finished, kernel still alive (what an inactive student costs until
  the idle culler stops the server).

Writes ``benchmarks/results_hub.json`` (read by ``deploy/capacity.py``) and
``benchmarks/results_hub.md``. The capacity of one server follows from the measured peak.
"""

from __future__ import annotations

import json
import math
import os
import platform
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hub import hubkit  # noqa: E402

CASE = os.environ.get("CRM_BENCH_CASE", "crm-course/cases/en/dicks_supermarket.ipynb")
MB = 1024 * 1024
GOAL_MB = 350  # per active student: a class of 60 on one 24 GB server (issue 17)
SERVER_GB, SERVER_CORES = 24, 2
RESERVE_GB = 2.0  # the operating system, sshd, page cache floor: a rule of thumb, not measured


def tree_memory(pid: int, pss: bool = False) -> float:
    """RSS (or PSS) in MB of a process and its descendants."""
    try:
        procs = [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0
    for p in procs:
        try:
            total += p.memory_full_info().pss if pss else p.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total / MB


def server_memory(pid: int) -> float:
    """RSS in MB of the single-user server process alone (its kernels are its children)."""
    try:
        return psutil.Process(pid).memory_info().rss / MB
    except psutil.NoSuchProcess:
        return 0.0


def tree_cpu_seconds(pid: int) -> float:
    try:
        procs = [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0.0
    for p in procs:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total


def hub_overhead_mb(hub: hubkit.Hub, student_pids: set[int]) -> float:
    """RSS of the hub, its proxy and the culler (everything in the hub's tree that is not a student's)."""
    total = 0
    hub_proc = psutil.Process(hub.process.pid)
    for p in [hub_proc, *hub_proc.children(recursive=True)]:
        try:
            if p.pid in student_pids or p.uids().real != 0:
                continue
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total / MB


def one_student(hub: hubkit.Hub, name: str, first_round: bool) -> dict:
    student = hub.student(name)
    student.login()
    ready = student.start_server()
    pid = hubkit.server_pid(student)
    assert pid, f"no server process for {name}"
    time.sleep(2)
    server_idle = tree_memory(pid)
    events = student.open_pull_link(f"lab/tree/{CASE}")
    assert events[-1].get("phase") == "finished", events[-3:]
    nb = student.read_notebook(CASE)
    kernel = student.start_kernel()
    peak = [0.0, 0.0, 0.0]  # server + kernel, server alone, kernel alone
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            total, server = tree_memory(pid), server_memory(pid)
            peak[:] = max(peak[0], total), max(peak[1], server), max(peak[2], total - server)
            stop.wait(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    cpu0 = tree_cpu_seconds(pid)
    t0 = time.perf_counter()
    failures = []
    for code in hubkit.code_cells(nb):
        result = kernel.execute(code, timeout=900)
        if result.status != "ok":
            failures.append(result.error)
    run_seconds = time.perf_counter() - t0
    cpu = tree_cpu_seconds(pid) - cpu0
    stop.set()
    sampler.join()
    time.sleep(3)
    out = {
        "name": name, "ready_s": ready, "server_idle_mb": server_idle, "peak_mb": max(peak[0], tree_memory(pid)),
        "peak_server_mb": peak[1], "peak_kernel_mb": peak[2],
        "idle_after_rss_mb": tree_memory(pid), "idle_after_pss_mb": tree_memory(pid, pss=True),
        "run_s": run_seconds, "cpu_s": cpu, "failures": failures, "pid": pid,
    }
    kernel.shutdown()
    return out


def stop_servers(hub: hubkit.Hub, names: list[str]) -> None:
    for name in names:
        hub.api("DELETE", f"/users/{name}/server")
    deadline = time.time() + 60
    while time.time() < deadline:
        if not any(hub.api("GET", f"/users/{n}").json().get("servers") for n in names):
            return
        time.sleep(0.5)


def run(sizes: list[int]) -> dict:
    hub = hubkit.start_hub(max(sizes))
    rounds = []
    try:
        for n in sizes:
            names = hub.users[:n]
            print(f"round: {n} students ...", flush=True)
            with ThreadPoolExecutor(max_workers=n) as pool:
                students = list(pool.map(lambda name: one_student(hub, name, n == sizes[0]), names))
            overhead = hub_overhead_mb(hub, set().union(*[
                {s["pid"], *(c.pid for c in _children(s["pid"]))} for s in students]))
            rounds.append({
                "students": n,
                "ready_s_median": statistics.median(s["ready_s"] for s in students),
                "ready_s_max": max(s["ready_s"] for s in students),
                "server_idle_mb_median": statistics.median(s["server_idle_mb"] for s in students),
                "peak_mb_median": statistics.median(s["peak_mb"] for s in students),
                "peak_mb_max": max(s["peak_mb"] for s in students),
                "peak_server_mb_median": statistics.median(s["peak_server_mb"] for s in students),
                "peak_kernel_mb_median": statistics.median(s["peak_kernel_mb"] for s in students),
                "idle_after_rss_mb_median": statistics.median(s["idle_after_rss_mb"] for s in students),
                "idle_after_pss_mb_median": statistics.median(s["idle_after_pss_mb"] for s in students),
                "run_s_median": statistics.median(s["run_s"] for s in students),
                "run_s_max": max(s["run_s"] for s in students),
                "cpu_s_median": statistics.median(s["cpu_s"] for s in students),
                "hub_overhead_mb": overhead,
                "failures": sum(len(s["failures"]) for s in students),
                "first_failure": next((f for s in students for f in s["failures"]), None),
            })
            print(json.dumps(rounds[-1], indent=1), flush=True)
            stop_servers(hub, names)
    finally:
        hub.stop()
    return summarise(rounds)


def _children(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def summarise(rounds: list[dict]) -> dict:
    peak = max(r["peak_mb_max"] for r in rounds)
    idle = max(r["idle_after_rss_mb_median"] for r in rounds)
    overhead = max(r["hub_overhead_mb"] for r in rounds)
    usable_mb = (SERVER_GB - RESERVE_GB) * 1024 - overhead
    cpu = statistics.median(r["cpu_s_median"] for r in rounds)
    return {
        "date": time.strftime("%Y-%m-%d"),
        "machine": {"cores": psutil.cpu_count(), "memory_gb": round(psutil.virtual_memory().total / 1024**3, 1),
                    "python": platform.python_version(), "platform": platform.platform()},
        "case": CASE,
        "rounds": rounds,
        "per_student": {"active_peak_mb": peak, "idle_mb": idle, "cpu_s_per_case_run": cpu},
        "hub_overhead_mb": overhead,
        "one_server": {"memory_gb": SERVER_GB, "cores": SERVER_CORES, "reserve_gb": RESERVE_GB,
                       "students_all_active": math.floor(usable_mb / peak),
                       "students_all_idle": math.floor(usable_mb / idle),
                       "goal_mb_per_active_student": GOAL_MB, "meets_goal": peak <= GOAL_MB},
    }


def write(result: dict) -> None:
    (ROOT / "benchmarks" / "results_hub.json").write_text(json.dumps(result, indent=1) + "\n")
    lines = [
        "# JupyterHub capacity (`benchmarks/bench_hub.py`)", "",
        f"Measured {result['date']} on {result['machine']['cores']} cores, {result['machine']['memory_gb']} GB, "
        f"Python {result['machine']['python']}. Case run by every student: `{result['case']}` (all cells, "
        "through the kernel websocket). One real JupyterHub (LocalProcessSpawner, one Unix user per student), "
        "memory of each student's single-user server + kernel read with psutil.", "",
        "| students at once | ready s (median / max) | server idle MB | peak MB (median / max) | of which server / kernel MB (median) | idle after MB, RSS / PSS | case run s (median / max) | CPU s per run | hub + proxy MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in result["rounds"]:
        lines.append(
            f"| {r['students']} | {r['ready_s_median']:.1f} / {r['ready_s_max']:.1f} | {r['server_idle_mb_median']:.0f} | "
            f"{r['peak_mb_median']:.0f} / {r['peak_mb_max']:.0f} | {r.get('peak_server_mb_median', 0):.0f} / "
            f"{r.get('peak_kernel_mb_median', 0):.0f} | {r['idle_after_rss_mb_median']:.0f} / "
            f"{r['idle_after_pss_mb_median']:.0f} | {r['run_s_median']:.1f} / {r['run_s_max']:.1f} | "
            f"{r['cpu_s_median']:.1f} | {r['hub_overhead_mb']:.0f} |")
    one = result["one_server"]
    per = result["per_student"]
    lines += [
        "",
        f"**Per student**: {per['active_peak_mb']:.0f} MB at the peak of the heaviest case (the largest of any "
        f"student in any round), {per['idle_mb']:.0f} MB idle with the kernel alive. Goal: at most "
        f"{one['goal_mb_per_active_student']} MB per active student: **{'met' if one['meets_goal'] else 'missed'}**.",
        "",
        f"**One {one['memory_gb']} GB, {one['cores']}-core server** (less {one['reserve_gb']} GB for the system, a rule "
        f"of thumb, and {result['hub_overhead_mb']:.0f} MB for the hub and proxy): "
        f"**{one['students_all_active']} students** if all run the heaviest case at once; "
        f"{one['students_all_idle']} if idle with kernels alive (culling stops idle servers after an hour).",
        "",
        "The deployment table for 60, 200 and 1,000 students: `python3 deploy/capacity.py` (reads results_hub.json).",
    ]
    md = ROOT / "benchmarks" / "results_hub.md"
    # keep the hand-written sections (from the first "## " heading on): what dominates, what was cut
    notes = md.read_text().split("\n## ", 1)[1] if md.exists() and "\n## " in md.read_text() else ""
    md.write_text("\n".join(lines) + "\n" + ("\n## " + notes if notes else ""))


if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:]] or [1, 5, 10, 20]
    result = run(sizes)
    write(result)
    print((ROOT / "benchmarks" / "results_hub.md").read_text())
