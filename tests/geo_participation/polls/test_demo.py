"""The demo tells the story of the press releases: nine boxes, the Stadt.Raum.Wir. ranking, an open poll."""

import json

import pytest

from geo_participation.accounts.demo import demo_accounts_load
from geo_participation.core.demo import Progress
from geo_participation.polls.demo import EVENTS_SLUG, OPEN_SLUG, load
from geo_participation.polls.models import Participation, Poll, PostcardTally
from geo_participation.polls.selectors import box_states, pending_tallies, poll_result
from geo_participation.polls.staff_map import ballot_box_map_html
from geo_participation.projects.demo import demo_projects_load
from maps.ballot_boxes.models import BallotBox


def load_polls_demo():
    load(progress=Progress(total=1, write=lambda _line: None))


@pytest.fixture
def demo(db):
    # Only what the poll demo builds on (accounts, projects), not the other formats' demos.
    demo_accounts_load()
    demo_projects_load()
    load_polls_demo()


def test_the_demo_reproduces_the_published_ranking_from_both_channels(demo):
    poll = Poll.objects.get(module__slug=EVENTS_SLUG)
    result = poll_result(poll=poll)

    assert [o.option.title for o in result.options[:3]] == [
        "„Lautern tanzt“ – ein Lautrer Tanzabend", "3D-Straßenmalerei", "Cross Boule mit Käse und Baguette"]
    assert [o.realised for o in result.options] == [True, True, True, False, False]
    assert poll.module.results_published and result.online_total > 0 and result.postcards_total > 0
    assert {b.box.code for b in result.boxes if b.valid} == {f"bb-{n:02d}" for n in range(1, 10)}
    assert PostcardTally.objects.filter(poll=poll, supersedes__isnull=False).exists()  # a correction in the log
    assert not Participation.objects.filter(poll=poll, ballot__isnull=False).exists()  # sealed on publication


def test_the_open_poll_can_be_tried_by_anna_and_ben(demo):
    poll = Poll.objects.get(module__slug=OPEN_SLUG)
    assert poll.module.is_open and poll.ballot_boxes.count() == 2
    assert not Participation.objects.filter(poll=poll, user__username__in=["anna", "ben"]).exists()
    assert pending_tallies(poll=poll).count() == 1


def test_the_staff_map_shows_all_nine_boxes_and_a_second_run_changes_nothing(demo):
    states = box_states()
    assert len(states) == 9 and sum(s.active for s in states) == 2
    html = ballot_box_map_html(states, title="Karte", nonce="n")
    # Eight places: the Stadtarchiv (bb-04) is in the Rathaus (bb-09) and shares its circle, named in its tooltip.
    assert html.count("L.circleMarker(") == 8
    assert all(json.dumps(s.box.name)[1:-1] in html for s in states)
    counts = (BallotBox.objects.count(), PostcardTally.objects.count(), Participation.objects.count())

    load_polls_demo()

    assert (BallotBox.objects.count(), PostcardTally.objects.count(), Participation.objects.count()) == counts
