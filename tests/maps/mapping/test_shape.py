"""A map contribution has one public shape, built by PostGIS in one selector (selectors.contribution_rows): the item,
the answer to a new one, a page of the list and the export give the same Feature; the viewport layer a documented
subset of it. Before, the three builds differed (url, photos, status in one and not in the other)."""

import json

import pytest
from rest_framework.test import APIClient

from maps.mapping.models import Contribution
from tests.factories import make_user
from tests.factories.mapping import make_contribution, make_photo

pytestmark = pytest.mark.django_db

PROPERTIES = ["title", "description", "category", "category_name", "attributes", "district", "support_count", "author",
              "status", "moderation_reason", "created_at", "updated_at", "url", "photos"]


def features_of(response) -> list[dict]:
    if hasattr(response, "streaming_content"):
        return json.loads(b"".join(response.streaming_content))["features"]
    return response.json()["features"]


def test_item_list_export_and_the_answer_to_a_new_one_are_one_shape(map_module, resident):
    api = APIClient()
    api.force_login(resident)
    body = {"title": "Dunkle Unterführung", "category": map_module.map_categories.first().pk,
            "geometry": {"type": "Point", "coordinates": [7.7695, 49.444]}, "attributes": {"tageszeit": "nacht"}}
    created = api.post(f"/api/mapping/{map_module.slug}/contributions/", body, format="json")
    assert created.status_code == 201 and created["Content-Type"] == "application/geo+json"
    assert list(created.json()["properties"]) == PROPERTIES
    contribution = Contribution.objects.get()
    make_photo(contribution=contribution)
    Contribution.objects.filter(pk=contribution.pk).update(status="approved")  # as a moderator would

    public = APIClient()
    base = f"/api/mapping/{map_module.slug}/contributions/"
    item = public.get(f"{base}{contribution.pk}/").json()
    [listed] = features_of(public.get(base))
    [exported] = features_of(public.get(f"{base}export/"))
    assert item == listed == exported
    assert list(item["properties"]) == PROPERTIES and item["type"] == "Feature" and item["id"] == contribution.pk
    properties = item["properties"]
    assert properties["url"] == f"http://testserver{contribution.get_absolute_url()}"
    [photo] = properties["photos"]
    assert photo["url"].startswith("http://testserver/karte/") and photo["url"].endswith(".jpg")
    assert public.get(photo["url"]).status_code == 200  # the address is the photo view's, which answers
    assert properties["author"] == resident.username and resident.email not in json.dumps(item)
    assert properties["moderation_reason"] is None  # for the author and the moderators only
    # The answer to the new one was the same shape with the same values, apart from what changed since.
    changed = {"status", "photos", "moderation_reason", "updated_at"}
    assert {k: v for k, v in created.json()["properties"].items() if k not in changed} == \
           {k: v for k, v in properties.items() if k not in changed}


def test_the_layer_carries_a_subset_of_the_shape(map_module):
    contribution = make_contribution(module=map_module, title="Straße am Stiftsplatz")
    client = APIClient()
    [feature] = client.get(f"/api/mapping/{map_module.slug}/layer/", {"bbox": "7.70,49.40,7.80,49.48", "zoom": 18}).json()["features"]
    item = client.get(f"/api/mapping/{map_module.slug}/contributions/{contribution.pk}/").json()
    assert feature["id"] == item["id"] and feature["geometry"] == item["geometry"]
    assert feature["properties"] == {key: item["properties"][key] for key in ("title", "category")}


def test_the_moderators_reason_is_for_the_author_and_the_moderators_only(map_module, moderator):
    author = make_user()
    rejected = make_contribution(module=map_module, author=author, status="rejected", moderation_reason="Kein Ort")
    address = f"/api/mapping/{map_module.slug}/contributions/{rejected.pk}/"
    for who, reason in ((author, "Kein Ort"), (moderator, "Kein Ort")):
        client = APIClient()
        client.force_login(who)
        assert client.get(address).json()["properties"]["moderation_reason"] == reason
    assert APIClient().get(address).status_code == 404  # a rejected one is nobody else's business


def test_the_schema_describes_the_one_shape_as_a_component(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    feature = {"$ref": "#/components/schemas/MapContribution"}
    collection = {"$ref": "#/components/schemas/MapContributionCollection"}
    paths = schema["paths"]
    assert paths["/api/mapping/{module_slug}/contributions/{id}/"]["get"]["responses"]["200"]["content"]["application/geo+json"]["schema"] == feature
    assert paths["/api/mapping/{module_slug}/contributions/{id}/"]["patch"]["responses"]["200"]["content"]["application/geo+json"]["schema"] == feature
    assert paths["/api/mapping/{module_slug}/contributions/"]["post"]["responses"]["201"]["content"]["application/geo+json"]["schema"] == feature
    assert paths["/api/mapping/{module_slug}/contributions/"]["get"]["responses"]["200"]["content"]["application/geo+json"]["schema"] == collection
    assert paths["/api/mapping/{module_slug}/contributions/export/"]["get"]["responses"]["200"]["content"]["application/geo+json"]["schema"] == collection
    properties = schema["components"]["schemas"]["MapContributionProperties"]["properties"]
    assert list(properties) == PROPERTIES
    layer = schema["components"]["schemas"]["MapLayerProperties"]["properties"]
    assert {"title", "category"} <= set(layer) <= {"title", "category", "cluster", "count"}
