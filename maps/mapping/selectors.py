"""Reads of the map format that pages, the API and exports share. Large reads are written by PostGIS."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from django.contrib.gis.geos import Polygon
from django.core.exceptions import ValidationError
from django.db import connection
from django.contrib.auth import get_user_model
from django.db.models import Case, Count, Q, When
from django.urls import reverse
from django.utils.translation import gettext as _
from psycopg.adapt import Loader

from geo_participation.core.moderation import ModerationStatus
from geo_participation.core.prepared import PreparedLookup
from geo_participation.projects.models import Module
from maps.geo.geojson import feature_collection, feature_sql, queryset_sql, stream_features
from maps.geo.layers import NOTHING, bbox_numbers, parse_bbox
from maps.geo.models import AdministrativeArea

from .models import Attribute, Category, Comment, Contribution, MapSettings, Photo

# Below this zoom level the viewport layer groups nearby items into clusters (computed in SQL).
CLUSTER_BELOW_ZOOM = 17
CLUSTER_CELL_PX = 64
# The most single items one viewport answer carries; more must be zoomed into or paged through.
LAYER_LIMIT = 10_000
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")


# Every request of the map API starts with its module. Writes check places against the area, so they read the
# project's area (the city boundary, thousands of vertices); reads leave it out until something asks for it.
_MODULE_FOR_WRITES = PreparedLookup(Module, follow=("project", "map_settings"),
                                    where="{self}.slug = %s AND {self}.format_key = %s")
_MODULE_FOR_READS = PreparedLookup(Module, follow=("project", "map_settings"), defer=("project__area", "map_settings__area"),
                                   where="{self}.slug = %s AND {self}.format_key = %s")


def map_module_by_slug(*, slug: str, for_writing: bool) -> Module | None:
    """The map format with this address, with its project and map settings, in one prepared query."""
    return (_MODULE_FOR_WRITES if for_writing else _MODULE_FOR_READS).get(slug, "mapping")


_CATEGORY_OF_MODULE = PreparedLookup(Category, where="{self}.module_id = %s AND {self}.id = %s")


def category_of_module(*, module: Module, pk: int) -> Category | None:
    """The format's category with this id (every pin names one), or None if the format has no such category."""
    return _CATEGORY_OF_MODULE.get(module.pk, pk)


def map_settings_for(module: Module) -> MapSettings:
    """The module's map settings; a new map format starts with the defaults (points, photos, supports, comments)."""
    try:
        return module.map_settings
    except MapSettings.DoesNotExist:
        settings, _created = MapSettings.objects.get_or_create(module=module)
        module.map_settings = settings
        return settings


@dataclass
class ContributionFilters:
    """What residents filter by, on the map and in the list alike."""

    categories: list[int] = field(default_factory=list)
    equals: dict[str, object] = field(default_factory=dict)  # choice and yes/no attributes
    at_least: dict[str, int] = field(default_factory=dict)  # scale attributes
    district: AdministrativeArea | None = None
    # A category, option or district the format does not have was asked for: nothing matches (maps.geo.layers.RowQuery).
    matches_nothing: bool = False

    def as_query(self) -> dict[str, object]:
        query: dict[str, object] = {}
        if self.categories:
            query["category"] = self.categories
        for key, value in self.equals.items():
            query[f"attr_{key}"] = ("ja" if value else "nein") if isinstance(value, bool) else value
        for key, value in self.at_least.items():
            query[f"attr_{key}_min"] = value
        if self.district:
            query["district"] = self.district.slug
        return query

    @property
    def active(self) -> bool:
        return bool(self.categories or self.equals or self.at_least or self.district or self.matches_nothing)


def filters_from_query(query, *, module: Module) -> ContributionFilters:
    """Filters from query parameters (``category``, ``attr_<key>``, ``attr_<key>_min``, ``district``). A category,
    option or district the format does not have matches nothing, as a search finds nothing; a yes-or-no or a scale
    filter that is not one is named in a ValidationError."""
    filters = ContributionFilters()
    if not any(key == "category" or key == "district" or key.startswith("attr_") for key in query):
        return filters  # nothing to filter by: no need to ask the database what could be
    categories = {str(pk): pk for pk in module.map_categories.values_list("pk", flat=True)}
    for value in query.getlist("category") if hasattr(query, "getlist") else query.get("category", []):
        for part in str(value).split(","):
            if part.strip() == "":
                continue
            if part.strip() in categories:
                filters.categories.append(categories[part.strip()])
            else:
                filters.matches_nothing = True
    for attribute in module.map_attributes.all():
        if not attribute.is_filterable:
            continue
        name = f"attr_{attribute.key}"
        raw = query.get(name, "")
        if attribute.kind == Attribute.Kind.SCALE:
            raw = query.get(f"{name}_min", "")
            name = f"{name}_min"
        if raw in ("", None):
            continue
        raw = str(raw)
        if attribute.kind == Attribute.Kind.CHOICE:
            if raw in dict(attribute.choices):
                filters.equals[attribute.key] = raw
            else:
                filters.matches_nothing = True
        elif attribute.kind == Attribute.Kind.YES_NO:
            if raw not in ("ja", "nein", "true", "false"):
                raise ValidationError({name: _("%(label)s: please filter by “ja” or “nein”.") % {"label": attribute.label}})
            filters.equals[attribute.key] = raw in ("ja", "true")
        else:
            try:
                number = int(raw)
            except ValueError:
                number = None
            if number is None or not attribute.minimum <= number <= attribute.maximum:
                raise ValidationError({name: _("%(label)s: please give a whole number from %(min)d to %(max)d.")
                                       % {"label": attribute.label, "min": attribute.minimum, "max": attribute.maximum}})
            filters.at_least[attribute.key] = number
    if query.get("district"):
        slug = str(query.get("district"))
        # Only a slug can name a district; anything else (a NUL byte, say) must not reach the database.
        filters.district = AdministrativeArea.objects.filter(
            level=AdministrativeArea.Level.DISTRICT, slug=slug).first() if SLUG.fullmatch(slug) else None
        filters.matches_nothing |= filters.district is None
    return filters


def bbox_from_query(value: str) -> Polygon:
    """``west,south,east,north`` in degrees (WGS 84; two opposite corners in either order) as a polygon; anything
    else is named as a bad ``bbox``."""
    return parse_bbox(value, either_order=True)


def bbox_extent_from_query(value: str) -> tuple[float, float, float, float]:
    """The same box as four numbers (west, south, east, north) without a GEOS polygon, for the viewport, which
    needs none unless it filters or groups (a polygon and its extent were a tenth of a small viewport's Python)."""
    return bbox_numbers(value, either_order=True)


def published_contributions(module: Module):
    return Contribution.objects.filter(module=module, status=ModerationStatus.APPROVED)


def contribution_filter(queryset, filters: ContributionFilters, *, bbox: Polygon | None = None):
    """Contributions that pass the filters (and lie in the bounding box, if one is given)."""
    if filters.matches_nothing:
        queryset = queryset.filter(NOTHING)
    if filters.categories:
        queryset = queryset.filter(category__in=filters.categories)
    if filters.equals:
        queryset = queryset.filter(attributes__contains=filters.equals)  # jsonb @>, served by the GIN index
    for key, minimum in filters.at_least.items():
        queryset = queryset.filter(**{f"attributes__{key}__gte": minimum})
    if filters.district:
        queryset = queryset.filter(district=filters.district)
    if bbox is not None:
        bbox.srid = 4326
        queryset = queryset.filter(geometry__bboverlaps=bbox)
    return queryset


def contribution_list(*, module: Module, filters: ContributionFilters | None = None):
    """Published contributions, newest first, with what a list shows (category, district, counts)."""
    queryset = contribution_filter(published_contributions(module), filters or ContributionFilters())
    return (queryset.select_related("category", "district", "author")
            .annotate(comment_count=Count("comments", filter=Q(comments__status=ModerationStatus.APPROVED)))
            .order_by("-created_at", "-pk"))


class _TextAsBytes(Loader):
    """Text as the bytes PostgreSQL sent, not decoded to str (Django sets the client encoding to UTF-8)."""

    def load(self, data) -> bytes:
        return bytes(data)


def _one_text(sql: str, params, *, encoded: bool) -> str | bytes:
    """The one text value a statement returns; with ``encoded``, as the UTF-8 bytes PostgreSQL sent.

    A viewport's GeoJSON is about 700 KB for 5,000 points: decoding it to str and encoding it back for the response
    cost a few milliseconds of the request (benchmarks/mapping_viewport.py); the bytes can go out as they came.
    """
    with connection.cursor() as cursor:
        if encoded:
            cursor.cursor.adapters.register_loader("text", _TextAsBytes)  # this cursor only
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


# The viewport layer carries a documented subset of the shape below, for size: a map needs the title (for the
# marker's label) and the category (its icon); the full contribution is one request away (the item, by id).
# Clusters carry {"cluster": true, "count": n} instead.
_LAYER_PROPERTIES = ("'{{\"title\":' || to_json({t}.title)::text || ',\"category\":' "
                     "|| coalesce({t}.category_id::text, 'null') || '}}'")
# An item of the viewport layer written in one concatenation over the rows: a tenth quicker in PostgreSQL than the
# shared feature_sql over a sub-select of properties (benchmarks/README.md). Its rows all have a geometry (in the box).
_LAYER_FEATURE = ("'{\"type\":\"Feature\",\"id\":' || q.id || ',\"geometry\":' || coalesce(ST_AsGeoJSON(q.geometry, 6), 'null') "
                  "|| ',\"properties\":{\"title\":' || to_json(q.title)::text || ',\"category\":' "
                  "|| coalesce(q.category_id::text, 'null') || '}}'")


# published_contributions(module) in the box, as contribution_filter writes it (geometry && box): the layer's rows.
_UNFILTERED_VIEWPORT = (
    f"SELECT id, geometry, title, category_id FROM {Contribution._meta.db_table} WHERE module_id = %s AND status = %s "
    "AND geometry && ST_MakeEnvelope(%s, %s, %s, %s, 4326) LIMIT %s")


def contribution_layer(*, module: Module, bbox: Polygon | tuple[float, float, float, float], zoom: int | None = None,
                       filters: ContributionFilters | None = None, encoded: bool = False) -> str | bytes:
    """The viewport layer as GeoJSON: single items, or below CLUSTER_BELOW_ZOOM clusters of nearby items.

    Items carry the layer's subset of the contribution's shape (``title`` and ``category``, see _LAYER_PROPERTIES).
    Clusters come from a grid in degrees that is fixed to the world (not the viewport), so they stay put while
    panning; a cell holding one item shows the item itself. ``encoded`` gives UTF-8 bytes, ready for a response.
    ``bbox`` is a polygon in degrees or its extent (west, south, east, north).
    """
    if isinstance(bbox, Polygon):
        extent, srid = bbox.extent, bbox.srid or 4326
    else:
        extent, srid = tuple(bbox), 4326
        bbox = Polygon.from_bbox(extent) if filters is not None and filters.active else None  # only filters need it
    if zoom is None or zoom >= CLUSTER_BELOW_ZOOM:
        # Properties written as text: measured the fastest form, faster than ST_AsGeoJSON(record) (benchmarks/).
        if filters is None or not filters.active:
            # The map's usual question, unfiltered, written out: building and compiling the same queryset was a
            # third of what a small viewport cost in Python (benchmarks/README.md, "Planners' data").
            rows_sql, params = _UNFILTERED_VIEWPORT, (module.pk, ModerationStatus.APPROVED, *extent, LAYER_LIMIT + 1)
        else:
            queryset = contribution_filter(published_contributions(module), filters, bbox=bbox)
            rows_sql, params = queryset_sql(queryset.order_by().values("id", "geometry", "title", "category_id")[:LAYER_LIMIT + 1])
        # One row more than the limit tells that there are more; it is sent along rather than cut off in SQL.
        sql = (f"SELECT '{{\"type\":\"FeatureCollection\",\"features\":[' || coalesce(string_agg({_LAYER_FEATURE}, ','), '') "
               f"|| '],\"truncated\":' || (count(*) > {LAYER_LIMIT})::text || '}}' FROM ({rows_sql}) AS q")
        return _one_text(sql, params, encoded=encoded)
    cell_x = 360 / (256 * 2 ** zoom) * CLUSTER_CELL_PX
    west, south, east, north = extent
    cell_y = cell_x * math.cos(math.radians((south + north) / 2))  # cells about square on a Web Mercator map
    # A cell at the edge of the view may join one just outside it (_spread_clusters): the view is widened by the gap,
    # so that what it shows does not change when the map is panned a little (opening a popup pans it).
    margin_x, margin_y = (cell * CLUSTER_GAP_PX / CLUSTER_CELL_PX for cell in (cell_x, cell_y))
    wider = Polygon.from_bbox((max(west - margin_x, -180), max(south - margin_y, -90),
                               min(east + margin_x, 180), min(north + margin_y, 90)))
    wider.srid = srid
    queryset = contribution_filter(published_contributions(module), filters or ContributionFilters(), bbox=wider)
    items_sql, params = queryset_sql(queryset.order_by().values("id", "geometry"))
    sql = f"""
        WITH items AS MATERIALIZED (
            SELECT q.id, ST_X(q.anchor) AS x, ST_Y(q.anchor) AS y
            FROM (SELECT s.id, CASE WHEN ST_GeometryType(s.geometry) = 'ST_Point' THEN s.geometry
                                    ELSE ST_PointOnSurface(s.geometry) END AS anchor
                  FROM ({items_sql}) AS s) AS q
        ), cells AS (
            SELECT count(*) AS n, avg(x) AS x, avg(y) AS y, min(id) AS first_id,
                   floor(x / {cell_x!r}) AS gx, floor(y / {cell_y!r}) AS gy
            FROM items GROUP BY gx, gy
        )
        SELECT cells.n, cells.x, cells.y, cells.gx, cells.gy, CASE WHEN cells.n = 1 THEN {feature_sql()} END
        FROM cells LEFT JOIN (
            SELECT c.id, c.geometry, {_LAYER_PROPERTIES.format(t='c')} AS properties
            FROM {Contribution._meta.db_table} AS c
        ) AS f ON f.id = cells.first_id AND cells.n = 1
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        cells = cursor.fetchall()
    body = '{"type":"FeatureCollection","features":[' + ",".join(_spread_clusters(cells, zoom=zoom)) + "]}"
    return body.encode() if encoded else body


# Clusters and marks are at least this far apart on the screen (in pixels, in either direction): the largest
# cluster bubble (56 px, markers.js) and a little air, so that no bubble covers another or its number.
CLUSTER_GAP_PX = 60


def _pixels(lon: float, lat: float, zoom: int) -> tuple[float, float]:
    """Where a place lies on the Web Mercator map at ``zoom``, in pixels (as Leaflet draws it)."""
    size = 256 * 2 ** zoom
    lat = max(min(lat, 85.05112878), -85.05112878)
    sin = math.sin(math.radians(lat))
    return (lon + 180) / 360 * size, (0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)) * size


def _spread_clusters(cells, *, zoom: int) -> list[str]:
    """The grid's cells as features of which no two lie closer than CLUSTER_GAP_PX on the screen.

    A grid puts each cluster where its items are (their mean), so the clusters of two neighbouring cells could sit
    side by side and hide each other's numbers. The cells are placed one by one, the largest first: one that would
    come closer than the gap to a placed one joins it (its count added, the placed one's position kept, so nothing
    placed moves towards another). A cell holding one item that nothing joined stays that item.
    """
    placed, buckets = [], {}
    for n, x, y, gx, gy, feature in sorted(cells, key=lambda cell: (-cell[0], cell[3], cell[4])):
        px, py = _pixels(x, y, zoom)
        bx, by = int(px // CLUSTER_GAP_PX), int(py // CLUSTER_GAP_PX)
        near = next((other for dx in (-1, 0, 1) for dy in (-1, 0, 1) for other in buckets.get((bx + dx, by + dy), ())
                     if abs(other["px"] - px) < CLUSTER_GAP_PX and abs(other["py"] - py) < CLUSTER_GAP_PX), None)
        if near is not None:
            near["n"] += n
            continue
        entry = {"n": n, "x": x, "y": y, "px": px, "py": py, "id": f"c{int(gx)}_{int(gy)}", "feature": feature}
        placed.append(entry)
        buckets.setdefault((bx, by), []).append(entry)
    return [entry["feature"] if entry["n"] == 1 else
            f'{{"type":"Feature","id":"{entry["id"]}","geometry":{{"type":"Point","coordinates":'
            f'[{entry["x"]:.6f},{entry["y"]:.6f}]}},"properties":{{"cluster":true,"count":{entry["n"]}}}}}'
            for entry in placed]


def _address_parts(name: str, module: Module, **sentinels: int) -> list[str]:
    """The literal pieces of a URL around its ids, from the URLconf itself: pieces[0] + id + pieces[1] + ..."""
    url = reverse(f"mapping:{name}", kwargs={"module_slug": module.slug, **sentinels})
    pieces = [url]
    for value in sentinels.values():
        pieces[-1:] = pieces[-1].split(str(value), 1)
    return pieces


# What the shape reads of a contribution's own row.
_SHAPE_COLUMNS = ("id", "geometry", "title", "description", "category_id", "attributes", "district_id", "support_count",
                  "author_id", "status", "moderation_reason", "created_at", "updated_at")


def contribution_rows(queryset=None, *, module: Module, site_url: str, pk: int | None = None, with_reason: bool = False,
                      bulk: bool = False) -> tuple[str, list]:
    """The one public shape of a map contribution, as rows (id, geometry, properties) that PostGIS writes as GeoJSON
    (``feature_collection``, ``stream_features``, ``contribution_feature``): the item, the answer to a new one, the
    list and the export all come from here; the viewport layer sends a documented subset (_LAYER_PROPERTIES).

    ``queryset`` chooses the contributions (and their order: by id), or ``pk`` one of them; ``site_url`` (scheme and
    host) makes the addresses absolute; the moderators' reason is in it only ``with_reason`` (for the author and the
    moderators), else null. Never more of the author than the public username.

    The properties are written once; where the names of category, district and author come from depends on how many
    rows there are: for one or a page, subqueries, which PostgreSQL plans in a third of the time joins take (the
    answer to every new pin); for the ``bulk`` of an export, joins, which are cheaper per row by the thousand.
    """
    names = {"category_name": (Category._meta.db_table, "name", "category_id"),
             "district_name": (AdministrativeArea._meta.db_table, "name", "district_id"),
             "author_name": (get_user_model()._meta.db_table, "username", "author_id")}
    if pk is not None:  # written out: no queryset to compile on the way to every new pin's answer
        rows_sql = f"SELECT {', '.join(_SHAPE_COLUMNS)} FROM {Contribution._meta.db_table} WHERE id = %s"
        rows_params = [pk]
    else:
        if not queryset.query.is_sliced:
            queryset = queryset.order_by("id")  # a page is ordered (by id) before it is cut
        rows_sql, rows_params = queryset_sql(queryset.values(*_SHAPE_COLUMNS))
    if bulk:
        joined = " ".join(f"LEFT JOIN {other} AS j{n} ON j{n}.id = q.{key}" for n, (other, _c, key) in enumerate(names.values()))
        looked_up = ", ".join(f"j{n}.{column} AS {name}" for n, (name, (_o, column, _k)) in enumerate(names.items()))
    else:
        joined = ""
        looked_up = ", ".join(f"(SELECT {column} FROM {other} WHERE id = q.{key}) AS {name}"
                              for name, (other, column, key) in names.items())
    source = f"SELECT q.*, {looked_up} FROM ({rows_sql}) AS q {joined}"
    page = _address_parts("contribution-detail", module, pk=987654321)
    photo = _address_parts("photo", module, pk=987654321, photo_pk=123456789)
    thumbnail = _address_parts("photo-thumbnail", module, pk=987654321, photo_pk=123456789)
    sql = f"""
        SELECT c.id, c.geometry, json_build_object(
            'title', c.title, 'description', c.description, 'category', c.category_id, 'category_name', c.category_name,
            'attributes', c.attributes, 'district', c.district_name, 'support_count', c.support_count,
            'author', coalesce(c.author_name, %s), 'status', c.status,
            'moderation_reason', CASE WHEN %s THEN c.moderation_reason END,
            'created_at', c.created_at, 'updated_at', c.updated_at,
            'url', %s || c.id || %s,
            'photos', coalesce((
                SELECT json_agg(json_build_object(
                    'id', p.id, 'url', %s || c.id || %s || p.id || %s, 'thumbnail_url', %s || c.id || %s || p.id || %s,
                    'alt_text', p.alt_text, 'width', p.width, 'height', p.height) ORDER BY p.created_at, p.id)
                FROM {Photo._meta.db_table} AS p WHERE p.contribution_id = c.id), '[]')
        ) AS properties
        FROM ({source}) AS c
        ORDER BY c.id
    """
    site = site_url.rstrip("/")
    params = [str(_("deleted account")), with_reason, site + page[0], page[1],
              site + photo[0], photo[1], photo[2], site + thumbnail[0], thumbnail[1], thumbnail[2], *rows_params]
    return sql, params


def contribution_feature(*, contribution: Contribution, site_url: str, with_reason: bool = False) -> str:
    """One contribution as a GeoJSON Feature, in the one shape (contribution_rows)."""
    rows_sql, params = contribution_rows(module=contribution.module, pk=contribution.pk, site_url=site_url,
                                         with_reason=with_reason)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {feature_sql()} FROM ({rows_sql}) AS f", params)
        return cursor.fetchone()[0]


def contribution_page(*, module: Module, site_url: str, filters: ContributionFilters | None = None,
                      bbox: Polygon | None = None, limit: int = 100, offset: int = 0, url_at=None) -> tuple[str, int]:
    """One page of published contributions as a FeatureCollection, and how many match in all.

    As in OGC API Features, the collection says how many match and how many it holds, and links to the next page
    (``url_at(offset)`` gives its address) when there is one.
    """
    queryset = contribution_filter(published_contributions(module), filters or ContributionFilters(), bbox=bbox)
    matched = queryset.count()
    rows_sql, params = contribution_rows(queryset.order_by("id")[offset:offset + limit], module=module, site_url=site_url)
    links = []
    if url_at is not None and offset + limit < matched:
        links.append({"rel": "next", "type": "application/geo+json", "href": url_at(offset + limit)})
    members = {"numberMatched": matched, "numberReturned": max(0, min(limit, matched - offset)), "links": links}
    return feature_collection(rows_sql, params, members=members), matched


def contribution_export(*, module: Module, site_url: str):
    """All published contributions, streamed from a server-side cursor (open data; memory stays flat)."""
    rows_sql, params = contribution_rows(published_contributions(module), module=module, site_url=site_url, bulk=True)
    return stream_features(rows_sql, params)


def contribution_of_module(*, module: Module, pk: int) -> Contribution | None:
    """The format's contribution with this id, with what its page and the API show of it, or None."""
    try:
        return Contribution.objects.select_related("module__project", "category", "district", "author").get(
            pk=pk, module=module)
    except Contribution.DoesNotExist:
        return None


def photo_of_contribution(*, module: Module, contribution_pk: int, pk: int) -> Photo | None:
    """The photo with this id of the format's contribution, with the contribution the rules ask about, or None."""
    photo = (Photo.objects.select_related("contribution")
             .filter(pk=pk, contribution_id=contribution_pk, contribution__module=module).first())
    if photo is not None:
        photo.contribution.module = module  # is_public asks the module and its project, read already
    return photo


def contributions_of(*, user, module: Module):
    """A resident's own contributions in a format, whatever their moderation state: those with a moderators'
    reason to read come first, then those still waiting, then the published ones, each newest first."""
    if not user.is_authenticated:
        return Contribution.objects.none()
    attention = Case(When(status__in=[ModerationStatus.REJECTED, ModerationStatus.HIDDEN], then=0),
                     When(status=ModerationStatus.PENDING, then=1), default=2)
    return (Contribution.objects.filter(module=module, author=user).select_related("category")
            .order_by(attention, "-created_at"))


def comments_for(*, contribution: Contribution, user):
    """The published comments, and the reader's own ones whatever their state (with the moderators' reason)."""
    visible = Q(status=ModerationStatus.APPROVED)
    if user.is_authenticated:
        visible |= Q(author=user)
    return contribution.comments.filter(visible).select_related("author")


# Every pin is checked against its format's attributes, and every form shows the categories: prepared, in the
# models' own order.
_CATEGORIES_OF = PreparedLookup(Category, where="{self}.module_id = %s ORDER BY {self}.weight, {self}.name")
_ATTRIBUTES_OF = PreparedLookup(Attribute, where="{self}.module_id = %s ORDER BY {self}.weight, {self}.id")


def categories_of(module: Module) -> list[Category]:
    return _CATEGORIES_OF.all(module.pk)


def attributes_of(module: Module) -> list[Attribute]:
    return _ATTRIBUTES_OF.all(module.pk)


def supported_by(*, user, contribution: Contribution) -> bool:
    return user.is_authenticated and contribution.supports.filter(user=user).exists()


def pending_count(module: Module) -> int:
    return (Contribution.objects.filter(module=module, status=ModerationStatus.PENDING).count()
            + Comment.objects.filter(contribution__module=module, status=ModerationStatus.PENDING).count())
