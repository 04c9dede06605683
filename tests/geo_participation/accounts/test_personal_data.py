"""Download my data, delete my account (GDPR art. 15, 17 and 20)."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.db import connection
from django.urls import reverse

from geo_participation.accounts.models import User
from geo_participation.core.models import BarrierReport, Report
from geo_participation.core.services import barrier_report_create, report_create
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

EMAIL = "zwetschge.kuchen@example.org"
LAST_NAME = "Zwetschgenkuchen"


@pytest.fixture
def person(project):
    user = make_user(username="zwetschge", email=EMAIL, first_name="Zora", last_name=LAST_NAME)
    EmailAddress.objects.create(user=user, email="zweite.adresse@example.org", verified=False, primary=False)
    barrier_report_create(description="Kontrast der Knöpfe zu schwach", page_url="/projekte/", contact_email=EMAIL,
                          reporter=user)
    report_create(item=project, reporter=user, reason="Werbung")
    return user


def text_columns_containing(needle: str) -> list[str]:
    """Every text column of every table that still holds ``needle`` somewhere (case-insensitive)."""
    hits = []
    with connection.cursor() as cursor:
        cursor.execute("""SELECT table_name, column_name FROM information_schema.columns
                          WHERE table_schema = 'public'
                            AND data_type IN ('text', 'character varying', 'json', 'jsonb')""")
        for table, column in cursor.fetchall():
            cursor.execute(f'SELECT count(*) FROM "{table}" WHERE "{column}"::text ILIKE %s', [f"%{needle}%"])
            if cursor.fetchone()[0]:
                hits.append(f"{table}.{column}")
    return hits


def test_download_my_data_holds_everything_stored_about_me_and_nobody_else(client, person, other_resident):
    client.force_login(person)
    response = client.post(reverse("data-download"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="meine-daten-')
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert data["account"]["username"] == "zwetschge"
    assert data["account"]["email"] == EMAIL
    assert data["account"]["last_name"] == LAST_NAME
    assert data["account"]["roles"] == ["Bürger:innen"]
    assert {a["email"] for a in data["email_addresses"]} == {EMAIL, "zweite.adresse@example.org"}
    assert data["barrier_reports"][0]["description"] == "Kontrast der Knöpfe zu schwach"
    assert data["reports"][0]["reason"] == "Werbung"
    assert other_resident.email not in response.content.decode()


def test_download_my_data_needs_a_login_and_a_post(client, person):
    assert client.post(reverse("data-download")).status_code == 302
    client.force_login(person)
    assert client.get(reverse("data-download")).status_code == 405


def test_deleting_needs_the_password_and_a_wrong_one_deletes_nothing(client, person):
    client.force_login(person)
    response = client.post(reverse("account-delete"), {"password": "falsch"})
    assert response.status_code == 400
    assert "Das Passwort stimmt nicht." in response.content.decode()
    assert User.objects.filter(pk=person.pk).exists()
    assert EmailAddress.objects.filter(user=person).count() == 2


def test_deleting_my_account_erases_my_personal_data_and_keeps_contributions_anonymised(client, person, project):
    other_device = client.__class__()
    other_device.force_login(person)
    client.force_login(person)
    assert Session.objects.count() == 2
    assert {"accounts_user.email", "account_emailaddress.email", "core_barrierreport.contact_email"} <= set(
        text_columns_containing(EMAIL))  # the search below finds what is there

    response = client.post(reverse("account-delete"), {"password": PASSWORD})

    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert not User.objects.filter(pk=person.pk).exists()
    assert not EmailAddress.objects.filter(email__in=[EMAIL, "zweite.adresse@example.org"]).exists()
    assert Session.objects.count() == 0  # logged out everywhere
    assert other_device.get(reverse("profile")).status_code == 302

    # what the person contributed stays, without a link to them
    barrier_report = BarrierReport.objects.get()
    assert (barrier_report.reporter, barrier_report.contact_email) == (None, "")
    assert barrier_report.description == "Kontrast der Knöpfe zu schwach"
    report = Report.objects.get()
    assert (report.reporter, report.reason, report.item) == (None, "Werbung", project)

    # and nothing in any table still holds the address or the name
    assert text_columns_containing(EMAIL) == []
    assert text_columns_containing("zweite.adresse") == []
    assert text_columns_containing(LAST_NAME) == []

    home = client.get(response["Location"])
    assert "Dein Konto ist gelöscht." in home.content.decode()


def test_friends_invited_by_a_deleted_account_keep_their_accounts(client, person):
    friend = make_user(referred_by=person)
    client.force_login(person)
    client.post(reverse("account-delete"), {"password": PASSWORD})
    friend.refresh_from_db()
    assert friend.referred_by is None


def test_download_my_data_links_my_photos_through_the_photo_view_which_lets_me_see_them(client, person):
    from geo_participation.core.moderation import ModerationStatus
    from tests.factories.mapping import make_contribution, make_map_module, make_photo

    contribution = make_contribution(module=make_map_module(), author=person, status=ModerationStatus.HIDDEN)
    photo = make_photo(contribution=contribution)
    client.force_login(person)
    response = client.post(reverse("data-download"))
    data = json.loads(response.content)
    assert data["mapping"]["contributions"][0]["photos"] == [{"url": photo.url, "alt_text": photo.alt_text}]
    assert "/media/" not in response.content.decode()
    assert client.get(photo.url).status_code == 200


def test_download_my_data_lists_my_api_tokens_without_their_secret(client, planner):
    from maps.planning.models import ApiToken
    from maps.planning.tokens import token_create

    token, secret = token_create(user=planner, name="QGIS im Büro")
    client.force_login(planner)
    response = client.post(reverse("data-download"))

    (listed,) = json.loads(response.content)["api_tokens"]
    assert listed["name"] == "QGIS im Büro" and listed["beginning"] == token.prefix and listed["revoked"] is None
    body = response.content.decode()
    assert secret not in body and ApiToken.objects.get().digest not in body
