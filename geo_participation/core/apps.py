from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from geo_participation import formats


class CoreConfig(AppConfig):
    name = "geo_participation.core"
    label = "core"
    verbose_name = _("Platform")

    def ready(self):
        # Each app of FORMAT_APPS registers its format type in its format.py (see geo_participation/formats.py).
        formats.discover(settings.FORMAT_APPS)
