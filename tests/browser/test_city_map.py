import pytest
from playwright.sync_api import expect

from geo_participation.core.demo import FIXTURES
from maps.geo.services import areas_load

pytestmark = pytest.mark.browser


@pytest.fixture
def city(transactional_db):
    areas_load(boundary_file=FIXTURES / "boundary.geojson", districts_file=FIXTURES / "districts.geojson")


def test_the_city_map_shows_our_own_layers_without_any_tile_server(live_server, page, city):
    page.goto(f"{live_server.url}/stadtkarte/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator("#city-map")).to_have_attribute("data-ready", "true")
    # the boundary and the ten districts are drawn as vector paths
    expect(page.locator("#city-map path.leaflet-interactive")).to_have_count(10)
    page.get_by_role("button", name="Hohenecken").click()
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("Stadt Kaiserslautern")


def test_the_map_controls_are_named_in_german(live_server, page, city):
    """Leaflet names its zoom buttons "Zoom in" and "Zoom out": a screen reader read English in the German site."""
    page.goto(f"{live_server.url}/stadtkarte/")
    expect(page.locator("#city-map")).to_have_attribute("data-ready", "true")
    expect(page.locator(".leaflet-control-zoom-in")).to_have_attribute("aria-label", "Vergrößern")
    expect(page.locator(".leaflet-control-zoom-out")).to_have_attribute("title", "Verkleinern")
