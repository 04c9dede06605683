from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "geo_participation.core"
    label = "core"
    verbose_name = _("Platform")

    def ready(self):
        # Every app's format.py registers its format type (see geo_participation/formats.py).
        autodiscover_modules("format")
