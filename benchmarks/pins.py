"""Benchmark of the pin write path: how many contributions per second, none lost or doubled, against raw PostGIS.

    .venv/bin/python -m benchmarks.pins [--seconds 5] [--connections 16]

It creates its own database (``bench_pins``, plus $BENCH_DATABASE_SUFFIX if set; dropped afterwards)
with the real city boundary and districts on the server of DATABASE_URL, a map format with two categories and a
required attribute, and measures in one run:

1. raw PostGIS: one INSERT per pin with the same checks done in SQL (inside the area, the district it lies in),
   sent with bare psycopg 3 on 1 and 4 connections (the limit);
2. the service ``contribution_create`` in-process (reads the GeoJSON the API would get) on one connection;
3. the whole path through HTTP: gunicorn as the Docker image runs it, POST /api/mapping/<format>/contributions/
   with session authentication and CSRF, loaded by wrk; every request has its own title, so the database can tell
   whether any request was stored twice; and the CPU each request costs;
4. references on the same machine: gunicorn without Django, Django without a database, an authenticated POST.

Goal (PERFORMANCE.md): at least 1,000 votes or pins per second through HTTP, none double-counted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from benchmarks import _http

BENCH_DB = "bench_pins"
GOAL_HTTP = 1000
# Inside the city, inside a district: around the centre, where most pins will be.
CENTRE = (7.70, 49.42, 7.80, 49.47)

RAW_INSERT = """
INSERT INTO mapping_contribution (module_id, author_id, category_id, title, description, attributes, status,
                                  moderation_reason, support_count, created_at, updated_at, geometry, district_id)
SELECT %(module)s, %(author)s, %(category)s, %(title)s, '', %(attributes)s::jsonb, 'pending', '', 0, now(), now(), p.g,
       (SELECT d.id FROM geo_administrativearea d WHERE d.level = 'district' AND ST_Intersects(d.geometry, p.g)
        ORDER BY d.name LIMIT 1)
FROM (SELECT ST_SetSRID(ST_MakePoint(%(x)s, %(y)s), 4326) AS g) AS p
JOIN projects_module m ON m.id = %(module)s JOIN projects_project pr ON pr.id = m.project_id
WHERE ST_Covers(pr.area, p.g)
RETURNING id
"""


def make_format(slug: str):
    from tests.factories.mapping import make_map_module

    module = make_map_module(slug=slug)
    return module, module.map_categories.first()


def points(count: int, seed: int) -> list[tuple[float, float]]:
    """Random places around the centre that lie inside the city (its boundary is not a box)."""
    from django.contrib.gis.geos import Point

    from maps.geo.selectors import city_boundary

    city, rng, places = city_boundary().prepared, random.Random(seed), []
    west, south, east, north = CENTRE
    while len(places) < count:
        x, y = round(rng.uniform(west, east), 6), round(rng.uniform(south, north), 6)
        if city.covers(Point(x, y, srid=4326)):
            places.append((x, y))
    return places


def raw_postgis(module, category, users, count: int, connections: int) -> float:
    """Pins per second with bare psycopg, the checks in the statement: the limit for any Django path."""
    import psycopg

    chunks = [list(range(i, count, connections)) for i in range(connections)]
    places = points(count, seed=connections)

    def work(numbers):
        with psycopg.connect(_http.raw_conninfo(), autocommit=True) as conn:
            for n in numbers:
                x, y = places[n]
                row = conn.execute(RAW_INSERT, {"module": module.pk, "author": users[n % len(users)].pk,
                                                "category": category.pk, "title": f"raw {n}",
                                                "attributes": '{"tageszeit": "nacht"}', "x": x, "y": y}).fetchone()
                assert row is not None

    started = time.perf_counter()
    with ThreadPoolExecutor(connections) as pool:
        list(pool.map(work, chunks))
    return count / (time.perf_counter() - started)


def in_process(module, category, users, count: int) -> float:
    from maps.mapping.geometry import geometry_from_geojson
    from maps.mapping.selectors import map_module_by_slug
    from maps.mapping.services import contribution_create

    places = points(count, seed=99)
    started = time.perf_counter()
    for n in range(count):
        x, y = places[n]
        fresh = map_module_by_slug(slug=module.slug, for_writing=True)  # as each request reads it
        contribution_create(module=fresh, author=users[n % len(users)], title=f"service {n}", category=category,
                            geometry=geometry_from_geojson({"type": "Point", "coordinates": [x, y]}),
                            attributes={"tageszeit": "nacht"})
    return count / (time.perf_counter() - started)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5, help="length of each wrk run")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument("--raw-pins", type=int, default=2000, help="pins per raw and in-process measurement")
    parser.add_argument("--residents", type=int, default=500, help="residents adding pins through HTTP")
    args = parser.parse_args(argv)

    bench_db = _http.setup_django(BENCH_DB)

    from maps.mapping.models import Contribution

    cores = os.cpu_count()
    with _http.throwaway_database() as database_url:
        _http.load_city()
        print(f"Database {bench_db} with the real city boundary and districts; {cores} CPUs; "
              "the load generator runs on them too\n")
        conninfo = _http.raw_conninfo()
        users, sessions = _http.residents_with_sessions(args.residents, "pinner")
        rates = {}
        for label, connections in (("raw PostGIS, 1 connection", 1), ("raw PostGIS, 4 connections", 4)):
            module, category = make_format(f"raw{connections}")
            rates[label] = raw_postgis(module, category, users, args.raw_pins, connections)
        module, category = make_format("service")
        rates["service contribution_create, in-process, 1 connection"] = in_process(module, category, users, args.raw_pins // 2)
        raw_1 = rates["raw PostGIS, 1 connection"]
        print("In-process (pins/s):")
        for label, rate in rates.items():
            print(f"  {label:<58} {rate:7.0f}/s   {rate / raw_1:5.2f}× raw 1 conn")

        http_rate, consistent, loads = None, True, []
        if _http.WRK:
            # One line per request and never one line twice: a title found twice would be a pin stored twice.
            requests_count = int(rates["service contribution_create, in-process, 1 connection"] * 2 * args.seconds) + 1000
            places = points(requests_count, seed=7)

            def prepare():
                module, category = make_format(f"http-{random.randrange(10**6)}")
                path = f"/api/mapping/{module.slug}/contributions/"
                return _http.write_requests([
                    ("POST", path, sessions[n % len(sessions)], json.dumps({
                        "title": f"Pin {n}", "category": category.pk, "attributes": {"tageszeit": "nacht"},
                        "geometry": {"type": "Point", "coordinates": list(places[n])}}, separators=(",", ":")))
                    for n in range(requests_count)]), module

            print(f"\nThrough HTTP: wrk, {args.connections} connections, {args.seconds:g} s:")
            load, module = _http.run_load(database_url, "POST pin, gunicorn.conf.py (gthread workers)", prepare,
                                          connections=args.connections, seconds=args.seconds, conninfo=conninfo)
            stored = Contribution.objects.filter(module=module)
            count, distinct = stored.count(), stored.values("title").distinct().count()
            pins = load.count(201)
            consistent = (pins <= count <= pins + args.connections and distinct == count and load.server_errors == 0
                          and not stored.exclude(status="pending").exists())
            print(f"{load.line()}   {load.per_second / raw_1:5.2f}× raw")
            print(f"  {'':<58} 201: {pins}, stored {count} ({distinct} different), all waiting for moderation -> "
                  f"{'consistent' if consistent else 'INCONSISTENT'}")
            loads.append(load)
            http_rate = load.per_second
            print("\nReferences, same machine, same run:")
            for reference in _http.reference_loads(database_url, sessions, seconds=args.seconds,
                                                   connections=args.connections, conninfo=conninfo,
                                                   post_body='{"title":"x"}'):
                print(reference.line())
                loads.append(reference)
        else:
            print(_http.wrk_missing_note())

        if http_rate is None:
            print("\nGoal ≥ 1,000 pins/s through HTTP: not measured (needs wrk)")
            return 0
        print(f"\nGoal ≥ {GOAL_HTTP:,} pins/s through HTTP, none lost or doubled: "
              f"{_http.verdict(http_rate >= GOAL_HTTP and consistent)} "
              f"({http_rate:.0f} pins/s = {http_rate / raw_1:.2f}× raw on 1 connection; none lost or doubled: "
              f"{'yes' if consistent else 'NO'})")
        pin, bare, authenticated = loads[0], loads[2], loads[3]
        per_pin = sum(pin.cpu_ms.values())
        if per_pin:  # none when both runs stalled
            print(f"  Where the time goes: a pin costs {per_pin:.1f} ms of CPU ({pin.cpu_ms['django']:.1f} ms gunicorn+Django, "
                  f"{pin.cpu_ms['postgres']:.1f} ms PostgreSQL): {cores * 1000 / per_pin:.0f} pins/s at most on {cores} cores "
                  "if nothing else ran on them, not even the load generator.")
        print(f"  Django's floor: an authenticated POST that does nothing costs {sum(authenticated.cpu_ms.values()):.1f} ms "
              f"and ran at {authenticated.per_second:.0f}/s; every middleware without a database {bare.per_second:.0f}/s; "
              f"gunicorn without Django {loads[1].per_second:.0f}/s.")
        return 0 if consistent else 1


if __name__ == "__main__":
    sys.exit(main())
