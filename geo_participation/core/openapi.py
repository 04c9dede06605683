"""The OpenAPI schema says what the API really answers, so that clients and schema-based tests (schemathesis,
``tests/test_api_contract.py``) can rely on it.

Every operation under ``/api/`` is documented by ``AutoSchema`` with the answers no view can forget: public reads
need no session; every error is the one document ``Error`` (``core.api.error_document``) with the statuses the
view can give (400 for any request, since any query string can carry a control character; 401 where an API token
is read; 403 where something can be refused; 404 for every address; 406 where the client may ask for a format;
413 and 415 for bodies; 429 where a rate limit counts); and what the server refuses in any text is stated as a
pattern, so that a schema-valid request is never refused for it.
"""

from django.core.validators import RegexValidator
from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent, force_instance
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import SAFE_METHODS, AllowAny

from .api import RulesPermission, StrictInput
from .refusals import CODES

# What the server refuses in text (core.input): control characters, except tabs and line breaks in text fields; none
# at all in a query or path parameter. Lone surrogates cannot be sent in UTF-8 and need no mention.
TEXT_PATTERN = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$"
PARAMETER_PATTERN = r"^[^\u0000-\u001f\u007f]*$"
# DRF trims the white space around a text (Python's str.strip()) before it checks it, so a required text must hold
# more than white space.
_SPACE = r"\u0009-\u000d\u001c-\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_CONTROL = r"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f"
REQUIRED_TEXT_PATTERN = rf"^[{_SPACE}]*[^{_SPACE}{_CONTROL}][^{_CONTROL}]*$"

ERROR = {
    "type": "object",
    "description": "Every error of the API, whatever the status: what went wrong in words for people (`detail`, in "
                   "the request's language) and as a stable code for programs (`code`); for bad input also each "
                   "field's messages (`errors`).",
    "properties": {
        "detail": {"type": "string", "description": "What went wrong, in the user's language (German first)."},
        "code": {"type": "string", "example": "module_closed",
                 "description": "Stable: " + "; ".join(f"`{code}`: {what}" for code, what in CODES.items())
                                + ". A conflict with what is stored (a 400) has a code of its own, e.g. `already_voted`, "
                                  "`already_supported`, `already_given`, `already_entered`; formats add refusals of "
                                  "their own (e.g. `not_author`, `own_contribution`)."},
        "errors": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}},
                   "description": "With `code` `invalid`: the messages for each field, by its name (a nested field "
                                  "as `options.0`; `non_field_errors` for the request as a whole).",
                   "example": {"title": ["Dieses Feld darf nicht leer sein."]}},
    },
    "required": ["detail", "code"],
    "additionalProperties": False,
}
# A bounding box in degrees as the API reads it: decimals within the earth's range. Two opposite corners in either
# order are the same box to the API (maps.geo.layers.bbox_numbers), since no schema can say that west lies before east.
LONGITUDE = r"[-+]?(180(\.0+)?|(1[0-7][0-9]|[1-9]?[0-9])(\.[0-9]+)?)"
LATITUDE = r"[-+]?(90(\.0+)?|[1-8]?[0-9](\.[0-9]+)?)"
BBOX_PATTERN = rf"^{LONGITUDE},{LATITUDE},{LONGITUDE},{LATITUDE}$"
BBOX_SCHEMA = {"type": "string", "pattern": BBOX_PATTERN}
# OGC API's ``datetime`` as the API reads it: a day or a moment (RFC 3339; the city's time without an offset), or
# ``start/end`` with ``..`` for an open end; years 1900 to 2099, and only days that exist (29 February left out).
_DAY = (r"(19|20)[0-9]{2}-((0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])|(0[13-9]|1[0-2])-(29|30)|(0[13578]|1[02])-31)")
_TIME = r"T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])?"
_INSTANT = rf"{_DAY}({_TIME})?"
DATETIME_PATTERN = rf"^({_INSTANT}|({_INSTANT}|\.\.)/({_INSTANT}|\.\.))$"
DATETIME_SCHEMA = {"type": "string", "pattern": DATETIME_PATTERN}

ERROR_ANSWERS = {
    "400": "Bad input (code `invalid`, with `errors` naming each field; `invalid_json`, `too_deep`, "
           "`invalid_characters` for a body or parameter no field can take). A conflict with what is stored is a 400 "
           "too, with a code of its own and the field it concerns in `errors` (e.g. `already_voted` under `poll`, "
           "`already_answered`, `already_supported`, `already_given`, `already_entered`, `result_final`).",
    "401": "The API token is missing, revoked or expired (codes `not_authenticated`, `authentication_failed`).",
    "403": "Refused; the code says why: `not_authenticated`, `email_not_confirmed`, `module_not_started` (the detail "
           "says from when), `module_closed`, `not_allowed`, `csrf_failed` (a write without the session's CSRF token "
           "in `X-CSRFToken`), or a format's own reason.",
    "404": "Not found (code `not_found`): no such format, item or address, or not visible to you; or an unknown "
           "`format` parameter.",
    "406": "The format the client asked for (`Accept`, `format`) is not one this address answers in (code "
           "`not_acceptable`).",
    "413": "The request body is too large (code `request_too_large`).",
    "415": "The body's `Content-Type` is not one this address reads (code `unsupported_media_type`).",
    "429": "Too many requests in a short time (code `throttled`); `Retry-After` says after how many seconds to try again.",
}
HEADERS = {
    "401": {"WWW-Authenticate": {"schema": {"type": "string"}, "description": "The scheme: Bearer."}},
    "429": {"Retry-After": {"schema": {"type": "integer", "minimum": 0}, "required": True,
                            "description": "Seconds to wait before trying again."}},
}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema, plus anonymous access where the rules allow it and every error answer.

    A view tells what the schema cannot see in its code: ``login_required`` (a read that needs a session),
    ``may_refuse_reading`` (a read that is refused at times, e.g. a result before it is published: 403),
    and ``throttled_methods`` (methods a rate limit counts: 429). A conflict with stored data is a 400 (see
    ``core.refusals.Conflict``), documented on every operation anyway.
    """

    def get_auth(self):
        auths = super().get_auth()
        if {} not in auths and self._anonymous_may_call():
            auths.append({})
        return auths

    def _anonymous_may_call(self) -> bool:
        """Reads guarded by django-rules are public (published items); a view that needs a login says so."""
        if not any(isinstance(p, RulesPermission) for p in self.view.get_permissions()):
            return False
        if self.method not in SAFE_METHODS or getattr(self.view, "login_required", False):
            return False
        return True

    def _may_refuse(self) -> bool:
        """Whether this operation can answer 403: a write (the CSRF check, the module's phase, the rules), a read
        with a rule of its own or a login, or a view that says so."""
        if self.method not in SAFE_METHODS or getattr(self.view, "login_required", False):
            return True
        if getattr(self.view, "may_refuse_reading", False):
            return True
        required = getattr(self.view, "required_permission", None)
        if callable(required):
            return required(self.method) is not None
        if any(isinstance(p, RulesPermission) for p in self.view.get_permissions()):
            perm = getattr(self.view, "permission_required", None)
            if isinstance(perm, dict):
                perm = perm.get(self.method, perm.get("*"))
            return perm is not None
        return not all(isinstance(p, AllowAny) for p in self.view.get_permissions())

    def _reads_tokens(self) -> bool:
        return any(auth.authenticate_header(None) for auth in self.view.get_authenticators())

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None or not path.startswith("/api/"):
            return operation
        for parameter in operation.get("parameters", []):
            schema = parameter.get("schema", {})
            if parameter["in"] == "query" and not parameter.get("required"):
                # An optional parameter sent empty (?bbox=, as a form with an empty field sends it) counts as not
                # sent: DRF reads query parameters so, and so do our own readers.
                parameter["allowEmptyValue"] = True
            if schema.get("type") == "string" and "enum" not in schema and "format" not in schema:
                if schema.get("pattern") in (None, TEXT_PATTERN, REQUIRED_TEXT_PATTERN):
                    schema["pattern"] = PARAMETER_PATTERN  # nothing more in a query or path than in its text
        error = self._component("Error", ERROR)
        has_body = "requestBody" in operation
        statuses = {"400", "404"}
        if self._reads_tokens():
            statuses.add("401")
        if self._may_refuse():
            statuses.add("403")
        if isinstance(self.view.get_content_negotiator(), DefaultContentNegotiation):
            statuses.add("406")
        if has_body:
            statuses |= {"413", "415"}
        if self.method in getattr(self.view, "throttled_methods", ()):
            statuses.add("429")
        # Errors come in the media type the client asked for (?format=geojson gives application/geo+json).
        media_types = sorted({"application/json"} | {r.media_type for r in self.view.get_renderers() if "json" in r.media_type})
        for status in sorted(statuses):
            answer = operation["responses"].setdefault(status, {"description": ERROR_ANSWERS[status]})
            answer["content"] = {m: {"schema": error} for m in media_types}
            if status in HEADERS:
                answer["headers"] = HEADERS[status]
        return operation

    def _get_format_parameters(self):
        # A view with a content negotiation of its own (any Accept, e.g. a heatmap an image viewer opens) ignores
        # ?format=, so the schema does not offer it.
        if not isinstance(self.view.get_content_negotiator(), DefaultContentNegotiation):
            return []
        return super()._get_format_parameters()

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        # What DRF does with a text that drf-spectacular does not say: it trims spaces and refuses an empty text
        # unless allow_blank; core.input refuses control characters in it.
        if direction == "request" and isinstance(field, serializers.CharField) and schema.get("type") == "string":
            # A field with a pattern of its own (a slug) says more than ours; drf-spectacular adds it after this.
            has_own = any(isinstance(v, RegexValidator) for v in field.validators)
            if "pattern" not in schema and "enum" not in schema and "format" not in schema and not has_own:
                schema["pattern"] = TEXT_PATTERN if field.allow_blank or not field.trim_whitespace else REQUIRED_TEXT_PATTERN
            if not field.allow_blank and "minLength" not in schema:
                schema["minLength"] = 1
        # Nor that a list or a dictionary that is not allow_empty refuses an empty one.
        if direction == "request" and not getattr(field, "allow_empty", True):
            if isinstance(field, serializers.DictField) and schema.get("type") == "object":
                schema.setdefault("minProperties", 1)
            elif isinstance(field, serializers.ListField) and schema.get("type") == "array":
                schema.setdefault("minItems", 1)
        return schema

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        if direction == "request" and isinstance(force_instance(serializer), StrictInput):
            schema["additionalProperties"] = False  # StrictInput refuses a field it does not know
        if getattr(force_instance(serializer), "__doc__", None) in (None, StrictInput.__doc__):
            schema.pop("description", None)  # a mixin's docstring is for developers, not for the API's readers
        return schema

    def _component(self, name: str, schema: dict) -> dict:
        component = ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema)
        self.registry.register_on_missing(component)
        return component.ref


@extend_schema_field({"type": "string", "enum": ["Feature"]})
class FeatureType(serializers.CharField):
    """The ``type`` of a GeoJSON Feature, in a schema."""


@extend_schema_field({"type": "string", "enum": ["FeatureCollection"]})
class FeatureCollectionType(serializers.CharField):
    """The ``type`` of a GeoJSON FeatureCollection, in a schema."""


@extend_schema_field({"type": "object", "required": ["type", "coordinates"],
                      "properties": {"type": {"type": "string", "enum": ["Point"]},
                                     "coordinates": {"type": "array", "items": {"type": "number"}, "minItems": 2,
                                                     "maxItems": 2, "description": "longitude, latitude (WGS 84)"}}})
class PointSchema(serializers.JSONField):
    """A GeoJSON Point, in a schema."""


@extend_schema_field({"type": "string", "format": "binary"})
class UploadField(serializers.FileField):
    """A file sent as a part of ``multipart/form-data`` (drf-spectacular would document a FileField as a URI)."""


@extend_schema_field(BBOX_SCHEMA)
class BBoxField(serializers.CharField):
    """A ``west,south,east,north`` query parameter, documented with its pattern."""
