import pytest

from geo_participation.core.demo import FIXTURES
from maps.geo.services import areas_load
from tests.factories.mapping import make_map_module


@pytest.fixture
def city(db):
    """The real boundary and districts: areas, the outside of the city, and districts are all real."""
    areas_load(boundary_file=FIXTURES / "boundary.geojson", districts_file=FIXTURES / "districts.geojson")


@pytest.fixture
def map_module(city):
    return make_map_module(kinds=("point", "line", "polygon"))


@pytest.fixture
def closed_module(city):
    return make_map_module(state="closed")
