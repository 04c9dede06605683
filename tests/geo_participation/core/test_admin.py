"""The administration (/verwaltung/) is German for staff and loads everything, the map widget too, from our server."""

import re

import pytest
from django.urls import reverse

from geo_participation.core.models import SitePage

pytestmark = pytest.mark.django_db


def test_the_administration_speaks_german(client, staff):
    client.force_login(staff)
    html = client.get(reverse("admin:index")).content.decode()
    assert '<html lang="de"' in html
    assert "Kaiserslautern MitWirkung – Verwaltung" in html
    assert "Projekte und Beteiligungsformate" in html
    assert "Abmelden" in html


def test_every_section_of_the_administration_has_a_german_name_of_its_own(client, django_user_model):
    """An app without a name showed as "Ballot_Boxes" and "Polls"; ours and allauth's were both "Nutzerkonten"."""
    client.force_login(django_user_model.objects.create_superuser("chefin", "chefin@example.org", "x-very-long-password"))
    html = client.get(reverse("admin:index")).content.decode()
    sections = re.findall(r'<caption>\s*<a [^>]*class="section"[^>]*>([^<]+)</a>', html)
    assert {"Abstimmungen", "Abstimmungsboxen", "Nutzer:innen"} <= set(sections)
    assert not [name for name in sections if "_" in name or name in {"Polls", "Ballot_Boxes"}]
    assert len(sections) == len(set(sections))


def test_staff_who_prefer_english_get_it_in_english(client, staff):
    staff.language = "en"
    staff.save()
    client.force_login(staff)
    assert "Kaiserslautern MitWirkung – administration" in client.get(reverse("admin:index")).content.decode()


def test_the_project_form_loads_its_map_widget_from_our_own_static_files(client, staff):
    client.force_login(staff)
    html = client.get(reverse("admin:projects_project_add")).content.decode()
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert "/static/vendor/ol-7.2.2/ol.js" in sources
    assert "/static/vendor/ol-7.2.2/ol.css" in sources
    assert [s for s in sources if not s.startswith("/")] == []  # no CDN, no other host


def test_staff_edit_a_site_page_in_the_administration_and_the_site_shows_it(client, staff):
    client.get(reverse("page", args=["kontakt"]))
    page = SitePage.objects.get(slug="kontakt")
    client.force_login(staff)
    response = client.post(reverse("admin:core_sitepage_change", args=[page.pk]), {
        "title_de": "Kontakt", "body_de": "## Sprechzeiten\nMontag 9–12 Uhr", "title_en": "Contact", "body_en": ""})
    assert response.status_code == 302
    assert "<h2>Sprechzeiten</h2>" in client.get(reverse("page", args=["kontakt"])).content.decode()


def test_staff_create_an_account_with_an_address_in_the_administration(client, django_user_model):
    admin = django_user_model.objects.create_superuser("chefin", "chefin@example.org", "x-very-long-password")
    client.force_login(admin)
    data = {"username": "neu", "email": "neu@example.org", "first_name": "N", "last_name": "Eu",
            "usable_password": "true", "password1": "Ein-langes-Passwort-42", "password2": "Ein-langes-Passwort-42"}
    assert client.post(reverse("admin:accounts_user_add"), data).status_code == 302
    again = client.post(reverse("admin:accounts_user_add"), {**data, "username": "NEU2", "email": "NEU@example.org"})
    assert again.status_code == 200  # the admin re-shows its form with the error
    assert "Diese E-Mail-Adresse ist schon registriert." in again.content.decode()


def test_the_administration_and_the_bare_favicon_address_lead_to_our_icon(client, staff):
    client.force_login(staff)
    html = client.get(reverse("admin:index")).content.decode()
    assert 'rel="icon" href="/static/img/favicon' in html
    assert "Kaiserslautern MitWirkung – Verwaltung" in html  # the branding of admin/base_site.html stays
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].startswith("/static/img/favicon")
