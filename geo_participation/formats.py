"""The registry of participation format types.

A format type describes itself once, in its app's ``format.py``; the registry collects them at start-up
(autodiscovery, see ``core.apps``) and URLs, API routes, admin choices, "download my data" and the demo
loader all come from it. Adding a format type touches one folder and one ``register()`` call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Format:
    key: str  # stored in Module.format_key and used as URL namespace: never rename
    label: str  # shown to residents and staff ("Karte", "Abstimmung")
    url_prefix: str  # German URL segment: /<url_prefix>/<module_slug>/ is the format page
    urls: str  # dotted path of the urlconf; it must name the format page "module-detail"
    description: str = ""
    api_urls: str | None = None  # mounted at /api/<key>/
    site_urls: str | None = None  # mounted at the site root (a staff area, say), namespace "<key>-site"
    admin_inlines: tuple[str, ...] = ()  # dotted paths of admin inlines for a module of this type
    personal_data: str | None = None  # dotted path: fn(user) -> JSON-able data for "download my data"
    demo: str | None = None  # dotted path: fn(*, progress) that loads this type's demo modules
    demo_order: int = 100  # demo loaders run in this order
    extra: dict = field(default_factory=dict, compare=False)

    def call(self, attribute: str, *args, **kwargs):
        path = getattr(self, attribute)
        return import_string(path)(*args, **kwargs) if path else None


_registry: dict[str, Format] = {}


def register(fmt: Format) -> Format:
    if fmt.key in _registry:
        raise ImproperlyConfigured(f"Format {fmt.key!r} is registered twice.")
    if any(other.url_prefix == fmt.url_prefix for other in _registry.values()):
        raise ImproperlyConfigured(f"URL prefix {fmt.url_prefix!r} of format {fmt.key!r} is taken.")
    _registry[fmt.key] = fmt
    return fmt


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
