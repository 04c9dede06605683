"""Marking with the keyboard alone: the place search, the map under the crosshair, and what a screen reader hears."""

import json

import pytest
from django.contrib.gis.geos import Point
from django.test import Client
from playwright.sync_api import expect

from geo_participation.core.demo import FIXTURES
from maps.geo.models import GazetteerEntry
from maps.geo.services import areas_load
from maps.mapping.models import Contribution
from tests.factories import make_user
from tests.factories.mapping import make_map_module

pytestmark = pytest.mark.browser


@pytest.fixture
def heat_spots(transactional_db):
    areas_load(boundary_file=FIXTURES / "boundary.geojson", districts_file=FIXTURES / "districts.geojson")
    GazetteerEntry.objects.create(kind="square", name="Stiftsplatz", search_text="stiftsplatz", source_key="t:1", source="t",
                                  geometry=Point(7.7693, 49.4443, srid=4326), point=Point(7.7693, 49.4443, srid=4326))
    return make_map_module(title="Hitzepunkte", slug="hitzepunkte", kinds=("point", "polygon"), categories=(("Kein Schatten", "#b34700", "sun"),),
                           attributes=[{"key": "wie_heiss", "label": "Wie heiß wird es hier?", "kind": "scale", "minimum": 1, "maximum": 5}])


@pytest.fixture
def page(live_server, browser, heat_spots):
    client = Client()
    client.force_login(make_user(username="kai"))
    context = browser.new_context(locale="de-DE")
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": "localhost", "path": "/"}])
    page = context.new_page()
    page.goto(f"{live_server.url.replace('127.0.0.1', 'localhost')}/karte/hitzepunkte/beitraege/neu/")
    expect(page.locator("#place-map")).to_have_attribute("data-ready", "true")
    return page


def test_a_heat_spot_marked_with_the_keyboard_only(page):
    # Search the place and choose it from the list with the arrow keys.
    page.locator("#id_place_query").focus()
    page.keyboard.type("stiftspl")
    expect(page.locator("#place-results [role=option]")).to_have_count(1)
    expect(page.locator("#place-announcement")).to_have_text("1 Ort gefunden. Wähle ihn mit der Pfeiltaste nach unten und der Eingabetaste.")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_place_query")).to_have_attribute("aria-activedescendant", "place-option-0")
    page.keyboard.press("Enter")
    expect(page.locator("#place-announcement")).to_contain_text("Punkt gesetzt")
    expect(page.locator("#place-announcement")).to_contain_text("Innenstadt")
    expect(page.locator("#id_latitude")).to_have_value("49,444300")

    # Then move it: focus the map, the arrow keys move the map under the crosshair, Enter sets the point there.
    page.locator("#place-map").focus()
    placed = page.locator("#id_geometry").input_value()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")  # right away: the point goes where the pan ends, not where it was
    expect(page.locator("#id_geometry")).not_to_have_value(placed)
    expect(page.locator("#place-announcement")).to_contain_text("Breitengrad 49,44")
    moved = json.loads(page.locator("#id_geometry").input_value())
    assert moved["type"] == "Point" and moved["coordinates"][0] > 7.7693

    # The rest of the form, by keyboard.
    page.keyboard.press("Tab")  # leaves the map
    page.locator("#id_category_0").focus()
    page.keyboard.press("Space")
    page.locator("#id_title").focus()
    page.keyboard.type("Keine Bäume am Platz")
    page.locator("#id_attr_wie_heiss_0").focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")  # radio groups move and check with the arrow keys
    page.locator("#id_title").focus()
    page.keyboard.press("Enter")  # sends the form
    expect(page.locator("h1")).to_have_text("Keine Bäume am Platz")
    contribution = Contribution.objects.get()
    assert contribution.attributes == {"wie_heiss": 5}
    assert contribution.geometry.x == pytest.approx(moved["coordinates"][0])


def test_an_area_drawn_corner_by_corner_with_the_keyboard(page):
    page.get_by_role("button", name="Fläche").click()
    expect(page.locator("#place-announcement")).to_contain_text("Fläche zeichnen")
    page.locator("#id_place_query").fill("stiftsplatz")
    page.locator("#id_place_query").press("Enter")  # searches at once, never sends the form
    expect(page.locator("#place-results [role=option]")).to_have_count(1)
    page.locator("#id_place_query").press("ArrowDown")
    page.locator("#id_place_query").press("Enter")
    expect(page.locator("#place-announcement")).to_contain_text("Karte nach Stiftsplatz verschoben")
    page.locator("#place-map").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#place-announcement")).to_contain_text("Fläche begonnen, erste Ecke:")  # not "1 Ecken"
    for key in ("ArrowRight", "ArrowDown"):
        page.keyboard.press(key)
        page.keyboard.press(key)
        page.keyboard.press("Enter")
    expect(page.locator("#place-announcement")).to_contain_text("Fläche mit 3 Ecken")
    page.keyboard.press("Backspace")
    expect(page.locator("#place-announcement")).to_have_text("Letzter Punkt entfernt.")
    assert page.locator("#id_geometry").input_value() == ""  # two corners are no area yet
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Enter")
    expect(page.locator("#place-announcement")).to_contain_text("Fläche mit 3 Ecken")
    area = json.loads(page.locator("#id_geometry").input_value())
    assert area["type"] == "Polygon" and len(area["coordinates"][0]) == 4
