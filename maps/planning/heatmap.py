"""Hexagon heatmaps of a layer, served from per-cell counts that the database keeps current.

Cells are flat-topped hexagons in EPSG:25832 (so that sizes are true metres), the ones PostGIS draws with
``ST_Hexagon(size, i, j)`` around the origin of that system; ``size`` is the edge length (a cell is 2 × size wide)
and comes from a fixed ladder (CELL_SIZES). A place falls into the cell with the nearest centre
(``planning_hex_cell``: arithmetic, no grid to join); lines and areas count at a point on them.

The counts (``HeatCell``) are kept by statement-level triggers on each source table (``install_sql``): one
INSERT … ON CONFLICT per statement, with the changes of all its rows summed per cell and written in key order,
so that bulk updates cost one statement and concurrent writers neither lose counts nor deadlock on cells. Only
published places are counted; a heatmap that also shows those awaiting moderation counts its rows live.

k-anonymity: a cell holding fewer than ``HEATMAP_MIN_COUNT`` (k) places is never served, so that no single
resident can be located; the rule is stated in every answer's metadata.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from maps.geo.layers import HeatSource, Layer, RowQuery, fetch_one, rows_sql

CELL_SIZES = (50, 100, 200, 500, 1000)  # edge length in metres; changing it needs a migration (install_sql)
DEFAULT_CELL_SIZE = 200
# Only published places are counted: a new pin (pending) then costs its insert no counting, and the few places waiting
# for moderation are counted live when planners ask for them.
COUNTED_STATUSES = ("approved",)
ORIGIN = "ST_SetSRID(ST_MakePoint(0, 0), 25832)"
# The legend's class limits: the lowest value, the quintiles and the highest, as percentile_disc picks them (the value
# at position ceil(p × n) of the n sorted values), so that PostgreSQL can give them without sending every value.
QUANTILES = (0, 0.2, 0.4, 0.6, 0.8, 1)
QUANTILES_SQL = f"percentile_disc(ARRAY[{', '.join(map(str, QUANTILES))}]::float8[]) WITHIN GROUP (ORDER BY {{value}})"
PALETTE = ("#fee391", "#fec44f", "#fe9929", "#d95f0e", "#993404")  # light to dark (ColorBrewer YlOrBr)

# The cell of the nearest centre: columns are 1.5 × size apart, odd columns shifted up by half a row, as in
# ST_Hexagon; the nearest centre lies in one of the two columns around x. Plain SQL, so that the planner inlines it;
# each step is fenced (OFFSET 0), or the inlined expressions would repeat every intermediate value many times over
# (measured: twice as slow). Callers pass plain columns for x and y, never expressions (they would repeat too).
HEX_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION planning_hex_cell(x double precision, y double precision, size double precision)
RETURNS TABLE (i integer, j integer) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT CASE WHEN d0 <= d1 THEN c0 ELSE c0 + 1 END, CASE WHEN d0 <= d1 THEN j0 ELSE j1 END
    FROM (
        SELECT c0, j0, j1, (x - x0) * (x - x0) + (y - y0) * (y - y0) AS d0,
               (x - x0 - w) * (x - x0 - w) + (y - y1) * (y - y1) AS d1
        FROM (
            SELECT c0, w, x0, j0, j1, h * j0 + o0 AS y0, h * j1 + h / 2 - o0 AS y1
            FROM (
                SELECT c0, w, w * c0 AS x0, h, o0, round((y - o0) / h)::integer AS j0,
                       round((y - h / 2 + o0) / h)::integer AS j1
                FROM (
                    SELECT c0, w, h, (c0 & 1) * h / 2 AS o0
                    FROM (SELECT floor(x / (1.5::float8 * size))::integer AS c0, 1.5::float8 * size AS w,
                                 1.7320508075688772::float8 * size AS h OFFSET 0) AS a OFFSET 0
                ) AS b OFFSET 0
            ) AS c OFFSET 0
        ) AS d OFFSET 0
    ) AS e
$fn$;
"""


def _anchor(geometry: str) -> str:
    """A point of any geometry, in metres (EPSG:25832)."""
    return (f"ST_Transform(CASE WHEN GeometryType({geometry}) = 'POINT' THEN {geometry} "
            f"ELSE ST_PointOnSurface({geometry}) END, 25832)")


def _rows(source: HeatSource, table: str, sign: int, where: str = "") -> str:
    """The source's counted rows of ``table`` as changes: scope, status, facet, n (±1), w (± weight) and the
    point's x and y in metres (the point computed once per row: the step is fenced)."""
    def expr(sql: str) -> str:
        return sql.format(r="t")

    statuses = ", ".join(f"'{status}'" for status in COUNTED_STATUSES)
    return (f"SELECT s.scope, s.status, s.facet, s.n, s.w, ST_X(s.g) AS x, ST_Y(s.g) AS y FROM ("
            f"SELECT {expr(source.scope)} AS scope, {expr(source.status)} AS status, {expr(source.facet)} AS facet, "
            f"{sign} AS n, {sign} * ({expr(source.weight)}) AS w, {_anchor(expr(source.geometry))} AS g "
            f"FROM {table} AS t WHERE {expr(source.geometry)} IS NOT NULL AND {expr(source.status)} IN ({statuses}){where} "
            "OFFSET 0) AS s")


def _upsert(source: HeatSource, changes_sql: str, *, with_sql: str = "") -> str:
    """Sum the changes per cell of every size and add them to the counts, in key order (no deadlocks)."""
    sizes = ", ".join(f"({size})" for size in CELL_SIZES)
    return f"""{with_sql}
        INSERT INTO planning_heatcell AS c (source, scope, size, status, facet, i, j, count, weight)
        SELECT {source.id}, d.scope, z.size, d.status, d.facet, h.i, h.j, sum(d.n), sum(d.w)
        FROM ({changes_sql}) AS d CROSS JOIN (VALUES {sizes}) AS z(size)
        CROSS JOIN LATERAL planning_hex_cell(d.x, d.y, z.size) AS h
        GROUP BY d.scope, z.size, d.status, d.facet, h.i, h.j
        HAVING sum(d.n) <> 0 OR sum(d.w) <> 0
        ORDER BY d.scope, z.size, d.status, d.facet, h.i, h.j
        ON CONFLICT (source, scope, size, status, facet, i, j)
        DO UPDATE SET count = c.count + excluded.count, weight = c.weight + excluded.weight"""


def install_sql(source: HeatSource) -> str:
    """The trigger function and triggers that keep ``source``'s counts current (for a migration)."""
    table, name = source.table, f"planning_heat_{source.table}"

    def row(alias: str) -> str:
        parts = (source.scope, source.status, source.facet, source.weight, source.geometry)
        return "(" + ", ".join(part.format(r=alias) for part in parts) + ")"

    changed = (f"WITH changed AS (SELECT o.id FROM old_rows AS o JOIN new_rows AS n ON n.id = o.id "
               f"WHERE {row('o')} IS DISTINCT FROM {row('n')})")
    only_changed = " AND t.id IN (SELECT id FROM changed)"
    update = _upsert(source, f"{_rows(source, 'old_rows', -1, only_changed)} UNION ALL "
                             f"{_rows(source, 'new_rows', 1, only_changed)}", with_sql=changed)
    statuses = ", ".join(f"'{status}'" for status in COUNTED_STATUSES)

    def any_counted(table: str) -> str:  # a cheap look before the counting statement (a new pin is not counted)
        return f"EXISTS (SELECT 1 FROM {table} AS t WHERE {source.status.format(r='t')} IN ({statuses}))"

    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF {any_counted('new_rows')} THEN
            {_upsert(source, _rows(source, 'new_rows', 1))};
        END IF;
    ELSIF TG_OP = 'DELETE' THEN
        IF {any_counted('old_rows')} THEN
            {_upsert(source, _rows(source, 'old_rows', -1))};
        END IF;
    ELSIF TG_OP = 'UPDATE' THEN
        IF {any_counted('old_rows')} OR {any_counted('new_rows')} THEN
            {update};
        END IF;
    ELSE
        DELETE FROM planning_heatcell WHERE source = {source.id};
    END IF;
    RETURN NULL;
END
$fn$;
DROP TRIGGER IF EXISTS planning_heat_insert ON {table};
DROP TRIGGER IF EXISTS planning_heat_update ON {table};
DROP TRIGGER IF EXISTS planning_heat_delete ON {table};
DROP TRIGGER IF EXISTS planning_heat_truncate ON {table};
CREATE TRIGGER planning_heat_insert AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {name}();
CREATE TRIGGER planning_heat_update AFTER UPDATE ON {table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {name}();
CREATE TRIGGER planning_heat_delete AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {name}();
CREATE TRIGGER planning_heat_truncate AFTER TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {name}();
"""


def uninstall_sql(source: HeatSource) -> str:
    return "".join(f"DROP TRIGGER IF EXISTS planning_heat_{event} ON {source.table};"
                   for event in ("insert", "update", "delete", "truncate")) + \
        f"DROP FUNCTION IF EXISTS planning_heat_{source.table}();"


def recount_sql(source: HeatSource) -> str:
    """The counts of ``source`` computed from scratch (what the kept counts must equal)."""
    sizes = ", ".join(f"({size})" for size in CELL_SIZES)
    return f"""
        SELECT {source.id} AS source, d.scope, z.size, d.status, d.facet, h.i, h.j, sum(d.n) AS count, sum(d.w) AS weight
        FROM ({_rows(source, source.table, 1)}) AS d CROSS JOIN (VALUES {sizes}) AS z(size)
        CROSS JOIN LATERAL planning_hex_cell(d.x, d.y, z.size) AS h
        GROUP BY d.scope, z.size, d.status, d.facet, h.i, h.j"""


@transaction.atomic
def heatmap_rebuild(source: HeatSource) -> int:
    """Recount one source's cells from its rows (writers wait meanwhile); returns the number of cells."""
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {source.table} IN SHARE MODE")
        cursor.execute("DELETE FROM planning_heatcell WHERE source = %s", [source.id])
        cursor.execute("INSERT INTO planning_heatcell (source, scope, size, status, facet, i, j, count, weight) "
                       f"SELECT * FROM ({recount_sql(source)}) AS r")
        return cursor.rowcount


# --- serving

def min_count() -> int:
    return max(1, int(getattr(settings, "HEATMAP_MIN_COUNT", 5)))


def parse_cell_size(value) -> int:
    """The cell size in metres: one of CELL_SIZES."""
    if value in (None, ""):
        return DEFAULT_CELL_SIZE
    try:
        size = int(str(value).strip())
    except ValueError:
        size = None
    if size not in CELL_SIZES:
        raise ValidationError({"cell": _("Please choose a cell size of %(sizes)s metres.")
                               % {"sizes": ", ".join(str(s) for s in CELL_SIZES)}})
    return size


def parse_measure(value) -> str:
    if value in (None, "", "count"):
        return "count"
    if value == "weighted":
        return "weighted"
    raise ValidationError({"value": _("Please colour the cells by “count” or “weighted”.")})


def quantiles(values: list[int]) -> list[int]:
    """QUANTILES of sorted values, exactly as PostgreSQL's percentile_disc gives them (the same float arithmetic)."""
    return [values[max(0, math.ceil(p * len(values)) - 1)] for p in QUANTILES] if values else []


@dataclass
class Heatmap:
    layer: Layer
    size: int
    cells: list[tuple[int, int, int, int]]  # i, j, count, weighted
    served_from: str  # "counts" or "rows"
    statuses: tuple[str, ...]
    filters: dict
    measure: str = "count"
    limits: list[int] | None = None  # the measure's QUANTILES, where the cells are not needed themselves (None: from cells)

    @property
    def values(self) -> list[int]:
        return [cell[2] if self.measure == "count" else cell[3] for cell in self.cells]

    def classes(self) -> list[dict]:
        """Up to five classes of similar size (quantiles of the cells' values), for the legend and the PNG."""
        limits = self.limits if self.limits is not None else quantiles(sorted(self.values))
        if not limits:
            return []
        breaks = sorted(set(limits[1:]))
        classes, low = [], limits[0]
        for high in breaks:
            if high < low:
                continue
            classes.append({"from": low, "to": high})
            low = high + 1
        for index, cls in enumerate(classes):  # the top class is always the darkest colour
            cls["colour"] = PALETTE[len(PALETTE) - len(classes) + index]
        return classes

    def colour_of(self, value: int, classes: list[dict]) -> str:
        for cls in classes:
            if value <= cls["to"]:
                return cls["colour"]
        return classes[-1]["colour"] if classes else PALETTE[-1]

    def metadata(self) -> dict:
        k = min_count()
        layer = self.layer
        return {
            "layer": layer.key, "title": layer.title, "cell_size_m": self.size,
            "cell": _("flat-topped hexagons in EPSG:25832 with an edge length of %(size)d m (ST_Hexagon)") % {"size": self.size},
            "k_anonymity": {"k": k, "rule": _("Cells with fewer than %(k)d contributions are left out, so that no single "
                                              "resident can be located.") % {"k": k}},
            "properties": {"count": _("contributions in the cell"),
                           "weighted": _("contributions plus their supports (“me too”)")},
            "statuses": list(self.statuses), "filters": self.filters, "measure": self.measure,
            "classes": self.classes(), "served_from": self.served_from,
            "generated_at": timezone.now().isoformat(timespec="seconds"),
            "licence": layer.licence, "licence_url": layer.licence_url, "attribution": layer.attribution,
        }


def kept_counts_where(layer: Layer, q: RowQuery, size: int) -> tuple[str, list]:
    """The condition on planning_heatcell for a query the kept counts serve: one range of its primary key.

    Single values are compared with ``=``: with ``status = ANY(…)`` PostgreSQL filtered the status after the index
    instead of in it, and known scopes need no sub-select to plan.
    """
    heat = layer.heat
    conditions, params = ["source = %s", "size = %s"], [heat.source.id, size]
    statuses = list(q.statuses)
    conditions.append("status = %s" if len(statuses) == 1 else "status = ANY(%s)")
    params.append(statuses[0] if len(statuses) == 1 else statuses)
    scopes = heat.scopes(q.filters)
    if isinstance(scopes, list):
        conditions.append("scope = %s" if len(scopes) == 1 else "scope = ANY(%s::bigint[])")
        params.append(scopes[0] if len(scopes) == 1 else scopes)
    else:
        conditions.append(f"scope IN ({scopes[0]})")
        params.extend(scopes[1])
    facets = heat.facets(q.filters)
    if facets is not None:
        conditions.append("facet = ANY(%s::bigint[])")
        params.append(list(facets))
    return " AND ".join(conditions), params


def _cells_from_counts(layer: Layer, q: RowQuery, size: int) -> tuple[str, list]:
    where, params = kept_counts_where(layer, q, size)
    sql = (f"SELECT i, j, sum(count)::bigint AS n, sum(weight)::bigint AS w FROM planning_heatcell WHERE {where} "
           "GROUP BY i, j HAVING sum(count) >= %s")
    return sql, [*params, min_count()]


def _cells_from_rows(layer: Layer, q: RowQuery, size: int) -> tuple[str, list]:
    inner, params = rows_sql(layer, q, fields=(("g", F(layer.geometry_field)), ("w", layer.heat.weight)), ordered=False)
    sql = (f"SELECT h.i, h.j, count(*)::bigint AS n, sum(r.w)::bigint AS w FROM (SELECT ST_X(p.a) AS x, ST_Y(p.a) AS y, p.w "
           f"FROM (SELECT {_anchor('s.g')} AS a, s.w FROM ({inner}) AS s OFFSET 0) AS p) AS r "
           "CROSS JOIN LATERAL planning_hex_cell(r.x, r.y, %s) AS h GROUP BY h.i, h.j HAVING count(*) >= %s")
    return sql, [*params, size, min_count()]


def served_by_counts(layer: Layer, q: RowQuery) -> bool:
    """Whether the kept counts answer the query: published places only, filtered by nothing they do not know."""
    return (not q.matches_nothing and set(q.statuses) <= set(COUNTED_STATUSES) and q.bbox is None and q.envelope is None and q.start is None
            and q.end is None and q.ids is None and layer.heat.served(q.filters))


def cells_sql(layer: Layer, q: RowQuery, size: int) -> tuple[str, list, str]:
    """SQL selecting ``i, j, n, w`` of the cells with at least k places: from the kept counts where the filters
    allow, else live from the layer's rows (an indexed query of the filtered rows)."""
    if served_by_counts(layer, q):
        return (*_cells_from_counts(layer, q, size), "counts")
    return (*_cells_from_rows(layer, q, size), "rows")


def heatmap_cells(layer: Layer, q: RowQuery, *, size: int, filters: dict | None = None, measure: str = "count") -> Heatmap:
    sql, params, served_from = cells_sql(layer, q, size)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT i, j, n, w FROM ({sql}) AS c ORDER BY i, j", params)
        cells = cursor.fetchall()
    return Heatmap(layer=layer, size=size, cells=cells, served_from=served_from, statuses=q.statuses,
                   filters=filters or {}, measure=measure)


def heatmap_geojson(layer: Layer, q: RowQuery, *, size: int, filters: dict | None = None, measure: str = "count") -> bytes:
    """The heatmap as a GeoJSON FeatureCollection (RFC 7946, lon/lat) of hexagons, with the rule in its metadata.

    The cells, their polygons (ST_Hexagon's rings run counterclockwise, as RFC 7946 wants) and the values for the
    legend's classes come from one statement; the features arrive as the bytes of the answer.
    """
    sql, params, served_from = cells_sql(layer, q, size)
    feature = ("'{\"type\":\"Feature\",\"id\":\"' || c.i || '_' || c.j || '\",\"geometry\":' || "
               f"ST_AsGeoJSON(ST_Transform(ST_Hexagon(%s, c.i, c.j, {ORIGIN}), 4326), 6) || "
               "',\"properties\":{\"count\":' || c.n || ',\"weighted\":' || c.w || '}}'")
    value = "c.n" if measure == "count" else "c.w"
    # The legend's class limits come with the features: a list of a few thousand cells built and sorted in Python
    # for them cost more than PostgreSQL's sort, and sending every value more than picking six (benchmarks/README.md).
    features, limits = fetch_one(f"SELECT coalesce(string_agg({feature}, ','), ''), "
                                 f"{QUANTILES_SQL.format(value=value)} FROM ({sql}) AS c", [size, *params])
    heatmap = Heatmap(layer=layer, size=size, cells=[], limits=limits or [], served_from=served_from,
                      statuses=q.statuses, filters=filters or {}, measure=measure)
    head = json.dumps({"type": "FeatureCollection", "metadata": heatmap.metadata(), "license": layer.licence_text},
                      ensure_ascii=False, default=str)
    return b"".join((head[:-1].encode(), b',"features":[', features, b"]}"))  # one copy of the features
