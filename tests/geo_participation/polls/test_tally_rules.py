import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from geo_participation.polls.services import tally_create
from tests.factories.polls import make_box, make_poll, option_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(unconfirmed, resident, moderator, planner, staff):
    return {"anonymous": AnonymousUser(), "unconfirmed": unconfirmed, "resident": resident,
            "moderator": moderator, "planner": planner, "staff": staff}


@pytest.mark.parametrize("role, view, add", [
    ("anonymous", False, False), ("unconfirmed", False, False), ("resident", False, False),
    ("moderator", False, False), ("planner", True, False), ("staff", True, True),
])
def test_staff_count_postcards_and_planners_look(people, role, view, add):
    poll = make_poll()
    user = people[role]
    assert user.has_perm("polls.view_postcardtally", poll.module) is view
    assert user.has_perm("polls.view_ballotbox_map") is view
    assert user.has_perm("polls.view_staff_area") is view
    assert user.has_perm("polls.add_postcardtally", poll.module) is add


def test_the_four_eyes_principle_holds_in_the_permission_too(staff):
    from geo_participation.accounts import roles
    from tests.factories import make_user

    poll = make_poll()
    tally = tally_create(poll=poll, box=make_box(polls=[poll]), emptied_on=timezone.localdate(),
                         counts=dict.fromkeys(option_ids(poll), 0), invalid_count=0, entered_by=staff)
    assert not staff.has_perm("polls.confirm_postcardtally", tally)
    assert make_user(role=roles.STAFF).has_perm("polls.confirm_postcardtally", tally)
    assert not make_user(role=roles.PLANNER).has_perm("polls.confirm_postcardtally", tally)
