"""GeoJSON from outside (residents' points, staff's files) checked by hand before GEOS or GDAL see it.

GDAL's GeoJSON reader accepts much that RFC 7946 does not (``crs`` members, NaN, nested collections) and fails
with messages no resident understands, so every rule is checked here and answered in plain words.
"""

import json
import math

from django.contrib.gis.geos import LineString, MultiLineString, Point
from django.utils.translation import gettext as _

GEOMETRY_TYPES = {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection"}
# A street drawn by hand has dozens of vertices, an OSM street a few hundred; more is a mistake or an attack.
MAX_LINE_VERTICES = 5000


class GeometryError(ValueError):
    """A geometry that breaks a rule; ``str(error)`` is the message for the person who sent it."""


def _kind_name(kind: str) -> str:
    return {
        "Point": _("a point"), "MultiPoint": _("several points"), "LineString": _("a line"),
        "MultiLineString": _("several lines"), "Polygon": _("an area"), "MultiPolygon": _("several areas"),
        "GeometryCollection": _("a collection of geometries"),
    }.get(kind, kind)


def _load(value):
    if isinstance(value, (str, bytes)):
        try:
            # NaN and Infinity are not JSON, but they are answered below with a clearer message than a parse error.
            return json.loads(value)
        except ValueError:
            raise GeometryError(_("This is not valid GeoJSON.")) from None
    return value


def _geometry_object(value, *, allow_crs: bool = False) -> dict:
    value = _load(value)
    if not isinstance(value, dict) or not value:
        raise GeometryError(_("Please send a GeoJSON geometry (an object with “type” and “coordinates”)."))
    if "crs" in value and not allow_crs:
        raise GeometryError(_("A “crs” member is not accepted: coordinates are longitude and latitude in WGS 84 "
                              "(RFC 7946)."))
    kind = value.get("type")
    if kind not in GEOMETRY_TYPES:
        raise GeometryError(_("“%(type)s” is not a GeoJSON geometry type.") % {"type": str(kind)[:40]})
    return value


def position(value) -> tuple[float, float]:
    """Longitude and latitude of a GeoJSON position, finite and in range (an altitude is dropped)."""
    if not isinstance(value, (list, tuple)) or len(value) not in (2, 3):
        raise GeometryError(_("A position is a list of longitude and latitude, e.g. [7.769, 49.444]."))
    if any(isinstance(c, bool) or not isinstance(c, (int, float)) for c in value):
        raise GeometryError(_("Coordinates must be numbers."))
    try:
        lon, lat = float(value[0]), float(value[1])
    except OverflowError:
        raise GeometryError(_("Coordinates must be finite numbers.")) from None
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise GeometryError(_("Coordinates must be finite numbers."))
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise GeometryError(_("Coordinates are out of range: longitude comes first (−180 to 180), then latitude "
                              "(−90 to 90)."))
    return lon, lat


def point_from_geojson(value) -> Point:
    """A GeoJSON Point as a GEOS point in EPSG:4326."""
    geometry = _geometry_object(value)
    if geometry["type"] != "Point":
        raise GeometryError(_("Please mark a point, not %(kind)s.") % {"kind": _kind_name(geometry["type"])})
    if not geometry.get("coordinates"):
        raise GeometryError(_("The point has no coordinates."))
    lon, lat = position(geometry["coordinates"])
    return Point(lon, lat, srid=4326)


def point_from_lon_lat(lon, lat) -> Point:
    """A point from two separate numbers (a form's longitude and latitude fields)."""
    return Point(*position([lon, lat]), srid=4326)


def lines_from_geojson(value, *, allow_crs: bool = False) -> MultiLineString:
    """A GeoJSON LineString or MultiLineString as a GEOS MultiLineString in EPSG:4326."""
    geometry = _geometry_object(value, allow_crs=allow_crs)
    kind = geometry["type"]
    if kind not in ("LineString", "MultiLineString"):
        raise GeometryError(_("Please give a line, not %(kind)s.") % {"kind": _kind_name(kind)})
    coordinates = geometry.get("coordinates")
    if not isinstance(coordinates, list) or not coordinates:
        raise GeometryError(_("The line has no coordinates."))
    parts = [coordinates] if kind == "LineString" else coordinates
    if not all(isinstance(part, list) for part in parts):
        raise GeometryError(_("The coordinates of a line are a list of positions."))
    vertices = sum(len(part) for part in parts)
    if vertices > MAX_LINE_VERTICES:
        raise GeometryError(_("The line has %(count)d vertices; at most %(max)d are accepted. Please simplify it.")
                            % {"count": vertices, "max": MAX_LINE_VERTICES})
    lines = []
    for part in parts:
        points = [position(p) for p in part]
        if len(points) < 2 or len(set(points)) < 2:
            raise GeometryError(_("A line needs at least two different positions."))
        lines.append(LineString(points, srid=4326))
    return MultiLineString(lines, srid=4326)
