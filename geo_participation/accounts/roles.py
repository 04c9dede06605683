"""Roles are groups with permissions. This file is the one place that says which role may do what in the admin.

Object-level rules (who may change *this* contribution, vote *now*) live in each app's rules.py; the
predicates for roles are here and in ``rules.py`` next to this file.
"""

from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _

RESIDENT = "Bürger:innen"
MODERATOR = "Moderation"
PLANNER = "Planung"
STAFF = "Verwaltung"

ROLES = {
    RESIDENT: _("Residents: registered, take part"),
    MODERATOR: _("Moderators: approve contributions and comments, hide reported ones"),
    PLANNER: _("Planners: see all results and download exports"),
    STAFF: _("Staff: create projects and formats, count postcards, publish results"),
}

# Model permissions per role, as "app_label.codename"; "app_label.*" means every permission of that app.
# Apps add their lines here when they add models staff work with.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    RESIDENT: [],
    MODERATOR: [
        "core.view_sitepage",
        "feedback.view_feature",
        "feedback.view_opinion",
        "feedback.change_opinion",  # approve, reject and hide through the admin's actions
        "mapping.view_contribution", "mapping.change_contribution", "mapping.view_comment", "mapping.change_comment",
    ],
    PLANNER: [
        "projects.view_project",
        "projects.view_module",
        "feedback.view_feature",
        "feedback.view_opinion",
        "mapping.view_contribution", "mapping.view_comment",
        "polls.view_poll",
        "polls.view_option",
        "ballot_boxes.view_ballotbox",
        "polls.view_postcardtally",
    ],
    STAFF: [
        "core.view_sitepage",
        "core.change_sitepage",
        "core.view_barrierreport",
        "core.change_barrierreport",
        "projects.*",
        "geo.view_administrativearea",
        "feedback.*",
        "mapping.*", "geo.view_gazetteerentry", "geo.change_gazetteerentry",
        "polls.view_poll",
        "polls.add_poll",
        "polls.change_poll",
        "polls.add_option",
        "polls.change_option",
        "polls.delete_option",
        "polls.view_option",
        "polls.view_postcardtally", "polls.add_postcardtally", "polls.change_postcardtally", "polls.delete_postcardtally",
        "polls.view_postcardcount", "polls.add_postcardcount", "polls.change_postcardcount", "polls.delete_postcardcount",
        "ballot_boxes.*",
    ],
}

# Roles whose members work in the admin (Django's is_staff flag).
ADMIN_ROLES = {MODERATOR, PLANNER, STAFF}


def _permissions(specs: list[str]):
    wanted = Permission.objects.none()
    for spec in specs:
        app_label, codename = spec.split(".", 1)
        query = Permission.objects.filter(content_type__app_label=app_label)
        if codename != "*":
            query = query.filter(codename=codename)
        wanted = wanted | query
    return wanted


def sync_roles() -> None:
    """Create the role groups and give each exactly the permissions ROLE_PERMISSIONS lists."""
    for name, specs in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(_permissions(specs))


def sync_roles_after_migrate(sender, app_config=None, **kwargs):
    # Run once, after the last app has created its permissions. Django sends post_migrate only for apps with a
    # models module, so "last" means the last of those (an app without models would never be reached).
    from django.apps import apps

    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if app_config is not None and app_config.label == with_models[-1].label:
        sync_roles()


def group(role: str) -> Group:
    return Group.objects.get_or_create(name=role)[0]


def assign_role(user, role: str) -> None:
    """Put a user into a role; roles that work in the admin set Django's is_staff flag."""
    user.groups.add(group(role))
    if role in ADMIN_ROLES and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
