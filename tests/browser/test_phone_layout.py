"""On a 375 px phone no page is wider than the screen: a wide table scrolls in its own box, a long question wraps.

A page that is wider makes a phone's browser zoom the whole page out, and everything on it becomes tiny.
"""

import pytest

from geo_participation.polls.models import Poll
from geo_participation.polls.services import ballot_cast
from tests.factories import make_user
from tests.factories.mapping import TIME_OF_DAY, make_contribution, make_map_module
from tests.factories.polls import make_box, make_poll, option_ids

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True, locale="de-DE")
    yield context.new_page()
    context.close()


def page_width(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth")


def test_the_poll_result_fits_a_phone(live_server, phone, transactional_db):
    poll = make_poll(title="Welche Dritten Orte wünschst du dir?", kind=Poll.Kind.MULTIPLE, max_choices=2, realised_count=2,
                     options=("Lesecafé ohne Konsumzwang", "Repair-Café", "Offene Werkstatt für Jugendliche",
                              "Gemeinschaftsgarten", "Treffpunkt für Vereine und Initiativen"))
    make_box(polls=[poll], name="Rathaus Kaiserslautern (Foyer, Information)")
    ballot_cast(poll=poll, voter=make_user(), option_ids=option_ids(poll)[:2])

    phone.goto(f"{live_server.url}{poll.module.get_absolute_url()}")

    assert phone.locator("table.result-table").is_visible()
    assert page_width(phone) <= 375


def test_a_contribution_with_a_long_question_fits_a_phone(live_server, phone, transactional_db):
    module = make_map_module(attributes=[{"key": "wann", "label": "Wann ist es hier besonders heiß?", "kind": "choice",
                                          "options": TIME_OF_DAY}])
    contribution = make_contribution(module=module, attributes={"wann": "Abend"})

    phone.goto(f"{live_server.url}{contribution.get_absolute_url()}")

    assert phone.get_by_text("Wann ist es hier besonders heiß?").is_visible()
    assert page_width(phone) <= 375
