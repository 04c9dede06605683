"""Every page type, with realistic data, checked by axe-core (WCAG 2.1 A and AA rules) in Chromium.

Zero violations is the bar. axe is a test tool, vendored under tests/browser/vendor/ and never served to users.
Pages are checked in the state a visitor meets them: forms also with their errors, folded filters unfolded, maps
drawn (``data-ready``, with a tile layer so that its credit is checked too) and popups open, at desktop width and at
375 px (mobile first); logged out and logged in; the error pages; every page of the administration as staff; and the
API documentation (Swagger UI, also with everything open, and ReDoc).
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.gis.geos import LineString, Point
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from geo_participation.accounts import roles
from geo_participation.core.demo import FIXTURES
from geo_participation.core.moderation import ModerationStatus
from geo_participation.core.services import report_create
from geo_participation.projects.models import Topic
from maps.geo.services import areas_load
from maps.mapping.models import Comment, Contribution
from tests.factories import make_project, make_user
from tests.factories.feedback import NEAR_PARK, make_feature, make_feedback_module, make_opinion
from tests.factories.mapping import STIFTSPLATZ, make_contribution, make_map_module

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
AXE_SOURCE = AXE.read_text()
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
MOBILE, DESKTOP = {"width": 375, "height": 740}, {"width": 1280, "height": 900}

HEAT_SCALE = {"key": "hitze", "label": "Wie heiß ist es dort?", "kind": "scale", "minimum": 1, "maximum": 5,
              "minimum_label": "warm", "maximum_label": "unerträglich heiß"}
TIME_OF_DAY = {"key": "tageszeit", "label": "Tageszeit", "kind": "choice", "options": "Tag\nAbend\nNacht"}
PLACES = [Point(7.7695 + dx, 49.4440 + dy, srid=4326) for dx, dy in
          ((0, 0), (0.004, 0.002), (-0.006, 0.001), (0.002, -0.005), (-0.003, -0.004), (0.009, 0.006))]


def axe_violations(page) -> list[dict]:
    """axe's WCAG 2.1 A/AA violations on the page as it is now, each with the first offending elements."""
    page.evaluate(AXE_SOURCE)  # not a <script> tag: the page's CSP allows none that we did not serve
    return page.evaluate("""async (tags) => {
        // preload: false: axe would otherwise read the style sheets itself and, where one (Django admin's) has an
        // @import it cannot follow, write a <style> into the page, which the page's CSP refuses.
        const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
                                                preload: false});
        return result.violations.map((v) => ({id: v.id, help: v.help,
            nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ") + ": " + n.failureSummary.replace(/\\s+/g, " "))}));
    }""", WCAG_21_AA)


def assert_accessible(page, what: str) -> None:
    violations = axe_violations(page)
    report = "\n".join(f"- {v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in violations)
    assert not violations, f"{what} ({page.url}, {page.viewport_size['width']} px):\n{report}"


def check(page, url: str, what: str, *, widths=(DESKTOP, MOBILE), ready: str | None = None, before=None) -> None:
    """Open ``url`` and let axe check it at each width; ``ready`` waits for a map, ``before`` sets the page's state."""
    for size in widths:
        page.set_viewport_size(size)
        response = page.goto(url)
        assert response.status < 500, f"{what}: HTTP {response.status}"
        if ready:
            expect(page.locator(ready)).to_have_attribute("data-ready", "true")
        if before:
            before(page)
        assert_accessible(page, what)


def log_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                               "url": live_server.url}])


@pytest.fixture
def city(transactional_db, tiles):
    """Kaiserslautern with projects and formats in every state, contributions, comments and bike-street opinions."""
    areas_load(boundary_file=FIXTURES / "boundary.geojson", districts_file=FIXTURES / "districts.geojson")
    now = timezone.now()
    authors = [make_user(username=name) for name in ("lautrerin", "betze_fan", "radlerin_kl")]
    safety = make_project(title="Sicher unterwegs in Kaiserslautern", slug="sicher-unterwegs", topic=Topic.SAFETY,
                          summary="Wo fühlst du dich unsicher? Markiere die Orte.", office="Referat Stadtentwicklung",
                          description="Die Stadt sammelt Angsträume, um **Beleuchtung** und Wege zu verbessern.",
                          contact="Referat Stadtentwicklung\nbeteiligung@example.org")
    fear = make_map_module(project=safety, title="Angsträume markieren", slug="angstraeume", kinds=("point", "line", "polygon"),
                           attributes=(TIME_OF_DAY,))
    climate = make_project(title="Hitzeaktionsplan", slug="hitzeaktionsplan", topic=Topic.CLIMATE, summary="Hitzepunkte der Stadt.")
    heat = make_map_module(project=climate, title="Hitzepunkte in der Stadt", slug="hitzepunkte", attributes=(HEAT_SCALE, TIME_OF_DAY),
                           categories=(("Kein Schatten", "#8a5a00", "sun"), ("Versiegelte Fläche", "#50525a", "pin")))
    make_map_module(project=climate, state="upcoming", title="Ideen für kühle Orte", slug="kuehle-orte", kinds=())
    make_map_module(project=climate, state="closed", title="Standorte für Klimasensoren", slug="klimasensoren",
                    results_published_at=now - timedelta(days=1), results_summary="Zehn Sensoren werden aufgestellt.")
    for n, place in enumerate(PLACES):
        make_contribution(module=fear, author=authors[n % 3], geometry=place, title=f"Dunkle Unterführung {n + 1}",
                          description="Abends ist hier **kein Licht**.")
        make_contribution(module=heat, author=authors[n % 3], geometry=place, title=f"Heißer Platz {n + 1}",
                          attributes={"hitze": 4, "tageszeit": "tag"})
    # Alone in Einsiedlerhof, 7 km west of the rest: a marker, not part of a cluster, even with the whole city on a phone.
    make_contribution(module=heat, geometry=Point(7.669, 49.435, srid=4326), title="Bushaltestelle ohne Dach",
                      attributes={"hitze": 5, "tageszeit": "tag"})
    make_contribution(module=fear, geometry=LineString((7.760, 49.440), (7.765, 49.442), srid=4326), title="Langer dunkler Weg")
    commented = Contribution.objects.filter(module=fear).order_by("pk").first()
    Comment.objects.create(contribution=commented, author=authors[1], text="Das stimmt, dort ist es nachts stockdunkel.",
                           status=ModerationStatus.APPROVED)
    Comment.objects.create(contribution=commented, author=authors[2], text="Ich nehme lieber den Umweg.", status=ModerationStatus.APPROVED)
    pending = make_contribution(module=fear, author=authors[0], status=ModerationStatus.PENDING, title="Wartet auf Freigabe",
                                geometry=STIFTSPLATZ)
    bikes = make_feedback_module(project=make_project(title="Fahrradstraßen", slug="fahrradstrassen", topic=Topic.MOBILITY),
                                 title="Wie findest du die Fahrradstraßen?", slug="fahrradstrassen-bewerten")
    park = make_feature(module=bikes, name="Parkstraße", description="Geplante Fahrradstraße zwischen Stadtpark und Innenstadt.")
    for author, rating in zip(authors, ("good", "bad", "okay")):
        make_opinion(feature=park, author=author, rating=rating, comment="Zu viele Autos." if rating == "bad" else "")
    make_opinion(feature=park, author=make_user(), rating="bad", comment="Hier ist die Ampel zu lang.", point=NEAR_PARK)
    return {"fear": fear, "heat": heat, "commented": commented, "pending": pending, "park": park, "bikes": bikes,
            "safety": safety, "authors": authors}


def test_home_projects_and_site_pages(live_server, page, city):
    base = live_server.url
    check(page, f"{base}/", "Home page")
    check(page, f"{base}/projekte/?topic={Topic.CLIMATE}&state=open", "Project list, filtered")
    check(page, f"{base}/projekte/sicher-unterwegs/", "Project page")
    check(page, f"{base}/seite/impressum/", "Legal notice", widths=(MOBILE,))
    check(page, f"{base}/seite/barrierefreiheit/?seite=/stadtkarte/", "Accessibility statement with its report form")

    page.get_by_role("button", name="Meldung senden").click()  # nothing filled in: the form comes back with errors
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page, "Barrier report form with errors")
    check(page, f"{base}/stadtkarte/", "City map", ready="#city-map")


def test_map_format_pages(live_server, page, city):
    base = live_server.url

    def unfold_filters_and_open_a_popup(page):
        page.locator("details.filter-box summary").click()
        page.wait_for_load_state("networkidle")  # the layer of the final view, not the first one, is drawn
        page.locator("#contribution-map .map-marker[title='Bushaltestelle ohne Dach']").click()
        expect(page.locator(".leaflet-popup")).to_have_css("opacity", "1")  # faded in: axe measures final colours

    check(page, f"{base}/karte/hitzepunkte/", "Map format page", ready="#contribution-map", before=unfold_filters_and_open_a_popup)
    check(page, f"{base}/karte/angstraeume/?tageszeit=nacht", "Map format page, filtered", widths=(MOBILE,))
    check(page, f"{base}{city['commented'].get_absolute_url()}", "Contribution with comments", ready="#mini-map")
    check(page, f"{base}/karte/kuehle-orte/", "Upcoming format without places", widths=(MOBILE,))


def test_feedback_pages(live_server, page, city):
    base = live_server.url
    check(page, f"{base}/bewertung/fahrradstrassen-bewerten/", "Feedback format page", ready="#feedback-map")
    check(page, f"{base}{city['park'].get_absolute_url()}", "Bike street page", ready="#feature-map")
    log_in(page, live_server, make_user(username="neue_radlerin"))
    check(page, f"{base}{city['park'].get_absolute_url()}", "Bike street page with the opinion form", ready="#feature-map",
          widths=(MOBILE,))


def test_contributing_as_a_resident(live_server, page, city):
    base = live_server.url
    log_in(page, live_server, city["authors"][0])
    form_url = f"{base}/karte/angstraeume/beitraege/neu/"
    check(page, form_url, "Contribution form", ready="#place-map")
    page.get_by_role("button", name="Beitrag absenden").click()  # nothing given: errors on every required field
    expect(page.locator("#error-summary")).to_be_focused()
    assert_accessible(page, "Contribution form with errors")
    check(page, f"{base}{city['pending'].get_absolute_url()}", "Own contribution waiting for moderation", ready="#mini-map",
          widths=(MOBILE,))
    check(page, f"{base}/profil/", "Profile")


def test_account_pages(live_server, page, city):
    base = live_server.url
    check(page, f"{base}/konto/signup/", "Sign-up")
    page.get_by_label("Benutzername").fill("lautrerin")  # taken
    page.get_by_label("E-Mail-Adresse").fill("keine-adresse")
    page.get_by_label("Passwort", exact=True).fill("123")
    page.get_by_role("button", name="Registrieren").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page, "Sign-up with errors")
    check(page, f"{base}/konto/login/", "Login", widths=(MOBILE,))
    page.get_by_label("Benutzername oder E-Mail-Adresse").fill("lautrerin")
    page.get_by_label("Passwort", exact=True).fill("falsch")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page, "Login with errors")


def test_moderation_queue(live_server, page, city):
    Comment.objects.create(contribution=city["commented"], author=city["authors"][0], text="Noch ein Kommentar.")
    report_create(item=city["commented"], reporter=city["authors"][2], reason="Das ist eine private Einfahrt.")
    log_in(page, live_server, make_user(username="moderatorin", role=roles.MODERATOR))

    def draw_every_map(page):
        for item in page.locator(".moderation-map").all():
            item.scroll_into_view_if_needed()
            expect(item).to_have_attribute("data-ready", "true")

    check(page, f"{live_server.url}/moderation/", "Moderation queue", before=draw_every_map)


def test_pages_as_a_logged_in_resident(live_server, page, city):
    """The same page types as above, as they look to a logged-in resident (account menu, forms instead of hints)."""
    base = live_server.url
    log_in(page, live_server, city["authors"][1])
    check(page, f"{base}/", "Home page, logged in")
    check(page, f"{base}/projekte/sicher-unterwegs/", "Project page, logged in", widths=(MOBILE,))
    check(page, f"{base}/karte/hitzepunkte/", "Map format page, logged in", ready="#contribution-map")
    check(page, f"{base}{city['commented'].get_absolute_url()}", "Contribution with the comment form", ready="#mini-map")
    check(page, f"{base}/bewertung/fahrradstrassen-bewerten/", "Feedback format page, logged in", ready="#feedback-map",
          widths=(MOBILE,))
    check(page, f"{base}/stadtkarte/", "City map, logged in", ready="#city-map", widths=(MOBILE,))
    check(page, f"{base}/seite/barrierefreiheit/", "Accessibility statement, logged in", widths=(MOBILE,))


def test_error_pages_logged_out_and_in(live_server, page, city):
    """404, the 400 for unreadable input (core.input), 403 and the login form that asks to wait (429)."""
    base = live_server.url
    check(page, f"{base}/gibt-es-nicht/", "Page not found")
    check(page, f"{base}/projekte/?q=%00", "Bad request", widths=(MOBILE,))
    for _attempt in range(5):  # five wrong passwords from this browser: it has to wait (accounts.throttles)
        Client(REMOTE_ADDR="127.0.0.1").post("/konto/login/", {"login": "lautrerin", "password": "falsch-falsch"})
    check(page, f"{base}/konto/login/", "Login", widths=(MOBILE,))
    page.get_by_label("Benutzername oder E-Mail-Adresse").fill("lautrerin")
    page.get_by_label("Passwort", exact=True).fill("falsch-falsch")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.locator("#error-summary")).to_contain_text("Bitte warte")
    assert_accessible(page, "Login, throttled")
    log_in(page, live_server, city["authors"][0])
    check(page, f"{base}/intern/abstimmungen/", "Not allowed (a resident in the staff area)", widths=(MOBILE,))
    check(page, f"{base}/gibt-es-nicht/", "Page not found, logged in", widths=(MOBILE,))


def test_moderation_queue_with_an_item_hidden_after_reports(live_server, page, city):
    for reporter in city["authors"]:
        report_create(item=city["commented"], reporter=reporter, reason="Das ist eine private Einfahrt.")
    log_in(page, live_server, make_user(username="moderator_in", role=roles.MODERATOR))
    check(page, f"{live_server.url}/moderation/", "Moderation queue with an item hidden after reports", widths=(MOBILE,))


# ReDoc's bundle always asks its CDN for a logo (and hides it when that fails): the policy stops that request.
@pytest.mark.csp_blocks("https://cdn.redoc.ly/")
def test_the_api_documentation(live_server, page, db):
    """Swagger UI as it opens, then with an operation of every method, some models and "Try it out" open; ReDoc."""
    base = live_server.url

    def open_everything(page):
        expect(page.locator(".opblock").first).to_be_visible()
        for method in ("get", "post", "put", "patch", "delete"):  # each kind once: all of them took a minute and a half
            page.locator(f".opblock-{method} .opblock-summary-control").first.click()
        for model in page.locator(".model-box-control").all()[:5]:
            model.click()
        page.locator(".try-out__btn").first.click()
        expect(page.locator(".btn.execute").first).to_be_visible()

    check(page, f"{base}/api/docs/", "Swagger UI", widths=(DESKTOP,),
          before=lambda page: expect(page.locator(".opblock").first).to_be_visible())
    check(page, f"{base}/api/docs/", "Swagger UI, opened up", widths=(DESKTOP,), before=open_everything)
    check(page, f"{base}/api/redoc/", "ReDoc", widths=(DESKTOP, MOBILE),
          before=lambda page: expect(page.locator("h1")).to_contain_text("Kaiserslautern MitWirkung API"))


def test_every_admin_page(live_server, page, transactional_db):
    """Every page of the administration (index, lists, add and change forms of every model, the GeoJSON upload),
    as staff: Django's admin with our fixes (labelled date and table fields, underlined breadcrumbs)."""
    from tests.urlconf import World, routes

    world = World()
    log_in(page, live_server, world.staff)
    page.set_viewport_size(DESKTOP)
    checked = 0
    for route in routes():
        if route.namespace != "admin" or not route.name or route.name.endswith(
                ("_delete", "_history", "autocomplete", "logout", "jsi18n", "view_on_site")):
            continue
        for url in world.urls(route) or ([] if route.parameters else [f"/{route.regex}".replace("\\", "")]):
            response = page.goto(f"{live_server.url}{url}")
            if response.status != 200 or "text/html" not in (response.headers.get("content-type") or ""):
                continue
            assert_accessible(page, f"Admin {route.name}")
            checked += 1
    assert checked > 40


def test_planners_pages(live_server, page, city):
    base = live_server.url
    planner = make_user(username="planerin", role=roles.PLANNER)
    from maps.planning.tokens import token_create

    token_create(user=planner, name="QGIS im Büro")
    log_in(page, live_server, planner)
    check(page, f"{base}/planung/", "Planners' workspace with a heatmap", ready="#workspace-map")
    check(page, f"{base}/planung/?layer=angstraeume.alle&view=points&status=approved&status=pending",
          "Planners' workspace with points", ready="#workspace-map", widths=(MOBILE,))
    check(page, f"{base}/planung/?layer=angstraeume&cell=33", "Planners' workspace with a bad filter", widths=(DESKTOP,))
    check(page, f"{base}/profil/", "Profile with API tokens", widths=(DESKTOP,))
    check(page, f"{base}/ogc/collections?f=html", "OGC API collections", widths=(MOBILE,))
    check(page, f"{base}/ogc/collections/angstraeume/items?f=html&limit=5", "OGC API features", widths=(DESKTOP,))
