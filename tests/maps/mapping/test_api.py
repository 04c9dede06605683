import io
import json

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from rest_framework.test import APIClient

from geo_participation.core.moderation import ModerationStatus
from maps.mapping.geometry import MAX_VERTICES
from maps.mapping.models import Attribute, Contribution, Support
from tests.concurrency import all_at_once, logged_in_session
from tests.factories import make_user
from tests.factories.mapping import make_contribution, make_map_module, make_photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(resident):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(resident)
    return client


def url(module, tail=""):
    return f"/api/mapping/{module.slug}/{tail}"


def body(module, **fields):
    return {"title": "Dunkle Unterführung", "category": module.map_categories.first().pk,
            "geometry": {"type": "Point", "coordinates": [7.7695, 49.444]}, "attributes": {"tageszeit": "nacht"}, **fields}


def post(api, module, data, **kwargs):
    return api.post(url(module, "contributions/"), data=json.dumps(data), content_type="application/json", **kwargs)


def test_a_resident_adds_a_contribution_that_waits_for_moderation(api, map_module, resident):
    response = post(api, map_module, body(map_module))
    assert response.status_code == 201
    feature = response.json()
    assert feature["type"] == "Feature" and feature["properties"]["status"] == "pending"
    assert feature["properties"]["author"] == resident.username
    assert Contribution.objects.get().author == resident


def test_the_answer_to_a_new_contribution_is_what_reading_it_gives(api, map_module, resident):
    """The answer is made without asking for photos (a new one has none) and with fields built once per class."""
    created = post(api, map_module, body(map_module)).json()
    read = api.get(url(map_module, f"contributions/{created['id']}/")).json()
    assert created == read and created["properties"]["photos"] == []
    assert created["properties"]["district"] == "Innenstadt" and "moderation_reason" in created["properties"]


def test_serializers_built_once_still_have_fields_of_their_own(map_module, resident):
    from maps.mapping.models import Comment
    from maps.mapping.serializers import CommentSerializer

    comment = Comment.objects.create(contribution=make_contribution(module=map_module), author=resident, text="Ja!")
    first, second = CommentSerializer(comment), CommentSerializer(comment)
    assert first.data == second.data
    assert all(first.fields[name] is not second.fields[name] for name in first.fields)
    assert first.fields["author"].parent is first and second.fields["author"].parent is second


def _square(x, y, d=0.001):
    return [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]


BAD = [
    ({"geometry": {"type": "Point", "coordinates": [8.68, 50.11]}}, "geometry", "außerhalb"),
    ({"geometry": {"type": "Point", "coordinates": [49.444, 7.7695]}}, "geometry", "vertauscht"),
    ({"geometry": {"type": "Point", "coordinates": [7.77, 91]}}, "geometry", "Wertebereich"),
    ({"geometry": {"type": "Point", "coordinates": [7.77, 1e400]}}, "geometry", "endliche"),
    ({"geometry": {"type": "Point", "coordinates": [7.77, 10**400]}}, "geometry", "Wertebereich"),  # no float
    ({"geometry": {"type": "Point", "coordinates": [7.77, 49.44], "crs": {"type": "name", "properties": {"name": "EPSG:4326"}}}}, "geometry", "crs"),
    ({"geometry": {"type": "GeometryCollection", "geometries": [{"type": "GeometryCollection", "geometries": []}]}}, "geometry", "Sammlungen"),
    ({"geometry": {"type": "Polygon", "coordinates": [[[7.76, 49.44], [7.78, 49.45], [7.78, 49.44], [7.76, 49.45], [7.76, 49.44]]]}}, "geometry", "kreuzt sich"),
    ({"geometry": {"type": "LineString", "coordinates": [[7.76 + i * 1e-6, 49.44] for i in range(MAX_VERTICES + 1)]}}, "geometry", str(MAX_VERTICES)),
    ({"geometry": {}}, "geometry", "GeoJSON"),
    ({"geometry": {"type": [], "coordinates": [7.77, 49.44]}}, "geometry", "GeoJSON"),
    ({"geometry": "kaputt"}, "geometry", "GeoJSON"),
    ({"geometry": {"type": "Point", "coordinates": []}}, "geometry", "leer"),
    ({"geometry": {"type": "LineString", "coordinates": []}}, "geometry", "leer"),
    ({"geometry": {"type": "Polygon", "coordinates": []}}, "geometry", "leer"),
    ({"geometry": {"type": "Polygon", "coordinates": [[]]}}, "geometry", "leer"),
    # A member of the wrong type is refused, not ignored (issue 14: "bbox": "junk" was kept).
    ({"geometry": {"type": "Point", "coordinates": [7.7695, 49.444], "bbox": "junk"}}, "geometry", "„bbox“ muss ein Array"),
    ({"geometry": {"type": "Point", "coordinates": [7.7695, 49.444], "bbox": [7.7, 49.4]}}, "geometry", "„bbox“ muss ein Array"),
    ({"geometry": {"type": "Point", "coordinates": [7.7695, 49.444], "bbox": [7.7, 49.5, 7.8, 49.4]}}, "geometry", "„bbox“"),
    ({"geometry": {"type": "Point", "coordinates": [7.7695, 49.444], "bbox": [7.7, 49.4, 7.8, True]}}, "geometry", "„bbox“"),
    ({"geometry": {"type": "Point", "coordinates": "7.7695, 49.444"}}, "geometry", "„coordinates“ muss ein Array"),
    ({"geometry": {"type": "Point", "coordinates": None}}, "geometry", "„coordinates“ muss ein Array"),
    ({"geometry": {"type": "LineString", "coordinates": {"0": [7.76, 49.44]}}}, "geometry", "„coordinates“ muss ein Array"),
    ({"geometry": {"type": "GeometryCollection", "geometries": "keine"}}, "geometry", "„geometries“ muss ein Array"),
    ({"category": 999999}, "category", "Unbekannte Kategorie"),
    ({"attributes": {"tageszeit": "mittags"}}, "attributes", "Wann"),
    ({"attributes": {"tageszeit": "nacht", "sql": "'; DROP TABLE x"}}, "attributes", "Unbekanntes Merkmal"),
    ({"attributes": ["nacht"]}, "attributes", ""),
    ({"title": "x" * 101}, "title", "100"),
    ({"title": ""}, "title", ""),
    ({"description": "x" * 2001}, "description", "2000"),
    ({"comennt": "Ein Tippfehler"}, "comennt", "Dieses Feld gibt es hier nicht"),  # DRF would drop it unread
    ({"Kommentar\u00a0": 1}, "Kommentar\u00a0", "Dieses Feld gibt es hier nicht"),
]


@pytest.mark.parametrize("change, field, words", BAD)
def test_bad_input_is_a_400_naming_the_field_in_german_and_nothing_is_stored(api, map_module, change, field, words):
    map_module.map_attributes.update(label="Wann fühlst du dich hier unsicher?")
    existing = make_contribution(module=map_module, title="Schon da")
    response = post(api, map_module, body(map_module, **change))
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert words in " ".join(response.json()["errors"][field])
    assert list(Contribution.objects.values_list("pk", "title")) == [(existing.pk, "Schon da")]


GOOD_BBOX = [7.7, 49.4, 7.8, 49.5]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bbox=st.one_of(st.just(GOOD_BBOX), st.none(), st.booleans(), st.integers(), st.text(max_size=5),
                      st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
                      st.lists(st.one_of(st.floats(), st.integers(), st.text(max_size=2), st.none()), max_size=7)))
def test_a_bbox_member_is_read_or_refused_never_ignored(api, map_module, bbox):
    """A valid bbox is accepted; anything else in it is a 400 on the geometry, whatever its type."""
    Contribution.objects.all().delete()
    geometry = {"type": "Point", "coordinates": [7.7695, 49.444], "bbox": bbox}
    response = post(api, map_module, body(map_module, geometry=geometry))
    valid = bbox == GOOD_BBOX
    assert response.status_code == (201 if valid else 400), response.content
    if not valid:
        assert "„bbox" in response.json()["errors"]["geometry"][0] or "„geometry.bbox" in response.json()["errors"]["geometry"][0]


def test_nan_in_the_body_is_named_not_a_parse_error(api, map_module):
    raw = json.dumps(body(map_module)).replace("49.444", "NaN")
    response = api.post(url(map_module, "contributions/"), data=raw, content_type="application/json")
    assert response.status_code == 400 and "endliche" in response.json()["errors"]["geometry"][0]


def test_invalid_json_is_a_400(api, map_module):
    response = api.post(url(map_module, "contributions/"), data="{title:", content_type="application/json")
    assert response.status_code == 400 and not Contribution.objects.exists()


def test_a_body_over_the_limit_is_a_413(api, map_module):
    data = body(map_module, description="x" * 300_000)
    response = post(api, map_module, data)
    assert response.status_code == 413 and "zu groß" in response.json()["detail"]
    assert not Contribution.objects.exists()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(geometry=st.one_of(
    st.fixed_dictionaries({"type": st.sampled_from(["Point", "LineString", "Polygon", "MultiPolygon", "Nonsense", "GeometryCollection"]),
                           "coordinates": st.recursive(st.floats() | st.integers() | st.text(max_size=3) | st.none(),
                                                       lambda children: st.lists(children, max_size=4), max_leaves=12)}),
    st.dictionaries(st.text(max_size=8), st.integers(), max_size=3),
    st.lists(st.floats(), max_size=3),
))
def test_whatever_geometry_arrives_the_answer_is_201_or_a_400_on_geometry(api, map_module, geometry):
    before = Contribution.objects.count()
    response = post(api, map_module, body(map_module, geometry=geometry))
    assert response.status_code in (201, 400), response.content
    if response.status_code == 400:
        assert "geometry" in response.json()["errors"] and Contribution.objects.count() == before


@pytest.mark.parametrize("state, words", [("closed", "beendet"), ("upcoming", "noch nicht begonnen")])
def test_a_format_that_is_not_open_refuses_with_a_clear_message(api, city, state, words):
    module = make_map_module(state=state)
    response = post(api, module, body(module))
    assert response.status_code == 403 and words in response.json()["detail"]
    assert not Contribution.objects.exists()


def test_anonymous_and_unconfirmed_people_are_told_what_to_do(map_module, unconfirmed):
    anonymous = APIClient()
    assert "melde dich an" in post(anonymous, map_module, body(map_module)).json()["detail"]
    unconfirmed_client = APIClient()
    unconfirmed_client.force_login(unconfirmed)
    response = post(unconfirmed_client, map_module, body(map_module))
    assert response.status_code == 403 and "bestätige" in response.json()["detail"]


def test_only_the_author_changes_or_withdraws_while_the_format_is_open(api, map_module, resident, other_resident):
    contribution = make_contribution(module=map_module, author=resident)
    response = api.patch(url(map_module, f"contributions/{contribution.pk}/"), {"title": "Laterne aus"}, format="json")
    assert response.status_code == 200 and response.json()["properties"]["status"] == "pending"
    other = APIClient()
    other.force_login(other_resident)
    contribution.status = ModerationStatus.APPROVED
    contribution.save()
    assert other.patch(url(map_module, f"contributions/{contribution.pk}/"), {"title": "Meins"}, format="json").status_code == 403
    assert other.delete(url(map_module, f"contributions/{contribution.pk}/")).status_code == 403
    assert api.delete(url(map_module, f"contributions/{contribution.pk}/")).status_code == 204
    assert not Contribution.objects.exists()


def test_a_bad_change_is_a_400_and_keeps_what_was_stored(api, map_module, resident):
    contribution = make_contribution(module=map_module, author=resident, status=ModerationStatus.APPROVED)
    response = api.patch(url(map_module, f"contributions/{contribution.pk}/"),
                         {"geometry": {"type": "Point", "coordinates": [8.68, 50.11]}, "title": "Neu"}, format="json")
    assert response.status_code == 400 and "geometry" in response.json()["errors"]
    contribution.refresh_from_db()
    assert (contribution.title, contribution.status) == ("Dunkle Ecke", ModerationStatus.APPROVED)


def test_pending_contributions_are_hidden_from_others(map_module, resident):
    pending = make_contribution(module=map_module, status=ModerationStatus.PENDING)
    assert APIClient().get(url(map_module, f"contributions/{pending.pk}/")).status_code == 404
    client = APIClient()
    client.force_login(resident)
    assert client.get(url(map_module, f"contributions/{pending.pk}/")).status_code == 404


def test_the_lists_are_geojson_with_bbox_pages_and_filters(map_module):
    for i in range(5):
        make_contribution(module=map_module, attributes={"tageszeit": "nacht" if i < 2 else "tag"})
    make_contribution(module=map_module, status=ModerationStatus.PENDING)
    client = APIClient()
    response = client.get(url(map_module, "contributions/"), {"limit": 2, "bbox": "7.6,49.3,7.9,49.5"})
    assert response["Content-Type"] == "application/geo+json"
    assert response.json()["numberMatched"] == 5 and len(response.json()["features"]) == 2
    assert 'rel="next"' in response["Link"] and "offset=2" in response["Link"]
    assert response.json()["numberReturned"] == 2
    [link] = response.json()["links"]
    assert link["rel"] == "next" and "offset=2" in link["href"] and link["href"] in response["Link"]
    last = client.get(link["href"].replace("offset=2", "offset=4")).json()
    assert last["numberReturned"] == 1 and last["links"] == []
    night = client.get(url(map_module, "contributions/"), {"attr_tageszeit": "nacht"}).json()
    assert night["numberMatched"] == 2
    layer = client.get(url(map_module, "layer/"), {"bbox": "7.6,49.3,7.9,49.5", "zoom": 18}, HTTP_ACCEPT="application/geo+json")
    assert layer.status_code == 200 and len(layer.json()["features"]) == 5
    export = client.get(url(map_module, "contributions/export/"))
    assert len(json.loads(b"".join(export.streaming_content))["features"]) == 5


@pytest.mark.parametrize("params, field", [
    ({}, "bbox"), ({"bbox": "1,2,3"}, "bbox"), ({"bbox": "7.6,49.3,7.9,49.5", "zoom": "99"}, "zoom"),
    ({"bbox": "7.6,49.3,7.9,91"}, "bbox"),
    ({"bbox": "7.6,49.3,7.9,49.5", "district": "innen\x00stadt"}, "district"),  # was a 500 (schemathesis)
])
def test_bad_layer_queries_are_400_naming_the_parameter(map_module, params, field):
    response = APIClient().get(url(map_module, "layer/"), params)
    assert response.status_code == 400 and field in response.json()["errors"]


def test_the_format_publishes_its_attribute_schema_and_categories(map_module):
    data = APIClient().get(url(map_module)).json()
    assert data["geometry_kinds"] == ["point", "line", "polygon"]
    assert data["attribute_schema"]["properties"]["tageszeit"]["oneOf"][2] == {"const": "nacht", "title": "Nacht"}
    assert data["attribute_schema"]["required"] == ["tageszeit"]
    assert [c["name"] for c in data["categories"]] == ["Schlechte Beleuchtung", "Verkehr"]


def test_no_personal_data_in_any_public_response(map_module, resident, other_resident):
    resident.first_name, resident.last_name = "Renate", "Resident"
    resident.save()
    contribution = make_contribution(module=map_module, author=resident)
    client = APIClient()
    client.force_login(other_resident)
    client.post(url(map_module, f"contributions/{contribution.pk}/comments/"), {"text": "Stimmt"}, format="json")
    responses = [APIClient().get(url(map_module, path)) for path in
                 ("contributions/", f"contributions/{contribution.pk}/", f"contributions/{contribution.pk}/comments/")]
    responses.append(APIClient().get(url(map_module, "contributions/export/")))
    for response in responses:
        text = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200
        for secret in (resident.email, "Renate", "Resident", other_resident.email):
            assert secret.encode() not in text


def test_support_and_comments_through_the_api(map_module, other_resident):
    contribution = make_contribution(module=map_module)
    client = APIClient(HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(other_resident)
    assert client.post(url(map_module, f"contributions/{contribution.pk}/support/")).json() == {"support_count": 1, "supported": True}
    again = client.post(url(map_module, f"contributions/{contribution.pk}/support/"))
    assert again.status_code == 400 and again.json()["code"] == "already_supported" and "schon zu" in again.json()["errors"]["support"][0]
    assert client.delete(url(map_module, f"contributions/{contribution.pk}/support/")).json()["support_count"] == 0
    comment = client.post(url(map_module, f"contributions/{contribution.pk}/comments/"), {"text": "Stimmt"}, format="json")
    assert comment.status_code == 201 and comment.json()["status"] == "pending"
    too_long = client.post(url(map_module, f"contributions/{contribution.pk}/comments/"), {"text": "x" * 1001}, format="json")
    assert too_long.status_code == 400 and "text" in too_long.json()["errors"]
    # the comment waits: the public list does not show it yet
    assert APIClient().get(url(map_module, f"contributions/{contribution.pk}/comments/")).json() == []


def test_photo_upload_limits_and_metadata(api, map_module, resident):
    contribution = make_contribution(module=map_module, author=resident)
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), "orange").save(buffer, format="PNG")
    buffer.name = "sonne.png"
    buffer.seek(0)
    photos = url(map_module, f"contributions/{contribution.pk}/photos/")
    response = api.post(photos, {"photo": buffer, "alt_text": "Der heiße Platz"}, format="multipart")
    assert response.status_code == 201 and response.json()["thumbnail_url"].endswith("-klein.jpg")
    photo = contribution.photos.get()
    assert response.json()["url"] == f"http://testserver{photo.url}"
    assert api.get(response.json()["thumbnail_url"]).status_code == 200  # its author sees it while it waits
    not_an_image = io.BytesIO(b"#!/bin/sh\necho hi\n")
    not_an_image.name = "photo.jpg"
    response = api.post(photos, {"photo": not_an_image, "alt_text": "Foto"}, format="multipart")
    assert response.status_code == 400 and "photo" in response.json()["errors"]
    huge = api.generic("POST", photos, data=b"x", content_type="multipart/form-data; boundary=x",
                       CONTENT_LENGTH=str(11 * 1024 * 1024))
    assert huge.status_code == 413


def test_the_api_gives_the_photo_views_address_never_the_files(map_module, resident, moderator):
    contribution = make_contribution(module=map_module, author=resident)
    photo = make_photo(contribution=contribution)
    response = APIClient().get(url(map_module, f"contributions/{contribution.pk}/"))
    assert response.json()["properties"]["photos"] == [{
        "id": photo.pk, "url": f"http://testserver{photo.url}", "thumbnail_url": f"http://testserver{photo.thumbnail_url}",
        "alt_text": "Die dunkle Unterführung", "width": 800, "height": 600}]
    assert b"/media/" not in response.content
    assert APIClient().get(response.json()["properties"]["photos"][0]["url"]).status_code == 200


def test_the_openapi_schema_generates_without_warnings(tmp_path):
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(tmp_path / "schema.yaml"))
    schema = (tmp_path / "schema.yaml").read_text()
    assert "/api/mapping/{module_slug}/contributions/" in schema and "/api/gazetteer/" in schema


def test_the_api_documentation_says_which_geometries_are_refused_and_why(client):
    schema = client.get("/api/schema/?format=json").json()
    geometry = schema["components"]["schemas"]["ContributionCreateInput"]["properties"]["geometry"]
    for words in ("**empty**", "**invalid**", "crosses itself", "**outside the format's area**",
                  f"**more than {MAX_VERTICES} vertices**", "`bbox` must be four finite numbers", "never ignored"):
        assert words in geometry["description"], words
    assert geometry["properties"]["bbox"]["minItems"] == 4
    opinion = schema["components"]["schemas"]["OpinionCreate"]["properties"]["point"]
    assert "too-far-away" in opinion["description"] and "`bbox`" in opinion["description"]


@pytest.mark.django_db(transaction=True)
def test_racing_supports_count_once_per_person(live_server, city):
    """Twelve requests at once, from six people each sending twice: six supports, counted six times."""
    module = make_map_module()
    contribution = make_contribution(module=module)
    sessions = [logged_in_session(make_user(username=f"racer{n}")) for n in range(6)]
    support = f"{live_server.url}{url(module, f'contributions/{contribution.pk}/support/')}"

    responses = all_at_once([lambda session=session: session.post(support, headers={"Referer": live_server.url})
                             for session in sessions for _ in range(2)])
    contribution.refresh_from_db()
    assert sorted(r.status_code for r in responses) == [201] * 6 + [400] * 6
    assert {r.json()["code"] for r in responses if r.status_code == 400} == {"already_supported"}
    assert contribution.support_count == Support.objects.filter(contribution=contribution).count() == 6


@pytest.mark.parametrize("params, field", [({"offset": 29187154652400669687808}, "offset"), ({"limit": 0}, "limit"),
                                           ({"bbox": "1e999,0,1,1"}, "bbox")])
def test_out_of_range_list_queries_are_400_not_500(map_module, params, field):
    """Found by schemathesis: an offset beyond PostgreSQL's bigint came back as a 500."""
    response = APIClient(HTTP_ACCEPT_LANGUAGE="de").get(url(map_module, "contributions/"), params)
    assert response.status_code == 400 and field in response.json()["errors"]


def test_a_nul_character_in_a_filter_or_a_text_answer_is_a_400_not_a_500(api, map_module):
    """Found by schemathesis: PostgreSQL refuses NUL in text, and the error came back as a 500."""
    Attribute.objects.create(module=map_module, key="bemerkung", label="Bemerkung", kind="text", required=False, weight=5)
    listed = APIClient().get(url(map_module, "contributions/"), {"district": "\x00"})
    assert listed.status_code == 400 and "„district“ enthält ein Steuerzeichen" in listed.json()["errors"]["district"][0]
    response = post(api, map_module, body(map_module, attributes={"tageszeit": "nacht", "bemerkung": "a\x00b"}))
    assert response.status_code == 400 and "„attributes.bemerkung“ enthält ein Steuerzeichen" in response.json()["errors"]["attributes"][0]
    assert not Contribution.objects.exists()


def test_a_flood_of_contributions_is_stopped_with_a_429_and_a_german_message(api, map_module, settings):
    from django.core.cache import cache

    from geo_participation.core.limits import RATES

    settings.RATELIMIT_ENABLE = True
    cache.clear()
    allowed = int(RATES["contribution"].split("/")[0])
    statuses = [post(api, map_module, body(map_module, title=f"Beitrag {n}")).status_code for n in range(allowed + 1)]
    assert statuses[:allowed] == [201] * allowed
    assert statuses[-1] == 429
    response = post(api, map_module, body(map_module))
    assert "kurzer Zeit" in response.json()["detail"]
    assert Contribution.objects.count() == allowed
    cache.clear()
