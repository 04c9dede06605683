from django.utils.translation import gettext_lazy as _

from geo_participation.accounts.roles import STAFF
from geo_participation.formats import Format, NavLink, register

register(Format(
    key="raffle", label=_("Raffle"), url_prefix="verlosung", urls="geo_participation.raffle.urls",
    description=_("Everyone registered by the cut-off takes part, and every friend you invite brings you another "
                  "ticket. Anyone can check the draw."),
    site_urls="geo_participation.raffle.site_urls",  # the list of raffles (/verlosungen/)
    admin_inlines=("geo_participation.raffle.admin.RaffleInline",),  # prizes: on the raffle's page (its link)
    admin_module_readonly=("end",),  # the module ends at the cut-off, set on the raffle's settings
    personal_data="geo_participation.raffle.selectors.personal_data",
    demo="geo_participation.raffle.demo.load",
    demo_order=900,  # after the other formats: their demo residents are in the pot too
    referral_notes="geo_participation.raffle.selectors.referral_notes",
    roles={
        # Never the participants or tickets in the admin: who is behind a pseudonym stays in the staff page's hands.
        STAFF: ("raffle.view_raffle", "raffle.add_raffle", "raffle.change_raffle",
                "raffle.view_prize", "raffle.add_prize", "raffle.change_prize", "raffle.delete_prize",
                "raffle.view_winner", "raffle.view_auditentry"),
    },
    # Shortly after the cut-off, fix the ticket list as it was then (accounts deleted later keep their tickets).
    jobs=("raffle_freeze_tickets",),
    nav=(NavLink(_("Raffle"), "raffle-site:raffle-list", menu="main"),),
))
