"""The system check of the format registry: what ``formats.register()`` cannot tell at start-up, because it needs
the URLconfs, the models and the management commands (``manage.py check``; runserver and migrate run it too, and
the test suite asks it about every registered format)."""

from importlib import import_module

from django.apps import apps
from django.core import checks
from django.core.management import get_commands
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string

from geo_participation import formats
from geo_participation.accounts import roles
from geo_participation.core.moderation import Moderated

from .models import Module


def format_problems(fmt: formats.Format) -> list[str]:
    """What is missing or wrong in a format's declaration, in words; empty if nothing is."""
    problems = []
    try:
        reverse("module-detail", urlconf=fmt.urls)
    except NoReverseMatch:
        problems.append(f"its urlconf {fmt.urls!r} names no format page 'module-detail' (without arguments)")
    except ImportError as error:
        problems.append(f"its urlconf {fmt.urls!r} does not import: {error}")
    for name, load in (("api_urls", import_module), ("site_urls", import_module), ("personal_data", import_string),
                       ("demo", import_string), ("layers", import_string), ("referral_notes", import_string)):
        path = getattr(fmt, name)
        if path:
            try:
                load(path)
            except ImportError as error:
                problems.append(f"{name} {path!r} does not import: {error}")
    for path in fmt.admin_inlines:
        try:
            import_string(path)
        except ImportError as error:
            problems.append(f"admin inline {path!r} does not import: {error}")
    module_fields = {f.name for f in Module._meta.get_fields()}
    problems += [f"admin_module_readonly: the module has no field {name!r}" for name in fmt.admin_module_readonly
                 if name not in module_fields]
    for role, specs in fmt.roles.items():
        if role not in roles.ROLES:
            problems.append(f"roles: there is no role {role!r} (accounts.roles: {', '.join(roles.ROLES)})")
        problems += [f"roles: {problem}" for problem in roles.permission_problems(specs)]
    for queue in fmt.moderation:
        try:
            model = apps.get_model(queue.model)
        except (LookupError, ValueError):
            problems.append(f"moderation: there is no model {queue.model!r}")
            continue
        if not issubclass(model, Moderated):
            problems.append(f"moderation: {queue.model} does not inherit core.moderation.Moderated")
    commands = get_commands()
    problems += [f"jobs: there is no management command {job!r}" for job in fmt.jobs if job not in commands]
    for link in fmt.nav:
        try:
            reverse(link.url_name)
        except NoReverseMatch:
            problems.append(f"nav: the URL {link.url_name!r} does not resolve without arguments")
        if link.menu not in ("account", "main"):
            problems.append(f"nav: menu {link.menu!r} is neither 'account' nor 'main'")
    return problems


@checks.register()
def check_formats(app_configs=None, **kwargs):
    return [checks.Error(f"Format {fmt.key!r}: {problem}.", id="formats.E001", obj=fmt.key)
            for fmt in formats.all_formats() for problem in format_problems(fmt)]
