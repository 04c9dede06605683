"""Who may do what in a map format. HTML views and the API ask these same names."""

import rules
from django.utils.translation import gettext as _

from geo_participation.accounts.rules import is_confirmed_resident, is_moderator
from geo_participation.core.moderation import ModerationStatus
from geo_participation.core.refusals import Refusal
from geo_participation.projects.models import module_for
from geo_participation.projects.rules import is_public, module_is_open

from .selectors import map_settings_for


def _settings(obj):
    module = module_for(obj)
    return map_settings_for(module) if module is not None else None


@rules.predicate
def is_author(user, obj) -> bool:
    """The person who wrote the contribution (or comment); erased accounts are nobody's."""
    return bool(user.is_authenticated and getattr(obj, "author_id", None) == user.pk)


@rules.predicate
def is_published(user, obj) -> bool:
    """Approved by a moderator, so everyone may see it."""
    return getattr(obj, "status", None) == ModerationStatus.APPROVED


@rules.predicate
def is_hidden(user, obj) -> bool:
    return getattr(obj, "status", None) == ModerationStatus.HIDDEN


@rules.predicate
def supports_enabled(user, obj) -> bool:
    """Staff switched “me too” on for this format."""
    settings = _settings(obj)
    return bool(settings and settings.supports_enabled)


@rules.predicate
def comments_enabled(user, obj) -> bool:
    settings = _settings(obj)
    return bool(settings and settings.comments_enabled)


@rules.predicate
def photos_enabled(user, obj) -> bool:
    settings = _settings(obj)
    return bool(settings and settings.photos_enabled)


rules.add_perm("mapping.view_contribution", (is_published & is_public) | is_author | is_moderator)
rules.add_perm("mapping.add_contribution", is_confirmed_resident & is_public & module_is_open)
rules.add_perm("mapping.change_contribution", is_confirmed_resident & is_author & module_is_open & ~is_hidden)
rules.add_perm("mapping.delete_contribution", is_confirmed_resident & is_author & module_is_open)
rules.add_perm("mapping.add_photo", is_confirmed_resident & is_author & module_is_open & ~is_hidden & photos_enabled)
rules.add_perm("mapping.support_contribution",
               is_confirmed_resident & is_published & is_public & module_is_open & supports_enabled & ~is_author)
rules.add_perm("mapping.comment_contribution",
               is_confirmed_resident & is_published & is_public & module_is_open & comments_enabled)
rules.add_perm("mapping.report_contribution", is_confirmed_resident & is_published & ~is_author)
rules.add_perm("mapping.moderate_contribution", is_moderator)


def refusal_reason(user, obj, *, action: str = "contribute") -> Refusal | None:
    """The map format's own reason for a "no" of the rules above, in words the person can act on.

    Asked by the door (projects.door) once the phase, the login and the e-mail confirmation are not the reason;
    None leaves it at "not allowed".
    """
    if action in ("change", "withdraw", "photo") and not is_author(user, obj):
        return Refusal("not_author", _("Only the author can change or withdraw this contribution."))
    if action == "change" and is_hidden(user, obj):
        return Refusal("contribution_hidden", _("The moderators have hidden this contribution; it cannot be changed."))
    if action == "support" and is_author(user, obj):
        return Refusal("own_contribution", _("You cannot support your own contribution."))
    if action in ("support", "comment", "report") and not is_published(user, obj):
        return Refusal("not_published", _("This contribution is not published."))
    if action == "support" and not supports_enabled(user, obj):
        return Refusal("supports_off", _("Support is switched off in this format."))
    if action == "comment" and not comments_enabled(user, obj):
        return Refusal("comments_off", _("Comments are switched off in this format."))
    if action == "photo" and not photos_enabled(user, obj):
        return Refusal("photos_off", _("Photos are switched off in this format."))
    return None
