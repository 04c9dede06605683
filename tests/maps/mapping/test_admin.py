"""Moderating map contributions and comments in the admin goes through the same services as the queue."""

import pytest
from django.core import mail
from django.test import Client

from geo_participation.core.moderation import ModerationStatus
from maps.mapping.models import Comment, Contribution
from tests.factories import make_user
from tests.factories.mapping import make_contribution

pytestmark = pytest.mark.django_db
CHANGELIST = "/verwaltung/mapping/contribution/"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_rejection_in_the_admin_asks_for_the_reason_keeps_the_moderator_and_tells_the_author(
        map_module, moderator, django_capture_on_commit_callbacks):
    author = make_user(username="lotte")
    item = make_contribution(module=map_module, author=author, status=ModerationStatus.PENDING)
    client = logged_in(moderator)
    ask = client.post(CHANGELIST, {"action": "reject", "_selected_action": [item.pk]})
    assert ask.status_code == 200 and 'name="reason"' in ask.content.decode()
    client.post(CHANGELIST, {"action": "reject", "_selected_action": [item.pk], "apply": "1", "reason": " "})
    assert Contribution.objects.get().status == ModerationStatus.PENDING  # no reason, no rejection
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CHANGELIST, {"action": "reject", "_selected_action": [item.pk], "apply": "1",
                                 "reason": "Bitte ohne Namen von Personen."})
    item.refresh_from_db()
    assert (item.status, item.moderated_by, item.moderation_reason) == (
        ModerationStatus.REJECTED, moderator, "Bitte ohne Namen von Personen.")
    assert [m.to for m in mail.outbox] == [[author.email]]


def test_the_status_cannot_be_set_by_hand_in_the_change_form(map_module, moderator):
    item = make_contribution(module=map_module, status=ModerationStatus.PENDING)
    html = logged_in(moderator).get(f"{CHANGELIST}{item.pk}/change/").content.decode()
    assert 'name="status"' not in html and 'name="moderation_reason"' not in html


def test_comments_are_approved_through_the_action(map_module, moderator):
    comment = Comment.objects.create(contribution=make_contribution(module=map_module), author=make_user(),
                                     text="Sehe ich genauso.")
    response = logged_in(moderator).post("/verwaltung/mapping/comment/", {"action": "approve",
                                                                         "_selected_action": [comment.pk]})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == ModerationStatus.APPROVED and comment.moderated_by == moderator
