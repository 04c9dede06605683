"""Real concurrent requests against the live server: the database, not luck, keeps one response per person."""

import pytest

from geo_participation.surveys.models import Answer, Mark, Response
from tests.concurrency import all_at_once, logged_in_session
from tests.factories import make_user
from tests.factories.surveys import good_values, make_survey


@pytest.fixture
def survey(transactional_db):
    return make_survey()


def body(values):
    return {"answers": [{"question": q, "value": v} for q, v in values.items()]}


def test_two_submissions_of_one_resident_at_once_leave_one_response(race_server, survey):
    session = logged_in_session(make_user(username="doppelt"))
    url = f"{race_server.url}/api/surveys/{survey.module.slug}/response/"
    results = all_at_once([lambda: session.post(url, json=body(good_values(survey)), timeout=30)] * 2)
    assert sorted(r.status_code for r in results) == [201, 400], [r.text for r in results]
    refused = next(r for r in results if r.status_code == 400)
    assert refused.json() == {"survey": ["Du hast diese Umfrage schon beantwortet. Danke!"]}
    response = Response.objects.get()
    assert Answer.objects.filter(response=response).count() == 11 and Mark.objects.count() == 1


def test_eight_sends_and_saves_of_one_resident_at_once_leave_one_submitted_response(race_server, survey):
    session = logged_in_session(make_user(username="eilig"))
    url = f"{race_server.url}/api/surveys/{survey.module.slug}/response/"
    draft = body({survey.q["age"].pk: 30})
    calls = [lambda: session.post(url, json=body(good_values(survey)), timeout=30)] * 5 + \
            [lambda: session.put(url, json=draft, timeout=30)] * 3
    results = all_at_once(calls)
    statuses = [r.status_code for r in results]
    assert not [s for s in statuses if s >= 500], [r.text for r in results]
    assert statuses[:5].count(201) == 1
    assert Response.objects.count() == 1 and Response.objects.get().is_submitted
    assert Answer.objects.count() == 11 and Mark.objects.count() == 1


def test_residents_answering_at_once_are_all_counted(race_server, survey):
    sessions = [logged_in_session(make_user()) for _ in range(8)]
    url = f"{race_server.url}/api/surveys/{survey.module.slug}/response/"
    results = all_at_once([lambda s=s: s.post(url, json=body(good_values(survey)), timeout=30) for s in sessions])
    assert [r.status_code for r in results] == [201] * 8
    assert Response.objects.filter(status="submitted").count() == 8 and Mark.objects.count() == 8
