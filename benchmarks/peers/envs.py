"""The peers' environments: one venv each under ``benchmarks/.peers/<name>/`` (git-ignored).

Each peer gets the versions it needs, apart from crmlib's own environment: lifetimes 0.11.3
(unmaintained) only installs and runs beside old pins, and imports ``pkg_resources``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PEERS_DIR = HERE.parent / ".peers"

ENVS: dict[str, list[str]] = {
    # lifetimes 0.11.3: BetaGeoFitter, GammaGammaFitter (old numpy/scipy/pandas; pkg_resources)
    "lifetimes": ["lifetimes==0.11.3", "pandas<2", "numpy<1.27", "scipy<1.12", "setuptools<81"],
    # lifelines KaplanMeierFitter, statsmodels SurvfuncRight, and the plain pandas baseline
    "modern": ["lifelines", "statsmodels", "pandas", "numpy", "scipy"],
}


def python(name: str) -> Path:
    """The interpreter of peer environment ``name``."""
    return PEERS_DIR / name / "bin" / "python"


def ensure(name: str, *, quiet: bool = True) -> Path:
    """Create the venv ``name`` with its pins if it is not there yet; return its interpreter."""
    exe = python(name)
    stamp = PEERS_DIR / name / "installed.txt"
    wanted = "\n".join(ENVS[name])
    if exe.exists() and stamp.exists() and stamp.read_text() == wanted:
        return exe
    PEERS_DIR.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", str(PEERS_DIR / name)], check=True)
    flags = ["-q"] if quiet else []
    subprocess.run([str(exe), "-m", "pip", "install", *flags, "--upgrade", "pip"], check=True)
    subprocess.run([str(exe), "-m", "pip", "install", *flags, *ENVS[name]], check=True)
    stamp.write_text(wanted)
    return exe


def versions(name: str) -> str:
    """The versions of the packages that matter in environment ``name``, as one line."""
    code = (
        "import importlib.metadata as m\n"
        "names = ['lifetimes', 'lifelines', 'statsmodels', 'pandas', 'numpy', 'scipy']\n"
        "out = []\n"
        "for n in names:\n"
        "    try: out.append(f'{n} {m.version(n)}')\n"
        "    except m.PackageNotFoundError: pass\n"
        "print(', '.join(out))\n"
    )
    return subprocess.run([str(python(name)), "-c", code], text=True, capture_output=True, check=True).stdout.strip()


if __name__ == "__main__":
    for env in sys.argv[1:] or list(ENVS):
        print(env, ensure(env, quiet=False), versions(env))
