"""Who works with ballot boxes and postcard tallies: staff count and confirm, planners may look."""

import rules

from geo_participation.accounts.rules import is_city_staff, is_planner


@rules.predicate
def entered_the_tally(user, tally) -> bool:
    """The person who entered a tally; under the four-eyes principle someone else must confirm it."""
    return tally is not None and user.is_authenticated and tally.entered_by_id == user.pk


rules.add_perm("ballot_boxes.view_staff_area", is_city_staff | is_planner)
rules.add_perm("ballot_boxes.view_postcardtally", is_city_staff | is_planner)
rules.add_perm("ballot_boxes.add_postcardtally", is_city_staff)
rules.add_perm("ballot_boxes.confirm_postcardtally", is_city_staff & ~entered_the_tally)
rules.add_perm("ballot_boxes.view_ballotbox_map", is_city_staff | is_planner)
