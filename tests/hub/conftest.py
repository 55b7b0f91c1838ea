"""A whole class on one real JupyterHub on localhost (see ``tests/hub/hubkit.py`` for the set-up).

Fixtures
--------
hub
    A running JupyterHub (LocalProcessSpawner, one Unix user per student with a 0700 home,
    DummyAuthenticator, the Python configurable-http-proxy, jupyterhub-idle-culler) and a bare
    clone of this repository as the instructor's course repository. Removed (servers, hub, users,
    homes) when the module's tests end. ``$CRM_HUB_STUDENTS`` sets the class size (default 10).
class_run
    Every student, at the same time: logs in, gets a server, follows the nbgitpuller link, opens
    the rice-shop case, runs its first cells, moves a dashboard slider in the kernel and reports
    what the dashboard then shows.

Needs root (useradd); without it the tests are skipped, except under CI (``CI=true``).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest

from tests.hub import hubkit

N_STUDENTS = int(os.environ.get("CRM_HUB_STUDENTS", "10"))
CASE = "crm-course/cases/en/rice_shop.ipynb"
FIRST_CELLS = 3  # crmlib.setup("en"), the case's imports, the neighbourhood
# What a student does after moving the dashboard's "lead days" slider: print what it shows.
DASHBOARD_MOVE = """
from crmlib.cases.rice_shop.widgets import rice_shop_dashboard
dash = rice_shop_dashboard(households={households})
before = dash.result[1].data.to_json(orient="split")
dash.controls["lead_days"].value = {lead_days}
print(before)
print(dash.result[1].data.to_json(orient="split"))
"""
DASHBOARD_PARAMS = {"households": 100, "lead_days": 5}


@pytest.fixture(scope="package")
def hub():
    why = hubkit.can_run()
    if why:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the hub test cannot run in CI: {why}")
        pytest.skip(why)
    running = hubkit.start_hub(N_STUDENTS)
    try:
        yield running
    finally:
        running.stop()


@dataclass
class StudentRun:
    name: str
    ready_seconds: float
    pull_events: list[dict]
    cells: list[hubkit.CellResult]
    dashboard: hubkit.CellResult


def _one_student(hub: hubkit.Hub, name: str) -> StudentRun:
    student = hub.student(name)
    student.login()
    ready = student.start_server()
    events = student.open_pull_link(f"lab/tree/{CASE}")
    nb = student.read_notebook(CASE)
    kernel = student.start_kernel()
    try:
        cells = [kernel.execute(code) for code in hubkit.code_cells(nb)[:FIRST_CELLS]]
        dashboard = kernel.execute(DASHBOARD_MOVE.format(**DASHBOARD_PARAMS))
    finally:
        kernel.shutdown()
    return StudentRun(name, ready, events, cells, dashboard)


@pytest.fixture(scope="package")
def class_run(hub) -> dict[str, StudentRun]:
    with ThreadPoolExecutor(max_workers=len(hub.users)) as pool:
        runs = list(pool.map(lambda name: _one_student(hub, name), hub.users))
    return {run.name: run for run in runs}
