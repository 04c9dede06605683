"""GeoJSON built by PostGIS, not object by object in Python (see PERFORMANCE.md: ~40x faster for 5,000 points).

A query hands in rows of ``(id, geometry, properties)``; PostGIS writes each feature and the collection.
A row without a geometry (an idea without a place) becomes a feature with ``"geometry":null``, as RFC 7946 allows;
without the coalesce, the whole feature would be NULL and string_agg would silently drop it.
``rows_sql`` may take its parameters by name (a dict) or by position (a list, as from a queryset's
``query.sql_with_params()``), so filters written with the ORM feed the same fast path.
"""

import json

from django.db import connection
from django.db.models import Func, TextField
from django.db.models.functions import Cast, JSONObject

FEATURE_SQL = (
    "'{\"type\":\"Feature\",\"id\":' || to_json(f.id)::text"
    " || ',\"geometry\":' || coalesce(ST_AsGeoJSON(f.geometry, %(precision)s), 'null')"
    " || ',\"properties\":' || coalesce(f.properties::text, '{}') || '}'"
)


class JSONBuildObject(JSONObject):
    """Properties as ``json_build_object``: json, not jsonb, is what PostgreSQL writes fastest, in the given order."""

    def as_postgresql(self, compiler, connection, **extra_context):
        copy = self.copy()
        copy.set_source_expressions([Cast(e, TextField()) if i % 2 == 0 else e
                                     for i, e in enumerate(copy.get_source_expressions())])
        return Func.as_sql(copy, compiler, connection, function="JSON_BUILD_OBJECT", **extra_context)


def feature_sql(precision: int = 6) -> str:
    """FEATURE_SQL with the precision written in, so that it works with either parameter style."""
    return FEATURE_SQL.replace("%(precision)s", str(int(precision)))


def queryset_sql(queryset) -> tuple[str, tuple]:
    """The SQL and parameters of a queryset that selects ``id``, ``geometry`` and ``properties``."""
    return queryset.query.sql_with_params()


def feature_collection(rows_sql: str, params=None, *, precision: int = 6, members: dict | None = None) -> str:
    """One FeatureCollection (a str) from ``rows_sql``, which selects ``id``, ``geometry`` and ``properties`` (json).

    ``members`` are added to the collection (e.g. ``numberMatched``), as OGC API Features does.
    """
    sql = (
        "SELECT '{\"type\":\"FeatureCollection\",\"features\":[' "
        f"|| coalesce(string_agg({feature_sql(precision)}, ','), '') || ']}}' "
        f"FROM ({rows_sql}) AS f"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params if params is not None else {})
        body = cursor.fetchone()[0]
    if members:
        body = body[:-1] + "".join(f",{json.dumps(key)}:{json.dumps(value)}" for key, value in members.items()) + "}"
    return body


def stream_features(rows_sql: str, params=None, *, precision: int = 6, chunk: int = 2000):
    """Yield a FeatureCollection piece by piece from a server-side cursor: memory stays flat for any size."""
    sql = f"SELECT {feature_sql(precision)} FROM ({rows_sql}) AS f"
    yield '{"type":"FeatureCollection","features":['
    first = True
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params if params is not None else {})
        while rows := cursor.fetchmany(chunk):
            # One piece per batch, not per feature: the server writes a few large chunks, not 100,000 small ones.
            yield ("" if first else ",") + ",".join(feature for (feature,) in rows)
            first = False
    yield "]}"
