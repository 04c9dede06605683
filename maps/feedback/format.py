from django.utils.translation import gettext_lazy as _

from geo_participation.formats import Format, register

register(Format(
    key="feedback",
    label=_("Rating"),
    description=_("Residents rate features that staff loaded (bike streets, routes, sections of road): good, okay "
                  "or bad, with a comment and the spot where the problem is."),
    url_prefix="bewertung",
    urls="maps.feedback.urls",
    api_urls="maps.feedback.api_urls",
    admin_inlines=("maps.feedback.admin.FeedbackSettingsInline", "maps.feedback.admin.FeatureInline"),
    personal_data="maps.feedback.services.personal_data",
    demo="maps.feedback.demo.load",
    demo_order=60,
    layers="maps.feedback.layers.layers_of",
))
