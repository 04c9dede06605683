import re

import pytest
from django.test import override_settings

from geo_participation.settings.base import content_security_policy, tile_origin
from tests.factories.mapping import make_map_module
from tests.urlconf import World, fill, routes


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {name: sources for name, *sources in (part.split() for part in header.split(";"))}


@pytest.mark.django_db
@override_settings(MAP_TILE_URL="https://tiles.example.org/{z}/{x}/{y}.png",
                   CONTENT_SECURITY_POLICY=content_security_policy("https://tiles.example.org/{z}/{x}/{y}.png"))
def test_every_page_sends_the_policy_with_the_tile_host(client):
    response = client.get("/")
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:", "blob:", "https://tiles.example.org"]
    assert policy["style-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["form-action"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"] and policy["connect-src"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_an_inline_script_carries_the_nonce_of_its_own_response(client, resident):
    """The contribution form, sent back with errors, focuses its error summary with a nonced inline script."""
    module = make_map_module(title="Angsträume", slug="angstraeume")
    client.force_login(resident)
    response = client.post(f"/karte/{module.slug}/beitraege/neu/", {})
    assert response.status_code == 400
    script_src = directives(response)["script-src"]
    assert script_src[0] == "'self'" and len(script_src) == 2
    nonce = re.fullmatch(r"'nonce-([^']+)'", script_src[1]).group(1)
    assert f'<script nonce="{nonce}">' in response.content.decode()
    assert nonce not in client.post(f"/karte/{module.slug}/beitraege/neu/", {})["Content-Security-Policy"]


@pytest.mark.parametrize("url, origin", [
    ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
    ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
    ("http://127.0.0.1:8080/tiles/{z}/{x}/{y}.png", "http://127.0.0.1:8080"),
    ("", ""),
])
def test_the_tile_host_is_derived_from_the_tile_url(url, origin):
    assert tile_origin(url) == origin


def test_without_tiles_images_come_from_us_alone():
    assert content_security_policy("")["DIRECTIVES"]["img-src"] == ["'self'", "data:", "blob:"]


AGREE = {"DENY": ["'none'"], "SAMEORIGIN": ["'self'"]}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "staff"])
def test_frame_ancestors_and_x_frame_options_agree_on_every_route(client, role):
    """Browsers that know CSP follow frame-ancestors, older ones X-Frame-Options: both say the same everywhere."""
    world = World()
    if role == "staff":
        client.force_login(world.staff)
    checked, framable = 0, []
    for route in routes():
        for url in world.urls(route) or ([] if route.parameters else [fill(route.regex, {})]):
            response = client.get(url)
            if "Content-Security-Policy" not in response:
                continue  # files handed out as they are (photos, CSV, GeoJSON from the API have a policy too)
            frame = response.get("X-Frame-Options")
            assert frame in AGREE, f"{url}: X-Frame-Options {frame!r}"
            assert directives(response)["frame-ancestors"] == AGREE[frame], url
            checked += 1
            if frame == "SAMEORIGIN":
                framable.append(url)
    assert checked > 50
    # Only the staff's folium map may be framed, by our own page (for visitors it is a redirect to the login).
    assert framable == ["/intern/abstimmungsboxen/karte/dokument/"]


@pytest.mark.django_db
def test_the_staff_map_page_frames_its_map_document_and_nothing_else_may(client, staff):
    client.force_login(staff)
    document = client.get("/intern/abstimmungsboxen/karte/dokument/")
    assert document["X-Frame-Options"] == "SAMEORIGIN" and directives(document)["frame-ancestors"] == ["'self'"]
    page = client.get("/intern/abstimmungsboxen/karte/")
    assert page["X-Frame-Options"] == "DENY" and directives(page)["frame-ancestors"] == ["'none'"]


def _request(rf, nonce: str | None):
    request = rf.get("/karte/")
    if nonce is not None:
        request._csp_nonce = nonce
    return request


@pytest.mark.parametrize("case", ["plain", "nonce", "sameorigin", "update", "replace", "report-only", "exempt"])
def test_the_kept_policies_are_the_ones_django_csp_builds(rf, case):
    """The header comes from policies built once per distinct policy: the same text django-csp builds anew for
    every response, each nonce its own response's."""
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse

    from geo_participation.core.middleware import ContentSecurityPolicyMiddleware

    def response():
        answer = HttpResponse("ok")
        answer["X-Frame-Options"] = "SAMEORIGIN" if case == "sameorigin" else "DENY"
        if case == "update":
            answer._csp_update = {"img-src": ["https://luftbilder.example.org"]}
        if case == "replace":
            answer._csp_replace = {"script-src": ["'self'", "https://karten.example.org"]}
        if case == "exempt":
            answer._csp_exempt = True
        return answer

    report_only = {"DIRECTIVES": {"default-src": ["'self'"], "report-uri": "/csp-bericht/"}} if case == "report-only" else None
    with override_settings(CONTENT_SECURITY_POLICY_REPORT_ONLY=report_only):
        middleware = ContentSecurityPolicyMiddleware(lambda request: response())
        for nonce in (["abc123", "xyz789"] if case == "nonce" else [None, None]):
            ours = middleware.process_response(_request(rf, nonce), response())
            theirs = CSPMiddleware.process_response(middleware, _request(rf, nonce), response())
            for header in ("Content-Security-Policy", "Content-Security-Policy-Report-Only"):
                assert ours.get(header) == theirs.get(header), header
            if case == "nonce":
                assert f"'nonce-{nonce}'" in ours["Content-Security-Policy"]
    assert ("Content-Security-Policy" in ours) == (case != "exempt")
    assert ("Content-Security-Policy-Report-Only" in ours) == (case == "report-only")
