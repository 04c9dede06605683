"""The registry of participation format types: the only place a format registers.

A format is an app listed once, in the ``FORMAT_APPS`` setting (which ``INSTALLED_APPS`` includes), with a
``format.py`` that calls ``register(Format(...))`` once. Everything else the platform does with a format comes from
that one declaration:

- URLs: its pages at ``/<url_prefix>/<module_slug>/`` (namespace ``<key>``; the format page is ``module-detail``),
  its API at ``/api/<key>/`` (namespace ``<key>-api``), addresses outside one module at the site root (namespace
  ``<key>-site``): ``geo_participation/urls.py``;
- the module admin offers the type and shows its inlines (``projects/admin.py``);
- roles: the model permissions it gives each role, merged with the platform's (``accounts/roles.py``);
- moderation: the models whose items wait in the moderators' queue (``core/moderation.py``);
- scheduled jobs: management commands that ``manage.py run_scheduled_jobs`` runs every hour (docker-compose's
  housekeeping service);
- navigation: links in the site header (``templates/base.html``), for those with a permission;
- "Wie funktioniert's?": its label and ``description``, in the user's language (``core/views.py``);
- "download my data" (``personal_data``) and ``manage.py load_demo`` (``demo``);
- sign-up with an invitation: what the invitation means for the format now, told to the new resident
  (``referral_notes``, ``accounts/views.py``);
- the module's admin page: fields of the module the format sets itself are read-only there
  (``admin_module_readonly``: a raffle's end is its cut-off);
- map layers for planners (``layers``): downloads, heatmaps, the OGC API and vector tiles (``maps/geo/layers.py``).

``register()`` refuses a key registered twice, a URL prefix taken and a missing label or description at once;
the rest (a urlconf without ``module-detail``, a dotted path that does not import, roles naming unknown
permissions, ...) is found by the system check in ``projects/checks.py`` (``manage.py check``, and the test suite).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import import_module
from typing import Callable

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

KEY = re.compile(r"[a-z][a-z0-9_]{0,31}")  # stored in Module.format_key, part of URL namespaces
URL_PREFIX = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass(frozen=True)
class ModerationQueue:
    """A model whose new items wait for the moderators (it inherits ``core.moderation.Moderated``)."""

    model: str  # "app_label.ModelName"
    label: str  # the queue's heading for these items ("Map contributions")
    geometry_field: str | None = None  # shown on a small map in the queue; may follow relations ("contribution__geometry")


@dataclass(frozen=True)
class NavLink:
    """A link in the site header, shown to those who have ``permission`` (a django-rules name), or to everyone."""

    label: str
    url_name: str  # reversed without arguments, e.g. "polls-site:staff-index"
    permission: str | None = None
    menu: str = "account"  # "account": the bar with the profile and the administration; "main": the main navigation


@dataclass(frozen=True)
class Format:
    key: str  # stored in Module.format_key and used as URL namespace: never rename
    label: str  # shown to residents and staff ("Karte", "Abstimmung")
    url_prefix: str  # German URL segment: /<url_prefix>/<module_slug>/ is the format page
    urls: str  # dotted path of the urlconf; it must name the format page "module-detail"
    description: str = ""  # required: one or two sentences to residents ("du"), on "Wie funktioniert's?"
    api_urls: str | None = None  # mounted at /api/<key>/
    site_urls: str | None = None  # mounted at the site root (a staff area, say), namespace "<key>-site"
    admin_inlines: tuple[str, ...] = ()  # dotted paths of admin inlines for a module of this type
    admin_module_readonly: tuple[str, ...] = ()  # Module fields the format sets itself (read-only in the admin)
    personal_data: str | None = None  # dotted path: fn(user) -> JSON-able data for "download my data"
    demo: str | None = None  # dotted path: fn(*, progress) that loads this type's demo modules
    demo_order: int = 100  # demo loaders run in this order
    layers: str | None = None  # dotted path: fn(module) -> list[maps.geo.layers.Layer], the module's map layers
    # The models ("app_label.Model", each with a ``module`` key) whose rows of the module, besides the module and its
    # project, are all that ``layers`` reads to build them: a process then keeps the built layers while those rows
    # stay the same (maps.planning.access). Empty: the layers are built anew on every request.
    layers_built_from: tuple[str, ...] = ()
    # dotted path: fn(*, friend, referrer) -> list of (level, message), said to a resident who just signed up with an
    # invitation ("your friend gets a ticket once you confirm by ..."); level: django.contrib.messages' constants
    referral_notes: str | None = None
    # role (accounts.roles.RESIDENT, MODERATOR, PLANNER, STAFF) -> model permissions "app_label.codename" ("app.*": all)
    roles: Mapping[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    moderation: tuple[ModerationQueue, ...] = ()
    jobs: tuple[str, ...] = ()  # management commands run every hour by run_scheduled_jobs; each must be safe to repeat
    nav: tuple[NavLink, ...] = ()
    extra: dict = field(default_factory=dict, compare=False)

    def call(self, attribute: str, *args, **kwargs):
        path = getattr(self, attribute)
        return import_string(path)(*args, **kwargs) if path else None


_registry: dict[str, Format] = {}


def register(fmt: Format) -> Format:
    """Add a format type; what can be told without importing anything else is checked here, at start-up."""
    if not KEY.fullmatch(fmt.key or ""):
        raise ImproperlyConfigured(f"Format key {fmt.key!r}: lower-case letters, digits and _, starting with a letter.")
    if fmt.key in _registry:
        raise ImproperlyConfigured(f"Format {fmt.key!r} is registered twice.")
    if not URL_PREFIX.fullmatch(fmt.url_prefix or ""):
        raise ImproperlyConfigured(f"URL prefix {fmt.url_prefix!r} of format {fmt.key!r}: lower-case letters, digits and -.")
    if any(other.url_prefix == fmt.url_prefix for other in _registry.values()):
        raise ImproperlyConfigured(f"URL prefix {fmt.url_prefix!r} of format {fmt.key!r} is taken.")
    for name in ("label", "description", "urls"):
        if not str(getattr(fmt, name) or "").strip():
            raise ImproperlyConfigured(f"Format {fmt.key!r} has no {name}.")
    _registry[fmt.key] = fmt
    return fmt


def unregister(key: str) -> None:
    """Remove a format type (tests that register one of their own)."""
    _registry.pop(key, None)


def discover(app_names: list[str]) -> None:
    """Import the ``format.py`` of each app in ``FORMAT_APPS``; each must register exactly one format."""
    for app in app_names:
        if f"{app}.format" in sys.modules:
            continue  # discovered already (apps are made ready once; a second call changes nothing)
        before = set(_registry)
        try:
            import_module(f"{app}.format")
        except ModuleNotFoundError as error:
            if error.name != f"{app}.format":
                raise
            raise ImproperlyConfigured(f"{app} is listed in FORMAT_APPS but has no format.py.") from None
        if len(set(_registry) - before) != 1:
            raise ImproperlyConfigured(f"{app}.format must register exactly one format.")


def get(key: str) -> Format:
    try:
        return _registry[key]
    except KeyError:
        raise ImproperlyConfigured(f"No format {key!r} is registered.") from None


def all_formats() -> list[Format]:
    return list(_registry.values())


def choices() -> list[tuple[str, str]]:
    return [(fmt.key, fmt.label) for fmt in _registry.values()]


def each(attribute: str) -> list[tuple[Format, Callable]]:
    """The formats that provide ``attribute`` (a dotted path), with the imported callable."""
    return [(fmt, import_string(getattr(fmt, attribute))) for fmt in _registry.values() if getattr(fmt, attribute)]
