"""Who may do what in a feedback format. The pages and the API ask these same names."""

import rules

from geo_participation.accounts.rules import is_confirmed_resident, is_moderator
from geo_participation.core.moderation import ModerationStatus
from geo_participation.projects.rules import is_public, is_team, module_is_open


@rules.predicate
def is_author(user, opinion) -> bool:
    """The person wrote this opinion (an anonymised opinion has no author any more)."""
    return bool(user and user.is_authenticated and opinion is not None and opinion.author_id == user.pk)


@rules.predicate
def is_published(user, opinion) -> bool:
    """Moderators approved the opinion (or it needed no approval), so everyone may read it."""
    return opinion is not None and opinion.status == ModerationStatus.APPROVED


may_see_module = is_public | is_team

rules.add_perm("feedback.view_feature", may_see_module)
rules.add_perm("feedback.add_opinion", may_see_module & is_confirmed_resident & module_is_open)
rules.add_perm("feedback.view_opinion", may_see_module & (is_published | is_author | is_moderator))
rules.add_perm("feedback.change_opinion", is_confirmed_resident & is_author & module_is_open)
rules.add_perm("feedback.delete_opinion", is_confirmed_resident & is_author & module_is_open)
rules.add_perm("feedback.report_opinion", is_confirmed_resident & is_published & ~is_author)
rules.add_perm("feedback.moderate_opinion", is_moderator)
