"""Staff enter a postcard tally, a second person confirms it, and the public result changes accordingly."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from geo_participation.accounts import roles
from geo_participation.polls.services import ballot_cast
from tests.factories import make_user
from tests.factories.polls import make_box, make_poll, option_ids

pytestmark = pytest.mark.browser


def log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])


def result_row(page, title):
    return page.locator("table.result-table tbody tr", has=page.get_by_role("rowheader", name=title))


def test_a_tally_counts_once_a_second_person_confirms_it(live_server, page, transactional_db):
    poll = make_poll(title="Dritte Orte", options=("Repair-Café", "Lesecafé", "Gemeinschaftsgarten"))
    make_box(polls=[poll], name="Stadtbibliothek")
    voter = make_user(username="anna")
    ballot_cast(poll=poll, voter=voter, option_ids=option_ids(poll)[:1])
    vera, ada = make_user(username="vera", role=roles.STAFF), make_user(username="ada", role=roles.STAFF)
    public_page = f"{live_server.url}{poll.module.get_absolute_url()}"

    # Vera counts the postcards of today's emptying and enters them.
    log_in(page, live_server, vera)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Abstimmungen und Postkarten").first.click()
    page.get_by_role("link", name="Dritte Orte", exact=True).click()
    page.get_by_role("link", name="Postkarten einer Leerung erfassen").click()
    page.get_by_label("Abstimmungsbox").select_option(label="Stadtbibliothek")
    page.get_by_label("Repair-Café").fill("4")
    page.get_by_label("Lesecafé").fill("7")
    page.get_by_label("Gemeinschaftsgarten").fill("0")
    page.get_by_label("Ungültige Postkarten").fill("1")
    page.get_by_role("button", name="Eintrag speichern").click()
    expect(page.get_by_role("status")).to_contain_text("Eine zweite Person muss den Eintrag bestätigen")
    expect(page.get_by_text("Du hast das erfasst; eine andere Person muss es bestätigen.")).to_be_visible()

    # Not counted yet: the public result still shows the online vote only.
    page.context.clear_cookies()
    page.goto(public_page)
    expect(page.get_by_text("1 Stimme insgesamt: 1 online und 0 per Postkarte.")).to_be_visible()
    expect(page.get_by_text("Einige Postkarten werden noch geprüft")).to_be_visible()

    # Ada confirms; from then on the postcards count.
    log_in(page, live_server, ada)
    page.goto(f"{live_server.url}/intern/abstimmungen/{poll.module.slug}/")
    page.get_by_role("button", name="Bestätigen").click()
    expect(page.get_by_role("status")).to_contain_text("Bestätigt: Die Postkarten")
    expect(page.locator("table.tally-log tbody tr").first).to_contain_text("zählt")

    page.context.clear_cookies()
    page.goto(public_page)
    expect(page.get_by_text("12 Stimmen insgesamt: 1 online und 11 per Postkarte.")).to_be_visible()
    expect(result_row(page, "Lesecafé")).to_contain_text("1.")  # 7 postcards put it first
    expect(result_row(page, "Repair-Café").locator("td.num").nth(2)).to_have_text("5")
    box_row = page.locator("table.box-table tbody tr", has=page.get_by_role("rowheader", name="Stadtbibliothek"))
    expect(box_row.locator("td.num")).to_have_text(["7", "4", "0", "1", "1"])  # columns in the order of the ranking
    expect(page.locator("#result-chart")).to_have_attribute("data-ready", "true")


def test_the_staff_ballot_box_map_draws_every_box_with_a_popup(live_server, page, transactional_db):
    poll = make_poll(title="Dritte Orte")
    for name in ("Stadtbibliothek", "Fruchthalle", "Pfalztheater"):
        make_box(polls=[poll], name=name)
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    log_in(page, live_server, make_user(username="vera", role=roles.STAFF))

    page.goto(f"{live_server.url}/intern/abstimmungsboxen/karte/")

    map_frame = page.frame_locator("iframe[title='Karte der Abstimmungsboxen mit ihrem Stand']")
    circles = map_frame.locator("path.leaflet-interactive:not([fill='none'])")
    expect(circles).to_have_count(3)
    expect(map_frame.locator(".map-legend")).to_contain_text("aktive Box")
    circles.first.dispatch_event("click")
    expect(map_frame.locator(".leaflet-popup-content")).to_contain_text("Dritte Orte")
    assert errors == []


def test_a_tally_form_with_errors_puts_the_focus_on_the_summary_whose_links_lead_to_the_fields(
        live_server, page, transactional_db):
    poll = make_poll(title="Dritte Orte", options=("Repair-Café", "Lesecafé"))
    make_box(polls=[poll], name="Stadtbibliothek")
    log_in(page, live_server, make_user(username="vera", role=roles.STAFF))
    page.goto(f"{live_server.url}/intern/abstimmungen/{poll.module.slug}/postkarten/")
    page.get_by_label("Abstimmungsbox").select_option(label="Stadtbibliothek")
    page.get_by_label("Repair-Café").fill("-1")
    page.get_by_label("Ungültige Postkarten").fill("0")
    page.get_by_role("button", name="Eintrag speichern").click()  # Lesecafé left empty

    expect(page).to_have_title(re.compile(r"^Fehler: Postkarten erfassen"))
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(2)
    summary.get_by_role("link", name=re.compile("^Lesecafé:")).click()
    expect(page.get_by_label("Lesecafé")).to_be_focused()
    expect(page.get_by_label("Lesecafé")).to_have_attribute("aria-invalid", "true")


@pytest.mark.parametrize("width, height", [(1280, 800), (375, 700), (320, 600)])  # 320: in its iframe on a phone
def test_the_staff_ballot_box_map_has_a_metric_scale_and_nothing_covers_the_attribution(
        live_server, page, transactional_db, width, height):
    poll = make_poll(title="Dritte Orte")
    make_box(polls=[poll], name="Stadtbibliothek")  # one box alone: Leaflet must still find a zoom for it
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    log_in(page, live_server, make_user(username="vera", role=roles.STAFF))
    page.set_viewport_size({"width": width, "height": height})

    page.goto(f"{live_server.url}/intern/abstimmungsboxen/karte/dokument/")

    scale = page.locator(".leaflet-control-scale-line")
    expect(scale).to_have_count(1)  # metres only, no feet
    expect(scale).to_have_text(re.compile(r"^\d+ k?m$"))
    attribution = page.locator(".leaflet-control-attribution")
    expect(attribution).to_contain_text("opendata.kaiserslautern.de")
    assert attribution.evaluate("(element) => element.scrollWidth <= element.clientWidth")  # wrapped, not cut off
    boxes = {name: page.locator(selector).bounding_box() for name, selector in (
        ("scale", ".leaflet-control-scale"), ("attribution", ".leaflet-control-attribution"),
        ("legend", ".map-legend"), ("zoom", ".leaflet-control-zoom"))}
    for name, box in boxes.items():
        assert box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= width and box["y"] + box["height"] <= height, name
    names = sorted(boxes)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            first, second = boxes[a], boxes[b]
            apart = (first["x"] + first["width"] <= second["x"] or second["x"] + second["width"] <= first["x"]
                     or first["y"] + first["height"] <= second["y"] or second["y"] + second["height"] <= first["y"])
            assert apart, f"{a} and {b} overlap at {width} px: {first} {second}"
    assert errors == []
