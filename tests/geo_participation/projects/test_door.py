"""The front door of every format (projects.door): one status, one wording and one code per reason, for pages and
the API alike, for every role and every phase."""

import datetime as dt

import pytest
from django.http import HttpResponse
from django.urls import include, path
from django.views import View
from rest_framework.response import Response
from rest_framework.test import APIClient

from geo_participation.accounts import roles
from geo_participation.projects.door import ModuleApiView, ModulePageMixin
from tests.factories import make_module, make_project, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


class TakePartPage(ModulePageMixin, View):
    format_key = "polls"
    permission_required = {"POST": "polls.add_ballot", "PUT": "polls.publish_result"}

    def get(self, request, **kwargs):
        return HttpResponse(f"read {self.module.slug}")

    def post(self, request, **kwargs):
        return HttpResponse("took part")

    put = post


class TakePartApi(ModuleApiView):
    format_key = "polls"
    permission_required = {"POST": "polls.add_ballot", "PUT": "polls.publish_result"}

    def get(self, request, **kwargs):
        return Response({"read": self.module.slug})

    def post(self, request, **kwargs):
        return Response({"took": "part"}, status=201)

    put = post


urlpatterns = [
    path("door/<slug:module_slug>/", TakePartPage.as_view()),
    path("api/door/<slug:module_slug>/", TakePartApi.as_view()),
    path("", include("geo_participation.urls")),
]

ROLES = ["anonymous", "unconfirmed", "resident", "moderator", "planner", "staff"]


def client_for(role):
    client = APIClient()
    if role != "anonymous":
        user = make_user(confirmed=role != "unconfirmed",
                         role={"moderator": roles.MODERATOR, "planner": roles.PLANNER, "staff": roles.STAFF}.get(role))
        client.force_login(user)
    return client


def api(client, method, module):
    return getattr(client, method)(f"/api/door/{module.slug}/", {}, format="json")


# What taking part (POST) answers, per role, in an open, a not yet open, a closed and a draft format.
EXPECTED = {
    "open": {"anonymous": (403, "not_authenticated"), "unconfirmed": (403, "email_not_confirmed")},
    "upcoming": dict.fromkeys(ROLES, (403, "module_not_started")),
    "closed": dict.fromkeys(ROLES, (403, "module_closed")),
    "draft": {**dict.fromkeys(["anonymous", "unconfirmed", "resident"], (404, "not_found")),
              **dict.fromkeys(["moderator", "planner", "staff"], (403, "not_allowed"))},  # the team sees drafts only
}


@pytest.mark.parametrize("phase", EXPECTED)
@pytest.mark.parametrize("role", ROLES)
def test_taking_part_through_the_api_is_refused_with_one_code_per_reason(role, phase):
    module = make_module(format_key="polls", state="open" if phase == "draft" else phase, is_draft=phase == "draft")
    status, code = EXPECTED[phase].get(role, (201, None))
    response = api(client_for(role), "post", module)
    assert response.status_code == status, response.content
    if code:
        body = response.json()
        assert set(body) == {"detail", "code"} and body["code"] == code and body["detail"]
    # Reading is never refused for the phase: only what is not visible is not found.
    assert api(client_for(role), "get", module).status_code == (404 if EXPECTED[phase].get(role, (0, ""))[1] == "not_found" else 200)


@pytest.mark.parametrize("phase", EXPECTED)
@pytest.mark.parametrize("role", ROLES)
def test_the_pages_refuse_for_the_same_reasons(role, phase):
    module = make_module(format_key="polls", state="open" if phase == "draft" else phase, is_draft=phase == "draft")
    status, code = EXPECTED[phase].get(role, (200, None))
    response = client_for(role).post(f"/door/{module.slug}/")
    if code == "not_authenticated":
        assert response.status_code == 302 and response["Location"].startswith("/konto/login/")
        assert response["Location"].endswith("next=" + module.get_absolute_url())  # the form's page, not its POST
    else:
        assert response.status_code == status
    if code in ("module_not_started", "module_closed", "not_allowed", "email_not_confirmed"):
        assert response.templates[0].name == "projects/refused.html" and module.title in response.content.decode()


def test_the_wording_of_each_reason_in_german_and_english():
    upcoming = make_module(format_key="polls", start=dt.datetime(2030, 1, 20, 9, 0, tzinfo=dt.UTC),
                           end=dt.datetime(2030, 2, 20, 9, 0, tzinfo=dt.UTC))
    closed = make_module(format_key="polls", state="closed")
    resident = client_for("resident")
    assert api(resident, "post", upcoming).json()["detail"] == (
        "Dieses Format hat noch nicht begonnen. Ab 20. Januar 2030, 10:00 Uhr kannst du mitmachen.")  # Berlin, not UTC
    assert api(resident, "post", closed).json()["detail"] == (
        "Dieses Format ist beendet: Mitmachen ist nicht mehr möglich. Was veröffentlicht wurde, kannst du hier "
        "weiterhin lesen.")
    assert api(client_for("anonymous"), "post", closed).json()["code"] == "module_closed"  # logging in would not help
    english = APIClient()
    english.force_login(make_user(language="en"))
    summer = make_module(format_key="polls", start=dt.datetime(2030, 7, 1, 8, 30, tzinfo=dt.UTC),
                         end=dt.datetime(2030, 8, 1, tzinfo=dt.UTC))
    assert api(english, "post", summer).json() == {
        "detail": "This format has not started yet. From July 1, 2030, 10:30 a.m. you can take part.",
        "code": "module_not_started"}
    assert api(english, "post", make_module(format_key="polls", slug="nicht-da")).status_code == 201
    missing = english.post("/api/door/gibt-es-nicht/", {}, format="json")
    assert missing.json() == {"detail": "Not found: there is nothing at this address, or it is not public.",
                              "code": "not_found"}


def test_a_staff_action_is_not_allowed_for_residents_in_words():
    module = make_module(format_key="polls")
    response = api(client_for("resident"), "put", module)
    assert response.status_code == 403 and response.json() == {"detail": "Das darfst du hier nicht.", "code": "not_allowed"}
    assert api(client_for("staff"), "put", module).status_code == 201


@pytest.mark.parametrize("role, found", [("anonymous", False), ("resident", False), ("moderator", True),
                                         ("planner", True), ("staff", True)])
def test_a_format_in_a_draft_project_is_for_the_team_only(role, found):
    module = make_module(format_key="polls", project=make_project(is_draft=True))
    assert api(client_for(role), "get", module).status_code == (200 if found else 404)
    assert client_for(role).get(f"/door/{module.slug}/").status_code == (200 if found else 404)


def test_a_format_of_another_type_is_not_found_at_this_door():
    module = make_module(format_key="mapping")
    assert api(client_for("staff"), "get", module).json()["code"] == "not_found"
    assert client_for("staff").get(f"/door/{module.slug}/").status_code == 404
