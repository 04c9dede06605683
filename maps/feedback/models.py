"""Feedback on features: staff load features (bike streets, say) and residents give one opinion on each."""

from django.conf import settings
from django.contrib.gis.db import models
from django.core.validators import MaxValueValidator, MinValueValidator
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from geo_participation.core.moderation import Moderated
from geo_participation.projects.models import Module

FORMAT_KEY = "feedback"
COMMENT_MAX_LENGTH = 2000


class FeedbackSettings(models.Model):
    """What staff set per feedback format; a format without a row uses the defaults."""

    module = models.OneToOneField(Module, on_delete=models.CASCADE, primary_key=True, related_name="feedback_settings",
                                  verbose_name=_("Participation format"))
    question = models.CharField(
        _("Question"), max_length=200, blank=True,
        help_text=_("Asked above the rating, e.g. “How well can you ride a bike here?” Empty: “How do you like it?”"))
    points_enabled = models.BooleanField(
        _("Residents may mark a point"), default=True,
        help_text=_("Residents may mark the spot where the problem is; it is placed on the feature's line."))
    max_point_distance_m = models.PositiveSmallIntegerField(
        _("Largest distance of a point from the line (metres)"), default=50,
        validators=[MinValueValidator(5), MaxValueValidator(500)],
        help_text=_("Points farther from the line are refused; nearer ones are moved onto it."))

    class Meta:
        verbose_name = _("Settings of the rating format")
        verbose_name_plural = _("Settings of the rating format")

    def __str__(self):
        return str(self.module)


class Feature(models.Model):
    """A thing residents give their opinion on, loaded by staff: a bike street, a route, a section of road."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="feedback_features",
                               limit_choices_to={"format_key": FORMAT_KEY}, verbose_name=_("Participation format"))
    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Short name in the address"), max_length=100)
    description = models.TextField(_("Description"), blank=True, max_length=5000)
    status_text = models.CharField(_("Status"), max_length=300, blank=True,
                                   help_text=_("For example “bike street since 2022” or “planned”."))
    geometry = models.MultiLineStringField(
        _("Course"), srid=4326, null=True, blank=True,
        help_text=_("Draw the line on the map or upload GeoJSON. Without a course residents can still rate it from "
                    "the list."))
    source = models.CharField(_("Source of the course"), max_length=500, blank=True,
                              help_text=_("Shown below the map, e.g. “© OpenStreetMap contributors”."))
    weight = models.PositiveSmallIntegerField(_("Order"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("Feature to rate")
        verbose_name_plural = _("Features to rate")
        ordering = ["module", "weight", "name"]
        constraints = [
            models.UniqueConstraint(fields=["module", "slug"], name="feedback_feature_slug_unique_per_module",
                                    violation_error_message=_("This format already has a feature with this short name.")),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse(f"{FORMAT_KEY}:feature-detail", kwargs={"module_slug": self.module.slug, "feature_slug": self.slug})


class Rating(models.TextChoices):
    GOOD = "good", _("good")
    OKAY = "okay", _("okay")
    BAD = "bad", _("bad")


class Opinion(Moderated):
    """One resident's opinion on one feature: a rating, a comment and, if they like, the spot where the problem is."""

    feature = models.ForeignKey(Feature, on_delete=models.CASCADE, related_name="opinions", verbose_name=_("Feature"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="feedback_opinions", verbose_name=_("author"))
    rating = models.CharField(_("Rating"), max_length=8, choices=Rating.choices)
    comment = models.TextField(_("Comment"), blank=True, max_length=COMMENT_MAX_LENGTH)
    point = models.PointField(_("Spot on the line"), srid=4326, null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("Opinion")
        verbose_name_plural = _("Opinions")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["feature", "status"], name="feedback_op_feature_status")]
        constraints = [
            # One opinion per person and feature, whatever races the requests run (deleted accounts: NULL, unlimited).
            models.UniqueConstraint(fields=["feature", "author"], name="feedback_opinion_once_per_person",
                                    violation_error_message=_("You have already given your opinion on this.")),
            models.CheckConstraint(condition=models.Q(rating__in=Rating.values), name="feedback_opinion_rating_valid"),
        ]

    def __str__(self):
        return f"{self.feature}: {self.get_rating_display()}"

    @property
    def module(self) -> Module:
        return self.feature.module

    def get_absolute_url(self):
        return f"{self.feature.get_absolute_url()}#meinung-{self.pk}"
