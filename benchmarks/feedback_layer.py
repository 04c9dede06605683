"""Benchmark: the feedback format's map reads against raw PostGIS, measured in the same run.

    DATABASE_URL=postgis://... python -m benchmarks.feedback_layer [--features 300] [--opinions 100000]

Loads synthetic lines and opinions inside a transaction that is rolled back at the end (nothing stays), then
times, as medians of several runs:
  - raw: one hand-written SQL statement over psycopg that returns the same FeatureCollection (the limit),
  - ours: the selector the API uses, in-process, and the whole API view through Django's test client,
  - typical: DRF-GIS GeoFeatureModelSerializer over annotated model instances, for comparison.
Goal (see PERFORMANCE.md): ours ≤ 1.2 × raw in-process; the shared machines are noisy, so read ratios only.
"""

import argparse
import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_participation.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

GOAL = 1.2


class Rollback(Exception):
    pass


def median_ms(*fns, repeat: int) -> list[float]:
    """Median milliseconds of each function, run in turns so that the machine's noise hits them alike."""
    for fn in fns:
        fn()  # warm the caches and the plan
    times = [[] for _ in fns]
    for _ in range(repeat):
        for index, fn in enumerate(fns):
            started = time.perf_counter()
            fn()
            times[index].append((time.perf_counter() - started) * 1000)
    return [statistics.median(t) for t in times]


def load(features: int, opinions: int):
    from geo_participation.accounts.models import User
    from geo_participation.projects.models import Module, Project

    project = Project.objects.create(title="Benchmark", slug="benchmark-feedback", summary="-", topic="mobilitaet",
                                     office="-")
    now = timezone.now()
    module = Module.objects.create(project=project, format_key="feedback", title="Benchmark", slug="benchmark-feedback",
                                   start=now - timezone.timedelta(days=1), end=now + timezone.timedelta(days=1))
    per_feature = max(1, opinions // features)
    User.objects.bulk_create([User(username=f"bench-{i}", email=f"bench-{i}@example.org", password="!")
                              for i in range(per_feature)])
    with connection.cursor() as cursor:
        # Short lines with 2 to 20 vertices inside the city's bounding box.
        cursor.execute("""
            INSERT INTO feedback_feature (module_id, name, slug, description, status_text, geometry, source, weight,
                                          created_at, updated_at)
            SELECT %s, 'Straße ' || g, 'strasse-' || g, '', '', ST_Multi(ST_SetSRID(ST_MakeLine(ARRAY(
                       SELECT ST_MakePoint(x + v * 0.0004, y + v * 0.0002 * sin(v + g))
                       FROM generate_series(0, 1 + (g %% 19)) AS v)), 4326)), '', 0, now(), now()
            FROM (SELECT g, 7.70 + random() * 0.12 AS x, 49.41 + random() * 0.05 AS y
                  FROM generate_series(1, %s) AS g) AS t
        """, [module.pk, features])
        cursor.execute("""
            INSERT INTO feedback_opinion (feature_id, author_id, rating, comment, point, status, moderation_reason,
                                          created_at, updated_at)
            SELECT f.id, u.id, (ARRAY['good', 'okay', 'bad'])[1 + floor(random() * 3)::int],
                   CASE WHEN random() < 0.3 THEN 'Kommentar von ' || u.username ELSE '' END,
                   CASE WHEN random() < 0.3 THEN ST_LineInterpolatePoint(ST_GeometryN(f.geometry, 1), random()) END,
                   CASE WHEN random() < 0.9 THEN 'approved' ELSE 'pending' END, '', now(), now()
            FROM feedback_feature f CROSS JOIN accounts_user u
            WHERE f.module_id = %s AND u.username LIKE 'bench-%%'
        """, [module.pk])
        cursor.execute("ANALYZE feedback_feature; ANALYZE feedback_opinion;")
    return module


RAW_FEATURES_SQL = """
    SELECT '{"type":"FeatureCollection","features":[' || coalesce(string_agg(
        '{"type":"Feature","id":' || f.id || ',"geometry":' || coalesce(ST_AsGeoJSON(f.geometry, 6), 'null')
        || ',"properties":' || json_build_object(
            'name', f.name, 'slug', f.slug, 'status', f.status_text, 'url', 'http://testserver/x/' || f.slug || '/',
            'has_course', f.geometry IS NOT NULL, 'good', c.good, 'okay', c.okay, 'bad', c.bad,
            'total', c.good + c.okay + c.bad,
            'verdict', CASE WHEN c.good + c.okay + c.bad = 0 THEN 'none'
                            WHEN 3 * (c.good - c.bad) >= c.good + c.okay + c.bad THEN 'good'
                            WHEN 3 * (c.bad - c.good) >= c.good + c.okay + c.bad THEN 'bad' ELSE 'mixed' END)::text
        || '}', ',' ORDER BY f.weight, f.name, f.id), '') || ']}'
    FROM feedback_feature f
    CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE rating = 'good') AS good,
                               count(*) FILTER (WHERE rating = 'okay') AS okay,
                               count(*) FILTER (WHERE rating = 'bad') AS bad
                        FROM feedback_opinion o WHERE o.feature_id = f.id AND o.status = 'approved') c
    WHERE f.module_id = %s
"""

RAW_SPOTS_SQL = """
    SELECT '{"type":"FeatureCollection","features":[' || coalesce(string_agg(
        '{"type":"Feature","id":' || t.id || ',"geometry":' || ST_AsGeoJSON(t.point, 6)
        || ',"properties":' || json_build_object('feature', t.feature_id, 'feature_name', f.name, 'rating', t.rating,
                                                 'comment', t.comment, 'author', u.username,
                                                 'created_at', t.created_at, 'updated_at', t.updated_at)::text
        || '}', ',' ORDER BY t.created_at DESC, t.id DESC), '') || ']}'
    FROM (SELECT o.* FROM feedback_opinion o JOIN feedback_feature f ON f.id = o.feature_id
          WHERE f.module_id = %s AND o.status = 'approved' AND o.point IS NOT NULL
          ORDER BY o.created_at DESC, o.id DESC LIMIT 1000) AS t
    JOIN feedback_feature f ON f.id = t.feature_id
    LEFT JOIN accounts_user u ON u.id = t.author_id
"""


def raw(sql: str, module_id: int):
    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, [module_id])
            return cursor.fetchone()[0]
    return run


def typical_features(module):
    """What a typical GeoDjango app does: model instances with annotated counts through DRF-GIS."""
    from rest_framework_gis.serializers import GeoFeatureModelSerializer

    from maps.feedback.models import Feature

    class Serializer(GeoFeatureModelSerializer):
        class Meta:
            model = Feature
            geo_field = "geometry"
            fields = ["id", "name", "good", "okay", "bad"]

    from rest_framework import serializers

    Serializer._declared_fields.update({name: serializers.IntegerField() for name in ("good", "okay", "bad")})
    approved = Q(opinions__status="approved")

    def run():
        queryset = Feature.objects.filter(module=module).annotate(
            good=Count("opinions", filter=approved & Q(opinions__rating="good")),
            okay=Count("opinions", filter=approved & Q(opinions__rating="okay")),
            bad=Count("opinions", filter=approved & Q(opinions__rating="bad")))
        return Serializer(queryset, many=True).data
    return run


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--features", type=int, default=300)
    parser.add_argument("--opinions", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]

    from maps.feedback.selectors import Page, features_geojson, opinions_geojson

    try:
        with transaction.atomic():
            started = time.perf_counter()
            module = load(args.features, args.opinions)
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM feedback_opinion o JOIN feedback_feature f ON f.id = o.feature_id "
                               "WHERE f.module_id = %s", [module.pk])
                count = cursor.fetchone()[0]
            print(f"Loaded {args.features} lines and {count} opinions in {time.perf_counter() - started:.1f} s "
                  f"(rolled back at the end).\n")
            client = Client()
            base = "http://testserver/bewertung/benchmark-feedback/"
            cases = [
                ("Features with counts (whole layer)", raw(RAW_FEATURES_SQL, module.pk),
                 lambda: features_geojson(module=module, base_url=base, page=Page(limit=1000)),
                 lambda: client.get(f"/api/feedback/{module.slug}/features/", {"limit": 1000}).content,
                 typical_features(module)),
                ("1,000 published spots", raw(RAW_SPOTS_SQL, module.pk),
                 lambda: opinions_geojson(module=module, with_point=True, page=Page(limit=1000)),
                 lambda: client.get(f"/api/feedback/{module.slug}/opinions/", {"with_point": "true", "limit": 1000}).content,
                 None),
            ]
            print(f"{'read':<38} {'raw SQL':>9} {'ours':>9} {'ratio':>6} {'via HTTP':>9} {'ratio':>6} {'typical':>9} {'ratio':>6}")
            verdicts = []
            for label, baseline, ours, http, typical in cases:
                raw_ms, ours_ms, http_ms = median_ms(baseline, ours, http, repeat=args.repeat)
                typical_ms = median_ms(typical, repeat=max(3, args.repeat // 3))[0] if typical else None
                typical_text = f"{typical_ms:8.1f}ms {typical_ms / raw_ms:5.1f}×" if typical_ms else f"{'–':>9} {'':>6}"
                print(f"{label:<38} {raw_ms:7.1f}ms {ours_ms:7.1f}ms {ours_ms / raw_ms:5.2f}× {http_ms:7.1f}ms "
                      f"{http_ms / raw_ms:5.2f}× {typical_text}")
                verdicts.append((label, ours_ms / raw_ms))
            print()
            for label, ratio in verdicts:
                print(f"{label}: {'meets' if ratio <= GOAL else 'MISSES'} the goal of ≤ {GOAL}× raw in-process ({ratio:.2f}×)")
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
