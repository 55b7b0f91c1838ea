"""A class on one JupyterHub: every student gets a server, pulls the course, runs a case and moves
a dashboard; no student can read another's folder; an instructor's update arrives without
losing a student's work (nbgitpuller's merge rules). Fixtures in ``tests/hub/conftest.py``."""

from __future__ import annotations

import json
import pwd
import stat

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

import requests  # noqa: E402
from crmlib.cases.rice_shop.views import rice_shop_view  # noqa: E402
from tests.hub import hubkit  # noqa: E402
from tests.hub.conftest import CASE, DASHBOARD_PARAMS, FIRST_CELLS, N_STUDENTS  # noqa: E402


def test_pull_link_format():
    link = hubkit.pull_link("https://hub.example.edu", "https://github.com/org/crm", "main",
                            "lab/tree/crm-course/cases/en/rice_shop.ipynb")
    assert link.startswith("https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Forg%2Fcrm&")
    assert "branch=main" in link and "targetpath=crm-course" in link
    assert "urlpath=lab%2Ftree%2Fcrm-course%2Fcases%2Fen%2Frice_shop.ipynb" in link


def test_the_idle_culler_runs_as_a_hub_service(hub):
    import psutil

    data = hub.api("GET", "/services").json()
    services = data if isinstance(data, dict) else {s["name"]: s for s in data}
    assert "idle-culler" in services
    children = psutil.Process(hub.process.pid).children(recursive=True)
    culler = [p for p in children if "jupyterhub_idle_culler" in " ".join(p.cmdline())]
    assert culler and culler[0].is_running(), "the hub started the culler as a managed service"
    assert "--timeout=3600" in culler[0].cmdline()


def test_every_student_gets_a_server_and_the_course(hub, class_run):
    assert len(class_run) == N_STUDENTS
    for name, run in class_run.items():
        assert run.pull_events[-1].get("phase") == "finished", (name, run.pull_events[-3:])
        assert (hub.homes / name / CASE).is_file()
        assert run.ready_seconds < 180


def test_every_student_runs_the_case_in_a_kernel_of_their_own(class_run):
    for name, run in class_run.items():
        assert len(run.cells) == FIRST_CELLS
        for cell in run.cells:
            assert cell.status == "ok", (name, cell.error)


def test_moving_the_dashboard_gives_each_student_the_right_answer(class_run, en):
    """The dashboard's table after the move equals the chapter view computed here (one definition)."""
    fig, expected = rice_shop_view(**DASHBOARD_PARAMS)
    fig_default, default = rice_shop_view(households=DASHBOARD_PARAMS["households"])
    plt.close(fig)
    plt.close(fig_default)
    for name, run in class_run.items():
        assert run.dashboard.status == "ok", (name, run.dashboard.error)
        before_json, after_json = run.dashboard.stdout.strip().splitlines()
        before = pd.read_json(_io(before_json), orient="split")
        after = pd.read_json(_io(after_json), orient="split")
        pd.testing.assert_frame_equal(after, expected.data, check_dtype=False, check_exact=False, check_names=False)
        pd.testing.assert_frame_equal(before, default.data, check_dtype=False, check_exact=False, check_names=False)
        assert not after.equals(before), f"{name}: moving lead days changed nothing"


def _io(text: str):
    import io

    return io.StringIO(text)


def test_homes_are_private(hub, class_run):
    for name in class_run:
        info = (hub.homes / name).stat()
        assert stat.S_IMODE(info.st_mode) == 0o700
        assert info.st_uid == pwd.getpwnam(name).pw_uid


def test_no_student_can_read_another_students_folder(hub, class_run):
    """Code a student runs (their kernel, their uid) cannot list or open a classmate's files."""
    me, other = hub.users[0], hub.users[1]
    student = hub.student(me)
    student.login()
    kernel = student.start_kernel()
    try:
        target = hub.homes / other
        probe = kernel.execute(
            "import os, json\n"
            "out = {'uid': os.getuid()}\n"
            f"for what, call in [('list', lambda: os.listdir({str(target)!r})),\n"
            f"                   ('open', lambda: open({str(target / CASE)!r}).read()),\n"
            f"                   ('own', lambda: len(os.listdir(os.path.expanduser('~'))))]:\n"
            "    try:\n"
            "        call(); out[what] = 'allowed'\n"
            "    except PermissionError:\n"
            "        out[what] = 'denied'\n"
            "print(json.dumps(out))\n")
    finally:
        kernel.shutdown()
    assert probe.status == "ok", probe.error
    out = json.loads(probe.stdout)
    assert out["uid"] == pwd.getpwnam(me).pw_uid != 0
    assert out["own"] == "allowed"
    assert out["list"] == "denied" and out["open"] == "denied"
    # ... nor reach the classmate's server through the hub with their own token.
    r = requests.get(f"{hub.url}/user/{other}/api/contents", headers={"Authorization": f"token {student.token}"},
                     timeout=60, allow_redirects=False)
    assert r.status_code in (302, 403, 404), r.status_code
    assert r.status_code != 200


def test_an_update_arrives_and_the_students_edit_survives(hub, class_run):
    """nbgitpuller's rules: files only the instructor changed are updated; a student's changes win."""
    student = hub.student(hub.users[2])
    student.login()
    # The student writes an answer into the case notebook and saves it.
    nb = student.read_notebook(CASE)
    nb["cells"].append({"cell_type": "markdown", "metadata": {}, "source": "My answer: deliver before the jar runs out."})
    student.save_notebook(CASE, nb)
    # The instructor fixes the course: a note in the home page, a new file, and a line of a file
    # the student also changed.
    home = "crm-course/home_en.ipynb"
    readme = student.get(f"/api/contents/{hubkit.quote('crm-course/README.md')}?content=1").json()["content"]
    lines = readme.splitlines()
    student.request("PUT", f"/api/contents/{hubkit.quote('crm-course/README.md')}", json={
        "type": "file", "format": "text", "content": "\n".join(["STUDENT NOTE", *lines[1:]]) + "\n"}).raise_for_status()
    home_nb = student.read_notebook(home)
    home_nb["cells"].insert(1, {"cell_type": "markdown", "metadata": {}, "source": "Week 3: read the rice-shop case."})
    hub.instructor_commit("home_en.ipynb", json.dumps(home_nb, indent=1, ensure_ascii=False) + "\n", "week 3 note")
    hub.instructor_commit("WEEK3.md", "Week 3 notes\n", "week 3 notes")
    hub.instructor_commit("README.md", "\n".join(["INSTRUCTOR TITLE", *lines[1:]]) + "\n", "new title")
    # The student follows the same link again.
    events = student.open_pull_link(f"lab/tree/{CASE}")
    assert events[-1].get("phase") == "finished", events[-3:]
    mine = student.read_notebook(CASE)
    assert mine["cells"][-1]["source"] == "My answer: deliver before the jar runs out."
    assert [c["source"] for c in mine["cells"][:-1]] == [c["source"] for c in nb["cells"][:-1]]
    assert "Week 3: read the rice-shop case." in student.read_notebook(home)["cells"][1]["source"]
    assert (hub.homes / student.name / "crm-course" / "WEEK3.md").read_text() == "Week 3 notes\n"
    assert (hub.homes / student.name / "crm-course" / "README.md").read_text().splitlines()[0] == "STUDENT NOTE"
