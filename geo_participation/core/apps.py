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
