"""Mapbox vector tiles of a layer, written by PostGIS (ST_AsMVT) in one statement per tile.

Below CLUSTER_BELOW_ZOOM the places of a tile are grouped per cell of CLUSTER_CELL tile units (a quarter of the
tile: 64 px on a 256 px tile), each cell a point at the cell's centre with a ``count`` (and the ``id`` when it holds
one place): the cells are fixed to the world, so any two groups, in one tile or in neighbouring ones, are 64 px apart
and no bubble (56 px at most) covers another, as on the GeoJSON layer (mapping.selectors). At the mean of its places,
a group near a cell's edge sat on its neighbour's. From that zoom on, every place is a feature with the layer's short
attributes, where it is.
Rows are found through the geometry index with the tile's box (plus the buffer around it for single features).
"""

from __future__ import annotations

import math

from django.db import connection
from django.db.models import F

from maps.geo.layers import Layer, RowQuery, rows_sql

EXTENT, BUFFER = 4096, 64
CLUSTER_BELOW_ZOOM = 17  # as the public map's GeoJSON layer (mapping.selectors.CLUSTER_BELOW_ZOOM)
CLUSTER_CELL = 1024  # 64 px on a 256 px tile, as the public map's GeoJSON clusters (mapping.selectors)
MAX_ZOOM = 22
HALF_WORLD = 20037508.342789244  # Web Mercator's half circumference in metres


def mercator_bounds(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    size = 2 * HALF_WORLD / 2 ** z
    west, north = -HALF_WORLD + x * size, HALF_WORLD - y * size
    return west, north - size, west + size, north


def _lon_lat(mx: float, my: float) -> tuple[float, float]:
    lon = mx / HALF_WORLD * 180
    lat = math.degrees(2 * math.atan(math.exp(my / HALF_WORLD * math.pi)) - math.pi / 2)
    return lon, lat


def envelope(z: int, x: int, y: int, *, buffer: float = 0.0) -> tuple[float, float, float, float]:
    """The tile's box in degrees (a Web Mercator tile is a lon/lat rectangle), widened by ``buffer`` of its size."""
    west, south, east, north = mercator_bounds(z, x, y)
    margin = (east - west) * buffer
    west, south = _lon_lat(max(west - margin, -HALF_WORLD), max(south - margin, -HALF_WORLD))
    east, north = _lon_lat(min(east + margin, HALF_WORLD), min(north + margin, HALF_WORLD))
    return west, max(south, -89.9), east, min(north, 89.9)


def _anchor(column: str) -> str:
    return f"CASE WHEN GeometryType({column}) = 'POINT' THEN {column} ELSE ST_PointOnSurface({column}) END"


def tile_sql(layer: Layer, q: RowQuery, z: int, x: int, y: int) -> tuple[str, list]:
    """The statement answering one tile (a bytea), and its parameters."""
    name = layer.key
    if z < CLUSTER_BELOW_ZOOM:
        q.envelope = envelope(z, x, y)
        inner, params = rows_sql(layer, q, fields=("id", ("g", F(layer.geometry_field))), ordered=False)
        west, south, east, north = mercator_bounds(z, x, y)
        scale = EXTENT / (east - west)
        # Each place's position is computed once (the fenced step): repeated in every expression that uses it, the
        # transformation ran six times a place and the plan's cost set off PostgreSQL's JIT compiler (0.6 s).
        sql = f"""
            SELECT ST_AsMVT(t, %s, {EXTENT}, 'geom') FROM (
                SELECT ST_MakePoint(floor(p.px / {CLUSTER_CELL}) * {CLUSTER_CELL} + {CLUSTER_CELL // 2},
                                    floor(p.py / {CLUSTER_CELL}) * {CLUSTER_CELL} + {CLUSTER_CELL // 2}) AS geom,
                       count(*)::integer AS count,
                       CASE WHEN count(*) = 1 THEN min(p.id) END AS id
                FROM (
                    SELECT s.id, (ST_X(s.m) - %s) * %s AS px, (%s - ST_Y(s.m)) * %s AS py
                    FROM (SELECT r.id, ST_Transform({_anchor('r.g')}, 3857) AS m FROM ({inner}) AS r OFFSET 0) AS s
                    OFFSET 0
                ) AS p
                WHERE p.px >= 0 AND p.px < {EXTENT} AND p.py >= 0 AND p.py < {EXTENT}
                GROUP BY floor(p.px / {CLUSTER_CELL}), floor(p.py / {CLUSTER_CELL})
            ) AS t"""
        return sql, [name, west, scale, north, scale, *params]
    q.envelope = envelope(z, x, y, buffer=BUFFER / EXTENT)
    inner, params = rows_sql(layer, q, ordered=False)
    columns = "".join(f', r."{c.column}" AS "{c.name}"' for c in layer.tile_columns)
    sql = f"""
        SELECT ST_AsMVT(t, %s, {EXTENT}, 'geom', 'id') FROM (
            SELECT r.id, ST_AsMVTGeom(ST_Transform(r.geometry, 3857), ST_TileEnvelope(%s, %s, %s), {EXTENT}, {BUFFER}, true)
                   AS geom{columns}
            FROM ({inner}) AS r
        ) AS t WHERE t.geom IS NOT NULL"""
    return sql, [name, z, x, y, *params]


def tile(layer: Layer, q: RowQuery, z: int, x: int, y: int) -> bytes:
    sql, params = tile_sql(layer, q, z, x, y)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        data = cursor.fetchone()[0]
    return bytes(data) if data is not None else b""
