import os

import pytest
from django.conf import settings
from django.utils import translation

from geo_participation.accounts import roles
from tests.factories import make_module, make_project, make_user

# Playwright's sync API runs an event loop in the test's thread; the ORM calls in browser tests are still
# synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, and before it is dropped, the connections live servers left behind ended.

    The live server answers each request in a thread of its own, which closes its connection when the browser closes
    the kept-alive socket; when the browser goes at the end of the session, the last threads may still hold theirs
    while the database is dropped ("is being accessed by other users"), and the database stays behind.
    """
    yield
    from django.db import connection

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                       "WHERE datname = current_database() AND pid <> pg_backend_pid()")


@pytest.fixture(autouse=True)
def german_by_default():
    """Every test starts in German, as every request does; a request in English must not leak into the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def resident(db):
    return make_user(username="resi")


@pytest.fixture
def other_resident(db):
    return make_user(username="nachbarin")


@pytest.fixture
def unconfirmed(db):
    return make_user(username="neu", confirmed=False)


@pytest.fixture
def moderator(db):
    return make_user(username="moderatorin", role=roles.MODERATOR)


@pytest.fixture
def planner(db):
    return make_user(username="planerin", role=roles.PLANNER)


@pytest.fixture
def staff(db):
    return make_user(username="verwaltung", role=roles.STAFF)


@pytest.fixture
def project(db):
    return make_project()


@pytest.fixture
def module(project):
    return make_module(project=project)


@pytest.fixture
def tiles(settings):
    """Maps with a tile layer, as on the real site, so that its credit (the OpenStreetMap link) is checked too; the
    tiles themselves are not there (no network in tests), which leaves the map grey behind the credit."""
    settings.MAP_TILE_URL = "/kacheln/{z}/{x}/{y}.png"


# --- browser tests: Debian's Chromium through Playwright (no browser download possible here)
@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {
        "executable_path": "/usr/bin/chromium",
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "de-DE", "timezone_id": "Europe/Berlin"}


# Every page of every browser test runs under the Content-Security-Policy, and a test fails on any violation:
# Chromium logs "Refused to …" to the console, and the listener below names the directive and the source.
CSP_VIOLATION_MARKERS = ("Content Security Policy", "Refused to")
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => console.error(
  `Content Security Policy: ${event.effectiveDirective} blocked ${event.blockedURI || "inline"} in ${event.documentURI}`
  + ` (${event.sourceFile || "?"}:${event.lineNumber}): ${event.sample}`));
"""


@pytest.fixture(autouse=True)
def no_csp_violations(request, monkeypatch):
    """Watches each browser context a browser test opens (the page fixture's too) for CSP violations.

    ``@pytest.mark.csp_blocks(url, ...)``: a third-party script tries to load these from elsewhere, and the policy
    blocking it is what we want.
    """
    if "browser" not in request.fixturenames:
        yield
        return
    browser = request.getfixturevalue("browser")
    violations = []
    new_context = browser.new_context

    def watched_context(*args, **kwargs):
        context = new_context(*args, **kwargs)
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        context.on("console", lambda message: violations.append(f"{message.location.get('url')}: {message.text}")
                   if any(marker in message.text for marker in CSP_VIOLATION_MARKERS) else None)
        return context

    monkeypatch.setattr(browser, "new_context", watched_context)
    yield
    expected = request.node.get_closest_marker("csp_blocks")
    violations = [v for v in violations if not (expected and any(url in v for url in expected.args))]
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)
