"""The module and phase predicates every format builds on (projects/rules.py, Module.state_at, the querysets):
role × phase, with the boundaries at exactly the start and the end, and drafts."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from geo_participation.accounts import roles
from geo_participation.projects.models import Module
from geo_participation.projects.rules import is_public, module_is_open, results_are_published
from tests.factories import make_module, make_project, make_user
from tests.factories.feedback import make_feedback_module
from tests.factories.mapping import make_map_module
from tests.factories.polls import make_poll

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "unconfirmed", "resident", "moderator", "planner", "staff"]
TEAM = {"moderator", "planner", "staff"}


def person(role):
    if role == "anonymous":
        return AnonymousUser()
    return make_user(confirmed=role != "unconfirmed",
                     role={"moderator": roles.MODERATOR, "planner": roles.PLANNER, "staff": roles.STAFF}.get(role))


@pytest.fixture
def window():
    start = timezone.now().replace(microsecond=0) + timedelta(days=1)
    return start, start + timedelta(days=7)


@pytest.mark.parametrize("offset, state", [
    (-timedelta(microseconds=1), Module.State.UPCOMING),
    (timedelta(0), Module.State.OPEN),  # open from exactly the start
    ("end-1", Module.State.OPEN),
    ("end", Module.State.CLOSED),  # closed at exactly the end
])
def test_the_state_at_the_boundaries(window, offset, state):
    start, end = window
    module = make_module(start=start, end=end)
    moment = {"end-1": end - timedelta(microseconds=1), "end": end}.get(offset) or start + offset
    assert module.state_at(moment) == state
    # The querysets agree with state_at at the same moment.
    assert Module.objects.open(moment).filter(pk=module.pk).exists() is (state == Module.State.OPEN)
    assert Module.objects.upcoming(moment).filter(pk=module.pk).exists() is (state == Module.State.UPCOMING)
    assert Module.objects.closed(moment).filter(pk=module.pk).exists() is (state == Module.State.CLOSED)


@pytest.mark.parametrize("at, is_open", [("start", True), ("before", False), ("end", False)])
def test_module_is_open_follows_the_clock(window, monkeypatch, at, is_open):
    start, end = window
    module = make_module(start=start, end=end)
    moment = {"start": start, "before": start - timedelta(seconds=1), "end": end}[at]
    monkeypatch.setattr(timezone, "now", lambda: moment)
    assert module.is_open is is_open
    assert module_is_open(AnonymousUser(), module) is is_open
    assert module_is_open(AnonymousUser(), None) is False  # nothing to take part in


@pytest.mark.parametrize("module_draft, project_draft, public", [
    (False, False, True), (True, False, False), (False, True, False), (True, True, False)])
def test_a_format_is_public_unless_it_or_its_project_is_a_draft(module_draft, project_draft, public):
    module = make_module(is_draft=module_draft, project=make_project(is_draft=project_draft))
    assert is_public(AnonymousUser(), module) is public
    assert Module.objects.public().filter(pk=module.pk).exists() is public

    class Item:  # anything that belongs to a module is judged by its module
        pass

    item = Item()
    item.module = module
    assert is_public(AnonymousUser(), item) is public
    assert is_public(AnonymousUser(), module.project) is not project_draft


@pytest.mark.parametrize("draft", [False, True])
@pytest.mark.parametrize("role", ROLES)
def test_who_sees_a_format_and_its_project(role, draft):
    module = make_module(is_draft=draft, project=make_project(is_draft=draft))
    sees = not draft or role in TEAM
    user = person(role)
    assert user.has_perm("projects.view_module", module) is sees
    assert user.has_perm("projects.view_project", module.project) is sees
    assert user.has_perm("projects.change_module", module) is (role == "staff")


@pytest.mark.parametrize("phase", ["upcoming", "open", "closed"])
@pytest.mark.parametrize("role", ROLES)
def test_who_sees_results_and_when_they_count_as_published(role, phase):
    module = make_module(state=phase)
    user = person(role)
    assert user.has_perm("projects.view_module_results", module) is (role in {"moderator", "planner", "staff"})
    if phase == "closed":
        module.results_published_at = timezone.now() - timedelta(minutes=1)
        assert results_are_published(user, module)
        assert user.has_perm("projects.view_module_results", module)
        module.results_published_at = timezone.now() + timedelta(hours=1)  # announced, not yet
        assert not results_are_published(user, module)


@pytest.mark.parametrize("phase", ["upcoming", "open", "closed"])
@pytest.mark.parametrize("role", ROLES)
def test_taking_part_in_each_format_needs_a_confirmed_account_and_an_open_public_format(role, phase):
    """The rule names that take part, across formats, agree with the predicates: open, public, confirmed."""
    user = person(role)
    may = phase == "open" and role not in ("anonymous", "unconfirmed")
    assert user.has_perm("mapping.add_contribution", make_map_module(state=phase)) is may
    assert user.has_perm("feedback.add_opinion", make_feedback_module(state=phase)) is may
    assert user.has_perm("polls.add_ballot", make_poll(state=phase).module) is may
