"""Authors hear of the moderators' decision by e-mail, in their own language, with the reason and a link."""

import pytest
from django.core import mail

from geo_participation.core.moderation import moderation_approve, moderation_hide, moderation_reject
from tests.factories import make_user
from tests.factories.mapping import make_contribution, make_map_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(city):
    author = make_user(username="lotte", email="lotte@example.org")
    return make_contribution(module=make_map_module(), author=author, status="pending", title="Dunkle Unterführung")


@pytest.fixture
def city(db):
    from geo_participation.core.demo import FIXTURES
    from maps.geo.services import areas_load

    areas_load(boundary_file=FIXTURES / "boundary.geojson", districts_file=FIXTURES / "districts.geojson")


def test_a_rejection_reaches_the_author_in_german_with_the_reason_and_the_link(pending, moderator, django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://mitwirkung.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        moderation_reject(item=pending, moderator=moderator, reason="Bitte ohne Namen von Personen.")
    [message] = mail.outbox
    assert message.to == ["lotte@example.org"]
    assert message.subject.endswith("Was du geschrieben hast, wurde nicht veröffentlicht")
    assert "Hallo lotte," in message.body and "„Dunkle Unterführung“" in message.body
    assert "Begründung: Bitte ohne Namen von Personen." in message.body
    assert f"https://mitwirkung.example.org{pending.get_absolute_url()}" in message.body


def test_publishing_and_hiding_are_told_too_in_the_language_of_the_profile(pending, moderator, django_capture_on_commit_callbacks):
    pending.author.language = "en"
    pending.author.save()
    with django_capture_on_commit_callbacks(execute=True):
        moderation_approve(item=pending, moderator=moderator)
    with django_capture_on_commit_callbacks(execute=True):
        moderation_hide(item=pending, moderator=moderator, reason="Reported twice: it names a person.")
    approved, hidden = mail.outbox
    assert approved.subject.endswith("What you wrote is now published") and "Hello lotte," in approved.body
    assert hidden.subject.endswith("What you wrote has been hidden") and "it names a person" in hidden.body


def test_no_mail_for_a_deleted_account_a_repeated_decision_or_the_demo(pending, moderator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        moderation_approve(item=pending, moderator=moderator)
        moderation_approve(item=pending, moderator=moderator)  # nothing changed for the author
        moderation_reject(item=pending, moderator=moderator, reason="Demo", notify=False)
    assert len(mail.outbox) == 1
    pending.author = None
    pending.save()
    with django_capture_on_commit_callbacks(execute=True):
        moderation_hide(item=pending, moderator=moderator, reason="Anonym")
    assert len(mail.outbox) == 1


def test_a_rolled_back_decision_sends_nothing(pending, moderator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        moderation_approve(item=pending, moderator=moderator)
    assert len(callbacks) == 1 and mail.outbox == []  # the mail waits for the commit
