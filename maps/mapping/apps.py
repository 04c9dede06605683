from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MappingConfig(AppConfig):
    name = "maps.mapping"
    label = "mapping"
    verbose_name = _("Map formats")

    def ready(self):
        from geo_participation.core import moderation

        from .models import Comment, Contribution

        # New contributions and comments wait in the moderators' queue, shown on a small map.
        moderation.register(Contribution, label=_("Map contributions"), geometry_field="geometry")
        moderation.register(Comment, label=_("Comments on map contributions"), geometry_field="contribution__geometry")
