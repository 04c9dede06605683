"""Downloads of a layer, built by PostGIS and streamed, so that a million features take constant memory here:

- GeoJSON (RFC 7946, lon/lat): every feature written by the database, read from a server-side cursor in batches;
- CSV: the database writes it (COPY … TO STDOUT), with the geometry as WKT and a point's lon/lat; text that a
  spreadsheet would run as a formula (= + - @ at the start) is written as text;
- GeoPackage: GDAL's ogr2ogr reads PostGIS itself (a ``PG:`` source and the layer's SQL) into a temporary file,
  which is streamed out and deleted.

Each carries the layer's licence and attribution: GeoJSON as members of the collection, the GeoPackage in the
layer's description, its metadata and a table ``lizenz``, CSV in a side file (``licence.txt``) that the download
links in its ``Link`` header (a comment line would break the spreadsheet and GIS programs reading it).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tempfile

from django.conf import settings
from django.db import connection
from django.utils import timezone

from maps.geo.geojson import feature_sql
from maps.geo.layers import PRECISION, Layer, RowQuery, TextAsBytes, features_rows_sql, geometry_sql, rows_sql

GEOJSON_BATCH = 5000  # features a fetch: ~2 MB in hand at a time, few round trips
GPKG_TIMEOUT = int(getattr(settings, "GPKG_EXPORT_TIMEOUT", 600))
OGR2OGR = shutil.which("ogr2ogr") or "ogr2ogr"


def filename(layer: Layer, extension: str, srid: int | None = None) -> str:
    return f"{layer.key}{f'-epsg{srid}' if srid and srid != 4326 else ''}.{extension}"


def collection_members(layer: Layer, *, filters: dict | None = None) -> dict:
    """What a downloaded collection says about itself (RFC 7946 foreign members), before its features."""
    return {"name": layer.key, "title": layer.title, "license": layer.licence, "license_url": layer.licence_url,
            "attribution": layer.attribution, "filters": filters or {},
            "generated_at": timezone.now().isoformat(timespec="seconds")}


def stream_geojson(layer: Layer, q: RowQuery, *, filters: dict | None = None):
    """The layer's features as one FeatureCollection, piece by piece (bytes)."""
    rows, params = features_rows_sql(layer, q)
    members = json.dumps(collection_members(layer, filters=filters), ensure_ascii=False, default=str)[1:-1]
    yield f'{{"type":"FeatureCollection",{members},"features":['.encode()
    first = True
    with connection.chunked_cursor() as cursor:
        cursor.cursor.adapters.register_loader("text", TextAsBytes)  # passed on as PostgreSQL wrote them
        cursor.execute(f"SELECT {feature_sql(PRECISION[4326])} FROM ({rows}) AS f", params)
        while batch := cursor.fetchmany(GEOJSON_BATCH):
            # One piece per batch, not per feature: the server writes a few large chunks.
            yield (b"" if first else b",") + b",".join(feature for (feature,) in batch)
            first = False
    yield b"]}"


def _spreadsheet_safe(expression: str) -> str:
    """Text that a spreadsheet shows as text: one starting with = + - @ (or a tab or return) gets a leading '."""
    return (f"CASE WHEN left({expression}, 1) IN ('=', '+', '-', '@', E'\\t', E'\\r') "
            f"THEN '''' || {expression} ELSE {expression} END")


def csv_sql(layer: Layer, q: RowQuery, *, srid: int) -> str:
    """The COPY statement writing the layer as CSV (semicolons, for German spreadsheets; a header row)."""
    inner, params = rows_sql(layer, q, columns=layer.flat_columns)
    columns = ["r.id"]
    for column in layer.flat_columns:
        value = f'r."{column.column}"'
        if column.kind == "string":
            value = _spreadsheet_safe(value)
        elif column.kind == "datetime":
            value = f"to_char({value} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
        columns.append(f'{value} AS "{column.name}"')
    columns += [f"ST_AsText({geometry_sql(srid, geometry_type=layer.geometry_type)}, {PRECISION[srid]}) AS wkt",
                "round(ST_X(a.p)::numeric, 6) AS lon", "round(ST_Y(a.p)::numeric, 6) AS lat"]
    select = (f"SELECT {', '.join(columns)} FROM ({inner}) AS r CROSS JOIN LATERAL (SELECT CASE WHEN "
              "GeometryType(r.geometry) = 'POINT' THEN r.geometry ELSE ST_PointOnSurface(r.geometry) END AS p) AS a")
    literal = connection.ops.compose_sql(select, params)
    return f"COPY ({literal}) TO STDOUT WITH (FORMAT csv, HEADER true, DELIMITER ';')"


def stream_csv(layer: Layer, q: RowQuery, *, srid: int = 4326):
    """The layer as CSV, written by PostgreSQL and passed on block by block (bytes)."""
    statement = csv_sql(layer, q, srid=srid)
    yield "\ufeff".encode()  # so that spreadsheet programs read UTF-8
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        with cursor.copy(statement) as copy:
            for block in copy:
                yield bytes(block)


def licence_text(layer: Layer) -> str:
    lines = [layer.title, "", layer.licence_text, ""]
    if layer.licence_url:
        lines.append(layer.licence_url)
    return "\n".join(lines) + "\n"


def _pg_source() -> tuple[str, dict]:
    """The ``PG:`` connection string of the database (its password in the environment, not on a command line)."""
    db = connection.settings_dict
    parts = {"dbname": db["NAME"], "host": db.get("HOST"), "port": db.get("PORT"), "user": db.get("USER"),
             "options": db.get("OPTIONS", {}).get("options")}
    source = "PG:" + " ".join(f"{key}='{value}'" for key, value in parts.items() if value)
    env = {**os.environ, "PGCLIENTENCODING": "UTF8"}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return source, env


GPKG_TYPES = {"Point": "Point", "LineString": "LineString", "Polygon": "Polygon", "MultiLineString": "MultiLineString"}


def gpkg_sql(layer: Layer, q: RowQuery, *, srid: int) -> str:
    """The SELECT ogr2ogr runs: the layer's flat columns and its geometry in ``srid``, parameters written in."""
    inner, params = rows_sql(layer, q, columns=layer.flat_columns)
    geometry = geometry_sql(srid, geometry_type=layer.geometry_type)
    kind = GPKG_TYPES.get(layer.geometry_type)
    if kind:
        geometry = f"{geometry}::geometry({kind}, {int(srid)})"
    else:
        geometry = f"{geometry}::geometry(Geometry, {int(srid)})"
    columns = ", ".join(f'r."{c.column}" AS "{c.name}"' for c in layer.flat_columns)
    return connection.ops.compose_sql(f"SELECT r.id, {columns}, {geometry} AS geom FROM ({inner}) AS r ORDER BY r.id", params)


class ExportFailed(Exception):
    pass


def geopackage(layer: Layer, q: RowQuery, *, srid: int = 25832):
    """The layer as a GeoPackage: an open file whose directory entry is already gone (it vanishes when closed)."""
    source, env = _pg_source()
    folder = tempfile.mkdtemp(prefix="gpkg-")
    path = os.path.join(folder, filename(layer, "gpkg", srid))
    table = layer.key.replace(".", "_").replace("-", "_")
    try:
        command = [OGR2OGR, "-f", "GPKG", path, source, "-sql", gpkg_sql(layer, q, srid=srid), "-nln", table,
                   "-lco", f"IDENTIFIER={layer.title}", "-lco", f"DESCRIPTION={licence_text(layer).strip()}",
                   "-mo", f"LICENSE={layer.licence}", "-mo", f"LICENSE_URL={layer.licence_url}",
                   "-mo", f"ATTRIBUTION={layer.attribution}", "-gt", "65536",
                   "--config", "OGR_PG_CURSOR_PAGE", "10000"]
        result = subprocess.run(command, env=env, capture_output=True, timeout=GPKG_TIMEOUT)
        if result.returncode != 0 or not os.path.exists(path):
            raise ExportFailed(result.stderr.decode("utf-8", "replace")[-2000:])
        _add_licence_table(path, layer)
        handle = open(path, "rb")  # noqa: SIM115 - handed to the response, which closes it
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return handle


def _add_licence_table(path: str, layer: Layer) -> None:
    """A table ``lizenz`` in the GeoPackage that every GIS program lists next to the layer."""
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE lizenz (id INTEGER PRIMARY KEY AUTOINCREMENT, ebene TEXT, lizenz TEXT, "
                   "lizenz_url TEXT, namensnennung TEXT)")
        db.execute("INSERT INTO lizenz (ebene, lizenz, lizenz_url, namensnennung) VALUES (?, ?, ?, ?)",
                   (layer.title, layer.licence, layer.licence_url, layer.attribution))
        db.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) "
                   "VALUES ('lizenz', 'attributes', 'Lizenz und Namensnennung', ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                   (layer.licence_text,))
    db.close()
