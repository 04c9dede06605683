"""What a server install depends on: the production settings pass Django's deployment checks, and the static
files collect with hashed names (a vendored script without its source map, or a bad import, fails here)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "geo_participation.settings.production",
    "SECRET_KEY": "test-only-" + "x" * 60,
    "ALLOWED_HOSTS": "mitwirkung.example.org",
}


def manage(*args, **env):
    # The browser tests' async switch (tests/conftest.py) must not reach a "production" process.
    base = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**base, **PRODUCTION, **env}, timeout=300)


def test_production_settings_pass_the_deployment_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_static_files_collect_with_hashed_names_and_modules_import_the_hashed_files(tmp_path):
    result = manage("collectstatic", "--noinput", STATIC_ROOT=str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    leaflet = list((tmp_path / "vendor" / "leaflet-1.9.4").glob("leaflet.*.js"))
    assert any(re.fullmatch(r"leaflet\.[0-9a-f]{12}\.js", p.name) for p in leaflet)
    form = next((tmp_path / "mapping").glob("contribution-form.*.js")).read_text()
    assert re.search(r'from "\.\./js/map-base\.[0-9a-f]{12}\.js"', form)


def test_the_compose_file_runs_the_app_on_the_official_postgis_image_and_starts_chores_after_the_migrations():
    import yaml  # PyYAML comes with drf-spectacular

    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    assert services["db"]["image"].startswith("postgis/postgis:")
    assert services["web"]["environment"]["DATABASE_URL"].startswith("postgis://")
    assert "@db:5432/" in services["web"]["environment"]["DATABASE_URL"]
    assert services["web"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert services["housekeeping"]["depends_on"]["web"]["condition"] == "service_healthy"
    assert "healthcheck" in services["web"]
    entrypoint = (ROOT / "docker" / "entrypoint.sh").read_text()
    assert "migrate --noinput" in entrypoint and 'exec "$@"' in entrypoint
    # The housekeeping loop calls a management command that exists.
    command = re.search(r"manage\.py (\w+)", services["housekeeping"]["command"][0]).group(1)
    assert manage("help", command).returncode == 0


def _gunicorn_settings(monkeypatch, **env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    import runpy

    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


class _Libc:
    def __init__(self):
        self.calls = []

    def mallopt(self, option, value):
        self.calls.append((option, value))
        return 1


@pytest.mark.parametrize("env, expected", [
    ({}, [(-3, 8 << 20), (-1, 16 << 20)]),  # M_MMAP_THRESHOLD, M_TRIM_THRESHOLD (<malloc.h>)
    ({"GUNICORN_MALLOC_MMAP_THRESHOLD": "4194304", "GUNICORN_MALLOC_TRIM_THRESHOLD": "33554432"},
     [(-3, 4 << 20), (-1, 32 << 20)]),
    ({"GUNICORN_MALLOC_MMAP_THRESHOLD": "0"}, []),  # glibc's own defaults
])
def test_gunicorn_workers_keep_freed_memory_for_the_next_answer(monkeypatch, env, expected):
    """Each worker tells glibc to keep megabyte-sized blocks on its heap (gunicorn.conf.py, benchmarks/README.md)."""
    import ctypes

    settings = _gunicorn_settings(monkeypatch, **env)
    libc = _Libc()
    monkeypatch.setattr(ctypes, "CDLL", lambda name: libc)
    settings["post_fork"](server=None, worker=None)
    assert libc.calls == expected


def test_this_machine_s_glibc_takes_the_gunicorn_memory_settings(monkeypatch):
    import ctypes
    import ctypes.util

    settings = _gunicorn_settings(monkeypatch)
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    assert libc.mallopt(-3, settings["MALLOC_MMAP_THRESHOLD"]) == 1
    assert libc.mallopt(-1, settings["MALLOC_TRIM_THRESHOLD"]) == 1
