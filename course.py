#!/usr/bin/env python3
"""One entry point for the course. Needs only Python 3.11+; everything else it installs.

    python3 course.py                  open the course home in JupyterLab (creates .venv if missing)
    python3 course.py test             run every test (creates .venv if missing)
    python3 course.py build [SRC...]   rebuild notebook editions from source/ (executed)
    python3 course.py data             regenerate the synthetic data sets and datasets/README.md
    python3 course.py exercise NAME    copy an exercise's student edition into my-work/ (never overwrites)

Options for the default command: --lang zh-CN|en (default: from your locale), --port N,
--no-browser (print the URL instead of opening a browser).
Option for every command: --here uses the Python running course.py (e.g. an activated conda
environment made from environment.yml) instead of creating .venv.
"""

from __future__ import annotations

import hashlib
import locale
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".crm-course-installed"
LANGUAGES = ("zh-CN", "en")

if sys.version_info < (3, 11):
    sys.exit(f"This course needs Python 3.11 or newer; this is {sys.version.split()[0]}. See README.md, 'Troubleshooting'.")


USE_CURRENT = False  # set by --here


def venv_python() -> Path:
    if USE_CURRENT:
        return Path(sys.executable)
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _stamp(extras: tuple[str, ...]) -> str:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    return f"{digest} {sys.version_info.major}.{sys.version_info.minor} {','.join(sorted(extras))}"


def ensure_env(extras: tuple[str, ...] = ("test",)) -> None:
    """Create .venv and install crmlib with ``extras``, unless an install that covers them is there.

    The course itself needs the ``test`` extra only for its tooling (jupytext for the sources);
    ``python3 course.py test`` also installs ``instructor`` (nbgrader), to test grading.
    """
    if USE_CURRENT:
        try:
            subprocess.run([sys.executable, "-c", "import crmlib, jupyterlab, pytest, nbval"], check=True, capture_output=True)
        except subprocess.CalledProcessError:
            sys.exit("--here: this Python lacks the course packages; run `conda env create -f environment.yml` "
                     "and `conda activate crm-course` first (or drop --here to use .venv).")
        return
    if venv_python().exists() and STAMP.exists():
        digest, version, have = (STAMP.read_text().split() + [""])[:3]
        if _stamp(()).split()[:2] == [digest, version] and set(extras) <= set(filter(None, have.split(","))):
            return
    if not venv_python().exists():
        print("Creating the course environment in .venv (first run: a few minutes) ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    print("Installing crmlib and its dependencies into .venv ...", flush=True)
    subprocess.run(
        [str(venv_python()), "-m", "pip", "install", "--disable-pip-version-check", "-q", "-e", f"{ROOT}[{','.join(extras)}]"],
        check=True,
    )
    STAMP.write_text(_stamp(extras) + "\n")


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
    ensure_env()
    home = f"home_{lang}.ipynb"
    cmd = [str(venv_python()), "-m", "jupyterlab", home, "--ServerApp.ip=127.0.0.1", f"--ServerApp.root_dir={ROOT}"]
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


def cmd_test(args: list[str]) -> int:
    ensure_env(("test", "instructor"))
    cmd = [
        str(venv_python()), "-m", "pytest", "tests", "crmlib",
        "--nbval-lax", *notebook_paths(),
        "-n", "2", "--dist", "loadfile",
        *args,
    ]
    print("+", " ".join(cmd[2:]), flush=True)
    return subprocess.call(cmd, cwd=ROOT, env=test_env())


def cmd_build(args: list[str]) -> int:
    ensure_env()
    return subprocess.call([str(venv_python()), str(ROOT / "tools" / "build_notebooks.py"), *args], cwd=ROOT)


def cmd_data(args: list[str]) -> int:
    ensure_env()
    return subprocess.call([str(venv_python()), "-m", "crmlib.datasets", *args], cwd=ROOT)


def cmd_exercise(args: list[str]) -> int:
    """Copy a student edition into my-work/ without ever overwriting a learner's file."""
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
    src = ROOT / "exercises" / lang / f"{name}.ipynb"
    if not src.exists():
        available = sorted(p.stem for p in (ROOT / "exercises" / lang).glob("*.ipynb"))
        sys.exit(f"no exercise {name!r} in exercises/{lang}/; available: {', '.join(available)}")
    dest_dir = ROOT / "my-work"
    dest_dir.mkdir(exist_ok=True)
    dest = dest_dir / f"{name}_{lang}.ipynb"
    k = 2
    while dest.exists():
        dest = dest_dir / f"{name}_{lang} ({k}).ipynb"
        k += 1
    shutil.copyfile(src, dest)
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
