"""The tally API with every bad input of the issue: a 400 naming the field in German; nothing counted twice."""

import datetime as dt

import pytest
from django.db import connections
from django.utils import timezone
from rest_framework.test import APIClient

from geo_participation.accounts import roles
from geo_participation.polls.models import Poll, PostcardTally
from geo_participation.polls.services import tally_create
from geo_participation.projects.models import Module
from tests.concurrency import all_at_once
from tests.factories import make_user
from tests.factories.polls import make_box, make_poll, option_ids

URL = "/api/abstimmungsboxen/auszaehlungen/"


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def poll(db):
    return make_poll()


@pytest.fixture
def box(poll):
    return make_box(polls=[poll], code="bb-01")


def payload(poll, box, *numbers, invalid=0, day=None, **extra):
    return {"poll": poll.module.slug, "box": box.code, "emptied_on": str(day or timezone.localdate()),
            "counts": {str(o): n for o, n in zip(option_ids(poll), numbers)}, "invalid_count": invalid, **extra}


@pytest.mark.django_db
def test_staff_enter_a_tally_and_a_colleague_confirms_it(poll, box, staff):
    response = api(staff).post(URL, payload(poll, box, 3, 2, 1, invalid=1), format="json")
    assert response.status_code == 201, response.json()
    entry = response.json()
    assert entry["entered_by"] == staff.username and entry["confirmed_at"] is None

    colleague = make_user(role=roles.STAFF)
    assert api(staff).post(f"{URL}{entry['id']}/bestaetigen/").status_code == 403  # not the same person
    response = api(colleague).post(f"{URL}{entry['id']}/bestaetigen/")
    assert response.status_code == 200 and response.json()["confirmed_by"] == colleague.username

    log = api(colleague).get(URL, {"abstimmung": poll.module.slug}).json()
    assert [(e["id"], e["status"]) for e in log] == [(entry["id"], "counts")]


@pytest.mark.django_db
@pytest.mark.parametrize("change, field, message", [
    ({"counts": {"first": -1}}, "counts", "größer oder gleich 0"),
    ({"counts": {"first": "2.5"}}, "counts", "ganze Zahl"),
    ({"counts": {"first": "zwei"}}, "counts", "ganze Zahl"),
    ({"invalid_count": -3}, "invalid_count", "größer oder gleich 0"),
    ({"invalid_count": 1.5}, "invalid_count", "ganze Zahl"),
    ({"counts": {"other-poll": 4}}, "counts", "gehört nicht zu dieser Abstimmung"),
    ({"counts": {"drop-last": None}}, "counts", "für jede Option eine Zahl"),
    ({"box": "elsewhere"}, "box", "sammelt keine Postkarten für diese Abstimmung"),
    ({"box": "bb-99"}, "box", "keine Abstimmungsbox"),
    ({"poll": "gibt-es-nicht"}, "poll", "keine Abstimmung"),
    ({"emptied_on": "morgen"}, "emptied_on", "falsche Format"),
    ({"emptied_on": "future"}, "emptied_on", "nicht in der Zukunft"),
])
def test_bad_tallies_are_a_400_naming_the_field(poll, box, staff, change, field, message):
    data = payload(poll, box, 3, 2, 1)
    first, *_rest, last = option_ids(poll)
    counts = change.pop("counts", None)
    if counts:
        key, value = next(iter(counts.items()))
        if key == "first":
            data["counts"][str(first)] = value
        elif key == "other-poll":
            data["counts"][str(option_ids(make_poll())[0])] = value
        elif key == "drop-last":
            del data["counts"][str(last)]
    if change.get("box") == "elsewhere":
        change["box"] = make_box(polls=[make_poll()], code="anderswo").code
    if change.get("emptied_on") == "future":
        change["emptied_on"] = str(timezone.localdate() + dt.timedelta(days=1))
    data.update(change)

    response = api(staff).post(URL, data, format="json")

    assert response.status_code == 400
    errors = response.json()["errors"]  # a member of counts is named counts.<option id>
    assert message in str([errors[key] for key in errors if key == field or key.startswith(f"{field}.")]), errors
    assert not PostcardTally.objects.exists()


@pytest.mark.django_db
def test_the_same_emptying_twice_is_a_400(poll, box, staff):
    assert api(staff).post(URL, payload(poll, box, 1, 1, 1), format="json").status_code == 201
    response = api(staff).post(URL, payload(poll, box, 1, 1, 1), format="json")
    assert response.status_code == 400 and response.json()["code"] == "already_entered"
    assert "schon erfasst" in response.json()["errors"]["emptied_on"][0]
    assert PostcardTally.objects.count() == 1


@pytest.mark.django_db
def test_a_tally_after_the_result_is_final_is_a_400(staff):
    poll = make_poll(state="closed", results_visibility=Poll.ResultsVisibility.PUBLISHED)
    box = make_box(polls=[poll])
    Module.objects.filter(pk=poll.pk).update(results_published_at=timezone.now())
    response = api(staff).post(URL, payload(poll, box, 1, 1, 1, day=timezone.localdate() - dt.timedelta(days=2)),
                               format="json")
    assert response.status_code == 400 and response.json()["code"] == "result_final"
    assert "endgültig" in response.json()["errors"]["poll"][0]
    assert not PostcardTally.objects.exists()


@pytest.mark.django_db
def test_a_correction_needs_a_reason_and_keeps_the_original(poll, box, staff):
    entry = api(staff).post(URL, payload(poll, box, 5, 5, 5), format="json").json()
    corrections = f"{URL}{entry['id']}/korrigieren/"
    data = {"counts": {str(o): 4 for o in option_ids(poll)}, "invalid_count": 0}

    assert "reason" in api(staff).post(corrections, data, format="json").json()["errors"]
    response = api(staff).post(corrections, {**data, "reason": "Doppelt gezählt"}, format="json")

    assert response.status_code == 201 and response.json()["supersedes"] == entry["id"]
    assert PostcardTally.objects.count() == 2
    again = api(staff).post(corrections, {**data, "reason": "Nochmal"}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "superseded" and "neuesten Eintrag" in again.json()["errors"]["tally"][0]


@pytest.mark.django_db
@pytest.mark.parametrize("who, status", [("anonymous", 403), ("resident", 403), ("moderator", 403), ("planner", 403)])
def test_only_staff_enter_tallies(poll, box, who, status, resident, moderator, planner):
    user = {"anonymous": None, "resident": resident, "moderator": moderator, "planner": planner}[who]
    assert api(user).post(URL, payload(poll, box, 1, 1, 1), format="json").status_code == status
    assert not PostcardTally.objects.exists()


@pytest.mark.django_db
def test_planners_may_read_the_log_residents_may_not(poll, box, staff, planner, resident):
    tally_create(poll=poll, box=box, emptied_on=timezone.localdate(), counts=dict.fromkeys(option_ids(poll), 1),
                 invalid_count=0, entered_by=staff)
    assert api(planner).get(URL, {"abstimmung": poll.module.slug}).status_code == 200
    assert api(resident).get(URL, {"abstimmung": poll.module.slug}).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_the_same_emptying_submitted_at_the_same_moment_counts_once(staff):
    poll = make_poll()
    box = make_box(polls=[poll])

    def submit():
        try:
            response = api(staff).post(URL, payload(poll, box, 2, 2, 2), format="json")
            return response.status_code, response.json().get("code", "")
        finally:
            connections.close_all()

    assert sorted(all_at_once([submit] * 8)) == [(201, "")] + [(400, "already_entered")] * 7
    assert PostcardTally.objects.count() == 1


@pytest.mark.django_db
def test_the_box_layer_is_geojson_of_the_poll_s_boxes(poll, box):
    make_box(polls=[], code="ohne")
    data = api().get("/api/abstimmungsboxen/", {"abstimmung": poll.module.slug}).json()
    assert data["type"] == "FeatureCollection"
    assert [f["properties"]["code"] for f in data["features"]] == ["bb-01"]
    assert data["features"][0]["geometry"]["type"] == "Point"
    assert data["features"][0]["properties"]["active"] is True
    assert len(api().get("/api/abstimmungsboxen/").json()["features"]) == 2
    assert api().get("/api/abstimmungsboxen/", {"abstimmung": "nein"}).status_code == 404
