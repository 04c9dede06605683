"""Map layers: every set of places the platform holds, described once for planners' downloads, the OGC API,
vector tiles and heatmaps.

A format declares its layers in its own folder: ``Format.layers`` names a function ``fn(module) -> list[Layer]``
(see ``maps/mapping/layers.py``). A layer says what its rows are (a queryset: the one place of its SQL), which
columns they carry, which filters it understands, whether anyone may see it or only planners, and its licence.
Everything else (GeoJSON, CSV, GeoPackage, OGC API items, tiles, heatmaps) is built from that here and in
``maps.planning``, by PostGIS.
"""

from __future__ import annotations

import math
import re
import dataclasses
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any, Callable

from django.conf import settings
from django.contrib.gis.geos import Polygon
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from psycopg.adapt import Loader

from geo_participation import formats
from geo_participation.core.moderation import ModerationStatus

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
EPSG_25832 = "http://www.opengis.net/def/crs/EPSG/0/25832"
EPSG_4326 = "http://www.opengis.net/def/crs/EPSG/0/4326"
# The reference systems every layer is served in: WGS 84 as lon/lat and ETRS89 / UTM 32N, the German
# municipalities' own, in metres. Short names (for downloads) and URIs (OGC API) both name them.
SRIDS = {CRS84: 4326, EPSG_25832: 25832, "EPSG:4326": 4326, "EPSG:25832": 25832, "4326": 4326, "25832": 25832}
CRS_URI = {4326: CRS84, 25832: EPSG_25832}
# What a bbox may span in each system: the earth in degrees; the zone's projected range with room to spare.
BBOX_LIMITS = {4326: (-180.0, -90.0, 180.0, 90.0), 25832: (-2_000_000.0, 0.0, 3_000_000.0, 10_000_000.0)}
# Decimal places: about 10 cm in degrees, 1 cm in metres.
PRECISION = {4326: 6, 25832: 2}
KEY = re.compile(r"[-a-z0-9_]{1,100}(\.[-a-z0-9_]{1,40})?")


@dataclass(frozen=True)
class Column:
    """One property of a layer's rows: ``kind`` is a JSON Schema type ("string", "integer", "number", "boolean")
    or "datetime" / "object". ``geojson`` columns are GeoJSON properties; ``flat`` ones are the columns of CSV,
    GeoPackage and vector tiles (where an object such as the attributes is spread into columns of its own)."""

    name: str
    kind: str = "string"
    label: str = ""
    geojson: bool = True
    flat: bool = True
    source: str = ""  # the column of the rows it comes from, if not ``name``
    tile: bool = True  # an attribute in vector tiles (long texts are left out there)

    @property
    def column(self) -> str:
        return self.source or self.name


@dataclass(frozen=True)
class FilterSpec:
    """A filter a layer understands, described for the workspace's form and the OGC API definition."""

    name: str  # the query parameter
    label: str
    kind: str = "choice"  # "choice" (one value), "choices" (several, comma-separated), "integer", "boolean"
    choices: tuple[tuple[str, str], ...] = ()
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True)
class HeatSource:
    """A table whose rows are counted per hexagon, kept current inside the database (``maps.planning.heatmap``).

    The SQL expressions read one row as ``{r}``: ``scope`` (a module, a feature) and ``facet`` (a category, a
    rating) are what the counts can be asked by, ``weight`` what a row weighs (1 + its supports, say).
    A format declares its source in its own ``layers.py`` and installs its triggers with a migration.
    """

    id: int  # stored in the counts: never change it
    table: str
    scope: str
    facet: str = "0"
    weight: str = "1"
    geometry: str = "{r}.geometry"
    status: str = "{r}.status"


HEAT_SOURCES: dict[int, HeatSource] = {}


def heat_source(source: HeatSource) -> HeatSource:
    """Register a heat source (at import of the format's layers module)."""
    if HEAT_SOURCES.get(source.id, source) != source:
        raise ValueError(f"Heat source {source.id} is declared twice.")
    HEAT_SOURCES[source.id] = source
    return source


@dataclass(frozen=True)
class HeatSpec:
    """How a layer's heatmap is counted: its source, and which of its filters the kept counts can answer.

    ``scopes(filters)`` gives the scope ids (a module, a format's features): a list of them where they are known,
    else SQL selecting them with its parameters;
    ``facets(filters)`` the facet ids asked for (categories, ratings), or None for all; ``served(filters)`` is False
    when a filter needs the rows themselves (an attribute, a district): then the grid is computed live from the
    rows, each weighing ``weight`` (an ORM expression; every row 1 unless the layer says otherwise).
    """

    source: HeatSource
    scopes: Callable[[Any], list[int] | tuple[str, tuple]]
    weight: Any = Value(1)
    facets: Callable[[Any], list[int] | None] = lambda filters: None
    served: Callable[[Any], bool] = lambda filters: True


@dataclass
class Layer:
    key: str
    title: str
    format_key: str
    queryset: Callable[..., QuerySet]  # fn(*, statuses, filters) -> rows of the model, filtered
    fields: tuple  # what the rows select: field names, or (name, expression) pairs; id and geometry included
    columns: tuple[Column, ...]
    description: str = ""
    module: Any = None
    geometry_type: str = "Point"  # an OGC/GeoJSON type, "Geometry" when mixed
    geometry_field: str = "geometry"
    time_field: str = "created_at"
    public: bool = True  # False: planners and staff only
    statuses: tuple[str, ...] = (ModerationStatus.APPROVED,)  # more than one: planners filter by status
    parse_filters: Callable[[Any], Any] = lambda query: None  # query parameters -> the format's filters, or 400
    filter_specs: Callable[[], list[FilterSpec]] = list
    filter_names: Callable[[], set[str]] = None  # the filters' names, cheaper than their full description
    heat: HeatSpec | None = None
    licence: str = ""
    licence_url: str = ""
    attribution: str = ""
    extent: Callable[[], tuple[float, float, float, float] | None] = lambda: None  # west, south, east, north (degrees)
    interval: tuple[datetime | None, datetime | None] = (None, None)
    # The rows' SQL per query shape, compiled once from ``rows_queryset`` (``rows_sql``): kept as long as the layer.
    compiled: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self):
        if self.filter_names is None:
            self.filter_names = lambda: {spec.name for spec in self.filter_specs()}

    @property
    def moderated(self) -> bool:
        return len(self.statuses) > 1

    @property
    def geojson_columns(self) -> list[Column]:
        return [c for c in self.columns if c.geojson]

    @property
    def flat_columns(self) -> list[Column]:
        return [c for c in self.columns if c.flat]

    @property
    def tile_columns(self) -> list[Column]:
        return [c for c in self.columns if c.flat and c.tile]

    @property
    def licence_text(self) -> str:
        """Licence and attribution in one line, for files and headers."""
        parts = [_("Licence: %(licence)s") % {"licence": self.licence}] if self.licence else []
        if self.licence_url:
            parts[-1:] = [f"{parts[-1]} ({self.licence_url})"] if parts else [self.licence_url]
        if self.attribution:
            parts.append(_("Attribution: %(attribution)s") % {"attribution": self.attribution})
        return ". ".join(parts)


def default_licence() -> dict:
    """The platform's open-data licence and attribution (settings), for layers to start from."""
    return {"licence": settings.OPEN_DATA_LICENCE, "licence_url": settings.OPEN_DATA_LICENCE_URL,
            "attribution": settings.OPEN_DATA_ATTRIBUTION}


# --- the registry: layers come from the formats that declare them

def layered_formats() -> list[formats.Format]:
    return [fmt for fmt in formats.all_formats() if fmt.layers]


def module_layers(module) -> list[Layer]:
    """The layers of one module, as its format declares them."""
    fmt = formats.get(module.format_key)
    return (fmt.call("layers", module) or []) if fmt.layers else []


# --- what a request asks of a layer

# ``WHERE false``: a queryset that still compiles to SQL (``.none()`` and ``pk__in=[]`` do not).
NOTHING = RawSQL("false", (), output_field=BooleanField())


@dataclass
class RowQuery:
    """Which rows of a layer: statuses, the format's filters, a box, a time range, and a window of ids."""

    statuses: tuple[str, ...] = (ModerationStatus.APPROVED,)
    filters: Any = None
    bbox: Polygon | None = None  # intersecting it exactly
    envelope: tuple[float, float, float, float] | None = None  # overlapping this box in degrees (vector tiles)
    start: datetime | None = None
    end: datetime | None = None  # exclusive
    after: int | None = None  # keyset paging: rows with a larger id
    offset: int = 0
    limit: int | None = None
    ids: tuple[int, ...] | None = None
    # A filter named a value the layer does not hold (a status, a category): no row matches, as with any filter
    # that finds nothing. The layer's filters say so themselves with a true ``matches_nothing``.
    nothing: bool = False

    @property
    def matches_nothing(self) -> bool:
        return self.nothing or bool(getattr(self.filters, "matches_nothing", False))


def rows_queryset(layer: Layer, q: RowQuery, *, fields: tuple | None = None, ordered: bool = True) -> QuerySet:
    """The layer's rows for the query, ordered by id (unless ``ordered`` is false: counts and tiles need no order),
    selecting ``fields`` (by default ``layer.fields``)."""
    queryset = layer.queryset(statuses=q.statuses, filters=q.filters)
    if q.matches_nothing:
        queryset = queryset.filter(NOTHING)
    if q.bbox is not None:
        queryset = queryset.filter(**{f"{layer.geometry_field}__intersects": q.bbox})
    elif q.envelope is not None:  # west, south, east, north: the index's own test, with no geometry to send
        column = queryset.model._meta.get_field(layer.geometry_field).column
        queryset = queryset.filter(RawSQL(f'"{queryset.model._meta.db_table}"."{column}" && '
                                          "ST_MakeEnvelope(%s, %s, %s, %s, 4326)", tuple(q.envelope),
                                          output_field=BooleanField()))
    else:
        queryset = queryset.filter(**{f"{layer.geometry_field}__isnull": False})
    if q.start is not None:
        queryset = queryset.filter(**{f"{layer.time_field}__gte": q.start})
    if q.end is not None:
        queryset = queryset.filter(**{f"{layer.time_field}__lt": q.end})
    if q.after is not None:
        queryset = queryset.filter(pk__gt=q.after)
    if q.ids is not None:
        queryset = queryset.filter(pk__in=q.ids)
    fields = layer.fields if fields is None else fields
    plain = [f for f in fields if isinstance(f, str)]
    named = dict(f for f in fields if not isinstance(f, str))
    queryset = queryset.order_by("pk") if ordered or q.limit is not None else queryset.order_by()
    queryset = queryset.values(*plain, **named)
    if q.limit is not None:
        queryset = queryset[q.offset:q.offset + q.limit]
    elif q.offset:
        queryset = queryset[q.offset:]
    return queryset


def fields_for(layer: Layer, columns) -> tuple:
    """The layer's fields that ``columns`` (and every output: id, geometry) need, so that nothing else is read."""
    wanted = {"id", "geometry", *(c.column for c in columns)}
    return tuple(f for f in layer.fields if (f if isinstance(f, str) else f[0]) in wanted)


def rows_sql(layer: Layer, q: RowQuery, *, columns=None, fields: tuple | None = None, ordered: bool = True
             ) -> tuple[str, list]:
    """``rows_queryset``'s SQL and parameters, selecting what ``columns`` need (or ``fields``; by default all).

    Compiling a queryset costs more CPU than PostgreSQL needs for a short page (benchmarks/README.md), so the SQL is
    compiled once per layer and query shape (the fields, statuses and filters, which of box, times, id window and
    paging are given) with stand-in values, and each request binds its own values where the stand-ins were. Where the
    stand-ins cannot be told apart in the compiled SQL, the query is compiled anew every time, as before.
    """
    if fields is None and columns is not None:
        fields = fields_for(layer, columns)
    shape = _shape(layer, q, fields, ordered)
    template = layer.compiled.get(shape) if shape is not None else False
    if template is None:
        template = _Template.compile(layer, q, fields, ordered)
        if len(layer.compiled) >= 200:  # filters' values are part of the shape: keep it bounded
            layer.compiled.clear()
        layer.compiled[shape] = template
    if template is False:
        sql, params = rows_queryset(layer, q, fields=fields, ordered=ordered).query.sql_with_params()
        return sql, list(params)
    return template.bind(q)


def _shape(layer: Layer, q: RowQuery, fields: tuple | None, ordered: bool) -> tuple | None:
    """What the compiled SQL depends on besides the values bound per request; None: not kept (an id list)."""
    if q.ids is not None or not (q.filters is None or _plain_dataclass(q.filters)):
        return None
    names = None if fields is None else tuple(f if isinstance(f, str) else f[0] for f in fields)
    return (names, ordered, q.statuses, repr(q.filters), q.matches_nothing, None if q.bbox is None else q.bbox.srid,
            q.bbox is None and q.envelope is not None, q.start is not None, q.end is not None, q.after is not None,
            q.limit is not None, bool(q.offset))


def _plain(value) -> bool:
    if value is None or isinstance(value, (bool, int, float, str)):
        return True
    if isinstance(value, (list, tuple)):
        return all(_plain(item) for item in value)
    return isinstance(value, dict) and all(_plain(k) and _plain(v) for k, v in value.items())


def _plain_dataclass(filters) -> bool:
    """Filters whose ``repr`` tells their values apart (no model instances, whose repr is only their name)."""
    return dataclasses.is_dataclass(filters) and all(_plain(getattr(filters, f.name)) for f in dataclasses.fields(filters))


# Stand-ins that no request sends (two sets: the SQL must come out the same with both).
_STAND_INS = (
    {"after": 7_340_111_222_333_444_555, "limit": 987_654_301, "offset": 123_456_701,
     "start": datetime(1901, 2, 3, 4, 5, 6, 7, tzinfo=UTC), "end": datetime(1902, 3, 4, 5, 6, 7, 8, tzinfo=UTC),
     "corners": (-179.1234567, -89.1234567, 179.1234561, 89.1234561)},
    {"after": 7_340_111_222_333_444_556, "limit": 987_654_302, "offset": 123_456_702,
     "start": datetime(1903, 2, 3, 4, 5, 6, 9, tzinfo=UTC), "end": datetime(1904, 3, 4, 5, 6, 7, 9, tzinfo=UTC),
     "corners": (-178.7654321, -88.7654321, 178.7654329, 88.7654329)},
)


@dataclass
class _Template:
    """A layer's rows' SQL for one query shape, with where each request's values go."""

    sql: str
    params: list
    slots: list[tuple[int, str]]  # (index in params, "bbox" | "start" | "end" | "after" | "envelope<n>")
    geography: bool = False
    paging: tuple[str, ...] = ()  # "limit", "offset": parameters appended to the SQL's end

    @classmethod
    def compile(cls, layer: Layer, q: RowQuery, fields: tuple | None, ordered: bool):
        """The template, or False where the stand-ins cannot be found exactly once (then nothing is kept)."""
        templates = [cls._compile_with(layer, q, fields, ordered, stand_in) for stand_in in _STAND_INS]
        first, second = templates
        if first is None or second is None or (first.sql, first.slots, first.paging) != (second.sql, second.slots, second.paging):
            return False
        return first

    @classmethod
    def _compile_with(cls, layer: Layer, q: RowQuery, fields, ordered: bool, stand_in: dict):
        from django.contrib.gis.db.backends.postgis.adapter import PostGISAdapter

        bbox = None
        if q.bbox is not None:
            bbox = Polygon.from_bbox(stand_in["corners"])
            bbox.srid = q.bbox.srid
        envelope = stand_in["corners"] if q.bbox is None and q.envelope is not None else None
        sample = RowQuery(statuses=q.statuses, filters=q.filters, nothing=q.nothing, bbox=bbox, envelope=envelope,
                          start=stand_in["start"] if q.start is not None else None,
                          end=stand_in["end"] if q.end is not None else None,
                          after=stand_in["after"] if q.after is not None else None,
                          limit=stand_in["limit"] if q.limit is not None else None,
                          offset=stand_in["offset"] if q.offset else 0)
        sql, params = rows_queryset(layer, sample, fields=fields, ordered=ordered).query.sql_with_params()
        params, slots, geography = list(params), [], False
        wanted = {"start": sample.start, "end": sample.end, "after": sample.after}
        for index, value in enumerate(params):
            if isinstance(value, PostGISAdapter):
                if bbox is not None and value.ewkb == bytes(bbox.ewkb):
                    slots.append((index, "bbox"))
                    geography = value.geography
                continue
            for name, expected in wanted.items():
                if expected is not None and type(value) is type(expected) and value == expected:
                    slots.append((index, name))
            if envelope is not None and type(value) is float and value in envelope:
                slots.append((index, f"envelope{envelope.index(value)}"))
        expected_slots = {name for name, value in wanted.items() if value is not None}
        expected_slots |= {"bbox"} if bbox is not None else set()
        expected_slots |= {f"envelope{n}" for n in range(4)} if envelope is not None else set()
        names = [name for _index, name in slots]
        if len(names) != len(set(names)) or set(names) != expected_slots:
            return None
        tail = " ".join(part for part in (f"LIMIT {sample.limit}" if sample.limit is not None else "",
                                          f"OFFSET {sample.offset}" if sample.offset else "") if part)
        paging = tuple(name for name, value in (("limit", sample.limit), ("offset", sample.offset or None)) if value)
        for value in (sample.limit, sample.offset or None):
            if value is not None and sql.count(str(value)) != 1:
                return None
        if tail:
            if not sql.endswith(" " + tail):
                return None
            sql = sql[:-len(tail)] + " ".join(f"{name.upper()} %s" for name in paging)
        return cls(sql=sql, params=params, slots=slots, geography=geography, paging=paging)

    def bind(self, q: RowQuery) -> tuple[str, list]:
        from django.contrib.gis.db.backends.postgis.adapter import PostGISAdapter

        params = list(self.params)
        for index, name in self.slots:
            if name == "bbox":
                params[index] = PostGISAdapter(q.bbox, geography=self.geography)
            elif name.startswith("envelope"):
                params[index] = float(q.envelope[int(name[-1])])
            elif name == "after":
                params[index] = int(q.after)
            else:
                params[index] = getattr(q, name)
        params += [int(q.limit) if name == "limit" else int(q.offset) for name in self.paging]
        return self.sql, params


def geometry_sql(srid: int, column: str = "r.geometry", *, geometry_type: str = "Geometry") -> str:
    """The geometry in the wanted reference system; polygons' outer rings counterclockwise (RFC 7946). Only
    polygons are turned: ST_ForcePolygonCCW copies every geometry it is given (a third of a 5,000-point page)."""
    expression = column if srid == 4326 else f"ST_Transform({column}, {int(srid)})"
    if geometry_type in ("Point", "LineString", "MultiLineString"):
        return expression
    if geometry_type in ("Polygon", "MultiPolygon"):
        return f"ST_ForcePolygonCCW({expression})"
    return (f"CASE WHEN GeometryType({column}) IN ('POLYGON', 'MULTIPOLYGON') THEN ST_ForcePolygonCCW({expression}) "
            f"ELSE {expression} END")


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def properties_sql(layer: Layer, alias: str = "r") -> str:
    """A json object of the layer's GeoJSON columns, written by PostgreSQL (json, in column order).

    A row of the columns, named as the properties, through ``row_to_json``: for a page of 5,000 contributions a
    seventh quicker than ``json_build_object`` with the same names and values (``benchmarks/README.md``), and
    without its spaces around every colon. PostgreSQL cuts names after 63 bytes, so a longer one goes the slow way.
    """
    columns = layer.geojson_columns
    if not columns or any(len(c.name.encode()) > 63 for c in columns):
        pairs = ", ".join(f"'{c.name}', {alias}.{_identifier(c.column)}" for c in columns)
        return f"json_build_object({pairs})"
    named = ", ".join(f"{alias}.{_identifier(c.column)} AS {_identifier(c.name)}" for c in columns)
    return f"(SELECT row_to_json(p) FROM (SELECT {named}) AS p)"


def features_rows_sql(layer: Layer, q: RowQuery, *, srid: int = 4326) -> tuple[str, tuple]:
    """Rows of ``id, geometry, properties`` for ``maps.geo.geojson``: the layer's features in ``srid``."""
    inner, params = rows_sql(layer, q, columns=layer.geojson_columns)
    return (f"SELECT r.id, {geometry_sql(srid, geometry_type=layer.geometry_type)} AS geometry, "
            f"{properties_sql(layer)} AS properties FROM ({inner}) AS r",
            params)


class TextAsBytes(Loader):
    """Text as the UTF-8 bytes PostgreSQL sent (register it on one cursor's adapters)."""

    def load(self, data) -> bytes:
        return bytes(data)


def fetch_one(sql: str, params) -> tuple:
    """One row of a statement, its text columns as the UTF-8 bytes PostgreSQL sent: a large GeoJSON goes out as it
    came, without decoding it to str and encoding it again (a few milliseconds per megabyte)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.cursor.adapters.register_loader("text", TextAsBytes)  # this cursor only
        cursor.execute(sql, params)
        return cursor.fetchone()


# --- query parameters every layer understands

def parse_crs(value: str | None, *, name: str = "crs", default: int = 4326) -> int:
    """A reference system named by URI or EPSG code: CRS84 (WGS 84, lon/lat) or EPSG:25832."""
    if value in (None, ""):
        return default
    srid = SRIDS.get(str(value).strip().strip("[]"))
    if srid is None:
        raise ValidationError({name: _("Unsupported reference system: %(value)s. Supported: %(supported)s.")
                               % {"value": str(value)[:80], "supported": f"{CRS84}, {EPSG_25832}"}})
    return srid


def bbox_numbers(value: str, *, srid: int = 4326, name: str = "bbox", either_order: bool = False
                 ) -> tuple[float, float, float, float]:
    """``minx,miny,maxx,maxy`` (or six numbers with heights) in the given system; a ValidationError naming the
    parameter if not. With ``either_order`` two opposite corners may come in any order (our own JSON API, whose
    schema cannot say that west lies before east); OGC API Features reads a swapped box as an error."""
    parts = str(value).split(",")
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        numbers = []
    if len(numbers) == 6:
        numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
    if len(numbers) != 4:
        raise ValidationError({name: _("Please give the bounding box as four numbers: west,south,east,north.")})
    if not all(math.isfinite(n) for n in numbers):
        raise ValidationError({name: _("The bounding box must consist of finite numbers.")})
    west, south, east, north = numbers
    ordered = west < east and south < north
    if either_order:
        (west, east), (south, north), ordered = sorted((west, east)), sorted((south, north)), True
    low_x, low_y, high_x, high_y = BBOX_LIMITS[srid]
    if not (ordered and low_x <= west and east <= high_x and low_y <= south and north <= high_y):
        raise ValidationError({name: _("The bounding box is out of range or its corners are swapped (west,south,east,north).")})
    return west, south, east, north


def parse_bbox(value: str, *, srid: int = 4326, name: str = "bbox", either_order: bool = False) -> Polygon:
    """A bounding box (``bbox_numbers``) as a polygon of that SRID."""
    polygon = Polygon.from_bbox(bbox_numbers(value, srid=srid, name=name, either_order=either_order))
    polygon.srid = srid
    return polygon


def _instant(text: str, *, name: str, end: bool) -> datetime | None:
    """One end of a time range: an RFC 3339 date-time, or a date (its whole day, in the city's time zone)."""
    text = text.strip()
    if text in ("", ".."):
        return None
    moment = None
    try:
        moment = parse_datetime(text.replace(" ", "T").replace("t", "T").replace("z", "Z"))
    except ValueError:
        moment = None
    if moment is not None:
        return moment if timezone.is_aware(moment) else timezone.make_aware(moment)
    try:
        day = parse_date(text)
    except ValueError:
        day = None
    if day is None:
        raise ValidationError({name: _("“%(value)s” is not a date or time. Please write e.g. 2025-05-01 or "
                                       "2025-05-01T18:00:00Z, a range as start/end (.. for open).")
                               % {"value": "".join(c for c in text if c.isprintable())[:40]}})
    moment = timezone.make_aware(datetime.combine(day, time.min))
    return _later(moment, timedelta(days=1)) if end else moment


def _later(moment: datetime, delta: timedelta) -> datetime:
    """``moment + delta``, or the last moment Python knows (the end of the year 9999) where that is beyond it."""
    try:
        return moment + delta
    except OverflowError:
        return moment.replace(month=12, day=31, hour=23, minute=59, second=59, microsecond=999999)


def parse_datetime_range(value: str | None, *, name: str = "datetime") -> tuple[datetime | None, datetime | None]:
    """``datetime`` as OGC API Features reads it: an instant, or ``start/end`` with ``..`` for an open end.

    Returns [start, end) with an exclusive end; a date means its whole day."""
    if value in (None, ""):
        return None, None
    text = str(value)
    if "/" in text:
        first, _sep, second = text.partition("/")
        start, end = _instant(first, name=name, end=False), _instant(second, name=name, end=True)
        if start is None and end is None and first.strip() != ".." and second.strip() != "..":
            raise ValidationError({name: _("Please give at least one end of the time range.")})
        return start, end  # one that ends before it starts holds nothing, as a filter that matches nothing
    start = _instant(text, name=name, end=False)
    if start is None:
        return None, None
    if "T" in text.upper():
        return start, _later(start, timedelta(microseconds=1))  # one instant
    return start, _instant(text, name=name, end=True)


def query_values(query, name: str) -> str:
    """A parameter's values, comma-separated, whether it came once (``a,b``) or repeated (``x=a&x=b``)."""
    if hasattr(query, "getlist"):
        return ",".join(str(v) for v in query.getlist(name) if v not in (None, ""))
    value = query.get(name)
    return ",".join(str(v) for v in value) if isinstance(value, (list, tuple)) else (value or "")


def parse_statuses(value: str | None, layer: Layer) -> tuple[str, ...]:
    """The statuses asked for (comma-separated) among those the layer holds; none asked: the published ones. A
    status the layer does not hold (``pending`` on a public layer) matches nothing: an empty tuple if none is left."""
    if value in (None, ""):
        return (ModerationStatus.APPROVED,)
    wanted = dict.fromkeys(part.strip() for part in str(value).split(","))
    return tuple(status for status in layer.statuses if status in wanted)


def status_choices(layer: Layer) -> list[tuple[str, str]]:
    labels = dict(ModerationStatus.choices)
    return [(status, str(labels.get(status, status))) for status in layer.statuses]


# Dates as a form sends them (the planners' API and the workspace), besides OGC API's ``datetime``.
FROM, TO = "from", "to"


def row_query_from(query, layer: Layer, *, bbox_srid: int = 4326, bbox_either_order: bool = False,
                   not_filters=()) -> tuple[RowQuery, dict]:
    """The rows a request asks for: ``status``, the format's filters, ``datetime`` (or ``from``/``to`` dates),
    ``bbox``. Returns the query and the filters as given (for the files' metadata); bad ones raise a
    ValidationError naming the parameter."""
    statuses = parse_statuses(query_values(query, "status"), layer)
    nothing = not statuses
    filters = layer.parse_filters(query)
    start, end = parse_datetime_range(query.get("datetime"))
    if query.get(FROM) or query.get(TO):
        since, _unused = parse_datetime_range(query.get(FROM), name=FROM) if query.get(FROM) else (None, None)
        until = parse_datetime_range(query.get(TO), name=TO)[1] if query.get(TO) else None
        start = max(filter(None, (start, since)), default=None)
        end = min(filter(None, (end, until)), default=None)
    bbox = parse_bbox(query["bbox"], srid=bbox_srid, either_order=bbox_either_order) if query.get("bbox") else None
    given = {name: query.get(name) for name in sorted(query.keys())
             if name not in not_filters and query.get(name) not in (None, "")}
    return RowQuery(statuses=statuses or (ModerationStatus.APPROVED,), filters=filters, bbox=bbox, start=start,
                    end=end, nothing=nothing), given
