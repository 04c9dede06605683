"""Casting and changing votes, entering and confirming postcard tallies, publishing results.

The database enforces one vote per person and poll, and one entry per emptying; nothing is overwritten.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from geo_participation.core import dates
from geo_participation.core.refusals import Conflict, NotYours
from geo_participation.projects.door import phase_refusal
from maps.ballot_boxes.models import BallotBox

from .models import BallotChoice, Option, Participation, Poll, PostcardCount, PostcardTally
from .selectors import tally_pending_count


def _checked_choice(poll: Poll, option_ids: Iterable) -> list[int]:
    """The chosen option ids as whole numbers, checked against the poll's kind and maximum."""
    try:
        ids = [int(value) for value in option_ids]
    except (TypeError, ValueError):
        raise ValidationError({"options": _("Please choose options of this poll.")}) from None
    if not ids:
        raise ValidationError({"options": _("Please choose an option.")})
    if len(set(ids)) != len(ids):
        raise ValidationError({"options": _("Each option can be chosen only once.")})
    if len(ids) > poll.max_choices:
        raise ValidationError({"options": ngettext("Please choose only %(n)d option.",
                                                   "Please choose at most %(n)d options.", poll.max_choices)
                               % {"n": poll.max_choices}})
    return ids


def _refuse_foreign_options(poll: Poll, ids: list[int]) -> None:
    known = set(Option.objects.filter(poll=poll, id__in=ids).values_list("id", flat=True))
    if unknown := [i for i in ids if i not in known]:
        raise ValidationError({"options": _("Option %(ids)s does not belong to this poll.")
                               % {"ids": ", ".join(map(str, unknown))}})


def _require_open(poll: Poll) -> None:
    """Votes are cast and changed while the poll is open (the door refuses earlier, in the same words)."""
    if refusal := phase_refusal(poll.module):
        raise ValidationError({"poll": refusal.message})


# A vote is one statement, so one round trip and atomic by itself: the participation is inserted only if every
# option belongs to the poll, and only if the person has not voted (the unique constraint decides between
# racing requests); the ballot and its choices only if the participation was inserted.
CAST_SQL = """
WITH valid AS (
    SELECT count(*) = cardinality(%(options)s::bigint[]) AS ok
    FROM polls_option WHERE poll_id = %(poll)s AND id = ANY(%(options)s::bigint[])
), participation AS (
    INSERT INTO polls_participation (poll_id, user_id, voted_at, ballot_id)
    SELECT %(poll)s, %(user)s, %(now)s, %(linked_ballot)s FROM valid WHERE ok
    ON CONFLICT ON CONSTRAINT polls_one_vote_per_person DO NOTHING
    RETURNING id
), ballot AS (
    INSERT INTO polls_ballot (id, poll_id) SELECT %(ballot)s, %(poll)s FROM participation RETURNING id
), choices AS (
    INSERT INTO polls_ballotchoice (ballot_id, option_id)
    SELECT ballot.id, option_id FROM ballot, unnest(%(options)s::bigint[]) AS option_id RETURNING 1
)
SELECT (SELECT ok FROM valid), (SELECT id FROM participation), (SELECT count(*) FROM choices)
"""


def ballot_cast(*, poll: Poll, voter, option_ids: Iterable) -> Participation:
    """A confirmed resident votes once per poll while it is open; the choice is stored without the person."""
    _require_open(poll)
    ids = _checked_choice(poll, option_ids)
    ballot_id = uuid.uuid4()
    participation = Participation(poll=poll, user=voter, voted_at=timezone.now(),
                                  ballot_id=ballot_id if poll.allow_vote_change else None)
    participation.full_clean(exclude=["poll", "user", "ballot"], validate_unique=False, validate_constraints=False)
    with connection.cursor() as cursor:
        cursor.execute(CAST_SQL, {"options": ids, "poll": poll.pk, "user": voter.pk, "now": participation.voted_at,
                                  "ballot": ballot_id, "linked_ballot": participation.ballot_id})
        options_valid, participation.pk, _choices = cursor.fetchone()
    if not options_valid:
        _refuse_foreign_options(poll, ids)
    if participation.pk is None:
        raise Conflict("poll", _("You have already voted in this poll."), code="already_voted")
    return participation


@transaction.atomic
def ballot_change(*, poll: Poll, voter, option_ids: Iterable) -> Participation:
    """While the poll is open, and if it allows it, a resident replaces their choice; they still have one vote."""
    if not poll.allow_vote_change:
        raise Conflict("poll", _("In this poll a vote cannot be changed."), code="vote_change_not_allowed")
    _require_open(poll)
    ids = _checked_choice(poll, option_ids)
    _refuse_foreign_options(poll, ids)
    # The row lock makes concurrent changes by the same person wait for each other.
    participation = Participation.objects.select_for_update().filter(poll=poll, user=voter).first()
    if participation is None:
        raise Conflict("poll", _("You have not voted in this poll yet."), code="not_voted")
    if participation.ballot_id is None:
        raise Conflict("poll", _("Your vote has been sealed and can no longer be changed."), code="vote_sealed")
    BallotChoice.objects.filter(ballot_id=participation.ballot_id).delete()
    BallotChoice.objects.bulk_create([BallotChoice(ballot_id=participation.ballot_id, option_id=i) for i in ids])
    participation.changed_at = timezone.now()
    participation.save(update_fields=["changed_at"])
    return participation


@transaction.atomic
def ballots_seal(*, poll: Poll) -> int:
    """Cut the link between people and their ballots for good, once votes can no longer change."""
    return Participation.objects.filter(poll=poll, ballot__isnull=False).update(ballot=None)


@transaction.atomic
def poll_results_publish(*, poll: Poll, now=None) -> Poll:
    """Staff publish the final result of a closed poll once every postcard tally is settled; then it is final."""
    now = now or timezone.now()
    poll = Poll.objects.select_for_update().select_related("module").get(pk=poll.pk)  # tallies wait for this
    module = poll.module
    if module.state_at(now) != module.State.CLOSED:
        raise ValidationError({"poll": _("The result can be published once the poll has ended.")})
    if module.results_published_at and module.results_published_at <= now:
        raise ValidationError({"poll": _("The result has already been published.")})
    if pending := tally_pending_count(poll=poll):
        raise ValidationError({"poll": ngettext(
            "%(n)d postcard tally still waits for confirmation. Confirm or correct it first.",
            "%(n)d postcard tallies still wait for confirmation. Confirm or correct them first.", pending) % {"n": pending}})
    module.results_published_at = now
    module.full_clean()
    module.save(update_fields=["results_published_at"])
    ballots_seal(poll=poll)
    return poll


def _locked_poll_accepting_tallies(poll: Poll) -> Poll:
    # The row lock orders tally writes against publishing the result (which locks the same row).
    poll = Poll.objects.select_for_update().select_related("module").get(pk=poll.pk)
    if poll.module.results_published:
        raise Conflict("poll", _("The result of this poll is final; postcards can no longer be entered."),
                       code="result_final")
    return poll


def _clean_counts(poll: Poll, counts: dict, invalid_count) -> tuple[dict[int, int], int]:
    """Counts per option of this poll (every option, whole numbers, none negative) and invalid cards."""
    option_ids = set(poll.options.values_list("id", flat=True))
    cleaned: dict[int, int] = {}
    for key, value in counts.items():
        try:
            option_id = int(key)
        except (TypeError, ValueError):
            raise ValidationError({"counts": _("“%(key)s” is not an option of this poll.") % {"key": key}}) from None
        if option_id not in option_ids:
            raise ValidationError({"counts": _("Option %(id)s does not belong to this poll.") % {"id": option_id}})
        cleaned[option_id] = _whole_number(value, field="counts")
    if missing := option_ids - cleaned.keys():
        raise ValidationError({"counts": _("Please enter a number for every option (0 if none); missing: %(ids)s.")
                               % {"ids": ", ".join(map(str, sorted(missing)))}})
    return cleaned, _whole_number(invalid_count, field="invalid_count")


def _whole_number(value, *, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError({field: _("Please enter a whole number.")})
    if value < 0:
        raise ValidationError({field: _("A number of postcards cannot be negative.")})
    return value


def _save_counts(tally: PostcardTally, counts: dict[int, int]) -> None:
    PostcardCount.objects.bulk_create([PostcardCount(tally=tally, option_id=o, count=n) for o, n in counts.items()])


@transaction.atomic
def tally_create(*, poll: Poll, box: BallotBox, emptied_on: dt.date, counts: dict, invalid_count,
                 entered_by, note: str = "") -> PostcardTally:
    """Record the postcards of one emptying of one box for one poll; with four eyes it counts once confirmed."""
    poll = _locked_poll_accepting_tallies(poll)
    if not poll.ballot_boxes.filter(pk=box.pk).exists():
        raise ValidationError({"box": _("The box “%(box)s” does not collect postcards for this poll.") % {"box": box}})
    if emptied_on > timezone.localdate():
        raise ValidationError({"emptied_on": _("An emptying cannot be in the future.")})
    if emptied_on < timezone.localdate(poll.module.start):
        raise ValidationError({"emptied_on": _("The poll started only on %(date)s.")
                               % {"date": dates.day(poll.module.start, short=True)}})
    cleaned, invalid = _clean_counts(poll, counts, invalid_count)
    now = timezone.now()
    tally = PostcardTally(poll=poll, box=box, emptied_on=emptied_on, invalid_count=invalid, note=note.strip(),
                          entered_by=entered_by, entered_at=now, needs_confirmation=poll.tally_needs_confirmation,
                          confirmed_at=None if poll.tally_needs_confirmation else now)
    tally.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():  # the partial unique constraint decides between racing submissions
            tally.save()
    except IntegrityError:
        raise Conflict("emptied_on", _("This emptying has already been entered. To change it, enter a correction."),
                       code="already_entered") from None
    _save_counts(tally, cleaned)
    return tally


@transaction.atomic
def tally_confirm(*, tally: PostcardTally, confirmed_by) -> PostcardTally:
    """A second person, not the one who entered it, confirms a tally; from then on it counts."""
    _locked_poll_accepting_tallies(tally.poll)
    tally = PostcardTally.objects.select_for_update().get(pk=tally.pk)
    if tally.confirmed_at is not None:
        raise Conflict("tally", _("This entry has already been confirmed."), code="already_confirmed")
    if hasattr(tally, "superseded_by"):
        raise Conflict("tally", _("This entry has been corrected; confirm the correction instead."), code="superseded")
    if tally.entered_by_id is not None and tally.entered_by_id == confirmed_by.pk:
        raise NotYours("tally", _("A second person must confirm this entry, not the one who entered it."),
                       code="own_entry")
    tally.confirmed_by = confirmed_by
    tally.confirmed_at = timezone.now()
    tally.save(update_fields=["confirmed_by", "confirmed_at"])
    return tally


@transaction.atomic
def tally_correct(*, tally: PostcardTally, counts: dict, invalid_count, reason: str, entered_by,
                  note: str = "") -> PostcardTally:
    """Correct the latest entry of an emptying with a new entry and a reason; the old one stays in the log."""
    poll = _locked_poll_accepting_tallies(tally.poll)
    tally = PostcardTally.objects.select_for_update().get(pk=tally.pk)
    if hasattr(tally, "superseded_by"):
        raise _already_corrected()
    if not reason.strip():
        raise ValidationError({"reason": _("Please give a reason for the correction.")})
    cleaned, invalid = _clean_counts(poll, counts, invalid_count)
    now = timezone.now()
    correction = PostcardTally(poll=poll, box_id=tally.box_id, emptied_on=tally.emptied_on, invalid_count=invalid,
                               note=note.strip(), supersedes=tally, correction_reason=reason.strip(),
                               entered_by=entered_by, entered_at=now, needs_confirmation=poll.tally_needs_confirmation,
                               confirmed_at=None if poll.tally_needs_confirmation else now)
    correction.full_clean(validate_constraints=False, validate_unique=False)
    try:
        with transaction.atomic():  # one correction per entry: the one-to-one column is unique
            correction.save()
    except IntegrityError:
        raise _already_corrected() from None
    _save_counts(correction, cleaned)
    return correction


def _already_corrected() -> Conflict:
    # Seen before the insert, or lost in a race to another correction of the same entry (the unique column).
    return Conflict("tally", _("This entry has already been corrected; correct the latest entry."), code="superseded")


def image_without_metadata(upload):
    """A copy of an uploaded image without its metadata (EXIF: camera, time, location)."""
    from PIL import Image, ImageOps

    try:
        with Image.open(upload) as original:
            image = ImageOps.exif_transpose(original)  # keep the visible orientation, then drop EXIF
            fmt = original.format or "JPEG"
            if image.mode not in ("RGB", "RGBA", "L"):
                image = image.convert("RGBA" if fmt == "PNG" else "RGB")
            clean = Image.frombytes(image.mode, image.size, image.tobytes())  # pixels only, no metadata
    except (OSError, ValueError, Image.DecompressionBombError):
        raise ValidationError({"image": _("This file is not an image we can read.")}) from None
    buffer = BytesIO()
    clean.save(buffer, format=fmt)
    return SimpleUploadedFile(upload.name, buffer.getvalue(), content_type=getattr(upload, "content_type", None))
