"""The GeoJSON reader every format shares: the geometry object and its positions, refused in words."""

import pytest

from maps.geo.parsing import GeoJSONError, bbox_check, geometry_object, members_check, position


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


@pytest.mark.parametrize("value, words", [
    ({"type": "Point", "coordinates": [7.77, 49.44], "bbox": "junk"}, "„bbox“"),
    ({"type": "Point", "coordinates": "7.77,49.44"}, "„coordinates“ muss ein Array"),
    ({"type": "MultiPolygon", "coordinates": {}}, "„coordinates“ muss ein Array"),
    ({"type": "GeometryCollection", "geometries": {}}, "„geometries“ muss ein Array"),
])
def test_a_member_of_the_wrong_type_is_refused_not_ignored(value, words):
    with pytest.raises(GeoJSONError, match=words):
        geometry_object(value)


@pytest.mark.parametrize("value, words", [
    ({"type": "Feature", "geometry": "Punkt", "properties": {}}, "„geometry“ eines Features"),
    ({"type": "Feature", "geometry": None, "properties": "junk"}, "„properties“ eines Features"),
    ({"type": "Feature", "geometry": None, "properties": None, "id": [1]}, "„id“ eines Features"),
    ({"type": "Feature", "geometry": None, "properties": None, "id": True}, "„id“ eines Features"),
    ({"type": "FeatureCollection", "features": {"a": 1}}, "„features“ muss ein Array"),
    ({"type": "FeatureCollection", "features": [], "bbox": [1, 2, 3]}, "„bbox“"),
])
def test_features_and_collections_have_members_of_their_types(value, words):
    with pytest.raises(GeoJSONError, match=words):
        members_check(value)


def test_foreign_members_and_good_ones_pass():
    members_check({"type": "Feature", "geometry": None, "properties": None, "id": "a-1", "title": "foreign member"})
    members_check({"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 2]}, "properties": {}, "id": 7})
    bbox_check([7.7, 49.4, 7.8, 49.5])
    bbox_check([7.7, 49.4, 100, 7.8, 49.5, 300])  # with altitudes
    bbox_check([170, -10, -170, 10])  # across the antimeridian: west greater than east is allowed


@pytest.mark.parametrize("value", [[7.7, 49.4, 7.8], [7.7, 49.6, 7.8, 49.5], [7.7, 49.4, 7.8, 91], [float("nan"), 1, 2, 3],
                                   [10**400, 1, 2, 3], [-181, 1, 2, 3], "7,49,8,50", None])
def test_a_bbox_is_four_finite_numbers_in_range_south_below_north(value):
    with pytest.raises(GeoJSONError):
        bbox_check(value)
