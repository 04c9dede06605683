"""The settings the HTTP benchmarks serve with: production's (middleware, sessions, logging), over plain HTTP on
127.0.0.1, plus two reference views (benchmarks._urls) that show what Django itself costs on this machine."""

import os

os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 50)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")  # no TLS proxy in front of the benchmark

from geo_participation.settings.production import *  # noqa: E402,F401,F403
from geo_participation.settings.production import STORAGES  # noqa: E402

ROOT_URLCONF = "benchmarks._urls"
# No collectstatic before a benchmark: static files are not what is measured.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
# The planners' downloads, tiles and OGC pages are rate-limited per client; one benchmark client asks thousands of times.
RATE_LIMITS = {"download": "100000/m", "tile": "100000/m", "read": "100000/m"}
