"""A resident votes with the keyboard alone and finds where to vote on paper, on the map and in the list."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from geo_participation.polls.models import Poll
from tests.factories import make_user
from tests.factories.polls import make_box, make_poll

pytestmark = pytest.mark.browser


def test_a_resident_votes_with_the_keyboard_and_sees_the_live_result(live_server, page, transactional_db):
    poll = make_poll(title="Dritte Orte", kind=Poll.Kind.MULTIPLE, max_choices=2,
                     options=("Repair-Café", "Lesecafé", "Gemeinschaftsgarten"))
    make_box(polls=[poll], name="Stadtbibliothek", code="bb-03", address="Klosterstraße 8")
    make_box(polls=[poll], name="Rathaus", code="bb-09", address="Willy-Brandt-Platz 1")
    client = Client()
    client.force_login(make_user(username="anna"))
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])

    page.goto(f"{live_server.url}{poll.module.get_absolute_url()}")
    checkbox = page.get_by_role("checkbox", name="Lesecafé")
    checkbox.focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # to "Gemeinschaftsgarten"
    page.keyboard.press("Space")
    expect(page.get_by_role("checkbox", name="Gemeinschaftsgarten")).to_be_checked()
    page.get_by_role("button", name="Abstimmen").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text("Deine Stimme wurde gezählt")
    expect(page.get_by_role("checkbox", name="Lesecafé")).to_be_checked()  # the current choice, to change it
    expect(page.get_by_role("button", name="Stimme ändern")).to_be_visible()
    table = page.locator("table.result-table")
    expect(table).to_contain_text("Lesecafé")
    expect(page.get_by_text("2 Stimmen insgesamt: 2 online und 0 per Postkarte.")).to_be_visible()

    # Where to vote on paper: two markers on the map, and the same boxes in the list.
    expect(page.locator("#box-map")).to_have_attribute("data-ready", "true")
    expect(page.locator("#box-map .leaflet-marker-icon")).to_have_count(2)
    expect(page.locator(".box-list li")).to_have_count(2)
    page.get_by_role("button", name="Auf der Karte zeigen: Stadtbibliothek").click()
    expect(page.locator(".leaflet-popup-content")).to_contain_text("Klosterstraße 8")
