"""A survey's map answers as a layer for planners and staff (never public): downloads, the workspace, the OGC API,
tiles and the hexagon heatmap (whose k-anonymity rule the survey's own results page uses too).

One layer per survey with map questions, ``<module slug>.kartenantworten``: every mark of the submitted responses
with its question and category and the response's random id; nobody's name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F, QuerySet, TextField, Value
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from geo_participation.core.moderation import ModerationStatus
from maps.geo.layers import Column, FilterSpec, HeatSource, HeatSpec, Layer, default_licence, heat_source, query_values

from .models import Channel, Mark, Question

# Marks counted per hexagon: per survey (scope) and question (facet). Only submitted responses have marks, so each
# counts as published ("approved", the heatmaps' word). The id is stored: never change it.
HEAT_SOURCE = heat_source(HeatSource(id=3, table="surveys_mark", scope="{r}.module_id", facet="{r}.question_id",
                                     status="'approved'"))
SUFFIX = ".kartenantworten"
GEOMETRY_TYPES = {"point": "Point", "line": "LineString", "polygon": "Polygon"}


@dataclass
class MarkFilters:
    """Which marks: of some map questions, categories, one channel, or of some responses (the results' filter)."""

    questions: list[int] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    channel: str = ""
    responses: QuerySet | None = None
    matches_nothing: bool = False  # a question, category or channel the survey does not have was asked for

    @property
    def needs_rows(self) -> bool:
        """The kept heatmap counts know questions only; anything else is counted from the marks themselves."""
        return bool(self.categories or self.channel or self.responses is not None)


def marks_of(module, *, filters: MarkFilters | None = None) -> QuerySet[Mark]:
    marks = Mark.objects.filter(module=module)
    if filters is not None:
        if filters.questions:
            marks = marks.filter(question_id__in=filters.questions)
        if filters.categories:
            marks = marks.filter(category__in=filters.categories)
        if filters.channel:
            marks = marks.filter(response__channel=filters.channel)
        if filters.responses is not None:
            marks = marks.filter(response__in=filters.responses)
    return marks


def _map_questions(module) -> list[Question]:
    return list(Question.objects.filter(survey_id=module.pk, kind=Question.Kind.MAP)
                .order_by("section__weight", "section_id", "weight", "id"))


def _parse(module, questions: list[Question], query) -> MarkFilters:
    """``question`` (ids, comma-separated), ``category`` (names, comma-separated) and ``channel``; one the survey
    does not have matches nothing."""
    filters = MarkFilters()
    known = {str(q.pk): q for q in questions}
    for part in filter(None, (p.strip() for p in query_values(query, "question").split(","))):
        if part in known:
            filters.questions.append(int(part))
        else:
            filters.matches_nothing = True
    categories = {c for q in questions for c in q.category_list}
    for part in filter(None, (p.strip() for p in query_values(query, "category").split(","))):
        if part in categories:
            filters.categories.append(part)
        else:
            filters.matches_nothing = True
    channel = (query.get("channel") or "").strip()
    if channel:
        if channel in Channel.values:
            filters.channel = channel
        else:
            filters.matches_nothing = True
    return filters


def _specs(questions: list[Question]) -> list[FilterSpec]:
    specs = [FilterSpec("question", _("Question"), "choices", tuple((str(q.pk), q.text) for q in questions))]
    categories = list(dict.fromkeys(c for q in questions for c in q.category_list))
    if categories:
        specs.append(FilterSpec("category", _("Category"), "choices", tuple((c, c) for c in categories)))
    specs.append(FilterSpec("channel", _("Channel"), "choice", tuple(Channel.choices)))
    return specs


def layers_of(module) -> list[Layer]:
    """The map answers of a survey (planners and staff only), if it asks anything on the map."""
    questions = _map_questions(module)
    if not questions:
        return []
    kinds = {q.geometry_kind for q in questions}
    return [Layer(
        key=f"{module.slug}{SUFFIX}", title=_("%(title)s – map answers") % {"title": module.title},
        format_key="surveys", module=module, public=False, statuses=(ModerationStatus.APPROVED,),
        description=_("Places marked in the answers to the survey; each with its question, category and the random id "
                      "of its response."),
        geometry_type=GEOMETRY_TYPES[kinds.pop()] if len(kinds) == 1 else "Geometry",
        queryset=lambda *, statuses, filters: marks_of(module, filters=filters),
        fields=("id", "geometry", "category", "created_at", ("question_id_", F("question_id")),
                ("question_text", F("question__text")), ("response_id_", Cast("response_id", TextField())),
                ("channel", F("response__channel"))),
        columns=(Column("question", "integer", _("Question (id)"), source="question_id_"),
                 Column("question_text", label=_("Question")),
                 Column("category", label=_("Category")),
                 Column("response", label=_("Response (random id)"), source="response_id_"),
                 Column("channel", label=_("Channel")),
                 Column("created_at", "datetime", _("submitted"))),
        parse_filters=lambda query: _parse(module, questions, query),
        filter_specs=lambda: _specs(questions), filter_names=lambda: {"question", "category", "channel"},
        heat=HeatSpec(source=HEAT_SOURCE, scopes=lambda filters: [module.pk], weight=Value(1),
                      facets=lambda filters: (filters.questions or None) if filters else None,
                      served=lambda filters: not (filters and filters.needs_rows)),
        interval=(module.start, module.end), **default_licence(),
    )]
