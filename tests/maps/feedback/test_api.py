import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from django.core.management import call_command
from rest_framework.test import APIClient

from geo_participation.core.moderation import ModerationStatus
from maps.feedback.api import MAX_BODY_BYTES
from maps.feedback.models import Opinion
from tests.factories import make_user
from tests.factories.feedback import (FAR_FROM_PARK, NEAR_PARK, make_feature, make_feedback_module, make_opinion)

pytestmark = pytest.mark.django_db

NEAR = {"type": "Point", "coordinates": [NEAR_PARK.x, NEAR_PARK.y]}


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def opinions_url(module):
    return f"/api/feedback/{module.slug}/opinions/"


def post(client, module, body, *, raw: str | None = None):
    if raw is not None:
        return client.generic("POST", opinions_url(module), raw, content_type="application/json")
    return client.post(opinions_url(module), body, format="json")


# --- reading -----------------------------------------------------------------------------------------------


def test_features_come_as_geojson_with_counts_and_verdict(park_street, street_without_course, resident):
    make_opinion(feature=park_street, author=resident, rating="bad")
    make_opinion(feature=park_street, author=make_user(), rating="bad", comment="wartet", status="pending")
    response = api().get(f"/api/feedback/{park_street.module.slug}/features/")
    assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection" and data["numberReturned"] == 2 and data["links"] == []
    by_name = {f["properties"]["name"]: f for f in data["features"]}
    park = by_name["Parkstraße"]
    assert park["id"] == park_street.pk and park["geometry"]["type"] == "MultiLineString"
    assert (park["properties"]["bad"], park["properties"]["total"], park["properties"]["verdict"]) == (1, 1, "bad")
    assert park["properties"]["url"].endswith(park_street.get_absolute_url())
    assert by_name["Rütschhofstraße"]["geometry"] is None  # rated from the list, not on the map
    assert by_name["Rütschhofstraße"]["properties"]["has_course"] is False


def test_features_are_filtered_by_bbox_and_paged(park_street, street_without_course):
    url = f"/api/feedback/{park_street.module.slug}/features/"
    inside = api().get(url, {"bbox": "7.76,49.43,7.78,49.44"}).json()
    outside = api().get(url, {"bbox": "7.70,49.40,7.71,49.41"}).json()
    assert [f["id"] for f in inside["features"]] == [park_street.pk] and inside["numberReturned"] == 1
    assert outside["features"] == [] and outside["numberReturned"] == 0
    first = api().get(url, {"limit": 1}).json()
    assert first["numberReturned"] == 1 and first["links"][0]["rel"] == "next"
    second = api().get(first["links"][0]["href"]).json()
    assert second["numberReturned"] == 1 and second["links"] == []
    assert {first["features"][0]["id"], second["features"][0]["id"]} == {park_street.pk, street_without_course.pk}


def test_one_feature_with_its_counts(park_street, resident):
    make_opinion(feature=park_street, author=resident, rating="good")
    data = api().get(f"/api/feedback/{park_street.module.slug}/features/{park_street.pk}/").json()
    assert data["type"] == "Feature" and data["properties"]["good"] == 1


def test_published_opinions_show_the_public_username_only(park_street, resident):
    resident.first_name, resident.last_name = "Rita", "Radlerin"
    resident.save()
    make_opinion(feature=park_street, author=resident, rating="bad", comment="Zu eng.", point=NEAR_PARK)
    make_opinion(feature=park_street, author=make_user(), rating="good", comment="geheim", status="pending")
    response = api().get(opinions_url(park_street.module))
    body = response.content.decode()
    data = json.loads(body)
    assert [f["properties"]["comment"] for f in data["features"]] == ["Zu eng."]
    assert data["features"][0]["properties"]["author"] == "resi"
    assert data["features"][0]["geometry"]["type"] == "Point"
    for private in (resident.email, "Rita", "Radlerin", "geheim"):
        assert private not in body
    features_body = api().get(f"/api/feedback/{park_street.module.slug}/features/").content.decode()
    assert resident.email not in features_body and "resi" not in features_body


def test_opinions_are_filtered_by_feature_and_spot(park_street, resident, other_resident):
    other = make_feature(module=park_street.module, name="Augustastraße")
    make_opinion(feature=park_street, author=resident, point=NEAR_PARK)
    make_opinion(feature=other, author=resident)
    make_opinion(feature=park_street, author=other_resident)
    url = opinions_url(park_street.module)
    assert api().get(url, {"feature": park_street.pk}).json()["numberReturned"] == 2
    assert api().get(url, {"feature": park_street.pk, "with_point": "true"}).json()["numberReturned"] == 1
    assert api().get(url, {"bbox": "7.76,49.43,7.78,49.44"}).json()["numberReturned"] == 1


def test_opinions_are_paged_newest_first_without_gaps_or_repeats(park_street):
    created = [make_opinion(feature=park_street, author=make_user(), rating="good").pk for _ in range(5)]
    url, seen = opinions_url(park_street.module) + "?limit=2", []
    while url:
        data = api().get(url).json()
        seen += [f["id"] for f in data["features"]]
        url = data["links"][0]["href"] if data["links"] else None
    assert seen == sorted(created, reverse=True)


def test_a_draft_format_does_not_exist_for_the_public(resident):
    module = make_feedback_module(is_draft=True)
    assert api().get(f"/api/feedback/{module.slug}/features/").status_code == 404
    assert api(resident).post(opinions_url(module), {}, format="json").status_code == 404


def test_a_format_of_another_type_is_not_found():
    module = make_feedback_module()
    module.format_key = "mapping"
    module.save()
    assert api().get(f"/api/feedback/{module.slug}/features/").status_code == 404


@pytest.mark.parametrize("params, field", [
    ({"bbox": "7.7,49.4,7.8"}, "bbox"), ({"bbox": "a,b,c,d"}, "bbox"), ({"bbox": "7.7,49.4,7.8,91"}, "bbox"),
    ({"bbox": "nan,49.4,7.7,49.5"}, "bbox"), ({"limit": "0"}, "limit"), ({"limit": "x"}, "limit"),
    ({"limit": "100000"}, "limit"), ({"offset": "-1"}, "offset"), ({"feature": "x"}, "feature"),
])
def test_bad_query_parameters_are_a_400_naming_the_parameter(park_street, params, field):
    url = opinions_url(park_street.module) if field == "feature" else f"/api/feedback/{park_street.module.slug}/features/"
    response = api().get(url, params)
    assert response.status_code == 400 and field in response.json()["errors"]


# --- giving an opinion -------------------------------------------------------------------------------------


def test_a_resident_gives_an_opinion_with_a_spot(park_street, resident):
    response = post(api(resident), park_street.module,
                    {"feature": park_street.pk, "rating": "bad", "comment": "Zu eng.", "point": NEAR})
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "pending" and data["author"] == "resi" and data["point"]["type"] == "Point"
    assert data["point"]["coordinates"] != NEAR["coordinates"]  # moved onto the line
    assert response["Location"].endswith(f"/opinions/{data['id']}/")
    assert Opinion.objects.get().author == resident


def test_a_bare_rating_is_published_at_once(park_street, resident):
    response = post(api(resident), park_street.module, {"feature": park_street.pk, "rating": "good"})
    assert response.status_code == 201 and response.json()["status"] == "approved"


def test_a_form_post_is_a_415_in_words(park_street, resident):
    """An opinion's spot is a GeoJSON object, which a form cannot carry: the API reads JSON only, and says so."""
    response = api(resident).post(opinions_url(park_street.module), {"feature": park_street.pk, "rating": "okay"})
    assert response.status_code == 415 and response.json()["code"] == "unsupported_media_type"
    assert "multipart/form-data" in response.json()["detail"] and not Opinion.objects.exists()


LONG = "x" * 2001


@pytest.mark.parametrize("body, field", [
    # the spot
    ({"point": {"type": "Point", "coordinates": [FAR_FROM_PARK.x, FAR_FROM_PARK.y]}}, "point"),
    ({"point": {"type": "Point", "coordinates": [NEAR_PARK.y, NEAR_PARK.x]}}, "point"),  # lat/lon swapped
    ({"point": {"type": "LineString", "coordinates": [[7.767, 49.438], [7.768, 49.438]]}}, "point"),
    ({"point": {"type": "Polygon", "coordinates": [[[7.76, 49.43], [7.77, 49.43], [7.77, 49.44], [7.76, 49.43]]]}}, "point"),
    ({"point": {"type": "GeometryCollection", "geometries": [{"type": "GeometryCollection", "geometries": []}]}}, "point"),
    ({"point": {"type": "Point", "coordinates": [7.767, 49.438], "crs": {"type": "name", "properties": {"name": "EPSG:4326"}}}}, "point"),
    ({"point": {"type": "Point", "coordinates": [7.767, 95]}}, "point"),
    ({"point": {"type": "Point", "coordinates": [-200, 49.438]}}, "point"),
    ({"point": {"type": "Point", "coordinates": []}}, "point"),
    ({"point": {"type": "Point"}}, "point"),
    ({"point": {}}, "point"),
    ({"point": {"type": ["Point"], "coordinates": [7.767, 49.438]}}, "point"),
    ({"point": "POINT(7.767 49.438)"}, "point"),
    ({"point": [7.767, 49.438]}, "point"),
    ({"point": {"type": "Point", "coordinates": ["7.767", "49.438"]}}, "point"),
    # the rating and the text
    ({"rating": "super"}, "rating"),
    ({"rating": None}, "rating"),
    ({"rating": ""}, "rating"),
    ({"comment": LONG}, "comment"),
    # the feature
    ({"feature": None}, "feature"),
    ({"feature": "Parkstraße"}, "feature"),
    ({"feature": 999999}, "feature"),
])
def test_bad_input_is_a_400_naming_the_field_and_stores_nothing(park_street, resident, body, field):
    complete = {"feature": park_street.pk, "rating": "bad", **body}
    response = post(api(resident), park_street.module, complete)
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"], response.json()["errors"]
    assert all(message for message in response.json()["errors"][field])
    assert not Opinion.objects.exists()


@pytest.mark.parametrize("raw", [
    '{"feature": %d, "rating": "bad", "point": {"type": "Point", "coordinates": [NaN, 49.438]}}',
    '{"feature": %d, "rating": "bad", "point": {"type": "Point", "coordinates": [7.767, Infinity]}}',
    '{"feature": %d, "rating": "bad", "point": {"type": "Point", "coordinates": [1e999, 49.438]}}',
    '{"feature": %d, "rating": "bad", "point": {"type": "Point", "coordinates": [7.767, 1' + "0" * 400 + ']}}',  # no float
])
def test_nan_and_infinite_coordinates_are_a_400_naming_the_point(park_street, resident, raw):
    response = post(api(resident), park_street.module, None, raw=raw % park_street.pk)
    assert response.status_code == 400 and "point" in response.json()["errors"]
    assert not Opinion.objects.exists()


def test_broken_json_is_a_400(park_street, resident):
    response = post(api(resident), park_street.module, None, raw='{"feature": 1, "rating": ')
    assert response.status_code == 400 and "detail" in response.json()


def test_the_messages_are_german_by_default(park_street, resident):
    response = post(api(resident), park_street.module, {"feature": park_street.pk, "rating": "bad", "comment": LONG})
    assert "Zeichen" in response.json()["errors"]["comment"][0]
    response = post(api(resident), park_street.module, {"feature": park_street.pk, "rating": "bad",
                                                        "point": {"type": "LineString", "coordinates": [[7.7, 49.4], [7.8, 49.4]]}})
    assert "Punkt" in response.json()["errors"]["point"][0]


def test_a_feature_of_another_format_is_refused(park_street, resident):
    other = make_feature(module=make_feedback_module())
    response = post(api(resident), park_street.module, {"feature": other.pk, "rating": "good"})
    assert response.status_code == 400 and "feature" in response.json()["errors"]
    assert not Opinion.objects.exists()


def test_a_second_opinion_by_the_same_person_is_refused_clearly(park_street, resident):
    assert post(api(resident), park_street.module, {"feature": park_street.pk, "rating": "good"}).status_code == 201
    response = post(api(resident), park_street.module, {"feature": park_street.pk, "rating": "bad"})
    assert response.status_code == 400 and response.json()["code"] == "already_given"
    assert "feature" in response.json()["errors"]
    assert list(Opinion.objects.values_list("rating", flat=True)) == ["good"]


@pytest.mark.parametrize("state, code, words", [("closed", "module_closed", "beendet"),
                                                 ("upcoming", "module_not_started", "noch nicht begonnen")])
def test_a_format_outside_its_period_refuses_with_a_clear_message(resident, state, code, words):
    feature = make_feature(module=make_feedback_module(state=state))
    response = post(api(resident), feature.module, {"feature": feature.pk, "rating": "good"})
    assert response.status_code == 403
    assert response.json()["code"] == code and words in response.json()["detail"]
    assert not Opinion.objects.exists()


def test_a_body_larger_than_the_limit_is_a_413(park_street, resident):
    response = post(api(resident), park_street.module,
                    {"feature": park_street.pk, "rating": "bad", "comment": "x" * (MAX_BODY_BYTES + 10)})
    assert response.status_code == 413 and "KB" in response.json()["detail"]
    assert not Opinion.objects.exists()


@pytest.mark.parametrize("who, status", [("anonymous", 403), ("unconfirmed", 403)])
def test_only_confirmed_residents_give_opinions(park_street, unconfirmed, who, status):
    client = api(unconfirmed if who == "unconfirmed" else None)
    assert post(client, park_street.module, {"feature": park_street.pk, "rating": "good"}).status_code == status
    assert not Opinion.objects.exists()


# --- one's own opinion: read, change, withdraw -------------------------------------------------------------


def detail_url(opinion):
    return f"/api/feedback/{opinion.feature.module.slug}/opinions/{opinion.pk}/"


def test_the_author_reads_a_pending_opinion_with_its_state_others_do_not_see_it(park_street, resident, other_resident):
    opinion = make_opinion(feature=park_street, author=resident, comment="Text", status=ModerationStatus.PENDING)
    assert api(resident).get(detail_url(opinion)).json()["status"] == "pending"
    assert api(other_resident).get(detail_url(opinion)).status_code == 404
    assert api().get(detail_url(opinion)).status_code == 404


def test_the_rejection_reason_reaches_the_author(park_street, resident):
    opinion = make_opinion(feature=park_street, author=resident, comment="Text", status=ModerationStatus.REJECTED)
    opinion.moderation_reason = "Bitte sachlich bleiben."
    opinion.save()
    mine = api(resident).get(f"/api/feedback/{park_street.module.slug}/opinions/mine/").json()
    assert mine[0]["moderation_reason"] == "Bitte sachlich bleiben." and mine[0]["status"] == "rejected"
    assert api().get(f"/api/feedback/{park_street.module.slug}/opinions/mine/").status_code == 403


def test_the_author_changes_parts_of_an_opinion(park_street, resident):
    opinion = make_opinion(feature=park_street, author=resident, rating="good", point=NEAR_PARK)
    response = api(resident).patch(detail_url(opinion), {"rating": "okay"}, format="json")
    assert response.status_code == 200 and response.json()["rating"] == "okay"
    opinion.refresh_from_db()
    assert opinion.point is not None and opinion.status == "approved"
    response = api(resident).patch(detail_url(opinion), {"point": None}, format="json")
    assert response.json()["point"] is None


def test_the_author_replaces_an_opinion(park_street, resident):
    opinion = make_opinion(feature=park_street, author=resident, rating="good")
    response = api(resident).put(detail_url(opinion), {"rating": "bad", "comment": "Neu", "point": NEAR}, format="json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["comment"]) == ("pending", "Neu")


@pytest.mark.parametrize("body, field", [
    ({"rating": "super"}, "rating"), ({"comment": LONG}, "comment"),
    ({"point": {"type": "Point", "coordinates": [FAR_FROM_PARK.x, FAR_FROM_PARK.y]}}, "point"),
    ({"point": {"type": "MultiPoint", "coordinates": [[7.76, 49.43]]}}, "point"),
])
def test_a_bad_change_is_a_400_and_changes_nothing(park_street, resident, body, field):
    opinion = make_opinion(feature=park_street, author=resident, rating="good", point=NEAR_PARK)
    before = Opinion.objects.values().get()
    response = api(resident).patch(detail_url(opinion), body, format="json")
    assert response.status_code == 400 and field in response.json()["errors"]
    assert Opinion.objects.values().get() == before


def test_nobody_else_changes_or_withdraws_an_opinion(park_street, resident, other_resident, moderator):
    opinion = make_opinion(feature=park_street, author=resident, rating="good")
    for user in (other_resident, moderator):
        assert api(user).patch(detail_url(opinion), {"rating": "bad"}, format="json").status_code == 403
        assert api(user).delete(detail_url(opinion)).status_code == 403
    assert api().delete(detail_url(opinion)).status_code == 403
    assert Opinion.objects.get().rating == "good"


@pytest.mark.parametrize("status", [ModerationStatus.PENDING, ModerationStatus.REJECTED, ModerationStatus.HIDDEN])
def test_an_unpublished_opinion_of_someone_else_does_not_exist_for_writes_either(park_street, resident, other_resident,
                                                                                 status):
    """A 403 to a change told strangers that an unpublished opinion with this id exists; reading it says 404."""
    opinion = make_opinion(feature=park_street, author=resident, comment="Text", status=status)
    client = api(other_resident)
    assert client.patch(detail_url(opinion), {"rating": "bad"}, format="json").status_code == 404
    assert client.put(detail_url(opinion), {"rating": "bad"}, format="json").status_code == 404
    assert client.delete(detail_url(opinion)).status_code == 404
    # A visitor is asked to log in before anything is looked up: the same answer whether the id exists or not.
    for url in (detail_url(opinion), detail_url(opinion).replace(f"/{opinion.pk}/", "/987654/")):
        for response in (api().patch(url, {"rating": "bad"}, format="json"), api().delete(url)):
            assert (response.status_code, response.json()["code"]) == (403, "not_authenticated")
    assert Opinion.objects.get().rating == "good"


def test_the_author_withdraws_an_opinion(park_street, resident):
    opinion = make_opinion(feature=park_street, author=resident, rating="good")
    assert api(resident).delete(detail_url(opinion)).status_code == 204
    assert not Opinion.objects.exists()


def test_after_the_end_nothing_is_changed_or_withdrawn(resident):
    feature = make_feature(module=make_feedback_module(state="closed"))
    opinion = make_opinion(feature=feature, author=resident, rating="good")
    response = api(resident).patch(detail_url(opinion), {"rating": "bad"}, format="json")
    assert response.status_code == 403 and response.json()["code"] == "module_closed"
    assert "beendet" in response.json()["detail"]
    assert api(resident).delete(detail_url(opinion)).json()["code"] == "module_closed"
    assert Opinion.objects.get().rating == "good"


def test_an_opinion_of_another_format_is_not_found_here(park_street, resident):
    other = make_feature(module=make_feedback_module())
    opinion = make_opinion(feature=other, author=resident)
    assert api(resident).get(f"/api/feedback/{park_street.module.slug}/opinions/{opinion.pk}/").status_code == 404


def test_the_openapi_schema_generates_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--fail-on-warn", "--file", str(target))
    schema = target.read_text()
    for path in ("/api/feedback/{module_slug}/features/", "/api/feedback/{module_slug}/opinions/",
                 "/api/feedback/{module_slug}/opinions/{id}/"):
        assert path in schema


@pytest.mark.parametrize("url", ["/opinions/99999999999999999999999/", "/features/99999999999999999999999/"])
def test_ids_beyond_any_integer_are_simply_not_found(park_street, url):
    assert api().get(f"/api/feedback/{park_street.module.slug}{url}").status_code == 404


def test_a_feature_id_beyond_any_integer_is_a_400(park_street, resident):
    response = post(api(resident), park_street.module, {"feature": 10**30, "rating": "good"})
    assert response.status_code == 400 and "feature" in response.json()["errors"]
    response = api().get(opinions_url(park_street.module), {"feature": "9" * 30})
    assert response.status_code == 400 and "feature" in response.json()["errors"]
    response = api().get(opinions_url(park_street.module), {"feature": "²"})
    assert response.status_code == 400


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=6),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=8)
points = st.one_of(
    json_values,
    st.builds(lambda lon, lat: {"type": "Point", "coordinates": [lon, lat]},
              st.floats(7.7, 7.85) | st.floats(allow_nan=False, allow_infinity=False) | st.integers(), st.floats(49.4, 49.46) | st.integers()),
    st.builds(lambda kind, coordinates: {"type": kind, "coordinates": coordinates},
              st.sampled_from(["Point", "LineString", "Polygon", "MultiPoint", "GeometryCollection"]), json_values),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(point=points)
def test_any_spot_is_either_stored_on_the_line_or_a_400_naming_the_point(park_street, resident, point):
    response = post(api(resident), park_street.module, {"feature": park_street.pk, "rating": "bad", "point": point})
    assert response.status_code in (201, 400), response.content
    if response.status_code == 400:
        assert list(response.json()["errors"]) == ["point"]
        assert not Opinion.objects.exists()
    else:
        opinion = Opinion.objects.get()
        line = park_street.geometry.transform(25832, clone=True)
        assert opinion.point is None or line.distance(opinion.point.transform(25832, clone=True)) < 0.01
        opinion.delete()


@pytest.mark.parametrize("point, words", [
    ({**NEAR, "bbox": "junk"}, "„bbox“ muss ein Array"),
    ({"type": "Point", "coordinates": "7.7675, 49.4381"}, "„coordinates“ muss ein Array"),
    ({"type": "Point", "coordinates": {"lon": 7.7675}}, "„coordinates“ muss ein Array"),
])
def test_a_spot_with_a_member_of_the_wrong_type_is_a_400_on_point(park_street, resident, point, words):
    response = api(resident).post(opinions_url(park_street.module), {"feature": park_street.pk, "rating": "good",
                                                                     "point": point}, format="json",
                                  HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 400 and words in response.json()["errors"]["point"][0]
    assert not Opinion.objects.exists()
