"""Who may see and do what with projects and formats, whatever the format type."""

import rules

from geo_participation.accounts.rules import is_city_staff, is_moderator, is_planner

from .models import module_for


@rules.predicate
def is_public(user, obj) -> bool:
    """Projects and formats are public unless staff keep them as drafts."""
    module = module_for(obj)
    if module is not None:
        return not module.is_draft and not module.project.is_draft
    return obj is not None and not getattr(obj, "is_draft", True)


@rules.predicate
def module_is_open(user, obj) -> bool:
    """Taking part is possible between a format's start and end."""
    module = module_for(obj)
    return module is not None and module.is_open


@rules.predicate
def results_are_published(user, obj) -> bool:
    module = module_for(obj)
    return module is not None and module.results_published


is_team = is_moderator | is_planner | is_city_staff

rules.add_perm("projects.view_project", is_public | is_team)
rules.add_perm("projects.view_module", is_public | is_team)
rules.add_perm("projects.change_module", is_city_staff)
rules.add_perm("projects.view_module_results", results_are_published | is_planner | is_moderator)
