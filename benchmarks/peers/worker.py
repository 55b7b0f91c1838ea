"""One benchmark worker: runs the tasks of one implementation in its own environment.

Started by ``benchmarks/peers/run.py`` as ``<env python> worker.py <data folder>``; reads one JSON
command a line on stdin, answers one JSON line on stdout:

- ``{"task": "bgnbd", "impl": "crmlib", "data": "cdnow_x1", "mode": "time"}`` → CPU seconds
  (``time.process_time``, all threads) and wall seconds of one run,
- ``"mode": "memory"`` → the peak of memory allocated during one run (tracemalloc: numpy and
  pandas report their buffers to it), in bytes,
- ``"mode": "result"`` → the numbers to compare across implementations.
"""

from __future__ import annotations

import gc
import json
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import tasks  # noqa: E402


def main() -> None:
    data = Path(sys.argv[1])
    prepared: dict[tuple[str, str, str], tuple] = {}
    for line in sys.stdin:
        cmd = json.loads(line)
        key = (cmd["task"], cmd["impl"], cmd["data"])
        try:
            if key not in prepared:
                prepared[key] = getattr(tasks, f"{cmd['task']}_{cmd['impl']}")(data, cmd["data"])
            run, result = prepared[key]
            gc.collect()
            if cmd["mode"] == "time":
                c0, w0 = time.process_time(), time.perf_counter()
                run()
                answer = {"cpu": time.process_time() - c0, "wall": time.perf_counter() - w0}
            elif cmd["mode"] == "memory":
                tracemalloc.start()
                run()
                _, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
                answer = {"peak": peak}
            else:
                answer = result()
        except Exception as exc:  # reported to the runner, which prints it
            answer = {"error": f"{type(exc).__name__}: {exc}"}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
