"""The survey's pages: the questionnaire as a form (every bad input a form error naming the question, 400), saving for
later, the thank-you page, answers without an account with their spam protection, the preview, the paper entry, the
results page and the list."""

import html
import re

import pytest
from django.contrib.gis.geos import Point
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from geo_participation.core.moderation import ModerationStatus
from geo_participation.surveys.forms import started_token
from geo_participation.surveys.models import Answer, Channel, Mark, Response
from geo_participation.surveys.services import response_submit
from maps.geo.models import GazetteerEntry
from tests.factories import make_user
from tests.factories.surveys import good_values, make_survey

from .test_services import BAD_INPUTS, K

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    return make_survey()


def form_data(survey, values: dict) -> dict:
    """What a browser sends for these values (the JavaScript map writes its marks as JSON)."""
    import json

    data = {"action": "submit"}
    for question_id, value in values.items():
        question = next(q for q in survey.q.values() if q.pk == question_id)
        name = f"q{question_id}"
        if question.kind == "ranking":
            for place, option in enumerate(value, start=1):
                data[f"{name}_{option}"] = str(place)
        elif question.kind == "map":
            data[name] = json.dumps(value)
        elif question.kind == "yes_no" and isinstance(value, bool):
            data[name] = "yes" if value else "no"
        elif value is not None:
            data[name] = [str(v) for v in value] if isinstance(value, list) else str(value)
    return data


def page(survey) -> str:
    return survey.module.get_absolute_url()


def text(response) -> str:
    """The page's text with its entities resolved, on one line."""
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def test_visitors_are_invited_to_log_in_and_residents_get_the_questionnaire(client, survey, resident):
    visitor = text(client.get(page(survey)))
    assert 'id="survey-form"' not in visitor and "melde dich an" in visitor.lower() or "anmelden" in visitor
    client.force_login(resident)
    form = text(client.get(page(survey)))
    assert 'id="survey-form"' in form and 'name="website"' not in form  # no spam trap for residents
    assert "Wie oft bist du auf dem Platz?" in form and "(Pflichtfrage)" in form
    assert "Nur wenn du Frage 7 mit „ja“ beantwortet hast." in form
    assert f'id="q{survey.q["where"].pk}-map"' in form and "Wähle für jede Markierung eine Kategorie." in form


def test_a_resident_answers_and_sees_a_thank_you_page_with_a_summary(client, survey, resident):
    client.force_login(resident)
    answer = client.post(page(survey), form_data(survey, good_values(survey)))
    assert answer.status_code == 302 and answer["Location"] == reverse("surveys:thanks", args=[survey.module.slug])
    response = Response.objects.get()
    assert response.respondent == resident and response.is_submitted and Answer.objects.count() == 11
    thanks = text(client.get(answer["Location"]))
    assert "Danke fürs Mitmachen!" in thanks
    assert "<dt>6. Was ist dir am wichtigsten?</dt><dd>1. Wasser; 2. Bäume</dd>" in thanks
    assert "<dt>10. Wo wünschst du dir was?</dt><dd>1 Markierung: Punkt (Bänke)</dd>" in thanks
    again = text(client.get(page(survey)))
    assert "Du hast diese Umfrage am" in again and 'id="survey-form"' not in again


@pytest.mark.parametrize("key, spoil, words", BAD_INPUTS, ids=[f"{k}-{i}" for i, (k, _s, _w) in enumerate(BAD_INPUTS)])
def test_every_bad_input_is_a_form_error_naming_the_question(client, survey, resident, key, spoil, words):
    client.force_login(resident)
    values = good_values(survey)
    values[survey.q[key].pk] = spoil(survey)
    data = form_data(survey, values)
    if survey.q[key].kind == "ranking" and len(set(values[survey.q[key].pk])) != len(values[survey.q[key].pk]):
        return  # a form cannot rank one answer twice (one select per answer)
    answer = client.post(page(survey), data)
    if words == "Bitte beantworte":
        assert answer.status_code == 302
        return
    assert answer.status_code == 400, answer.content[:300]
    body = text(answer)
    assert "<title>Fehler:" in body
    assert 'id="error-summary"' in body and words in body
    question = survey.q[key]
    assert f"{K[key]}: " in body
    assert f'id="id_q{question.pk}_error"' in body  # under the question too
    assert not Response.objects.filter(status="submitted").exists()


def test_what_was_entered_stays_after_an_error(client, survey, resident):
    client.force_login(resident)
    values = good_values(survey)
    values[survey.q["age"].pk] = 300
    body = text(client.post(page(survey), form_data(survey, values)))
    assert 'value="Theaterplatz"' in body and 'value="300"' in body
    assert f'id="id_q{survey.q["wishes"].pk}_{survey.o["wishes"]["Wasser"]}"' in body
    assert re.search(rf'name="q{survey.q["wishes"].pk}_{survey.o["wishes"]["Wasser"]}".*?<option value="1" selected>', body)
    assert "Bänke" in body and "7.77" in body  # the map's marks come back to the script


def test_two_answers_on_the_same_place_of_a_ranking_are_named(client, survey, resident):
    client.force_login(resident)
    data = form_data(survey, good_values(survey))
    name = f"q{survey.q['wishes'].pk}"
    for key in [k for k in data if k.startswith(name + "_")]:
        data[key] = "1"
    body = text(client.post(page(survey), data))
    assert "Jeder Platz kann nur einmal vergeben werden" in body and K["wishes"] in body


def test_a_point_without_the_map_by_coordinates_or_by_address(client, survey, resident):
    GazetteerEntry.objects.create(kind="square", name="Stiftsplatz", search_text="stiftsplatz", source_key="t:1",
                                  source="t", geometry=Point(7.7700, 49.4445, srid=4326), point=Point(7.7700, 49.4445, srid=4326))
    client.force_login(resident)
    name = f"q{survey.q['where'].pk}"
    data = form_data(survey, {k: v for k, v in good_values(survey).items() if k != survey.q["where"].pk})
    data.update({f"{name}_lat": "49,4445", f"{name}_lon": "7,7702", f"{name}_category": "Bäume"})
    assert client.post(page(survey), data).status_code == 302
    mark = Mark.objects.get()
    assert (round(mark.geometry.x, 4), round(mark.geometry.y, 4), mark.category) == (7.7702, 49.4445, "Bäume")
    other = make_user()
    client.force_login(other)
    data = {k: v for k, v in data.items() if not k.startswith(f"{name}_")}
    data.update({f"{name}_place": "stiftspl", f"{name}_category": "Bänke"})
    assert client.post(page(survey), data).status_code == 302
    assert Mark.objects.filter(response__respondent=other, category="Bänke").exists()
    client.force_login(make_user())
    data[f"{name}_place"] = "Atlantis"
    body = text(client.post(page(survey), data))
    assert "Wir haben keine Straße und keinen Ort „Atlantis“ gefunden" in body


def test_saving_for_later_keeps_the_answers_as_entered_and_fills_the_form_again(client, survey, resident):
    client.force_login(resident)
    data = form_data(survey, {survey.q["age"].pk: "vierzig", survey.q["name"].pk: "Theaterplatz"})
    data["action"] = "draft"
    answer = client.post(page(survey), data)
    assert answer.status_code == 302 and answer["Location"].endswith("#fragebogen")
    response = Response.objects.get()
    assert response.status == "draft" and not Answer.objects.exists()
    body = text(client.get(page(survey)))
    assert "Du hast deine Antworten am" in body and 'value="vierzig"' in body and 'value="Theaterplatz"' in body
    assert client.post(page(survey), form_data(survey, good_values(survey))).status_code == 302
    assert Response.objects.get().pk == response.pk and Response.objects.get().is_submitted


@pytest.fixture
def open_to_all():
    return make_survey(allow_anonymous=True)


@override_settings(SURVEYS_MIN_SECONDS=0)
def test_answers_without_an_account_where_staff_allow_them(client, open_to_all):
    body = text(client.get(page(open_to_all)))
    assert 'name="website"' in body and 'name="started"' in body and 'value="draft"' not in body
    data = {**form_data(open_to_all, good_values(open_to_all)), "started": started_token(open_to_all), "website": ""}
    answer = client.post(page(open_to_all), data)
    assert answer.status_code == 302
    assert Response.objects.get().respondent is None
    thanks = text(client.get(answer["Location"]))  # the summary of one's own answers, by the session
    assert "Theaterplatz" in thanks
    assert client.get(answer["Location"], HTTP_COOKIE="").status_code in (200, 404)


@override_settings(SURVEYS_MIN_SECONDS=0)
def test_the_honeypot_and_a_forged_or_missing_time_are_refused(client, open_to_all):
    data = {**form_data(open_to_all, good_values(open_to_all)), "started": started_token(open_to_all), "website": "spam.example"}
    refused = client.post(page(open_to_all), data)
    assert refused.status_code == 400 and "Bitte lass das Feld „Website“ leer." in text(refused)
    for started in ("", "forged"):
        refused = client.post(page(open_to_all), {**data, "website": "", "started": started})
        assert refused.status_code == 400 and "Das Formular ist abgelaufen" in text(refused)
    assert not Response.objects.exists()


def test_a_questionnaire_sent_within_seconds_is_refused(client, open_to_all):
    data = {**form_data(open_to_all, good_values(open_to_all)), "started": started_token(open_to_all), "website": ""}
    refused = client.post(page(open_to_all), data)
    assert refused.status_code == 400 and "Das ging sehr schnell" in text(refused)
    assert not Response.objects.exists()


@override_settings(SURVEYS_MIN_SECONDS=0, RATELIMIT_ENABLE=True)
def test_answers_without_an_account_are_limited_per_hour(client, open_to_all):
    from django.core.cache import cache

    cache.clear()
    data = {**form_data(open_to_all, good_values(open_to_all)), "started": started_token(open_to_all), "website": ""}
    statuses = [client.post(page(open_to_all), data).status_code for _ in range(11)]
    assert statuses == [302] * 10 + [429]
    assert Response.objects.count() == 10
    cache.clear()


def test_the_preview_shows_the_questionnaire_to_staff_and_saves_nothing(client, staff, resident):
    survey = make_survey(state="upcoming")
    url = reverse("surveys:preview", args=[survey.module.slug])
    client.force_login(resident)
    assert client.get(url).status_code == 403
    client.force_login(staff)
    body = text(client.get(url))
    assert "Vorschau" in body and 'id="survey-form"' in body and f'action="{url}"' in body
    checked = client.post(url, form_data(survey, good_values(survey)))
    assert checked.status_code == 200 and "Diese Antworten halten jede Regel der Umfrage ein" in text(checked)
    values = good_values(survey)
    values[survey.q["often"].pk] = None
    assert client.post(url, form_data(survey, values)).status_code == 400
    assert not Response.objects.exists()


def test_staff_enter_paper_questionnaires_counted_like_online_answers(client, staff, resident):
    survey = make_survey(state="closed")
    url = reverse("surveys:paper", args=[survey.module.slug])
    client.force_login(resident)
    assert client.get(url).status_code == 403
    client.force_login(staff)
    assert "Bisher 0 Papierfragebögen erfasst" in text(client.get(url))
    answer = client.post(url, form_data(survey, good_values(survey)))
    assert answer.status_code == 302
    response = Response.objects.get()
    assert (response.channel, response.entered_by, response.respondent) == (Channel.PAPER, staff, None)
    values = good_values(survey)
    values[survey.q["comfort"].pk] = 0
    bad = client.post(url, form_data(survey, values))
    assert bad.status_code == 400 and "Bitte wähle eine ganze Zahl von 1 bis 5." in text(bad)


@pytest.fixture
def answered(survey):
    for n in range(3):
        values = good_values(survey)
        values[survey.q["words"].pk] = f"Mehr Schatten {n}"
        response_submit(survey=survey, values=values, respondent=make_user())
    first = Answer.objects.filter(question=survey.q["words"]).order_by("pk").first()
    Answer.objects.filter(pk=first.pk).update(status=ModerationStatus.APPROVED)
    return survey


def test_results_for_planners_and_staff_until_published(client, answered, planner, resident):
    url = reverse("surveys:results", args=[answered.module.slug])
    assert client.get(url).status_code == 302  # visitors: to the login
    client.force_login(resident)
    assert client.get(url).status_code == 403
    client.force_login(planner)
    body = text(client.get(url))
    assert "Vorläufig" in body or "Die Umfrage läuft noch" in body
    assert "3 Antworten: 3 online und 0 auf Papier." in body
    assert "Mehr Schatten 0" in body and "Mehr Schatten 1" not in body  # free texts once published
    assert "2 Antworten warten auf die Moderation." in body
    assert "export.csv" in body and "kartenantworten" in body
    assert '<canvas data-chart="q%d"' % answered.q["comfort"].pk in body


def test_published_results_are_for_everyone_without_the_exports(client, answered):
    module = answered.module
    module.start, module.end = timezone.now() - timezone.timedelta(days=9), timezone.now() - timezone.timedelta(days=1)
    module.results_published_at = timezone.now()
    module.save()
    body = text(client.get(reverse("surveys:results", args=[module.slug])))
    assert "3 Antworten" in body and "export.csv" not in body and '"marksUrl": null' in body
    assert "warten auf die Moderation" not in body


def test_the_results_are_filtered_by_an_answer_and_by_channel(client, answered, planner):
    client.force_login(planner)
    url = reverse("surveys:results", args=[answered.module.slug])
    body = text(client.get(url, {"answer": f"{answered.q['often'].pk}:{answered.o['often']['selten']}"}))
    assert "0 Antworten" in body and "Nur Antworten, bei denen Frage 1 mit „selten“ beantwortet wurde." in body
    body = text(client.get(url, {"answer": "kaputt", "channel": "fax"}))
    assert "Bitte filtere nach einer Frage" in body and "3 Antworten" in body


def test_staff_publish_the_results_of_an_ended_survey(client, staff):
    survey = make_survey(state="closed")
    client.force_login(staff)
    results = reverse("surveys:results", args=[survey.module.slug])
    assert "Ergebnisse veröffentlichen" in text(client.get(results))
    answer = client.post(reverse("surveys:results-publish", args=[survey.module.slug]))
    assert answer.status_code == 302
    survey.module.refresh_from_db()
    assert survey.module.results_published


def test_the_list_of_surveys(client):
    running = make_survey(title="Vorplatz am Theater")
    make_survey(title="Geheime Umfrage", is_draft=True)
    body = text(client.get(reverse("surveys-site:survey-list")))
    assert "Vorplatz am Theater" in body and "Geheime Umfrage" not in body
    assert running.module.get_absolute_url() in body and "Laufen gerade" in body


def test_free_texts_wait_in_the_moderators_queue_without_a_name_and_are_shown_once_approved(client, survey, moderator):
    response_submit(survey=survey, values=good_values(survey), respondent=make_user(username="verraet_nichts"))
    client.force_login(moderator)
    queue = text(client.get("/moderation/"))
    assert "Antworten in eigenen Worten aus Umfragen" in queue and "Schatten und Bänke" in queue
    assert "verraet_nichts" not in queue
    # Nobody hears of a decision on an anonymous answer, so the queue does not promise that its author sees it.
    assert "eine anonyme Antwort hat niemanden, der ihn erfährt" in queue and "Verfasser sieht ihn" not in queue
    answer = Answer.objects.get(question=survey.q["words"])
    assert client.post("/moderation/", {"item": f"surveys.answer:{answer.pk}", "decision": "approve"}).status_code == 302
    answer.refresh_from_db()
    assert answer.status == ModerationStatus.APPROVED
    client.force_login(make_user(role="Planung"))
    assert "Schatten und Bänke" in text(client.get(reverse("surveys:results", args=[survey.module.slug])))
