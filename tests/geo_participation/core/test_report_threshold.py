"""Reports hide after a threshold: what REPORTS_TO_HIDE different residents reported is hidden until a moderator decides.

As trusted participation platforms do: the item leaves the site at once, the moderation queue shows it with the
reasons, and its author and the reporters are told (by e-mail, in their language), again when a moderator decided.
"""

import pytest
from django.db import connections
from django.test import Client

from geo_participation.core.models import Report
from geo_participation.core.moderation import ModerationStatus, moderation_dismiss_reports, moderation_hide
from geo_participation.core.services import report_create
from maps.mapping.models import Contribution
from tests.concurrency import all_at_once, logged_in_session
from tests.factories import make_user
from tests.factories.feedback import make_feature, make_feedback_module, make_opinion
from tests.factories.mapping import make_contribution, make_map_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(db):
    return make_user(username="autorin", language="en")


@pytest.fixture
def contribution(author):
    return make_contribution(module=make_map_module(), author=author, title="Dunkle Ecke")


def report(item, n, *, reason="Beleidigend"):
    return [report_create(item=item, reporter=make_user(), reason=reason) for _ in range(n)]


def reload(item):
    return type(item).objects.get(pk=item.pk)


def test_the_third_report_hides_a_contribution_until_a_moderator_decides(contribution, settings,
                                                                          django_capture_on_commit_callbacks, mailoutbox):
    assert settings.REPORTS_TO_HIDE == 3
    with django_capture_on_commit_callbacks(execute=True):
        first_two = report(contribution, 2)
    assert reload(contribution).status == ModerationStatus.APPROVED and not mailoutbox
    assert not any(r.hid_item for r in first_two)
    with django_capture_on_commit_callbacks(execute=True):
        [third] = report(contribution, 1)
    hidden = reload(contribution)
    assert third.hid_item and hidden.status == ModerationStatus.HIDDEN and hidden.awaits_review
    assert Client().get(hidden.get_absolute_url()).status_code == 404

    to_author = [m for m in mailoutbox if m.to == [contribution.author.email]]
    assert len(to_author) == 1  # in the language of the author's profile: English
    assert to_author[0].subject == "What you wrote is hidden for now"
    assert "3 residents have reported what you wrote" in to_author[0].body and "Dunkle Ecke" in to_author[0].body
    to_reporters = [m for m in mailoutbox if m.to != [contribution.author.email]]
    assert len(to_reporters) == 3  # everyone who reported it, in German
    assert {m.subject for m in to_reporters} == {"Was du gemeldet hast, ist vorerst ausgeblendet"}


def test_the_threshold_is_a_setting(contribution, settings):
    settings.REPORTS_TO_HIDE = 5
    report(contribution, 4)
    assert reload(contribution).status == ModerationStatus.APPROVED
    report(contribution, 1)
    assert reload(contribution).awaits_review


def test_a_resident_reporting_twice_counts_once(contribution, resident):
    report_create(item=contribution, reporter=resident, reason="Falsch")
    with pytest.raises(Exception):
        report_create(item=contribution, reporter=resident, reason="Immer noch falsch")
    report(contribution, 1)
    assert Report.objects.count() == 2 and reload(contribution).status == ModerationStatus.APPROVED


def test_comments_and_opinions_hide_the_same_way(resident):
    contribution = make_contribution(module=make_map_module())
    comment = contribution.comments.create(author=resident, text="Unsinn", status=ModerationStatus.APPROVED)
    report(comment, 3)
    assert reload(comment).awaits_review and reload(contribution).status == ModerationStatus.APPROVED
    opinion = make_opinion(feature=make_feature(module=make_feedback_module()), author=resident, comment="Frech",
                           status=ModerationStatus.APPROVED)
    report(opinion, 3)
    assert reload(opinion).awaits_review


def test_the_queue_shows_why_and_the_moderator_publishes_again_or_keeps_it_hidden(contribution, moderator, client,
                                                                                   django_capture_on_commit_callbacks,
                                                                                   mailoutbox):
    report(contribution, 3, reason="Nennt eine Person beim Namen")
    client.force_login(moderator)
    html = client.get("/moderation/").content.decode()
    assert "Automatisch ausgeblendet nach 3 Meldungen verschiedener Bürger:innen." in html
    assert "Nennt eine Person beim Namen" in html and "Wieder veröffentlichen" in html and "Ausgeblendet lassen" in html

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moderation_dismiss_reports(item=reload(contribution), moderator=moderator)
    kept = reload(contribution)
    assert kept.status == ModerationStatus.APPROVED and not Report.objects.filter(resolved_at__isnull=True).exists()
    assert {m.subject for m in mailoutbox} == {"What you wrote is now published",  # the author, in English
                                               "Was du gemeldet hast, bleibt veröffentlicht"}
    assert len(mailoutbox) == 4

    # Three new residents report it again: hidden again; this time the moderator keeps it hidden, with a reason.
    report(contribution, 3)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moderation_hide(item=reload(contribution), moderator=moderator, reason="Persönliche Daten")
    decided = reload(contribution)
    assert decided.status == ModerationStatus.HIDDEN and not decided.awaits_review
    author_mail = next(m for m in mailoutbox if m.to == [contribution.author.email])
    assert "Persönliche Daten" in author_mail.body  # told although the state stayed "hidden"
    assert sum(m.subject == "Was du gemeldet hast, wurde von der Seite genommen" for m in mailoutbox) == 3


def test_the_queue_decision_through_the_page(contribution, moderator, client):
    report(contribution, 3)
    client.force_login(moderator)
    response = client.post("/moderation/", {"item": f"mapping.contribution:{contribution.pk}", "decision": "keep"})
    assert response.status_code == 302 and reload(contribution).status == ModerationStatus.APPROVED


def test_the_author_sees_why_on_the_site(contribution, client):
    report(contribution, 3)
    client.force_login(contribution.author)
    html = client.get(contribution.get_absolute_url()).content.decode()  # in English, the author's language
    assert "hidden after reports until the moderators decide" in html


def test_the_reporter_who_hid_it_is_told_on_the_page(contribution, client):
    report(contribution, 2)
    reporter = make_user(username="dritte")
    client.force_login(reporter)
    response = client.post(f"{contribution.get_absolute_url()}melden/", {"reason": "Beleidigend"}, follow=True)
    assert response.redirect_chain[-1][0] == contribution.module.get_absolute_url()
    assert "Mehrere Bürger:innen haben das gemeldet" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_reports_sent_at_the_same_moment_each_count_once(live_server, settings):
    """Six residents report at once (each twice) with a threshold of six: six reports, and the last one to be counted
    sees the other five and hides the item (counted side by side, each would have seen too few)."""
    settings.REPORTS_TO_HIDE = 6
    contribution = make_contribution(module=make_map_module())
    url = f"{live_server.url}{contribution.get_absolute_url()}melden/"
    sessions = [logged_in_session(make_user()) for _ in range(6)]
    connections.close_all()

    def send(session):
        return lambda: session.post(url, data={"reason": "Beleidigend"}, headers={"Accept": "text/html"},
                                    allow_redirects=False, timeout=30)

    results = all_at_once([send(s) for s in sessions + sessions])
    # A second report that arrives after the sixth hid the item finds nothing to report any more: 404, as for
    # anything hidden. Only the second of each pair can: every resident's first is counted.
    assert all(r.status_code in (302, 400, 403, 404) for r in results), [r.status_code for r in results]
    assert sum(r.status_code == 302 for r in results) == 6
    assert Report.objects.filter(object_id=contribution.pk).count() == 6
    assert Contribution.objects.get(pk=contribution.pk).awaits_review
