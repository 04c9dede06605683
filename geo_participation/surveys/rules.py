"""Who may do what with surveys: residents answer once, without an account where staff allow it; staff build,
preview, enter paper questionnaires and publish; planners (and staff) see results and exports at any time,
everyone else once staff publish them."""

import rules

from geo_participation.accounts.rules import is_city_staff, is_confirmed_resident, is_planner
from geo_participation.projects.models import module_for
from geo_participation.projects.rules import is_public, module_is_open, results_are_published


@rules.predicate
def answers_without_account(user, obj) -> bool:
    """Staff opened the survey to answers without an account (with spam protection)."""
    module = module_for(obj)
    survey = getattr(module, "survey", None) if module is not None else None
    return bool(survey is not None and survey.allow_anonymous)


# Pages: a confirmed resident, or anyone where the survey takes answers without an account.
rules.add_perm("surveys.answer", is_public & module_is_open & (is_confirmed_resident | answers_without_account))
# The API and drafts: a confirmed resident (spam protection lives in the page's form).
rules.add_perm("surveys.answer_as_resident", is_confirmed_resident & is_public & module_is_open)
rules.add_perm("surveys.view_own_response", is_confirmed_resident & is_public)
rules.add_perm("surveys.preview", is_city_staff)
rules.add_perm("surveys.enter_paper", is_city_staff)
rules.add_perm("surveys.publish_results", is_city_staff)
rules.add_perm("surveys.view_results", (is_public & results_are_published) | is_planner)
# Every response (CSV) and every mark on the map (points, not only the heatmap): planners and staff.
rules.add_perm("surveys.export_responses", is_planner)
