"""The raffle's page types, checked by axe-core like every other page type (see test_accessibility.py): the raffle
page for a visitor, for a resident with tickets and the name form (also with an error), after the draw with the
winners; the staff page before the draw, with a refused draw and after it; the list of raffles."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from geo_participation.accounts import roles
from geo_participation.raffle.models import Winner
from geo_participation.raffle.services import raffle_draw, winner_handover, winner_not_claimed
from tests.browser.test_accessibility import MOBILE, assert_accessible, check, log_in
from tests.factories import make_user
from tests.factories.raffle import make_raffle, person

pytestmark = pytest.mark.browser


@pytest.fixture
def raffles(transactional_db):
    collecting = make_raffle(title="Verlosung: Mitmachen lohnt sich")
    drawn = make_raffle(cutoff=timezone.now() - timedelta(days=3), title="Gewinnspiel zum Start",
                        prizes=(("Betze-Rückrunden-Dauerkarte", 1), ("Tablet", 1), ("Bluetooth-Lautsprecher", 1)))
    anna = person(username="anna", confirmed_at=drawn.cutoff - timedelta(days=9))
    for n in range(6):
        person(username=f"lautrer{n}", referred_by=anna if n < 2 else None, confirmed_at=drawn.cutoff - timedelta(days=2))
    person(username="spaet", referred_by=anna)
    staff = make_user(username="vera", role=roles.STAFF)
    raffle_draw(raffle=drawn, by=staff, notify=False)
    first, _second, third = Winner.objects.filter(raffle=drawn, reserve_rank__isnull=True).order_by("draw")
    winner_handover(winner=first, by=staff)
    winner_not_claimed(winner=third, by=staff, notify=False)
    waiting = make_raffle(cutoff=timezone.now() - timedelta(hours=1), title="Verlosung ohne Preise", prizes=())
    return {"collecting": collecting, "drawn": drawn, "waiting": waiting, "anna": anna, "staff": staff}


def test_the_raffle_pages_are_accessible(live_server, page, raffles):
    base = live_server.url
    check(page, f"{base}{reverse('raffle-site:raffle-list')}", "raffle list")
    check(page, f"{base}{raffles['collecting'].module.get_absolute_url()}", "raffle page for a visitor")
    check(page, f"{base}{raffles['drawn'].module.get_absolute_url()}", "drawn raffle with winners and files")
    log_in(page, live_server, raffles["anna"])
    check(page, f"{base}{raffles['collecting'].module.get_absolute_url()}", "raffle page with the resident's tickets")

    def send_without_choice(page):
        page.evaluate("document.querySelectorAll('input[name=public_name]').forEach((i) => { i.checked = false; })")
        page.get_by_role("button", name="Speichern").click()
        expect(page.locator("#error-summary")).to_be_visible()

    check(page, f"{base}{raffles['collecting'].module.get_absolute_url()}", "name form with an error",
          widths=(MOBILE,), before=send_without_choice)


def test_the_staff_page_is_accessible(live_server, page, raffles):
    base = live_server.url
    log_in(page, live_server, raffles["staff"])
    check(page, f"{base}{reverse('raffle:staff', args=[raffles['collecting'].module.slug])}", "staff page before the cut-off")
    check(page, f"{base}{reverse('raffle:staff', args=[raffles['drawn'].module.slug])}", "staff page after the draw")
    page.goto(f"{base}{reverse('raffle:staff', args=[raffles['waiting'].module.slug])}")
    page.evaluate("""() => { const f = document.createElement('form'); f.method = 'post'; f.action = location.pathname;
        const t = document.createElement('input'); t.type = 'hidden'; t.name = 'csrfmiddlewaretoken';
        t.value = document.cookie.match(/csrftoken=([^;]+)/)[1]; f.append(t); document.body.append(f); f.submit(); }""")
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page, "staff page with a refused draw")
