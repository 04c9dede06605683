"""Moving the tallies from the ballot-box register into polls keeps every row of a database that has them."""

import datetime as dt

import pytest
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from geo_participation.polls.models import Poll, PostcardCount, PostcardTally
from geo_participation.polls.selectors import counting_tallies
from maps.ballot_boxes.models import BallotBox

BEFORE = [("polls", "0001_initial"), ("ballot_boxes", "0001_initial")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_tallies_and_the_boxes_of_a_poll_survive_the_move():
    try:
        old = migrate(BEFORE)
        Project, Module = old.get_model("projects", "Project"), old.get_model("projects", "Module")
        OldPoll, Option = old.get_model("polls", "Poll"), old.get_model("polls", "Option")
        Box = old.get_model("ballot_boxes", "BallotBox")
        Tally, Count = old.get_model("ballot_boxes", "PostcardTally"), old.get_model("ballot_boxes", "PostcardCount")
        project = Project.objects.create(title="Stadt.Raum.Wir.", slug="srw", summary="…", topic="kultur-freizeit",
                                         office="Referat Kultur",
                                         area=MultiPolygon(Polygon.from_bbox((7.7, 49.4, 7.8, 49.5)), srid=4326))
        now = timezone.now()
        module = Module.objects.create(project=project, format_key="polls", title="Veranstaltungen", slug="srw-poll",
                                       start=now - dt.timedelta(days=10), end=now + dt.timedelta(days=10))
        poll = OldPoll.objects.create(module=module)
        first, second = (Option.objects.create(poll=poll, title=t) for t in ("Tanz", "Malerei"))
        boxes = [Box.objects.create(code=f"bb-0{n}", name=f"Box {n}", location=Point(7.76, 49.44, srid=4326),
                                    address="Willy-Brandt-Platz 1", active_from=dt.date(2022, 4, 29)) for n in (1, 2)]
        boxes[0].polls.add(poll)
        boxes[1].polls.add(poll)
        entry = Tally.objects.create(poll=poll, box=boxes[0], emptied_on=dt.date.today(), invalid_count=1,
                                     needs_confirmation=True, confirmed_at=now)
        Count.objects.bulk_create([Count(tally=entry, option=first, count=7), Count(tally=entry, option=second, count=3)])
        correction = Tally.objects.create(poll=poll, box=boxes[0], emptied_on=entry.emptied_on, invalid_count=0,
                                          supersedes=entry, correction_reason="doppelt gezählt",
                                          needs_confirmation=True, confirmed_at=now)
        Count.objects.create(tally=correction, option=first, count=6)
    finally:
        migrate(leaves())

    poll = Poll.objects.get(module__slug="srw-poll")
    assert sorted(poll.ballot_boxes.values_list("code", flat=True)) == ["bb-01", "bb-02"]
    assert list(BallotBox.objects.get(code="bb-01").polls.all()) == [poll]
    assert PostcardTally.objects.filter(poll=poll).count() == 2
    assert PostcardTally.objects.get(supersedes__isnull=False).supersedes_id == entry.pk
    assert sorted(PostcardCount.objects.values_list("count", flat=True)) == [3, 6, 7]
    assert [t.pk for t in counting_tallies(poll=poll)] == [correction.pk]
    # The constraints came along under their new names: the same emptying cannot be entered twice.
    with pytest.raises(Exception, match="polls_tally_one_entry_per_emptying"):
        PostcardTally.objects.create(poll=poll, box_id=boxes[0].pk, emptied_on=entry.emptied_on, invalid_count=0,
                                     needs_confirmation=False)
