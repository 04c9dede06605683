"""Answering a survey in Chromium, with a map question: once with the mouse (clicking on the map), once with the
keyboard alone (the map under the crosshair, the address search, radio groups and selects); what a screen reader
hears is in the live region. A question shown by an earlier answer appears when that answer is given."""

import json

import pytest
from django.contrib.gis.geos import Point
from django.test import Client
from playwright.sync_api import expect

from geo_participation.surveys.models import Mark, Response
from maps.geo.models import GazetteerEntry
from tests.factories import make_user
from tests.factories.surveys import FORECOURT, make_survey

pytestmark = pytest.mark.browser

QUESTIONS = [
    {"key": "often", "kind": "single", "text": "Wie oft bist du auf dem Platz?", "required": True,
     "options": ["täglich", "selten"]},
    {"key": "theatre", "kind": "yes_no", "text": "Gehst du ins Theater?"},
    {"key": "play", "kind": "single", "text": "Welches Stück zuletzt?", "options": ["Faust", "Carmen"],
     "condition": ("theatre", "yes")},
    {"key": "where", "kind": "map", "text": "Wo wünschst du dir was?", "geometry_kind": "point", "min_choices": 1,
     "max_choices": 2, "categories": "Bänke\nBäume", "required": True},
]


@pytest.fixture
def survey(transactional_db):
    GazetteerEntry.objects.create(kind="square", name="Stiftsplatz", search_text="stiftsplatz", source_key="t:1", source="t",
                                  geometry=Point(7.7705, 49.4442, srid=4326), point=Point(7.7705, 49.4442, srid=4326))
    return make_survey(questions=QUESTIONS, slug="vorplatz", area=FORECOURT)


@pytest.fixture
def page(live_server, browser, survey):
    client = Client()
    client.force_login(make_user(username="anna"))
    context = browser.new_context(locale="de-DE")
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": "localhost", "path": "/"}])
    page = context.new_page()
    page.goto(f"{live_server.url.replace('127.0.0.1', 'localhost')}/umfrage/vorplatz/")
    expect(page.locator("[data-map-question] .place-map")).to_have_attribute("data-ready", "true")
    return page


def test_a_survey_answered_with_the_mouse_including_a_point_on_the_map(page, survey):
    play = page.locator(f"#frage-{survey.q['play'].pk}")
    expect(play).to_be_hidden()  # asked only if question 2 is "ja"
    page.get_by_label("täglich").check()
    page.get_by_label("ja", exact=True).check()
    expect(play).to_be_visible()
    page.get_by_label("Faust").check()

    map_id = f"q{survey.q['where'].pk}"
    page.locator(f"#{map_id}-map").click()  # the middle of the area
    expect(page.locator(f"#{map_id}-announcement")).to_contain_text("Markierung 1 gesetzt")
    expect(page.locator(f"#{map_id}-marks li")).to_have_count(1)
    page.get_by_label("Kategorie von Markierung 1").select_option("Bäume")
    page.get_by_role("button", name="Antworten abschicken").click()

    expect(page.locator("h1")).to_have_text("Danke fürs Mitmachen!")
    expect(page.locator(".answer-summary")).to_contain_text("1 Markierung: Punkt (Bäume)")
    mark = Mark.objects.get()
    assert mark.category == "Bäume" and FORECOURT.covers(mark.geometry)
    assert Response.objects.get().respondent.username == "anna"


def pan(page, map_element, key):
    """Press an arrow key on the map and wait until the map has moved, as a person would before pressing Enter."""
    before = map_element.get_attribute("data-centre")
    page.keyboard.press(key)
    expect(map_element).not_to_have_attribute("data-centre", before)


def test_a_survey_answered_with_the_keyboard_alone_with_the_map_and_the_address_search(page, survey):
    map_id = f"q{survey.q['where'].pk}"
    page.locator(f"#id_q{survey.q['often'].pk}_0").focus()
    page.keyboard.press("ArrowDown")  # radio groups move and check with the arrow keys: "selten"
    expect(page.get_by_label("selten")).to_be_checked()

    # A point under the crosshair: the arrow keys move the map, Enter sets the point where the pan ends.
    page.locator(f"#{map_id}-map").focus()
    pan(page, page.locator(f"#{map_id}-map"), "ArrowLeft")
    page.keyboard.press("Enter")
    announcement = page.locator(f"#{map_id}-announcement")
    expect(announcement).to_contain_text("Markierung 1 gesetzt")
    expect(announcement).to_contain_text("Breitengrad 49,44")
    # A second one by address: the combobox, the arrow key down and Enter.
    page.locator(f"#id_{map_id}_place").focus()
    page.keyboard.type("stiftspl")
    expect(page.locator(f"#{map_id}-results [role=option]")).to_have_count(1)
    page.keyboard.press("ArrowDown")
    expect(page.locator(f"#id_{map_id}_place")).to_have_attribute("aria-activedescendant", f"{map_id}-place-option-0")
    page.keyboard.press("Enter")
    expect(announcement).to_contain_text("Markierung 2 gesetzt")
    # A third is one too many: said, not done.
    page.locator(f"#{map_id}-map").focus()
    page.keyboard.press("Enter")
    expect(announcement).to_contain_text("so viele Markierungen gesetzt, wie hier erlaubt sind (2)")
    # Categories in the list of marks, by keyboard.
    for n, category in ((1, "Bänke"), (2, "Bäume")):
        page.get_by_label(f"Kategorie von Markierung {n}").focus()
        page.keyboard.press("ArrowDown" if category == "Bänke" else "End")
    # Backspace on the map takes the last point back; Enter sets it again.
    page.locator(f"#{map_id}-map").focus()
    page.keyboard.press("Backspace")
    expect(announcement).to_have_text("Markierung 2 entfernt.")
    expect(page.locator(f"#{map_id}-marks li")).to_have_count(1)
    page.keyboard.press("Enter")
    expect(page.locator(f"#{map_id}-marks li")).to_have_count(2)
    page.get_by_label("Kategorie von Markierung 2").focus()
    page.keyboard.press("End")

    page.get_by_role("button", name="Antworten abschicken").focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Danke fürs Mitmachen!")
    marks = list(Mark.objects.order_by("id"))
    assert [m.category for m in marks] == ["Bänke", "Bäume"]
    assert all(FORECOURT.covers(m.geometry) for m in marks)
    assert marks[0].geometry.x < 7.7700  # the map moved left under the crosshair before Enter


def test_problems_come_back_named_with_the_marks_kept(page, survey):
    map_id = f"q{survey.q['where'].pk}"
    page.locator(f"#{map_id}-map").click()
    expect(page.locator(f"#{map_id}-marks li")).to_have_count(1)
    page.get_by_role("button", name="Antworten abschicken").click()  # no answer to 1, no category for the mark
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Frage 1 („Wie oft bist du auf dem Platz?“): Bitte beantworte diese Frage")
    expect(summary).to_contain_text("Frage 4 („Wo wünschst du dir was?“): Bitte wähle eine Kategorie für Markierung 1.")
    expect(page.locator(f"#{map_id}-marks li")).to_have_count(1)  # the mark is still there
    assert json.loads(page.locator(f"#id_{map_id}").input_value())[0]["geometry"]["type"] == "Point"
    assert not Response.objects.exists()


def test_an_area_drawn_with_the_keyboard_corner_by_corner(live_server, browser, transactional_db):
    survey = make_survey(slug="flaeche", area=FORECOURT, questions=[
        {"key": "area", "kind": "map", "text": "Wo soll mehr Grün hin?", "geometry_kind": "polygon", "required": True}])
    client = Client()
    client.force_login(make_user(username="ben"))
    context = browser.new_context(locale="de-DE")
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": "localhost", "path": "/"}])
    page = context.new_page()
    page.goto(f"{live_server.url.replace('127.0.0.1', 'localhost')}/umfrage/flaeche/")
    map_id = f"q{survey.q['area'].pk}"
    expect(page.locator(f"#{map_id}-map")).to_have_attribute("data-ready", "true")
    announcement = page.locator(f"#{map_id}-announcement")
    page.locator(f"#{map_id}-map").focus()
    page.keyboard.press("Enter")
    expect(announcement).to_contain_text("Markierung 1: Fläche begonnen, erste Ecke")
    for key in ("ArrowRight", "ArrowDown"):
        pan(page, page.locator(f"#{map_id}-map"), key)
        page.keyboard.press("Enter")
    expect(announcement).to_contain_text("Markierung 1: Fläche mit 3 Ecken")
    page.get_by_role("button", name="Diese Fläche abschließen").click()
    expect(announcement).to_contain_text("Markierung 1 abgeschlossen")
    page.locator(f"#{map_id}-map").focus()
    page.keyboard.press("Enter")  # a second area is one too many here
    expect(announcement).to_contain_text("so viele Markierungen gesetzt, wie hier erlaubt sind (1)")
    page.get_by_role("button", name="Antworten abschicken").click()
    expect(page.locator("h1")).to_have_text("Danke fürs Mitmachen!")
    mark = Mark.objects.get()
    assert mark.geometry.geom_type == "Polygon" and mark.geometry.num_points == 4 and FORECOURT.covers(mark.geometry)
