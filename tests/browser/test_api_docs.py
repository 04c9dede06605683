"""The API documentation (Swagger UI and ReDoc, from drf-spectacular-sidecar) under its Content-Security-Policy."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_swagger_ui_shows_the_api(live_server, page, db):
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Kaiserslautern MitWirkung API")
    expect(page.locator(".opblock").first).to_be_visible()


# ReDoc's bundle always asks its CDN for a logo (and hides it when that fails): the policy stops that request.
@pytest.mark.csp_blocks("https://cdn.redoc.ly/")
def test_redoc_shows_the_api_and_loads_nothing_from_elsewhere(live_server, page, db):
    requests = []
    page.on("requestfinished", lambda request: requests.append(request.url))
    page.goto(f"{live_server.url}/api/redoc/")
    expect(page.locator("h1")).to_contain_text("Kaiserslautern MitWirkung API")
    assert all(url.startswith(live_server.url) or url.startswith(("data:", "blob:")) for url in requests), requests
