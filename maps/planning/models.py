"""What planners' data needs beyond the formats' own tables: per-cell counts for heatmaps, and personal API tokens
for GIS programs (QGIS, GDAL) that cannot log in."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class HeatCell(models.Model):
    """How many places of one heat source lie in one hexagon of one size, per scope, status and facet.

    The rows are kept by database triggers on the sources' tables (``heatmap.install_sql``, installed by this app's
    migrations), so that every way of changing a contribution (services, admin, moderation, bulk updates) keeps
    them right, in the same transaction. ``manage.py planning_rebuild_heatmaps`` recounts them from scratch.
    Cells are hexagons of ``ST_Hexagon(size, i, j)`` in EPSG:25832 (metres), ``size`` being the edge length.
    """

    pk = models.CompositePrimaryKey("source", "scope", "size", "status", "facet", "i", "j")
    source = models.SmallIntegerField()
    scope = models.BigIntegerField()
    size = models.SmallIntegerField()
    status = models.CharField(max_length=16)
    facet = models.BigIntegerField()
    i = models.IntegerField()
    j = models.IntegerField()
    count = models.IntegerField(default=0)
    weight = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("heatmap cell")
        verbose_name_plural = _("heatmap cells")


class ApiToken(models.Model):
    """A personal token with which a planner's GIS program reads what the planner may read (never writes).

    Only a SHA-256 digest is stored: the token itself is shown once, when it is made.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens",
                             verbose_name=_("user"))
    name = models.CharField(_("Name"), max_length=80, help_text=_("What you use it for, e.g. “QGIS at work”."))
    prefix = models.CharField(_("Beginning"), max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
