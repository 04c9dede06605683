"""A resident marks a fear space by clicking the map; a moderator approves it; it shows on the public map and in
the list; another resident supports it. Real Chromium against the live server."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from geo_participation.accounts import roles
from geo_participation.core.demo import FIXTURES
from maps.geo.services import areas_load
from maps.mapping.models import Contribution
from tests.factories import make_user
from tests.factories.mapping import make_map_module

pytestmark = pytest.mark.browser


@pytest.fixture
def fear_spaces(transactional_db):
    areas_load(boundary_file=FIXTURES / "boundary.geojson", districts_file=FIXTURES / "districts.geojson")
    return make_map_module(title="Angsträume markieren", slug="angstraeume")


def log_in(context, user):
    """The browser gets the session of a logged-in user (the login form itself is tested by accounts)."""
    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": "localhost", "path": "/"}])


def test_a_fear_space_from_the_click_to_the_public_map(live_server, browser, fear_spaces):
    base = live_server.url.replace("127.0.0.1", "localhost")
    anna, ben = make_user(username="anna_b"), make_user(username="ben_s")
    moderator = make_user(username="mia", role=roles.MODERATOR)

    # Anna marks the place by clicking the map, then answers the form.
    anna_context = browser.new_context(locale="de-DE")
    log_in(anna_context, anna)
    page = anna_context.new_page()
    page.goto(f"{base}/karte/angstraeume/")
    page.get_by_role("link", name="Ort markieren").click()
    expect(page.locator("#place-map")).to_have_attribute("data-ready", "true")
    page.locator("#place-map").click()  # the middle of the city
    expect(page.locator("#place-announcement")).to_contain_text("Punkt gesetzt")
    expect(page.locator("#place-announcement")).to_contain_text("Innenstadt")
    page.get_by_label("Schlechte Beleuchtung").check()
    page.get_by_label("Titel").fill("Dunkle Unterführung")
    page.get_by_label("Nacht").check()
    page.get_by_role("button", name="Beitrag absenden").click()
    expect(page.locator(".messages")).to_contain_text("sobald die Moderation ihn geprüft hat")
    expect(page.locator("#messages")).to_be_focused()  # a screen reader says what happened
    expect(page.locator("h1")).to_have_text("Dunkle Unterführung")
    contribution = Contribution.objects.get()
    assert contribution.geometry.geom_type == "Point" and contribution.status == "pending"

    # Mia approves it in the queue, where it is shown on a small map.
    mia_context = browser.new_context(locale="de-DE")
    log_in(mia_context, moderator)
    queue = mia_context.new_page()
    queue.goto(f"{base}/moderation/")
    item = queue.locator(f"#mappingcontribution-{contribution.pk}")
    expect(item).to_contain_text("Dunkle Unterführung")
    expect(item.locator(".moderation-map")).to_have_attribute("data-ready", "true")
    item.get_by_role("button", name="Freigeben").click()
    expect(queue.locator(".messages")).to_contain_text("Freigegeben")
    expect(queue.locator("#messages")).to_be_focused()

    # Everyone sees it on the map and in the list.
    public = browser.new_context(locale="de-DE").new_page()
    public.goto(f"{base}/karte/angstraeume/")
    expect(public.locator("#contribution-map")).to_have_attribute("data-count", "1")
    expect(public.locator("#contribution-map .map-marker")).to_have_count(1)
    expect(public.locator("#map-status")).to_have_text("1 Beitrag in diesem Kartenausschnitt")
    expect(public.locator("#liste")).to_contain_text("Dunkle Unterführung")
    public.locator("#contribution-map .map-marker").click()
    expect(public.locator(".leaflet-popup")).to_contain_text("Dunkle Unterführung")

    # Ben says "me too".
    ben_context = browser.new_context(locale="de-DE")
    log_in(ben_context, ben)
    detail = ben_context.new_page()
    detail.goto(f"{base}{contribution.get_absolute_url()}")
    detail.get_by_role("button", name="Sehe ich auch so").click()
    expect(detail.locator("#support-count")).to_have_text("1 Person sieht das auch so")
    contribution.refresh_from_db()
    assert contribution.support_count == 1
