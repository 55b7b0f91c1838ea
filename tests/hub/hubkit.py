"""A real JupyterHub on localhost for tests and benchmarks, and simulated students that use it.

Used by ``tests/hub/`` (10 students in CI) and ``benchmarks/bench_hub.py`` (1-20 students).

What it sets up, all under one temporary folder that :meth:`Hub.stop` removes:

- **students**: real Unix users (``useradd``) with homes ``<tmp>/homes/<name>`` of mode 0700, so
  one student's processes cannot read another's folder. Needs root (CI runs as root).
- **the instructor's repository**: a bare clone of this repository's ``HEAD``
  (``<tmp>/instructor/course.git``), readable by everybody; students pull it with nbgitpuller.
- **the hub**: JupyterHub from ``.venv-dev`` with the Python configurable-http-proxy, the
  DummyAuthenticator (one shared password: a test only), LocalProcessSpawner (each single-user
  server runs as its student's uid in that student's home), jupyterhub-idle-culler as a hub
  service, and an admin service token for the test driver.
- **the students' environment** ``.venv-hub`` (made by :func:`ensure_student_env`): the
  learner's install of the course (``pip install -e .``, as ``.venv``) plus the ``hub`` extra
  (``jupyterhub-singleuser``, nbgitpuller), nothing for tests or grading: what a course image
  holds. It is made from a Python every user may execute (``/usr/bin/python3`` here: the
  interpreter behind ``.venv-dev`` may live under ``/root``, which students cannot enter).
  Single-user servers and their kernels run from it.

A :class:`Student` logs in through the hub's login form, has its server started through the
hub's REST API (what the "Start" button does), pulls the course with an nbgitpuller link and runs
code in a kernel over the single-user server's kernel websocket (the Jupyter messaging protocol),
the way JupyterLab does.
"""

from __future__ import annotations

import hashlib
import json
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

import requests
import websocket

ROOT = Path(__file__).resolve().parents[2]
DEV_BIN = Path(sys.executable).parent
PASSWORD = "crm-course-test"  # DummyAuthenticator's shared password: for a test hub only


STUDENT_ENV = ROOT / ".venv-hub"

# Environment of every student's server and kernel, as in deploy/z2jh/config.yaml (singleuser.extraEnv)
# and deploy/tljh/README.md. glibc's malloc serves blocks of 1 MiB and more (numpy arrays of a
# simulation) straight from mmap and gives them back to the system when freed; by default the
# threshold grows with every large block freed (up to 32 MiB), after which such arrays stay in the
# heap and a kernel keeps its peak resident. Measured on Dick's case (benchmarks/results_hub.md):
# kernel peak 201 -> 197 MB, kernel after the case 201 -> 192 MB, CPU per run unchanged.
STUDENT_SERVER_ENV = {"MALLOC_MMAP_THRESHOLD_": "1048576"}


def _everyone_can_run(path: Path) -> bool:
    """True when a non-root user can reach and execute ``path`` (every folder above it o+x)."""
    path = path.resolve()
    if not path.exists() or not path.stat().st_mode & 0o001:
        return False
    return all(p.stat().st_mode & 0o001 for p in path.parents)


def _everyone_can_read(path: Path) -> bool:
    """True when a non-root user can reach ``path`` (every folder above it o+x) and read it."""
    path = path.resolve()
    return bool(path.stat().st_mode & 0o004) and all(p.stat().st_mode & 0o001 for p in path.parents)


def student_env_dir() -> Path:
    """``.venv-hub`` beside the course, or (when students cannot reach this folder, e.g. a clone
    under /root) ``/opt/crm-course-venv-hub`` with crmlib copied in instead of linked."""
    return STUDENT_ENV if _everyone_can_read(ROOT / "pyproject.toml") else Path("/opt/crm-course-venv-hub")


def student_base_python() -> str | None:
    """A Python 3.11+ that every user may execute, to make the students' environment from."""
    for cand in (sys._base_executable, "/usr/bin/python3", "/usr/local/bin/python3"):
        if cand and _everyone_can_run(Path(cand)):
            ok = subprocess.run([cand, "-c", "import sys, venv, ensurepip; assert sys.version_info >= (3, 11)"],
                                capture_output=True)
            if ok.returncode == 0:
                return cand
    return None


def ensure_student_env() -> Path:
    """Make (or bring up to date) ``.venv-hub``: the course for learners plus the ``hub`` extra.

    A stamp records pyproject.toml's hash; when it changed, pip brings the environment up to
    date in place (a first install takes minutes: about 300 packages).
    """
    env_dir = student_env_dir()
    editable = env_dir == STUDENT_ENV
    stamp = env_dir / ".crm-course-installed"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    python = env_dir / "bin" / "python"
    if python.exists() and stamp.exists() and stamp.read_text().strip() == digest:
        if not editable:  # a copy of crmlib: refresh it from this tree (seconds)
            subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q",
                            "--disable-pip-version-check", "--no-deps", "--force-reinstall", str(ROOT)], check=True)
            subprocess.run(["chmod", "-R", "a+rX", str(env_dir)], check=True)
        return env_dir
    if not python.exists():
        base = student_base_python()
        if base is None:
            raise RuntimeError("no Python 3.11+ that every user may execute (for the students' servers)")
        shutil.rmtree(env_dir, ignore_errors=True)
        subprocess.run([base, "-m", "venv", "--without-pip", str(env_dir)], check=True)
    # This Python's pip installs into it (``--python``): its wheel cache is warm, where the base
    # Python's older pip would download everything again.
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--disable-pip-version-check",
                    "-q", *(["-e"] if editable else ["--force-reinstall"]), f"{ROOT}[hub]"], check=True)
    subprocess.run(["chmod", "-R", "a+rX", str(env_dir)], check=True)
    stamp.write_text(digest + "\n")
    return env_dir


def can_run() -> str | None:
    """Why a hub with per-student Unix users cannot run here, or None if it can."""
    if os.name != "posix" or os.geteuid() != 0:
        return "needs root (per-student Unix users via useradd); CI runs as root"
    for tool in ("useradd", "userdel", "git"):
        if shutil.which(tool) is None:
            return f"{tool} is missing"
    for exe in ("jupyterhub", "configurable-http-proxy"):
        if not (DEV_BIN / exe).exists():
            return f"{exe} is not installed in {DEV_BIN} (the `hub` extra)"
    if student_base_python() is None:
        return "no Python 3.11+ that every user may execute (for the students' servers)"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pull_link(hub_url: str, repo: str, branch: str, urlpath: str, targetpath: str = "crm-course") -> str:
    """The nbgitpuller link an instructor hands out (the format README.md documents).

    Examples
    --------
    >>> pull_link("https://hub.example.edu", "https://github.com/org/crm-course", "main",
    ...           "lab/tree/crm-course/home_en.ipynb")
    'https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Forg%2Fcrm-course&branch=main&urlpath=lab%2Ftree%2Fcrm-course%2Fhome_en.ipynb&targetpath=crm-course'
    """
    query = urlencode({"repo": repo, "branch": branch, "urlpath": urlpath, "targetpath": targetpath})
    return f"{hub_url}/hub/user-redirect/git-pull?{query}"


CONFIG = r"""
# Written by tests/hub/hubkit.py for one test run; removed with its folder.
import json
c = get_config()  # noqa
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.auth_token = {proxy_token!r}
c.JupyterHub.db_url = "sqlite:///{tmp}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{tmp}/jupyterhub_cookie_secret"
c.JupyterHub.pid_file = "{tmp}/jupyterhub.pid"
c.JupyterHub.log_level = "WARN"
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {password!r}
c.Authenticator.allowed_users = set({users!r})
c.Authenticator.admin_users = set()
c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
c.Spawner.environment = {environment!r}
c.Spawner.args = {spawner_args!r}
c.JupyterHub.concurrent_spawn_limit = 0
c.JupyterHub.services = [
    {{"name": "crm-driver", "api_token": {api_token!r}}},
    {{"name": "idle-culler", "command": [{python!r}, "-m", "jupyterhub_idle_culler", "--timeout=3600", "--cull-every=600"]}},
]
c.JupyterHub.load_roles = [
    {{"name": "crm-driver", "scopes": ["admin:users", "admin:servers", "tokens", "access:servers", "list:users",
                                            "list:services", "read:services"],
      "services": ["crm-driver"]}},
    {{"name": "jupyterhub-idle-culler-role",
      "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
      "services": ["idle-culler"]}},
]
"""


@dataclass
class Hub:
    """A running JupyterHub with its students' Unix users; :meth:`stop` removes everything."""

    tmp: Path
    url: str
    api_token: str
    users: list[str]
    repo_url: str
    branch: str
    process: subprocess.Popen
    log_path: Path
    _stopped: bool = False

    @property
    def homes(self) -> Path:
        return self.tmp / "homes"

    @property
    def instructor_repo(self) -> Path:
        return self.tmp / "instructor" / "course.git"

    def api(self, method: str, path: str, **kw) -> requests.Response:
        headers = {"Authorization": f"token {self.api_token}"}
        return requests.request(method, f"{self.url}/hub/api{path}", headers=headers, timeout=60, **kw)

    def log_tail(self, n: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def instructor_commit(self, path: str, text: str, message: str) -> None:
        """The instructor changes a file of the course and pushes it to the repository students pull."""
        work = self.tmp / "instructor" / "work"
        if not work.exists():
            _git("clone", "-q", "-b", self.branch, str(self.instructor_repo), str(work))
        target = work / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        _git("-C", str(work), "add", path)
        _git("-C", str(work), "-c", "user.name=Instructor", "-c", "user.email=instructor@example.edu",
             "commit", "-q", "-m", message)
        _git("-C", str(work), "push", "-q", "origin", self.branch)
        subprocess.run(["chmod", "-R", "a+rX", str(self.instructor_repo)], check=True)

    def student(self, name: str) -> Student:
        return Student(self, name)

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        for name in self.users:  # stop the servers the hub spawned, then the hub and its proxy
            try:
                self.api("DELETE", f"/users/{name}/server")
            except requests.RequestException:
                pass
        deadline = time.time() + 30
        while time.time() < deadline and any(_user_processes(u) for u in self.users):
            time.sleep(0.5)
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
        for name in self.users:
            for pid in _user_processes(name):  # anything a student left behind (only that uid's processes)
                try:
                    os.kill(pid, 9)
                except ProcessLookupError:
                    pass
            subprocess.run(["userdel", name], capture_output=True)
            subprocess.run(["groupdel", name], capture_output=True)
        shutil.rmtree(self.tmp, ignore_errors=True)


def _user_processes(name: str) -> list[int]:
    try:
        uid = pwd.getpwnam(name).pw_uid
    except KeyError:
        return []
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    pids.append(int(entry.name))
            except OSError:
                pass
    return pids


def _git(*args: str) -> None:
    subprocess.run(["git", *args], check=True, capture_output=True)


def start_hub(n_students: int, *, prefix: str | None = None) -> Hub:
    """Create ``n_students`` Unix users, the instructor's repository and a JupyterHub; wait until it answers."""
    why = can_run()
    if why:
        raise RuntimeError(why)
    student_env = ensure_student_env()
    tmp = Path(tempfile.mkdtemp(prefix="crm-hub-"))
    os.chmod(tmp, 0o755)
    homes = tmp / "homes"
    homes.mkdir(mode=0o755)
    os.chmod(homes, 0o755)
    prefix = prefix or f"crm{secrets.token_hex(2)}s"
    users = [f"{prefix}{i:02d}" for i in range(n_students)]
    created: list[str] = []
    try:
        for name in users:
            subprocess.run(["useradd", "--home-dir", str(homes / name), "--create-home", "--user-group",
                            "--shell", "/bin/sh", name], check=True, capture_output=True)
            created.append(name)
            os.chmod(homes / name, 0o700)  # the isolation: only the student (and root) may enter
        # The instructor's repository: a bare clone of this repository's HEAD, readable by all.
        (tmp / "instructor").mkdir()
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--abbrev-ref", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
        branch = head if head and head != "HEAD" else "main"
        bare = tmp / "instructor" / "course.git"
        _git("clone", "-q", "--bare", "--no-hardlinks", str(ROOT), str(bare))
        if head == "HEAD":  # detached HEAD (a CI checkout): name the commit's branch
            _git("-C", str(bare), "branch", "-f", branch, "HEAD")
        subprocess.run(["chmod", "-R", "a+rX", str(tmp / "instructor")], check=True)
        (tmp / "gitconfig").write_text(f"[safe]\n\tdirectory = {bare}\n")
        os.chmod(tmp / "gitconfig", 0o644)
        port, hub_port, proxy_api_port = free_port(), free_port(), free_port()
        api_token = secrets.token_hex(32)
        environment = {
            # The instructor's repository belongs to root: git reads it as a student only when a
            # global config lists it as safe (a test artefact: a real course is pulled over https).
            "GIT_CONFIG_GLOBAL": str(tmp / "gitconfig"),
            "MPLBACKEND": "module://matplotlib_inline.backend_inline",
            "JUPYTER_PLATFORM_DIRS": "1",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
            **STUDENT_SERVER_ENV,
        }
        spawner_args: list[str] = []
        config = CONFIG.format(
            port=port, hub_port=hub_port, proxy_api_port=proxy_api_port,
            proxy=str(DEV_BIN / "configurable-http-proxy"), proxy_token=secrets.token_hex(32),
            tmp=tmp, password=PASSWORD, users=users, singleuser=str(student_env / "bin" / "jupyterhub-singleuser"),
            environment=environment, spawner_args=spawner_args, api_token=api_token, python=sys.executable,
        )
        (tmp / "jupyterhub_config.py").write_text(config)
        log_path = tmp / "jupyterhub.log"
        env = dict(os.environ)
        env["PATH"] = f"{DEV_BIN}:{env.get('PATH', '')}"
        env.pop("PYTHONWARNINGS", None)  # the hub's own dependencies are not under test
        log = open(log_path, "wb")
        proc = subprocess.Popen([str(DEV_BIN / "jupyterhub"), "-f", str(tmp / "jupyterhub_config.py")],
                                cwd=tmp, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        hub = Hub(tmp=tmp, url=f"http://127.0.0.1:{port}", api_token=api_token, users=users,
                  repo_url=f"file://{bare}", branch=branch, process=proc, log_path=log_path)
    except BaseException:
        for name in created:
            subprocess.run(["userdel", name], capture_output=True)
            subprocess.run(["groupdel", name], capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    deadline = time.time() + 90
    while True:
        try:
            if hub.api("GET", "/users").status_code == 200:
                return hub
        except requests.RequestException:
            pass
        if proc.poll() is not None or time.time() > deadline:
            tail = hub.log_tail()
            hub.stop()
            raise RuntimeError(f"JupyterHub did not start:\n{tail}")
        time.sleep(0.3)


@dataclass
class CellResult:
    status: str
    stdout: str
    error: str


@dataclass
class Student:
    """One simulated student: logs in, gets a server, pulls the course, runs code in a kernel."""

    hub: Hub
    name: str
    session: requests.Session = field(default_factory=requests.Session)
    token: str = ""
    ready_seconds: float = float("nan")

    @property
    def base(self) -> str:
        return f"{self.hub.url}/user/{self.name}"

    @property
    def home(self) -> Path:
        return self.hub.homes / self.name

    def login(self) -> None:
        """The hub's login form (DummyAuthenticator), as a browser submits it (with its _xsrf field)."""
        r = self.session.get(f"{self.hub.url}/hub/login", timeout=60)
        r.raise_for_status()
        xsrf = self.session.cookies.get("_xsrf", path="/hub/") or self.session.cookies.get("_xsrf")
        r = self.session.post(f"{self.hub.url}/hub/login?next=", data={
            "username": self.name, "password": PASSWORD, "_xsrf": xsrf}, allow_redirects=False, timeout=60)
        if r.status_code != 302 or not any(c.name.startswith("jupyterhub-hub-login") for c in self.session.cookies):
            raise AssertionError(f"login of {self.name} failed: {r.status_code} {r.text[:300]}")
        user = self.session.get(f"{self.hub.url}/hub/api/user", timeout=60,
                                headers={"X-XSRFToken": xsrf or ""})
        assert user.status_code == 200 and user.json()["name"] == self.name, user.text[:300]
        # A token the student's tools (here: this driver) send to their own server.
        r = self.hub.api("POST", f"/users/{self.name}/tokens", json={"note": "crm hub test", "expires_in": 3600})
        r.raise_for_status()
        self.token = r.json()["token"]

    def start_server(self, timeout: float = 240) -> float:
        """Ask the hub to start this student's server; return the seconds until it answers."""
        t0 = time.perf_counter()
        r = self.hub.api("POST", f"/users/{self.name}/server")
        if r.status_code not in (201, 202):
            raise AssertionError(f"spawn of {self.name}: {r.status_code} {r.text[:300]}")
        while time.perf_counter() - t0 < timeout:
            info = self.hub.api("GET", f"/users/{self.name}").json()
            server = (info.get("servers") or {}).get("")
            if server and server.get("ready"):
                self.ready_seconds = time.perf_counter() - t0
                return self.ready_seconds
            if not info.get("pending") and not server:
                raise AssertionError(f"server of {self.name} failed to start:\n{self.hub.log_tail()}")
            time.sleep(0.25)
        raise AssertionError(f"server of {self.name} not ready after {timeout} s:\n{self.hub.log_tail()}")

    def get(self, path: str, **kw) -> requests.Response:
        return requests.get(f"{self.base}{path}", headers={"Authorization": f"token {self.token}"}, timeout=120, **kw)

    def request(self, method: str, path: str, **kw) -> requests.Response:
        return requests.request(method, f"{self.base}{path}", headers={"Authorization": f"token {self.token}"},
                                timeout=120, **kw)

    def open_pull_link(self, urlpath: str, targetpath: str = "crm-course") -> list[dict]:
        """Follow the instructor's nbgitpuller link: the page, then its pull (the event stream the page reads).

        Returns the events; the last one has ``phase`` "finished" (or "error").
        """
        query = {"repo": self.hub.repo_url, "branch": self.hub.branch, "urlpath": urlpath, "targetpath": targetpath}
        page = self.get(f"/git-pull?{urlencode(query)}")
        assert page.status_code == 200, f"git-pull page: {page.status_code} {page.text[:300]}"
        events = []
        with self.get(f"/git-pull/api?{urlencode(query)}", stream=True) as r:
            r.raise_for_status()
            for line in r.iter_lines(decode_unicode=True):
                if line and line.startswith("data:"):
                    event = json.loads(line[5:])
                    events.append(event)
                    if event.get("phase") in ("finished", "error"):
                        break
        return events

    def read_notebook(self, path: str) -> dict:
        r = self.get(f"/api/contents/{quote(path)}?content=1")
        r.raise_for_status()
        return r.json()["content"]

    def save_notebook(self, path: str, nb: dict) -> None:
        r = self.request("PUT", f"/api/contents/{quote(path)}", json={"type": "notebook", "format": "json", "content": nb})
        r.raise_for_status()

    def start_kernel(self) -> Kernel:
        r = self.request("POST", "/api/kernels", json={"name": "python3"})
        r.raise_for_status()
        return Kernel(self, r.json()["id"])


class Kernel:
    """A kernel of a student's server, driven over its websocket (Jupyter messaging protocol, JSON)."""

    def __init__(self, student: Student, kernel_id: str):
        self.student, self.id = student, kernel_id
        url = student.base.replace("http://", "ws://") + f"/api/kernels/{kernel_id}/channels"
        self.ws = websocket.create_connection(url, header=[f"Authorization: token {student.token}"], timeout=300)
        self.session = uuid.uuid4().hex

    def execute(self, code: str, timeout: float = 300) -> CellResult:
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "username": self.student.name, "session": self.session,
                       "msg_type": "execute_request", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True},
        }))
        stdout, error, status, idle = [], "", None, False
        deadline = time.time() + timeout
        while not (status and idle):
            if time.time() > deadline:
                raise TimeoutError(f"{self.student.name}: cell did not finish in {timeout} s:\n{code[:200]}")
            raw = self.ws.recv()
            if isinstance(raw, bytes):  # binary frames carry widget buffers: not needed here
                continue
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream" and content.get("name") == "stdout":
                stdout.append(content["text"])
            elif kind == "error":
                error = f"{content['ename']}: {content['evalue']}"
            elif kind == "execute_reply":
                status = content["status"]
            elif kind == "status" and content["execution_state"] == "idle":
                idle = True
        return CellResult(status, "".join(stdout), error)

    def shutdown(self) -> None:
        try:
            self.ws.close()
        finally:
            self.student.request("DELETE", f"/api/kernels/{self.id}")


def code_cells(nb: dict) -> list[str]:
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in nb["cells"] if c["cell_type"] == "code"]


def process_tree_rss(pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants (psutil)."""
    import psutil

    try:
        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def server_pid(student: Student) -> int | None:
    """The pid of the student's jupyterhub-singleuser process (found by its uid)."""
    import psutil

    uid = pwd.getpwnam(student.name).pw_uid
    for p in psutil.process_iter(["pid", "uids", "cmdline"]):
        try:
            if p.info["uids"] and p.info["uids"].real == uid and any(
                    "jupyterhub-singleuser" in part for part in (p.info["cmdline"] or [])):
                return p.info["pid"]
        except psutil.NoSuchProcess:
            pass
    return None
