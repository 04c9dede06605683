"""Predicates about people, shared by every app's rules.py, and the platform's permissions that follow from a role
alone (core knows no roles: it asks these names)."""

import rules

from . import roles


@rules.predicate
def is_confirmed_resident(user) -> bool:
    """Logged in, active, and the e-mail address is confirmed: the condition for taking part."""
    return bool(user and user.is_authenticated and user.is_active and user.email_confirmed_at)


is_superuser = rules.is_superuser
is_city_staff = rules.is_group_member(roles.STAFF) | is_superuser
is_moderator = rules.is_group_member(roles.MODERATOR) | is_city_staff
is_planner = rules.is_group_member(roles.PLANNER) | is_city_staff


# The moderators' queue (core.moderation_views) and its link in the header.
rules.add_perm("core.moderate", is_moderator)
