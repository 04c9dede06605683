"""Staff build surveys in the administration: settings on the module's page, sections and questions on the
survey's page, each question's details, answers and condition (from earlier questions only) on its own page."""

import re

import pytest
from django.utils import timezone

from geo_participation.projects.models import Module
from geo_participation.surveys.admin import QuestionForm
from geo_participation.surveys.models import Question, Section, Survey
from geo_participation.surveys.services import response_submit
from tests.factories import make_project, make_user
from tests.factories.surveys import good_values, make_survey

pytestmark = pytest.mark.django_db


def test_a_new_survey_format_gets_its_settings_and_a_first_section(client, staff):
    project = make_project()
    client.force_login(staff)
    now = timezone.localtime()
    data = {"project": project.pk, "format_key": "surveys", "title": "Wie soll der Platz werden?", "slug": "platz",
            "description": "", "weight": 0, "start_0": now.strftime("%d.%m.%Y"), "start_1": "08:00:00",
            "end_0": (now + timezone.timedelta(days=30)).strftime("%d.%m.%Y"), "end_1": "18:00:00",
            "results_summary": "", "survey-TOTAL_FORMS": 1, "survey-INITIAL_FORMS": 0, "survey-MIN_NUM_FORMS": 1,
            "survey-MAX_NUM_FORMS": 1, "survey-0-intro": "Fünf Minuten.", "survey-0-outro": "", "survey-0-allow_anonymous": "on"}
    added = client.get("/verwaltung/projects/module/add/")
    assert added.status_code == 200
    # The inline appears once the type is known: the module is saved first, then its survey settings.
    response = client.post("/verwaltung/projects/module/add/", {k: v for k, v in data.items() if not k.startswith("survey")})
    assert response.status_code == 302, re.findall(r'class="errorlist[^>]*>(.*?)</ul>', response.content.decode())
    module = Module.objects.get(slug="platz")
    page = client.get(f"/verwaltung/projects/module/{module.pk}/change/").content.decode()
    assert "Einstellungen der Umfrage" in page
    change = {**data, "_continue": "1"}
    response = client.post(f"/verwaltung/projects/module/{module.pk}/change/", change)
    assert response.status_code == 302, re.findall(r'errorlist[^>]*>(.*?)</ul>', response.content.decode())
    survey = Survey.objects.get(module=module)
    assert survey.allow_anonymous and [s.title for s in survey.sections.all()] == ["Fragen"]


def test_the_survey_page_lists_sections_questions_the_check_and_the_preview(client, staff):
    survey = make_survey()
    client.force_login(staff)
    page = client.get(f"/verwaltung/surveys/survey/{survey.pk}/change/").content.decode()
    assert "Wie oft bist du auf dem Platz?" in page and "Teil 1" in page
    assert "Jede Frage lässt sich so beantworten, wie sie eingerichtet ist." in page
    assert f"/umfrage/{survey.module.slug}/vorschau/" in page
    question = client.get(f"/verwaltung/surveys/question/{survey.q['play'].pk}/change/").content.decode()
    assert "Gehst du ins Theater?" in question and "– diese Frage immer stellen –" in question


def test_a_condition_is_chosen_from_the_answers_of_earlier_questions_only():
    survey = make_survey()
    play, theatre, age = survey.q["play"], survey.q["theatre"], survey.q["age"]
    form = QuestionForm(instance=play)
    keys = [key for _group, choices in form.fields["condition"].choices[1:] for key, _words in choices]
    assert f"{theatre.pk}:yes" in keys and f"{survey.q['often'].pk}:{survey.o['often']['selten']}" in keys
    assert not [k for k in keys if k.startswith(f"{age.pk}:")]  # a number cannot be compared with a value
    early = QuestionForm(instance=survey.q["uses"])  # question 2: only question 1 comes before it
    assert [group for group, _choices in early.fields["condition"].choices[1:]] == ["1. Wie oft bist du auf dem Platz?"]
    data = {"section": play.section_id, "weight": play.weight, "kind": "single", "text": play.text, "help_text": "",
            "condition": f"{theatre.pk}:no"}
    form = QuestionForm(data, instance=play)
    assert form.is_valid(), form.errors
    form.save()
    play.refresh_from_db()
    assert (play.condition_question_id, play.condition_value) == (theatre.pk, "no")
    later = QuestionForm({**data, "condition": f"{play.pk}:1"}, instance=survey.q["often"])
    assert not later.is_valid() and "condition" in later.errors


def test_limits_that_cannot_be_met_are_refused():
    survey = make_survey()
    comfort = survey.q["comfort"]
    data = {"section": comfort.section_id, "weight": 0, "kind": "scale", "text": "Wohl?", "min_value": "5", "max_value": "1"}
    form = QuestionForm(data, instance=comfort)
    assert not form.is_valid()
    assert "Der kleinste Wert darf nicht größer als der größte sein." in str(form.errors)
    uses = survey.q["uses"]
    form = QuestionForm({"section": uses.section_id, "weight": 1, "kind": "multiple", "text": "Wofür?", "min_choices": 3,
                         "max_choices": 2}, instance=uses)
    assert not form.is_valid() and "„Mindestens“ darf nicht größer als „höchstens“ sein." in str(form.errors)
    where = survey.q["where"]
    form = QuestionForm({"section": where.section_id, "weight": 1, "kind": "map", "text": "Wo?"}, instance=where)
    assert not form.is_valid() and "Bitte wähle, was Bürger:innen auf der Karte markieren" in str(form.errors)


def test_a_choice_question_needs_two_answers_on_its_page(client, staff):
    survey = make_survey()
    question = survey.q["often"]
    client.force_login(staff)
    options = list(question.options.all())
    data = {"section": question.section_id, "weight": 0, "kind": "single", "text": question.text, "help_text": "",
            "required": "on", "condition": "", "options-TOTAL_FORMS": 3, "options-INITIAL_FORMS": 3,
            "options-MIN_NUM_FORMS": 0, "options-MAX_NUM_FORMS": 1000}
    for n, option in enumerate(options):
        data.update({f"options-{n}-id": option.pk, f"options-{n}-question": question.pk, f"options-{n}-text": option.text,
                     f"options-{n}-weight": n, **({f"options-{n}-DELETE": "on"} if n else {})})
    response = client.post(f"/verwaltung/surveys/question/{question.pk}/change/", data)
    assert response.status_code == 200
    assert "Eine Frage mit Antworten zur Auswahl braucht mindestens zwei davon." in response.content.decode()
    assert question.options.count() == 3


def test_a_question_with_answers_cannot_be_deleted_alone(client):
    survey = make_survey()
    response_submit(survey=survey, values=good_values(survey), respondent=make_user())
    superuser = make_user(is_superuser=True, is_staff=True)
    client.force_login(superuser)
    page = client.get(f"/verwaltung/surveys/question/{survey.q['age'].pk}/delete/").content.decode()
    assert "Antworten in eigenen Worten" in page or "geschützt" in page.lower() or "protected" in page.lower()
    client.post(f"/verwaltung/surveys/question/{survey.q['age'].pk}/delete/", {"post": "yes"})
    assert Question.objects.filter(pk=survey.q["age"].pk).exists()


def test_free_text_answers_in_the_admin_show_no_person(client, moderator):
    survey = make_survey()
    respondent = make_user(username="sehr_geheim")
    response_submit(survey=survey, values=good_values(survey), respondent=respondent)
    client.force_login(moderator)
    page = client.get("/verwaltung/surveys/answer/").content.decode()
    assert "Schatten und Bänke" in page and "Theaterplatz" in page and "sehr_geheim" not in page
    assert "Wie oft bist du" not in page  # only answers in own words
    assert Section.objects.filter(survey=survey).exists()
