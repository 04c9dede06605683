"""The points residents mark and the courses staff load, read from GeoJSON by ``maps.geo.parsing``.

Every problem is a GeoJSONError whose text says, in plain words, what is wrong.
"""

from django.contrib.gis.geos import LineString, MultiLineString, Point
from django.utils.translation import gettext as _

from maps.geo.parsing import GeoJSONError, geometry_object, position

GEOMETRY_TYPES = {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection"}
# A street drawn by hand has dozens of vertices, an OSM street a few hundred; more is a mistake or an attack.
MAX_LINE_VERTICES = 5000


def _kind_name(kind: str) -> str:
    return {
        "Point": _("a point"), "MultiPoint": _("several points"), "LineString": _("a line"),
        "MultiLineString": _("several lines"), "Polygon": _("an area"), "MultiPolygon": _("several areas"),
        "GeometryCollection": _("a collection of geometries"),
    }.get(kind, kind)


def _geometry_object(value) -> dict:
    value = geometry_object(value)
    kind = value["type"]
    if kind not in GEOMETRY_TYPES:
        raise GeoJSONError(_("“%(type)s” is not a GeoJSON geometry type.") % {"type": str(kind)[:40]})
    return value


def point_from_geojson(value) -> Point:
    """A GeoJSON Point as a GEOS point in EPSG:4326."""
    geometry = _geometry_object(value)
    if geometry["type"] != "Point":
        raise GeoJSONError(_("Please mark a point, not %(kind)s.") % {"kind": _kind_name(geometry["type"])})
    if not geometry.get("coordinates"):
        raise GeoJSONError(_("The point has no coordinates."))
    lon, lat = position(geometry["coordinates"])
    return Point(lon, lat, srid=4326)


def point_from_lon_lat(lon, lat) -> Point:
    """A point from two separate numbers (a form's longitude and latitude fields)."""
    return Point(*position([lon, lat]), srid=4326)


def lines_from_geojson(value) -> MultiLineString:
    """A GeoJSON LineString or MultiLineString as a GEOS MultiLineString in EPSG:4326."""
    geometry = _geometry_object(value)
    kind = geometry["type"]
    if kind not in ("LineString", "MultiLineString"):
        raise GeoJSONError(_("Please give a line, not %(kind)s.") % {"kind": _kind_name(kind)})
    coordinates = geometry.get("coordinates")
    if not isinstance(coordinates, list) or not coordinates:
        raise GeoJSONError(_("The line has no coordinates."))
    parts = [coordinates] if kind == "LineString" else coordinates
    if not all(isinstance(part, list) for part in parts):
        raise GeoJSONError(_("The coordinates of a line are a list of positions."))
    vertices = sum(len(part) for part in parts)
    if vertices > MAX_LINE_VERTICES:
        raise GeoJSONError(_("The line has %(count)d vertices; at most %(max)d are accepted. Please simplify it.")
                           % {"count": vertices, "max": MAX_LINE_VERTICES})
    lines = []
    for part in parts:
        points = [position(p) for p in part]
        if len(points) < 2 or len(set(points)) < 2:
            raise GeoJSONError(_("A line needs at least two different positions."))
        lines.append(LineString(points, srid=4326))
    return MultiLineString(lines, srid=4326)
