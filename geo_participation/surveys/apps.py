from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "geo_participation.surveys"
    label = "surveys"
    verbose_name = _("Surveys")
