"""Real concurrent requests against the live server: the database, not luck, keeps one response per person
(see conftest.py for the server)."""

import pytest

from geo_participation.surveys.models import Answer, Mark, Response
from tests.concurrency import all_at_once, session_id
from tests.factories import make_user
from tests.factories.surveys import good_values, make_survey


@pytest.fixture
def survey(transactional_db):
    return make_survey()


def body(values):
    return {"answers": [{"question": q, "value": v} for q, v in values.items()]}


def test_two_submissions_of_one_resident_at_once_leave_one_response(race_server, survey):
    session = session_id(make_user(username="doppelt"))
    url = f"/api/surveys/{survey.module.slug}/response/"
    results = all_at_once([lambda: race_server.request("POST", url, session=session, body=body(good_values(survey)))] * 2)
    assert sorted(status for status, _body in results) == [201, 400], results
    refused = next(answer for status, answer in results if status == 400)
    assert refused["code"] == "already_answered"
    assert refused["errors"] == {"survey": ["Du hast diese Umfrage schon beantwortet. Danke!"]}
    response = Response.objects.get()
    assert Answer.objects.filter(response=response).count() == 11 and Mark.objects.count() == 1


def test_eight_sends_and_saves_of_one_resident_at_once_leave_one_submitted_response(race_server, survey):
    session = session_id(make_user(username="eilig"))
    url = f"/api/surveys/{survey.module.slug}/response/"
    draft = body({survey.q["age"].pk: 30})
    calls = [lambda: race_server.request("POST", url, session=session, body=body(good_values(survey)))] * 5 + \
            [lambda: race_server.request("PUT", url, session=session, body=draft)] * 3
    results = all_at_once(calls)
    statuses = [status for status, _body in results]
    assert not [s for s in statuses if s >= 500], results
    assert statuses[:5].count(201) == 1
    assert Response.objects.count() == 1 and Response.objects.get().is_submitted
    assert Answer.objects.count() == 11 and Mark.objects.count() == 1


def test_residents_answering_at_once_are_all_counted(race_server, survey):
    sessions = [session_id(make_user()) for _ in range(8)]
    url = f"/api/surveys/{survey.module.slug}/response/"
    results = all_at_once([lambda s=s: race_server.request("POST", url, session=s, body=body(good_values(survey)))
                           for s in sessions])
    assert [status for status, _body in results] == [201] * 8, results
    assert Response.objects.filter(status="submitted").count() == 8 and Mark.objects.count() == 8
