"""The poll API, with every bad input of the issue: a clear 400 naming the field, nothing counted twice."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from geo_participation.polls.models import Ballot, Participation, Poll
from geo_participation.polls.selectors import online_counts
from geo_participation.projects.models import Module
from tests.factories.polls import make_poll, option_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_for():
    def login(user=None):
        client = APIClient(enforce_csrf_checks=True)
        if user is not None:
            client.force_login(user)
        client.get("/")  # sets the CSRF cookie, as a browser would
        return client
    return login


def vote(client, poll, options, method="post"):
    token = client.cookies["csrftoken"].value if "csrftoken" in client.cookies else ""
    return getattr(client, method)(f"/api/polls/{poll.module.slug}/vote/", {"options": options}, format="json",
                                   HTTP_X_CSRFTOKEN=token)


def test_a_confirmed_resident_votes_and_sees_own_vote(client_for, resident):
    poll = make_poll()
    client = client_for(resident)
    first = option_ids(poll)[0]

    response = vote(client, poll, [first])

    assert response.status_code == 201, response.json()
    assert response.json()["voted"] is True and response.json()["options"] == [first]
    assert client.get(f"/api/polls/{poll.module.slug}/vote/").json()["voted"] is True
    assert online_counts(poll=poll) == {first: 1}


def test_a_form_post_carries_its_csrf_token_but_no_field_the_api_does_not_know(client_for, resident):
    poll = make_poll()
    client = client_for(resident)
    first = option_ids(poll)[0]
    token = client.cookies["csrftoken"].value
    url = f"/api/polls/{poll.module.slug}/vote/"
    refused = client.post(url, {"options": [first], "optionen": [first], "csrfmiddlewaretoken": token})
    assert refused.status_code == 400 and list(refused.json()["errors"]) == ["optionen"]
    assert online_counts(poll=poll) == {}
    response = client.post(url, {"options": [first], "csrfmiddlewaretoken": token})  # as a form without scripts
    assert response.status_code == 201, response.content
    assert online_counts(poll=poll) == {first: 1}


def test_voting_twice_is_a_400_already_voted_and_counts_once(client_for, resident):
    poll = make_poll()
    client = client_for(resident)
    vote(client, poll, option_ids(poll)[:1])

    response = vote(client, poll, option_ids(poll)[1:2])

    assert response.status_code == 400
    assert response.json() == {"detail": "Du hast bei dieser Abstimmung schon abgestimmt.", "code": "already_voted",
            "errors": {"poll": ["Du hast bei dieser Abstimmung schon abgestimmt."]}}
    assert Participation.objects.count() == 1 and Ballot.objects.count() == 1


@pytest.mark.parametrize("state, code, words", [("closed", "module_closed", "beendet"),
                                                 ("upcoming", "module_not_started", "noch nicht begonnen")])
def test_voting_outside_the_poll_period_is_refused_with_the_doors_reason(client_for, resident, state, code, words):
    """Refused as every format refuses outside its period: 403 with a code, not a 400 on a field."""
    poll = make_poll(state=state)
    for method in ("post", "put"):
        response = vote(client_for(resident), poll, option_ids(poll)[:1], method=method)
        assert response.status_code == 403
        assert response.json()["code"] == code and words in response.json()["detail"]
    assert not Ballot.objects.exists()


@pytest.mark.parametrize("options, field_message", [
    ([], "darf nicht leer sein"),
    (["eins"], "ganze Zahl"),
    ([1.5], "ganze Zahl"),
    ("foreign", "gehört nicht zu dieser Abstimmung"),
    ("two", "nur 1 Option"),
])
def test_bad_choices_are_a_400_naming_the_field(client_for, resident, options, field_message):
    poll = make_poll()
    other = make_poll()
    options = {"foreign": option_ids(other)[:1], "two": option_ids(poll)[:2]}.get(options, options) \
        if isinstance(options, str) else options

    response = vote(client_for(resident), poll, options)

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert field_message in str([errors[key] for key in errors if key == "options" or key.startswith("options.")])
    assert not Ballot.objects.exists()


def test_a_missing_options_field_is_a_400(client_for, resident):
    poll = make_poll()
    client = client_for(resident)
    response = client.post(f"/api/polls/{poll.module.slug}/vote/", {}, format="json",
                           HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)
    assert response.status_code == 400 and "options" in response.json()["errors"]


@pytest.mark.parametrize("who", ["anonymous", "unconfirmed"])
def test_only_confirmed_residents_vote(client_for, unconfirmed, who):
    poll = make_poll()
    response = vote(client_for(unconfirmed if who == "unconfirmed" else None), poll, option_ids(poll)[:1])
    assert response.status_code == 403
    assert not Ballot.objects.exists()


def test_the_vote_is_changed_with_put(client_for, resident):
    poll = make_poll()
    a, b, _c = option_ids(poll)
    client = client_for(resident)
    vote(client, poll, [a])

    response = vote(client, poll, [b], method="put")

    assert response.status_code == 200 and response.json()["options"] == [b]
    assert online_counts(poll=poll) == {b: 1}


def test_put_where_changes_are_not_allowed_is_a_400(client_for, resident):
    poll = make_poll(allow_vote_change=False)
    a, b, _c = option_ids(poll)
    client = client_for(resident)
    vote(client, poll, [a])
    response = vote(client, poll, [b], method="put")
    assert response.status_code == 400 and response.json()["code"] == "vote_change_not_allowed"
    assert "poll" in response.json()["errors"]
    assert client.get(f"/api/polls/{poll.module.slug}/vote/").json()["options"] is None  # never linked
    assert online_counts(poll=poll) == {a: 1}


def test_errors_come_in_english_for_english_speakers(client_for, resident):
    poll = make_poll(state="closed")
    client = client_for(resident)
    client.cookies["language"] = "en"
    resident.language = "en"
    resident.save()
    response = vote(client, poll, option_ids(poll)[:1])
    assert response.json() == {"detail": "This format has ended: taking part is no longer possible. What was published "
                                         "stays here to read.", "code": "module_closed"}


def test_the_result_is_public_live_or_after_publication(client_for, resident):
    live = make_poll(results_visibility=Poll.ResultsVisibility.LIVE)
    later = make_poll(results_visibility=Poll.ResultsVisibility.PUBLISHED, state="closed")
    client = client_for()

    assert client.get(f"/api/polls/{live.module.slug}/result/").status_code == 200
    assert client.get(f"/api/polls/{later.module.slug}/result/").status_code == 403
    Module.objects.filter(pk=later.pk).update(results_published_at=timezone.now())
    data = client.get(f"/api/polls/{later.module.slug}/result/").json()
    assert set(data) >= {"total", "online", "postcards", "options", "boxes"}
    assert [o["title"] for o in data["options"]] == ["Roundnet", "Cross Boule", "3D-Straßenmalerei"]


def test_the_poll_api_describes_the_poll(client_for):
    poll = make_poll(realised_count=2)
    data = client_for().get(f"/api/polls/{poll.module.slug}/").json()
    assert data["kind"] == "single" and data["realised_count"] == 2 and len(data["options"]) == 3
    assert data["state"] == "open"


def test_no_api_response_names_a_voter(client_for, resident):
    poll = make_poll()
    vote(client_for(resident), poll, option_ids(poll)[:1])
    public = client_for()
    for url in (f"/api/polls/{poll.module.slug}/", f"/api/polls/{poll.module.slug}/result/"):
        body = public.get(url).content.decode()
        assert resident.username not in body and resident.email not in body


def test_a_body_over_django_s_limit_is_a_413_in_words_and_counts_nothing(client_for, resident, settings):
    poll = make_poll()
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    client = client_for(resident)
    token = client.cookies["csrftoken"].value
    response = client.post(f"/api/polls/{poll.module.slug}/vote/", {"options": option_ids(poll)[:1], "x": "y" * 4096},
                           format="json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 413 and "zu groß" in response.json()["detail"]
    assert not Participation.objects.exists()
