"""Staff work in the German administration; its map widget runs on our vendored OpenLayers, no CDN."""

import pytest
from playwright.sync_api import expect

from geo_participation.accounts import roles
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.browser


def test_staff_log_in_to_the_administration_and_the_project_map_widget_loads_from_our_server(live_server, page,
                                                                                              transactional_db):
    make_user(username="vera", role=roles.STAFF)
    code_from_elsewhere = []
    page.on("request", lambda request: request.resource_type in {"script", "stylesheet", "font"}
            and not request.url.startswith(live_server.url) and code_from_elsewhere.append(request.url))

    page.goto(f"{live_server.url}/verwaltung/")
    page.get_by_label("Benutzername").fill("vera")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Projekte, Formate und Moderation")

    page.goto(f"{live_server.url}/verwaltung/projects/project/add/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Projekt hinzufügen")
    expect(page.locator(".ol-viewport")).to_have_count(1)  # OpenLayers drew the map for the project area
    assert page.evaluate("typeof ol.Map") == "function"
    # OpenLayers' own English button titles are replaced by the site's German ones.
    expect(page.locator(".ol-zoom-in")).to_have_attribute("title", "Vergrößern")
    expect(page.locator(".ol-zoom-out")).to_have_attribute("title", "Verkleinern")
    expect(page.locator(".ol-attribution button")).to_have_attribute("title", "Quellenangaben")
    assert code_from_elsewhere == []
