"""Run every benchmark in this folder, one process each: `python -m benchmarks` (or `make bench`).

Each prints its own ratios against raw PostGIS measured in the same run; read ratios, not absolute times. At the end
the goal lines of all of them are repeated together, so that one screen says which goals are met on this machine.
A benchmark fails (exit code 1) only if it could not run or a correctness check failed (a vote or pin counted
twice or lost); a goal missed is a verdict, not a failure.
"""

import pkgutil
import re
import subprocess
import sys
import time
from pathlib import Path

GOAL_LINE = re.compile(r"\bgoal\b", re.IGNORECASE)

here = Path(__file__).parent
names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if not m.name.startswith("_"))
failed, goals = [], []
started = time.monotonic()
for name in names:
    print(f"\n=== benchmarks.{name} ===", flush=True)
    process = subprocess.Popen([sys.executable, "-m", f"benchmarks.{name}", *sys.argv[1:]], stdout=subprocess.PIPE,
                               text=True, bufsize=1)
    for line in process.stdout:
        print(line, end="", flush=True)
        if GOAL_LINE.search(line):
            goals.append((name, line.strip()))
    if process.wait() != 0:
        failed.append(name)

print(f"\n=== Goals (PERFORMANCE.md), measured in {time.monotonic() - started:.0f} s ===")
for name, line in goals:
    print(f"  {name:<18} {line}")
if failed:
    sys.exit(f"failed: {', '.join(failed)}")
