"""Which map layers a person may see (maps.geo.layers describes them; the formats declare them): public layers are
open data, the others (unmoderated items, survey answers) only planners and staff see; a draft's layers are the
team's. The workspace, the downloads, the OGC API and the tiles all ask here."""

from __future__ import annotations

from django.apps import apps
from django.contrib.gis.db.models import GeometryField
from django.core.signals import setting_changed
from django.db import connection
from django.dispatch import receiver
from django.utils.translation import get_language

from geo_participation.accounts.rules import is_moderator, is_planner
from geo_participation.core.prepared import PreparedLookup
from geo_participation.projects.models import Module
from maps.geo.layers import KEY, Layer, layered_formats, module_layers


def may_see(layer: Layer, user) -> bool:
    """Public layers are open data; the others (unmoderated items, survey answers) only planners and staff see."""
    return layer.public or is_planner(user)


def visible_modules(user):
    """Modules of formats with layers that the user may see, with what their layers need, in one query."""
    keys = [fmt.key for fmt in layered_formats()]
    modules = Module.objects.filter(format_key__in=keys).select_related("project").defer("project__area")
    if not (is_planner(user) or is_moderator(user)):
        modules = modules.public()
    return modules.order_by("title", "pk")


def layers_for(user) -> list[Layer]:
    """Every layer the user may see, format by format (in the registry's order), module by module."""
    order = {fmt.key: index for index, fmt in enumerate(layered_formats())}
    modules = sorted(visible_modules(user), key=lambda module: order[module.format_key])
    return [layer for module in modules for layer in module_layers(module) if may_see(layer, user)]


class LayerRefused(Exception):
    """The layer exists, but the user may not see it (``status`` 401 for anonymous visitors, 403 otherwise)."""

    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


# Layers built once per process, per module and language: (module id, language) -> (fingerprint, layers). A request
# reads the module and its project with a hash of the other rows its layers are built from (what its format names in
# ``layers_built_from``: a map format's settings and attributes), and uses the kept layers only while all of these are
# the same, so an edit in the admin counts from the next request on, in every process. Access is decided on the
# module and project this request read, never on kept ones.
_BUILT: dict[tuple[int, str], tuple[tuple, list[Layer]]] = {}
_BUILT_MAX = 500
_LOOKUPS: dict[tuple[str, ...], PreparedLookup] = {}


def _sources_sql(built_from: dict[str, tuple[str, ...]]) -> str:
    """SQL hashing the rows (without geometries) that the module's format builds its layers from; NULL for formats
    that name none (their layers are built on every request)."""
    qn = connection.ops.quote_name
    cases = []
    for key, labels in built_from.items():
        parts = []
        for number, label in enumerate(labels):
            model = apps.get_model(label)
            alias, module_key = f"b{number}", model._meta.get_field("module").column
            columns = ", ".join(f"{alias}.{qn(f.column)}" for f in model._meta.concrete_fields
                                if not isinstance(f, GeometryField))
            parts.append(f"(SELECT coalesce(string_agg(ROW({columns})::text, '|' ORDER BY {alias}.{qn(model._meta.pk.column)}), '') "
                         f"FROM {qn(model._meta.db_table)} AS {alias} WHERE {alias}.{qn(module_key)} = {{self}}.id)")
        cases.append(f"WHEN '{key}' THEN md5({' || '.join(parts)})")  # format keys are [a-z][a-z0-9_]*
    return f"CASE {{self}}.format_key {' '.join(cases)} END" if cases else "NULL::text"


def _module_by_slug(slug: str):
    """The module with this address and its project (without the project's area), with the hash of its layers'
    other sources (``layer_sources``), in one prepared query."""
    built_from = {fmt.key: fmt.layers_built_from for fmt in layered_formats() if fmt.layers_built_from}
    signature = tuple(f"{key}:{','.join(labels)}" for key, labels in built_from.items())
    lookup = _LOOKUPS.get(signature)
    if lookup is None:
        lookup = _LOOKUPS[signature] = PreparedLookup(
            Module, follow=("project",), defer=("project__area",), where="{self}.slug = %s",
            annotate={"layer_sources": _sources_sql(built_from)})
    return lookup.get(slug)


def _values(instance) -> tuple:
    return tuple(instance.__dict__.get(field.attname) for field in type(instance)._meta.concrete_fields)


def _layers_of(module) -> list[Layer]:
    """The module's layers: those kept by this process while their sources are unchanged, else built anew."""
    if module.layer_sources is None:
        return module_layers(module)
    fingerprint = (module.layer_sources, _values(module), _values(module.project))
    key = (module.pk, get_language())
    kept = _BUILT.get(key)
    if kept is not None and kept[0] == fingerprint:
        return kept[1]
    layers = module_layers(module)
    if len(_BUILT) >= _BUILT_MAX:
        _BUILT.clear()
    _BUILT[key] = (fingerprint, layers)
    return layers


@receiver(setting_changed)
def _forget_layers(**kwargs):
    """Layers carry settings (the open-data licence): tests that change settings get layers built anew."""
    _BUILT.clear()


def layer_for(key: str, user) -> Layer | None:
    """The layer with this key (``<module slug>`` or ``<module slug>.<part>``), or None if there is none;
    raises LayerRefused when it exists but is not for this user."""
    if not isinstance(key, str) or not KEY.fullmatch(key):
        return None
    module = _module_by_slug(key.split(".", 1)[0])
    if module is None or not any(fmt.key == module.format_key for fmt in layered_formats()):
        return None
    if (module.is_draft or module.project.is_draft) and not (is_planner(user) or is_moderator(user)):
        return None
    layer = next((layer for layer in _layers_of(module) if layer.key == key), None)
    if layer is not None and not may_see(layer, user):
        raise LayerRefused(401 if not user.is_authenticated else 403)
    return layer
