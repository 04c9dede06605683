from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BallotBoxesConfig(AppConfig):
    name = "maps.ballot_boxes"
    label = "ballot_boxes"
    verbose_name = _("Ballot boxes")
