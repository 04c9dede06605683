from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RaffleConfig(AppConfig):
    name = "geo_participation.raffle"
    label = "raffle"
    verbose_name = _("Raffles")
