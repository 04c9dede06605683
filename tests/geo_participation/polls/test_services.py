import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.utils import timezone, translation

from geo_participation.accounts.services import user_delete
from geo_participation.polls.models import Ballot, BallotChoice, Participation, Poll
from geo_participation.polls.selectors import online_counts
from geo_participation.polls.services import (ballot_cast, ballot_change, ballots_seal, poll_results_publish,
                                              tally_create)
from geo_participation.projects.models import Module
from tests.factories import make_user
from tests.factories.polls import make_box, make_poll, option_ids

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in the source language here; the German ones in the API tests."""
    with translation.override("en"):
        yield


def _ended(poll: Poll) -> Poll:
    Module.objects.filter(pk=poll.pk).update(end=timezone.now())
    return Poll.objects.select_related("module").get(pk=poll.pk)


def test_a_vote_is_stored_without_the_person(resident):
    poll = make_poll(allow_vote_change=False)
    roundnet = option_ids(poll)[0]

    participation = ballot_cast(poll=poll, voter=resident, option_ids=[roundnet])

    assert participation.ballot_id is None  # nothing links the person to the ballot
    ballot = Ballot.objects.get(poll=poll)
    assert list(BallotChoice.objects.filter(ballot=ballot).values_list("option_id", flat=True)) == [roundnet]
    # Neither a sequence number nor a timestamp orders ballots the way participations are ordered.
    ballot_columns = {f.column for f in Ballot._meta.concrete_fields} | {f.column for f in BallotChoice._meta.concrete_fields}
    assert ballot_columns == {"id", "poll_id", "ballot_id", "option_id"}
    assert Ballot._meta.pk.get_internal_type() == "UUIDField"


def test_a_resident_votes_only_once(resident):
    poll = make_poll()
    first, second, _third = option_ids(poll)
    ballot_cast(poll=poll, voter=resident, option_ids=[first])

    with pytest.raises(ValidationError) as error:
        ballot_cast(poll=poll, voter=resident, option_ids=[second])

    assert error.value.message_dict == {"poll": ["You have already voted in this poll."]}
    assert online_counts(poll=poll) == {first: 1}


@pytest.mark.parametrize("state, message", [("closed", "has ended"), ("upcoming", "not started yet")])
def test_nobody_votes_outside_the_poll_period(resident, state, message):
    poll = make_poll(state=state)

    with pytest.raises(ValidationError) as error:
        ballot_cast(poll=poll, voter=resident, option_ids=option_ids(poll)[:1])

    assert message in error.value.message_dict["poll"][0]
    assert not Participation.objects.exists() and not Ballot.objects.exists()


@pytest.mark.parametrize("chosen, message", [
    ("none", "Please choose an option."),
    ("first-twice", "only once"),
    ("too-many", "at most 2 options"),
    ("foreign", "does not belong to this poll"),
    ("text", "choose options of this poll"),
])
def test_the_choice_must_fit_the_poll(resident, chosen, message):
    poll = make_poll(kind=Poll.Kind.MULTIPLE, max_choices=2)
    other = make_poll()
    ids = option_ids(poll)
    chosen = {"none": [], "first-twice": [ids[0], ids[0]], "too-many": ids, "foreign": [ids[0], option_ids(other)[0]],
              "text": ["x"]}[chosen]

    with pytest.raises(ValidationError) as error:
        ballot_cast(poll=poll, voter=resident, option_ids=chosen)

    assert message in error.value.message_dict["options"][0]
    assert not Ballot.objects.exists()


def test_a_multiple_choice_vote_counts_each_chosen_option_once(resident):
    poll = make_poll(kind=Poll.Kind.MULTIPLE, max_choices=2)
    a, b, c = option_ids(poll)
    ballot_cast(poll=poll, voter=resident, option_ids=[a, c])
    assert online_counts(poll=poll) == {a: 1, c: 1}


def test_a_resident_changes_the_vote_while_the_poll_is_open(resident, other_resident):
    poll = make_poll()
    a, b, _c = option_ids(poll)
    ballot_cast(poll=poll, voter=resident, option_ids=[a])
    ballot_cast(poll=poll, voter=other_resident, option_ids=[a])

    participation = ballot_change(poll=poll, voter=resident, option_ids=[b])

    assert online_counts(poll=poll) == {a: 1, b: 1}
    assert participation.changed_at is not None
    assert Ballot.objects.count() == 2  # the same ballot, new choice: still one vote each


def test_a_vote_cannot_change_where_the_poll_does_not_allow_it(resident):
    poll = make_poll(allow_vote_change=False)
    a, b, _c = option_ids(poll)
    ballot_cast(poll=poll, voter=resident, option_ids=[a])

    with pytest.raises(ValidationError) as error:
        ballot_change(poll=poll, voter=resident, option_ids=[b])

    assert "cannot be changed" in error.value.message_dict["poll"][0]
    assert online_counts(poll=poll) == {a: 1}


def test_a_vote_cannot_change_after_the_poll_closed(resident):
    poll = make_poll()
    a, b, _c = option_ids(poll)
    ballot_cast(poll=poll, voter=resident, option_ids=[a])
    poll = _ended(poll)

    with pytest.raises(ValidationError):
        ballot_change(poll=poll, voter=resident, option_ids=[b])
    assert online_counts(poll=poll) == {a: 1}


def test_changing_needs_a_vote_first(resident):
    poll = make_poll()
    with pytest.raises(ValidationError) as error:
        ballot_change(poll=poll, voter=resident, option_ids=option_ids(poll)[:1])
    assert "not voted" in error.value.message_dict["poll"][0]


def test_sealing_cuts_the_link_for_good(resident):
    poll = make_poll()
    a, b, _c = option_ids(poll)
    ballot_cast(poll=poll, voter=resident, option_ids=[a])
    assert Participation.objects.get(user=resident).ballot_id is not None

    assert ballots_seal(poll=poll) == 1

    assert Participation.objects.get(user=resident).ballot_id is None
    with pytest.raises(ValidationError) as error:
        ballot_change(poll=poll, voter=resident, option_ids=[b])
    assert "sealed" in error.value.message_dict["poll"][0]
    assert online_counts(poll=poll) == {a: 1}


def test_deleting_an_account_keeps_the_counts_and_the_one_vote(resident):
    poll = make_poll()
    a, _b, _c = option_ids(poll)
    ballot_cast(poll=poll, voter=resident, option_ids=[a])

    user_delete(user=resident)

    assert online_counts(poll=poll) == {a: 1}
    assert Participation.objects.filter(poll=poll, user__isnull=True).count() == 1


def test_publishing_needs_an_ended_poll_and_settled_tallies(staff):
    poll = make_poll(state="closed", results_visibility=Poll.ResultsVisibility.PUBLISHED)
    box = make_box(polls=[poll])
    tally_create(poll=poll, box=box, emptied_on=timezone.localdate(), counts=dict.fromkeys(option_ids(poll), 1),
                 invalid_count=0, entered_by=staff)

    with pytest.raises(ValidationError) as error:
        poll_results_publish(poll=poll)
    assert "waits for confirmation" in error.value.message_dict["poll"][0]

    open_poll = make_poll()
    with pytest.raises(ValidationError) as error:
        poll_results_publish(poll=open_poll)
    assert "once the poll has ended" in error.value.message_dict["poll"][0]


def test_publishing_makes_the_result_final_and_seals_the_ballots(resident):
    poll = make_poll()
    ballot_cast(poll=poll, voter=resident, option_ids=option_ids(poll)[:1])
    poll = _ended(poll)

    poll_results_publish(poll=poll)

    poll.module.refresh_from_db()
    assert poll.module.results_published
    assert not Participation.objects.filter(ballot__isnull=False).exists()
    with pytest.raises(ValidationError):
        poll_results_publish(poll=poll)


def test_the_database_itself_refuses_a_second_participation(resident):
    poll = make_poll()
    ballot_cast(poll=poll, voter=resident, option_ids=option_ids(poll)[:1])
    with pytest.raises(IntegrityError) as error, connection.cursor() as cursor:
        cursor.execute("INSERT INTO polls_participation (poll_id, user_id, voted_at) VALUES (%s, %s, now())",
                       [poll.pk, resident.pk])
    assert "polls_one_vote_per_person" in str(error.value)


def test_everyone_gets_a_ballot_of_their_own():
    poll = make_poll()
    voters = [make_user() for _ in range(3)]
    for voter in voters:
        ballot_cast(poll=poll, voter=voter, option_ids=option_ids(poll)[:1])
    assert Ballot.objects.filter(poll=poll).count() == 3


def test_the_daily_command_seals_the_ballots_of_ended_polls_only(resident, other_resident):
    from django.core.management import call_command

    running, ended = make_poll(), make_poll()
    ballot_cast(poll=running, voter=resident, option_ids=option_ids(running)[:1])
    ballot_cast(poll=ended, voter=other_resident, option_ids=option_ids(ended)[:1])
    _ended(ended)

    call_command("polls_seal_ballots", stdout=open("/dev/null", "w"))

    assert Participation.objects.get(poll=running).ballot_id is not None
    assert Participation.objects.get(poll=ended).ballot_id is None
