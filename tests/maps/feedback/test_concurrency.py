"""Real concurrent requests against the live server: the database, not luck, keeps the counts right."""

import threading

import pytest
import requests
from django.conf import settings
from django.test import Client

from maps.feedback.models import Opinion
from maps.feedback.selectors import feature_stats
from tests.factories import make_user
from tests.factories.feedback import make_feature, make_feedback_module

CSRF = "k" * 32  # any well-formed token; cookie and header must agree


def session_for(user) -> requests.Session:
    client = Client()
    client.force_login(user)
    session = requests.Session()
    session.cookies.set(settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)
    session.cookies.set(settings.CSRF_COOKIE_NAME, CSRF)
    session.headers.update({"X-CSRFToken": CSRF, "Accept": "application/json"})
    return session


def race(calls) -> list[requests.Response]:
    """Start all calls at the same moment, each in its own thread (the live server answers each in its own)."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.fixture
def street(transactional_db):
    return make_feature(module=make_feedback_module())


def test_one_person_sending_the_same_opinion_eight_times_at_once_gets_exactly_one(live_server, street):
    session = session_for(make_user(username="eilig"))
    url = f"{live_server.url}/api/feedback/{street.module.slug}/opinions/"
    responses = race([lambda: session.post(url, json={"feature": street.pk, "rating": "bad"}, timeout=20)] * 8)
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [400] * 7, [r.text for r in responses]
    assert all("feature" in r.json() for r in responses if r.status_code == 400)
    assert Opinion.objects.count() == 1
    assert feature_stats(module=street.module)[street.pk].bad == 1


def test_twelve_people_rating_at_once_are_all_counted(live_server, street):
    sessions = [session_for(make_user()) for _ in range(12)]
    url = f"{live_server.url}/api/feedback/{street.module.slug}/opinions/"
    ratings = ["good", "okay", "bad"] * 4
    responses = race([
        (lambda s=s, r=r: s.post(url, json={"feature": street.pk, "rating": r}, timeout=20))
        for s, r in zip(sessions, ratings)
    ])
    assert [r.status_code for r in responses] == [201] * 12
    stats = feature_stats(module=street.module)[street.pk]
    assert (stats.good, stats.okay, stats.bad) == (4, 4, 4)
