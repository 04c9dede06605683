from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "geo_participation.projects"
    label = "projects"
    verbose_name = _("Projects and participation formats")

    def ready(self):
        from . import checks  # noqa: F401  (registers the format registry's system check)
