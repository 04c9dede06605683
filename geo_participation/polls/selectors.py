"""Reads of polls that pages, the API and exports share: the merged result, one's own vote, personal data."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _

from geo_participation.core.prepared import PreparedLookup
from maps.ballot_boxes.selectors import BoxCount, postcard_counts_by_box

from .models import BallotChoice, Option, Participation, Poll

# Every vote starts here. The project's area (the city boundary, thousands of vertices) is left out: voting needs none.
_POLL_BY_MODULE_SLUG = PreparedLookup(Poll, follow=("module", "module__project"), defer=("module__project__area",),
                                      where="{module}.slug = %s AND {module}.format_key = %s")


def poll_by_module_slug(*, slug: str, format_key: str = "polls") -> Poll | None:
    """The poll of the format with this address, with its module and project, in one prepared query."""
    return _POLL_BY_MODULE_SLUG.get(slug, format_key)


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


def _cell(text: str) -> str:
    """Text a spreadsheet shows as text: one starting with = + - @ (or a tab or return) would be run as a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def poll_result_csv(result: PollResult) -> str:
    """The result as CSV (semicolons, for German spreadsheets): one row per option, one column per box."""
    out = io.StringIO()
    out.write("\ufeff")  # so that spreadsheet programs read UTF-8
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    boxes = result.boxes
    writer.writerow([_("Rank"), _("Option"), _("Online"), *[_cell(b.box.name) for b in boxes], _("Postcards"),
                     _("Total"), _("Realised")])
    for option in result.options:
        writer.writerow([option.rank, _cell(option.option.title), option.online,
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
