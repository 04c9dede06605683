"""What residents write reaches other people's maps as text, never as markup: a title is not HTML."""

import pytest
from django.contrib.gis.geos import Polygon
from playwright.sync_api import expect

from geo_participation.core.demo import FIXTURES
from maps.geo.services import areas_load
from tests.factories.mapping import make_contribution, make_map_module

pytestmark = pytest.mark.browser

TRAP = '<img src="x" onerror="document.body.dataset.injected = 1">Dunkler Hof'


@pytest.fixture
def areas_module(transactional_db):
    areas_load(boundary_file=FIXTURES / "boundary.geojson", districts_file=FIXTURES / "districts.geojson")
    return make_map_module(title="Angsträume", slug="angstraeume", kinds=("point", "polygon"))


def test_the_tooltip_of_an_area_shows_its_title_as_text(live_server, page, areas_module):
    square = Polygon(((7.7690, 49.4436), (7.7700, 49.4436), (7.7700, 49.4444), (7.7690, 49.4444), (7.7690, 49.4436)),
                     srid=4326)
    make_contribution(module=areas_module, geometry=square, title=TRAP)
    page.goto(f"{live_server.url}/karte/angstraeume/")
    expect(page.locator("#contribution-map")).to_have_attribute("data-count", "1")
    page.locator("#contribution-map path.leaflet-interactive").last.hover()
    tooltip = page.locator(".leaflet-tooltip")
    expect(tooltip).to_contain_text(TRAP)
    expect(tooltip.locator("img")).to_have_count(0)
    assert page.evaluate("document.body.dataset.injected") is None
