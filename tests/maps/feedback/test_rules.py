"""Who may do what: a role × state matrix, asked exactly as the pages and the API ask."""

import pytest
from django.contrib.auth.models import AnonymousUser

from geo_participation.accounts import roles
from geo_participation.core.moderation import ModerationStatus
from tests.factories import make_user
from tests.factories.feedback import make_feature, make_feedback_module, make_opinion

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "unconfirmed", "resident", "author", "moderator", "planner", "staff"]
STATES = ["upcoming", "open", "closed"]


def person(role: str, author):
    if role == "anonymous":
        return AnonymousUser()
    if role == "author":
        return author
    if role == "unconfirmed":
        return make_user(confirmed=False)
    return make_user(role={"moderator": roles.MODERATOR, "planner": roles.PLANNER, "staff": roles.STAFF}.get(role))


def _expected(table: dict[str, str], role: str, state: str) -> bool:
    """``table`` gives, per role, the states in which the permission holds ("" = never)."""
    return state in table[role].split()


OPEN = "open"
ALWAYS = "upcoming open closed"
NEVER = ""

MATRIX = {
    # giving an opinion: confirmed residents (staff accounts are confirmed residents too) while open
    "feedback.add_opinion": ("module", {"anonymous": NEVER, "unconfirmed": NEVER, "resident": OPEN, "author": OPEN,
                                        "moderator": OPEN, "planner": OPEN, "staff": OPEN}),
    # changing and withdrawing: only the author, only while open
    "feedback.change_opinion": ("own", {"anonymous": NEVER, "unconfirmed": NEVER, "resident": NEVER, "author": OPEN,
                                        "moderator": NEVER, "planner": NEVER, "staff": NEVER}),
    "feedback.delete_opinion": ("own", {"anonymous": NEVER, "unconfirmed": NEVER, "resident": NEVER, "author": OPEN,
                                        "moderator": NEVER, "planner": NEVER, "staff": NEVER}),
    # reading a pending opinion: its author and the moderators (staff moderate too), whatever the state
    "feedback.view_opinion": ("pending", {"anonymous": NEVER, "unconfirmed": NEVER, "resident": NEVER,
                                          "author": ALWAYS, "moderator": ALWAYS, "planner": NEVER, "staff": ALWAYS}),
    # reporting a published opinion: confirmed residents other than its author, also after the end
    "feedback.report_opinion": ("published", {"anonymous": NEVER, "unconfirmed": NEVER, "resident": ALWAYS,
                                              "author": NEVER, "moderator": ALWAYS, "planner": ALWAYS,
                                              "staff": ALWAYS}),
    "feedback.view_feature": ("module", {role: ALWAYS for role in ROLES}),
}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("perm", MATRIX)
def test_role_state_matrix(perm, role, state):
    module = make_feedback_module(state=state)
    feature = make_feature(module=module)
    author = make_user()
    target_kind, table = MATRIX[perm]
    if target_kind == "module":
        target = module
    else:
        status = ModerationStatus.PENDING if target_kind == "pending" else ModerationStatus.APPROVED
        target = make_opinion(feature=feature, author=author, comment="Text", status=status)
    assert person(role, author).has_perm(perm, target) is _expected(table, role, state)


@pytest.mark.parametrize("role, may", [("anonymous", False), ("resident", False), ("moderator", True),
                                       ("planner", True), ("staff", True)])
def test_a_draft_format_is_seen_by_the_team_only(role, may):
    module = make_feedback_module(is_draft=True)
    feature = make_feature(module=module)
    opinion = make_opinion(feature=feature, author=make_user())
    user = person(role, None)
    assert user.has_perm("feedback.view_feature", module) is may
    assert user.has_perm("feedback.view_opinion", opinion) is may
    assert user.has_perm("feedback.add_opinion", module) is (may and role != "anonymous")


def test_nobody_reads_a_rejected_or_hidden_opinion_but_its_author_and_the_moderators():
    module = make_feedback_module()
    feature = make_feature(module=module)
    author = make_user()
    for status in (ModerationStatus.REJECTED, ModerationStatus.HIDDEN):
        opinion = make_opinion(feature=feature, author=author, comment="x", status=status)
        assert author.has_perm("feedback.view_opinion", opinion)
        assert make_user(role=roles.MODERATOR).has_perm("feedback.view_opinion", opinion)
        assert not make_user().has_perm("feedback.view_opinion", opinion)
        assert not AnonymousUser().has_perm("feedback.view_opinion", opinion)
        opinion.delete()
