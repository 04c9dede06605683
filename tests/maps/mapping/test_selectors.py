import json

import pytest
from django.contrib.gis.geos import Point, Polygon
from django.core.exceptions import ValidationError
from django.http import QueryDict

from geo_participation.core.moderation import ModerationStatus
from maps.geo.models import AdministrativeArea
from maps.mapping import selectors
from maps.mapping.selectors import (
    ContributionFilters, bbox_from_query, contribution_export, contribution_layer, contribution_list, contribution_page,
    filters_from_query,
)
from tests.factories.mapping import make_contribution, make_map_module

pytestmark = pytest.mark.django_db
SITE = "http://testserver"
CITY_BBOX = Polygon.from_bbox((7.64, 49.34, 7.92, 49.51))


@pytest.fixture
def marks(map_module):
    """Nine published marks in a 3 × 3 grid of ~100 m around the Stiftsplatz, one pending, one hidden."""
    light, traffic = map_module.map_categories.all()
    published = [make_contribution(module=map_module, category=light if i % 2 else traffic,
                                   attributes={"tageszeit": "nacht" if i < 3 else "tag"},
                                   geometry=Point(7.768 + (i % 3) * 0.0013, 49.443 + (i // 3) * 0.0009, srid=4326))
                 for i in range(9)]
    make_contribution(module=map_module, status=ModerationStatus.PENDING)
    make_contribution(module=map_module, status=ModerationStatus.HIDDEN)
    return published


def ids(collection: str) -> set:
    return {feature["id"] for feature in json.loads(collection)["features"]}


def test_the_layer_at_high_zoom_holds_each_published_mark_with_title_and_category(map_module, marks):
    collection = json.loads(contribution_layer(module=map_module, bbox=CITY_BBOX, zoom=18))
    assert {f["id"] for f in collection["features"]} == {m.pk for m in marks}
    feature = next(f for f in collection["features"] if f["id"] == marks[0].pk)
    assert feature["properties"] == {"title": "Dunkle Ecke", "category": marks[0].category_id}
    assert feature["geometry"] == {"type": "Point", "coordinates": [7.768, 49.443]}
    assert collection["truncated"] is False


def test_the_layer_keeps_to_the_bounding_box(map_module, marks):
    west_column = Polygon.from_bbox((7.7675, 49.44, 7.7685, 49.45))
    assert ids(contribution_layer(module=map_module, bbox=west_column, zoom=18)) == {marks[0].pk, marks[3].pk, marks[6].pk}


@pytest.mark.parametrize("zoom", [18, 15, 12])
def test_a_box_given_as_four_numbers_is_the_same_layer_as_its_polygon(map_module, marks, zoom):
    """The API passes the viewport's numbers (no GEOS polygon); filtered, the polygon is made where it is needed."""
    numbers = selectors.bbox_extent_from_query("7.92,49.51,7.64,49.34")  # corners in either order
    assert numbers == CITY_BBOX.extent
    assert contribution_layer(module=map_module, bbox=numbers, zoom=zoom) == \
        contribution_layer(module=map_module, bbox=CITY_BBOX, zoom=zoom)
    at_night = ContributionFilters(equals={"tageszeit": "nacht"})
    assert contribution_layer(module=map_module, bbox=numbers, zoom=zoom, filters=at_night) == \
        contribution_layer(module=map_module, bbox=CITY_BBOX, zoom=zoom, filters=at_night)
    assert ids(contribution_layer(module=map_module, bbox=(7.7675, 49.44, 7.7685, 49.45), zoom=18, filters=at_night)) \
        == {marks[0].pk}


def test_at_low_zoom_nearby_marks_come_as_clusters_that_count_them_all(map_module, marks):
    features = json.loads(contribution_layer(module=map_module, bbox=CITY_BBOX, zoom=12))["features"]
    assert len(features) == 1 and features[0]["properties"] == {"cluster": True, "count": 9}
    features = json.loads(contribution_layer(module=map_module, bbox=CITY_BBOX, zoom=15))["features"]
    clusters = [f for f in features if f["properties"].get("cluster")]
    singles = [f for f in features if not f["properties"].get("cluster")]
    assert clusters and sum(c["properties"]["count"] for c in clusters) + len(singles) == 9


def test_the_layer_says_when_it_holds_back_marks(map_module, marks, monkeypatch):
    monkeypatch.setattr(selectors, "LAYER_LIMIT", 4)
    collection = json.loads(contribution_layer(module=map_module, bbox=CITY_BBOX))
    assert len(collection["features"]) <= 5 and collection["truncated"] is True


def test_filters_by_category_attribute_and_district(map_module, marks, city):
    light = map_module.map_categories.get(name="Schlechte Beleuchtung")
    by_category = ContributionFilters(categories=[light.pk])
    assert ids(contribution_layer(module=map_module, bbox=CITY_BBOX, filters=by_category)) == {m.pk for m in marks if m.category == light}
    at_night = ContributionFilters(equals={"tageszeit": "nacht"})
    assert ids(contribution_layer(module=map_module, bbox=CITY_BBOX, filters=at_night)) == {m.pk for m in marks[:3]}
    elsewhere = ContributionFilters(district=AdministrativeArea.objects.get(slug="hohenecken"))
    assert contribution_list(module=map_module, filters=elsewhere).count() == 0


def test_scale_filters_mean_at_least(city):
    module = make_map_module(attributes=[{"key": "wie_heiss", "label": "Wie heiß?", "kind": "scale", "minimum": 1, "maximum": 5}])
    for heat in (1, 3, 5):
        make_contribution(module=module, attributes={"wie_heiss": heat})
    filters = filters_from_query(QueryDict("attr_wie_heiss_min=3"), module=module)
    assert sorted(c.attributes["wie_heiss"] for c in contribution_list(module=module, filters=filters)) == [3, 5]


@pytest.mark.parametrize("query", ["category=999999", "category=abc", "category=,999999", "attr_tageszeit=mittags",
                                   "district=atlantis", "district=innen%C3%B6stadt"])
def test_filters_the_format_does_not_have_match_nothing(map_module, marks, query):
    # As a search that finds nothing: the API's schema cannot list a format's categories, so none is refused.
    filters = filters_from_query(QueryDict(query), module=map_module)
    assert filters.matches_nothing and filters.active
    assert list(contribution_list(module=map_module, filters=filters)) == []
    assert json.loads(contribution_layer(module=map_module, bbox=CITY_BBOX, zoom=18, filters=filters))["features"] == []
    assert contribution_list(module=map_module, filters=filters_from_query(QueryDict(""), module=map_module)).exists()


@pytest.mark.parametrize("query, field", [("attr_wie_heiss_min=heiß", "attr_wie_heiss_min"),
                                          ("attr_wie_heiss_min=9", "attr_wie_heiss_min"),
                                          ("attr_beleuchtet=vielleicht", "attr_beleuchtet")])
def test_a_filter_of_the_wrong_kind_is_named(city, query, field):
    module = make_map_module(attributes=[
        {"key": "wie_heiss", "label": "Wie heiß?", "kind": "scale", "minimum": 1, "maximum": 5},
        {"key": "beleuchtet", "label": "Beleuchtet?", "kind": "yes_no"}])
    with pytest.raises(ValidationError) as error:
        filters_from_query(QueryDict(query), module=module)
    assert field in error.value.message_dict


@pytest.mark.parametrize("value", ["7.6,49.3,7.9", "a,b,c,d", "7.6,49.3,7.9,nan", "-200,0,0,10", "7.6,49.3,7.9,91"])
def test_bad_bounding_boxes_are_named(value):
    with pytest.raises(ValidationError) as error:
        bbox_from_query(value)
    assert "bbox" in error.value.message_dict


def test_two_opposite_corners_in_either_order_are_the_same_box():
    assert bbox_from_query("7.9,49.5,7.6,49.3").extent == bbox_from_query("7.6,49.3,7.9,49.5").extent
    assert bbox_from_query("7.6,49.5,7.9,49.3").extent == (7.6, 49.3, 7.9, 49.5)


def test_a_page_of_the_list_counts_all_matches_and_shows_only_the_public_username(map_module, marks):
    body, matched = contribution_page(module=map_module, site_url=SITE, limit=4, offset=4)
    collection = json.loads(body)
    assert matched == 9 and collection["numberMatched"] == 9 and len(collection["features"]) == 4
    properties = collection["features"][0]["properties"]
    assert properties["author"] == marks[4].author.username
    assert "email" not in body and marks[4].author.email not in body


def test_the_export_streams_every_published_mark_as_one_collection(map_module, marks):
    collection = json.loads("".join(contribution_export(module=map_module, site_url=SITE)))
    assert {f["id"] for f in collection["features"]} == {m.pk for m in marks}


def test_ideas_without_a_place_are_features_with_a_null_geometry_in_the_list_and_the_export(city):
    ideas = make_map_module(kinds=())
    idea = make_contribution(module=ideas, geometry=None, title="Mehr Bänke am Stiftsplatz")
    body, matched = contribution_page(module=ideas, site_url=SITE)
    [feature] = json.loads(body)["features"]
    assert matched == 1 and feature["id"] == idea.pk and feature["geometry"] is None
    assert feature["properties"]["title"] == "Mehr Bänke am Stiftsplatz"
    [exported] = json.loads("".join(contribution_export(module=ideas, site_url=SITE)))["features"]
    assert exported["id"] == idea.pk and exported["geometry"] is None


@pytest.mark.parametrize("zoom", [11, 12, 13, 14, 15, 16])
def test_clusters_and_marks_never_come_closer_than_the_gap_on_the_screen(map_module, zoom):
    """Found on the walk: at city zoom, cluster bubbles overlapped and hid each other's numbers. The grid's
    neighbouring cells put their clusters side by side; now no two features of the layer are closer than
    CLUSTER_GAP_PX (the largest bubble and some air), and every published item is still counted once."""
    import random

    from maps.mapping.models import Contribution
    from maps.mapping.selectors import CLUSTER_GAP_PX, _pixels

    rng = random.Random(zoom)
    category = map_module.map_categories.first()
    # Dense spots and loose scatter, as the real city has them: the Stiftsplatz, the university, the rest.
    spots = [(7.7695, 49.4440, 0.004), (7.7520, 49.4240, 0.003), (7.7700, 49.4440, 0.05)]
    Contribution.objects.bulk_create([
        Contribution(module=map_module, title=f"Ort {i}", category=category, attributes={}, status=ModerationStatus.APPROVED,
                     geometry=Point(lon + rng.uniform(-spread, spread), lat + rng.uniform(-spread, spread) * 0.6, srid=4326))
        for i, (lon, lat, spread) in enumerate(spots[i % 3] for i in range(600))])
    features = json.loads(contribution_layer(module=map_module, bbox=CITY_BBOX, zoom=zoom))["features"]
    counted = sum(f["properties"].get("count", 1) for f in features)
    assert counted == 600
    points = [_pixels(*f["geometry"]["coordinates"], zoom) for f in features]
    for i, (ax, ay) in enumerate(points):
        for bx, by in points[i + 1:]:
            assert max(abs(ax - bx), abs(ay - by)) >= CLUSTER_GAP_PX, (zoom, (ax, ay), (bx, by))
