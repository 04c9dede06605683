"""Who may do what with a raffle: residents choose how they are named if they win; staff draw and record handovers.
Everyone may read the raffle page, the published draw and the ticket list."""

import rules

from geo_participation.accounts.rules import is_city_staff, is_confirmed_resident
from geo_participation.projects.rules import is_public

# Also after the cut-off and the draw: a winner may still switch to initials.
rules.add_perm("raffle.choose_public_name", is_confirmed_resident & is_public)
rules.add_perm("raffle.run_draw", is_city_staff)
rules.add_perm("raffle.record_handover", is_city_staff)
