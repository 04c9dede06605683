"""A gunicorn worker does its one-time work while it boots, not on its first request (benchmarks/pins.py found that
first request costing 0.3-0.5 s of CPU per worker, about 2 ms per pin in a benchmark run)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# What a worker has done once it has imported the WSGI application, before any request.
PROBE = """
import json, sys
import geo_participation.wsgi
from django.conf import settings
from django.urls import get_resolver
from django.utils.translation import trans_real

resolver = get_resolver()
print(json.dumps({
    "views_imported": "maps.mapping.api" in sys.modules and "geo_participation.polls.api" in sys.modules,
    "indexed": sorted(resolver._reverse_dict),
    "namespaces_indexed": sorted({code for _p, ns in resolver.namespace_dict.values() for code in ns._reverse_dict}),
    "catalogues": sorted(trans_real._translations),
    "languages": [code for code, _name in settings.LANGUAGES],
    "folium": "folium" in sys.modules,
}))
"""


def test_a_worker_loads_the_urls_and_catalogues_at_boot_and_leaves_folium_to_the_staff_map():
    env = {**{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
           "DJANGO_SETTINGS_MODULE": "geo_participation.settings.production", "SECRET_KEY": "test-only-" + "x" * 60,
           "ALLOWED_HOSTS": "mitwirkung.example.org"}
    result = subprocess.run([sys.executable, "-c", PROBE], env=env, cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    booted = json.loads(result.stdout.strip().splitlines()[-1])
    assert booted["views_imported"]
    assert booted["indexed"] == booted["namespaces_indexed"] == sorted(booted["languages"])
    assert set(booted["languages"]) <= set(booted["catalogues"])
    # folium compiles dozens of templates on import: only the staff's ballot-box map document needs it.
    assert not booted["folium"]
