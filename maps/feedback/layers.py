"""The feedback format's layers: the spots residents marked with their opinions (published ones; for planners
also those awaiting moderation), and the features themselves (bike streets) with their approved counts."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.gis.db.models import Extent
from django.db.models import F, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from geo_participation.core.moderation import ModerationStatus
from maps.geo.layers import Column, FilterSpec, HeatSource, HeatSpec, Layer, default_licence, heat_source, query_values

from .models import Feature, Opinion, Rating
from .selectors import VERDICT_SQL

# Opinions' spots counted per hexagon for heatmaps. Their scope is the feature (so that deleting a feature takes
# its counts along: a trigger cannot look up a deleted feature's module), their facet the rating. The counts are
# kept by triggers (maps/planning/migrations); the id is stored: never change it.
RATING_FACETS = {Rating.GOOD: 1, Rating.OKAY: 2, Rating.BAD: 3}
HEAT_SOURCE = heat_source(HeatSource(
    id=2, table="feedback_opinion", scope="{r}.feature_id", geometry="{r}.point",
    facet="CASE {r}.rating " + " ".join(f"WHEN '{rating.value}' THEN {facet}" for rating, facet in RATING_FACETS.items()) + " ELSE 0 END"))
ALL_SUFFIX = ".alle"
FEATURES_SUFFIX = ".strecken"


@dataclass
class OpinionFilters:
    features: list[int] = field(default_factory=list)
    ratings: list[str] = field(default_factory=list)
    matches_nothing: bool = False  # a feature or rating the format does not have was asked for


def _features(module):
    return list(Feature.objects.filter(module=module).order_by("weight", "name").values_list("pk", "slug", "name"))


def _parse(module, query) -> OpinionFilters:
    """``feature`` (short names or ids, comma-separated) and ``rating`` (good, okay, bad); one the format does not
    have matches nothing."""
    filters = OpinionFilters()
    if query_values(query, "feature"):
        known = {}
        for pk, slug, _name in _features(module):
            known[str(pk)], known[slug] = pk, pk
        for part in query_values(query, "feature").split(","):
            if part.strip() in known:
                filters.features.append(known[part.strip()])
            elif part.strip():
                filters.matches_nothing = True
    if query_values(query, "rating"):
        for part in query_values(query, "rating").split(","):
            if part.strip() in Rating.values:
                filters.ratings.append(part.strip())
            elif part.strip():
                filters.matches_nothing = True
    return filters


def _opinions(module, *, statuses, filters: OpinionFilters | None):
    rows = Opinion.objects.filter(feature__module=module, status__in=statuses)
    if filters and filters.features:
        rows = rows.filter(feature__in=filters.features)
    if filters and filters.ratings:
        rows = rows.filter(rating__in=filters.ratings)
    return rows


def _opinion_fields(with_status: bool) -> tuple:
    fields = ["id", ("geometry", F("point")), "feature_id", ("feature_name", F("feature__name")), "rating", "comment",
              ("author_name", Coalesce(F("author__username"), Value(str(_("deleted account"))))),
              "created_at", "updated_at"]
    return tuple(fields + (["status"] if with_status else []))


def _opinion_columns(with_status: bool) -> tuple[Column, ...]:
    columns = [Column("feature", "integer", _("Feature (id)"), source="feature_id"),
               Column("feature_name", label=_("Feature")), Column("rating", label=_("Rating")),
               Column("comment", label=_("Comment"), tile=False), Column("author", label=_("Author (public username)"), source="author_name"),
               Column("created_at", "datetime", _("created")), Column("updated_at", "datetime", _("last changed"))]
    return tuple(columns + ([Column("status", label=_("moderation status"))] if with_status else []))


def _opinion_specs(module) -> list[FilterSpec]:
    return [FilterSpec("feature", _("Feature"), "choices", tuple((slug, name) for _pk, slug, name in _features(module))),
            FilterSpec("rating", _("Rating"), "choices", tuple((value, str(label)) for value, label in Rating.choices))]


def _scopes(module, filters: OpinionFilters | None):
    if filters and filters.features:
        return list(filters.features)
    return "SELECT id FROM feedback_feature WHERE module_id = %s", (module.pk,)


def _extent(module):
    box = Feature.objects.filter(module=module).aggregate(extent=Extent("geometry"))["extent"]
    return tuple(box) if box else None


def _sources(module) -> list[str]:
    return sorted(set(Feature.objects.filter(module=module).exclude(source="").values_list("source", flat=True)))


FEATURE_COUNTS_SQL = (
    "(SELECT {expression} FROM (SELECT count(*) FILTER (WHERE o.rating = 'good') AS good, "
    "count(*) FILTER (WHERE o.rating = 'okay') AS okay, count(*) FILTER (WHERE o.rating = 'bad') AS bad, "
    "count(*) AS total FROM feedback_opinion o WHERE o.feature_id = feedback_feature.id AND o.status = 'approved') AS s)"
)


def _feature_fields() -> tuple:
    counts = {name: RawSQL(FEATURE_COUNTS_SQL.format(expression=f"s.{name}"), ()) for name in ("good", "okay", "bad", "total")}
    return ("id", "geometry", "name", "slug", "status_text", "created_at", *counts.items(),
            ("verdict", RawSQL(FEATURE_COUNTS_SQL.format(expression=VERDICT_SQL), ())))


def _feature_columns() -> tuple[Column, ...]:
    return (Column("name", label=_("Name")), Column("slug", label=_("Short name")),
            Column("status", label=_("Status"), source="status_text"),
            Column("good", "integer", _("good")), Column("okay", "integer", _("okay")), Column("bad", "integer", _("bad")),
            Column("total", "integer", _("Ratings")), Column("verdict", label=_("Verdict")))


def layers_of(module) -> list[Layer]:
    """The opinions' spots (published; for planners all) and the features with their approved counts."""
    licence = default_licence()
    sources = _sources(module)
    with_sources = {**licence, "attribution": "; ".join([licence["attribution"], *sources])}
    shared = dict(
        format_key="feedback", module=module, description=module.description, geometry_type="Point",
        geometry_field="point",
        queryset=lambda *, statuses, filters: _opinions(module, statuses=statuses, filters=filters),
        parse_filters=lambda query: _parse(module, query), filter_specs=lambda: _opinion_specs(module),
        filter_names=lambda: {"feature", "rating"},
        heat=HeatSpec(source=HEAT_SOURCE, scopes=lambda filters: _scopes(module, filters),
                      facets=lambda filters: [RATING_FACETS[Rating(r)] for r in filters.ratings] if filters and filters.ratings else None),
        extent=lambda: _extent(module), interval=(module.start, module.end), **with_sources,
    )
    osm = any("openstreetmap" in source.lower() for source in sources)
    return [
        Layer(key=module.slug, title=_("%(title)s: spots") % {"title": module.title}, public=True,
              statuses=(ModerationStatus.APPROVED,), fields=_opinion_fields(False), columns=_opinion_columns(False),
              **shared),
        Layer(key=f"{module.slug}{ALL_SUFFIX}", public=False,
              title=_("%(title)s: spots, also those awaiting moderation") % {"title": module.title},
              statuses=(ModerationStatus.APPROVED, ModerationStatus.PENDING), fields=_opinion_fields(True),
              columns=_opinion_columns(True), **shared),
        Layer(key=f"{module.slug}{FEATURES_SUFFIX}", title=_("%(title)s: features with their ratings") % {"title": module.title},
              format_key="feedback", module=module, description=module.description, geometry_type="MultiLineString",
              queryset=lambda *, statuses, filters: Feature.objects.filter(module=module),
              fields=_feature_fields(), columns=_feature_columns(), extent=lambda: _extent(module),
              interval=(module.start, module.end),
              **({**with_sources, "licence": "Open Database License (ODbL) 1.0",
                  "licence_url": "https://opendatacommons.org/licenses/odbl/1-0/"} if osm else with_sources)),
    ]
