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
        self.admin_widgets()

    @staticmethod
    def admin_widgets():
        """Every admin date-and-time field survives a prefilled value it cannot read (see AdminSplitDateTime).

        The admins registered so far copied Django's defaults already; inlines copy them per request.
        """
        from django.contrib import admin
        from django.contrib.admin.options import FORMFIELD_FOR_DBFIELD_DEFAULTS
        from django.db import models

        from .admin import AdminSplitDateTime

        for overrides in [FORMFIELD_FOR_DBFIELD_DEFAULTS, *(a.formfield_overrides for a in admin.site._registry.values())]:
            overrides[models.DateTimeField] = {**overrides.get(models.DateTimeField, {}), "widget": AdminSplitDateTime}
