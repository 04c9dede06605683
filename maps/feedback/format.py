from django.utils.translation import gettext_lazy as _

from geo_participation.formats import Format, register

register(Format(key="feedback", label=_("Rating"), url_prefix="bewertung", urls="maps.feedback.urls"))
