"""The OpenAPI schema says what the API really answers: public reads need no session, and the error answers
(400 naming the field; 403, 404 and 413 as a ``Refusal`` with a stable code) are documented with their bodies, so
that clients and schema-based tests (schemathesis) can rely on it."""

from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import SAFE_METHODS

from .api import RulesPermission
from .refusals import CODES

# What DRF and core.api.exception_handler send: {"field": ["message", ...]} for bad input, {"detail": "..."} otherwise.
VALIDATION_ERRORS = {
    "type": "object",
    "description": "Bad input: for each field (or non_field_errors) the messages, in the user's language.",
    "additionalProperties": {"oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "object"}, {"type": "string"}]},
}
# What every refusal answers (core.refusals): the reason in the user's language and a code to switch on.
REFUSAL = {
    "type": "object",
    "description": "Why the request was refused: in words for people (detail) and as a stable code for programs.",
    "properties": {
        "detail": {"type": "string", "description": "The reason, in the user's language (German first)."},
        "code": {"type": "string", "description": "Stable: " + "; ".join(f"{code}: {what}" for code, what in CODES.items())
                 + ". Formats add their own (e.g. not_author, own_contribution, not_published).",
                 "example": "module_closed"},
    },
    "required": ["detail", "code"],
}
# A bounding box as the API reads it (the order and the ranges are checked by the server and named on a 400).
NUMBER = r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*"
BBOX_PATTERN = rf"^{NUMBER},{NUMBER},{NUMBER},{NUMBER}$"
BBOX_SCHEMA = {"type": "string", "pattern": BBOX_PATTERN}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema, plus anonymous access where the rules allow it and the error answers."""

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

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None or not path.startswith("/api/"):
            return operation
        refusal = self._component("Refusal", REFUSAL)
        errors = {"404": ("Not found (code not_found): no such format or item, or not visible to you; or an unknown "
                          "format parameter.", refusal)}
        queries = [p for p in operation.get("parameters", []) if p["in"] == "query" and p["name"] != "format"]
        if queries or "requestBody" in operation or self.method in ("PUT", "PATCH", "DELETE"):
            errors["400"] = ("Bad input: the messages name the field.",
                             self._component("ValidationErrors", VALIDATION_ERRORS))
        # A read that is public only sometimes (results once published) says so with ``may_refuse_reading``.
        if (not self._anonymous_may_call() and {} not in operation.get("security", [{}])) or (
                getattr(self.view, "may_refuse_reading", False) and self.method == "GET"):
            errors["403"] = ("Refused; the code says why: not_authenticated, email_not_confirmed, module_not_started "
                             "(the detail says from when), module_closed, not_allowed, or a format's own reason.", refusal)
        if "requestBody" in operation:
            errors["413"] = ("The request body is too large (code request_too_large).", refusal)
        # Errors come in the media type the client asked for (?format=geojson gives application/geo+json).
        media_types = sorted({"application/json"} | {r.media_type for r in self.view.get_renderers() if "json" in r.media_type})
        for code, (description, ref) in sorted(errors.items()):
            operation["responses"].setdefault(code, {"content": {m: {"schema": ref} for m in media_types}, "description": description})
        return operation

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        # drf-spectacular leaves out that a CharField refuses the empty string unless allow_blank.
        if (direction == "request" and isinstance(field, serializers.CharField) and not field.allow_blank
                and schema.get("type") == "string" and "minLength" not in schema):
            schema["minLength"] = 1
        return schema

    def _component(self, name: str, schema: dict) -> dict:
        component = ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema)
        self.registry.register_on_missing(component)
        return component.ref


@extend_schema_field(BBOX_SCHEMA)
class BBoxField(serializers.CharField):
    """A ``west,south,east,north`` query parameter, documented with its pattern."""
