from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class SitePage(models.Model):
    """A page every German municipal site must have (Impressum, Datenschutz, ...); staff edit its text."""

    class Kind(models.TextChoices):
        HOW_IT_WORKS = "so-funktionierts", _("How does it work?")
        IMPRINT = "impressum", _("Legal notice")
        PRIVACY = "datenschutz", _("Privacy notice")
        ACCESSIBILITY = "barrierefreiheit", _("Accessibility statement")
        PLAIN_LANGUAGE = "leichte-sprache", _("Plain language")
        CONTACT = "kontakt", _("Contact")

    slug = models.SlugField(_("Page"), choices=Kind.choices, unique=True)
    title_de = models.CharField(_("Title (German)"), max_length=200)
    body_de = models.TextField(
        _("Text (German)"),
        help_text=_("Blank line = new paragraph, “## ” at the start of a line = heading, “- ” = list item. Links are "
                    "recognised automatically. On “How does it work?”, the line [Beteiligungsformate] stands for the "
                    "list of participation formats with their descriptions."),
    )
    title_en = models.CharField(_("Title (English)"), max_length=200, blank=True)
    body_en = models.TextField(_("Text (English)"), blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("Page")
        verbose_name_plural = _("Pages")
        ordering = ["slug"]

    def __str__(self):
        return self.title_de

    def get_absolute_url(self):
        return reverse("page", kwargs={"slug": self.slug})

    @property
    def title(self):
        return self.title_en if get_language() == "en" and self.title_en else self.title_de

    @property
    def body(self):
        return self.body_en if get_language() == "en" and self.body_en else self.body_de


class BarrierReport(models.Model):
    """A report of a barrier on the site, sent through the accessibility statement (BITV 2.0 § 7)."""

    page_url = models.CharField(_("Page concerned"), max_length=500, blank=True)
    description = models.TextField(_("Description of the barrier"), max_length=5000)
    contact_email = models.EmailField(_("E-mail address for questions"), blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("reported by"),
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    handled = models.BooleanField(_("handled"), default=False)

    class Meta:
        verbose_name = _("Barrier report")
        verbose_name_plural = _("Barrier reports")
        ordering = ["-created_at"]

    def __str__(self):
        from .dates import day

        return f"{day(self.created_at, short=True)} – {self.description[:60]}"


class Report(models.Model):
    """A resident's report that a published item breaks the rules; moderators decide whether to hide it."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("reported by"))
    reason = models.TextField(_("What is wrong with it?"), max_length=2000)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("Report")
        verbose_name_plural = _("Reports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "reporter"], name="core_report_once_per_person",
                                    violation_error_message=_("You have already reported this.")),
        ]

    def __str__(self):
        return f"{self.content_type} #{self.object_id}: {self.reason[:60]}"
