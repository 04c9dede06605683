"""The map format's viewport layer against raw PostGIS: 100,000 published points, a viewport of about 5,000.

Goal (PERFORMANCE.md): the endpoint takes at most 1.2× the time of the same FeatureCollection built by raw
PostGIS over psycopg, in-process and through HTTP (gunicorn, 2 sync workers), measured in the same run.
Also printed: the clustered layer of the whole city, the streamed export of all 100,000, and memory growth.

    DATABASE_URL=postgis://postgres@127.0.0.1:5433/geo_participation python -m benchmarks.mapping_viewport

A throwaway database ``<name>_bench_mapping`` is created and dropped; nothing else is touched.
"""

from __future__ import annotations

import os
import resource
import socket
import statistics
import subprocess
import sys
import threading
import time
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POINTS = 100_000
ROUNDS = 25
VIEWPORT_SHARE = 0.05  # of the city's bounding box: about 5,000 of 100,000 uniformly spread points
CITY_BBOX = (7.64, 49.34, 7.92, 49.51)


def _setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_participation.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _median_ms(fn, rounds=ROUNDS) -> float:
    fn()  # warm the caches and the connection
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _load(module_id: int, category_id: int) -> None:
    from django.db import connection

    west, south, east, north = CITY_BBOX
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO mapping_contribution (module_id, category_id, title, description, attributes, status, "
            "moderation_reason, support_count, created_at, updated_at, geometry) "
            "SELECT %s, %s, 'Punkt ' || n, '', jsonb_build_object('tageszeit', (ARRAY['tag','abend','nacht'])[1 + n %% 3]), "
            "'approved', '', 0, now(), now(), "
            "ST_SetSRID(ST_MakePoint(%s + random() * %s, %s + random() * %s), 4326) FROM generate_series(1, %s) AS n",
            [module_id, category_id, west, east - west, south, north - south, POINTS])
        cursor.execute("ANALYZE mapping_contribution")


def main() -> None:
    _setup_django()
    from django.conf import settings
    from django.contrib.gis.geos import Polygon
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    import psycopg
    import requests

    from maps.mapping.selectors import contribution_layer
    from tests.factories.mapping import make_map_module

    database = settings.DATABASES["default"]
    bench_name = f"{database['NAME']}_bench_mapping"
    database["TEST"] = {**database.get("TEST", {}), "NAME": bench_name}
    setup_test_environment()
    print(f"Creating {bench_name} and loading {POINTS:,} points …", flush=True)
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    server = None
    try:
        module = make_map_module(slug="bench", attributes=())
        _load(module.pk, module.map_categories.first().pk)
        west, south, east, north = CITY_BBOX
        side = VIEWPORT_SHARE ** 0.5
        cx, cy = (west + east) / 2, (south + north) / 2
        half_w, half_h = (east - west) * side / 2, (north - south) * side / 2
        viewport = (cx - half_w, cy - half_h, cx + half_w, cy + half_h)
        bbox_text = ",".join(f"{v:.6f}" for v in viewport)
        layer_path = f"/api/mapping/{module.slug}/layer/?bbox={bbox_text}&zoom=18"

        conninfo = (f"host={database['HOST']} port={database['PORT']} user={database['USER']} dbname={bench_name}"
                    + (f" password={database['PASSWORD']}" if database.get("PASSWORD") else ""))
        raw_sql = (
            "SELECT '{\"type\":\"FeatureCollection\",\"features\":[' || coalesce(string_agg(ST_AsGeoJSON(t.*, 'geometry', 6), ','), '') || ']}' "
            "FROM (SELECT id, geometry, title, category_id FROM mapping_contribution WHERE module_id = %s AND status = 'approved' "
            "AND geometry && ST_MakeEnvelope(%s, %s, %s, %s, 4326)) AS t")
        raw = psycopg.connect(conninfo, autocommit=True)

        def raw_viewport():
            return raw.execute(raw_sql, [module.pk, *viewport]).fetchone()[0]

        count = raw.execute("SELECT count(*) FROM mapping_contribution WHERE geometry && ST_MakeEnvelope(%s, %s, %s, %s, 4326)",
                            viewport).fetchone()[0]
        client = Client()
        polygon = Polygon.from_bbox(viewport)
        rows = []
        raw_ms = _median_ms(raw_viewport)
        rows.append(("raw PostGIS over psycopg (the limit)", raw_ms))
        rows.append(("selector contribution_layer()", _median_ms(lambda: contribution_layer(module=module, bbox=polygon, zoom=18))))
        rows.append(("view in-process (Django test client)", _median_ms(lambda: client.get(layer_path).content)))

        port = _free_port()
        env = {**os.environ, "DATABASE_URL": f"postgis://{database['USER']}@{database['HOST']}:{database['PORT']}/{bench_name}",
               "DJANGO_SETTINGS_MODULE": "geo_participation.settings.test"}
        server = subprocess.Popen([sys.executable, "-m", "gunicorn", "geo_participation.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}",
                                   "--log-level", "warning"], cwd=ROOT, env=env)
        session = requests.Session()
        url = f"http://127.0.0.1:{port}{layer_path}"
        for _ in range(100):
            try:
                if session.get(url, timeout=5).status_code == 200:
                    break
            except requests.ConnectionError:
                time.sleep(0.1)

        def over_http(path=layer_path):
            # The standard library's client: what is measured is the server, not a client library's parsing.
            http = HTTPConnection("127.0.0.1", port)
            http.request("GET", path)
            body = http.getresponse().read()
            http.close()
            return body

        rows.append(("HTTP, gunicorn with 2 sync workers", _median_ms(over_http)))

        print(f"\nViewport of {count:,} points among {POINTS:,} (median of {ROUNDS} runs):")
        for label, ms in rows:
            print(f"  {label:<40} {ms:7.1f} ms   {ms / raw_ms:4.2f}× raw")
        worst = max(ms for _label, ms in rows[1:]) / raw_ms
        print(f"  goal ≤ 1.20× raw: {'met' if worst <= 1.2 else 'NOT met'} ({worst:.2f}×)")

        done, lock, stop = [0], threading.Lock(), time.perf_counter() + 3

        def hammer():
            while time.perf_counter() < stop:
                over_http()
                with lock:
                    done[0] += 1

        workers = [threading.Thread(target=hammer) for _ in range(4)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        print(f"  HTTP throughput, 4 clients for 3 s: {done[0] / 3:.0f} requests/s (goal ≥ 60)")

        city = Polygon.from_bbox(CITY_BBOX)
        raw_city = raw.execute("SELECT count(*) FROM mapping_contribution WHERE geometry && ST_MakeEnvelope(%s, %s, %s, %s, 4326)",
                               CITY_BBOX).fetchone()[0]
        cluster_ms = _median_ms(lambda: contribution_layer(module=module, bbox=city, zoom=12), rounds=7)
        print(f"\nClustered layer of the whole city at zoom 12 ({raw_city:,} points): {cluster_ms:.0f} ms")

        # The limit for the export: the same public properties (with the same joins) as one string from PostGIS.
        export_raw = (
            "SELECT '{\"type\":\"FeatureCollection\",\"features\":[' || string_agg(ST_AsGeoJSON(t.*, 'geometry', 6), ',') || ']}' "
            "FROM (SELECT c.id, c.geometry, c.title, c.description, c.category_id AS category, k.name AS category_name, "
            "c.attributes, d.name AS district, c.support_count, coalesce(u.username, 'gelöschtes Konto') AS author, c.created_at "
            "FROM mapping_contribution c LEFT JOIN mapping_category k ON k.id = c.category_id "
            "LEFT JOIN geo_administrativearea d ON d.id = c.district_id LEFT JOIN accounts_user u ON u.id = c.author_id "
            "WHERE c.module_id = %s AND c.status = 'approved' ORDER BY c.id) AS t")
        raw_export_ms = _median_ms(lambda: raw.execute(export_raw, [module.pk]).fetchone()[0], rounds=3)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        export_url = f"http://127.0.0.1:{port}/api/mapping/{module.slug}/contributions/export/"
        export_ms = _median_ms(lambda: sum(len(c) for c in session.get(export_url, stream=True).iter_content(65536)), rounds=3)
        in_process = Client()
        started = time.perf_counter()
        size = sum(len(chunk) for chunk in in_process.get(f"/api/mapping/{module.slug}/contributions/export/").streaming_content)
        in_process_ms = (time.perf_counter() - started) * 1000
        growth = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
        print(f"Export of all {POINTS:,} (with every public property, {size / 2**20:.0f} MiB):")
        print(f"  raw PostGIS, one string, same properties       {raw_export_ms:7.0f} ms")
        print(f"  streamed in-process                            {in_process_ms:7.0f} ms   {in_process_ms / raw_export_ms:4.2f}× raw, "
              f"memory growth {growth:.0f} MiB")
        print(f"  streamed through HTTP                          {export_ms:7.0f} ms   {export_ms / raw_export_ms:4.2f}× raw")
        raw.close()
    finally:
        if server:
            server.terminate()
            server.wait()
        connection.creation.destroy_test_db(bench_name, verbosity=0)


if __name__ == "__main__":
    main()
