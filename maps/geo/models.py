from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _


class AdministrativeArea(models.Model):
    """The city boundary and its districts (Ortsbezirke), from the city's open data."""

    class Level(models.TextChoices):
        CITY = "city", _("City")
        DISTRICT = "district", _("District")

    level = models.CharField(_("Level"), max_length=16, choices=Level.choices)
    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Short name"), max_length=100, unique=True)
    geometry = models.MultiPolygonField(_("Area"), srid=4326)
    source = models.TextField(_("Source"), blank=True)

    class Meta:
        verbose_name = _("Area")
        verbose_name_plural = _("Areas")
        ordering = ["level", "name"]

    def __str__(self):
        return self.name
