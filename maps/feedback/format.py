from django.utils.translation import gettext_lazy as _

from geo_participation.accounts.roles import MODERATOR, PLANNER, STAFF
from geo_participation.formats import Format, ModerationQueue, register

register(Format(
    key="feedback",
    label=_("Rating"),
    description=_("Give your opinion on streets and routes, bike streets for example: good, okay or bad, with a "
                  "comment and the spot where the problem is."),
    url_prefix="bewertung",
    urls="maps.feedback.urls",
    api_urls="maps.feedback.api_urls",
    admin_inlines=("maps.feedback.admin.FeedbackSettingsInline", "maps.feedback.admin.FeatureInline"),
    personal_data="maps.feedback.services.personal_data",
    demo="maps.feedback.demo.load",
    demo_order=60,
    layers="maps.feedback.layers.layers_of", layers_built_from=("feedback.Feature",),
    roles={
        MODERATOR: ("feedback.view_feature", "feedback.view_opinion",
                    "feedback.change_opinion"),  # approve, reject and hide through the admin's actions
        PLANNER: ("feedback.view_feature", "feedback.view_opinion"),
        STAFF: ("feedback.*",),
    },
    # Opinions with a comment wait in the moderators' queue, shown with their spot on the line.
    moderation=(ModerationQueue("feedback.Opinion", _("Opinions on features"), geometry_field="point"),),
))
