#!/usr/bin/env python3
"""One entry point for the course. Needs only Python 3.11+; everything else it installs.

    python3 course.py                  open the course home in JupyterLab (creates .venv if missing)
    python3 course.py test [PYTEST...] run every test (creates .venv and .venv-dev if missing)
    python3 course.py build [SRC...]   rebuild notebook editions from source/ (executed)
    python3 course.py data             regenerate the synthetic data sets and datasets/README.md
    python3 course.py exercise NAME    copy an exercise's student edition into my-work/ (never overwrites)

Two environments. The learner's, .venv, holds crmlib with JupyterLab and ipywidgets and nothing
else (`pip install -e .`): the course, data and exercise commands use it. The developer's,
.venv-dev, adds the `test`, `instructor` and `hub` extras (pytest, nbval, playwright, jupytext,
nbgrader, jupyterhub, nbgitpuller, ...): `test` and `build` use it, so nbgrader's menus never reach a
learner's JupyterLab. The hub test (tests/hub/) also makes .venv-hub, the students' servers.

Options for the default command: --lang zh-CN|en (default: from your locale), --port N,
--no-browser (print the URL instead of opening a browser).
Option for every command: --here uses the Python running course.py (an activated conda
environment: environment.yml for the course, environment-dev.yml for test and build) instead of
creating .venv / .venv-dev.
"""

from __future__ import annotations

import hashlib
import locale
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent
LANGUAGES = ("zh-CN", "en")


@dataclass(frozen=True)
class Role:
    """An environment: where it lives, which extras of crmlib it installs, what --here must find."""

    name: str
    venv: Path
    extras: tuple[str, ...]
    needs: str  # modules the --here interpreter must import
    conda_file: str


LEARNER = Role("learner", ROOT / ".venv", (), "crmlib, jupyterlab, ipywidgets", "environment.yml")
DEV = Role("dev", ROOT / ".venv-dev", ("test", "instructor", "hub"), "crmlib, jupyterlab, pytest, nbval, jupytext, nbgrader",
           "environment-dev.yml")

if sys.version_info < (3, 11):
    sys.exit(f"This course needs Python 3.11 or newer; this is {sys.version.split()[0]}. See README.md, 'Troubleshooting'.")


USE_CURRENT = False  # set by --here


def venv_python(role: Role = LEARNER) -> Path:
    if USE_CURRENT:
        return Path(sys.executable)
    return role.venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _stamp(role: Role) -> str:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    return f"{digest} {sys.version_info.major}.{sys.version_info.minor} {','.join(sorted(role.extras)) or '-'}"


def ensure_env(role: Role = LEARNER) -> None:
    """Create ``role.venv`` and install crmlib with ``role.extras``, unless that install is there.

    A stamp file records pyproject.toml's hash, the Python version and the extras; when any of
    them changed the environment is brought up to date. An environment that holds extras its role
    must not have (a .venv made before the two were split) is made again from scratch, so the
    learner's JupyterLab never loads the test or grading tools. pip's cache makes that quick.
    """
    if USE_CURRENT:
        try:
            subprocess.run([sys.executable, "-c", f"import {role.needs}"], check=True, capture_output=True)
        except subprocess.CalledProcessError:
            sys.exit(f"--here: this Python lacks some of {role.needs}; run `conda env create -f {role.conda_file}` "
                     "and activate that environment first (or drop --here to use .venv / .venv-dev).")
        return
    stamp = role.venv / ".crm-course-installed"
    if venv_python(role).exists() and stamp.exists():
        if stamp.read_text().strip() == _stamp(role):
            return
        have = (stamp.read_text().split() + ["", "", ""])[2]
        if set(filter(None, have.replace("-", "").split(","))) - set(role.extras):
            print(f"{role.venv.name} holds packages the {role.name} environment must not have: making it again ...", flush=True)
            shutil.rmtree(role.venv)
    if not venv_python(role).exists():
        print(f"Creating the {role.name} environment in {role.venv.name} (first run: a minute or two) ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(role.venv)], check=True)
    target = f"{ROOT}[{','.join(role.extras)}]" if role.extras else str(ROOT)
    print(f"Installing crmlib{'[' + ','.join(role.extras) + ']' if role.extras else ''} into {role.venv.name} ...", flush=True)
    subprocess.run(
        [str(venv_python(role)), "-m", "pip", "install", "--disable-pip-version-check", "-q", "-e", target],
        check=True,
    )
    stamp.write_text(_stamp(role) + "\n")


def default_language() -> str:
    code = (os.environ.get("LC_ALL") or os.environ.get("LANG") or locale.getlocale()[0] or "").lower()
    return "zh-CN" if code.startswith("zh") else "en"


def cmd_open(args: list[str]) -> int:
    lang, port, browser = default_language(), None, True
    it = iter(args)
    for a in it:
        if a == "--lang":
            lang = next(it, "")
        elif a == "--port":
            port = next(it, "")
        elif a == "--no-browser":
            browser = False
        else:
            sys.exit(f"unknown option {a!r}; see: python3 course.py --help")
    if lang not in LANGUAGES:
        sys.exit(f"--lang must be one of {', '.join(LANGUAGES)}")
    ensure_env(LEARNER)
    home = f"home_{lang}.ipynb"
    cmd = [str(venv_python(LEARNER)), "-m", "jupyterlab", home, "--ServerApp.ip=127.0.0.1", f"--ServerApp.root_dir={ROOT}"]
    if port:
        cmd.append(f"--ServerApp.port={port}")
    if not browser:
        cmd.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    print("Opening", home, "(stop the server with Ctrl+C twice)", flush=True)
    try:
        return subprocess.call(cmd, cwd=ROOT)
    except KeyboardInterrupt:
        return 0


def test_env() -> dict[str, str]:
    env = dict(os.environ)
    env["CRMLIB_WARNINGS"] = "error"  # crmlib.setup() turns crmlib warnings into errors in kernels
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    env.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    return env


def notebook_paths() -> list[str]:
    """Every edition that nbval executes: home, chapters and cases."""
    paths = [f"home_{lang}.ipynb" for lang in LANGUAGES]
    for area in ("chapters", "cases"):  # exercise editions: tests/test_exercises.py runs them
        for lang in LANGUAGES:
            folder = ROOT / area / lang
            if folder.is_dir() and any(folder.glob("*.ipynb")):
                paths.append(f"{area}/{lang}")
    return [p for p in paths if (ROOT / p).exists()]


TEST_HELP = """python3 course.py test [--here] [PYTEST ARGS...]

Runs every test: unit, property and doc tests (crmlib), the notebooks (nbval, lax), the
real-browser tests (Debian chromium), the grading workflow (nbgrader). Extra arguments go to
pytest; test paths among them replace the default set, e.g.
`python3 course.py test -x -q tests/test_funnel.py` runs that one file.

First it makes (or brings up to date) both environments: .venv, the learner's (crmlib with
JupyterLab, nothing else), and .venv-dev, which adds the test and instructor extras and runs
pytest. The tests check the learner's environment too (tests/test_course_cli.py), through
CRM_LEARNER_PYTHON. With --here the active Python serves both roles (make it from
environment-dev.yml); the learner-environment check is then skipped.
"""


def cmd_test(args: list[str]) -> int:
    if any(a in ("-h", "--help") for a in args):
        print(TEST_HELP)
        return 0
    ensure_env(LEARNER)
    ensure_env(DEV)
    env = test_env()
    if not USE_CURRENT:
        env["CRM_LEARNER_PYTHON"] = str(venv_python(LEARNER))
    given = [a for a in args if not a.startswith("-") and (ROOT / a.split("::")[0]).exists()]
    targets = [] if given else ["tests", "crmlib", *notebook_paths()]
    cmd = [
        str(venv_python(DEV)), "-m", "pytest", *targets,
        "--nbval-lax",
        "-n", "2", "--dist", "loadfile",
        *args,
    ]
    print("+", " ".join(cmd[2:]), flush=True)
    return subprocess.call(cmd, cwd=ROOT, env=env)


def cmd_build(args: list[str]) -> int:
    ensure_env(DEV)  # jupytext and nbclient
    return subprocess.call([str(venv_python(DEV)), str(ROOT / "tools" / "build_notebooks.py"), *args], cwd=ROOT)


def cmd_data(args: list[str]) -> int:
    ensure_env(LEARNER)
    return subprocess.call([str(venv_python(LEARNER)), "-m", "crmlib.datasets", *args], cwd=ROOT)


def cmd_exercise(args: list[str]) -> int:
    """Copy a student edition into my-work/ without ever overwriting a learner's file.

    NAME must be one of the shipped exercises (a plain name from the list, never a path);
    the copy is created inside my-work/ only, and a my-work/ or a target that is a symbolic
    link is refused (a link could point anywhere, even a dangling one is written through)."""
    lang, names = default_language(), []
    it = iter(args)
    for a in it:
        if a == "--lang":
            lang = next(it, "")
        else:
            names.append(a)
    if lang not in LANGUAGES or len(names) != 1:
        sys.exit("usage: python3 course.py exercise NAME [--lang zh-CN|en]")
    name = names[0].removesuffix(".ipynb")
    shipped = ROOT / "exercises" / lang
    available = sorted(p.stem for p in shipped.glob("*.ipynb") if p.is_file() and not p.is_symlink())
    if name not in available:  # a name from the list only: "../x", "/tmp/x", "a/b" are never in it
        sys.exit(f"no exercise {name!r} in exercises/{lang}/; available: {', '.join(available)}")
    src = shipped / f"{name}.ipynb"
    dest_dir = ROOT / "my-work"
    if dest_dir.is_symlink():
        sys.exit("my-work is a symbolic link; refusing to write through it (make it a plain folder)")
    if dest_dir.exists() and not dest_dir.is_dir():
        sys.exit("my-work exists but is not a folder; move it away first")
    dest_dir.mkdir(exist_ok=True)
    if dest_dir.resolve() != ROOT.resolve() / "my-work":
        sys.exit("my-work does not resolve to a folder inside the course; refusing")
    dest = dest_dir / f"{name}_{lang}.ipynb"
    k = 2
    while dest.exists() or dest.is_symlink():
        if dest.is_symlink():
            sys.exit(f"{dest.relative_to(ROOT)} is a symbolic link; refusing to write through it (remove it first)")
        dest = dest_dir / f"{name}_{lang} ({k}).ipynb"
        k += 1
    # O_EXCL | O_NOFOLLOW: create a new file or fail; never follow a link, never overwrite.
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    with os.fdopen(fd, "wb") as out, open(src, "rb") as inp:
        shutil.copyfileobj(inp, out)
    print(f"Your copy: {dest.relative_to(ROOT)}  (your earlier copies are untouched)")
    return 0


COMMANDS = {"open": cmd_open, "test": cmd_test, "build": cmd_build, "data": cmd_data, "exercise": cmd_exercise}


def main(argv: list[str]) -> int:
    global USE_CURRENT
    if "--here" in argv:
        USE_CURRENT = True
        argv = [a for a in argv if a != "--here"]
    if argv and argv[0] in ("-h", "--help", "help"):
        print(__doc__)
        return 0
    if argv and argv[0] in COMMANDS:
        return COMMANDS[argv[0]](argv[1:])
    return cmd_open(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
