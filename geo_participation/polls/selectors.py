"""Reads of polls that pages, the API and exports share: the merged result, one's own vote, the postcard tallies
(their log, what waits for confirmation, the staff map), personal data."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from geo_participation.core.prepared import PreparedLookup
from geo_participation.core.spreadsheets import csv_writer, spreadsheet_text
from maps.ballot_boxes.models import BallotBox

from .models import BallotChoice, Option, Participation, Poll, PostcardCount, PostcardTally

# Every vote starts here. The project's area (the city boundary, thousands of vertices) is left out: voting needs none.
_POLL_BY_MODULE_SLUG = PreparedLookup(Poll, follow=("module", "module__project"), defer=("module__project__area",),
                                      where="{module}.slug = %s AND {module}.format_key = %s")


SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")


def poll_by_module_slug(*, slug: str, format_key: str = "polls") -> Poll | None:
    """The poll of the format with this address, with its module and project, in one prepared query."""
    if not SLUG.fullmatch(slug):
        return None  # a query parameter can hold anything (a NUL byte), an address only a slug
    return _POLL_BY_MODULE_SLUG.get(slug, format_key)


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
    COUNTS = "counts", gettext_lazy("counts")
    COUNTS_UNTIL_CORRECTION = "counts-until-correction", gettext_lazy("counts until the correction is confirmed")
    PENDING = "pending", gettext_lazy("waits for confirmation")
    REPLACED = "replaced", gettext_lazy("replaced by a correction")


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


@dataclass
class OptionResult:
    option: Option
    online: int
    postcards: int
    rank: int = 0
    tied: bool = False  # shares its rank with another option
    realised: bool = False

    @property
    def total(self) -> int:
        return self.online + self.postcards


@dataclass
class PollResult:
    poll: Poll
    options: list[OptionResult]  # ranked, best first; options with equal totals share a rank
    boxes: list[BoxCount] = field(default_factory=list)
    online_voters: int = 0

    @property
    def online_total(self) -> int:
        return sum(o.online for o in self.options)

    @property
    def postcards_total(self) -> int:
        return sum(o.postcards for o in self.options)

    @property
    def total(self) -> int:
        return self.online_total + self.postcards_total

    @property
    def invalid_postcards(self) -> int:
        return sum(b.invalid for b in self.boxes)

    @property
    def pending_tallies(self) -> int:
        return sum(b.pending for b in self.boxes)

    @property
    def realised_count(self) -> int | None:
        return self.poll.realised_count

    @property
    def tie_at_realisation_cut(self) -> bool:
        """More options share the last realised place than there are places left: staff must decide."""
        return sum(o.realised for o in self.options) > (self.poll.realised_count or 0) > 0

    def box_rows(self):
        """Per box: the postcards per option in the order of ``options``."""
        return [(b, [b.counts.get(o.option.pk, 0) for o in self.options]) for b in self.boxes]


def online_counts(*, poll: Poll) -> dict[int, int]:
    return dict(BallotChoice.objects.filter(ballot__poll=poll).values_list("option_id")
                .annotate(n=Count("option_id")).values_list("option_id", "n"))


def rank(results: list[OptionResult], *, realised_count: int | None) -> list[OptionResult]:
    """Order by total; equal totals share a rank (1, 2, 2, 4); the top N are realised, ties at the cut included."""
    ordered = sorted(results, key=lambda r: (-r.total, r.option.weight, r.option.pk))
    for index, result in enumerate(ordered):
        previous = ordered[index - 1] if index else None
        result.rank = previous.rank if previous and previous.total == result.total else index + 1
    for result in ordered:
        result.tied = sum(1 for other in ordered if other.rank == result.rank) > 1
        result.realised = bool(realised_count) and result.rank <= realised_count
    return ordered


def poll_result(*, poll: Poll) -> PollResult:
    """Online votes and counted postcards merged, per option and per box."""
    online = online_counts(poll=poll)
    boxes = postcard_counts_by_box(poll=poll)
    postcards: dict[int, int] = {}
    for box in boxes:
        for option_id, n in box.counts.items():
            postcards[option_id] = postcards.get(option_id, 0) + n
    options = [OptionResult(option=o, online=online.get(o.pk, 0), postcards=postcards.get(o.pk, 0))
               for o in poll.options.all()]
    return PollResult(poll=poll, options=rank(options, realised_count=poll.realised_count), boxes=boxes,
                      online_voters=poll.ballots.count())


def poll_result_csv(result: PollResult) -> str:
    """The result as CSV (semicolons, for German spreadsheets): one row per option, one column per box."""
    out, writer = csv_writer()
    boxes = result.boxes
    writer.writerow([_("Rank"), _("Option"), _("Online"), *[spreadsheet_text(b.box.name) for b in boxes], _("Postcards"),
                     _("Total"), _("Realised")])
    for option in result.options:
        writer.writerow([option.rank, spreadsheet_text(option.option.title), option.online,
                         *[b.counts.get(option.option.pk, 0) for b in boxes], option.postcards, option.total,
                         _("yes") if option.realised else ""])
    writer.writerow(["", _("Invalid postcards"), "", *[b.invalid for b in boxes], result.invalid_postcards, "", ""])
    return out.getvalue()


def my_participation(*, poll: Poll, user) -> Participation | None:
    """The person's own participation, with their choice if it is still linked (they may change it)."""
    if not user.is_authenticated:
        return None
    participation = Participation.objects.filter(poll=poll, user=user).select_related("ballot").first()
    if participation is not None:
        participation.option_ids = (
            set(BallotChoice.objects.filter(ballot_id=participation.ballot_id).values_list("option_id", flat=True))
            if participation.ballot_id else set())
    return participation


def personal_data(*, user) -> list[dict]:
    """For "download my data": the polls I voted in, and my choice only where it is still linked to me."""
    rows = []
    for participation in (Participation.objects.filter(user=user)
                          .select_related("poll__module__project").order_by("voted_at")):
        module = participation.poll.module
        row = {"poll": module.title, "project": module.project.title, "voted_at": participation.voted_at.isoformat(),
               "changed_at": participation.changed_at.isoformat() if participation.changed_at else None}
        if participation.ballot_id:
            chosen = BallotChoice.objects.filter(ballot_id=participation.ballot_id).values("option_id")
            row["choice"] = list(Option.objects.filter(pk__in=chosen).values_list("title", flat=True))
        else:
            row["choice"] = None
            row["note"] = _("Your vote is secret: your choice is stored without your name, so we cannot show it.")
        rows.append(row)
    return rows
