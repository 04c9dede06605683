"""Nobody can lock someone else out: failed logins slow down the address that fails, not the account's owner.

Found by the outside tester: five wrong passwords for a public username locked that account for everyone for five
minutes, the right password included, with a 400 and no Retry-After; repeated, it kept any resident or moderator out.
"""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from geo_participation.accounts import roles
from geo_participation.accounts.models import LoginThrottle
from geo_participation.accounts.throttles import account_delay
from tests.concurrency import all_at_once
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

ATTACKER, OWNER = "203.0.113.66", "198.51.100.7"


def client_at(address: str, **extra) -> Client:
    return Client(REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE="de", **extra)


def login(client, name, password):
    return client.post(reverse("account_login"), {"login": name, "password": password})


def fail(client, name, times):
    for _ in range(times):
        assert login(client, name, "falsch-falsch-falsch").status_code in (400, 429)


def test_the_right_password_from_another_address_works_during_an_attack(moderator):
    attacker = client_at(ATTACKER)
    fail(attacker, moderator.username, 12)  # well past every free attempt
    refused = login(attacker, moderator.username, "falsch-falsch-falsch")
    assert refused.status_code == 429

    owner = login(client_at(OWNER), moderator.username, PASSWORD)
    assert owner.status_code == 302, owner.content.decode()[-2000:]


def test_the_same_by_e_mail_address_and_in_another_case(resident):
    fail(client_at(ATTACKER), resident.username.upper(), 8)
    assert login(client_at(OWNER), resident.email, PASSWORD).status_code == 302


def test_the_attacker_is_told_to_wait_with_a_429_retry_after_and_words(resident):
    attacker = client_at(ATTACKER)
    fail(attacker, resident.username, 5)
    response = login(attacker, resident.username, PASSWORD)  # even the right password waits now, from there
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 30
    html = response.content.decode()
    assert "Zu viele fehlgeschlagene Anmeldungen für dieses Konto von deiner Verbindung aus" in html
    assert "Bitte warte 30 Sekunden" in html
    assert "<title>Fehler: Anmelden" in html


def test_the_wait_grows_with_each_further_failure_up_to_the_maximum(settings):
    settings.LOGIN_THROTTLE = {**settings.LOGIN_THROTTLE, "FREE_FAILURES": 5, "FIRST_DELAY": 30, "MAX_DELAY": 900}
    assert [account_delay(n) for n in range(1, 12)] == [0, 0, 0, 0, 30, 60, 120, 240, 480, 900, 900]


def test_after_the_wait_one_more_failure_means_a_longer_wait(resident):
    attacker = client_at(ATTACKER)
    fail(attacker, resident.username, 5)
    LoginThrottle.objects.update(locked_until=timezone.now() - dt.timedelta(seconds=1))  # the 30 s are over
    fail(attacker, resident.username, 1)
    response = login(attacker, resident.username, "falsch-falsch-falsch")
    assert response.status_code == 429 and 30 < int(response["Retry-After"]) <= 60


def test_one_address_trying_many_accounts_meets_its_ceiling(settings):
    settings.LOGIN_THROTTLE = {**settings.LOGIN_THROTTLE, "ADDRESS_FAILURES": 6}
    users = [make_user() for _ in range(3)]
    attacker = client_at(ATTACKER)
    for user in users:
        fail(attacker, user.username, 2)  # never more than the free failures per account
    response = login(attacker, users[0].username, PASSWORD)
    assert response.status_code == 429
    assert "Zu viele fehlgeschlagene Anmeldungen von deiner Verbindung aus" in response.content.decode()
    assert login(client_at(OWNER), users[0].username, PASSWORD).status_code == 302


def test_ipv6_addresses_of_one_network_count_together(resident):
    for suffix in range(1, 6):
        fail(client_at(f"2001:db8:1:2::{suffix}"), resident.username, 1)
    assert login(client_at("2001:db8:1:2::99"), resident.username, PASSWORD).status_code == 429
    assert login(client_at("2001:db8:1:3::1"), resident.username, PASSWORD).status_code == 302


def test_behind_the_proxy_the_address_is_the_one_the_proxy_saw(settings, resident):
    """ClientAddressMiddleware (PROXY_COUNT) decides the address; a forged entry further left changes nothing."""
    from django.test import override_settings

    with override_settings(PROXY_COUNT=1):
        from geo_participation.core import middleware

        assert middleware.ClientAddressMiddleware(lambda r: r).proxies == 1
        attacker = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"1.2.3.4, {ATTACKER}")
        # Each request forges another left-hand address: the proxy's entry on the right still counts.
        for forged in range(6):
            attacker.defaults["HTTP_X_FORWARDED_FOR"] = f"9.9.9.{forged}, {ATTACKER}"
            login(attacker, resident.username, "falsch-falsch-falsch")
        assert login(attacker, resident.username, PASSWORD).status_code == 429
        owner = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=OWNER)
        assert login(owner, resident.username, PASSWORD).status_code == 302


def test_nothing_readable_is_stored_and_a_success_forgets_the_failures(resident):
    attacker = client_at(ATTACKER)
    fail(attacker, resident.username, 3)
    stored = list(LoginThrottle.objects.values_list("key", "address", "user_id", "scope", "failures"))
    assert {row[3] for row in stored} == {"account", "address"}
    assert all(row[4] == 3 for row in stored)
    text = repr(stored)
    assert ATTACKER not in text and resident.username not in text and "203.0.113" not in text
    assert login(attacker, resident.username, PASSWORD).status_code == 302
    assert list(LoginThrottle.objects.values_list("scope", flat=True)) == ["address"]  # the address still counts


@pytest.mark.django_db(transaction=True)
def test_failures_sent_at_the_same_moment_all_count(live_server, resident):
    import requests

    def attempt():
        return requests.post(f"{live_server.url}{reverse('account_login')}", timeout=30,
                             data={"login": resident.username, "password": "falsch-falsch-falsch"},
                             headers={"Cookie": "csrftoken=" + "r" * 32, "X-CSRFToken": "r" * 32,
                                      "Referer": live_server.url})

    all_at_once([attempt] * 4)
    assert LoginThrottle.objects.get(scope="account").failures == 4
    assert LoginThrottle.objects.get(scope="address").failures == 4


def test_rows_are_forgotten_a_day_after_their_last_failure(resident):
    attacker = client_at(ATTACKER)
    fail(attacker, resident.username, 2)
    LoginThrottle.objects.update(last_failure_at=timezone.now() - dt.timedelta(days=1, minutes=1))
    fail(client_at(OWNER), "someone-else", 1)  # any failure tidies up
    assert not LoginThrottle.objects.filter(user=resident).exists()


def test_staff_see_throttles_and_lift_them(client, resident):
    fail(client_at(ATTACKER), resident.username, 6)
    assert login(client_at(ATTACKER), resident.username, PASSWORD).status_code == 429
    staff = make_user(role=roles.STAFF)
    client.force_login(staff)
    listing = client.get("/verwaltung/accounts/loginthrottle/")
    assert listing.status_code == 200 and resident.username in listing.content.decode()
    response = client.post("/verwaltung/accounts/loginthrottle/", {
        "action": "lift", "_selected_action": list(LoginThrottle.objects.values_list("pk", flat=True))}, follow=True)
    assert "2 Sperren aufgehoben" in response.content.decode()
    assert not LoginThrottle.objects.exists()
    assert login(client_at(ATTACKER), resident.username, PASSWORD).status_code == 302


def test_residents_and_moderators_do_not_see_throttles(client, moderator):
    client.force_login(moderator)
    assert client.get("/verwaltung/accounts/loginthrottle/").status_code == 403


def test_the_privacy_notice_says_what_the_throttle_stores_also_when_staff_edited_it():
    from importlib import import_module

    from django.apps import apps

    from geo_participation.core.models import SitePage

    page, _created = SitePage.objects.get_or_create(slug="datenschutz", defaults={"title_de": "Datenschutz", "body_de": ""})
    page.body_de, page.body_en = "## Was wir speichern\nWenig.\n\n## Cookies\nKeine.", "## Cookies\nNone."
    page.save()
    import_module("geo_participation.accounts.migrations.0004_privacy_notice_login_throttle").add_section(apps, None)
    page.refresh_from_db()
    assert page.body_de.index("## Schutz vor Passwort-Raten") < page.body_de.index("## Cookies")
    assert "Deine IP-Adresse speichern wir dabei nicht" in page.body_de and "Wenig." in page.body_de
    assert page.body_en.startswith("## Protection against password guessing")


def test_confirming_the_password_again_is_throttled_the_same_way(resident):
    """allauth asks for the password again before sensitive changes: the same throttle, the same 429."""
    client = client_at(ATTACKER)
    client.force_login(resident)
    for _ in range(5):
        client.post(reverse("account_reauthenticate"), {"password": "falsch-falsch-falsch"})
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 429 and "Retry-After" in response
