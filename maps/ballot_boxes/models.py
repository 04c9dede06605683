"""The analog ballot boxes and the postcards counted from them.

A tally is what staff count from one box for one poll at one emptying (Leerung): postcards per option
plus invalid cards. Entries are never changed: a correction is a new entry that supersedes the latest one
of its emptying, with a reason. Of each emptying, the latest *confirmed* entry counts (see selectors).
"""

from django.conf import settings
from django.contrib.gis.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from geo_participation.core import dates
from geo_participation.polls.models import Option, Poll


class BallotBox(models.Model):
    code = models.SlugField(_("Short code"), max_length=32, unique=True,
                            help_text=_("Printed on the box, e.g. bb-01."))
    name = models.CharField(_("Name"), max_length=200)
    location = models.PointField(_("Location"), srid=4326)
    address = models.CharField(_("Address"), max_length=300)
    location_hint = models.CharField(_("Where inside the building"), max_length=300, blank=True)
    opening_hours = models.TextField(_("Opening hours"), blank=True)
    active_from = models.DateField(_("Set up on"))
    active_until = models.DateField(_("Removed after"), null=True, blank=True,
                                    help_text=_("Leave empty while the box stays."))
    polls = models.ManyToManyField(Poll, blank=True, related_name="ballot_boxes",
                                   verbose_name=_("Polls whose postcards it collects"))
    source = models.TextField(_("Source of the location"), blank=True)

    class Meta:
        verbose_name = _("Ballot box")
        verbose_name_plural = _("Ballot boxes")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(active_until__isnull=True) | models.Q(active_until__gte=models.F("active_from")),
                name="ballot_boxes_box_removed_after_set_up",
                violation_error_message=_("A box cannot be removed before it is set up.")),
        ]

    def __str__(self):
        return self.name

    def is_active_on(self, day) -> bool:
        return self.active_from <= day and (self.active_until is None or day <= self.active_until)

    @property
    def is_active(self) -> bool:
        return self.is_active_on(timezone.localdate())


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
                name="ballot_boxes_one_entry_per_emptying",
                violation_error_message=_("This emptying has already been entered. To change it, enter a correction.")),
            models.CheckConstraint(
                condition=models.Q(supersedes__isnull=True) | ~models.Q(correction_reason=""),
                name="ballot_boxes_correction_has_reason",
                violation_error_message=_("Please give a reason for the correction.")),
        ]
        indexes = [models.Index(fields=["poll", "box", "emptied_on"], name="ballot_boxes_tally_emptying")]

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
        constraints = [models.UniqueConstraint(fields=["tally", "option"], name="ballot_boxes_one_count_per_option")]
