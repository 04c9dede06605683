"""The OpenAPI schema is the truth: schemathesis, with every check it has, against ``/api/schema/``.

Schemathesis reads the schema the app serves and runs its whole engine in this process against Django's WSGI
handler: the examples, the coverage phase (boundaries and every kind of wrong value per parameter), fuzzing and
stateful sequences along the schema's links (a new contribution is read, supported and withdrawn), with all its
checks: no server error, every status, content type, header and body as documented, schema-valid requests
accepted (or refused for a conflict with what is stored: a 400 with the conflict's code, ``CONFLICT_CODES``) and
schema-violating ones refused, and the authentication and resource checks. It runs anonymously, as a confirmed
resident and as staff (a session cookie and the CSRF header), in the test's transaction.

Every operation of the schema is tested, whatever adds it, so a new format's API is held to its schema without a
line here. Path parameters get real objects (a map format with contributions, a bike street with opinions, a poll
with a ballot box and a tally: ``tests/urlconf.World``); requests that schemathesis means to be valid get real
values where validity depends on what is stored (a category of the format, a place inside its area, an option of
the poll: ``RealValues``), so that they can succeed and their answers are checked too. A new format whose fields
depend on stored data adds them there.

Run alone with ``pytest tests/test_api_contract.py -n 0``; ``CONTRACT_EXAMPLES`` (default 6 per operation) for a
longer search. A failure names the operation, the check and a ``curl`` line that repeats the request.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connections
from django.test import Client
from django.utils import timezone
from PIL import Image
from schemathesis.config import SchemathesisConfig
from schemathesis.core.parameters import ParameterLocation
from schemathesis.engine import events, from_schema
from schemathesis.generation import GenerationMode
from schemathesis.openapi import from_dict
from schemathesis.transport.wsgi import WSGITransport

from maps.geo.models import AdministrativeArea
from maps.mapping.schema import attribute_schema
from maps.mapping.selectors import attributes_of
from tests.concurrency import CSRF_TOKEN, session_id
from tests.factories import make_user
from tests.factories.feedback import NEAR_PARK, make_feature, make_opinion
from tests.factories.mapping import STIFTSPLATZ
from tests.factories.polls import option_ids
from tests.factories.surveys import good_values
from tests.urlconf import World, fill, routes

EXAMPLES = int(os.environ.get("CONTRACT_EXAMPLES", "6"))
CHECKS = ["not_a_server_error", "status_code_conformance", "content_type_conformance", "response_headers_conformance",
          "response_schema_conformance", "negative_data_rejection", "positive_data_acceptance",
          "missing_required_header", "unsupported_method", "allow_header_conformance", "use_after_free",
          "ensure_resource_availability", "ignored_auth", "object_level_authorization"]
ROLES = ["anonymous", "resident", "staff"]
# A schema-valid request may still clash with what is stored (the resident voted already in an earlier case): the
# platform answers that 400 with the conflict's own code (core.refusals.Conflict, as issues 4 and 12 promise), which
# schemathesis' positive_data_acceptance cannot tell from bad input. Only these codes pass; an `invalid` still fails.
CONFLICT_CODES = {"already_voted", "vote_change_not_allowed", "not_voted", "vote_sealed", "already_entered",
                  "already_confirmed", "superseded", "result_final", "already_supported", "not_supported",
                  "not_published", "too_many_photos", "already_given", "already_answered"}


class ContractWorld(World):
    """The hostile-input test's small city, and a little more: the resident's own opinion, a district."""

    def __init__(self):
        super().__init__()
        self.second_feature = make_feature(module=self.feedback_module, name="Pfaffstraße")
        self.own_opinion = make_opinion(feature=self.second_feature, author=self.resident, rating="bad")
        self.district = AdministrativeArea.objects.create(
            level=AdministrativeArea.Level.DISTRICT, name="Innenstadt-Test", slug="innenstadt-test",
            geometry=MultiPolygon(Polygon.from_bbox((7.70, 49.40, 7.85, 49.48)), srid=4326))
        self.other_resident = make_user(username="fuzz-nachbarin")


def _point(lon, lat):
    return {"type": "Point", "coordinates": [lon, lat]}


NEAR_STIFTSPLATZ = [
    _point(STIFTSPLATZ.x, STIFTSPLATZ.y),
    {"type": "LineString", "coordinates": [[7.7690, 49.4436], [7.7700, 49.4444]]},
    {"type": "Polygon", "coordinates": [[[7.7690, 49.4436], [7.7700, 49.4436], [7.7700, 49.4444], [7.7690, 49.4436]]]},
]


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="JPEG")
    return buffer.getvalue()


JPEG = _jpeg()


def answers(schema: dict) -> list[dict]:
    """Answers a format's attribute schema (JSON Schema) takes: each question with each of its first values."""
    def values(question: dict) -> list:
        if "enum" in question:
            return question["enum"]
        if "oneOf" in question:
            return [option["const"] for option in question["oneOf"]]
        return {"boolean": [True, False], "integer": [question.get("minimum", 0), question.get("maximum", 0)],
                "string": ["Abends"]}.get(question.get("type"), [None])

    questions = schema.get("properties", {})
    return [{key: values(question)[i % len(values(question))] for key, question in questions.items()} for i in range(3)]


class RealValues:
    """Values that stored data makes valid, for the requests schemathesis means to be valid.

    By the operation's path, where the parameter or body field is (``path``, ``query``, ``body``) and its name:
    path parameters are the world's objects (``World.path_values``), body fields and query parameters whose
    validity the schema can only state in words are drawn from what is stored.
    """

    def __init__(self, world: ContractWorld):
        self.world = world
        self.routes = {self.schema_path(route): route for route in routes() if route.namespace != "admin"}
        self.random = random.Random(14)  # schemathesis' own draws are derandomized; these are seeded
        # Read now: the hooks run in schemathesis' worker thread, whose own connection sees none of the test's rows.
        self.categories = [c.pk for c in world.map_module.map_categories.all()]
        self.options = option_ids(world.poll)
        self.answers = answers(attribute_schema(attributes_of(world.map_module)))
        survey = world.survey
        self.survey_answers = [{"question": question, "value": value} for question, value in good_values(survey).items()]
        self.survey_filters = {"question": [str(survey.q["where"].pk)],
                               "answer": [f"{survey.q['comfort'].pk}:4", f"{survey.q['theatre'].pk}:yes"]}

    @staticmethod
    def schema_path(route) -> str:
        """The route as drf-spectacular writes it: ``/api/mapping/{module_slug}/contributions/{id}/``."""
        return fill(route.regex, {name: "{" + ("id" if name == "pk" else name) + "}" for name in route.parameters})

    def path(self, path: str) -> dict[str, list]:
        w, route = self.world, self.routes.get(path)
        values = w.path_values(route) if route is not None else None
        if values is None:
            return {}
        pools = {("id" if name == "pk" else name): [value] for name, value in values.items()}
        if path.startswith("/api/mapping/") and "id" in pools:
            pools["id"] = [w.contribution.pk, w.own_contribution.pk]
        if path.startswith("/api/feedback/{module_slug}/opinions/{id}"):
            pools["id"] = [w.opinion.pk, w.own_opinion.pk]
        if path.startswith("/api/feedback/{module_slug}/features/{id}"):
            pools["id"] = [w.feature.pk, w.second_feature.pk]
        if path.startswith("/api/planning/layers/{key}"):
            pools["key"] = [w.map_module.slug, f"{w.map_module.slug}.alle", w.feedback_module.slug,
                            f"{w.feedback_module.slug}.strecken"]
        return pools

    def fields(self, path: str, location: str) -> dict[str, list]:
        w = self.world
        bboxes = ["7.6,49.3,7.9,49.5", "7.76,49.43,7.78,49.45"]
        if path.startswith("/api/mapping/"):
            categories = self.categories
            if location == "body" and path.endswith("/photos/"):
                return {"photo": [JPEG]}
            if location == "body":
                return {"category": categories or [None], "geometry": NEAR_STIFTSPLATZ,
                        "attributes": self.answers}
            return {"bbox": bboxes, "category": categories, "district": [w.district.slug]}
        if path.startswith("/api/feedback/"):
            if location == "body":
                return {"feature": [w.feature.pk, w.second_feature.pk],
                        "point": [None, _point(NEAR_PARK.x, NEAR_PARK.y)]}
            return {"bbox": bboxes}
        if path.startswith("/api/polls/") and location == "body":
            return {"options": [[option] for option in self.options]}
        if path.startswith("/api/abstimmungsboxen/"):
            counts = {str(option): self.random.randint(0, 50) for option in self.options}
            if location == "body":
                return {"poll": [w.poll.module.slug], "box": [w.box.code], "counts": [counts],
                        "emptied_on": [str(timezone.localdate() - timedelta(days=days)) for days in (0, 1)]}
            return {"abstimmung": [w.poll.module.slug]}
        if path.startswith("/api/planning/"):
            return {"bbox": bboxes, "status": ["approved"], "category": [str(pk) for pk in self.categories],
                    "district": [w.district.slug], "feature": [w.feature.slug], "rating": ["good", "bad,okay"],
                    "datetime": ["2025-05-01/2025-06-30", "../2030-01-01", "2026-01-01"], "from": ["2025-05-01"],
                    "to": ["2031-12-31"]}
        if path.startswith("/api/surveys/"):
            return {"answers": [self.survey_answers]} if location == "body" else self.survey_filters
        if path == "/api/gazetteer/":
            return {"q": ["Stiftsplatz", "Park"]}
        return {}

    def needed(self, path: str) -> set[str]:
        """Optional fields of a new item that the world's formats require (their help texts say when)."""
        if path == "/api/mapping/{module_slug}/contributions/":
            return {"geometry", "category", "attributes"}
        return set()

    def apply(self, case):
        """Real values in the parts of ``case`` that are meant to be valid (not in stateful runs, whose links fill
        path parameters from earlier answers)."""
        meta = case.meta
        if meta is None:
            return case
        stateful = meta.phase.name.value == "stateful"

        def positive(location: ParameterLocation) -> bool:
            component = meta.components.get(location)
            mode = component.mode if component is not None else meta.generation.mode
            return mode == GenerationMode.POSITIVE

        path = case.operation.path
        if not stateful and positive(ParameterLocation.PATH) and case.path_parameters:
            for name, pool in self.path(path).items():
                if name in case.path_parameters:
                    case.path_parameters[name] = self.random.choice(pool)
        if positive(ParameterLocation.QUERY) and case.query:
            for name, pool in self.fields(path, "query").items():
                if name in case.query:
                    case.query[name] = self.random.choice(pool)
        if positive(ParameterLocation.BODY) and isinstance(case.body, dict):
            for name, pool in self.fields(path, "body").items():
                # What the schema can only say in words is required (a place, a category, when the format asks
                # for them) is given too.
                if name in case.body or (case.method.upper() == "POST" and name in self.needed(path)):
                    case.body[name] = self.random.choice(pool)
        return case


class SharedConnectionApp:
    """Django's WSGI handler on the test's own database connection, inside the test's transaction (rolled back at
    its end), from whichever thread schemathesis calls it, as Django's live server does for SQLite."""

    def __init__(self):
        from django.core.handlers.wsgi import WSGIHandler

        self.handler = WSGIHandler()
        self.connection = connections["default"]

    def __call__(self, environ, start_response):
        connections["default"] = self.connection
        # Django's test client connects these again after each of its requests (the schema was read with it).
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        return self.handler(environ, start_response)


@pytest.fixture
def app(db, monkeypatch):
    """The WSGI app for schemathesis' worker thread; Django must not close the shared connection after a request."""
    # schemathesis 4.32.5 hands the socket settings of `requests` to werkzeug when its ignored_auth check sends a
    # request without the login in-process ("unexpected keyword argument 'max_redirects'"); werkzeug has no sockets.
    send = WSGITransport.send

    def send_without_socket_settings(self, case, *, session=None, **kwargs):
        for name in ("max_redirects", "verify", "cert", "proxies"):
            kwargs.pop(name, None)
        return send(self, case, session=session, **kwargs)

    monkeypatch.setattr(WSGITransport, "send", send_without_socket_settings)
    connection = connections["default"]
    connection.inc_thread_sharing()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield SharedConnectionApp()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        connection.dec_thread_sharing()


def log_in(schema, user) -> None:
    """Every request as ``user``: the session cookie (the schema's ``cookieAuth``), the CSRF cookie and the header
    that goes with it. Schemathesis knows it as the authentication, which its ``ignored_auth`` check leaves out."""
    cookies = {settings.SESSION_COOKIE_NAME: session_id(user), settings.CSRF_COOKIE_NAME: CSRF_TOKEN}

    class SessionLogin:
        def get(self, case, context):
            return cookies

        def set(self, case, data, context):
            case.cookies = {**(case.cookies or {}), **data}
            case.headers = {**(case.headers or {}), "X-CSRFToken": CSRF_TOKEN}

    schema.auth(refresh_interval=None)(SessionLogin)


def api_schema(app):
    raw = Client().get("/api/schema/", {"format": "json"}).json()
    config = SchemathesisConfig.from_dict({
        "seed": 14, "workers": 1, "max-failures": 200,
        "generation": {"max-examples": EXAMPLES, "deterministic": True, "database": "none"},
        "checks": {name: {"enabled": True} for name in CHECKS},
        "phases": {"examples": {"enabled": True}, "coverage": {"enabled": True}, "fuzzing": {"enabled": True},
                   "stateful": {"enabled": True, "max-steps": 6}},
        "output": {"sanitization": {"enabled": False}},
    })
    schema = from_dict(raw, config=config)
    schema.app = app
    schema.location = "/api/schema/"
    return schema


def is_conflict(response) -> bool:
    """A 400 that refuses a schema-valid request because of stored data, with the conflict's code and its field."""
    if response is None or response.status_code != 400:
        return False
    try:
        body = json.loads(response.content)
    except ValueError:
        return False
    return body.get("code") in CONFLICT_CODES and bool(body.get("errors"))


def run(schema, answered: dict | None = None) -> list[str]:
    """The engine's run, as the CLI would do it; what it found, one line block per failure. ``answered`` collects
    the statuses each operation answered with."""
    found = []
    for event in from_schema(schema).execute():
        if isinstance(event, (events.ScenarioFinished, events.FuzzScenarioFinished)):
            for case_id, node in event.recorder.cases.items():
                response = event.recorder.find_response(case_id=case_id)
                if answered is not None and response is not None:
                    key = f"{node.value.method.upper()} {node.value.operation.path}"
                    answered.setdefault(key, {}).setdefault(response.status_code, 0)
                    answered[key][response.status_code] += 1
            for case_id, checks in event.recorder.checks.items():
                for check in checks:
                    if check.failure_info is None:
                        continue
                    failure = check.failure_info.failure
                    response = event.recorder.find_response(case_id=case_id)
                    if check.name == "positive_data_acceptance" and is_conflict(response):
                        continue
                    body = response.content[:300].decode(errors="replace") if response is not None else ""
                    found.append(f"{event.recorder.label} [{check.name}] {failure.title}: "
                                 f"{(failure.message or '')[:300]}\n    {response.status_code if response else '-'} {body}\n"
                                 f"    {check.failure_info.code_sample[:600]}")
        elif isinstance(event, events.NonFatalError):
            found.append(f"{event.label} [error] {event.info.title}: {event.info.message[:500]}")
        elif isinstance(event, events.FatalError):
            raise event.exception
    return list(dict.fromkeys(found))


@pytest.mark.parametrize("role", ROLES)
def test_the_api_answers_as_its_schema_says(app, role):
    """Every operation, every check: anonymously, as a confirmed resident and as staff."""
    world = ContractWorld()
    schema = api_schema(app)
    if role != "anonymous":
        log_in(schema, getattr(world, role))
    real = RealValues(world)
    schema.hook("map_case")(lambda context, case: real.apply(case))
    answered = {}
    found = run(schema, answered)
    if os.environ.get("CONTRACT_DEBUG"):
        print(json.dumps({op: dict(sorted(statuses.items())) for op, statuses in sorted(answered.items())}, indent=0))
    assert not found, f"{len(found)} contract failures ({role}):\n" + "\n".join(found)


def test_every_api_operation_is_in_the_schema(db):
    """Each URL pattern under /api/ (DRF view or not) is documented: the fuzzer only tests what the schema lists."""
    documented = set(Client().get("/api/schema/", {"format": "json"}).json()["paths"])
    api_routes = {RealValues.schema_path(route) for route in routes() if RealValues.schema_path(route).startswith("/api/")
                  and not re.search(r"/api/(schema|docs|redoc)/", RealValues.schema_path(route))}
    assert api_routes - documented == set()
    assert json.dumps(sorted(documented))  # and the schema itself is JSON
