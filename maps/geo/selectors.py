from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.db import connection
from django.utils.translation import gettext as _

from geo_participation.core.prepared import PreparedLookup

from .gazetteer import search_text
from .models import AdministrativeArea, GazetteerEntry

# The city's bounding box, used until the demo city (or the city's own boundary) is loaded.
KAISERSLAUTERN_BBOX = (7.64, 49.34, 7.92, 49.51)


def city_boundary() -> MultiPolygon:
    """The city boundary; before any is loaded, its bounding box, so that defaults still make sense."""
    city = AdministrativeArea.objects.filter(level=AdministrativeArea.Level.CITY).only("geometry").first()
    if city is not None:
        return city.geometry
    return MultiPolygon(Polygon.from_bbox(KAISERSLAUTERN_BBOX), srid=4326)


def districts():
    return AdministrativeArea.objects.filter(level=AdministrativeArea.Level.DISTRICT).order_by("name")


# Every pin asks it: SQL built once (geo_participation.core.prepared); the district's outline is not read.
_DISTRICT_AT = PreparedLookup(AdministrativeArea, defer=("level", "geometry", "source"), where=(
    "{self}.level = 'district' AND ST_Intersects({self}.geometry, ST_GeomFromEWKB(%s)) ORDER BY {self}.name LIMIT 1"))


def district_at(point):
    """The district a point lies in (the first by name on a shared border), or None outside every district."""
    return _DISTRICT_AT.get(bytes(point.ewkb))


_KIND_RANK = "CASE g.kind WHEN 'square' THEN 0 WHEN 'street' THEN 1 WHEN 'place' THEN 2 WHEN 'stop' THEN 3 ELSE 4 END"


def gazetteer_search(query: str, *, limit: int = 10) -> list[dict]:
    """Streets, squares, places and addresses whose words start with the query's words, or that resemble it.

    Folding (umlauts, "Str."/"Straße") is the same as when loading; exact word starts come first, then
    squares and streets before places and addresses, then the closest by trigram similarity (typos).
    """
    tokens = search_text(query).split()
    if not tokens:
        return []
    folded = " ".join(tokens)
    every_word = " AND ".join(["(' ' || g.search_text) LIKE %s"] * len(tokens))
    word_params = [f"% {token}%" for token in tokens]
    sql = (
        "SELECT g.id, g.kind, g.name, g.detail, d.name, ST_X(g.point), ST_Y(g.point) "
        "FROM geo_gazetteerentry g LEFT JOIN geo_administrativearea d ON d.id = g.district_id "
        f"WHERE ({every_word}) OR %s <%% g.search_text "
        f"ORDER BY ({every_word}) DESC, g.search_text LIKE %s DESC, {_KIND_RANK}, "
        "word_similarity(%s, g.search_text) DESC, length(g.name), g.name LIMIT %s"
    )
    params = [*word_params, folded, *word_params, f"{folded}%", folded, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    kinds = dict(GazetteerEntry.Kind.choices)
    return [{"id": id_, "kind": kind, "kind_label": str(kinds[kind]), "name": name, "detail": detail,
             "district": district or "", "lon": round(lon, 6), "lat": round(lat, 6)}
            for id_, kind, name, detail, district, lon, lat in rows]


# How far a place may be from a point and still describe it (metres).
NEAR_ADDRESS_M = 35
NEAR_STREET_M = 120


def gazetteer_nearest(point: Point) -> dict:
    """Words for where a point is: the nearest address, else the nearest street, square or place, and the district."""
    sql = (
        "SELECT g.kind, g.name, ST_Distance(g.geometry::geography, p.geom::geography) AS metres "
        "FROM geo_gazetteerentry g, (SELECT ST_SetSRID(ST_MakePoint(%s, %s), 4326) AS geom) p "
        "WHERE g.geometry && ST_Expand(p.geom, 0.003) AND g.kind IN ('address', 'street', 'square', 'place') "
        "ORDER BY metres LIMIT 12"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [point.x, point.y])
        rows = cursor.fetchall()
    address = next((name for kind, name, metres in rows if kind == "address" and metres <= NEAR_ADDRESS_M), "")
    nearby = next((name for kind, name, metres in rows if kind != "address" and metres <= NEAR_STREET_M), "")
    district = district_at(point)
    place = address or (_("near %(name)s") % {"name": nearby} if nearby else "")
    parts = [part for part in (place, district.name if district else "") if part]
    return {"label": ", ".join(parts) if parts else _("outside the districts of the city"),
            "address": address, "near": nearby, "district": district.name if district else ""}
