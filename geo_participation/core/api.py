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
from rest_framework import exceptions, parsers, permissions
from rest_framework.exceptions import ErrorDetail
from rest_framework.views import exception_handler as drf_exception_handler

from .input import InputRefused, fields_check, json_loads
from .refusals import NOT_ALLOWED, NOT_AUTHENTICATED, NOT_FOUND, refusal_of_person


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


def exception_handler(exc, context):
    """Turn a service's ValidationError into a 400 naming the field, like a serializer's error; every other error
    answers ``{"detail": <words>, "code": <stable code>}``."""
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail = {field: [str(m) for e in errors for m in e.messages] for field, errors in exc.error_dict.items()}
        else:
            detail = {"non_field_errors": [str(m) for m in exc.messages]}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or str(NOT_ALLOWED.message), code=NOT_ALLOWED.code)
    elif isinstance(exc, Http404):
        # get_object_or_404's text is English ("No Contribution matches …"); ours is translated
        exc = exceptions.NotFound(str(NOT_FOUND.message), code=NOT_FOUND.code)
    elif isinstance(exc, RequestDataTooBig):
        # Django's own limit (DATA_UPLOAD_MAX_MEMORY_SIZE), met while a view reads the body: a 413 in words, not
        # Django's HTML 400 page.
        exc = RequestTooLarge(_("The request is too large: at most %(kb)d KB are accepted.")
                              % {"kb": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024})
    elif isinstance(exc, exceptions.NotAuthenticated) and exc.detail == exceptions.NotAuthenticated.default_detail:
        # DRF's words say "Sie"; the status (401 or 403, by the authentication scheme) was set by the view already.
        exc.detail = ErrorDetail(str(NOT_AUTHENTICATED.message), code=NOT_AUTHENTICATED.code)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and set(response.data) == {"detail"}:
        code = getattr(response.data["detail"], "code", None)
        response.data["code"] = NOT_ALLOWED.code if code in (None, "permission_denied", "error") else code
    return response


def api_refusal(request, exc: exceptions.APIException):
    """The answer to ``exc`` for a request no API view has seen yet (a middleware's refusal), shaped as any other."""
    from rest_framework.renderers import JSONRenderer

    response = exception_handler(exc, {"request": request, "view": None})
    response.accepted_renderer, response.accepted_media_type = JSONRenderer(), "application/json"
    response.renderer_context = {"request": request, "response": response}
    return response.render()


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
