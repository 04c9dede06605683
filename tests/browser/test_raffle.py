"""The raffle in Chromium: a resident sees their tickets and why, and chooses how a win names them; staff draw,
record a handover, and the public page lists the winners with files that check out."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from geo_participation.accounts import roles
from geo_participation.raffle import algorithm
from geo_participation.raffle.models import Participant, Raffle
from tests.browser.test_accessibility import log_in
from tests.factories import make_user
from tests.factories.raffle import make_raffle, person

pytestmark = pytest.mark.browser


def test_a_resident_sees_their_tickets_and_chooses_initials(live_server, page, transactional_db):
    raffle = make_raffle(title="Verlosung: Mitmachen lohnt sich")
    anna = person(username="anna", first_name="Anna", last_name="Becker")
    person(username="ben", referred_by=anna)
    person(username="cem", referred_by=anna)
    person(username="dora", referred_by=anna, confirmed_at=None)

    log_in(page, live_server, anna)
    page.goto(f"{live_server.url}/")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Verlosung").click()
    page.get_by_role("link", name="Verlosung: Mitmachen lohnt sich").click()

    tickets = page.locator("#my-tickets")
    expect(tickets.locator("#ticket-sentence")).to_have_text(
        "3 Lose: 1 für dein Konto, 2 für Freundinnen und Freunde, die du eingeladen hast")
    expect(tickets.get_by_role("row", name="dora")).to_contain_text("noch kein Los")
    expect(page.get_by_label("Dein Einladungslink")).to_have_value(
        f"{live_server.url}/konto/signup/?ref={anna.referral_code}")

    page.get_by_label("deinen Initialen").check()  # keyboard-reachable radio with its label
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("status")).to_contain_text("mit deinen Initialen")
    expect(page.get_by_label("deinen Initialen")).to_be_checked()
    assert Participant.objects.get(raffle=raffle, user=anna).public_name == "initials"


def test_staff_draw_record_a_handover_and_the_public_page_lists_the_winners(live_server, page, transactional_db):
    raffle = make_raffle(cutoff=timezone.now() - timedelta(minutes=10), title="Gewinnspiel zum Start",
                         prizes=(("Betze-Rückrunden-Dauerkarte", 1), ("Tablet", 1)), reserves=1)
    for n in range(8):
        person(username=f"lautrer{n}", confirmed_at=raffle.cutoff - timedelta(days=2))
    vera = make_user(username="vera", role=roles.STAFF)

    log_in(page, live_server, vera)
    page.goto(f"{live_server.url}{raffle.module.get_absolute_url()}")
    page.get_by_role("link", name="Seite der Verwaltung: Ziehung, Preisübergaben und Protokoll").click()
    expect(page.locator("#seed-check")).to_contain_text("Der gespeicherte Seed passt zur Festlegung.")
    page.get_by_role("button", name="Jetzt die Gewinnerinnen und Gewinner ziehen").click()
    expect(page.get_by_role("status")).to_contain_text("Gezogen.")
    expect(page.get_by_role("button", name="Jetzt die Gewinnerinnen und Gewinner ziehen")).to_have_count(0)
    page.get_by_role("button", name="Übergeben (Ziehung 1)").click()
    expect(page.get_by_role("status")).to_contain_text("Der Preis von Ziehung 1 ist übergeben")

    raffle = Raffle.objects.get(pk=raffle.pk)
    first = raffle.winners.get(draw=1)
    page.context.clear_cookies()
    page.goto(f"{live_server.url}{raffle.module.get_absolute_url()}")
    winners = page.get_by_role("table", name="Gewinnerinnen und Gewinner in der Reihenfolge der Ziehung")
    expect(winners.get_by_role("row").nth(1)).to_contain_text(first.participant.user.username)
    expect(winners.get_by_role("row").nth(1)).to_contain_text("übergeben")
    expect(page.locator("#seed")).to_have_text(raffle.seed)
    files = {}
    for name in ("Die Ziehung (JSON)", "8 Lose (CSV)"):
        with page.expect_download() as download:
            page.get_by_role("link", name=name).click()
        files[download.value.suggested_filename] = open(download.value.path(), "rb").read()
    slug = raffle.module.slug
    assert algorithm.verify(json.loads(files[f"ziehung-{slug}.json"]), files[f"lose-{slug}.csv"]) == []
