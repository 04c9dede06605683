"""Loading the demo city step by step; each step is idempotent, so a second run only checks."""

import time
from pathlib import Path

from django.conf import settings

FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "kaiserslautern"
DEMO_PASSWORD = "mitwirkung-demo"


class Progress:
    """Prints ``[step/total] label ... result (seconds)``; formats' demo loaders report through it."""

    def __init__(self, total: int, write=print):
        self.total, self.step, self.write = total, 0, write

    def run(self, label: str, fn, *args, **kwargs):
        self.step += 1
        started = time.monotonic()
        self.write(f"[{self.step}/{self.total}] {label} …")
        result = fn(*args, **kwargs)
        detail = f"{result}" if result is not None else "ok"
        self.write(f"      {detail} ({time.monotonic() - started:.1f} s)")
        return result

    def note(self, text: str):
        self.write(f"      {text}")
