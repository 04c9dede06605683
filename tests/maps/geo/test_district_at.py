"""Which district a place lies in: asked for every pin, so answered by one prepared query."""

import pytest
from django.contrib.gis.geos import Point
from django.db import connection
from django.test.utils import CaptureQueriesContext

from geo_participation.core.demo import FIXTURES
from maps.geo.models import AdministrativeArea
from maps.geo.selectors import district_at
from maps.geo.services import areas_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(db):
    areas_load(boundary_file=FIXTURES / "boundary.geojson", districts_file=FIXTURES / "districts.geojson")


def test_the_stiftsplatz_lies_in_the_innenstadt_and_the_outline_is_not_read(city):
    with CaptureQueriesContext(connection) as queries:
        district = district_at(Point(7.7695, 49.4440, srid=4326))
    assert len(queries) == 1
    assert district.name == "Innenstadt" and district.slug == "innenstadt"
    assert {"geometry", "source", "level"} <= district.get_deferred_fields()


def test_every_district_finds_itself_and_the_city_is_never_a_district(city):
    for area in AdministrativeArea.objects.filter(level=AdministrativeArea.Level.DISTRICT):
        assert district_at(area.geometry.point_on_surface).pk == area.pk


def test_outside_every_district_there_is_none(city):
    assert district_at(Point(8.2, 49.9, srid=4326)) is None  # Mainz
