"""Heatmap counts: the cell arithmetic agrees with PostGIS's hexagons, the triggers keep the counts equal to a
recount through every way of changing contributions and opinions, and no cell under k is ever served."""

import json

import pytest
from django.contrib.gis.geos import Point
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo_participation.core.moderation import ModerationStatus, moderation_approve, moderation_hide, moderation_reject
from maps.feedback.layers import HEAT_SOURCE as OPINIONS
from maps.geo.layers import HEAT_SOURCES, RowQuery
from maps.planning.access import layer_for
from maps.mapping import services
from maps.mapping.layers import HEAT_SOURCE as CONTRIBUTIONS
from maps.mapping.models import Contribution
from maps.planning.heatmap import (
    CELL_SIZES, QUANTILES_SQL, heatmap_cells, heatmap_geojson, heatmap_rebuild, quantiles, recount_sql,
)
from tests.factories import make_user
from tests.factories.feedback import NEAR_PARK, make_feature, make_feedback_module, make_opinion
from tests.factories.mapping import make_contribution, make_map_module

from .conftest import CROWDED


def kept(source) -> set:
    with connection.cursor() as cursor:
        cursor.execute("SELECT source, scope, size, status, facet, i, j, count, weight FROM planning_heatcell "
                       "WHERE source = %s AND (count <> 0 OR weight <> 0)", [source.id])
        return set(cursor.fetchall())


def recounted(source) -> set:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT source, scope, size, status, facet, i, j, count, weight FROM ({recount_sql(source)}) AS r",)
        return set(cursor.fetchall())


def assert_counts_right():
    for source in HEAT_SOURCES.values():
        assert kept(source) == recounted(source), f"counts of source {source.id} differ from a recount"


@pytest.mark.django_db
@pytest.mark.parametrize("size", CELL_SIZES)
def test_every_place_lies_in_the_hexagon_of_its_cell(size):
    with connection.cursor() as cursor:
        cursor.execute("""
            WITH p AS (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(7.6 + random() * 0.35, 49.35 + random() * 0.17), 4326),
                                           25832) AS g FROM generate_series(1, 3000))
            SELECT count(*) FILTER (WHERE NOT ST_Covers(ST_Hexagon(%s, h.i, h.j, ST_SetSRID(ST_MakePoint(0, 0), 25832)), p.g)),
                   count(DISTINCT (h.i, h.j))
            FROM p CROSS JOIN LATERAL planning_hex_cell(ST_X(p.g), ST_Y(p.g), %s) AS h""", [size, size])
        outside, cells = cursor.fetchone()
    assert outside == 0
    assert cells > 1


def test_counts_follow_approval_hiding_moves_supports_and_deletion(fear, moderator, resident):
    assert_counts_right()
    layer = layer_for("angstraeume", resident)
    crowded = Contribution.objects.filter(module=fear, title__startswith="Dunkle Ecke").order_by("pk")
    pending = Contribution.objects.get(module=fear, title="Wartet")
    moderation_approve(item=pending, moderator=moderator, notify=False)
    assert_counts_right()
    services.support_add(contribution=crowded[0], user=resident)
    assert_counts_right()
    moderation_hide(item=crowded[1], moderator=moderator, reason="Beleidigend", notify=False)
    assert_counts_right()
    services.contribution_change(contribution=crowded[2], geometry=Point(7.7400, 49.4300, srid=4326))  # moved, pending again
    assert_counts_right()
    services.contribution_withdraw(contribution=crowded[3])
    assert_counts_right()
    Contribution.objects.filter(module=fear, status=ModerationStatus.APPROVED).update(status=ModerationStatus.PENDING)
    assert_counts_right()
    assert heatmap_cells(layer, RowQuery(), size=200).cells == []  # nothing published any more


def test_opinions_are_counted_by_feature_and_rating_and_leave_with_their_feature(city, moderator):
    module = make_feedback_module(title="Fahrradstraßen bewerten", slug="fahrradstrassen")
    park = make_feature(module=module)
    opinions = [make_opinion(feature=park, author=make_user(), rating="bad", point=NEAR_PARK) for _ in range(5)]
    make_opinion(feature=park, author=make_user(), rating="good", point=None)  # no spot: not on the heatmap
    assert_counts_right()
    moderation_reject(item=opinions[0], moderator=moderator, reason="Kein Bezug", notify=False)
    assert_counts_right()
    layer = layer_for("fahrradstrassen", moderator)
    assert [cell[2] for cell in heatmap_cells(layer, RowQuery(), size=1000).cells] == []  # 4 left: under k
    make_opinion(feature=park, author=make_user(), rating="bad", point=NEAR_PARK)
    assert [cell[2] for cell in heatmap_cells(layer, RowQuery(), size=1000).cells] == [5]
    park.delete()
    assert_counts_right()
    assert kept(OPINIONS) == set()


def test_cells_under_k_are_never_served_and_the_rule_is_stated(fear, planner):
    layer = layer_for("angstraeume", planner)
    for size in CELL_SIZES:
        collection = json.loads(heatmap_geojson(layer, RowQuery(), size=size))
        counts = [feature["properties"]["count"] for feature in collection["features"]]
        assert counts == [6], size  # the crowded spot; the scattered marks (1 each) never appear
        assert collection["metadata"]["k_anonymity"]["k"] == 5
        assert "5" in collection["metadata"]["k_anonymity"]["rule"]
        assert collection["metadata"]["cell_size_m"] == size
    pending_too = json.loads(heatmap_geojson(layer, RowQuery(statuses=("approved", "pending")), size=200))
    assert [f["properties"]["count"] for f in pending_too["features"]] == [7]
    with override_settings(HEATMAP_MIN_COUNT=7):
        assert json.loads(heatmap_geojson(layer, RowQuery(), size=200))["features"] == []
    with override_settings(HEATMAP_MIN_COUNT=1):
        assert len(json.loads(heatmap_geojson(layer, RowQuery(), size=200))["features"]) >= 5


def test_the_crowded_cell_is_where_the_marks_are_and_weighs_their_supports(fear, planner, resident):
    layer = layer_for("angstraeume", planner)
    services.support_add(contribution=Contribution.objects.filter(module=fear, title="Dunkle Ecke 0").get(), user=resident)
    collection = json.loads(heatmap_geojson(layer, RowQuery(), size=100))
    (cell,) = collection["features"]
    assert cell["properties"] == {"count": 6, "weighted": 7}
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_Covers(ST_GeomFromGeoJSON(%s), ST_SetSRID(ST_MakePoint(%s, %s), 4326))",
                       [json.dumps(cell["geometry"]), CROWDED.x, CROWDED.y])
        assert cursor.fetchone()[0]


def test_filters_the_counts_cannot_answer_are_counted_live_and_agree(fear, planner):
    layer = layer_for("angstraeume", planner)
    category = fear.map_categories.order_by("weight").first()
    by_counts = heatmap_cells(layer, RowQuery(filters=layer.parse_filters({"category": [str(category.pk)]})), size=200)
    assert by_counts.served_from == "counts" and by_counts.cells == []  # 3 of the 6 crowded marks: under k
    everything = heatmap_cells(layer, RowQuery(), size=200)
    live = heatmap_cells(layer, RowQuery(filters=layer.parse_filters({"attr_tageszeit": "nacht"})), size=200)
    assert live.served_from == "rows"
    assert live.cells == everything.cells


def test_rebuild_command_recounts_from_scratch(fear):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE planning_heatcell SET count = count + 3 WHERE source = %s", [CONTRIBUTIONS.id])
    assert kept(CONTRIBUTIONS) != recounted(CONTRIBUTIONS)
    call_command("planning_rebuild_heatmaps", verbosity=0)
    assert_counts_right()
    assert heatmap_rebuild(CONTRIBUTIONS) == len(recounted(CONTRIBUTIONS))


OPERATIONS = st.lists(st.tuples(
    st.sampled_from(["add", "approve", "reject", "hide", "withdraw", "move", "support", "unsupport", "recategorise",
                     "bulk_pending", "bulk_approve"]),
    st.integers(min_value=0, max_value=30),  # which contribution
    st.floats(min_value=7.70, max_value=7.84), st.floats(min_value=49.40, max_value=49.48)),
    min_size=1, max_size=25)


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(operations=OPERATIONS)
def test_counts_equal_a_recount_after_any_sequence_of_changes(city, moderator, operations):
    """Approvals, rejections, hides, withdrawals, moves, supports and bulk updates in any order: the counts kept by
    the triggers are always what a recount finds."""
    module = make_map_module(kinds=("point", "line", "polygon"))
    categories = list(module.map_categories.all())
    supporters = [make_user() for _ in range(2)]
    for action, index, lon, lat in operations:
        place = Point(lon, lat, srid=4326)
        rows = list(Contribution.objects.filter(module=module).order_by("pk"))
        target = rows[index % len(rows)] if rows else None
        if action == "add" or target is None:
            make_contribution(module=module, geometry=place, status=ModerationStatus.PENDING,
                              category=categories[index % 2])
        elif action == "approve":
            moderation_approve(item=target, moderator=moderator, notify=False)
        elif action == "reject":
            moderation_reject(item=target, moderator=moderator, reason="Nicht ortsbezogen", notify=False)
        elif action == "hide":
            moderation_hide(item=target, moderator=moderator, reason="Gemeldet", notify=False)
        elif action == "withdraw":
            services.contribution_withdraw(contribution=target)
        elif action == "move":
            Contribution.objects.filter(pk=target.pk).update(geometry=place)
        elif action == "support" and target.is_published:
            user = supporters[index % 2]
            if not target.supports.filter(user=user).exists():
                services.support_add(contribution=target, user=user)
        elif action == "unsupport":
            support = target.supports.first()
            if support:
                services.support_remove(contribution=target, user=support.user)
        elif action == "recategorise":
            target.category = categories[(index + 1) % 2]
            target.save()
        elif action == "bulk_pending":
            Contribution.objects.filter(module=module).update(status=ModerationStatus.PENDING)
        elif action == "bulk_approve":
            Contribution.objects.filter(module=module, pk__lte=target.pk).update(status=ModerationStatus.APPROVED)
    assert kept(CONTRIBUTIONS) == recounted(CONTRIBUTIONS)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(st.integers(min_value=0, max_value=10**6), max_size=400))
def test_the_legend_s_limits_in_python_are_percentile_disc_s(values):
    """The GeoJSON takes the legend's limits from PostgreSQL, the workspace and the PNG from the cells in Python:
    one legend either way."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {QUANTILES_SQL.format(value='v')} FROM unnest(%s::bigint[]) AS v", [values])
        in_sql = cursor.fetchone()[0]
    assert quantiles(sorted(values)) == (in_sql or [])
    assert len(quantiles(sorted(values))) == (6 if values else 0)


def test_the_geojson_and_the_workspace_draw_the_same_legend(fear, planner):
    layer = layer_for("angstraeume", planner)
    with override_settings(HEATMAP_MIN_COUNT=1):
        collection = json.loads(heatmap_geojson(layer, RowQuery(), size=100))
        cells = heatmap_cells(layer, RowQuery(), size=100)
    assert len(collection["features"]) == len(cells.cells) >= 5
    assert collection["metadata"]["classes"] == cells.classes()
    assert collection["metadata"]["classes"][0]["from"] == 1 and collection["metadata"]["classes"][-1]["to"] == 6
