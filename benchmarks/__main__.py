"""Run every benchmark module of this package, one after the other."""

import pkgutil
import subprocess
import sys
from pathlib import Path

for module in sorted(info.name for info in pkgutil.iter_modules([str(Path(__file__).parent))):
    print(f"\n=== benchmarks.{module}", flush=True)
    # Each in its own process: every benchmark sets Django up with its own throwaway database.
    result = subprocess.run([sys.executable, "-m", f"benchmarks.{module}"])
    if result.returncode:
        sys.exit(result.returncode)
