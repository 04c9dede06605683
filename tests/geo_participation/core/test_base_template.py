"""What every page has: landmarks, a skip link, a visible language switch, the legal pages and a way to report barriers."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(client):
    return client.get(reverse("home")).content.decode()


def test_every_page_has_landmarks_and_a_skip_link_to_the_main_content(home):
    assert home.index('class="skip-link" href="#main"') < home.index("<header")
    assert '<main id="main" tabindex="-1">' in home
    assert home.count("<header") == 1 and home.count("<footer") == 1
    assert len(re.findall(r'<nav aria-label="[^"]+"', home)) >= 3  # main, account, legal
    assert "<title>" in home and "– Kaiserslautern MitWirkung</title>" in home


def test_the_language_switch_is_visible_and_says_which_language_is_on(home):
    assert 'lang="de" aria-pressed="true">Deutsch</button>' in home
    assert 'lang="en" aria-pressed="false">English</button>' in home


def test_the_footer_links_the_pages_a_municipal_site_must_have(home):
    for slug in ["impressum", "datenschutz", "barrierefreiheit", "leichte-sprache", "so-funktionierts", "kontakt"]:
        assert reverse("page", args=[slug]) in home
    assert "Barriere melden" in home


def test_status_messages_are_announced(client, resident):
    client.force_login(resident)
    response = client.post(reverse("profile"), {"first_name": "R", "last_name": "L", "language": "de"}, follow=True)
    assert '<ul class="messages" id="messages" role="status" tabindex="-1">' in response.content.decode()


def test_report_a_barrier_from_any_page_names_that_page(client, mailoutbox, django_capture_on_commit_callbacks):
    footer_link = re.search(r'href="([^"]+)">Barriere melden', client.get("/stadtkarte/").content.decode()).group(1)
    assert footer_link.startswith(reverse("page", args=["barrierefreiheit"]))
    page = client.get(footer_link.replace("&amp;", "&"))
    assert page.context["form"].initial["page_url"] == "/stadtkarte/"
    html = page.content.decode()
    assert 'id="report-heading"' in html
    assert '<label for="id_description">' in html

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(footer_link, {"page_url": "/stadtkarte/", "description": "Die Karte springt beim Zoomen.",
                                             "contact_email": ""})
    assert response.status_code == 302
    assert "Danke!" in client.get(response["Location"]).content.decode()
    assert "Die Karte springt beim Zoomen." in mailoutbox[0].body


def test_a_barrier_report_with_a_bad_address_says_so_and_stores_nothing(client):
    from geo_participation.core.models import BarrierReport

    response = client.post(reverse("page", args=["barrierefreiheit"]),
                           {"description": "Zu kleine Schrift", "contact_email": "kaputt@"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bitte prüfe deine Angaben" in html and 'href="#id_contact_email"' in html
    assert BarrierReport.objects.count() == 0


@pytest.mark.django_db
def test_only_moderators_see_the_link_to_the_moderation_queue(client, resident, moderator):
    client.force_login(resident)
    assert "/moderation/" not in client.get("/").content.decode()
    client.force_login(moderator)
    assert 'href="/moderation/"' in client.get("/").content.decode()
