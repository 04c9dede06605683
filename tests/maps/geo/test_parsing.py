"""The GeoJSON reader every format shares: the geometry object and its positions, refused in words."""

import pytest

from maps.geo.parsing import GeoJSONError, geometry_object, position


@pytest.mark.parametrize("value, words", [
    ("{not json", "kein gültiges GeoJSON"),
    ([7.77, 49.44], "GeoJSON-Geometrie"),
    ({"coordinates": [7.77, 49.44]}, "GeoJSON-Geometrie"),
    ({"type": [], "coordinates": [7.77, 49.44]}, "GeoJSON-Geometrie"),  # was a TypeError (unhashable), a 500
    ({"type": {"x": 1}, "coordinates": [7.77, 49.44]}, "GeoJSON-Geometrie"),
    ({"type": "Point", "coordinates": [7.77, 49.44], "crs": {"type": "name"}}, "crs"),
])
def test_a_geometry_object_has_a_type_and_no_crs(value, words):
    with pytest.raises(GeoJSONError, match=words):
        geometry_object(value)


def test_a_geometry_object_is_read_from_text_too():
    assert geometry_object('{"type": "Point", "coordinates": [7.77, 49.44]}')["type"] == "Point"


@pytest.mark.parametrize("value, words", [
    ([7.77], "Längengrad und Breitengrad"),
    ([7.77, 49.44, 0, 1], "Längengrad und Breitengrad"),
    ("7.77, 49.44", "Längengrad und Breitengrad"),
    ([True, 49.44], "Zahlen"),
    (["7.77", "49.44"], "Zahlen"),
    ([float("nan"), 49.44], "endliche"),
    ([7.77, float("inf")], "endliche"),
    ([7.77, 10**400], "Wertebereich"),  # finite, but no float can hold it
    ([7.77, 91], "Wertebereich"),
    ([-180.5, 49.44], "Wertebereich"),
])
def test_a_position_is_two_finite_numbers_in_range(value, words):
    with pytest.raises(GeoJSONError, match=words):
        position(value)


def test_an_altitude_is_allowed_and_dropped():
    assert position([7.77, 49.44, 240]) == (7.77, 49.44)
