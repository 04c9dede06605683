"""The generic map format: staff configure a map (area, geometry kinds, categories, attributes, options) and
residents add contributions (a point, line, area, or none for ideas) that moderators approve first."""

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator, RegexValidator
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from geo_participation.core.moderation import Moderated, ModerationStatus
from geo_participation.core.storage import private_storage
from geo_participation.core.translation import TranslatedTexts
from geo_participation.projects.models import Module
from maps.geo.models import AdministrativeArea


class GeometryKind(models.TextChoices):
    POINT = "point", _("point")
    LINE = "line", _("line")
    POLYGON = "polygon", _("area")


GEOS_KINDS = {"Point": GeometryKind.POINT, "LineString": GeometryKind.LINE, "Polygon": GeometryKind.POLYGON}


class MapSettings(models.Model):
    """What a map format accepts; staff set it per format in the admin."""

    module = models.OneToOneField(Module, on_delete=models.CASCADE, primary_key=True, related_name="map_settings",
                                  verbose_name=_("Participation format"))
    area = models.MultiPolygonField(
        _("Area"), srid=4326, null=True, blank=True,
        help_text=_("Where contributions may be placed. Leave empty for the project's area (the whole city by default)."))
    accepts_points = models.BooleanField(_("Points"), default=True)
    accepts_lines = models.BooleanField(_("Lines"), default=False)
    accepts_polygons = models.BooleanField(_("Areas"), default=False)
    photos_enabled = models.BooleanField(_("Photos allowed"), default=True)
    supports_enabled = models.BooleanField(_("Support (“me too”) allowed"), default=True)
    comments_enabled = models.BooleanField(_("Comments allowed"), default=True)

    class Meta:
        verbose_name = _("Map settings")
        verbose_name_plural = _("Map settings")

    def __str__(self):
        return str(self.module)

    @property
    def geometry_kinds(self) -> list[str]:
        """The kinds of places residents may mark; none means an idea collection without places."""
        flags = ((GeometryKind.POINT, self.accepts_points), (GeometryKind.LINE, self.accepts_lines),
                 (GeometryKind.POLYGON, self.accepts_polygons))
        return [kind.value for kind, accepted in flags if accepted]

    @property
    def has_places(self) -> bool:
        return bool(self.geometry_kinds)

    @property
    def effective_area(self):
        return self.area or self.module.area


hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Please enter a colour as #RRGGBB, for example #b0001e."))


def _relative_luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_with_white(colour: str) -> float:
    return 1.05 / (_relative_luminance(colour) + 0.05)


class Category(models.Model):
    """A category residents choose for a contribution; its colour and icon mark it on the map."""

    class Icon(models.TextChoices):
        PIN = "pin", _("pin")
        LIGHT = "light", _("street light")
        EYE = "eye", _("hidden view")
        WARNING = "warning", _("warning sign")
        CAR = "car", _("car")
        BIKE = "bike", _("bicycle")
        WALK = "walk", _("walking")
        SUN = "sun", _("sun")
        MOON = "moon", _("moon")
        WATER = "water", _("water drop")
        TREE = "tree", _("tree")
        BUILDING = "building", _("building")
        BENCH = "bench", _("bench")
        IDEA = "idea", _("idea")
        NOISE = "noise", _("noise")
        HEART = "heart", _("heart")

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="map_categories",
                               verbose_name=_("Participation format"))
    name = models.CharField(_("Name"), max_length=80)
    colour = models.CharField(_("Colour"), max_length=7, default="#b0001e", validators=[hex_colour],
                              help_text=_("Dark enough for white icons: a contrast of at least 3:1 with white."))
    icon = models.CharField(_("Icon"), max_length=16, choices=Icon.choices, default=Icon.PIN)
    description = models.CharField(_("Description"), max_length=300, blank=True)
    # For English readers; empty: they read the German text (core.translation). Empty in the database too, for rows
    # written by code that does not know these fields (a migration's historical model).
    name_en = models.CharField(_("Name (English)"), max_length=80, blank=True, default="", db_default="")
    description_en = models.CharField(_("Description (English)"), max_length=300, blank=True, default="", db_default="")
    weight = models.PositiveSmallIntegerField(_("Order"), default=0)

    i18n = TranslatedTexts()

    class Meta:
        verbose_name = _("Category")
        verbose_name_plural = _("Categories")
        ordering = ["weight", "name"]
        constraints = [models.UniqueConstraint(fields=["module", "name"], name="mapping_category_unique_name",
                                               violation_error_message=_("This format already has a category of this name."))]

    def __str__(self):
        return self.name

    def clean(self):
        # WCAG 1.4.11: a marker must stand out (3:1) from the white icon drawn on it.
        if self.colour and hex_colour.regex.match(self.colour) and contrast_with_white(self.colour) < 3:
            raise ValidationError({"colour": _("This colour is too light for a white icon (contrast %(ratio).1f:1, "
                                               "at least 3:1 is needed).") % {"ratio": contrast_with_white(self.colour)}})


class Attribute(models.Model):
    """An extra question about each contribution (time of day, how hot); together they form a JSON Schema."""

    class Kind(models.TextChoices):
        CHOICE = "choice", _("one of several options")
        SCALE = "scale", _("a number on a scale")
        YES_NO = "yes_no", _("yes or no")
        TEXT = "text", _("a short text")

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="map_attributes",
                               verbose_name=_("Participation format"))
    key = models.SlugField(_("Key"), max_length=40,
                           help_text=_("The attribute's name in the data and the API, e.g. “tageszeit”. Do not change it once contributions exist."))
    label = models.CharField(_("Question"), max_length=120)
    kind = models.CharField(_("Kind of answer"), max_length=16, choices=Kind.choices, default=Kind.CHOICE)
    options = models.TextField(_("Options"), blank=True,
                               help_text=_("For “one of several options”: one option per line."))
    minimum = models.SmallIntegerField(_("Lowest value"), default=1, validators=[MinValueValidator(-1000), MaxValueValidator(1000)])
    maximum = models.SmallIntegerField(_("Highest value"), default=5, validators=[MinValueValidator(-1000), MaxValueValidator(1000)])
    minimum_label = models.CharField(_("Meaning of the lowest value"), max_length=60, blank=True)
    maximum_label = models.CharField(_("Meaning of the highest value"), max_length=60, blank=True)
    required = models.BooleanField(_("Answer required"), default=True)
    help_text = models.CharField(_("Help text"), max_length=200, blank=True)
    weight = models.PositiveSmallIntegerField(_("Order"), default=0)

    class Meta:
        verbose_name = _("Attribute")
        verbose_name_plural = _("Attributes")
        ordering = ["weight", "id"]
        constraints = [models.UniqueConstraint(fields=["module", "key"], name="mapping_attribute_unique_key",
                                               violation_error_message=_("This format already has an attribute with this key."))]

    def __str__(self):
        return self.label

    @property
    def choices(self) -> list[tuple[str, str]]:
        """(value, label) per option line; the value is the label written for addresses (“Abend” → “abend”)."""
        labels = [line.strip() for line in self.options.splitlines() if line.strip()]
        return [(slugify(label.replace("ß", "ss")) or label, label) for label in labels]

    @property
    def is_filterable(self) -> bool:
        return self.kind != self.Kind.TEXT

    def clean(self):
        if self.kind == self.Kind.CHOICE:
            values = [value for value, _label in self.choices]
            if len(values) < 2:
                raise ValidationError({"options": _("Please give at least two options, one per line.")})
            if len(set(values)) != len(values):
                raise ValidationError({"options": _("Two options are written too much alike.")})
        if self.kind == self.Kind.SCALE and self.minimum >= self.maximum:
            raise ValidationError({"maximum": _("The highest value must be above the lowest.")})

    def json_schema(self) -> dict:
        schema: dict = {"title": self.label}
        if self.help_text:
            schema["description"] = self.help_text
        if self.kind == self.Kind.CHOICE:
            schema.update(type="string", oneOf=[{"const": value, "title": label} for value, label in self.choices])
        elif self.kind == self.Kind.SCALE:
            schema.update(type="integer", minimum=self.minimum, maximum=self.maximum)
        elif self.kind == self.Kind.YES_NO:
            schema.update(type="boolean")
        else:
            schema.update(type="string", maxLength=200)
        return schema


class Contribution(Moderated):
    """A resident's mark on the map (or an idea without a place); public once a moderator approved it."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="map_contributions",
                               verbose_name=_("Participation format"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="map_contributions", verbose_name=_("author"))
    category = models.ForeignKey(Category, on_delete=models.SET_NULL, null=True, blank=True, related_name="contributions",
                                 verbose_name=_("Category"))
    title = models.CharField(_("Title"), max_length=100)
    description = models.TextField(_("Description"), max_length=2000, blank=True, validators=[MaxLengthValidator(2000)])
    geometry = models.GeometryField(_("Place"), srid=4326, null=True, blank=True)
    attributes = models.JSONField(_("Attributes"), default=dict, blank=True)
    district = models.ForeignKey(AdministrativeArea, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                 verbose_name=_("District"))
    support_count = models.PositiveIntegerField(_("Supports"), default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("Map contribution")
        verbose_name_plural = _("Map contributions")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["module", "status"], name="mapping_contribution_state"),
            GinIndex(fields=["attributes"], opclasses=["jsonb_path_ops"], name="mapping_contribution_attrs"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("mapping:contribution-detail", kwargs={"module_slug": self.module.slug, "pk": self.pk})

    @property
    def public_author(self) -> str:
        """Only the username is ever shown; an erased account shows as such."""
        return self.author.username if self.author_id else str(_("deleted account"))

    @property
    def geometry_kind(self) -> str | None:
        return GEOS_KINDS.get(self.geometry.geom_type) if self.geometry else None


class Support(models.Model):
    """“Me too”: one per person and contribution, enforced by the database."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="map_supports")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Support")
        verbose_name_plural = _("Supports")
        constraints = [models.UniqueConstraint(fields=["contribution", "user"], name="mapping_support_once_per_person",
                                               violation_error_message=_("You already support this contribution."))]


class Comment(Moderated):
    """A resident's comment on a contribution; public once a moderator approved it."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="comments",
                                     verbose_name=_("Map contribution"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="map_comments", verbose_name=_("author"))
    text = models.TextField(_("Comment"), max_length=1000, validators=[MaxLengthValidator(1000)])
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("Comment")
        verbose_name_plural = _("Comments")
        ordering = ["created_at"]

    def __str__(self):
        return self.text[:60]

    def get_absolute_url(self):
        return f"{self.contribution.get_absolute_url()}#kommentar-{self.pk}"

    @property
    def module(self):
        return self.contribution.module

    @property
    def public_author(self) -> str:
        return self.author.username if self.author_id else str(_("deleted account"))


def _photo_path(photo, filename):
    return f"mapping/{photo.contribution.module_id}/{filename}"


class Photo(models.Model):
    """A photo of a contribution, re-encoded on upload: no EXIF or GPS metadata survives, names are random.

    The files are private (core.storage): they are seen only through the photo view, which asks per request
    whether the visitor may see the contribution, so a hidden or pending contribution's photo is no one else's.
    """

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("Photo"), upload_to=_photo_path, storage=private_storage,
                              width_field="width", height_field="height")
    thumbnail = models.ImageField(_("Thumbnail"), upload_to=_photo_path, storage=private_storage)
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    alt_text = models.CharField(_("What the photo shows"), max_length=200,
                                help_text=_("For people who cannot see the photo."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Photo")
        verbose_name_plural = _("Photos")
        ordering = ["created_at"]

    def __str__(self):
        return self.alt_text

    def _view_url(self, name: str) -> str:
        contribution = self.contribution
        return reverse(f"mapping:{name}", kwargs={"module_slug": contribution.module.slug, "pk": contribution.pk,
                                                  "photo_pk": self.pk})

    @property
    def url(self) -> str:
        """The address of the photo: the view that checks who may see it (the file itself has none)."""
        return self._view_url("photo")

    @property
    def thumbnail_url(self) -> str:
        return self._view_url("photo-thumbnail")


PUBLISHED = ModerationStatus.APPROVED
