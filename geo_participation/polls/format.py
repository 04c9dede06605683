from django.utils.translation import gettext_lazy as _

from geo_participation.formats import Format, register

register(Format(key="polls", label=_("Poll"), url_prefix="abstimmung", urls="geo_participation.polls.urls"))
