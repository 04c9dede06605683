"""The map format's layers: every map format with places is a layer of its published contributions, and, for
planners and staff, a second one that also holds those still waiting for moderation.

The rows and their public properties are written once, here (``_FIELDS``, ``_columns``): the same shape as the
format's list and export (``selectors._public_rows``).
"""

from __future__ import annotations

from django.db import connection
from django.db.models import F, Value
from django.db.models.expressions import RawSQL
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from geo_participation.core.moderation import ModerationStatus
from geo_participation.core.prepared import PreparedLookup
from maps.geo.layers import Column, FilterSpec, HeatSource, HeatSpec, Layer, default_licence, heat_source
from maps.geo.models import AdministrativeArea

from . import selectors
from .models import Attribute, Contribution, MapSettings

# Contributions counted per hexagon for heatmaps: per format (scope) and category (facet), weighing one plus
# their supports. The counts are kept by triggers (maps/planning/migrations); the id is stored: never change it.
HEAT_SOURCE = heat_source(HeatSource(id=1, table="mapping_contribution", scope="{r}.module_id",
                                     facet="coalesce({r}.category_id, 0)", weight="1 + {r}.support_count"))
ALL_SUFFIX = ".alle"


def _queryset(module, *, statuses, filters):
    rows = Contribution.objects.filter(module=module, status__in=statuses)
    return selectors.contribution_filter(rows, filters or selectors.ContributionFilters())


def _attribute_value(attribute: Attribute):
    """An attribute's answer as its own column: numbers for scales, true/false for yes/no, text otherwise."""
    if attribute.kind == Attribute.Kind.SCALE:
        return RawSQL("CASE WHEN jsonb_typeof(mapping_contribution.attributes -> %s) = 'number' "
                      "THEN (mapping_contribution.attributes ->> %s)::numeric END", (attribute.key, attribute.key))
    if attribute.kind == Attribute.Kind.YES_NO:
        return RawSQL("CASE WHEN jsonb_typeof(mapping_contribution.attributes -> %s) = 'boolean' "
                      "THEN (mapping_contribution.attributes ->> %s)::boolean END", (attribute.key, attribute.key))
    return KT(f"attributes__{attribute.key}")


ATTRIBUTE_KINDS = {Attribute.Kind.SCALE: "number", Attribute.Kind.YES_NO: "boolean"}


def _fields(attributes: list[Attribute], *, with_status: bool) -> tuple:
    fields = ["id", "geometry", "title", "description", "category_id", "attributes", "support_count", "created_at",
              ("category_name", F("category__name")), ("district_name", F("district__name")),
              ("author_name", Coalesce(F("author__username"), Value(str(_("deleted account")))))]
    if with_status:
        fields.append("status")
    fields += [(f"attr_{a.key}", _attribute_value(a)) for a in attributes]
    return tuple(fields)


def _columns(attributes: list[Attribute], *, with_status: bool) -> tuple[Column, ...]:
    columns = [
        Column("title", label=_("Title")),
        Column("description", label=_("Description"), tile=False),
        Column("category", "integer", _("Category (id)"), source="category_id"),
        Column("category_name", label=_("Category")),
        Column("attributes", "object", _("Attributes"), flat=False),
        Column("district", label=_("District"), source="district_name"),
        Column("support_count", "integer", _("Supports")),
        Column("author", label=_("Author (public username)"), source="author_name"),
        Column("created_at", "datetime", _("created")),
    ]
    if with_status:
        columns.append(Column("status", label=_("moderation status")))
    columns += [Column(f"attr_{a.key}", ATTRIBUTE_KINDS.get(a.kind, "string"), a.label, geojson=False)
                for a in attributes]
    return tuple(columns)


def _filter_specs(module) -> list[FilterSpec]:
    specs = [FilterSpec("category", _("Category"), "choices",
                        tuple((str(c.pk), c.name) for c in selectors.categories_of(module)))]
    for attribute in selectors.attributes_of(module):
        if attribute.kind == Attribute.Kind.CHOICE:
            specs.append(FilterSpec(f"attr_{attribute.key}", attribute.label, "choice", tuple(attribute.choices)))
        elif attribute.kind == Attribute.Kind.YES_NO:
            specs.append(FilterSpec(f"attr_{attribute.key}", attribute.label, "choice",
                                    (("ja", _("yes")), ("nein", _("no")))))
        elif attribute.kind == Attribute.Kind.SCALE:
            specs.append(FilterSpec(f"attr_{attribute.key}_min", _("%(label)s: at least") % {"label": attribute.label},
                                    "integer", minimum=attribute.minimum, maximum=attribute.maximum))
    districts = AdministrativeArea.objects.filter(level=AdministrativeArea.Level.DISTRICT).order_by("name")
    specs.append(FilterSpec("district", _("District"), "choice", tuple(districts.values_list("slug", "name"))))
    return specs


def _extent(module):
    """The format's area (or its project's) as west, south, east, north: where its contributions can lie."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent(coalesce(s.area, p.area)) AS e "
            "FROM projects_module m JOIN projects_project p ON p.id = m.project_id "
            "LEFT JOIN mapping_mapsettings s ON s.module_id = m.id WHERE m.id = %s) AS x", [module.pk])
        row = cursor.fetchone()
    return tuple(row) if row and row[0] is not None else None


GEOMETRY_TYPES = {("point",): "Point", ("line",): "LineString", ("polygon",): "Polygon"}


# Every layer request starts here: the settings without the area (the extent is asked of the database when needed).
_SETTINGS = PreparedLookup(MapSettings, where="{self}.module_id = %s", defer=("area",))


def layers_of(module) -> list[Layer]:
    """The published contributions of a map format with places, and (for planners) all of them."""
    settings = _SETTINGS.get(module.pk) or selectors.map_settings_for(module)
    if not settings.has_places:
        return []  # an idea collection has no places to show
    attributes = selectors.attributes_of(module)
    shared = dict(
        format_key="mapping", module=module, description=module.description,
        geometry_type=GEOMETRY_TYPES.get(tuple(settings.geometry_kinds), "Geometry"),
        queryset=lambda *, statuses, filters: _queryset(module, statuses=statuses, filters=filters),
        parse_filters=lambda query: selectors.filters_from_query(query, module=module),
        filter_specs=lambda: _filter_specs(module),
        filter_names=lambda: {"category", "district", *(f"attr_{a.key}" + ("_min" if a.kind == Attribute.Kind.SCALE else "")
                                                      for a in attributes if a.is_filterable)},
        heat=HeatSpec(source=HEAT_SOURCE, scopes=lambda filters: [module.pk],
                      weight=F("support_count") + 1,
                      facets=lambda filters: (filters.categories or None) if filters else None,
                      served=lambda filters: not (filters and (filters.equals or filters.at_least or filters.district))),
        extent=lambda: _extent(module), interval=(module.start, module.end), **default_licence(),
    )
    return [
        Layer(key=module.slug, title=module.title, public=True, statuses=(ModerationStatus.APPROVED,),
              fields=_fields(attributes, with_status=False), columns=_columns(attributes, with_status=False), **shared),
        Layer(key=f"{module.slug}{ALL_SUFFIX}", public=False,
              title=_("%(title)s – all contributions, also those awaiting moderation") % {"title": module.title},
              statuses=(ModerationStatus.APPROVED, ModerationStatus.PENDING),
              fields=_fields(attributes, with_status=True), columns=_columns(attributes, with_status=True), **shared),
    ]
