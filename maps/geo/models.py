from django.contrib.gis.db import models
from django.contrib.postgres.indexes import GinIndex
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


class GazetteerEntry(models.Model):
    """A named street, square, place or address of the city, for finding places without the map."""

    class Kind(models.TextChoices):
        STREET = "street", _("Street")
        SQUARE = "square", _("Square")
        PLACE = "place", _("Place")
        STOP = "stop", _("Bus stop")
        ADDRESS = "address", _("Address")

    kind = models.CharField(_("Kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("Name"), max_length=200)
    detail = models.CharField(_("Detail"), max_length=200, blank=True,
                              help_text=_("What kind of place it is, or its address."))
    search_text = models.CharField(max_length=400, editable=False)  # normalised name, see maps.geo.gazetteer
    geometry = models.GeometryField(_("Geometry"), srid=4326)
    point = models.PointField(_("Representative point"), srid=4326)
    district = models.ForeignKey(AdministrativeArea, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("District"))
    source_key = models.CharField(_("Key in the source"), max_length=200, unique=True)
    source = models.CharField(_("Source"), max_length=200)

    class Meta:
        verbose_name = _("Gazetteer entry")
        verbose_name_plural = _("Gazetteer")
        ordering = ["name"]
        indexes = [
            GinIndex(fields=["search_text"], opclasses=["gin_trgm_ops"], name="geo_gazetteer_search_trgm"),
        ]

    def __str__(self):
        return self.name
