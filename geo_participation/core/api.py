"""What every API view shares: errors as 400 with field messages, refusals as ``{"detail", "code"}`` (core.refusals),
and permissions asked through django-rules."""

import copy
import re

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, parsers, permissions, renderers, serializers
from rest_framework.exceptions import ErrorDetail
from rest_framework.views import exception_handler as drf_exception_handler

from .input import InputRefused, fields_check, json_loads, shown_name
from .refusals import NOT_ALLOWED, NOT_AUTHENTICATED, NOT_FOUND, FieldRefusal, FieldRefusalError, refusal_of_person


class GeoJSONRenderer(renderers.JSONRenderer):
    """Lets clients ask for application/geo+json (RFC 7946) and get it."""

    media_type = "application/geo+json"
    format = "geojson"


# What a form sends besides its fields, read by Django itself (the CSRF check of a session's form post).
FORM_ONLY_FIELDS = frozenset({"csrfmiddlewaretoken"})


class RequestTooLarge(exceptions.APIException):
    status_code = 413
    default_code = "request_too_large"


def input_error(error: InputRefused) -> exceptions.APIException:
    """A refusal of ``core.input`` as the API answers it: under the field it concerns (the top-level key of a JSON
    path such as ``geometry.coordinates[0]``), or as the request's own error when it concerns no field."""
    field = re.split(r"[.\[]", error.field, maxsplit=1)[0] if error.field else ""
    return (exceptions.ValidationError({field: [str(error)]}) if field
            else exceptions.ParseError(str(error), code=error.code))


class JSONParser(parsers.JSONParser):
    """JSON read by ``core.input.json_loads``: too deep, control characters or broken JSON are a 400 in words."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return json_loads(stream.read() if stream is not None else b"", strict=self.strict)
        except InputRefused as error:
            raise input_error(error) from None


class LenientJSONParser(JSONParser):
    """Reads NaN and Infinity (which are not JSON), so that the field holding them is named in the error."""

    strict = False


class FormParser(parsers.FormParser):
    """Form fields without control characters (a 400 naming the field)."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        try:
            fields_check(data)
        except InputRefused as error:
            raise input_error(error) from None
        return data


class MultiPartParser(parsers.MultiPartParser):
    """Multipart form fields without control characters; a broken body is a 400 in words, not the parser's text."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            result = super().parse(stream, media_type, parser_context)
        except exceptions.ParseError:
            raise exceptions.ParseError(_("The form data could not be read.")) from None
        except MultiPartParserError:
            raise exceptions.ParseError(_("The form data could not be read.")) from None
        try:
            fields_check(result.data)
        except InputRefused as error:
            raise input_error(error) from None
        return result


def body_limit_check(request, limit: int) -> None:
    """Refuse a body declared larger than ``limit`` bytes before anything reads it, with a 413 in words."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0  # as Django treats it
    if length > limit:
        raise RequestTooLarge(_("The request is too large: at most %(kb)d KB are accepted.") % {"kb": limit // 1024})


# What the API says where DRF's own words would be English, say "Sie" or name no reason a client can switch on.
METHOD_NOT_ALLOWED = _("This address does not take the method %(method)s.")
NOT_ACCEPTABLE = _("This address cannot answer in the format you asked for (Accept header or ?format=).")
UNSUPPORTED_MEDIA_TYPE = _("This address does not read bodies of the type “%(media_type)s” (see the API documentation for the ones it reads).")
THROTTLED = _("You have sent a lot in a short time. Please wait a little and try again.")
CSRF_FAILED = _("The security token of your session is missing or wrong. Please reload the page and try again.")
AUTHENTICATION_FAILED = _("The login or the API key is not valid.")
INVALID = _("Please check what you entered: %(fields)s.")
SERVER_ERROR = _("Something went wrong on our side. Please try again later.")
# The code of each error DRF raises itself (its default codes are ours too where they already say what happened).
CODES = {"method_not_allowed": "method_not_allowed", "not_acceptable": "not_acceptable",
         "unsupported_media_type": "unsupported_media_type", "throttled": "throttled", "parse_error": "invalid_json",
         "authentication_failed": "authentication_failed", "permission_denied": NOT_ALLOWED.code,
         "error": "server_error", "invalid": "invalid"}


def flat_errors(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested field errors as one level: ``{"options.0": [...], "geometry": [...]}`` (``non_field_errors`` for
    the request as a whole)."""
    if isinstance(detail, dict):
        flat = {}
        for key, value in detail.items():
            flat.update(flat_errors(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(detail, list) and any(isinstance(item, (dict, list)) for item in detail):
        flat = {}
        for index, item in enumerate(detail):
            if item:  # a list field's valid items come as empty entries
                flat.update(flat_errors(item, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    messages = detail if isinstance(detail, list) else [detail]
    return {prefix or settings.REST_FRAMEWORK.get("NON_FIELD_ERRORS_KEY", "non_field_errors"): [str(m) for m in messages]}


def error_document(detail: str, code: str, errors: dict[str, list[str]] | None = None) -> dict:
    """The one shape of every error the API answers (OpenAPI component ``Error``)."""
    document = {"detail": str(detail), "code": code}
    if errors:
        document["errors"] = errors
    return document


def _validation_document(exc: exceptions.ValidationError) -> dict:
    errors = flat_errors(exc.detail)
    messages = [message for field_messages in errors.values() for message in field_messages]
    non_field = settings.REST_FRAMEWORK.get("NON_FIELD_ERRORS_KEY", "non_field_errors")
    if len(messages) == 1:
        detail = messages[0] if set(errors) == {non_field} else f"{next(iter(errors))}: {messages[0]}"
    else:
        detail = INVALID % {"fields": ", ".join(errors)}
    return error_document(detail, "invalid", errors)


def _api_exception(exc, request):
    """Django's exceptions and DRF's own, in words of the site and with a code (core.refusals) each."""
    if isinstance(exc, FieldRefusal):
        return exc.api_exception()
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail = {field: [str(m) for e in errors for m in e.messages] for field, errors in exc.error_dict.items()}
        else:
            detail = {"non_field_errors": [str(m) for m in exc.messages]}
        return exceptions.ValidationError(detail)
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied(str(exc) or str(NOT_ALLOWED.message), code=NOT_ALLOWED.code)
    if isinstance(exc, Http404):
        # get_object_or_404's text is English ("No Contribution matches …"); ours is translated
        return exceptions.NotFound(str(NOT_FOUND.message), code=NOT_FOUND.code)
    if isinstance(exc, RequestDataTooBig):
        # Django's own limit (DATA_UPLOAD_MAX_MEMORY_SIZE), met while a view reads the body: a 413 in words, not
        # Django's HTML 400 page.
        return RequestTooLarge(_("The request is too large: at most %(kb)d KB are accepted.")
                               % {"kb": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024})
    if not isinstance(exc, exceptions.APIException):
        return exc
    default = type(exc).default_detail
    if isinstance(exc, exceptions.NotAuthenticated) and exc.detail == exceptions.NotAuthenticated.default_detail:
        # DRF's words say "Sie"; the status (401 or 403, by the authentication scheme) was set by the view already.
        exc.detail = ErrorDetail(str(NOT_AUTHENTICATED.message), code=NOT_AUTHENTICATED.code)
    elif isinstance(exc, exceptions.PermissionDenied) and str(exc.detail).startswith("CSRF Failed"):
        exc.detail = ErrorDetail(str(CSRF_FAILED), code="csrf_failed")
    elif isinstance(exc, exceptions.AuthenticationFailed) and exc.detail == default:
        exc.detail = ErrorDetail(str(AUTHENTICATION_FAILED), code="authentication_failed")
    elif isinstance(exc, exceptions.MethodNotAllowed):
        exc.detail = ErrorDetail(str(METHOD_NOT_ALLOWED) % {"method": getattr(request, "method", "")},
                                 code="method_not_allowed")
    elif isinstance(exc, exceptions.NotAcceptable):
        exc.detail = ErrorDetail(str(NOT_ACCEPTABLE), code="not_acceptable")
    elif isinstance(exc, exceptions.UnsupportedMediaType):
        exc.detail = ErrorDetail(str(UNSUPPORTED_MEDIA_TYPE) % {"media_type": getattr(request, "content_type", "")[:100]},
                                 code="unsupported_media_type")
    elif isinstance(exc, exceptions.Throttled) and exc.detail.startswith(str(exceptions.Throttled.default_detail)):
        exc.detail = ErrorDetail(str(THROTTLED), code="throttled")
    elif type(exc) is exceptions.APIException and exc.detail == default:
        exc.detail = ErrorDetail(str(SERVER_ERROR), code="server_error")
    return exc


def exception_handler(exc, context):
    """Every error as one document, ``{"detail": <words>, "code": <stable code>}``, with ``"errors": {<field>:
    [<messages>]}`` for bad input (a 400, code ``invalid``): a service's ValidationError, a serializer's, a
    parser's, a refusal (core.refusals) or DRF's own (405, 406, 415, 429)."""
    exc = _api_exception(exc, context.get("request"))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = _validation_document(exc)
    elif isinstance(exc, FieldRefusalError):
        response.data = error_document(exc.detail, exc.detail.code, {exc.field: [str(exc.detail)]})
    else:
        detail = exc.detail if not isinstance(exc.detail, (list, dict)) else next(iter(flat_errors(exc.detail).values()))[0]
        code = getattr(detail, "code", None) or exc.default_code
        response.data = error_document(detail, CODES.get(code, code))
    return response


def api_refusal(request, exc: exceptions.APIException):
    """The answer to ``exc`` for a request no API view has seen yet (a middleware's refusal), shaped as any other."""
    from rest_framework.renderers import JSONRenderer

    response = exception_handler(exc, {"request": request, "view": None})
    response.accepted_renderer, response.accepted_media_type = JSONRenderer(), "application/json"
    response.renderer_context = {"request": request, "response": response}
    return response.render()


WRONG_TYPE = {
    str: _("Please send text here."),
    int: _("Please send a whole number here."),
    float: _("Please send a number here."),
    bool: _("Please send true or false here."),
    list: _("Please send a list here."),
    dict: _("Please send an object here."),
}


def _expected_type(field):
    """The JSON type a field documents (the OpenAPI schema says so), or None where it takes several."""
    if isinstance(field, (serializers.ListField, serializers.ManyRelatedField)):
        return list
    if isinstance(field, (serializers.DictField, serializers.Serializer)) and not isinstance(field, serializers.ListSerializer):
        return dict
    if isinstance(field, serializers.BooleanField):
        return bool
    if isinstance(field, serializers.IntegerField):
        return int
    if isinstance(field, (serializers.FloatField, serializers.DecimalField)):
        return float
    if isinstance(field, serializers.ChoiceField):
        kinds = {type(value) for value in field.choices}
        return str if kinds == {str} else None
    if isinstance(field, (serializers.CharField, serializers.DateField, serializers.DateTimeField)):
        return str
    return None


def type_errors(field, value) -> list[str]:
    """Why ``value`` is not of the JSON type ``field`` documents (DRF would read 5 as "5", "5" as 5 and 1 as true)."""
    if value is None:
        return []  # allow_null is the field's own business
    expected = _expected_type(field)
    if expected is None:
        return []
    if expected is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    elif expected is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    else:
        ok = isinstance(value, expected)
    if not ok:
        return [str(WRONG_TYPE[expected])]
    child = getattr(field, "child", None)
    if expected is list and child is not None:
        return next((errors for item in value if (errors := type_errors(child, item))), [])
    if expected is dict and isinstance(field, serializers.DictField) and child is not None:
        return next((errors for item in value.values() if (errors := type_errors(child, item))), [])
    return []


class StrictInput:
    """For an API input serializer: the fields the schema documents, of the type it documents, nothing else.

    DRF reads the number 5 for a text field as "5", the text "5" for a number as 5 and 1 as true; the OpenAPI
    schema promises types, so such a request is a 400 naming the field. Form data (all text) is read as DRF does.
    DRF also drops fields it does not know, so that a misspelt one ("comennt") would be lost without a word: such a
    field is a 400 naming it, and the schema says so (``additionalProperties: false``, core.openapi).
    """

    def to_internal_value(self, data):
        if hasattr(data, "keys"):
            unknown = [name for name in data.keys() if name not in self.fields and name not in FORM_ONLY_FIELDS]
            if unknown:
                raise exceptions.ValidationError({shown_name(name): [_("There is no such field here.")]
                                                  for name in unknown[:10]})
        if isinstance(data, dict) and not hasattr(data, "getlist"):
            errors = {name: messages for name, field in self.fields.items()
                      if not field.read_only and name in data and (messages := type_errors(field, data[name]))}
            if errors:
                raise exceptions.ValidationError(errors)
        return super().to_internal_value(data)


class RulesPermission(permissions.BasePermission):
    """Ask the view's ``permission_required`` (a django-rules name) about ``view.get_permission_object()``.

    The same names guard the HTML views, so the API and the pages follow one rule set.
    """

    def has_permission(self, request, view):
        perm = getattr(view, "permission_required", None)
        if perm is None:
            return True
        perms = perm.get(request.method, perm.get("*")) if isinstance(perm, dict) else perm
        if perms is None:
            return True
        obj = view.get_permission_object() if hasattr(view, "get_permission_object") else None
        if request.user.has_perm(perms, obj):
            return True
        # Say why, in the person's language (DRF's German default says "Sie"); anonymous visitors are asked to log in.
        refusal = refusal_of_person(request.user)
        self.message, self.code = str(refusal.message), refusal.code
        return False


class FieldsBuiltOnce:
    """For a ModelSerializer: its fields are built from the model once per class, then copied for each instance.

    DRF builds a ModelSerializer's fields anew for every instance (model introspection, labels, validators); for the
    answer to a new pin that cost more CPU than storing it. They depend on the class and its ``Meta`` only, and
    copying is what DRF does with declared fields anyway.
    """

    def get_fields(self):
        cls = type(self)
        prototypes = cls.__dict__.get("_built_fields")
        if prototypes is None:
            prototypes = super().get_fields()
            cls._built_fields = prototypes
        return copy.deepcopy(prototypes)
