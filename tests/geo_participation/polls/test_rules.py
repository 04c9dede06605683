"""Who may vote and who sees the result: a role × state matrix. When (open, once) is the services' part."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from geo_participation.polls.models import Poll
from tests.factories.polls import make_poll

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "unconfirmed", "resident", "moderator", "planner", "staff"]


@pytest.fixture
def people(unconfirmed, resident, moderator, planner, staff):
    return {"anonymous": AnonymousUser(), "unconfirmed": unconfirmed, "resident": resident,
            "moderator": moderator, "planner": planner, "staff": staff}


@pytest.mark.parametrize("role, may", [("anonymous", False), ("unconfirmed", False), ("resident", True),
                                       ("moderator", True), ("planner", True), ("staff", True)])
def test_confirmed_people_may_vote_in_public_polls(people, role, may):
    poll = make_poll()
    assert people[role].has_perm("polls.add_ballot", poll.module) is may
    assert people[role].has_perm("polls.change_ballot", poll.module) is may


def test_nobody_votes_in_a_draft(people):
    poll = make_poll(is_draft=True)
    assert not people["resident"].has_perm("polls.add_ballot", poll.module)


@pytest.mark.parametrize("visibility, state, published, public_sees", [
    (Poll.ResultsVisibility.LIVE, "open", False, True),
    (Poll.ResultsVisibility.LIVE, "upcoming", False, False),
    (Poll.ResultsVisibility.LIVE, "closed", False, True),
    (Poll.ResultsVisibility.PUBLISHED, "open", False, False),
    (Poll.ResultsVisibility.PUBLISHED, "closed", False, False),
    (Poll.ResultsVisibility.PUBLISHED, "closed", True, True),
])
@pytest.mark.parametrize("role", ROLES)
def test_the_result_is_seen_live_or_once_published_and_always_by_the_team(people, role, visibility, state, published,
                                                                          public_sees):
    poll = make_poll(results_visibility=visibility, state=state,
                     results_published_at=timezone.now() if published else None)
    team = role in {"moderator", "planner", "staff"}
    assert people[role].has_perm("polls.view_result", poll.module) is (public_sees or team)


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_publish_results(people, role):
    poll = make_poll(state="closed")
    assert people[role].has_perm("polls.publish_result", poll.module) is (role == "staff")
