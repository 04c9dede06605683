"""Polls: options, and votes kept secret.

How a vote is stored, and why (the secrecy model):
- ``Participation`` says *that* a person voted in a poll (unique per person and poll, so the database itself
  refuses a second vote). It holds no choice.
- ``Ballot`` and ``BallotChoice`` hold *what* was chosen, without the person. A ballot has a random UUID and
  no timestamp, a choice has no id of its own, so neither order nor time links a ballot to a participation.
- Only while a person may still change their vote (the poll allows it and is open) does their participation
  point to their ballot. Publishing the result, or ``manage.py polls_seal_ballots`` after the end, cuts that
  link for good; polls that do not allow changes never store it.
Deleting an account sets ``Participation.user`` to NULL: the ballot and the "one vote" record stay, so the
counts do not change.

Postcards: a poll names the ballot boxes (``maps.ballot_boxes``, the register of places) that collect its
postcards. A tally is what staff count from one box for one poll at one emptying (Leerung): postcards per option
plus invalid cards. Entries are never changed: a correction is a new entry that supersedes the latest one of its
emptying, with a reason. Of each emptying, the latest *confirmed* entry counts (see selectors).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from geo_participation.core import dates
from geo_participation.projects.models import Module
from maps.ballot_boxes.models import BallotBox


class Poll(models.Model):
    """The settings of a poll; the module gives title, description and period."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple choice")

    class ResultsVisibility(models.TextChoices):
        LIVE = "live", _("live, while the poll is running")
        PUBLISHED = "published", _("only once staff publish them")

    module = models.OneToOneField(Module, on_delete=models.CASCADE, primary_key=True, related_name="poll",
                                  verbose_name=_("Participation format"))
    kind = models.CharField(_("Kind of poll"), max_length=16, choices=Kind.choices, default=Kind.SINGLE)
    max_choices = models.PositiveSmallIntegerField(
        _("Options one person may choose at most"), default=1,
        help_text=_("1 for single choice; at least 2 for multiple choice."))
    allow_vote_change = models.BooleanField(_("Residents may change their vote while the poll is open"), default=True)
    results_visibility = models.CharField(_("Show results"), max_length=16, choices=ResultsVisibility.choices,
                                          default=ResultsVisibility.PUBLISHED)
    realised_count = models.PositiveSmallIntegerField(
        _("The top N will be realised"), null=True, blank=True,
        help_text=_("Leave empty if the poll promises nothing about realising options."))
    tally_needs_confirmation = models.BooleanField(
        _("Postcard tallies need a second person to confirm them (four-eyes principle)"), default=True)
    ballot_boxes = models.ManyToManyField(BallotBox, blank=True, related_name="polls",
                                          verbose_name=_("Ballot boxes collecting its postcards"))

    class Meta:
        verbose_name = _("Poll settings")
        verbose_name_plural = _("Poll settings")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="single", max_choices=1) | models.Q(kind="multiple", max_choices__gte=2)),
                name="polls_poll_max_choices_fits_kind",
                violation_error_message=_("A single-choice poll allows exactly 1 option, a multiple-choice poll at least 2."),
            ),
            models.CheckConstraint(condition=models.Q(realised_count__isnull=True) | models.Q(realised_count__gte=1),
                                   name="polls_poll_realised_count_positive",
                                   violation_error_message=_("At least one option must be realised, or leave it empty.")),
        ]

    def __str__(self):
        return str(self.module)

    @property
    def is_multiple(self) -> bool:
        return self.kind == self.Kind.MULTIPLE

    @property
    def results_are_live(self) -> bool:
        return self.results_visibility == self.ResultsVisibility.LIVE


class Option(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options", verbose_name=_("Poll"))
    title = models.CharField(_("Title"), max_length=200)
    description = models.TextField(_("Description"), blank=True)
    image = models.ImageField(_("Image"), upload_to="polls/options/", blank=True,
                              help_text=_("Its metadata (camera, location) are removed on upload."))
    image_alt = models.CharField(_("Image description (alt text)"), max_length=300, blank=True)
    weight = models.PositiveSmallIntegerField(_("Order"), default=0)

    class Meta:
        verbose_name = _("Option")
        verbose_name_plural = _("Options")
        ordering = ["poll", "weight", "id"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "title"], name="polls_option_title_unique_per_poll",
                                    violation_error_message=_("This poll already has an option with this title.")),
        ]

    def __str__(self):
        return self.title


class Participation(models.Model):
    """That a person voted in a poll; never what they chose (see the module docstring)."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="poll_participations")
    voted_at = models.DateTimeField(default=timezone.now)
    changed_at = models.DateTimeField(null=True, blank=True)
    # Only while the vote may still be changed; NULL once sealed or if the poll allows no changes.
    ballot = models.OneToOneField("Ballot", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="participation")

    class Meta:
        verbose_name = _("Participation")
        verbose_name_plural = _("Participations")
        constraints = [
            models.UniqueConstraint(fields=["poll", "user"], name="polls_one_vote_per_person",
                                    violation_error_message=_("You have already voted in this poll.")),
        ]


class Ballot(models.Model):
    """One person's secret choices: a random id, no timestamp, no person."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots")

    class Meta:
        verbose_name = _("Ballot")
        verbose_name_plural = _("Ballots")


class BallotChoice(models.Model):
    # No id of its own: a sequence number would give away the order in which ballots were cast.
    pk = models.CompositePrimaryKey("ballot_id", "option_id")
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices", db_index=False)  # the pk
    option = models.ForeignKey(Option, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("Choice")
        verbose_name_plural = _("Choices")


class PostcardTally(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="tallies", verbose_name=_("Poll"),
                             db_index=False)  # the (poll, box, emptied_on) index serves it
    box = models.ForeignKey(BallotBox, on_delete=models.PROTECT, related_name="tallies", verbose_name=_("Ballot box"))
    emptied_on = models.DateField(_("Emptied on"))
    invalid_count = models.PositiveIntegerField(_("Invalid postcards"))
    note = models.CharField(_("Note"), max_length=500, blank=True)
    supersedes = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="superseded_by", verbose_name=_("Corrects entry"))
    correction_reason = models.TextField(_("Reason for the correction"), blank=True, max_length=1000)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("Entered by"))
    entered_at = models.DateTimeField(_("Entered at"), default=timezone.now)
    needs_confirmation = models.BooleanField(_("Needs a second person's confirmation"))
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("Confirmed by"))
    confirmed_at = models.DateTimeField(_("Confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("Postcard tally")
        verbose_name_plural = _("Postcard tallies")
        ordering = ["-entered_at", "-id"]
        constraints = [
            # The same emptying entered twice is refused by the database; corrections chain on from the first entry.
            models.UniqueConstraint(
                fields=["poll", "box", "emptied_on"], condition=models.Q(supersedes__isnull=True),
                name="polls_tally_one_entry_per_emptying",
                violation_error_message=_("This emptying has already been entered. To change it, enter a correction.")),
            models.CheckConstraint(
                condition=models.Q(supersedes__isnull=True) | ~models.Q(correction_reason=""),
                name="polls_tally_correction_has_reason",
                violation_error_message=_("Please give a reason for the correction.")),
        ]
        indexes = [models.Index(fields=["poll", "box", "emptied_on"], name="polls_tally_emptying")]

    def __str__(self):
        return f"{self.box} · {dates.day(self.emptied_on, short=True)}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def is_correction(self) -> bool:
        return self.supersedes_id is not None


class PostcardCount(models.Model):
    tally = models.ForeignKey(PostcardTally, on_delete=models.CASCADE, related_name="counts")
    option = models.ForeignKey(Option, on_delete=models.PROTECT, related_name="postcard_counts")
    count = models.PositiveIntegerField(_("Postcards"))

    class Meta:
        verbose_name = _("Postcards for one option")
        verbose_name_plural = _("Postcards per option")
        constraints = [models.UniqueConstraint(fields=["tally", "option"], name="polls_tally_one_count_per_option")]
