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
