import gzip

import pytest
from django.contrib.gis.geos import Point

from geo_participation.core.demo import FIXTURES
from maps.geo.gazetteer import search_text
from maps.geo.models import GazetteerEntry
from maps.geo.selectors import gazetteer_nearest, gazetteer_search
from maps.geo.services import areas_load, gazetteer_load

# A small extract in the city centre: one street in two ways, a square mapped twice, a library with an
# address, an address on a building and again on its entrance, and one bus stop with two platforms.
OSM = """<?xml version='1.0' encoding='UTF-8'?>
<osm version="0.6">
  <node id="1" lat="49.4440" lon="7.7600"/><node id="2" lat="49.4442" lon="7.7620"/><node id="3" lat="49.4444" lon="7.7640"/>
  <node id="10" lat="49.4447" lon="7.7690"/><node id="11" lat="49.4447" lon="7.7700"/><node id="12" lat="49.4453" lon="7.7700"/>
  <node id="13" lat="49.4453" lon="7.7690"/>
  <node id="20" lat="49.4430" lon="7.7650"><tag k="amenity" v="library"/><tag k="name" v="Stadtbibliothek"/>
    <tag k="addr:street" v="Klosterstraße"/><tag k="addr:housenumber" v="8"/></node>
  <node id="21" lat="49.4435" lon="7.7660"><tag k="addr:street" v="Fruchthallstraße"/><tag k="addr:housenumber" v="10"/></node>
  <node id="30" lat="49.4460" lon="7.7710"><tag k="highway" v="bus_stop"/><tag k="name" v="Rathaus"/></node>
  <node id="31" lat="49.4461" lon="7.7712"><tag k="public_transport" v="platform"/><tag k="name" v="Rathaus"/></node>
  <node id="40" lat="49.4435" lon="7.7655"/><node id="41" lat="49.4435" lon="7.7665"/><node id="42" lat="49.4437" lon="7.7665"/>
  <node id="43" lat="49.4437" lon="7.7655"/>
  <way id="100"><nd ref="1"/><nd ref="2"/><tag k="highway" v="residential"/><tag k="name" v="Pariser Straße"/></way>
  <way id="101"><nd ref="2"/><nd ref="3"/><tag k="highway" v="residential"/><tag k="name" v="Pariser Straße"/></way>
  <way id="102"><nd ref="10"/><nd ref="11"/><nd ref="12"/><nd ref="13"/><nd ref="10"/><tag k="place" v="square"/>
    <tag k="name" v="Stiftsplatz"/></way>
  <way id="103"><nd ref="10"/><nd ref="11"/><nd ref="12"/><nd ref="13"/><nd ref="10"/><tag k="highway" v="pedestrian"/>
    <tag k="area" v="yes"/><tag k="name" v="Stiftsplatz"/></way>
  <way id="104"><nd ref="40"/><nd ref="41"/><nd ref="42"/><nd ref="43"/><nd ref="40"/><tag k="building" v="yes"/>
    <tag k="addr:street" v="Fruchthallstraße"/><tag k="addr:housenumber" v="10"/></way>
</osm>
"""


@pytest.fixture
def city(db):
    areas_load(boundary_file=FIXTURES / "boundary.geojson", districts_file=FIXTURES / "districts.geojson")


@pytest.fixture
def gazetteer(city, tmp_path):
    path = tmp_path / "extract.osm.gz"
    with gzip.open(path, "wt", encoding="utf-8") as file:
        file.write(OSM)
    gazetteer_load(osm_file=path)
    return path


@pytest.mark.parametrize("written, folded", [
    ("Rütschhofstraße", "rutschhofstr"),
    ("Ruetschhofstrasse", "rutschhofstr"),
    ("Rütschhofstr.", "rutschhofstr"),
    ("St.-Martins-Platz", "st martins platz"),
    ("Kaiserslautern Hbf", "kaiserslautern hauptbahnhof"),
    ("Straßenbahn", "strassenbahn"),  # only the word's ending is a street
])
def test_names_and_queries_are_folded_alike(written, folded):
    assert search_text(written) == folded


def test_the_loader_merges_streets_stops_and_duplicate_squares_and_knows_districts(gazetteer):
    entries = {(e.kind, e.name): e for e in GazetteerEntry.objects.select_related("district")}
    assert set(entries) == {
        ("street", "Pariser Straße"), ("square", "Stiftsplatz"), ("place", "Stadtbibliothek"),
        ("address", "Klosterstraße 8"), ("address", "Fruchthallstraße 10"), ("stop", "Rathaus"),
    }
    street = entries[("street", "Pariser Straße")]
    assert street.geometry.geom_type == "LineString" and street.geometry.num_points == 3  # two ways, one line
    assert street.geometry.distance(street.point) < 1e-9  # the pin lies on the street
    assert entries[("square", "Stiftsplatz")].geometry.geom_type == "Polygon"
    assert entries[("place", "Stadtbibliothek")].detail == "Bibliothek · Klosterstraße 8"
    assert {e.district.name for e in entries.values()} == {"Innenstadt"}


def test_loading_again_keeps_the_gazetteer_unless_forced(gazetteer):
    ids = set(GazetteerEntry.objects.values_list("id", flat=True))
    assert gazetteer_load(osm_file=gazetteer) == 6
    assert set(GazetteerEntry.objects.values_list("id", flat=True)) == ids
    gazetteer_load(osm_file=gazetteer, force=True)
    assert GazetteerEntry.objects.count() == 6 and not ids & set(GazetteerEntry.objects.values_list("id", flat=True))


@pytest.mark.django_db
@pytest.mark.parametrize("query, first", [
    ("stifts", "Stiftsplatz"),
    ("Pariser Str.", "Pariser Straße"),
    ("pariser strasse", "Pariser Straße"),
    ("parisr straße", "Pariser Straße"),  # a typo
    ("fruchthallstr 10", "Fruchthallstraße 10"),
    ("Bibliothek", "Stadtbibliothek"),  # found by what it is
])
def test_search_finds_places_by_the_start_of_their_words_despite_spelling(gazetteer, query, first):
    results = gazetteer_search(query)
    assert results and results[0]["name"] == first
    assert results[0]["district"] == "Innenstadt"


def test_search_for_nothing_known_finds_nothing(gazetteer):
    assert gazetteer_search("Zzyzx") == []
    assert gazetteer_search("  ..  ") == []


def test_a_point_is_described_by_its_nearest_address_and_district(gazetteer):
    assert gazetteer_nearest(Point(7.76601, 49.44351, srid=4326))["label"] == "Fruchthallstraße 10, Innenstadt"
    beside_the_street = gazetteer_nearest(Point(7.7620, 49.4445, srid=4326))
    assert beside_the_street["near"] == "Pariser Straße" and beside_the_street["address"] == ""
    assert gazetteer_nearest(Point(7.70, 49.40, srid=4326))["label"] == "Hohenecken"


def test_the_search_api_answers_geojson_points(client, gazetteer):
    response = client.get("/api/gazetteer/", {"q": "stiftspl"})
    assert response.status_code == 200
    feature = response.json()["features"][0]
    assert feature["properties"]["name"] == "Stiftsplatz" and feature["properties"]["kind_label"] == "Platz"
    assert feature["geometry"]["type"] == "Point"


@pytest.mark.django_db
@pytest.mark.parametrize("params, field", [({}, "q"), ({"q": "a"}, "q"), ({"q": "x" * 101}, "q"),
                                           ({"q": "stifts", "limit": "500"}, "limit")])
def test_the_search_api_names_the_field_of_bad_input_in_german(client, params, field):
    response = client.get("/api/gazetteer/", params, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert any(word in response.json()["errors"][field][0] for word in ("Feld", "Zeichen", "Wert", "Stelle"))


@pytest.mark.django_db
def test_the_reverse_api_refuses_impossible_coordinates(client):
    response = client.get("/api/gazetteer/reverse/", {"lat": "200", "lon": "7.7"})
    assert response.status_code == 400 and "lat" in response.json()["errors"]
    response = client.get("/api/gazetteer/reverse/", {"lat": "nan", "lon": "7.7"})
    assert response.status_code == 400 and "lat" in response.json()["errors"]


def test_the_reverse_api_describes_a_point(client, gazetteer):
    response = client.get("/api/gazetteer/reverse/", {"lat": "49.44351", "lon": "7.76601"})
    assert response.json()["label"] == "Fruchthallstraße 10, Innenstadt"
