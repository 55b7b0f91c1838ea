"""Run every benchmarks/bench_*.py in turn and print its output under a heading."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    failed = 0
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"## {script.stem}", flush=True)
        proc = subprocess.run([sys.executable, str(script)], text=True, capture_output=True)
        print(proc.stdout.rstrip() or "(no output)")
        if proc.returncode:
            failed += 1
            print(proc.stderr[-2000:], file=sys.stderr)
        print()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
