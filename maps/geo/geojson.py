"""GeoJSON built by PostGIS, not object by object in Python (see PERFORMANCE.md: ~40x faster for 5,000 points).

A query hands in rows of ``(id, geometry, properties)``; PostGIS writes each feature and the collection.
"""

from django.db import connection

FEATURE_SQL = (
    "'{\"type\":\"Feature\",\"id\":' || to_json(f.id)::text"
    " || ',\"geometry\":' || ST_AsGeoJSON(f.geometry, %(precision)s)"
    " || ',\"properties\":' || coalesce(f.properties::text, '{}') || '}'"
)


def feature_collection(rows_sql: str, params: dict | None = None, *, precision: int = 6) -> str:
    """One FeatureCollection (a str) from ``rows_sql``, which selects ``id``, ``geometry`` and ``properties`` (json)."""
    sql = (
        "SELECT '{\"type\":\"FeatureCollection\",\"features\":[' "
        f"|| coalesce(string_agg({FEATURE_SQL}, ','), '') || ']}}' "
        f"FROM ({rows_sql}) AS f"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, {**(params or {}), "precision": precision})
        return cursor.fetchone()[0]


def stream_features(rows_sql: str, params: dict | None = None, *, precision: int = 6, chunk: int = 2000):
    """Yield a FeatureCollection piece by piece from a server-side cursor: memory stays flat for any size."""
    sql = f"SELECT {FEATURE_SQL} FROM ({rows_sql}) AS f"
    yield '{"type":"FeatureCollection","features":['
    first = True
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, {**(params or {}), "precision": precision})
        while rows := cursor.fetchmany(chunk):
            for (feature,) in rows:
                yield feature if first else "," + feature
                first = False
    yield "]}"
