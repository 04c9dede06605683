"""No input gives a 500: every URL pattern of the URLconf, fed hostile parameters and bodies, answers below 500.

Hypothesis draws, per URL pattern, requests with any method (GET, POST, PUT, PATCH, DELETE, OPTIONS) whose query
parameters and bodies are what an outside tester's fuzzer sends: JSON nested thousands of levels deep, NUL and other
control characters, numbers beyond any column, the wrong JSON type for a field, overlong strings, broken encodings.
The path parameters are real objects (a map format with a contribution, comment and photo, a bike street with an
opinion, a poll with a ballot box and a tally, every admin model), so the requests reach the views, serializers,
forms and services behind each pattern, anonymously, as a confirmed resident and as staff. Each example runs in a
savepoint that is rolled back, so one request's success (a withdrawn contribution, a logout) does not change what
the next one meets. Path parameters that take any text (an OGC feature id, say) are also fed hostile text.

A new URL pattern whose path parameters ``tests/urlconf.py`` cannot fill fails ``test_every_url_pattern_is_fuzzed``:
add the parameter to its ``World.path_values``. Run alone with ``pytest tests/test_hostile_input.py -n 0``; set
``HOSTILE_EXAMPLES`` (default 6 per pattern and role) for a longer search.
"""

from __future__ import annotations

import json
import re
import os
from http.cookies import SimpleCookie

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.urlconf import World, fill, routes

EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "6"))


# --- hostile values
CONTROL = "".join(chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32), 127])
FIELD_NAMES = [
    # what forms and serializers of the site read (a field's name reaches its validation; others are ignored)
    "title", "description", "text", "comment", "reason", "category", "geometry", "attributes", "rating", "point",
    "option", "options", "choices", "box", "poll", "emptied_on", "counts", "invalid_count", "alt_text", "lon", "lat",
    "login", "password", "username", "email", "password1", "password2", "language", "next", "page_url",
    "contact_email", "decision", "item", "q", "bbox", "zoom", "limit", "offset", "abstimmung", "district",
    "attr_tageszeit", "attr_tageszeit_min", "ref", "action", "_selected_action", "post", "remember", "code",
    "invitation_code", "accept", "confirm", "name", "slug", "start", "end", "file", "csrfmiddlewaretoken",
]
hostile_text = st.one_of(
    st.sampled_from(["\x00", "a\x00b", "1\x00", CONTROL, "\x1b[31m", "\ud800", "\ufeff", "𝟙𝟚", "²", "٣", "Ⅻ",
                     "-1", "0", "1e999", "NaN", "-Infinity", "9" * 40, "-" + "9" * 40, "1.5", "0x10", "1_000",
                     "", " ", "null", "true", "[]", "{}", "[1,2", "{\"type\":\"Point\"}", "7,49,8,50",
                     "180,90,-180,-90", "nan,nan,nan,nan", "1,2,3", "2026-02-30", "99999-01-01", "0000-00-00",
                     "a" * 100_000, "ä" * 5_000, "<script>alert(1)</script>", "' OR 1=1 --", "../../etc/passwd",
                     "%00", "%", "http://evil.example/"]),
    st.text(max_size=30),
)
numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30), st.sampled_from([10**400, -(10**400), 2**63, -(2**63) - 1, 2**31]),
    st.floats(allow_nan=False, allow_infinity=False), st.sampled_from([1e308, -1e308, 5e-324]),
)
json_leaf = st.one_of(st.none(), st.booleans(), numbers, hostile_text)
json_value = st.recursive(json_leaf, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                              st.dictionaries(hostile_text | st.sampled_from(FIELD_NAMES), inner, max_size=3)),
                          max_leaves=8)
field_values = st.dictionaries(st.sampled_from(FIELD_NAMES) | hostile_text, json_value, max_size=5)


def _nested(depth: int, kind: str) -> str:
    if kind == "list":
        return "[" * depth + "]" * depth
    if kind == "dict":
        return '{"a":' * depth + "1" + "}" * depth
    # nested inside a field of a real payload: the geometry, the attributes
    return json.dumps({"title": "Tief", "geometry": "@", "attributes": "@"}).replace('"@"', "[" * depth + "]" * depth)


@st.composite
def bodies(draw) -> tuple[bytes, str] | None:
    """A request body and its content type (None: no body)."""
    kind = draw(st.sampled_from(["none", "deep", "json", "json-fields", "form", "multipart", "junk"]))
    if kind == "none":
        return None
    if kind == "deep":
        depth = draw(st.sampled_from([200, 1_000, 5_000, 50_000]))
        return _nested(depth, draw(st.sampled_from(["list", "dict", "field"]))).encode(), "application/json"
    if kind == "json":
        return json.dumps(draw(json_value), allow_nan=True).encode("utf-8", "surrogatepass"), "application/json"
    if kind == "json-fields":
        return json.dumps(draw(field_values), allow_nan=True).encode("utf-8", "surrogatepass"), "application/json"
    if kind == "junk":
        junk = draw(st.sampled_from([b"\xff\xfe\x00", b"\x00" * 10, b"{\"a\": \"\xc3\x28\"}", b"[1,2",
                                     b'{"title": "\\u0000"}', b'{"a": NaN}', b'{"a": 1e99999}', b"\xef\xbb\xbf{}"]))
        return junk, draw(st.sampled_from(["application/json", "application/geo+json", "text/plain",
                                           "application/x-www-form-urlencoded", "application/json; charset=latin-1"]))
    fields = {key: value if isinstance(value, str) else json.dumps(value) for key, value in draw(field_values).items()}
    if kind == "form":
        from urllib.parse import urlencode

        return urlencode(fields, encoding="utf-8", errors="surrogatepass").encode(), "application/x-www-form-urlencoded"
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    safe = {k.encode("utf-8", "surrogatepass").decode("utf-8", "replace"): v.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
            for k, v in fields.items()}
    assert BOUNDARY
    return encode_multipart(BOUNDARY, safe), MULTIPART_CONTENT


@st.composite
def requests_(draw):
    method = draw(st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]))
    query = draw(st.dictionaries(st.sampled_from(FIELD_NAMES) | hostile_text, hostile_text, max_size=4))
    body = None if method in ("GET", "OPTIONS") and draw(st.booleans()) else draw(bodies())
    accept = draw(st.sampled_from(["application/json", "text/html", "*/*", "application/geo+json", "text/csv"]))
    language = draw(st.sampled_from(["de", "en", "en-US,en;q=0.9", "\x00", "x" * 300]))
    return method, query, body, accept, language


def _query_string(query: dict) -> str:
    from urllib.parse import quote

    return "&".join(f"{quote(k, safe='', errors='surrogatepass')}={quote(v, safe='', errors='surrogatepass')}"
                    for k, v in query.items())


def send(client: Client, url: str, request) -> int:
    method, query, body, accept, language = request
    target = f"{url}?{_query_string(query)}" if query else url
    headers = {"HTTP_ACCEPT": accept, "HTTP_ACCEPT_LANGUAGE": language}
    data, content_type = body if body else (b"", "application/octet-stream")
    response = client.generic(method, target, data=data, content_type=content_type, **headers)
    return response.status_code


ROLES = ["anonymous", "resident", "staff"]


@pytest.fixture
def world(db):
    return World()


def _client(world: World, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(getattr(world, role))
    return client


def test_every_url_pattern_is_fuzzed(world):
    """Each pattern of the URLconf has path values here (or is an admin route of a registered model)."""
    unknown = [str(route) for route in routes() if not world.urls(route) and route.parameters]
    assert not unknown, "Routes the hostile-input test cannot fill (add them to World.path_values):\n" + "\n".join(unknown)


# What every route meets on every run, whatever Hypothesis draws: the outside tester's findings and their kin.
EVERY_FIELD_NUL = "&".join(f"{name}=%00" for name in FIELD_NAMES).encode()
KNOWN_ATTACKS = [
    ("POST", {}, (_nested(1_000, "list").encode(), "application/json"), "application/json", "de"),
    ("PUT", {}, (_nested(5_000, "dict").encode(), "application/json"), "application/json", "de"),
    ("PATCH", {}, (_nested(1_000, "field").encode(), "application/json"), "application/json", "en"),
    ("GET", dict.fromkeys(FIELD_NAMES, "\x00"), None, "application/json", "de"),
    ("GET", dict.fromkeys(FIELD_NAMES, "9" * 40), None, "text/html", "de"),
    ("POST", {"abstimmung": "\x00"}, (EVERY_FIELD_NUL, "application/x-www-form-urlencoded"), "text/html", "de"),
    ("POST", {}, (json.dumps(dict.fromkeys(FIELD_NAMES, "a\x00b")).encode(), "application/json"), "*/*", "de"),
    ("POST", {}, (json.dumps(dict.fromkeys(FIELD_NAMES, [[{"a": None}]])).encode(), "application/json"), "*/*", "de"),
    ("POST", {}, (json.dumps(dict.fromkeys(FIELD_NAMES, 10**400)).encode(), "application/json"), "*/*", "de"),
    # Digits that str.isdigit() accepts and int() does not ("²", Arabic-Indic), where an id is expected.
    ("POST", {"feature_id": "²"}, (b"item=mapping.contribution%3A%C2%B2&decision=keep", "application/x-www-form-urlencoded"),
     "text/html", "de"),
]


def _fuzz(client: Client, url: str):
    logged_in = {name: morsel.value for name, morsel in client.cookies.items()}

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(request=requests_())
    def no_server_error(request):
        cache.clear()  # rate limits: each example starts with a whole allowance
        client.cookies = SimpleCookie(logged_in)  # a logout or a new session stays in its example
        with transaction.atomic():
            status = send(client, url, request)
            transaction.set_rollback(True)
        assert status < 500, f"{status} for {request[0]} {url}"

    for attack in KNOWN_ATTACKS:
        no_server_error = example(request=attack)(no_server_error)
    return no_server_error


@pytest.mark.parametrize("role", ROLES)
def test_no_input_gives_a_server_error(world, role):
    """Every URL pattern, any method, hostile parameters and bodies: never a 5xx, never an unhandled exception."""
    failures, client = [], _client(world, role)
    for route in routes():
        for url in world.urls(route) or ([] if route.parameters else [fill(route.regex, {})]):
            if url.startswith("/media/"):
                continue

            no_server_error = _fuzz(client, url)
            try:
                no_server_error()
            except Exception as error:  # noqa: BLE001 - collected, so that one run names every failing route
                notes = "\n    ".join(getattr(error, "__notes__", []))
                failures.append(f"{route}\n    {type(error).__name__}: {str(error)[:500]}\n    {notes[:1500]}")
    assert not failures, f"{len(failures)} routes answered hostile input with an error:\n" + "\n".join(failures)


# Path parameters that take any text (``<str:…>``, ``[^/]+``) get hostile text too, where the walk above gives real ids.
HOSTILE_PATH_VALUES = ["²", "٣", "9" * 40, "-1", "%00", "%ff", "..", "a" * 300, "%E2%80%AE", "1%0A2"]


def test_free_text_path_parameters_take_hostile_values(world):
    free = re.compile(r"\(\?P<(\w+)>(\[\^/\]\+|\.\+|\.\*)\)")
    client, failures, tried = _client(world, "staff"), [], 0
    for route in routes():
        names = [m[1] for m in free.finditer(route.regex)]
        if not names or route.namespace == "admin":
            continue
        good = world.path_values(route) or {}
        for name in names:
            for value in HOSTILE_PATH_VALUES:
                url = fill(route.regex, {**good, name: value})
                tried += 1
                try:
                    status = client.get(url, HTTP_ACCEPT="application/json").status_code
                except Exception as error:  # noqa: BLE001 - collected
                    failures.append(f"{url}: {type(error).__name__}: {error}")
                    continue
                if status >= 500:
                    failures.append(f"{url}: {status}")
    assert tried > 20
    assert not failures, "\n".join(failures)
