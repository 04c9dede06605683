"""Which map layers a person may see (maps.geo.layers describes them; the formats declare them): public layers are
open data, the others (unmoderated items, survey answers) only planners and staff see; a draft's layers are the
team's. The workspace, the downloads, the OGC API and the tiles all ask here."""

from __future__ import annotations

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


_MODULE_BY_SLUG = PreparedLookup(Module, follow=("project",), defer=("project__area",), where="{self}.slug = %s")


def _module_by_slug(slug: str):
    """The module with this address and its project (without the project's area), in one prepared query."""
    return _MODULE_BY_SLUG.get(slug)


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
    layer = next((layer for layer in module_layers(module) if layer.key == key), None)
    if layer is not None and not may_see(layer, user):
        raise LayerRefused(401 if not user.is_authenticated else 403)
    return layer
