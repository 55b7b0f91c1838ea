"""Run every benchmarks/bench_*.py in turn and print its output under a heading.

``--peers``: instead, measure crmlib beside its peers (lifetimes, statsmodels, lifelines, plain
pandas) in their own environments, interleaved, and write the table of ratios into
benchmarks/README.md (see ``benchmarks/peers/run.py``; further options are passed on).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    if "--peers" in sys.argv[1:]:
        sys.path.insert(0, str(HERE / "peers"))
        import run as peers

        return peers.main([a for a in sys.argv[1:] if a != "--peers"])
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
