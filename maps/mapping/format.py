from django.utils.translation import gettext_lazy as _

from geo_participation.formats import Format, register

register(Format(
    key="mapping", label=_("Map"), url_prefix="karte", urls="maps.mapping.urls", api_urls="maps.mapping.api_urls",
    description=_("Residents mark places (points, lines, areas) or collect ideas; staff configure categories and questions."),
    admin_inlines=("maps.mapping.admin.MapSettingsInline", "maps.mapping.admin.CategoryInline",
                   "maps.mapping.admin.AttributeInline"),
    personal_data="maps.mapping.services.personal_data", demo="maps.mapping.demo.load", demo_order=20,
    layers="maps.mapping.layers.layers_of",
))
