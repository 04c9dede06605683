"""A resident rates a bike street from the list with the keyboard alone, another marks the problem spot on the
map; a moderator approves both in the admin; the public map changes colour and the counts go up."""

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from geo_participation.accounts import roles
from geo_participation.accounts.roles import sync_roles
from geo_participation.core.demo import FIXTURES
from maps.feedback.models import Opinion
from maps.geo.services import areas_load
from tests.factories import make_project, make_user
from tests.factories.feedback import make_feature, make_feedback_module

pytestmark = pytest.mark.browser

BAD_COLOUR = "#b0001e"
NONE_COLOUR = "#5f6169"


@pytest.fixture
def scene(transactional_db):
    sync_roles()  # the moderators' admin permissions
    areas_load(boundary_file=FIXTURES / "boundary.geojson", districts_file=FIXTURES / "districts.geojson")
    module = make_feedback_module(project=make_project(title="Fahrradstraßen"), title="Wie findest du die Fahrradstraßen?")
    park = make_feature(module=module, name="Parkstraße")
    return {
        "module": module, "park": park,
        "anna": make_user(username="anna"), "ben": make_user(username="ben"),
        "moderator": make_user(username="mia", role=roles.MODERATOR),
    }


def log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                               "url": live_server.url}])


def tab_to(page, selector: str, limit: int = 80):
    """Press Tab until ``selector`` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never got the focus")


def line_point_on_screen(page, selector: str, fraction: float) -> dict:
    """Where on the screen the drawn line passes at ``fraction`` of its length."""
    return page.evaluate("""([selector, fraction]) => {
        const path = document.querySelector(selector);
        const point = path.getPointAtLength(path.getTotalLength() * fraction);
        const m = path.getScreenCTM();
        return {x: point.x * m.a + point.y * m.c + m.e, y: point.x * m.b + point.y * m.d + m.f};
    }""", [selector, fraction])


def test_rating_a_bike_street_by_keyboard_and_on_the_map_then_moderation_changes_the_map(live_server, page, scene):
    module, park = scene["module"], scene["park"]
    module_url = f"{live_server.url}{module.get_absolute_url()}"
    line = f"#feedback-map path.feedback-line-{park.pk}"

    # Before: the street is on the map, grey and dotted, with no ratings
    page.goto(module_url)
    expect(page.locator("#feedback-map")).to_have_attribute("data-ready", "true")
    expect(page.locator(line)).to_have_attribute("stroke", NONE_COLOUR)

    # Anna rates the Parkstraße from the list, with the keyboard only
    log_in(page, live_server, scene["anna"])
    page.goto(module_url)
    tab_to(page, "summary")
    expect(page.locator("summary:focus")).to_have_text("Meinung abgeben: Parkstraße")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_role("radio", name="gut")).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("radio", name="schlecht")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Kommentar (freiwillig)")).to_be_focused()
    page.keyboard.type("Zwischen den parkenden Autos wird es eng.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("sobald die Moderation deinen Kommentar freigegeben hat")
    expect(page.locator("#feature-parkstrasse")).to_contain_text("wartet auf die Moderation")

    # Ben marks the problem spot on the street's own map: a click beside the line, moved onto it
    log_in(page, live_server, scene["ben"])
    page.goto(f"{live_server.url}{park.get_absolute_url()}")
    expect(page.locator("#feature-map")).to_have_attribute("data-ready", "true")
    spot = line_point_on_screen(page, f"#feature-map path.feedback-line-{park.pk}", 0.4)
    page.mouse.click(spot["x"], spot["y"] + 6)
    expect(page.locator("[data-point-status]")).to_contain_text("Stelle markiert (Parkstraße)")
    expect(page.get_by_label("Breitengrad")).to_have_value(re.compile(r"^49\.43\d+$"))
    page.get_by_role("radio", name="schlecht").check()
    page.get_by_label("Kommentar (freiwillig)").fill("Hier ist die Einmündung unübersichtlich.")
    page.get_by_role("button", name="Meinung abschicken").click()
    expect(page.get_by_role("status").first).to_contain_text("sobald die Moderation")
    assert Opinion.objects.exclude(point=None).count() == 1

    # Nothing is public yet
    page.context.clear_cookies()
    page.goto(module_url)
    expect(page.locator(line)).to_have_attribute("stroke", NONE_COLOUR)
    expect(page.locator("#feature-parkstrasse .count-bad dd")).to_have_text("0")

    # The moderator approves both in the admin
    log_in(page, live_server, scene["moderator"])
    page.goto(f"{live_server.url}/verwaltung/feedback/opinion/")
    page.locator("#action-toggle").check()
    page.locator("select[name=action]").select_option("approve")
    page.locator("button[name=index]").click()
    expect(page.locator(".messagelist")).to_contain_text("2 Einträge veröffentlicht")

    # After: the public map colours the street as mostly bad, counts two, and shows the spot
    page.context.clear_cookies()
    page.goto(module_url)
    expect(page.locator("#feedback-map")).to_have_attribute("data-ready", "true")
    expect(page.locator(line)).to_have_attribute("stroke", BAD_COLOUR)
    expect(page.locator(line)).to_have_class(re.compile(r"verdict-bad"))
    expect(page.locator("#feature-parkstrasse .count-bad dd")).to_have_text("2")
    expect(page.locator("#feature-parkstrasse")).to_contain_text("überwiegend schlecht")
    expect(page.locator("#feedback-map path.feedback-spot")).to_have_count(1)
    page.goto(f"{live_server.url}{park.get_absolute_url()}")
    expect(page.locator(".opinion-list > li")).to_have_count(2)
    expect(page.locator(".opinion-list")).to_contain_text("Hier ist die Einmündung unübersichtlich.")


def test_the_spot_is_marked_with_the_keyboard_alone_and_announced(live_server, page, scene):
    park = scene["park"]
    log_in(page, live_server, scene["anna"])
    page.goto(f"{live_server.url}{park.get_absolute_url()}")
    expect(page.locator("#feature-map")).to_have_attribute("data-ready", "true")
    tab_to(page, "#feature-map")
    expect(page.locator("#feature-map .map-crosshair")).to_be_visible()
    page.keyboard.press("ArrowLeft")  # Leaflet pans; the crosshair stays in the middle
    page.keyboard.press("Enter")
    status = page.locator("[data-point-status]")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_contain_text("Stelle markiert (Parkstraße)")
    latitude = page.get_by_label("Breitengrad").input_value()
    assert latitude.startswith("49.43")
    page.get_by_role("button", name="Stelle entfernen").click()
    expect(status).to_have_text("Stelle entfernt.")
    expect(page.get_by_label("Breitengrad")).to_have_value("")


def test_typing_the_spot_then_one_click_on_send_sends(live_server, page, scene):
    """Found on the walk: after typing coordinates, the first click on "Meinung abschicken" did nothing. Leaving the
    field (on the button's mousedown) showed the "Stelle entfernen" button above it, the button moved down, and the
    mouseup landed beside it. Nothing in the form may move when a field is left."""
    from tests.factories.feedback import NEAR_PARK

    park = scene["park"]
    log_in(page, live_server, scene["anna"])
    page.goto(f"{live_server.url}{park.get_absolute_url()}")
    expect(page.locator("#feature-map")).to_have_attribute("data-ready", "true")
    page.get_by_role("radio", name="schlecht").check()
    page.get_by_label("Breitengrad").fill(f"{NEAR_PARK.y}".replace(".", ","))
    page.get_by_label("Längengrad").fill(f"{NEAR_PARK.x}".replace(".", ","))
    send = page.get_by_role("button", name="Meinung abschicken")
    expect(page.get_by_role("button", name="Stelle entfernen")).to_be_disabled()  # there, but not yet of use
    send.click()  # one real click: mousedown (the field loses the focus), then mouseup where the button was
    expect(page.get_by_role("status").first).to_contain_text("Danke")
    opinion = Opinion.objects.get(author=scene["anna"])
    assert opinion.point is not None and opinion.rating == "bad"
