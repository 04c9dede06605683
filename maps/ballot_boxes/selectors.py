"""Reads shared by the poll result, the staff log, the staff map and the API."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from geo_participation.polls.models import Poll
from maps.geo.geojson import feature_collection

from .models import BallotBox, PostcardCount, PostcardTally


def counting_tallies(*, poll: Poll) -> QuerySet[PostcardTally]:
    """The entries that count: per emptying (box and day), the latest confirmed one.

    Corrections chain on from their emptying's first entry and are confirmed like it, so a confirmed entry
    counts until a confirmed correction replaces it, and an unconfirmed one never counts.
    """
    return (PostcardTally.objects.filter(poll=poll, confirmed_at__isnull=False)
            .order_by("box_id", "emptied_on", "-id").distinct("box_id", "emptied_on"))


def pending_tallies(*, poll: Poll | None = None) -> QuerySet[PostcardTally]:
    """Entries waiting for a second person: unconfirmed and not yet replaced by a correction."""
    tallies = PostcardTally.objects.filter(confirmed_at__isnull=True, superseded_by__isnull=True)
    return tallies.filter(poll=poll) if poll is not None else tallies


def tally_pending_count(*, poll: Poll) -> int:
    return pending_tallies(poll=poll).count()


@dataclass
class BoxCount:
    """What the postcards of one box added to a poll (the public summary per box)."""

    box: BallotBox
    counts: dict[int, int] = field(default_factory=dict)  # option id -> postcards
    invalid: int = 0
    emptyings: int = 0
    last_emptied_on: object = None
    pending: int = 0

    @property
    def valid(self) -> int:
        return sum(self.counts.values())


def postcard_counts_by_box(*, poll: Poll) -> list[BoxCount]:
    """Per box collecting the poll: counted postcards per option, invalid cards, emptyings, pending entries."""
    counting = counting_tallies(poll=poll)
    boxes = {box.pk: BoxCount(box=box) for box in poll.ballot_boxes.order_by("name")}
    for tally in PostcardTally.objects.filter(pk__in=counting.values("pk")).values("box_id").annotate(
            invalid=Sum("invalid_count"), emptyings=Count("id"), last=Max("emptied_on")):
        if tally["box_id"] not in boxes:  # a box that has stopped collecting this poll since
            boxes[tally["box_id"]] = BoxCount(box=BallotBox.objects.get(pk=tally["box_id"]))
        row = boxes[tally["box_id"]]
        row.invalid, row.emptyings, row.last_emptied_on = tally["invalid"], tally["emptyings"], tally["last"]
    for count in (PostcardCount.objects.filter(tally__in=counting.values("pk"))
                  .values("tally__box_id", "option_id").annotate(n=Sum("count"))):
        boxes[count["tally__box_id"]].counts[count["option_id"]] = count["n"]
    for pending in pending_tallies(poll=poll).values("box_id").annotate(n=Count("id")):
        if pending["box_id"] in boxes:
            boxes[pending["box_id"]].pending = pending["n"]
    return list(boxes.values())


class TallyStatus:
    COUNTS = "counts", _("counts")
    COUNTS_UNTIL_CORRECTION = "counts-until-correction", _("counts until the correction is confirmed")
    PENDING = "pending", _("waits for confirmation")
    REPLACED = "replaced", _("replaced by a correction")


def tally_log(*, poll: Poll) -> list[PostcardTally]:
    """Every entry of a poll, newest first, with its counts and status; for staff only (it names who entered it)."""
    tallies = list(PostcardTally.objects.filter(poll=poll)
                   .select_related("box", "entered_by", "confirmed_by", "supersedes")
                   .prefetch_related("counts")
                   .annotate(corrected=Exists(PostcardTally.objects.filter(supersedes=OuterRef("pk"))))
                   .order_by("-entered_at", "-id"))
    counting = set(counting_tallies(poll=poll).values_list("pk", flat=True))
    pending_corrections = set(
        PostcardTally.objects.filter(poll=poll, confirmed_at__isnull=True).values_list("supersedes_id", flat=True))
    options = list(poll.options.all())
    for tally in tallies:
        by_option = {c.option_id: c.count for c in tally.counts.all()}
        tally.option_counts = [(option, by_option.get(option.pk, 0)) for option in options]
        if tally.pk in counting:
            status = TallyStatus.COUNTS_UNTIL_CORRECTION if tally.pk in pending_corrections else TallyStatus.COUNTS
        elif tally.confirmed_at is None and not tally.corrected:
            status = TallyStatus.PENDING
        else:
            status = TallyStatus.REPLACED
        tally.status, tally.status_label = status
    return tallies


def boxes_geojson(*, poll: Poll | None = None) -> str:
    """The boxes as a FeatureCollection built by PostGIS; with a poll, only the boxes that collect it."""
    today = timezone.localdate()
    where, params = "", {"today": today}
    if poll is not None:
        where = "WHERE b.id IN (SELECT ballotbox_id FROM ballot_boxes_ballotbox_polls WHERE poll_id = %(poll)s)"
        params["poll"] = poll.pk
    return feature_collection(
        "SELECT b.id, b.location AS geometry, json_build_object("
        " 'code', b.code, 'name', b.name, 'address', b.address, 'location_hint', b.location_hint,"
        " 'opening_hours', b.opening_hours, 'active_from', b.active_from, 'active_until', b.active_until,"
        " 'active', b.active_from <= %(today)s AND (b.active_until IS NULL OR b.active_until >= %(today)s)"
        f") AS properties FROM ballot_boxes_ballotbox b {where} ORDER BY b.name",
        params,
    )


@dataclass
class BoxState:
    """A box on the staff map: active or not, last emptied, postcards counted per poll."""

    box: BallotBox
    active: bool
    last_emptied_on: object = None
    per_poll: list[dict] = field(default_factory=list)  # {"poll", "valid", "invalid", "pending"}


def box_states(*, today=None) -> list[BoxState]:
    today = today or timezone.localdate()
    boxes = list(BallotBox.objects.prefetch_related("polls__module").order_by("name"))
    last_emptied = dict(PostcardTally.objects.values_list("box_id").annotate(last=Max("emptied_on")))
    counted = {}  # (box, poll) -> BoxCount
    for poll in {poll for box in boxes for poll in box.polls.all()}:
        counted.update({(row.box.pk, poll.pk): row for row in postcard_counts_by_box(poll=poll)})
    states = []
    for box in boxes:
        state = BoxState(box=box, active=box.is_active_on(today), last_emptied_on=last_emptied.get(box.pk))
        for poll in sorted(box.polls.all(), key=lambda p: p.module.start, reverse=True):
            row = counted[(box.pk, poll.pk)]
            state.per_poll.append({"poll": poll, "valid": row.valid, "invalid": row.invalid, "pending": row.pending})
        states.append(state)
    return states


def boxes_for_poll(*, poll: Poll) -> QuerySet[BallotBox]:
    return poll.ballot_boxes.order_by("name")


def polls_with_boxes() -> QuerySet[Poll]:
    """Polls that collect postcards, newest first, with how many entries wait for confirmation."""
    return (Poll.objects.filter(ballot_boxes__isnull=False).distinct().select_related("module__project")
            .annotate(pending=Count("tallies", filter=Q(tallies__confirmed_at__isnull=True,
                                                        tallies__superseded_by__isnull=True), distinct=True))
            .order_by("-module__start"))
