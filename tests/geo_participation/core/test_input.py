"""Input no field accepts is a 400 in words, at every door: query parameters, page forms, the API's bodies, GeoJSON.

The outside tester's findings (a JSON body nested about 1,000 levels deep was a 500 with a RecursionError on every
JSON write; a NUL in ``?abstimmung=`` was a 500 from PostgreSQL) and their class. ``tests/test_hostile_input.py``
sends such input to every URL pattern; here each door is pinned with the words it answers.
"""

import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.test.client import MULTIPART_CONTENT as MULTIPART

from geo_participation.core.input import MAX_JSON_DEPTH, InputRefused, json_check, json_loads
from geo_participation.polls.models import Ballot
from geo_participation.core.models import BarrierReport
from maps.feedback.models import Opinion
from maps.feedback.services import features_import
from maps.geo.parsing import GeoJSONError, geometry_object
from maps.mapping.models import Contribution
from tests.factories.feedback import make_feature, make_feedback_module
from tests.factories.mapping import make_map_module
from tests.factories.polls import make_poll

pytestmark = pytest.mark.django_db

DEEP = "[" * 1_000 + "]" * 1_000


def nested(depth: int):
    value = 1
    for _ in range(depth):
        value = [value]
    return value


# --- core.input, the one reader
@pytest.mark.parametrize("text, code", [
    (DEEP, "too_deep"), ('{"a":' * 5_000 + "1" + "}" * 5_000, "too_deep"), (json.dumps(nested(MAX_JSON_DEPTH + 1)), "too_deep"),
    ('{"title": "a\\u0000b"}', "invalid_characters"), ('{"a\\u0000": 1}', "invalid_characters"),
    ('["\\ud800"]', "invalid_characters"), ('{"text": "\\u0007"}', "invalid_characters"),
    ("[1,", "invalid_json"), (b"\xff\xfe", "invalid_json"), ("NaN", "invalid_json"),
])
def test_json_no_field_accepts_is_refused_with_a_reason(text, code):
    with pytest.raises(InputRefused) as refused:
        json_loads(text)
    assert refused.value.code == code


def test_json_within_the_limits_is_read_with_tabs_and_line_breaks():
    assert json_loads(json.dumps(nested(MAX_JSON_DEPTH - 1))) == nested(MAX_JSON_DEPTH - 1)
    assert json_loads('{"text": "Zeile 1\\nZeile 2\\tEnde"}') == {"text": "Zeile 1\nZeile 2\tEnde"}
    assert json_loads("NaN", strict=False) != 0  # lenient readers name the field holding it themselves


def test_the_refusal_names_the_place_of_the_character():
    with pytest.raises(InputRefused) as refused:
        json_check({"geometry": {"coordinates": [[7.7, "49\x00"]]}})
    assert refused.value.field == "geometry.coordinates[0][1]"
    assert "„geometry.coordinates[0][1]“ enthält ein Steuerzeichen" in str(refused.value)


# --- the API's bodies: every JSON write of the issue, as a resident who may write
@pytest.fixture
def places(resident):
    map_module = make_map_module()
    feature = make_feature(module=make_feedback_module())
    poll = make_poll()
    return {
        "contribution": f"/api/mapping/{map_module.slug}/contributions/",
        "opinion": f"/api/feedback/{feature.module.slug}/opinions/",
        "vote": f"/api/polls/{poll.module.slug}/vote/",
    }


def logged_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(user)
    return client


@pytest.mark.parametrize("target", ["contribution", "opinion", "vote"])
@pytest.mark.parametrize("body", [DEEP, '{"a":' * 1_000 + "1" + "}" * 1_000])
def test_a_body_nested_a_thousand_levels_deep_is_a_400_in_words(places, resident, target, body):
    response = logged_in(resident).post(places[target], body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == f"Das JSON ist zu tief verschachtelt: Höchstens {MAX_JSON_DEPTH} Ebenen sind erlaubt."
    assert not (Contribution.objects.exists() or Opinion.objects.exists() or Ballot.objects.exists())


@pytest.mark.parametrize("target, body, field", [
    ("contribution", {"title": "Dunkel\x00", "geometry": {"type": "Point", "coordinates": [7.7695, 49.444]}}, "title"),
    ("contribution", {"title": "Dunkel", "geometry": {"type": "Point\x00", "coordinates": [7.7695, 49.444]}}, "geometry"),
    ("opinion", {"feature": 1, "rating": "good", "comment": "a\x01b"}, "comment"),
    ("vote", {"options\x00": [1]}, "options\x00"),
])
def test_a_control_character_in_a_json_body_is_a_400_under_its_field(places, resident, target, body, field):
    response = logged_in(resident).post(places[target], json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    message = response.json()["errors"][field][0]
    assert "enthält ein Steuerzeichen (z. B. NUL)" in message


def test_a_control_character_in_an_api_form_body_is_a_400_under_its_field(places, resident):
    response = logged_in(resident).post(places["vote"], {"options": "1", "comment\x00": "x"})
    assert response.status_code == 400 and "„comment\\x00“ enthält ein Steuerzeichen" in response.json()["errors"]["comment\x00"][0]
    response = logged_in(resident).post(places["vote"], {"options": "1", "comment": "x\x00"}, content_type=MULTIPART)
    assert response.status_code == 400 and "„comment“ enthält ein Steuerzeichen" in response.json()["errors"]["comment"][0]


@pytest.mark.parametrize("body", [{"title": "Dunkel\x00"}, {"attributes": {"g\x0c": 1}}, {"x\x1b": 1}])
def test_a_control_character_does_not_come_before_the_address_or_the_permission(places, resident, body):
    # The schema promises a 404 for a format that does not exist and a 403 for a write not allowed, whatever the
    # body; the character is refused when the view reads the body (core.api.RefusedBody), not while DRF's CSRF
    # check parses it.
    text = json.dumps(body)
    assert logged_in(resident).post("/api/mapping/gibt-es-nicht/contributions/", text,
                                    content_type="application/json").status_code == 404
    assert logged_in(resident).post("/api/abstimmungsboxen/auszaehlungen/", text,
                                    content_type="application/json").status_code == 403
    refused = logged_in(resident).post(places["contribution"], text, content_type="application/json")
    assert refused.status_code == 400 and "enthält ein Steuerzeichen" in refused.json()["detail"]
    assert not Contribution.objects.exists()


# --- query parameters, API and pages alike
def test_a_nul_in_a_query_parameter_is_a_400_in_words_on_the_api(staff):
    """The tester's example: ``GET /api/abstimmungsboxen/?abstimmung=%00`` was a 500 from PostgreSQL."""
    response = Client(HTTP_ACCEPT_LANGUAGE="de").get("/api/abstimmungsboxen/?abstimmung=%00")
    assert response.status_code == 400
    assert response.json()["errors"] == {"abstimmung": [
        "Der Parameter „abstimmung“ enthält ein Steuerzeichen (z. B. NUL) oder ein ungültiges Zeichen. Bitte schick ihn ohne."]}
    tallies = logged_in(staff).get("/api/abstimmungsboxen/auszaehlungen/?abstimmung=%00")
    assert tallies.status_code == 400 and "abstimmung" in tallies.json()["errors"]


def test_a_nul_in_a_query_parameter_is_a_400_page_in_words(staff):
    """The staff tally list was the page that answered a NUL with a 500."""
    response = logged_in(staff).get("/intern/abstimmungen/?abstimmung=%00")
    html = response.content.decode()
    assert response.status_code == 400 and "<title>Fehler: Diese Anfrage können wir nicht beantworten" in html
    assert "Der Parameter „abstimmung“ enthält ein Steuerzeichen" in html


@pytest.mark.parametrize("query", ["q=%01", "seite=%1b", "abc%00=1", "bbox=7%7f"])
def test_any_control_character_in_any_parameter_name_or_value_is_refused(query):
    assert Client().get(f"/projekte/?{query}").status_code == 400
    assert Client().get(f"/api/gazetteer/?{query}").status_code == 400


def test_tabs_and_line_breaks_stay_allowed_in_a_page_form(resident):
    response = logged_in(resident).post("/seite/barrierefreiheit/", {"description": "Zeile 1\r\nZeile 2\t!"})
    assert response.status_code == 302
    assert BarrierReport.objects.get().description == "Zeile 1\r\nZeile 2\t!"


def test_a_control_character_in_a_page_form_is_a_400_page_naming_the_field(resident):
    response = logged_in(resident).post("/seite/barrierefreiheit/", {"description": "Zeile\x0b", "page_url": "/"})
    assert response.status_code == 400 and "Das Feld „description“ enthält ein Steuerzeichen" in response.content.decode()
    assert not BarrierReport.objects.exists()


def test_the_refusal_follows_the_request_s_language():
    client = Client()
    client.cookies["language"] = "en"
    response = client.get("/api/abstimmungsboxen/?abstimmung=%00")
    assert response.json()["errors"]["abstimmung"] == [
        "The parameter “abstimmung” contains a control character (such as NUL) or an invalid character; please send it without."]


# --- GeoJSON read from text: the page form's place, the staff's import
def test_a_place_nested_too_deeply_in_the_page_form_is_a_form_error(resident):
    module = make_map_module()
    response = logged_in(resident).post(f"/karte/{module.slug}/beitraege/neu/", {
        "title": "Tief", "category": module.map_categories.first().pk, "attr_tageszeit": "nacht",
        "geometry": '{"type": "Point", "coordinates": ' + DEEP + "}"})
    assert response.status_code == 400 and "zu tief verschachtelt" in response.content.decode()
    assert not Contribution.objects.exists()


def test_a_geojson_file_nested_too_deeply_loads_nothing_and_says_why():
    module = make_feedback_module()
    with pytest.raises(ValidationError) as refused:
        features_import(module=module, data=DEEP)
    assert refused.value.message_dict == {"file": [f"Das JSON ist zu tief verschachtelt: Höchstens {MAX_JSON_DEPTH} Ebenen sind erlaubt."]}
    assert not module.feedback_features.exists()


@pytest.mark.parametrize("text", [DEEP, '{"type": "Point", "coordinates": [7.7, "49\\u0000"]}'])
def test_geojson_text_is_read_by_the_same_reader(text):
    with pytest.raises(GeoJSONError) as refused:
        geometry_object(text)
    assert "verschachtelt" in str(refused.value) or "Steuerzeichen" in str(refused.value)
