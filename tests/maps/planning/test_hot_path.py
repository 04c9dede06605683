"""Every planners' read is one statement for its data, after the layer's look-up (module with project, prepared;
the format's settings and attributes only when the process builds the layer); none reads a city-sized area, none
scans for a count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from geo_participation.core.moderation import ModerationStatus
from maps.mapping.models import Contribution


def statements_of(client, url, **headers) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
        if response.streaming:
            b"".join(response.streaming_content)
    return response.status_code, [q["sql"] for q in queries.captured_queries]


# The module with its project (and a hash of the rows its layers are built from); the first read of a layer in a
# process also builds it (the map settings, the attributes), later ones use the kept layer.
LOOKUP, BUILD = 1, 2


@pytest.mark.parametrize("url", [
    "/api/planning/layers/angstraeume/heatmap.geojson?cell=200",
    "/api/planning/layers/angstraeume/export.geojson",
    "/tiles/angstraeume/14/8545/5613.mvt",
    "/tiles/angstraeume/17/68363/44911.mvt",
    "/ogc/collections/angstraeume/items?limit=5",
])
def test_a_read_is_its_look_up_and_one_statement(client, fear, url):
    status, statements = statements_of(client, url)
    assert status == 200
    assert len(statements) == LOOKUP + BUILD + 1, statements
    assert not [sql for sql in statements if '"area"' in sql and "SELECT" in sql[:20]]  # no boundary read
    status, statements = statements_of(client, url)
    assert status == 200
    assert len(statements) == LOOKUP + 1, statements


def test_number_matched_comes_from_the_kept_counts_not_a_scan(client, fear):
    _status, statements = statements_of(client, "/ogc/collections/angstraeume/items?limit=5")
    page = statements[-1]
    assert "planning_heatcell" in page and "count(*) FROM (SELECT" not in page
    published = Contribution.objects.filter(module=fear, status=ModerationStatus.APPROVED).count()
    assert client.get("/ogc/collections/angstraeume/items?limit=5").json()["numberMatched"] == published


def test_draft_formats_have_no_public_layer(client, fear, planner):
    fear.is_draft = True
    fear.save(update_fields=["is_draft"])
    assert client.get("/ogc/collections/angstraeume").status_code == 404
    assert client.get("/api/planning/layers/angstraeume/export.geojson").status_code == 404
    client.force_login(planner)
    assert client.get("/ogc/collections/angstraeume").status_code == 200
