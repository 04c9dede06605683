from django.utils.translation import gettext_lazy as _

from geo_participation.formats import Format, register

register(Format(
    key="polls", label=_("Poll"), url_prefix="abstimmung", urls="geo_participation.polls.urls",
    description=_("Residents choose among options online; postcards from the ballot boxes count too."),
    api_urls="geo_participation.polls.api_urls",
    site_urls="geo_participation.polls.site_urls",  # the staff area for postcards and the public box layer
    admin_inlines=("geo_participation.polls.admin.PollInline",),  # options: on the poll settings page (its link)
    personal_data="geo_participation.polls.selectors.personal_data",
    demo="geo_participation.polls.demo.load",
))
