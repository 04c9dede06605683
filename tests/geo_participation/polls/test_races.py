"""Exactly-once voting under real concurrent HTTP requests on PostgreSQL (see conftest.py for the server)."""

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from geo_participation.accounts.models import User
from geo_participation.polls.models import Ballot, BallotChoice, Participation
from tests.concurrency import all_at_once, session_id
from tests.factories.polls import make_poll, option_ids


def residents(count: int) -> list[User]:
    now, password = timezone.now(), make_password(None)
    return User.objects.bulk_create([User(username=f"racer{i}", email=f"racer{i}@example.org", password=password,
                                          email_confirmed_at=now) for i in range(count)])


def test_fifty_simultaneous_votes_of_one_resident_leave_exactly_one(race_server):
    poll = make_poll()
    (voter,) = residents(1)
    session = session_id(voter)
    ids = option_ids(poll)
    url = f"/api/polls/{poll.module.slug}/vote/"

    results = all_at_once(
        [lambda i=i: race_server.request("POST", url, session=session, body={"options": [ids[i % 3]]}) for i in range(50)])

    statuses = sorted(status for status, _body in results)
    assert statuses == [201] + [400] * 49, statuses
    assert all(body["code"] == "already_voted" and body["errors"] == {"poll": ["Du hast bei dieser Abstimmung schon abgestimmt."]}
               for status, body in results if status == 400)
    assert Participation.objects.filter(poll=poll).count() == 1
    assert Ballot.objects.filter(poll=poll).count() == 1 and BallotChoice.objects.count() == 1


def test_two_hundred_simultaneous_votes_of_fifty_residents_leave_exactly_fifty(race_server):
    poll = make_poll()
    voters = residents(50)
    sessions = [session_id(voter) for voter in voters]
    ids = option_ids(poll)
    url = f"/api/polls/{poll.module.slug}/vote/"

    results = all_at_once(
        [lambda i=i: race_server.request("POST", url, session=sessions[i % 50], body={"options": [ids[i % 3]]})
         for i in range(200)])

    statuses = [status for status, _body in results]
    assert not [s for s in statuses if s >= 500], "no server error"
    assert statuses.count(201) == 50 and statuses.count(400) == 150
    assert all(body["code"] == "already_voted" for status, body in results if status == 400)
    assert Participation.objects.filter(poll=poll).count() == 50
    assert Participation.objects.filter(poll=poll).values("user").distinct().count() == 50
    assert Ballot.objects.filter(poll=poll).count() == 50 and BallotChoice.objects.count() == 50


def test_simultaneous_changes_of_one_vote_leave_one_choice(race_server):
    poll = make_poll()
    (voter,) = residents(1)
    session = session_id(voter)
    ids = option_ids(poll)
    url = f"/api/polls/{poll.module.slug}/vote/"
    assert race_server.request("POST", url, session=session, body={"options": [ids[0]]})[0] == 201

    results = all_at_once(
        [lambda i=i: race_server.request("PUT", url, session=session, body={"options": [ids[i % 3]]}) for i in range(30)])

    assert [status for status, _body in results] == [200] * 30
    assert Ballot.objects.filter(poll=poll).count() == 1
    assert BallotChoice.objects.filter(ballot__poll=poll).count() == 1
