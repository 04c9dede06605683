"""The survey API: the questions, one's own response with the same checks as the pages (every bad input of issue 12
answers 400 naming the question), refusals by the door, results and exports for those allowed."""

import csv
import io
import json

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone

from geo_participation.core.moderation import ModerationStatus
from geo_participation.surveys.models import Answer, Channel, Response
from geo_participation.surveys.services import response_submit
from tests.factories import make_user
from tests.factories.surveys import INSIDE, good_values, make_survey, point

from .test_services import BAD_INPUTS, K

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    return make_survey()


def body(values: dict) -> dict:
    return {"answers": [{"question": question, "value": value} for question, value in values.items()]}


def url(survey, part: str = "") -> str:
    return f"/api/surveys/{survey.module.slug}/{part}"


def test_the_questions_in_sections_with_numbers_options_rules_and_conditions(client, survey):
    data = client.get(url(survey)).json()
    assert data["title"] == survey.module.title and data["state"] == "open" and data["allow_anonymous"] is False
    questions = [q for section in data["sections"] for q in section["questions"]]
    assert [q["number"] for q in questions] == list(range(1, 12))
    often, where, play = questions[0], questions[9], questions[10]
    assert often["kind"] == "single" and often["required"] is True
    assert [o["text"] for o in often["options"]] == ["täglich", "wöchentlich", "selten"]
    assert where["geometry_kind"] == "point" and where["categories"] == ["Bänke", "Bäume"] and where["max_choices"] == 2
    assert play["condition"] == {"question": survey.q["theatre"].pk, "value": "yes"} and often["condition"] is None


def test_a_resident_sends_a_response_and_reads_it_back(client, survey, resident):
    client.force_login(resident)
    values = good_values(survey)
    answer = client.post(url(survey, "response/"), body(values), content_type="application/json")
    assert answer.status_code == 201, answer.content
    data = answer.json()
    assert data["status"] == "submitted" and data["submitted_at"]
    sent = {a["question"]: a["value"] for a in data["answers"]}
    assert sent[survey.q["wishes"].pk] == values[survey.q["wishes"].pk]
    assert sent[survey.q["where"].pk] == [{"geometry": point(), "category": "Bänke"}]
    assert sent == {k: v for k, v in values.items()}
    assert client.get(url(survey, "response/")).json()["answers"] == data["answers"]


@pytest.mark.parametrize("key, spoil, words", BAD_INPUTS, ids=[f"{k}-{i}" for i, (k, _s, _w) in enumerate(BAD_INPUTS)])
def test_every_bad_input_answers_400_naming_the_question(client, survey, resident, key, spoil, words):
    client.force_login(resident)
    values = good_values(survey)
    values[survey.q[key].pk] = spoil(survey)
    answer = client.post(url(survey, "response/"), body(values), content_type="application/json")
    if words == "Bitte beantworte":
        assert answer.status_code == 201
        return
    assert answer.status_code == 400, answer.content
    message = answer.json()["errors"][f"q{survey.q[key].pk}"][0]
    assert message.startswith(K[key]) and words in message
    assert not Response.objects.filter(status="submitted").exists()


def test_a_hidden_question_s_answer_and_a_second_submission_both_answer_400_with_their_own_code(client, survey, resident):
    client.force_login(resident)
    values = good_values(survey)
    values[survey.q["theatre"].pk] = False
    hidden = client.post(url(survey, "response/"), body(values), content_type="application/json")
    assert hidden.status_code == 400 and "nur in einem anderen Fall" in hidden.json()["errors"][f"q{survey.q['play'].pk}"][0]
    assert client.post(url(survey, "response/"), body(good_values(survey)), content_type="application/json").status_code == 201
    again = client.post(url(survey, "response/"), body(good_values(survey)), content_type="application/json")
    assert again.status_code == 400 and again.json()["code"] == "already_answered"
    assert again.json()["errors"] == {"survey": ["Du hast diese Umfrage schon beantwortet. Danke!"]}


def test_bad_bodies_answer_400_not_500(client, survey, resident):
    client.force_login(resident)
    post = lambda data: client.post(url(survey, "response/"), data, content_type="application/json")  # noqa: E731
    assert post({"answers": "alle"}).status_code == 400
    assert post({"answers": [{"question": "eins", "value": 1}]}).status_code == 400
    twice = post({"answers": [{"question": survey.q["age"].pk, "value": 1}, {"question": survey.q["age"].pk, "value": 2}]})
    assert twice.status_code == 400 and twice.json()["errors"] == {"answers": [f"Frage {survey.q['age'].pk} ist doppelt beantwortet."]}
    nan = client.post(url(survey, "response/"), '{"answers": [{"question": %d, "value": NaN}]}' % survey.q["age"].pk,
                      content_type="application/json")
    assert nan.status_code == 400
    geometry = post(body({**good_values(survey), survey.q["where"].pk: [{"geometry": {"type": "Point", "crs": 1}}]}))
    assert geometry.status_code == 400 and "crs" in geometry.json()["errors"][f"q{survey.q['where'].pk}"][0]


def test_the_messages_come_in_english_when_asked(client, survey, resident):
    resident.language = "en"
    resident.save()
    client.force_login(resident)
    values = good_values(survey)
    values[survey.q["comfort"].pk] = 7
    answer = client.post(url(survey, "response/"), body(values), content_type="application/json")
    assert answer.json()["errors"][f"q{survey.q['comfort'].pk}"] == [
        "Question 5 (“Wie wohl fühlst du dich?”): Please choose a whole number from 1 to 5."]


def test_a_draft_is_saved_with_put_and_read_back(client, survey, resident):
    client.force_login(resident)
    saved = client.put(url(survey, "response/"), body({survey.q["age"].pk: "fast 40"}), content_type="application/json")
    assert saved.status_code == 200 and saved.json()["status"] == "draft"
    assert client.get(url(survey, "response/")).json()["answers"] == [{"question": survey.q["age"].pk, "value": "fast 40"}]
    assert not Answer.objects.exists()


@pytest.mark.parametrize("who, state, code", [
    ("visitor", "open", "not_authenticated"), ("unconfirmed", "open", "email_not_confirmed"),
    ("resident", "closed", "module_closed"), ("resident", "upcoming", "module_not_started"),
])
def test_the_door_refuses_who_may_not_answer_now(client, who, state, code):
    survey = make_survey(state=state)
    if who != "visitor":
        client.force_login(make_user(confirmed=who != "unconfirmed"))
    answer = client.post(url(survey, "response/"), body(good_values(survey)), content_type="application/json")
    assert answer.status_code == 403 and answer.json()["code"] == code
    assert not Response.objects.exists()


def test_answers_without_an_account_are_for_the_page_only(client):
    survey = make_survey(allow_anonymous=True)
    answer = client.post(url(survey, "response/"), body(good_values(survey)), content_type="application/json")
    assert answer.status_code == 403 and answer.json()["code"] == "not_authenticated"


def test_a_draft_survey_is_not_found(client):
    survey = make_survey(is_draft=True)
    assert client.get(url(survey)).json()["code"] == "not_found"


@pytest.fixture
def answered(survey):
    """Three responses: two online, one on paper; one free text published, one waiting."""
    q = survey.q
    for n, channel in enumerate([Channel.ONLINE, Channel.ONLINE, Channel.PAPER]):
        values = good_values(survey)
        values[q["comfort"].pk] = 2 + n
        values[q["words"].pk] = f"=HYPERLINK(\"x\") Nummer {n}"
        response_submit(survey=survey, values=values, channel=channel,
                        **({"entered_by": make_user()} if channel == Channel.PAPER else {"respondent": make_user()}))
    Answer.objects.filter(question=q["words"]).order_by("pk").filter(
        pk=Answer.objects.filter(question=q["words"]).order_by("pk").first().pk).update(status=ModerationStatus.APPROVED)
    return survey


def test_results_are_for_planners_until_published_then_for_everyone(client, answered, planner):
    assert client.get(url(answered, "results/")).json()["code"] == "not_authenticated"
    client.force_login(make_user())
    assert client.get(url(answered, "results/")).json()["code"] == "not_allowed"
    client.force_login(planner)
    data = client.get(url(answered, "results/")).json()
    assert (data["responses"], data["online"], data["paper"]) == (3, 2, 1)
    comfort = next(q for q in data["questions"] if q["id"] == answered.q["comfort"].pk)
    assert comfort["mean"] == 3.0 and comfort["answered"] == 3
    assert [(r["label"], r["count"]) for r in comfort["rows"]] == [("1 (gar nicht)", 0), ("2", 1), ("3", 1), ("4", 1),
                                                                   ("5 (sehr)", 0)]
    words = next(q for q in data["questions"] if q["id"] == answered.q["words"].pk)
    assert words["texts"] == ['=HYPERLINK("x") Nummer 0'] and words["published"] == 1
    paper = client.get(url(answered, "results/"), {"channel": "paper"}).json()
    assert paper["responses"] == 1 and paper["filters"] == {"channel": "paper"}
    module = answered.module
    module.end = module.start + timezone.timedelta(hours=1)
    module.results_published_at = timezone.now()
    module.save()
    client.logout()
    assert client.get(url(answered, "results/")).json()["responses"] == 3


def test_bad_result_filters_answer_400_naming_the_parameter(client, answered, planner):
    client.force_login(planner)
    for query, name in [({"answer": "99:1"}, "answer"), ({"answer": f"{answered.q['comfort'].pk}:9"}, "answer"),
                        ({"answer": f"{answered.q['age'].pk}:42"}, "answer"), ({"channel": "fax"}, "channel")]:
        answer = client.get(url(answered, "results/"), query)
        assert answer.status_code == 400 and list(answer.json()["errors"]) == [name], (query, answer.content)


def test_the_csv_has_a_row_per_response_a_column_per_question_no_name_and_no_formula(client, answered, planner):
    assert client.get(url(answered, "export.csv")).json()["code"] == "not_authenticated"
    client.force_login(make_user())
    assert client.get(url(answered, "export.csv")).status_code == 403
    client.force_login(planner)
    answer = client.get(url(answered, "export.csv"))
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/csv")
    text = answer.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Antwort", "Weg", "Abgeschickt am"] and rows[0][3] == "1. Wie oft bist du auf dem Platz?"
    assert len(rows) == 4 and all(len(row) == 3 + 11 for row in rows)
    ids = {str(pk) for pk in Response.objects.values_list("pk", flat=True)}
    assert {row[0] for row in rows[1:]} == ids
    column = rows[0].index("4. Was fehlt dir dort?")
    assert all(row[column].startswith("'=HYPERLINK") for row in rows[1:])  # written as text, never run
    wishes = rows[0].index("6. Was ist dir am wichtigsten?")
    assert rows[1][wishes] == "1. Wasser; 2. Bäume"
    assert sorted(row[1] for row in rows[1:]) == ["Papier", "online", "online"]
    for user in Response.objects.exclude(respondent=None).values_list("respondent__username", "respondent__email"):
        assert user[0] not in text and user[1] not in text


def test_the_geojson_of_the_map_answers_has_the_response_id_and_no_person(client, answered, planner):
    client.force_login(planner)
    answer = client.get(url(answered, "marks.geojson"))
    assert answer.status_code == 200 and answer["Content-Type"] == "application/geo+json"
    data = json.loads(answer.content)
    assert len(data["features"]) == 3
    feature = data["features"][0]
    assert set(feature["properties"]) == {"response", "question", "question_number", "category", "channel"}
    assert feature["properties"]["question_number"] == 10 and feature["geometry"]["coordinates"] == list(INSIDE)
    assert {f["properties"]["response"] for f in data["features"]} == {str(pk) for pk in Response.objects.values_list("pk", flat=True)}
    mapped = [f["properties"]["question"] for f in data["features"]]
    assert len(json.loads(client.get(url(answered, "marks.geojson"), {"question": mapped[0]}).content)["features"]) == 3
    for other in (answered.q["age"].pk, -1, 10**30):  # not a map question of this survey: nothing, as a filter finds
        assert json.loads(client.get(url(answered, "marks.geojson"), {"question": other}).content)["features"] == []
        heat = client.get(url(answered, "results/heatmap.geojson"), {"question": other})
        assert heat.status_code == 200 and json.loads(heat.content)["features"] == []
    assert client.get(url(answered, "marks.geojson"), {"question": "null"}).status_code == 400


def test_the_heatmap_leaves_out_cells_with_fewer_than_k_marks(client, survey, planner, settings):
    settings.HEATMAP_MIN_COUNT = 3
    client.force_login(planner)
    for n in range(3):
        values = good_values(survey)
        response_submit(survey=survey, values=values, respondent=make_user())
        heat = json.loads(client.get(url(survey, "results/heatmap.geojson")).content)
        assert len(heat["features"]) == (1 if n == 2 else 0)
    assert heat["features"][0]["properties"]["count"] == 3 and heat["metadata"]["k_anonymity"]["k"] == 3
    filtered = json.loads(client.get(url(survey, "results/heatmap.geojson"), {"channel": "paper"}).content)
    assert filtered["features"] == [] and filtered["metadata"]["served_from"] == "rows"


def test_marks_outside_each_other_s_cells_stay_hidden(client, survey, planner, settings):
    settings.HEATMAP_MIN_COUNT = 2
    client.force_login(planner)
    for lon in (7.7670, 7.7730):  # 450 m apart: two cells with one mark each
        values = good_values(survey)
        values[survey.q["where"].pk] = [{"geometry": point((lon, 49.4445)), "category": "Bäume"}]
        response_submit(survey=survey, values=values, respondent=make_user())
    heat = json.loads(client.get(url(survey, "results/heatmap.geojson"), {"cell": 50}).content)
    assert heat["features"] == []
    assert Point(7.7670, 49.4445, srid=4326)  # (the places are real points of the area)


def test_planners_fetch_the_exports_with_their_api_token(client, answered, planner):
    from maps.planning.tokens import token_create

    _token, secret = token_create(user=planner, name="QGIS")
    answer = client.get(url(answered, "marks.geojson"), HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert answer.status_code == 200 and len(json.loads(answer.content)["features"]) == 3
    assert client.get(url(answered, "export.csv"), HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    assert client.get(url(answered, "export.csv"), HTTP_AUTHORIZATION="Bearer mw_falsch").status_code in (401, 403)


def test_a_filter_narrowed_to_fewer_than_k_responses_shows_the_public_nothing_but_the_count(client, answered, planner):
    module = answered.module
    module.start, module.end = timezone.now() - timezone.timedelta(days=9), timezone.now() - timezone.timedelta(days=1)
    module.results_published_at = timezone.now()
    module.save()
    paper = client.get(url(answered, "results/"), {"channel": "paper"}).json()
    assert paper["responses"] == 1 and paper["withheld"] is True and paper["questions"] == []
    assert client.get(url(answered, "results/")).json()["withheld"] is False  # unfiltered: the results of all
    client.force_login(planner)
    assert client.get(url(answered, "results/"), {"channel": "paper"}).json()["questions"]


def test_english_readers_get_the_english_texts_staff_gave_and_german_where_they_gave_none(client, survey, resident):
    question = survey.q["often"]
    question.text_en = "How often are you on the square?"
    question.save()
    option = question.options.get(text="täglich")
    option.text_en = "daily"
    option.save()
    resident.language = "en"
    resident.save()
    client.force_login(resident)
    data = client.get(url(survey)).json()
    first = data["sections"][0]["questions"][0]
    assert first["text"] == "How often are you on the square?" and first["options"][0]["text"] == "daily"
    assert first["options"][1]["text"] == "wöchentlich" and data["sections"][0]["questions"][1]["text"] == "Wofür nutzt du ihn?"
    values = good_values(survey)
    del values[question.pk]
    answer = client.post(url(survey, "response/"), body(values), content_type="application/json")
    assert answer.json()["errors"][f"q{question.pk}"] == [
        "Question 1 (“How often are you on the square?”): Please answer this question; it is required."]
