"""Two people sign up at the same instant with the same name or address: the database lets one through, and the
other sees a form error. Real concurrent HTTP requests against the live server, each with its own connection."""

import http.cookiejar
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from allauth.account.models import EmailAddress

from geo_participation.accounts.adapter import AccountAdapter
from geo_participation.accounts.models import User

from .helpers import SIGNUP


class Browser:
    """A visitor with their own cookies (session, CSRF token)."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies),
                                                  NoRedirect())

    def get(self, path):
        return self.opener.open(self.base_url + path, timeout=20)

    def post(self, path, data) -> tuple[int, str]:
        token = next(c.value for c in self.cookies if c.name == "csrftoken")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(self.base_url + path, data=body, headers={"Referer": self.base_url + path})
        try:
            with self.opener.open(request, timeout=20) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def both_past_the_form_check(monkeypatch):
    """Hold each sign-up after the form's checks until the other one got there too, then let both insert."""
    barrier = threading.Barrier(2, timeout=15)
    save_user = AccountAdapter.save_user

    def save_user_after_the_other_checked(self, request, user, form, commit=True):
        barrier.wait()
        return save_user(self, request, user, form, commit)

    monkeypatch.setattr(AccountAdapter, "save_user", save_user_after_the_other_checked)


@pytest.mark.parametrize("second, field, message", [
    ({"username": "LENA", "email": "andere@example.org"}, "username", "Dieser Benutzername ist schon vergeben"),
    ({"username": "lena2", "email": "Lena@Example.org"}, "email", "Mit dieser E-Mail-Adresse ist schon jemand registriert"),
])
def test_two_simultaneous_sign_ups_with_the_same_name_or_address_create_one_account(
        transactional_db, live_server, both_past_the_form_check, second, field, message):
    visitors = [Browser(live_server.url), Browser(live_server.url)]
    for visitor in visitors:
        visitor.get("/konto/signup/").close()
    forms = [SIGNUP, {**SIGNUP, **second}]

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda pair: pair[0].post("/konto/signup/", pair[1]), zip(visitors, forms)))

    statuses = sorted(status for status, _body in results)
    assert statuses == [302, 400], results
    loser_page = next(body for status, body in results if status == 400)
    assert message in loser_page
    assert f'id="id_{field}_error"' in loser_page
    assert User.objects.count() == 1
    assert EmailAddress.objects.count() == 1
    assert User.objects.get().groups.count() == 1
