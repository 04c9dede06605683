"""GeoJSON from outside (residents' places, staff's files) read strictly, as RFC 7946 says, before GEOS or GDAL see it.

GDAL's GeoJSON reader accepts much that RFC 7946 does not (``crs`` members, NaN, nested collections) and fails
with messages no resident understands, so every rule is checked by hand and answered in plain words. What is
shared lives here: the geometry object and its positions. Which geometry types a format takes, how many vertices
it allows and how a refusal reaches the person stay with the format (``maps.mapping.geometry``,
``maps.feedback.geometry``).
"""

import math

from django.utils.translation import gettext as _

from geo_participation.core.input import InputRefused, json_check, json_loads


class GeoJSONError(ValueError):
    """GeoJSON that breaks a rule; ``str(error)`` is the message for the person who sent it."""


def geometry_object(value) -> dict:
    """A GeoJSON geometry (dict or text) as a dict with a ``type`` and without a ``crs`` member."""
    try:
        if isinstance(value, (str, bytes)):
            # NaN and Infinity are not JSON, but they are answered by position() with a clearer message.
            value = json_loads(value, strict=False)
        else:
            json_check(value)  # parsed by the API already; a Python caller's too-deep value still meets the limit
    except InputRefused as error:
        raise GeoJSONError(_("This is not valid GeoJSON.") if error.code == "invalid_json" else str(error)) from None
    if not isinstance(value, dict) or not isinstance(value.get("type"), str):  # a list as type is unhashable
        raise GeoJSONError(_("Please send a GeoJSON geometry: an object with “type” and “coordinates”."))
    if "crs" in value:
        raise GeoJSONError(_("A “crs” member is not allowed: coordinates are always longitude and latitude in "
                             "WGS 84 (RFC 7946)."))
    members_check(value)
    return value


_ARRAY_MEMBERS = {"GeometryCollection": ["geometries"], "FeatureCollection": ["features"], "Feature": []}


def members_check(value: dict) -> None:
    """The members RFC 7946 gives a meaning have the type it gives them; a wrong one is refused, not ignored.

    ``bbox`` is an array of four numbers (or six, with altitudes), ``coordinates`` an array, ``geometries`` and
    ``features`` arrays, a Feature's ``geometry`` and ``properties`` objects or null, its ``id`` a string or number.
    Members the RFC does not name ("foreign members") are allowed and ignored.
    """
    if "bbox" in value:
        bbox_check(value["bbox"])
    kind = value.get("type")
    for name in _ARRAY_MEMBERS.get(kind, ["coordinates"]):
        if name in value and not isinstance(value[name], list):
            raise GeoJSONError(_("“%(member)s” must be an array (a list in square brackets).") % {"member": name})
    if kind == "Feature":
        for name in ("geometry", "properties"):
            if value.get(name) is not None and not isinstance(value[name], dict):
                raise GeoJSONError(_("A Feature's “%(member)s” must be an object or null.") % {"member": name})
        if value.get("id") is not None and (isinstance(value["id"], bool) or not isinstance(value["id"], (str, int, float))):
            raise GeoJSONError(_("A Feature's “id” must be a string or a number."))


def bbox_check(value) -> None:
    """A ``bbox``: west, south, east, north (or with altitudes: west, south, low, east, north, high), finite, in range."""
    message = _("“bbox” must be an array of four numbers: west, south, east and north in degrees (RFC 7946).")
    if not isinstance(value, list) or len(value) not in (4, 6) \
            or any(isinstance(n, bool) or not isinstance(n, (int, float)) for n in value):
        raise GeoJSONError(message)
    try:
        corners = [float(n) for n in (value if len(value) == 4 else [value[0], value[1], value[3], value[4]])]
    except OverflowError:
        raise GeoJSONError(message) from None
    west, south, east, north = corners
    if not all(math.isfinite(n) for n in corners) or not (-180 <= west <= 180 and -180 <= east <= 180
                                                         and -90 <= south <= north <= 90):
        raise GeoJSONError(message)


def position(value) -> tuple[float, float]:
    """Longitude and latitude of a GeoJSON position, finite and in range (an altitude is allowed and dropped)."""
    if not isinstance(value, (list, tuple)) or len(value) not in (2, 3):
        raise GeoJSONError(_("Each position must be a list of longitude and latitude, e.g. [7.769, 49.444]."))
    if any(isinstance(number, bool) or not isinstance(number, (int, float)) for number in value):
        raise GeoJSONError(_("Coordinates must be numbers."))
    try:
        lon, lat = float(value[0]), float(value[1])
    except OverflowError:  # an integer like 10**400 is finite but has no float
        raise GeoJSONError(_out_of_range()) from None
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise GeoJSONError(_("Coordinates must be finite numbers (not NaN or infinite)."))
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise GeoJSONError(_out_of_range())
    return lon, lat


def _out_of_range() -> str:
    return _("Coordinates are out of range: longitude comes first (between -180 and 180), then latitude "
             "(between -90 and 90).")
