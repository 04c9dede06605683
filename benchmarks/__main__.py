"""Run every benchmark in this folder, one process each: `python -m benchmarks` (or `make bench`).

Each prints its own ratios against raw PostGIS measured in the same run; read ratios, not absolute times.
"""

import pkgutil
import subprocess
import sys
from pathlib import Path

here = Path(__file__).parent
names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if not m.name.startswith("_"))
failed = []
for name in names:
    print(f"\n=== benchmarks.{name} ===", flush=True)
    if subprocess.run([sys.executable, "-m", f"benchmarks.{name}", *sys.argv[1:]]).returncode != 0:
        failed.append(name)
if failed:
    sys.exit(f"failed: {', '.join(failed)}")
