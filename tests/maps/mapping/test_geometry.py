"""Reading GeoJSON strictly: every malformed or hostile geometry is a ValidationError on ``geometry``."""

import json
import math

import pytest
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from maps.mapping.geometry import MAX_VERTICES, geometry_check, geometry_from_geojson

AREA = MultiPolygon(Polygon.from_bbox((7.64, 49.34, 7.92, 49.51)), srid=4326)
lon = st.floats(min_value=-180, max_value=180, allow_nan=False)
lat = st.floats(min_value=-90, max_value=90, allow_nan=False)


def refused(value) -> str:
    with pytest.raises(ValidationError) as error:
        geometry_from_geojson(value)
    assert list(error.value.message_dict) == ["geometry"]
    return error.value.message_dict["geometry"][0]


@given(lon, lat)
def test_any_position_in_range_is_read_exactly(x, y):
    point = geometry_from_geojson({"type": "Point", "coordinates": [x, y]})
    assert (point.x, point.y, point.srid) == (x, y, 4326)


@given(st.one_of(
    st.tuples(st.floats(min_value=180, exclude_min=True), lat),
    st.tuples(st.floats(max_value=-180, exclude_max=True), lat),
    st.tuples(lon, st.floats(min_value=90, exclude_min=True)),
    st.tuples(lon, st.floats(max_value=-90, exclude_max=True)),
    st.tuples(st.sampled_from([math.nan, math.inf, -math.inf]), lat),
    st.tuples(lon, st.sampled_from([math.nan, math.inf, -math.inf])),
))
def test_positions_out_of_range_nan_or_infinite_are_refused(position):
    message = refused({"type": "Point", "coordinates": list(position)})
    assert "Koordinaten" in message


@given(st.lists(st.tuples(st.floats(7.7, 7.8), st.floats(49.4, 49.5)), min_size=2, max_size=30, unique=True))
def test_lines_keep_their_positions(positions):
    line = geometry_from_geojson({"type": "LineString", "coordinates": [list(p) for p in positions]})
    assert [tuple(c) for c in line.coords] == positions


@pytest.mark.parametrize("value, words", [
    ("{not json", "kein gültiges GeoJSON"),
    ([7.7, 49.4], "GeoJSON-Geometrie"),
    ({"type": "Point", "coordinates": [7.77, 49.44], "crs": {"type": "name", "properties": {"name": "EPSG:25832"}}}, "crs"),
    ({"type": "GeometryCollection", "geometries": [{"type": "GeometryCollection", "geometries": []}]}, "Sammlungen"),
    ({"type": "Feature", "geometry": {"type": "Point", "coordinates": [7.7, 49.4]}, "properties": {}}, "Feature"),
    ({"type": "MultiPoint", "coordinates": [[7.7, 49.4]]}, "MultiPoint"),
    ({"type": "Point"}, "keine Koordinaten"),
    ({"type": "Point", "coordinates": []}, "leer"),
    ({"type": "LineString", "coordinates": []}, "leer"),
    ({"type": "Polygon", "coordinates": []}, "leer"),
    ({"type": "Point", "coordinates": ["7.7", "49.4"]}, "Zahlen"),
    ({"type": "Point", "coordinates": [True, 49.4]}, "Zahlen"),
    ({"type": "Point", "coordinates": [7.7]}, "Längengrad und Breitengrad"),
    ({"type": "LineString", "coordinates": [[7.7, 49.4], [7.7, 49.4]]}, "zwei verschiedene"),
    ({"type": "Polygon", "coordinates": [[[7.7, 49.4], [7.8, 49.4], [7.8, 49.5]]]}, "geschlossen"),
])
def test_malformed_geojson_is_refused_with_a_reason(value, words):
    assert words in refused(value)


def test_more_vertices_than_the_limit_are_refused_before_building_anything():
    ring = [[7.7 + i * 1e-5, 49.4 + (i % 2) * 1e-5] for i in range(MAX_VERTICES + 5)]
    assert str(MAX_VERTICES) in refused({"type": "LineString", "coordinates": ring})


def test_geojson_text_is_read_too():
    assert geometry_from_geojson(json.dumps({"type": "Point", "coordinates": [7.77, 49.44, 240.0]})).coords == (7.77, 49.44)


def test_a_self_intersecting_area_is_refused():
    bowtie = geometry_from_geojson({"type": "Polygon", "coordinates": [[[7.76, 49.44], [7.78, 49.45], [7.78, 49.44], [7.76, 49.45], [7.76, 49.44]]]})
    with pytest.raises(ValidationError, match="kreuzt sich"):
        geometry_check(bowtie, kinds=["polygon"], area=AREA)


def test_the_kind_must_be_one_the_format_accepts():
    line = geometry_from_geojson({"type": "LineString", "coordinates": [[7.76, 49.44], [7.77, 49.44]]})
    with pytest.raises(ValidationError, match="Punkt"):
        geometry_check(line, kinds=["point"], area=AREA)
    geometry_check(line, kinds=["point", "line"], area=AREA)


def test_swapped_latitude_and_longitude_land_outside_and_are_named():
    with pytest.raises(ValidationError, match="vertauscht"):
        geometry_check(Point(49.444, 7.769, srid=4326), kinds=["point"], area=AREA)
    with pytest.raises(ValidationError, match="außerhalb"):
        geometry_check(Point(8.5, 50.1, srid=4326), kinds=["point"], area=AREA)


def test_places_are_required_unless_the_format_collects_ideas():
    with pytest.raises(ValidationError, match="Ort"):
        geometry_check(None, kinds=["point"], area=AREA)
    geometry_check(None, kinds=[], area=AREA)
    with pytest.raises(ValidationError, match="ohne Ort"):
        geometry_check(Point(7.77, 49.44, srid=4326), kinds=[], area=AREA)
