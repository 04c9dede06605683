"""Who may do what: role × state matrices for the rule names that the pages and the API both ask."""

import pytest
from django.contrib.auth.models import AnonymousUser

from geo_participation.accounts import roles
from geo_participation.core.moderation import ModerationStatus
from geo_participation.projects.door import refusal_for
from maps.mapping.rules import refusal_reason
from tests.factories import make_user
from tests.factories.mapping import make_contribution, make_map_module

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "unconfirmed", "resident", "moderator", "staff"]


def person(role):
    if role == "anonymous":
        return AnonymousUser()
    if role == "unconfirmed":
        return make_user(confirmed=False)
    return make_user(role={"moderator": roles.MODERATOR, "staff": roles.STAFF}.get(role))


@pytest.mark.parametrize("state", ["upcoming", "open", "closed"])
@pytest.mark.parametrize("role", ROLES)
def test_confirmed_people_contribute_while_the_format_is_open(role, state):
    module = make_map_module(state=state)
    expected = role in ("resident", "moderator", "staff") and state == "open"
    assert person(role).has_perm("mapping.add_contribution", module) is expected


@pytest.mark.parametrize("state", ["upcoming", "open", "closed"])
@pytest.mark.parametrize("who, status", [("author", ModerationStatus.PENDING), ("author", ModerationStatus.APPROVED),
                                         ("author", ModerationStatus.REJECTED), ("author", ModerationStatus.HIDDEN),
                                         ("other", ModerationStatus.APPROVED), ("moderator", ModerationStatus.APPROVED)])
def test_authors_change_and_withdraw_their_own_while_open_but_not_once_hidden(state, who, status):
    author = make_user()
    contribution = make_contribution(module=make_map_module(state=state), author=author, status=status)
    user = {"author": author, "other": make_user(), "moderator": make_user(role=roles.MODERATOR)}[who]
    open_and_own = who == "author" and state == "open"
    assert user.has_perm("mapping.change_contribution", contribution) is (open_and_own and status != ModerationStatus.HIDDEN)
    assert user.has_perm("mapping.delete_contribution", contribution) is open_and_own


@pytest.mark.parametrize("status", [ModerationStatus.PENDING, ModerationStatus.APPROVED, ModerationStatus.REJECTED,
                                    ModerationStatus.HIDDEN])
@pytest.mark.parametrize("role", ["anonymous", "author", "resident", "moderator"])
def test_only_published_contributions_are_public(role, status):
    author = make_user()
    contribution = make_contribution(module=make_map_module(), author=author, status=status)
    user = author if role == "author" else person(role)
    expected = status == ModerationStatus.APPROVED or role in ("author", "moderator")
    assert user.has_perm("mapping.view_contribution", contribution) is expected


def test_contributions_of_a_draft_format_are_not_public():
    contribution = make_contribution(module=make_map_module(is_draft=True))
    assert not AnonymousUser().has_perm("mapping.view_contribution", contribution)


@pytest.mark.parametrize("state, supports, own, status, expected", [
    ("open", True, False, ModerationStatus.APPROVED, True),
    ("closed", True, False, ModerationStatus.APPROVED, False),
    ("open", False, False, ModerationStatus.APPROVED, False),
    ("open", True, True, ModerationStatus.APPROVED, False),
    ("open", True, False, ModerationStatus.PENDING, False),
])
def test_support_needs_an_open_format_with_supports_on_and_someone_elses_published_mark(state, supports, own, status, expected):
    resident = make_user()
    contribution = make_contribution(module=make_map_module(state=state, supports=supports),
                                     author=resident if own else None, status=status)
    assert resident.has_perm("mapping.support_contribution", contribution) is expected


@pytest.mark.parametrize("state, comments, expected", [("open", True, True), ("open", False, False), ("closed", True, False)])
def test_comments_need_an_open_format_with_comments_on(state, comments, expected):
    contribution = make_contribution(module=make_map_module(state=state, comments=comments))
    assert make_user().has_perm("mapping.comment_contribution", contribution) is expected
    assert not make_user(confirmed=False).has_perm("mapping.comment_contribution", contribution)


@pytest.mark.parametrize("role, expected", [("resident", False), ("moderator", True), ("staff", True)])
def test_moderators_and_staff_moderate(role, expected):
    assert person(role).has_perm("mapping.moderate_contribution") is expected


@pytest.mark.parametrize("role, state, code, words", [
    ("anonymous", "open", "not_authenticated", "melde dich an"),
    ("unconfirmed", "open", "email_not_confirmed", "bestätige"),
    ("resident", "closed", "module_closed", "beendet"),
    ("anonymous", "closed", "module_closed", "beendet"),  # logging in would not help
    ("resident", "upcoming", "module_not_started", "noch nicht begonnen"),
])
def test_a_refusal_says_what_to_do(role, state, code, words):
    module = make_map_module(state=state)
    refusal = refusal_for(person(role), module, permission="mapping.add_contribution", taking_part=True,
                          reason=refusal_reason)
    assert refusal.code == code and words in str(refusal.message)


@pytest.mark.parametrize("action, code", [("change", "not_author"), ("support", "own_contribution")])
def test_the_formats_own_reasons_come_after_the_persons(action, code):
    contribution = make_contribution(module=make_map_module())
    someone = contribution.author if action == "support" else make_user()
    permission = {"change": "mapping.change_contribution", "support": "mapping.support_contribution"}[action]
    refusal = refusal_for(someone, contribution.module, permission=permission, obj=contribution, taking_part=True,
                          reason=lambda user, obj: refusal_reason(user, obj, action=action))
    assert refusal.code == code
    assert refusal_for(make_user(confirmed=False), contribution.module, permission=permission, obj=contribution,
                       taking_part=True).code == "email_not_confirmed"
