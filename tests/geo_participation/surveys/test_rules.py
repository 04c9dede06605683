"""Who may do what with a survey: a role × state matrix of every rule the pages and the API ask."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from geo_participation.accounts import roles
from tests.factories import make_user
from tests.factories.surveys import make_survey

pytestmark = pytest.mark.django_db

ROLES = ["visitor", "unconfirmed", "resident", "moderator", "planner", "staff"]


def person(role):
    if role == "visitor":
        return AnonymousUser()
    if role == "unconfirmed":
        return make_user(confirmed=False)
    return make_user(role={"resident": None, "moderator": roles.MODERATOR, "planner": roles.PLANNER,
                           "staff": roles.STAFF}[role])


def module_in(state: str, *, anonymous=False, published=False, draft=False):
    survey = make_survey(state=state, allow_anonymous=anonymous, is_draft=draft)
    if published:
        survey.module.results_published_at = timezone.now()
        survey.module.save()
    return survey.module


ANSWER = {  # (role, state, answers without an account) -> may answer on the page
    ("visitor", "open", False): False, ("visitor", "open", True): True, ("unconfirmed", "open", False): False,
    ("unconfirmed", "open", True): True, ("resident", "open", False): True, ("resident", "upcoming", False): False,
    ("resident", "closed", False): False, ("resident", "closed", True): False, ("visitor", "closed", True): False,
    ("staff", "open", False): True, ("planner", "open", False): True,
}


@pytest.mark.parametrize("role, state, anonymous", list(ANSWER))
def test_who_may_answer_on_the_page(role, state, anonymous):
    assert person(role).has_perm("surveys.answer", module_in(state, anonymous=anonymous)) is ANSWER[(role, state, anonymous)]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", ["upcoming", "open", "closed"])
def test_the_api_and_drafts_are_for_confirmed_residents_while_open(role, state):
    module = module_in(state, anonymous=True)
    expected = state == "open" and role not in ("visitor", "unconfirmed")
    assert person(role).has_perm("surveys.answer_as_resident", module) is expected


def test_nobody_answers_a_draft_survey_but_staff_see_it():
    module = module_in("open", draft=True, anonymous=True)
    assert not make_user().has_perm("surveys.answer", module)
    assert not AnonymousUser().has_perm("projects.view_module", module)
    assert make_user(role=roles.STAFF).has_perm("projects.view_module", module)


RESULTS = {"visitor": False, "unconfirmed": False, "resident": False, "moderator": False, "planner": True, "staff": True}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state, published", [("open", False), ("closed", False), ("closed", True)])
def test_results_for_planners_and_staff_and_for_everyone_once_published(role, state, published):
    module = module_in(state, published=published)
    assert person(role).has_perm("surveys.view_results", module) is (published or RESULTS[role])


@pytest.mark.parametrize("role", ROLES)
def test_exports_preview_paper_and_publishing(role):
    module = module_in("closed")
    user = person(role)
    assert user.has_perm("surveys.export_responses", module) is (role in ("planner", "staff"))
    assert user.has_perm("surveys.preview", module) is (role == "staff")
    assert user.has_perm("surveys.enter_paper", module) is (role == "staff")
    assert user.has_perm("surveys.publish_results", module) is (role == "staff")


def test_unpublished_results_of_a_draft_survey_stay_with_the_team():
    module = module_in("closed", published=True, draft=True)
    assert not make_user().has_perm("surveys.view_results", module)
    assert make_user(role=roles.PLANNER).has_perm("surveys.view_results", module)
