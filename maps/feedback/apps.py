from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "maps.feedback"
    label = "feedback"
    verbose_name = _("Rating of features")

    def ready(self):
        from geo_participation.core import moderation

        from .models import Opinion

        # Opinions with a comment wait in the moderators' shared queue, shown with their spot on the line.
        moderation.register(Opinion, label=_("Opinions on features"), geometry_field="point")
