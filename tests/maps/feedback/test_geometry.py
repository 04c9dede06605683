"""The hand-written GeoJSON checks: whatever arrives, a clear GeoJSONError or a sane geometry, nothing else."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maps.feedback.geometry import MAX_LINE_VERTICES, lines_from_geojson, point_from_geojson
from maps.geo.parsing import GeoJSONError

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=8)
json_values = st.recursive(json_scalars, lambda children: st.lists(children, max_size=4)
                           | st.dictionaries(st.text(max_size=12), children, max_size=4), max_leaves=12)
geometryish = st.fixed_dictionaries(
    {"type": st.sampled_from(["Point", "LineString", "MultiLineString", "Polygon", "GeometryCollection", "Feature", "x"]),
     "coordinates": json_values},
    optional={"crs": json_values, "geometries": json_values},
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(json_values, geometryish))
def test_a_point_is_either_refused_in_words_or_finite_and_in_range(value):
    try:
        point = point_from_geojson(value)
    except GeoJSONError as error:
        assert str(error)
    else:
        assert math.isfinite(point.x) and math.isfinite(point.y)
        assert -180 <= point.x <= 180 and -90 <= point.y <= 90 and point.srid == 4326


@settings(max_examples=400, deadline=None)
@given(st.one_of(json_values, geometryish))
def test_a_line_is_either_refused_in_words_or_a_valid_multilinestring(value):
    try:
        lines = lines_from_geojson(value)
    except GeoJSONError as error:
        assert str(error)
    else:
        assert lines.geom_type == "MultiLineString" and lines.valid and lines.num_coords <= MAX_LINE_VERTICES


@given(lon=st.floats(-180, 180), lat=st.floats(-90, 90))
def test_every_finite_position_in_range_is_accepted_as_it_is(lon, lat):
    point = point_from_geojson({"type": "Point", "coordinates": [lon, lat]})
    assert (point.x, point.y) == (lon, lat)


@pytest.mark.parametrize("value, words", [
    ('{"type": "Point", "coordinates": [NaN, 49.4]}', "finite"),
    ('{"type": "Point", "coordinates": [1e400, 49.4]}', "finite"),
    ({"type": "Point", "coordinates": [49.44, 7.77, 0, 1]}, "position"),
    ({"type": "Point", "coordinates": [7.77, 91]}, "out of range"),
    ({"type": "Point", "coordinates": [True, 49.4]}, "numbers"),
    ({"type": "Point", "coordinates": ["7.7", "49.4"]}, "numbers"),
    ({"type": "Point", "coordinates": []}, "no coordinates"),
    ({"type": "Point", "coordinates": [7.77, 49.44], "crs": {"type": "name"}}, "crs"),
    ({"type": "LineString", "coordinates": [[7.77, 49.44], [7.78, 49.45]]}, "not a line"),
    ({"type": "GeometryCollection", "geometries": []}, "collection"),
    ({"type": "Feature"}, "not a GeoJSON geometry type"),
    ({}, "GeoJSON geometry"),
    ("{not json", "not valid GeoJSON"),
    ([7.77, 49.44], "GeoJSON geometry"),
])
def test_bad_points_are_refused_with_a_message_that_says_what_is_wrong(value, words):
    with pytest.raises(GeoJSONError) as error:
        point_from_geojson(value)
    assert words.lower() in str(error.value).lower()


@pytest.mark.parametrize("value, words", [
    ({"type": "Point", "coordinates": [7.77, 49.44]}, "line"),
    ({"type": "LineString", "coordinates": [[7.77, 49.44]]}, "two different positions"),
    ({"type": "LineString", "coordinates": [[7.77, 49.44], [7.77, 49.44]]}, "two different positions"),
    ({"type": "MultiLineString", "coordinates": [[7.77, 49.44]]}, "position"),
    ({"type": "LineString", "coordinates": [[7.77, 49.44]] * (MAX_LINE_VERTICES + 1)}, "vertices"),
    ({"type": "GeometryCollection", "geometries": [{"type": "GeometryCollection", "geometries": []}]}, "collection"),
])
def test_bad_lines_are_refused_with_a_message_that_says_what_is_wrong(value, words):
    with pytest.raises(GeoJSONError) as error:
        lines_from_geojson(value)
    assert words in str(error.value)
