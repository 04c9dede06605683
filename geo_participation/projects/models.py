from django.contrib.gis.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from geo_participation import formats
from geo_participation.core.translation import TranslatedTexts
from maps.geo.selectors import city_boundary


class Topic(models.TextChoices):
    URBAN_DEVELOPMENT = "stadtentwicklung", _("Urban development")
    MOBILITY = "mobilitaet", _("Mobility")
    CLIMATE = "klima-umwelt", _("Climate and environment")
    SAFETY = "sicherheit", _("Safety")
    CULTURE = "kultur-freizeit", _("Culture and leisure")
    DIGITAL = "digitalisierung", _("Digitalisation")
    ECONOMY = "wirtschaft-handel", _("Economy and retail")
    SOCIETY = "zusammenleben", _("Community")


class Project(models.Model):
    """A project of the city (a Smart City project, an office's project) that holds participation formats."""

    title = models.CharField(_("Title"), max_length=200)
    slug = models.SlugField(_("Short name in the address"), max_length=100, unique=True)
    summary = models.CharField(_("Summary"), max_length=300)
    description = models.TextField(_("Description"), blank=True)
    # For English readers; empty: they read the German text (core.translation). Empty in the database too, for rows
    # written by code that does not know these fields (a migration's historical model).
    title_en = models.CharField(_("Title (English)"), max_length=200, blank=True, default="", db_default="")
    summary_en = models.CharField(_("Summary (English)"), max_length=300, blank=True, default="", db_default="")
    description_en = models.TextField(_("Description (English)"), blank=True, default="", db_default="")
    image = models.ImageField(_("Image"), upload_to="projects/", blank=True)
    image_alt = models.CharField(_("Image description (alt text)"), max_length=300, blank=True)
    topic = models.CharField(_("Topic"), max_length=32, choices=Topic.choices)
    office = models.CharField(_("Responsible office"), max_length=200, help_text=_("For example a city office."))
    contact = models.TextField(_("Contact"), blank=True, help_text=_("Name, e-mail address, phone of the contact person."))
    area = models.MultiPolygonField(_("Area"), srid=4326, blank=True,
                                    help_text=_("Leave empty for the whole city."))
    is_draft = models.BooleanField(_("Draft (not public)"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    i18n = TranslatedTexts()

    class Meta:
        verbose_name = _("Project")
        verbose_name_plural = _("Projects")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("project-detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        if not self.area:
            self.area = default_area()  # the whole city unless staff drew a smaller area
        super().save(*args, **kwargs)


class ModuleQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_draft=False, project__is_draft=False)

    def open(self, now=None):
        now = now or timezone.now()
        return self.filter(start__lte=now, end__gt=now)

    def upcoming(self, now=None):
        return self.filter(start__gt=now or timezone.now())

    def closed(self, now=None):
        return self.filter(end__lte=now or timezone.now())

    def with_published_results(self):
        return self.filter(results_published_at__isnull=False)


class Module(models.Model):
    """One participation format inside a project: a map, a poll, ... Its type comes from the format registry."""

    class State(models.TextChoices):
        UPCOMING = "upcoming", _("upcoming")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="modules", verbose_name=_("Project"))
    format_key = models.CharField(_("Type of format"), max_length=32)
    title = models.CharField(_("Title"), max_length=200)
    slug = models.SlugField(_("Short name in the address"), max_length=100, unique=True)
    description = models.TextField(_("Description"), blank=True)
    start = models.DateTimeField(_("Start"))
    end = models.DateTimeField(_("End"))
    results_published_at = models.DateTimeField(_("Results published on"), null=True, blank=True)
    results_summary = models.TextField(_("Result in words"), blank=True)
    # For English readers; empty: they read the German text (core.translation). Empty in the database too, for rows
    # written by code that does not know these fields (a migration's historical model).
    title_en = models.CharField(_("Title (English)"), max_length=200, blank=True, default="", db_default="")
    description_en = models.TextField(_("Description (English)"), blank=True, default="", db_default="")
    results_summary_en = models.TextField(_("Result in words (English)"), blank=True, default="", db_default="")
    weight = models.PositiveSmallIntegerField(_("Order within the project"), default=0)
    is_draft = models.BooleanField(_("Draft (not public)"), default=False)

    i18n = TranslatedTexts()

    objects = ModuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("Participation format")
        verbose_name_plural = _("Participation formats")
        ordering = ["project", "weight", "start"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="projects_module_ends_after_start",
                                   violation_error_message=_("The end must be after the start.")),
        ]

    def __str__(self):
        return self.title

    @property
    def format(self) -> formats.Format:
        return formats.get(self.format_key)

    def get_absolute_url(self):
        return reverse(f"{self.format_key}:module-detail", kwargs={"module_slug": self.slug})

    def state_at(self, now) -> "Module.State":
        if now < self.start:
            return self.State.UPCOMING
        if now < self.end:
            return self.State.OPEN
        return self.State.CLOSED

    @property
    def state(self) -> "Module.State":
        return self.state_at(timezone.now())

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    @property
    def results_published(self) -> bool:
        return self.results_published_at is not None and self.results_published_at <= timezone.now()

    @property
    def area(self):
        """The area in which this format accepts places: the project's area (the city by default)."""
        return self.project.area


def module_for(obj) -> "Module | None":
    """The module an object belongs to: itself, or its ``module`` attribute (rules predicates use this)."""
    if isinstance(obj, Module):
        return obj
    return getattr(obj, "module", None)


def default_area():
    return city_boundary()

