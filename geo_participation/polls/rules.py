"""Who may do what in polls, and with their postcards: staff count and confirm, planners may look."""

import rules

from geo_participation.accounts.rules import is_city_staff, is_confirmed_resident, is_moderator, is_planner
from geo_participation.projects.models import module_for
from geo_participation.projects.rules import is_public, module_is_open, results_are_published


@rules.predicate
def results_are_live(user, obj) -> bool:
    """The poll shows its result while it runs (otherwise only once staff publish it)."""
    module = module_for(obj)
    poll = getattr(module, "poll", None) if module is not None else None
    return poll is not None and poll.results_are_live and module.state != module.State.UPCOMING


rules.add_perm("polls.add_ballot", is_confirmed_resident & is_public & module_is_open)
rules.add_perm("polls.change_ballot", is_confirmed_resident & is_public & module_is_open)
rules.add_perm("polls.view_own_vote", is_confirmed_resident & is_public)  # also once the poll has ended
rules.add_perm("polls.view_result", (is_public & (results_are_live | results_are_published)) | is_planner | is_moderator)
rules.add_perm("polls.publish_result", is_city_staff)


@rules.predicate
def entered_the_tally(user, tally) -> bool:
    """The person who entered a tally; under the four-eyes principle someone else must confirm it."""
    return tally is not None and user.is_authenticated and tally.entered_by_id == user.pk


rules.add_perm("polls.view_staff_area", is_city_staff | is_planner)
rules.add_perm("polls.view_postcardtally", is_city_staff | is_planner)
rules.add_perm("polls.add_postcardtally", is_city_staff)
rules.add_perm("polls.confirm_postcardtally", is_city_staff & ~entered_the_tally)
rules.add_perm("polls.view_ballotbox_map", is_city_staff | is_planner)
