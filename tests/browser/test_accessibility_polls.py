"""The poll pages and the staff area for postcards, checked by axe-core like every other page type
(see test_accessibility.py): the poll with its vote form and with its result, and the staff workflow."""

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from geo_participation.accounts import roles
from geo_participation.polls.services import ballot_cast, tally_create
from tests.browser.test_accessibility import check, log_in
from tests.factories import make_user
from tests.factories.polls import make_box, make_poll, option_ids

pytestmark = pytest.mark.browser


@pytest.fixture
def poll(transactional_db, tiles):
    poll = make_poll(title="Welche Veranstaltung soll die Plätze beleben?", realised_count=2)
    box = make_box(polls=[poll], name="Stadtbibliothek")
    voter = make_user(username="waehlerin")
    ballot_cast(poll=poll, voter=voter, option_ids=option_ids(poll)[:1])
    staff = make_user(username="zaehler", role=roles.STAFF)
    tally_create(poll=poll, box=box, emptied_on=dt.date.today(), counts={pk: 2 for pk in option_ids(poll)},
                 invalid_count=1, entered_by=staff)
    return poll


def test_a_poll_with_its_vote_form_and_live_result_is_accessible(live_server, page, poll):
    log_in(page, live_server, make_user(username="anna"))
    check(page, live_server.url + poll.module.get_absolute_url(), "poll with vote form and result", ready="#box-map")


def test_the_staff_area_for_postcards_is_accessible(live_server, page, poll):
    log_in(page, live_server, make_user(username="vera", role=roles.STAFF))
    slug = poll.module.slug
    check(page, live_server.url + reverse("polls-site:staff-index"), "staff index")
    check(page, live_server.url + reverse("polls-site:tally-log", args=[slug]), "tally log")
    check(page, live_server.url + reverse("polls-site:tally-create", args=[slug]), "tally form")

    def submit_empty(page):  # nothing filled in: errors on every field
        page.get_by_role("button", name="Eintrag speichern").click()
        expect(page.locator("#error-summary")).to_be_focused()

    check(page, live_server.url + reverse("polls-site:tally-create", args=[slug]), "tally form with errors",
          before=submit_empty)
    check(page, live_server.url + reverse("polls-site:staff-map"), "staff ballot-box map")
