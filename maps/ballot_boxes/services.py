"""Entering, confirming and correcting postcard tallies. Nothing is overwritten; nothing counts twice."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from geo_participation.core import dates
from geo_participation.polls.models import Poll

from .models import BallotBox, PostcardCount, PostcardTally


def _locked_poll_accepting_tallies(poll: Poll) -> Poll:
    # The row lock orders tally writes against publishing the result (which locks the same row).
    poll = Poll.objects.select_for_update().select_related("module").get(pk=poll.pk)
    if poll.module.results_published:
        raise ValidationError({"poll": _("The result of this poll is final; postcards can no longer be entered.")})
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
    if not box.polls.filter(pk=poll.pk).exists():
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
        raise ValidationError({"emptied_on": _("This emptying has already been entered. To change it, enter a correction.")}) from None
    _save_counts(tally, cleaned)
    return tally


@transaction.atomic
def tally_confirm(*, tally: PostcardTally, confirmed_by) -> PostcardTally:
    """A second person, not the one who entered it, confirms a tally; from then on it counts."""
    _locked_poll_accepting_tallies(tally.poll)
    tally = PostcardTally.objects.select_for_update().get(pk=tally.pk)
    if tally.confirmed_at is not None:
        raise ValidationError({"tally": _("This entry has already been confirmed.")})
    if hasattr(tally, "superseded_by"):
        raise ValidationError({"tally": _("This entry has been corrected; confirm the correction instead.")})
    if tally.entered_by_id is not None and tally.entered_by_id == confirmed_by.pk:
        raise ValidationError({"tally": _("A second person must confirm this entry, not the one who entered it.")})
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
        raise ValidationError({"tally": _("This entry has already been corrected; correct the latest entry.")})
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
        raise ValidationError({"tally": _("This entry has already been corrected; correct the latest entry.")}) from None
    _save_counts(correction, cleaned)
    return correction
