from django.utils.translation import gettext_lazy as _

from geo_participation.accounts.roles import MODERATOR, PLANNER, STAFF
from geo_participation.formats import Format, ModerationQueue, register

register(Format(
    key="mapping", label=_("Map"), url_prefix="karte", urls="maps.mapping.urls", api_urls="maps.mapping.api_urls",
    description=_("Mark places on a map – fear spaces or heat spots, say – and support what others marked; or collect "
                  "ideas, with or without a place."),
    admin_inlines=("maps.mapping.admin.MapSettingsInline", "maps.mapping.admin.CategoryInline",
                   "maps.mapping.admin.AttributeInline"),
    personal_data="maps.mapping.services.personal_data", demo="maps.mapping.demo.load", demo_order=20,
    layers="maps.mapping.layers.layers_of", layers_built_from=("mapping.MapSettings", "mapping.Attribute"),
    roles={
        MODERATOR: ("mapping.view_contribution", "mapping.change_contribution", "mapping.view_comment",
                    "mapping.change_comment"),
        PLANNER: ("mapping.view_contribution", "mapping.view_comment"),
        STAFF: ("mapping.*",),
    },
    # New contributions and comments wait in the moderators' queue, shown on a small map.
    moderation=(ModerationQueue("mapping.Contribution", _("Map contributions"), geometry_field="geometry"),
                ModerationQueue("mapping.Comment", _("Comments on map contributions"),
                                geometry_field="contribution__geometry")),
))
