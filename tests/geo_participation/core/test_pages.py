import pytest
from django.urls import reverse

from geo_participation.core.models import SitePage


@pytest.mark.django_db
@pytest.mark.parametrize("slug", [kind.value for kind in SitePage.Kind])
def test_every_page_a_municipal_site_needs_exists_in_german(client, slug):
    response = client.get(reverse("page", args=[slug]))
    assert response.status_code == 200
    assert response["Content-Language"] == "de"
    assert b'<html lang="de">' in response.content


@pytest.mark.django_db
def test_staff_edit_a_page_and_residents_see_the_new_text(client):
    client.get(reverse("page", args=["impressum"]))
    SitePage.objects.filter(slug="impressum").update(body_de="## Herausgeberin\nStadt Kaiserslautern, Referat X")
    response = client.get(reverse("page", args=["impressum"]))
    assert "<h2>Herausgeberin</h2>" in response.content.decode()
    assert "Referat X" in response.content.decode()


@pytest.mark.django_db
def test_the_first_visit_follows_the_browser_and_the_switch_wins(client):
    """Found on the walk: an English browser got German. The browser decides the first visit; the switch then wins."""
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9,de;q=0.5")
    assert english["Content-Language"] == "en" and '<html lang="en">' in english.content.decode()
    assert "Accept-Language" in english["Vary"]
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de-AT,en;q=0.5")["Content-Language"] == "de"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")["Content-Language"] == "de"  # German when we lack it
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fr,en;q=0.8")["Content-Language"] == "en"
    assert client.get("/")["Content-Language"] == "de"
    client.post(reverse("set-language"), {"language": "de", "next": "/"})
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-US")["Content-Language"] == "de"  # the person's choice
    client.post(reverse("set-language"), {"language": "en", "next": "/"})
    assert client.get("/")["Content-Language"] == "en"


@pytest.mark.django_db
def test_a_profile_language_wins_over_the_browser(client, resident):
    client.force_login(resident)  # German in the profile
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "de"


@pytest.mark.django_db
def test_api_errors_follow_the_request_s_language(client):
    english = client.get("/api/mapping/gibt-es-nicht/", HTTP_ACCEPT_LANGUAGE="en")
    german = client.get("/api/mapping/gibt-es-nicht/", HTTP_ACCEPT_LANGUAGE="de")
    assert english.status_code == german.status_code == 404
    assert english.json()["detail"] == "Not found: there is nothing at this address, or it is not public."
    assert german.json()["detail"].startswith("Nicht gefunden")
    english = client.get("/api/gazetteer/reverse/?lat=abc&lon=7.7", HTTP_ACCEPT_LANGUAGE="en-GB").json()["errors"]
    german = client.get("/api/gazetteer/reverse/?lat=abc&lon=7.7", HTTP_ACCEPT_LANGUAGE="de-DE").json()["errors"]
    assert english["lat"] == ["A valid number is required."] and german["lat"] == ["Eine gültige Zahl ist erforderlich."]


@pytest.mark.django_db
def test_a_barrier_report_is_stored_and_mailed_to_the_contact_address(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("page", args=["barrierefreiheit"]),
                               {"page_url": "/stadtkarte/", "description": "Die Karte ist mit dem Screenreader schwer zu bedienen."})
    assert response.status_code == 302
    assert len(mailoutbox) == 1 and "Screenreader" in mailoutbox[0].body


@pytest.mark.django_db
def test_an_empty_barrier_report_is_refused_with_a_message_on_the_form(client):
    response = client.post(reverse("page", args=["barrierefreiheit"]), {"description": ""})
    assert response.status_code == 400
    assert "description" in response.context["form"].errors


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["home", "project-list", "city-map", "account_signup", "account_login", "api-docs"])
def test_public_pages_render(client, name):
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.django_db
def test_the_accessibility_statement_has_the_parts_the_eu_model_asks_for(client):
    """Status of compliance, what is not accessible, how it was checked, feedback and enforcement."""
    html = client.get(reverse("page", args=["barrierefreiheit"])).content.decode()
    for part in ["teilweise mit BITV 2.0 vereinbar", "Was noch nicht barrierefrei ist", "Wie wir prüfen", "axe-core",
                 "Barriere melden", "Schlichtungsverfahren", 'id="report-heading"']:
        assert part in html, part


def test_how_it_works_names_only_formats_the_platform_has(client, db):
    html = client.get("/seite/so-funktionierts/").content.decode()
    assert "Abstimmung" in html and "Bewertung" in html
    assert "<strong>Umfrage:</strong> Beantworte ein paar Fragen" in html  # the survey format, from its declaration
