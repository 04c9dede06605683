"""Roles are groups with permissions: which role may do what in the admin.

The platform's apps are listed here; each participation format declares what it gives each role in its
``format.py`` (``Format.roles``), and ``role_permissions()`` merges the two. Object-level rules (who may change
*this* contribution, vote *now*) live in each app's rules.py; the predicates for roles are in ``rules.py`` next to
this file.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from geo_participation import formats

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

# Model permissions of the platform's apps per role, as "app_label.codename"; "app_label.*" means every permission
# of that app. Formats add theirs in their format.py (Format.roles).
ROLE_PERMISSIONS: dict[str, list[str]] = {
    RESIDENT: [],
    MODERATOR: [
        "core.view_sitepage",
    ],
    PLANNER: [
        "projects.view_project",
        "projects.view_module",
        "ballot_boxes.view_ballotbox",
    ],
    STAFF: [
        "accounts.view_loginthrottle",
        "accounts.delete_loginthrottle",  # lift a throttle after failed logins
        "core.view_sitepage",
        "core.change_sitepage",
        "core.view_barrierreport",
        "core.change_barrierreport",
        "projects.*",
        "geo.view_administrativearea", "geo.view_gazetteerentry", "geo.change_gazetteerentry",
        "ballot_boxes.*",
    ],
}

# Roles whose members work in the admin (Django's is_staff flag).
ADMIN_ROLES = {MODERATOR, PLANNER, STAFF}


def role_permissions() -> dict[str, list[str]]:
    """Every role's model permissions: the platform's (above) and those each format declares."""
    merged = {role: list(specs) for role, specs in ROLE_PERMISSIONS.items()}
    for fmt in formats.all_formats():
        for role, specs in fmt.roles.items():
            if role not in merged:
                raise ImproperlyConfigured(f"Format {fmt.key!r} gives permissions to an unknown role {role!r}.")
            merged[role] += specs
    return merged


def permission_problems(specs) -> list[str]:
    """The specs that name no permission there is: an app that is not installed, or a codename none of its models
    has (a model's default permissions and those in its Meta.permissions)."""
    problems = []
    for spec in specs:
        app_label, _dot, codename = spec.partition(".")
        try:
            config = apps.get_app_config(app_label)
        except LookupError:
            problems.append(f"{spec}: there is no app {app_label!r}")
            continue
        if codename == "*":
            continue
        known = {f"{action}_{model._meta.model_name}" for model in config.get_models()
                 for action in model._meta.default_permissions}
        known |= {name for model in config.get_models() for name, _label in model._meta.permissions}
        if codename not in known:
            problems.append(f"{spec}: no model of {app_label!r} has this permission")
    return problems


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
    """Create the role groups and give each exactly the permissions role_permissions() lists."""
    for name, specs in role_permissions().items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(_permissions(specs))


def sync_roles_after_migrate(sender, app_config=None, **kwargs):
    # Run once, after the last app has created its permissions. Django sends post_migrate only for apps with a
    # models module, so "last" means the last of those (an app without models would never be reached).
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
