"""A planner's way through the workspace in Chromium, and the public map of a large format drawn from vector tiles."""

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from tests.browser.test_accessibility import log_in
from tests.factories.mapping import make_map_module
from tests.maps.planning.conftest import city, fill  # noqa: F401 - city is a fixture

pytestmark = pytest.mark.browser


@pytest.fixture
def committed_fear(transactional_db, city):  # noqa: F811 - the fixture imported above
    module = make_map_module(title="Angsträume markieren", slug="angstraeume", kinds=("point", "line", "polygon"))
    fill(module)
    return module


def test_planner_sees_the_heatmap_switches_to_points_and_finds_the_downloads(live_server, page, committed_fear, planner):
    log_in(page, live_server, planner)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Planung").click()
    expect(page).to_have_url(f"{live_server.url}/planung/")
    expect(page.locator("#workspace-map")).to_have_attribute("data-ready", "true")
    cells = page.locator("#workspace-map .leaflet-overlay-pane path")
    expect(cells.first).to_be_visible()
    assert cells.count() >= 2  # the city's outline and the crowded cell
    expect(page.locator(".legend-classes li")).to_have_count(1)
    expect(page.get_by_role("cell", name="6", exact=True).first).to_be_visible()
    expect(page.get_by_role("link", name="Heatmap als GeoJSON")).to_have_attribute("href", "/api/planning/layers/angstraeume/heatmap.geojson?cell=200&value=count")
    page.get_by_label("Punkte").check()
    page.get_by_role("button", name="Anzeigen").click()
    expect(page.locator("#workspace-map")).to_have_attribute("data-ready", "true")
    expect(page.locator("#workspace-map .planning-cluster").first).to_be_visible()
    expect(page.get_by_role("link", name="GeoPackage (ETRS89 / UTM 32N, EPSG:25832)")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="GeoJSON (WGS 84)").click()
    assert download.value.suggested_filename == "angstraeume.geojson"


def test_keyboard_reaches_the_form_and_the_tables(live_server, page, committed_fear, planner):
    log_in(page, live_server, planner)
    page.goto(f"{live_server.url}/planung/")
    page.get_by_label("Zellgröße (Kantenlänge)").focus()
    page.keyboard.press("End")  # the largest size, chosen with the keyboard
    page.get_by_role("button", name="Anzeigen").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Angsträume markieren: Heatmap, Zellen von 1000 m")).to_be_visible()
    expect(page.locator("#workspace-map")).to_have_attribute("data-ready", "true")
    expect(page.get_by_role("region", name="Zellen mit den meisten Beiträgen")).to_be_visible()  # the table, focusable


@override_settings(TILE_LAYER_THRESHOLD=5)
def test_a_large_format_shows_its_groups_from_vector_tiles(live_server, page, committed_fear):
    tiles = []
    page.on("request", lambda request: tiles.append(request.url) if ".mvt" in request.url else None)
    page.goto(f"{live_server.url}/karte/angstraeume/")
    expect(page.locator("#contribution-map")).to_have_attribute("data-ready", "true")
    assert tiles, "no vector tile was asked for"
    expect(page.locator("#contribution-map .map-cluster").first).to_be_visible()
    assert int(page.locator("#contribution-map").get_attribute("data-count")) >= 6
