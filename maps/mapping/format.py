from django.utils.translation import gettext_lazy as _

from geo_participation.formats import Format, register

register(Format(key="mapping", label=_("Map"), url_prefix="karte", urls="maps.mapping.urls"))
