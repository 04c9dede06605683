"""Layers are built once per process and kept while the rows they are built from stay the same; their rows' SQL is
compiled once per query shape and bound per request. Neither may ever serve what the database no longer says."""

import json
from dataclasses import replace
from datetime import datetime, timezone
from itertools import product

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from geo_participation.core.moderation import ModerationStatus
from maps.geo import layers as registry
from maps.geo.layers import Column, RowQuery, parse_bbox
from maps.mapping.models import Attribute, MapSettings
from maps.mapping.selectors import ContributionFilters
from maps.planning.access import LayerRefused, layer_for

ANONYMOUS = AnonymousUser()


def test_a_kept_layer_costs_one_look_up(fear):
    first = layer_for("angstraeume", ANONYMOUS)
    with CaptureQueriesContext(connection) as queries:
        again = layer_for("angstraeume", ANONYMOUS)
    assert again is first
    assert len(queries) == 1, [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("edit", ["attribute added", "attribute renamed", "settings", "module", "project"])
def test_an_edit_to_what_the_layers_are_built_from_counts_from_the_next_request(fear, edit):
    before = layer_for("angstraeume", ANONYMOUS)
    # Edits as bulk updates: no model signal announces them; only the rows themselves tell.
    if edit == "attribute added":
        Attribute.objects.create(module=fear, key="licht", label="Licht", kind=Attribute.Kind.YES_NO, weight=5)
    elif edit == "attribute renamed":
        Attribute.objects.filter(module=fear).update(label="Uhrzeit")
    elif edit == "settings":
        MapSettings.objects.filter(module=fear).update(accepts_lines=False, accepts_polygons=False)
    elif edit == "module":
        type(fear).objects.filter(pk=fear.pk).update(title="Dunkle Orte")
    else:
        type(fear.project).objects.filter(pk=fear.project_id).update(title="Sicher unterwegs")
    after = layer_for("angstraeume", ANONYMOUS)
    assert after is not before
    if edit == "attribute added":
        assert "attr_licht" in [c.name for c in after.columns] and "attr_licht" not in [c.name for c in before.columns]
    elif edit == "attribute renamed":
        assert [c.label for c in after.columns if c.name == "attr_tageszeit"] == ["Uhrzeit"]
    elif edit == "settings":
        assert (before.geometry_type, after.geometry_type) == ("Geometry", "Point")
    elif edit == "module":
        assert after.title == "Dunkle Orte"
    assert layer_for("angstraeume", ANONYMOUS) is after  # kept again


def test_access_is_decided_on_the_module_this_request_read(fear, planner):
    assert layer_for("angstraeume", ANONYMOUS) is not None
    with pytest.raises(LayerRefused):
        layer_for("angstraeume.alle", ANONYMOUS)
    type(fear).objects.filter(pk=fear.pk).update(is_draft=True)
    assert layer_for("angstraeume", ANONYMOUS) is None
    assert layer_for("angstraeume", planner) is not None
    type(fear).objects.filter(pk=fear.pk).update(is_draft=False)
    type(fear.project).objects.filter(pk=fear.project_id).update(is_draft=True)
    assert layer_for("angstraeume", ANONYMOUS) is None


def test_layers_are_kept_per_language(fear, planner):
    with translation.override("de"):
        german = layer_for("angstraeume.alle", planner)
    with translation.override("en"):
        english = layer_for("angstraeume.alle", planner)
    assert "awaiting moderation" in english.title and "awaiting moderation" not in german.title


START, END = datetime(2020, 1, 1, tzinfo=timezone.utc), datetime(2031, 1, 1, tzinfo=timezone.utc)
SHAPES = list(product(
    [(ModerationStatus.APPROVED,), (ModerationStatus.APPROVED, ModerationStatus.PENDING)],
    [None, ContributionFilters(), ContributionFilters(categories=[1, 2], equals={"tageszeit": "Tag"})],
    [None, "4326", "25832", "envelope"],
    [(None, None), (START, END), (None, END)],
    [None, 17],
    [(None, 0), (50, 30), (None, 30)],
    [None, "geojson"],
))


def test_the_bound_sql_is_what_the_queryset_compiles_to(fear):
    """Every query shape, twice (compiled, then bound): the very statement ``rows_queryset`` gives."""
    layer = layer_for("angstraeume", ANONYMOUS)
    checked = 0
    for statuses, filters, box, (start, end), after, (limit, offset), columns in SHAPES:
        q = RowQuery(statuses=statuses, filters=filters, start=start, end=end, after=after, limit=limit, offset=offset,
                     bbox=parse_bbox("7.7,49.4,7.8,49.5") if box == "4326" else
                     parse_bbox("400000,5470000,410000,5480000", srid=25832) if box == "25832" else None,
                     envelope=(7.7, 49.4, 7.8, 49.5) if box == "envelope" else None)
        wanted = None if columns is None else getattr(layer, f"{columns}_columns")
        fields = None if wanted is None else registry.fields_for(layer, wanted)
        expected = connection.ops.compose_sql(*registry.rows_queryset(layer, q, fields=fields).query.sql_with_params())
        for _round in (1, 2):
            assert connection.ops.compose_sql(*registry.rows_sql(layer, q, columns=wanted)) == expected
            checked += 1
    assert checked == 2 * len(SHAPES) == 2 * 2 * 3 * 4 * 3 * 2 * 3 * 2
    assert all(template is not False for template in layer.compiled.values())


def test_bound_rows_are_the_rows(fear):
    layer = layer_for("angstraeume", ANONYMOUS)
    first = RowQuery(bbox=parse_bbox("7.70,49.40,7.80,49.50"), limit=3)
    second = RowQuery(bbox=parse_bbox("7.76,49.44,7.78,49.45"), limit=2, offset=1)

    def ids(q):
        sql, params = registry.rows_sql(layer, q, columns=())
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id FROM ({sql}) AS r", params)
            return [row[0] for row in cursor.fetchall()]

    assert ids(first) == [row["id"] for row in registry.rows_queryset(layer, first)]
    assert ids(second) == [row["id"] for row in registry.rows_queryset(layer, second)]  # the same shape, bound anew
    assert len(ids(second)) == 2 and ids(first) != ids(second)


def test_filters_naming_model_instances_are_compiled_every_time(fear, city):
    """A district's repr is only its name: such filters are never part of a kept shape."""
    from maps.geo.models import AdministrativeArea

    layer = layer_for("angstraeume", ANONYMOUS)
    district = AdministrativeArea.objects.filter(level=AdministrativeArea.Level.DISTRICT).first()
    kept = len(layer.compiled)
    sql, params = registry.rows_sql(layer, RowQuery(filters=ContributionFilters(district=district)))
    assert len(layer.compiled) == kept and district.pk in params


@pytest.mark.django_db
def test_a_rating_format_s_layers_follow_its_features(city):
    """The rating format builds its layers from its features (their sources name the attribution)."""
    from maps.feedback.models import Feature
    from tests.factories.feedback import make_feature, make_feedback_module

    module = make_feedback_module(slug="radstrassen")
    feature = make_feature(module=module, source="")
    before = layer_for("radstrassen", ANONYMOUS)
    assert layer_for("radstrassen", ANONYMOUS) is before
    Feature.objects.filter(pk=feature.pk).update(source="© OpenStreetMap-Mitwirkende")
    after = layer_for("radstrassen", ANONYMOUS)
    assert after is not before and "OpenStreetMap" in after.attribution and "OpenStreetMap" not in before.attribution


def _properties(layer, sql):
    rows, params = registry.rows_sql(layer, RowQuery(statuses=layer.statuses), columns=layer.geojson_columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT r.id, ({sql})::text FROM ({rows}) AS r ORDER BY r.id", params)
        return [(pk, json.loads(text)) for pk, text in cursor.fetchall()]


@pytest.mark.parametrize("names", ["as declared", "one longer than postgresql's 63 bytes", "none"])
def test_properties_are_what_json_build_object_writes(fear, names):
    """The quicker row_to_json gives each property its name, value and place; a name PostgreSQL would cut, or no
    property at all, takes json_build_object itself."""
    layer = layer_for("angstraeume", ANONYMOUS)
    columns = {"as declared": layer.columns,
               "one longer than postgresql's 63 bytes": (*layer.columns, Column(name="ü" * 40, source="title")),
               "none": tuple(c for c in layer.columns if not c.geojson)}[names]
    layer = replace(layer, columns=columns, compiled={})
    pairs = ", ".join(f"'{c.name}', r.\"{c.column}\"" for c in layer.geojson_columns)
    expected = _properties(layer, f"json_build_object({pairs})")
    written = _properties(layer, registry.properties_sql(layer))
    assert written == expected and len(written) == 11
    assert [list(properties) for _pk, properties in written] == [[c.name for c in layer.geojson_columns]] * 11
    assert ("row_to_json" in registry.properties_sql(layer)) == (names == "as declared")
