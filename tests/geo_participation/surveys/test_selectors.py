"""Reads of surveys: a worked example of the results, the personal data of "download my data", and the query
count of the results (one per kind of value, whatever the number of questions)."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from geo_participation.accounts.services import personal_data_export
from geo_participation.surveys.models import Channel
from geo_participation.surveys.selectors import (ResultFilters, filters_from_query, number_bins, response_summary,
                                                 survey_results)
from geo_participation.surveys.services import response_save_draft, response_submit
from geo_participation.surveys.structure import survey_problems, survey_structure
from tests.factories import make_user
from tests.factories.surveys import good_values, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    return make_survey()


def test_a_worked_example_of_the_results(survey, staff):
    q, o = survey.q, survey.o
    for often, comfort, age, channel in [("täglich", 5, 20, "online"), ("täglich", 4, 30, "online"),
                                         ("selten", 2, 61, "paper"), ("wöchentlich", 4, 35, "online")]:
        values = good_values(survey)
        values.update({q["often"].pk: o["often"][often], q["comfort"].pk: comfort, q["age"].pk: age})
        if channel == "paper":
            values[q["theatre"].pk] = False
            del values[q["play"].pk], values[q["wishes"].pk]
        response_submit(survey=survey, values=values, channel=channel,
                        **({"entered_by": staff} if channel == "paper" else {"respondent": make_user()}))
    structure = survey_structure(survey)
    results = survey_results(structure)
    by = {r.question.pk: r for r in results.questions}
    assert (results.total, results.online, results.paper) == (4, 3, 1)
    assert [(r.label, r.count, r.percent) for r in by[q["often"].pk].rows] == [("täglich", 2, 50.0), ("wöchentlich", 1, 25.0),
                                                                             ("selten", 1, 25.0)]
    comfort = by[q["comfort"].pk]
    assert comfort.mean == 3.75 and comfort.median == 4.0 and (comfort.minimum, comfort.maximum) == (2, 5)
    assert by[q["age"].pk].median == 32.5 and by[q["age"].pk].mean == 36.5
    assert [r.count for r in by[q["theatre"].pk].rows] == [3, 1]
    assert by[q["play"].pk].answered == 3 and by[q["wishes"].pk].answered == 3
    wishes = by[q["wishes"].pk].rows
    assert [(r.label, r.count, r.mean_position, r.firsts) for r in wishes] == [("Wasser", 3, 1.0, 3), ("Bäume", 3, 2.0, 0),
                                                                              ("Bänke", 0, None, 0)]
    assert [(r.label, r.count, r.percent) for r in by[q["where"].pk].rows] == [("Bänke", 4, 100.0), ("Bäume", 0, 0.0)]
    paper = survey_results(structure, ResultFilters(channel=Channel.PAPER))
    assert paper.total == 1 and [r.count for r in paper.questions[0].rows] == [0, 0, 1]
    daily = filters_from_query({"answer": f"{q['often'].pk}:{o['often']['täglich']}"}, structure)
    assert survey_results(structure, daily).total == 2


def test_the_results_take_a_fixed_number_of_queries(survey):
    for _ in range(3):
        response_submit(survey=survey, values=good_values(survey), respondent=make_user())
    structure = survey_structure(survey)
    with CaptureQueriesContext(connection) as queries:
        survey_results(structure, with_pending=True)
    assert len(queries) <= 12, [q["sql"][:120] for q in queries]


def test_numbers_with_many_values_are_shown_in_ten_ranges():
    from decimal import Decimal

    assert number_bins([(Decimal(1), 2), (Decimal("2.5"), 1)]) == [("1", 2), ("2,5", 1)]
    rows = number_bins([(Decimal(v), 1) for v in range(0, 100, 5)])
    assert len(rows) == 10 and sum(n for _label, n in rows) == 20 and rows[-1][0] == "85,5 bis 95"


def test_download_my_data_has_my_answers_and_my_draft(survey, resident):
    response_submit(survey=survey, values=good_values(survey), respondent=resident)
    other = make_survey(title="Zweite Umfrage")
    response_save_draft(survey=other, values={other.q["age"].pk: "bald"}, respondent=resident)
    data = json.loads(json.dumps(personal_data_export(user=resident), default=str))["surveys"]
    assert [row["status"] for row in data] == ["submitted", "draft"]
    answers = {a["question"]: a["answer"] for a in data[0]["answers"]}
    assert answers[6] == "1. Wasser; 2. Bäume" and answers[7] == "ja" and answers[3] == "Theaterplatz"
    assert data[0]["marks"] == [{"question": 10, "category": "Bänke", "place": {"type": "Point", "coordinates": [7.77, 49.4445]}}]
    assert {t["status"] for t in data[0]["free_texts"]} == {"pending"}
    assert data[1]["saved_for_later"] == {str(other.q["age"].pk): "bald"}
    assert personal_data_export(user=make_user())["surveys"] == []


def test_the_summary_lists_only_what_was_answered(survey, resident):
    values = good_values(survey)
    del values[survey.q["name"].pk]
    response = response_submit(survey=survey, values=values, respondent=resident)
    summary = dict((q.number, words) for q, words in response_summary(survey_structure(survey), response))
    assert 3 not in summary and summary[9] == "1. Mai 2025" and summary[5] == "4" and summary[8] == "42"


def test_staff_see_what_residents_would_stumble_over(survey):
    assert survey_problems(survey_structure(survey)) == []
    survey.q["wishes"].options.all().delete()
    play = survey.q["play"]
    play.weight, play.section = 0, survey.q["often"].section  # now before the question it depends on
    play.save()
    problems = survey_problems(survey_structure(survey))
    assert any("braucht mindestens zwei Antworten" in p for p in problems)
    assert any("hängt von Frage 8 ab, die erst danach kommt" in p for p in problems)
