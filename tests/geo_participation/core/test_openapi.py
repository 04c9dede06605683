"""The OpenAPI schema says what the API answers; schemathesis found where it did not (public reads documented as
needing a session, error answers missing, a GeoJSON content type documented as JSON, a parameter named
``attr_<key>``, paging bounds missing)."""

import re

import pytest

from geo_participation.core.openapi import BBOX_PATTERN, DATETIME_PATTERN
from maps.geo.layers import bbox_numbers, parse_datetime_range

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        return Client().get("/api/schema/", {"format": "json"}).json()


def operation(schema, path, method):
    return schema["paths"][path][method]


def test_public_reads_need_no_session_and_writes_do(schema):
    for path, method in [("/api/mapping/{module_slug}/contributions/", "get"), ("/api/feedback/{module_slug}/features/", "get"),
                         ("/api/mapping/{module_slug}/contributions/{id}/comments/", "get"), ("/api/gazetteer/", "get")]:
        assert {} in operation(schema, path, method)["security"], path
    for path, method in [("/api/mapping/{module_slug}/contributions/", "post"), ("/api/feedback/{module_slug}/opinions/mine/", "get"),
                         ("/api/feedback/{module_slug}/opinions/{id}/", "delete")]:
        op = operation(schema, path, method)
        assert op["security"] == [{"cookieAuth": []}] and "403" in op["responses"], path


def test_error_answers_are_documented_with_their_bodies(schema):
    create = operation(schema, "/api/mapping/{module_slug}/contributions/", "post")["responses"]
    assert {"201", "400", "403", "404", "406", "413", "415", "429"} <= set(create)
    assert create["400"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    assert create["429"]["headers"]["Retry-After"]["required"] is True
    settings = operation(schema, "/api/mapping/{module_slug}/", "get")["responses"]
    assert {"400", "404"} <= set(settings) and not {"413", "415", "429"} & set(settings)  # it takes no body
    # A conflict with what is stored (voting twice) is a 400 with its own code, as issues 4 and 12 promise: no 409.
    vote = operation(schema, "/api/polls/{module_slug}/vote/", "post")["responses"]
    assert "already_voted" in vote["400"]["description"]
    assert not [(path, method) for path, item in schema["paths"].items() for method, op in item.items()
                if isinstance(op, dict) and "409" in op.get("responses", {})]


def test_geojson_lists_are_documented_as_geojson_with_their_bounds(schema):
    for path in ("/api/feedback/{module_slug}/features/", "/api/feedback/{module_slug}/opinions/",
                 "/api/mapping/{module_slug}/layer/", "/api/mapping/{module_slug}/contributions/"):
        op = operation(schema, path, "get")
        assert list(op["responses"]["200"]["content"]) == ["application/geo+json"], path
        parameters = {p["name"]: p["schema"] for p in op["parameters"]}
        assert parameters["bbox"]["pattern"] == BBOX_PATTERN, path
        assert not any("<" in name for name in parameters), path  # attr_<key> is described in words
    limit = {p["name"]: p["schema"] for p in operation(schema, "/api/feedback/{module_slug}/opinions/", "get")["parameters"]}["limit"]
    assert (limit["minimum"], limit["maximum"]) == (1, 1000)


@pytest.mark.parametrize("bbox, documented", [("7.6,49.3,7.9,49.5", True), ("-180,-90.0,+180.000,90", True),
                                               ("7.9,49.5,7.6,49.3", True), ("-7.6, 49.3 ,7.9,4.95e1", False),
                                               ("181,0,1,1", False), ("0,0,1,90.5", False), ("1e308,0,1,1", False),
                                               ("0", False), ("7.6,49.3,7.9", False), ("a,b,c,d", False)])
def test_the_documented_bbox_pattern_matches_what_the_server_reads(bbox, documented):
    # The pattern may be stricter than the server, never looser: every box it allows is read (no ValidationError).
    assert bool(re.match(BBOX_PATTERN, bbox)) is documented
    if documented:
        assert bbox_numbers(bbox, either_order=True)


@pytest.mark.parametrize("value, documented", [
    ("2025-05-01", True), ("2025-05-01T18:00:00Z", True), ("2025-05-01T18:00:00.123+02:00", True),
    ("2025-05-01/..", True), ("../2025-05-01T18:00:00", True), ("../..", True), ("2025-06-01/2025-05-01", True),
    ("2025-02-29", False), ("2025-04-31", False), ("9999-12-31", False), ("gestern", False), ("/", False),
])
def test_the_documented_datetime_pattern_matches_what_the_server_reads(value, documented):
    assert bool(re.match(DATETIME_PATTERN, value)) is documented
    if documented:
        parse_datetime_range(value)  # no ValidationError


def test_required_texts_are_documented_as_not_empty_and_errors_in_every_media_type(schema):
    assert schema["components"]["schemas"]["ContributionCreateInput"]["properties"]["title"]["minLength"] == 1
    layer_400 = operation(schema, "/api/mapping/{module_slug}/layer/", "get")["responses"]["400"]
    assert set(layer_400["content"]) == {"application/json", "application/geo+json"}  # ?format=geojson


def test_every_api_error_is_documented_with_one_component(schema):
    """Bad input, not found, not yet open, closed, not allowed, conflicts: one document shape, {"detail", "code"}
    (and "errors" for bad input), for every operation and every documented error status."""
    error = {"$ref": "#/components/schemas/Error"}
    component = schema["components"]["schemas"]["Error"]
    assert component["required"] == ["detail", "code"] and set(component["properties"]) == {"detail", "code", "errors"}
    assert not {"Refusal", "ValidationErrors"} & set(schema["components"]["schemas"])
    assert all(code in component["properties"]["code"]["description"]
               for code in ("not_found", "module_not_started", "module_closed", "not_allowed", "not_authenticated",
                            "email_not_confirmed", "invalid", "throttled", "csrf_failed"))
    api_operations = [(path, method, op) for path, item in schema["paths"].items() if path.startswith("/api/")
                      for method, op in item.items() if method in ("get", "post", "put", "patch", "delete")]
    assert len(api_operations) > 30
    for path, method, op in api_operations:
        errors = {status: answer for status, answer in op["responses"].items() if status.startswith("4")}
        assert {"400", "404"} <= set(errors), (path, method)
        if method != "get":
            assert "403" in errors, (path, method)
        for status, answer in errors.items():
            assert all(media["schema"] == error for media in answer["content"].values()), (path, method, status)
    vote = operation(schema, "/api/polls/{module_slug}/vote/", "get")
    assert vote["security"] == [{"cookieAuth": []}] and "403" in vote["responses"]  # one's own vote: log in first


def test_the_ballot_boxes_and_nullable_dates_are_documented(schema):
    """The tester found GET /api/abstimmungsboxen/ missing and results_published_at null where the schema said not."""
    boxes = operation(schema, "/api/abstimmungsboxen/", "get")
    assert list(boxes["responses"]["200"]["content"]) == ["application/geo+json"]
    assert {} in boxes["security"]
    published = [component["properties"]["results_published_at"] for component in schema["components"]["schemas"].values()
                 if "results_published_at" in component.get("properties", {})]
    assert published and all(field.get("nullable") for field in published)
