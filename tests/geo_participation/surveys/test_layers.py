"""The map answers as a planners' layer (never public): found through the registry, downloaded, served by the OGC
API and tiles, counted for the heatmap by the database exactly as a recount would."""

import json

import pytest
from django.db import connection

from geo_participation.surveys.layers import HEAT_SOURCE
from geo_participation.surveys.models import Response
from geo_participation.surveys.services import response_submit
from maps.planning.heatmap import recount_sql
from tests.factories import make_user
from tests.factories.surveys import good_values, make_survey, point

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered():
    survey = make_survey(slug="vorplatz")
    for lon in (7.7690, 7.7700, 7.7710):
        values = good_values(survey)
        values[survey.q["where"].pk] = [{"geometry": point((lon, 49.4445)), "category": "Bäume"}]
        response_submit(survey=survey, values=values, respondent=make_user())
    return survey


def test_the_layer_is_for_planners_and_staff_only(client, answered, planner, resident):
    key = "vorplatz.kartenantworten"
    client.force_login(resident)
    assert key not in [layer["key"] for layer in client.get("/api/planning/layers/").json()["layers"]]
    assert client.get(f"/api/planning/layers/{key}/export.geojson").status_code == 403
    client.logout()
    assert client.get(f"/ogc/collections/{key}/items").status_code in (401, 403, 404)
    client.force_login(planner)
    layers = {layer["key"]: layer for layer in client.get("/api/planning/layers/").json()["layers"]}
    assert layers[key]["public"] is False and layers[key]["heatmap"] is True
    assert {f["name"] for f in layers[key]["filters"]} == {"question", "category", "channel"}
    data = json.loads(b"".join(client.get(f"/api/planning/layers/{key}/export.geojson").streaming_content))
    assert len(data["features"]) == 3
    properties = data["features"][0]["properties"]
    assert set(properties) == {"question", "question_text", "category", "response", "channel", "created_at"}
    assert properties["response"] in {str(pk) for pk in Response.objects.values_list("pk", flat=True)}
    items = client.get(f"/ogc/collections/{key}/items", {"category": "Bäume"}).json()
    assert items["numberMatched"] == 3
    nothing = client.get(f"/api/planning/layers/{key}/export.geojson", {"category": "Wasser"})
    assert nothing.status_code == 200 and json.loads(b"".join(nothing.streaming_content))["features"] == []
    assert client.get("/planung/", {"layer": key}).status_code == 200


def test_a_survey_without_map_questions_has_no_layer(planner, client):
    make_survey(slug="ohne-karte", questions=[{"key": "a", "kind": "yes_no", "text": "Ja?"}])
    client.force_login(planner)
    assert not [l for l in client.get("/api/planning/layers/").json()["layers"] if l["key"].startswith("ohne-karte")]


def counts(sql: str) -> set:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return set(cursor.fetchall())


def test_the_kept_counts_equal_a_recount_through_answers_and_deletions(answered):
    kept = ("SELECT source, scope, size, status, facet, i, j, count, weight FROM planning_heatcell "
            f"WHERE source = {HEAT_SOURCE.id} AND (count <> 0 OR weight <> 0)")
    recount = f"SELECT source, scope, size, status, facet, i, j, count, weight FROM ({recount_sql(HEAT_SOURCE)}) AS r"
    assert counts(kept) == counts(recount) and counts(kept)
    Response.objects.filter(pk=Response.objects.order_by("submitted_at").first().pk).delete()
    assert counts(kept) == counts(recount)
    answered.module.delete()
    assert counts(kept) == counts(recount) == set()
