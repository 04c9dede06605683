"""The register of the city's analog ballot boxes: where each stands, when it is open, since and until when.

The register knows nothing of what the boxes collect: polls name the boxes that collect their postcards and keep
the tallies (``geo_participation.polls``).
"""

from django.contrib.gis.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
