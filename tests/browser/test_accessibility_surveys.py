"""The survey pages, checked by axe-core like every other page type (see test_accessibility.py): the questionnaire
(also with its problems, and without an account), the thank-you page, the results with their charts and map, the
preview and the paper entry for staff, the list of surveys."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from geo_participation.accounts import roles
from geo_participation.core.moderation import ModerationStatus
from geo_participation.surveys.models import Answer
from geo_participation.surveys.services import response_submit
from tests.browser.test_accessibility import check, log_in
from tests.factories import make_user
from tests.factories.surveys import good_values, make_survey, point

pytestmark = pytest.mark.browser


@pytest.fixture
def survey(transactional_db):
    survey = make_survey(title="Wie soll der Vorplatz werden?", slug="vorplatz", allow_anonymous=True)
    for n in range(6):  # enough marks in one hexagon for the heatmap (k = 5)
        values = good_values(survey)
        values[survey.q["where"].pk] = [{"geometry": point((7.7700 + n * 0.0001, 49.4445)), "category": "Bäume"}]
        response_submit(survey=survey, values=values, respondent=make_user())
    Answer.objects.filter(question=survey.q["words"]).update(status=ModerationStatus.APPROVED)
    return survey


def test_the_questionnaire_is_accessible_also_with_its_problems(live_server, page, survey):
    base = live_server.url
    check(page, f"{base}/umfrage/vorplatz/", "survey page without an account", ready="[data-map-question] .place-map")
    log_in(page, live_server, make_user(username="anna"))

    def mark_and_send(page):
        page.locator("[data-map-question] .place-map").click()
        expect(page.locator(".mark-list li")).to_have_count(1)
        page.get_by_role("button", name="Antworten abschicken").click()
        expect(page.locator("#error-summary")).to_be_focused()
        expect(page.locator("[data-map-question] .place-map")).to_have_attribute("data-ready", "true")

    check(page, f"{base}/umfrage/vorplatz/", "questionnaire with its problems", before=mark_and_send)


def test_the_thank_you_page_and_the_results_are_accessible(live_server, page, survey):
    base = live_server.url
    anna = make_user(username="anna")
    response_submit(survey=survey, values=good_values(survey), respondent=anna)
    log_in(page, live_server, anna)
    check(page, f"{base}{reverse('surveys:thanks', args=['vorplatz'])}", "thank-you page with the summary")
    module = survey.module
    module.start, module.end = timezone.now() - timezone.timedelta(days=9), timezone.now() - timezone.timedelta(days=1)
    module.results_published_at = timezone.now()
    module.save()
    check(page, f"{base}{reverse('surveys:results', args=['vorplatz'])}", "published results with charts and heatmap",
          ready="#results-map")
    check(page, f"{base}{reverse('surveys-site:survey-list')}", "list of surveys")


@override_settings(SURVEYS_MIN_SECONDS=0)
def test_the_staff_pages_of_a_survey_are_accessible(live_server, page, survey):
    base = live_server.url
    log_in(page, live_server, make_user(username="vera", role=roles.STAFF))
    check(page, f"{base}{reverse('surveys:results', args=['vorplatz'])}?channel=online", "results for staff, filtered",
          ready="#results-map", widths=({"width": 1280, "height": 900},))

    def show_places(page):
        page.locator("#map-view").select_option("marks")
        expect(page.locator("#results-map-status")).to_contain_text("Markierungen als Orte gezeigt")

    check(page, f"{base}{reverse('surveys:results', args=['vorplatz'])}", "results with the places",
          ready="#results-map", before=show_places, widths=({"width": 375, "height": 740},))
    check(page, f"{base}{reverse('surveys:preview', args=['vorplatz'])}", "preview", ready="[data-map-question] .place-map")
    check(page, f"{base}{reverse('surveys:paper', args=['vorplatz'])}", "paper entry", ready="[data-map-question] .place-map",
          widths=({"width": 1280, "height": 900},))
