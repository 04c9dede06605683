"""Adding a pin and reading a viewport are the map's busiest paths: few queries, no city boundary where none is needed."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from maps.mapping.models import Contribution

pytestmark = pytest.mark.django_db


def reading_an_area(statements) -> list[str]:
    """Statements that read an area column (the project's is the city boundary, thousands of vertices)."""
    return [sql for sql in statements if '."area"' in sql and not sql.startswith("INSERT")]


def test_adding_a_pin_asks_the_database_only_what_it_must(map_module, resident):
    client = APIClient()
    client.force_login(resident)
    body = {"title": "Dunkle Unterführung", "category": map_module.map_categories.first().pk,
            "geometry": {"type": "Point", "coordinates": [7.7695, 49.444]}, "attributes": {"tageszeit": "nacht"}}

    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"/api/mapping/{map_module.slug}/contributions/", data=json.dumps(body),
                               content_type="application/json")

    assert response.status_code == 201, response.json()
    statements = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    # session, user, module with project and map settings, category, attributes, district, INSERT, and the answer:
    # the new pin read back in the one public shape, written by PostGIS (one statement; it replaced a serializer
    # that cost more CPU than the statement does: benchmarks/README.md, "One shape")
    assert len(statements) <= 8, statements
    assert statements[-1].startswith("SELECT '{\"type\":\"Feature\"")
    # The place is checked against the area, so the area is read, once, with the module.
    assert len(reading_an_area(statements)) == 1
    contribution = Contribution.objects.get()
    assert contribution.district.name == "Innenstadt" and contribution.category == map_module.map_categories.first()


def test_adding_a_pin_through_the_form_asks_the_database_only_what_it_must(map_module, resident, client):
    client.force_login(resident)
    category = map_module.map_categories.last()
    data = {"title": "Dunkle Unterführung", "category": category.pk, "attr_tageszeit": "nacht",
            "geometry": json.dumps({"type": "Point", "coordinates": [7.7695, 49.444]})}

    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"/karte/{map_module.slug}/beitraege/neu/", data)

    assert response.status_code == 302
    statements = [q["sql"] for q in queries.captured_queries
                  if not q["sql"].startswith(("SAVEPOINT", "RELEASE", "BEGIN", "COMMIT"))]
    # session, user, module with project and map settings, categories, attributes (form), attributes (service),
    # district, INSERT: the chosen category is one of those read, not asked for again
    assert len(statements) <= 8, statements
    assert len(reading_an_area(statements)) == 1
    assert Contribution.objects.get().category == category


def test_a_pin_with_another_formats_category_is_still_refused(map_module, resident):
    from tests.factories.mapping import make_map_module

    other = make_map_module()
    client = APIClient()
    client.force_login(resident)
    body = {"title": "Fremde Kategorie", "category": other.map_categories.first().pk,
            "geometry": {"type": "Point", "coordinates": [7.7695, 49.444]}, "attributes": {"tageszeit": "nacht"}}

    response = client.post(f"/api/mapping/{map_module.slug}/contributions/", data=json.dumps(body),
                           content_type="application/json")

    assert response.status_code == 400 and "category" in response.json()["errors"]
    assert not Contribution.objects.exists()


def test_the_viewport_layer_is_two_queries_without_the_city_boundary(map_module, client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/mapping/{map_module.slug}/layer/", {"bbox": "7.70,49.40,7.80,49.48", "zoom": 18})

    assert response.status_code == 200 and response.json()["type"] == "FeatureCollection"
    statements = [q["sql"] for q in queries.captured_queries]
    assert len(statements) == 2, statements
    assert not reading_an_area(statements)


def test_the_settings_still_show_the_area_when_reading(map_module, client):
    response = client.get(f"/api/mapping/{map_module.slug}/")
    assert response.status_code == 200
    assert response.json()["area"]["type"] == "MultiPolygon" and len(response.json()["area"]["coordinates"]) >= 1


def test_answers_are_checked_against_the_attributes_as_they_are_now(map_module):
    """Validators are kept per schema: when staff add an option, the new schema decides, not a kept validator."""
    from django.core.exceptions import ValidationError

    from maps.mapping.schema import attributes_check

    attribute = map_module.map_attributes.get()
    with pytest.raises(ValidationError):
        attributes_check({"tageszeit": "morgen"}, [attribute])
    attribute.options += "\nMorgen"
    attribute.save()
    assert attributes_check({"tageszeit": "morgen"}, list(map_module.map_attributes.all())) == {"tageszeit": "morgen"}


@pytest.mark.parametrize("zoom", [18, 12])
def test_the_layer_as_bytes_is_the_same_utf8_text(map_module, zoom):
    """The API sends the bytes PostgreSQL wrote; they must be exactly the text, umlauts and quotes included."""
    from django.contrib.gis.geos import Polygon

    from maps.mapping.selectors import contribution_layer
    from tests.factories.mapping import make_contribution

    make_contribution(module=map_module, title='Dunkle Unterführung „Gleis 3“ – nachts')
    make_contribution(module=map_module, title="Straße am Stiftsplatz")
    city = Polygon.from_bbox((7.64, 49.34, 7.92, 49.51))

    text = contribution_layer(module=map_module, bbox=city, zoom=zoom)
    encoded = contribution_layer(module=map_module, bbox=city, zoom=zoom, encoded=True)

    assert isinstance(text, str) and isinstance(encoded, bytes)
    assert encoded == text.encode("utf-8")
    assert json.loads(encoded) == json.loads(text)
    if zoom == 18:  # at zoom 12 the two marks may share a cluster
        assert "Unterführung „Gleis 3“" in encoded.decode("utf-8")


def test_the_layer_api_answers_utf8_geojson(map_module, client):
    from tests.factories.mapping import make_contribution

    make_contribution(module=map_module, title="Straße am Stiftsplatz")
    response = client.get(f"/api/mapping/{map_module.slug}/layer/", {"bbox": "7.70,49.40,7.80,49.48", "zoom": 18})
    assert response["Content-Type"].startswith("application/geo+json")
    assert response.json()["features"][0]["properties"]["title"] == "Straße am Stiftsplatz"
