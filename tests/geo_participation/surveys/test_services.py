"""Answering a survey: what is stored, and every bad input of issue 12 refused with the question named, in German."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from geo_participation.accounts.services import user_delete
from geo_participation.core.moderation import ModerationStatus
from geo_participation.surveys.models import Answer, Channel, Choice, Mark, Response
from geo_participation.surveys.services import response_save_draft, response_submit, survey_results_publish
from maps.planning.models import HeatCell
from tests.factories import make_user
from tests.factories.surveys import OUTSIDE, good_values, make_survey, point

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    return make_survey()


def refusal(survey, values, keep=False, **kwargs) -> dict:
    with pytest.raises(ValidationError) as caught:
        response_submit(survey=survey, values=values, **kwargs)
    assert keep or not Response.objects.filter(status=Response.Status.SUBMITTED, survey=survey).exists()
    return caught.value.message_dict


def test_a_response_is_stored_in_typed_columns_with_its_choices_ranks_and_marks(survey, resident):
    q, o = survey.q, survey.o
    response = response_submit(survey=survey, values=good_values(survey), respondent=resident)
    assert response.status == Response.Status.SUBMITTED and response.channel == Channel.ONLINE
    answers = {a.question_id: a for a in Answer.objects.filter(response=response)}
    assert len(answers) == 11
    assert answers[q["comfort"].pk].number == 4 and answers[q["age"].pk].number == Decimal(42)
    assert answers[q["theatre"].pk].boolean is True
    assert answers[q["when"].pk].date == dt.date(2025, 5, 1)
    assert answers[q["name"].pk].text == "Theaterplatz"
    ranked = list(Choice.objects.filter(answer=answers[q["wishes"].pk]).order_by("position").values_list("option_id", "position"))
    assert ranked == [(o["wishes"]["Wasser"], 1), (o["wishes"]["Bäume"], 2)]
    assert set(Choice.objects.filter(answer=answers[q["uses"].pk]).values_list("option_id", flat=True)) == {
        o["uses"]["Pause"], o["uses"]["Treffen"]}
    mark = Mark.objects.get()
    assert (mark.category, mark.question_id, mark.module_id, mark.response_id) == ("Bänke", q["where"].pk, survey.pk, response.pk)
    assert mark.geometry.geom_type == "Point" and mark.geometry.srid == 4326
    # Free text waits for the moderators; everything else counts at once.
    assert answers[q["words"].pk].status == answers[q["name"].pk].status == ModerationStatus.PENDING
    assert answers[q["often"].pk].status == ModerationStatus.APPROVED


def test_strings_as_a_form_sends_them_are_read_too(survey, resident):
    q, o = survey.q, survey.o
    values = {str(k): v for k, v in good_values(survey).items()}
    values.update({str(q["often"].pk): str(o["often"]["selten"]), str(q["age"].pk): "42,5", str(q["comfort"].pk): "2",
                   str(q["theatre"].pk): "yes", str(q["when"].pk): "24.12.2024"})
    response = response_submit(survey=survey, values=values, respondent=resident)
    answers = {a.question_id: a for a in response.answers.all()}
    assert answers[q["age"].pk].number == Decimal("42.5") and answers[q["when"].pk].date == dt.date(2024, 12, 24)


K = {"often": "Frage 1 („Wie oft bist du auf dem Platz?“)", "uses": "Frage 2 („Wofür nutzt du ihn?“)",
     "comfort": "Frage 5 („Wie wohl fühlst du dich?“)", "wishes": "Frage 6 („Was ist dir am wichtigsten?“)",
     "theatre": "Frage 7 („Gehst du ins Theater?“)", "age": "Frage 8 („Wie alt bist du?“)",
     "when": "Frage 9 („Wann warst du zuletzt dort?“)", "where": "Frage 10 („Wo wünschst du dir was?“)",
     "play": "Frage 11 („Welches Stück zuletzt?“)", "name": "Frage 3 („Wie würdest du den Platz nennen?“)"}

# Every bad input of issue 12: (question key, how to spoil the good response, the German words of the problem)
BAD_INPUTS = [
    ("often", lambda s: None, "Bitte beantworte diese Frage; sie ist eine Pflichtfrage."),  # a missing required answer
    ("often", lambda s: 99999, "„99999“ ist keine der Antworten dieser Frage."),  # an unknown option
    ("uses", lambda s: [s.o["uses"]["Pause"], 99999], "„99999“ ist keine der Antworten dieser Frage."),
    ("uses", lambda s: list(s.o["uses"].values()), "Bitte wähle höchstens 2 Antworten."),  # too many choices
    ("uses", lambda s: [s.o["uses"]["Pause"]] * 2, "Jede Antwort kann nur einmal gewählt werden."),
    ("wishes", lambda s: list(s.o["wishes"].values()), "Bitte ordne höchstens 2 Antworten ein."),
    ("comfort", lambda s: 6, "Bitte wähle eine ganze Zahl von 1 bis 5."),  # a rating out of range
    ("comfort", lambda s: 2.5, "Bitte wähle eine ganze Zahl von 1 bis 5."),
    ("age", lambda s: 130, "Bitte gib eine Zahl von 0 bis 120 an."),  # a number out of range
    ("age", lambda s: "zweiundvierzig", "„zweiundvierzig“ ist keine Zahl."),
    ("when", lambda s: "2025-13-01", "„2025-13-01“ ist kein gültiges Datum."),  # a malformed date
    ("when", lambda s: "gestern", "„gestern“ ist kein gültiges Datum."),
    ("theatre", lambda s: "vielleicht", "Bitte antworte mit Ja oder Nein."),
    ("where", lambda s: [{"geometry": point(OUTSIDE), "category": "Bänke"}],  # outside the area
     "Markierung 1 liegt außerhalb des Gebiets dieser Umfrage."),
    ("where", lambda s: [{"geometry": {"type": "LineString", "coordinates": [[7.768, 49.444], [7.769, 49.444]]},
                          "category": "Bänke"}], "Markierung 1: Das ist eine Linie; bitte setze hier Punkte."),  # the wrong kind
    ("where", lambda s: [{"geometry": point(), "category": "Bänke"}] * 3, "Bitte setze höchstens 2 Markierungen."),
    ("where", lambda s: [], "Bitte beantworte"),  # too few: not answered (it is optional: see below)
    ("where", lambda s: [{"geometry": point(), "category": "Brunnen"}], "„Brunnen“ ist keine Kategorie dieser Frage"),
    ("where", lambda s: [{"geometry": point()}], "Bitte wähle eine Kategorie für Markierung 1."),
    ("where", lambda s: [{"geometry": {"type": "Point", "coordinates": [49.4445, 7.77]}, "category": "Bänke"}],
     "Markierung 1 liegt außerhalb des Gebiets dieser Umfrage. Hast du Breiten- und Längengrad vertauscht?"),
    ("name", lambda s: "x" * 201, "Bitte schreib höchstens 200 Zeichen (du hast 201 geschrieben)."),
]


@pytest.mark.parametrize("key, spoil, words", BAD_INPUTS, ids=[f"{k}-{i}" for i, (k, _s, _w) in enumerate(BAD_INPUTS)])
def test_every_bad_input_names_the_question_in_german(survey, resident, key, spoil, words):
    values = good_values(survey)
    values[survey.q[key].pk] = spoil(survey)
    if words == "Bitte beantworte":  # an optional map question left empty is fine: then it simply is not answered
        response_submit(survey=survey, values=values, respondent=resident)
        return
    errors = refusal(survey, values, respondent=resident)
    message = errors[f"q{survey.q[key].pk}"][0]
    assert message.startswith(K[key] + ": "), message
    assert words in message, message
    assert not Answer.objects.exists() and not Mark.objects.exists()


def test_too_few_choices_and_marks_are_refused(resident):
    survey = make_survey(questions=[
        {"key": "uses", "kind": "multiple", "text": "Wofür?", "min_choices": 2, "options": ["a", "b", "c"]},
        {"key": "where", "kind": "map", "text": "Wo?", "geometry_kind": "point", "min_choices": 2, "max_choices": 3}])
    errors = refusal(survey, {survey.q["uses"].pk: [survey.o["uses"]["a"]],
                              survey.q["where"].pk: [{"geometry": point()}]}, respondent=resident)
    assert errors[f"q{survey.q['uses'].pk}"] == ["Frage 1 („Wofür?“): Bitte wähle mindestens 2 Antworten."]
    assert errors[f"q{survey.q['where'].pk}"] == ["Frage 2 („Wo?“): Bitte setze mindestens 2 Markierungen (Punkte)."]


def test_an_answer_to_a_question_hidden_by_its_condition_is_refused(survey, resident):
    values = good_values(survey)
    values[survey.q["theatre"].pk] = False  # question 11 is asked only if 7 is "yes"
    errors = refusal(survey, values, respondent=resident)
    assert errors[f"q{survey.q['play'].pk}"] == [
        f"{K['play']}: Diese Frage wird nur in einem anderen Fall gestellt (Nur wenn du Frage 7 mit „ja“ "
        "beantwortet hast) und muss hier leer bleiben."]
    del values[survey.q["play"].pk]
    assert response_submit(survey=survey, values=values, respondent=resident).is_submitted


def test_a_required_question_hidden_by_its_condition_is_not_required(resident):
    survey = make_survey(questions=[
        {"key": "car", "kind": "yes_no", "text": "Hast du ein Auto?", "required": True},
        {"key": "park", "kind": "single", "text": "Wo parkst du?", "required": True, "options": ["Straße", "Garage"],
         "condition": ("car", "yes")}])
    response_submit(survey=survey, values={survey.q["car"].pk: False}, respondent=resident)
    errors = refusal(survey, {survey.q["car"].pk: True}, respondent=make_user(), keep=True)
    assert errors == {f"q{survey.q['park'].pk}": ["Frage 2 („Wo parkst du?“): Bitte beantworte diese Frage; sie ist eine "
                                                  "Pflichtfrage."]}


def test_every_problem_of_a_response_is_named_at_once(survey, resident):
    values = good_values(survey)
    values.update({survey.q["comfort"].pk: 9, survey.q["age"].pk: -1, 999999: "?"})
    del values[survey.q["often"].pk]
    errors = refusal(survey, values, respondent=resident)
    assert set(errors) == {f"q{survey.q[k].pk}" for k in ("often", "comfort", "age")} | {"answers"}
    assert errors["answers"] == ["In dieser Umfrage gibt es keine Frage 999999."]


def test_a_second_submission_is_refused_and_the_first_stays(survey, resident):
    first = response_submit(survey=survey, values=good_values(survey), respondent=resident)
    errors = refusal(survey, good_values(survey), respondent=resident, keep=True)
    assert errors == {"survey": ["Du hast diese Umfrage schon beantwortet. Danke!"]}
    assert list(Response.objects.values_list("pk", flat=True)) == [first.pk]
    assert Answer.objects.filter(response=first).count() == 11


def test_a_draft_keeps_anything_and_becomes_the_response(survey, resident):
    q = survey.q
    draft = response_save_draft(survey=survey, values={q["age"].pk: "viele", q["name"].pk: "Platz"}, respondent=resident)
    assert draft.status == Response.Status.DRAFT and draft.draft == {str(q["age"].pk): "viele", str(q["name"].pk): "Platz"}
    assert not Answer.objects.exists()  # nothing counts until it is sent
    again = response_save_draft(survey=survey, values={q["age"].pk: 30}, respondent=resident)
    assert again.pk == draft.pk and again.draft == {str(q["age"].pk): 30}
    sent = response_submit(survey=survey, values=good_values(survey), respondent=resident)
    assert sent.pk == draft.pk and sent.draft == {} and sent.is_submitted
    with pytest.raises(ValidationError, match="schon beantwortet"):
        response_save_draft(survey=survey, values={q["age"].pk: 31}, respondent=resident)


def test_a_draft_of_another_survey_s_question_is_refused(survey, resident):
    other = make_survey()
    with pytest.raises(ValidationError) as caught:
        response_save_draft(survey=survey, values={other.q["age"].pk: 3}, respondent=resident)
    assert caught.value.message_dict == {"answers": [f"In dieser Umfrage gibt es keine Frage {other.q['age'].pk}."]}


def test_answers_without_an_account_only_where_staff_allow_them(survey):
    assert refusal(survey, good_values(survey)) == {"survey": ["Bitte melde dich an, um diese Umfrage zu beantworten."]}
    survey.allow_anonymous = True
    survey.save()
    first = response_submit(survey=survey, values=good_values(survey))
    second = response_submit(survey=survey, values=good_values(survey))
    assert first.respondent is None and second.respondent is None and Response.objects.count() == 2


@pytest.mark.parametrize("state, words", [("upcoming", "noch nicht begonnen"), ("closed", "ist beendet")])
def test_online_answers_only_while_the_survey_is_open(resident, state, words):
    survey = make_survey(state=state)
    errors = refusal(survey, good_values(survey), respondent=resident)
    assert words in errors["survey"][0]


def test_paper_questionnaires_count_like_online_answers_and_keep_who_entered_them(staff, resident):
    survey = make_survey(state="closed")  # paper comes in after the end, too
    response = response_submit(survey=survey, values=good_values(survey), channel=Channel.PAPER, entered_by=staff,
                               respondent=resident)
    assert (response.channel, response.entered_by, response.respondent) == (Channel.PAPER, staff, None)
    assert Answer.objects.filter(response=response).count() == 11
    assert response_submit(survey=survey, values=good_values(survey), channel=Channel.PAPER, entered_by=staff).is_submitted
    survey_results_publish(survey=survey)
    errors = refusal(survey, good_values(survey), channel=Channel.PAPER, entered_by=staff, keep=True)
    assert errors == {"survey": ["Die Ergebnisse dieser Umfrage sind veröffentlicht; Papierfragebögen können nicht "
                                 "mehr erfasst werden."]}


def test_results_are_published_once_the_survey_has_ended():
    running = make_survey()
    with pytest.raises(ValidationError, match="sobald die Umfrage beendet ist"):
        survey_results_publish(survey=running)
    ended = make_survey(state="closed")
    survey_results_publish(survey=ended)
    ended.module.refresh_from_db()
    assert ended.module.results_published
    with pytest.raises(ValidationError, match="schon veröffentlicht"):
        survey_results_publish(survey=ended)


def test_deleting_an_account_keeps_the_answers_without_the_person(survey, resident):
    response = response_submit(survey=survey, values=good_values(survey), respondent=resident)
    user_delete(user=resident)
    response.refresh_from_db()
    assert response.respondent is None and response.is_submitted
    assert Answer.objects.filter(response=response).count() == 11 and Mark.objects.filter(response=response).exists()


def test_marks_are_counted_for_the_heatmap_by_the_database(survey, resident):
    response_submit(survey=survey, values=good_values(survey), respondent=resident)
    cells = HeatCell.objects.filter(source=3, scope=survey.pk, facet=survey.q["where"].pk, size=100)
    assert [(c.count, c.status) for c in cells] == [(1, "approved")]


def test_a_survey_with_responses_can_be_deleted_with_its_module(survey, resident):
    response_submit(survey=survey, values=good_values(survey), respondent=resident)
    survey.module.delete()
    assert not Response.objects.exists() and not Mark.objects.exists()
    assert sum(HeatCell.objects.filter(source=3).values_list("count", flat=True)) == 0


def test_a_response_s_time_is_its_own(survey, resident):
    now = timezone.now()
    response = response_submit(survey=survey, values=good_values(survey), respondent=resident, now=now)
    assert response.submitted_at == now and Mark.objects.get().created_at == now
