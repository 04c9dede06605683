"""The city boundary and the districts as open data: GeoJSON for everyone, GET only, and in the OpenAPI schema."""

import pytest
from django.test import Client

from geo_participation.core.demo import FIXTURES
from maps.geo.services import areas_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(db):
    areas_load(boundary_file=FIXTURES / "boundary.geojson", districts_file=FIXTURES / "districts.geojson")


def test_the_districts_are_geojson_for_everyone_and_cached(city):
    response = Client(enforce_csrf_checks=True).get("/api/gebiete/ortsbezirke.geojson")
    assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"
    assert "public" in response["Cache-Control"]
    features = response.json()["features"]
    assert len(features) == 10 and {"name", "slug", "level"} == set(features[0]["properties"])
    boundary = Client().get("/api/gebiete/stadtgrenze.geojson").json()["features"]
    assert [f["properties"]["level"] for f in boundary] == ["city"]


def test_writing_to_open_data_is_a_405_not_a_csrf_403(city):
    response = Client(enforce_csrf_checks=True).post("/api/gebiete/ortsbezirke.geojson")
    assert response.status_code == 405


def test_the_areas_are_in_the_openapi_schema(city):
    paths = Client().get("/api/schema/", {"format": "json"}).json()["paths"]
    for path in ("/api/gebiete/stadtgrenze.geojson", "/api/gebiete/ortsbezirke.geojson"):
        operation = paths[path]["get"]
        assert {} in operation["security"] and "application/geo+json" in operation["responses"]["200"]["content"]


@pytest.mark.django_db
@pytest.mark.parametrize("language, tiles, data", [
    ("de", "-Mitwirkende\"", "Grenzen: Stadt Kaiserslautern"),
    ("en", " contributors\"", "Boundaries: City of Kaiserslautern"),
])
def test_the_map_attribution_speaks_the_reader_s_language(client, language, tiles, data):
    """Found on the walk: English readers got the attribution in German."""
    html = client.get("/stadtkarte/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert tiles in html and data in html


@pytest.mark.django_db
def test_an_operator_s_own_attribution_is_kept_unless_an_english_one_is_given(client, settings):
    settings.MAP_DATA_ATTRIBUTION, settings.MAP_DATA_ATTRIBUTION_EN = "Daten: Landkreis", ""
    assert "Daten: Landkreis" in client.get("/stadtkarte/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    settings.MAP_DATA_ATTRIBUTION_EN = "Data: the district"
    assert "Data: the district" in client.get("/stadtkarte/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
