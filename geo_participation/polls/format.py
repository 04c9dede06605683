from django.utils.translation import gettext_lazy as _

from geo_participation.accounts.roles import PLANNER, STAFF
from geo_participation.formats import Format, NavLink, register

register(Format(
    key="polls", label=_("Poll"), url_prefix="abstimmung", urls="geo_participation.polls.urls",
    description=_("Cast your vote – online, or on a postcard in one of the ballot boxes in the city."),
    api_urls="geo_participation.polls.api_urls",
    site_urls="geo_participation.polls.site_urls",  # the staff area for postcards and the public box layer
    admin_inlines=("geo_participation.polls.admin.PollInline",),  # options: on the poll settings page (its link)
    personal_data="geo_participation.polls.selectors.personal_data",
    demo="geo_participation.polls.demo.load",
    roles={
        PLANNER: ("polls.view_poll", "polls.view_option", "polls.view_postcardtally"),
        # Never ballots or participations: the admin must not show who voted what.
        STAFF: ("polls.view_poll", "polls.add_poll", "polls.change_poll",
                "polls.view_option", "polls.add_option", "polls.change_option", "polls.delete_option",
                "polls.view_postcardtally", "polls.add_postcardtally", "polls.change_postcardtally",
                "polls.delete_postcardtally", "polls.view_postcardcount", "polls.add_postcardcount",
                "polls.change_postcardcount", "polls.delete_postcardcount"),
    },
    # After the end, cut the last link between people and their ballots (publishing a result does it at once).
    jobs=("polls_seal_ballots",),
    nav=(NavLink(_("Polls and postcards"), "polls-site:staff-index", permission="polls.view_postcardtally"),),
))
