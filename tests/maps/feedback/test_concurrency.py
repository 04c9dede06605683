"""Real concurrent requests against the live server: the database, not luck, keeps the counts right."""

import pytest

from maps.feedback.models import Opinion
from maps.feedback.selectors import feature_stats
from tests.concurrency import all_at_once, logged_in_session
from tests.factories import make_user
from tests.factories.feedback import make_feature, make_feedback_module


@pytest.fixture
def street(transactional_db):
    return make_feature(module=make_feedback_module())


def test_one_person_sending_the_same_opinion_eight_times_at_once_gets_exactly_one(live_server, street):
    session = logged_in_session(make_user(username="eilig"))
    url = f"{live_server.url}/api/feedback/{street.module.slug}/opinions/"
    responses = all_at_once([lambda: session.post(url, json={"feature": street.pk, "rating": "bad"}, timeout=20)] * 8)
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [400] * 7, [r.text for r in responses]
    assert all(r.json()["code"] == "already_given" and "feature" in r.json()["errors"]
               for r in responses if r.status_code == 400)
    assert Opinion.objects.count() == 1
    assert feature_stats(module=street.module)[street.pk].bad == 1


def test_twelve_people_rating_at_once_are_all_counted(live_server, street):
    sessions = [logged_in_session(make_user()) for _ in range(12)]
    url = f"{live_server.url}/api/feedback/{street.module.slug}/opinions/"
    ratings = ["good", "okay", "bad"] * 4
    responses = all_at_once([
        (lambda s=s, r=r: s.post(url, json={"feature": street.pk, "rating": r}, timeout=20))
        for s, r in zip(sessions, ratings)
    ])
    assert [r.status_code for r in responses] == [201] * 12
    stats = feature_stats(module=street.module)[street.pk]
    assert (stats.good, stats.okay, stats.bad) == (4, 4, 4)
