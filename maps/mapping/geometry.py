"""Strict reading and checking of the places residents send: GeoJSON as RFC 7946 says, inside the format's area.

Every problem is a ValidationError on the field ``geometry`` with a message a resident understands. The geometry
object and its positions are read as in every format, by ``maps.geo.parsing``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry, LinearRing, LineString, Point, Polygon
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maps.geo.parsing import GeoJSONError, geometry_object, position

from .models import GEOS_KINDS, GeometryKind

# A drawn line or area needs a few dozen points; thousands mean a mistake or an attack.
MAX_VERTICES = getattr(settings, "MAPPING_MAX_VERTICES", 1000)

_TYPES = {"Point", "LineString", "Polygon"}
PLACE_MISSING = gettext_lazy("Please choose a place: on the map, by searching an address, or with coordinates.")


def _error(message: str) -> ValidationError:
    return ValidationError({"geometry": message})


def _kind_names(kinds) -> str:
    return ", ".join(str(GeometryKind(kind).label) for kind in kinds)


class _Reader:
    def __init__(self):
        self.vertices = 0

    def position(self, value) -> tuple[float, float]:
        try:
            lon, lat = position(value)
        except GeoJSONError as error:
            raise _error(str(error)) from None
        self.vertices += 1
        if self.vertices > MAX_VERTICES:
            raise _error(_("Too many points: at most %(max)d are allowed.") % {"max": MAX_VERTICES})
        return lon, lat

    def positions(self, value, minimum: int) -> list[tuple[float, float]]:
        if not isinstance(value, list):
            raise _error(_("The coordinates must be a list."))
        if not value:
            raise _error(_("The geometry is empty."))
        positions = [self.position(item) for item in value]
        if len(set(positions)) < minimum:
            raise _error(_("A line needs at least two different points."))
        return positions


def geometry_from_geojson(value) -> GEOSGeometry:
    """A GEOS geometry from a GeoJSON geometry (dict or text): a single Point, LineString or Polygon in WGS 84."""
    try:
        value = geometry_object(value)
    except GeoJSONError as error:
        raise _error(str(error)) from None
    kind = value["type"]
    if kind == "GeometryCollection" or "geometries" in value:
        raise _error(_("Geometry collections are not accepted: please send a single point, line or area."))
    if kind in ("Feature", "FeatureCollection"):
        raise _error(_("Please send the geometry itself, not a %(type)s.") % {"type": kind})
    if kind not in _TYPES:
        raise _error(_("Unknown geometry type “%(type)s”: use Point, LineString or Polygon.") % {"type": str(kind)[:40]})
    if "coordinates" not in value:
        raise _error(_("The geometry has no coordinates."))
    reader, coordinates = _Reader(), value["coordinates"]
    if kind == "Point":
        if coordinates == []:
            raise _error(_("The geometry is empty."))
        return Point(*reader.position(coordinates), srid=4326)
    if kind == "LineString":
        return LineString(reader.positions(coordinates, minimum=2), srid=4326)
    if not isinstance(coordinates, list) or not coordinates:
        raise _error(_("The geometry is empty."))
    rings = []
    for ring in coordinates:
        positions = reader.positions(ring, minimum=3)
        if len(positions) < 4 or positions[0] != positions[-1]:
            raise _error(_("An area's outline must be closed: at least four positions, the last equal to the first."))
        rings.append(LinearRing(positions))
    return Polygon(*rings, srid=4326)


def geometry_check(geometry: GEOSGeometry | None, *, kinds: list[str], area) -> None:
    """The rules a place must keep in a format: an accepted kind, valid, not too detailed, inside the area."""
    if geometry is None:
        if kinds:
            raise _error(str(PLACE_MISSING))
        return
    if not kinds:
        raise _error(_("This format collects ideas without a place: please leave the place out."))
    if geometry.empty:
        raise _error(_("The geometry is empty."))
    kind = GEOS_KINDS.get(geometry.geom_type)
    if kind not in kinds:
        raise _error(_("This format accepts only: %(kinds)s (not: %(kind)s).")
                     % {"kinds": _kind_names(kinds), "kind": GeometryKind(kind).label if kind else geometry.geom_type})
    if geometry.num_points > MAX_VERTICES:
        raise _error(_("Too many points: at most %(max)d are allowed.") % {"max": MAX_VERTICES})
    if not geometry.valid:
        if kind == GeometryKind.POLYGON:
            raise _error(_("The area's outline crosses itself. Please draw it again without crossings."))
        raise _error(_("The geometry is not valid: %(reason)s") % {"reason": geometry.valid_reason})
    if not area.covers(geometry):
        anchor = geometry.point_on_surface
        swapped = Point(anchor.y, anchor.x, srid=4326)
        if area.covers(swapped):
            # Worded for both doors: the form's two fields and the API's [longitude, latitude].
            centre = area.point_on_surface
            raise _error(_("The place lies outside the area of this format. Did you swap latitude and longitude? "
                           "Here the latitude is about %(lat)s and the longitude about %(lon)s.")
                         % {"lat": number_format(round(centre.y, 2)), "lon": number_format(round(centre.x, 2))})
        raise _error(_("The place lies outside the area of this format. Please choose a place inside it."))
