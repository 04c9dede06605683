"""Casting and changing votes, publishing results. The database enforces one vote per person and poll."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import BallotChoice, Option, Participation, Poll


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
    module = poll.module
    if not module.is_open:
        message = (_("This poll has not started yet.") if module.state == module.State.UPCOMING
                   else _("This poll is closed; votes are no longer accepted."))
        raise ValidationError({"poll": message})


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
        raise ValidationError({"poll": _("You have already voted in this poll.")})
    return participation


@transaction.atomic
def ballot_change(*, poll: Poll, voter, option_ids: Iterable) -> Participation:
    """While the poll is open, and if it allows it, a resident replaces their choice; they still have one vote."""
    if not poll.allow_vote_change:
        raise ValidationError({"poll": _("In this poll a vote cannot be changed.")})
    _require_open(poll)
    ids = _checked_choice(poll, option_ids)
    _refuse_foreign_options(poll, ids)
    # The row lock makes concurrent changes by the same person wait for each other.
    participation = Participation.objects.select_for_update().filter(poll=poll, user=voter).first()
    if participation is None:
        raise ValidationError({"poll": _("You have not voted in this poll yet.")})
    if participation.ballot_id is None:
        raise ValidationError({"poll": _("Your vote has been sealed and can no longer be changed.")})
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
    from maps.ballot_boxes.selectors import tally_pending_count

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
