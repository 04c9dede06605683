"""What a server install depends on: the production settings pass Django's deployment checks, and the static
files collect with hashed names (a vendored script without its source map, or a bad import, fails here)."""

import os
import re
import subprocess
import sys
from pathlib import Path

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
