"""Staff give projects, formats and categories an English text; English readers see it, German where there is none."""

import pytest
from django.test import Client
from django.utils import translation

from geo_participation.accounts import roles
from tests.factories import make_user
from tests.factories.mapping import make_map_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def module():
    module = make_map_module(title="Angsträume markieren", title_en="Mark places where you feel unsafe",
                             description="Wo fühlst du dich unsicher?", description_en="Where do you feel unsafe?")
    project = module.project
    project.title, project.title_en = "Sicher unterwegs", "Getting about safely"
    project.summary, project.summary_en = "Eine Karte der Angsträume.", ""  # no English summary: German is shown
    project.save()
    category = module.map_categories.first()
    category.name_en, category.description_en = "Poor lighting", "Too dark at night"
    category.save()
    return module


def english(url):
    return Client(HTTP_ACCEPT_LANGUAGE="en").get(url).content.decode()


def german(url):
    return Client(HTTP_ACCEPT_LANGUAGE="de").get(url).content.decode()


def test_english_readers_see_the_english_texts_and_german_where_there_are_none(module):
    page = english(module.get_absolute_url())
    assert "<h1>Mark places where you feel unsafe</h1>" in page and "Where do you feel unsafe?" in page
    assert "Getting about safely" in page and "Poor lighting" in page
    project_page = english(module.project.get_absolute_url())
    assert "Getting about safely" in project_page and "Eine Karte der Angsträume." in project_page
    assert "Mark places where you feel unsafe" in project_page


def test_german_readers_see_the_german_texts(module):
    page = german(module.get_absolute_url())
    assert "<h1>Angsträume markieren</h1>" in page and "Schlechte Beleuchtung" in page
    assert "Mark places" not in page and "Poor lighting" not in page


def test_the_api_and_the_form_speak_the_reader_s_language(module):
    settings_en = Client(HTTP_ACCEPT_LANGUAGE="en").get(f"/api/mapping/{module.slug}/").json()
    assert settings_en["title"] == "Mark places where you feel unsafe"
    assert settings_en["categories"][0]["name"] == "Poor lighting"
    assert Client(HTTP_ACCEPT_LANGUAGE="de").get(f"/api/mapping/{module.slug}/").json()["title"] == "Angsträume markieren"
    resident = make_user(language="en")
    client = Client()
    client.force_login(resident)
    form = client.get(f"{module.get_absolute_url()}beitraege/neu/").content.decode()
    assert "Poor lighting – Too dark at night" in form


def test_the_helper_falls_back_per_field(module):
    with translation.override("en"):
        assert module.project.i18n.title == "Getting about safely"
        assert module.project.i18n.summary == "Eine Karte der Angsträume."
    with translation.override("de"):
        assert module.i18n.title == "Angsträume markieren"


def test_staff_enter_the_english_texts_in_the_administration(module, client):
    client.force_login(make_user(role=roles.STAFF))
    for url, field in [(f"/verwaltung/projects/module/{module.pk}/change/", "title_en"),
                       (f"/verwaltung/projects/module/{module.pk}/change/", "name_en"),  # the categories inline
                       (f"/verwaltung/projects/project/{module.project.pk}/change/", "summary_en")]:
        html = client.get(url).content.decode()
        assert f'name="{field}"' in html or f'-{field}"' in html, url
    assert "Englisch" in client.get(f"/verwaltung/projects/module/{module.pk}/change/").content.decode()
