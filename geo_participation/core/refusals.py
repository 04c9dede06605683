"""Why the platform refuses a request: one reason, one wording, one status, and a stable code for API clients.

Pages show the wording (on a 403 page; visitors who are not logged in are sent to the login instead); the API
answers ``{"detail": "<wording in the user's language>", "code": "<code>"}`` (``core.api.exception_handler``),
described in the OpenAPI schema as the component ``Refusal``. The reasons that depend on a format's phase (not yet
open, closed) are in ``projects/door.py``; a format's own reasons ("only the author can change this") are
``Refusal``s of its own, with codes of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions


@dataclass(frozen=True)
class Refusal:
    code: str  # stable: clients switch on it
    message: str  # in the user's language once shown (a lazy translation, or text made for this request)
    status: int = 403

    def api_exception(self) -> exceptions.APIException:
        """The DRF exception that answers with this refusal; a visitor's "please log in" follows DRF's 401/403 rule."""
        if self.code == NOT_AUTHENTICATED.code:
            return exceptions.NotAuthenticated(str(self.message), code=self.code)
        error = exceptions.APIException(str(self.message), code=self.code)
        error.status_code = self.status
        return error


class FieldRefusal(ValidationError):
    """What a service raises when it refuses a request for a reason of one field that is not bad input: pages show it
    like any error of the field; the API answers with ``status`` and the refusal's own code (``FieldRefusalError``)."""

    status = 400

    def __init__(self, field: str, message, *, code: str):
        super().__init__({field: [ValidationError(message, code=code)]})
        self.field, self.message_text, self.refusal_code = field, message, code

    def api_exception(self) -> exceptions.APIException:
        return FieldRefusalError(self.field, str(self.message_text), code=self.refusal_code, status=self.status)


class Conflict(FieldRefusal):
    """The request conflicts with what is stored: voted already, supports already, this emptying entered already.

    A 400, not a 409: the platform's documented behaviour for residents' API clients is "a clear 400 or a form error,
    nothing counted twice" (issues 4 and 12), so a client handles every refusal of its input in one place; the code
    (``already_voted``, ``already_given`` …) tells a conflict apart from bad input (``invalid``)."""

    status = 400


class NotYours(FieldRefusal):
    """Not for this person, whatever the rules say for their role: confirming one's own tally (403). A superuser passes
    every rule (Django's ModelBackend), so the service says it itself."""

    status = 403


class FieldRefusalError(exceptions.APIException):
    """A ``FieldRefusal`` as the API answers it: its status, the message under the field, and the refusal's code."""

    def __init__(self, field: str, message: str, *, code: str, status: int):
        super().__init__(message, code=code)
        self.field, self.status_code = field, status


NOT_FOUND = Refusal("not_found", _("Not found: there is nothing at this address, or it is not public."), 404)
NOT_AUTHENTICATED = Refusal("not_authenticated", _("Please log in to take part."))
EMAIL_NOT_CONFIRMED = Refusal(
    "email_not_confirmed",
    _("Please confirm your e-mail address first: we have sent you a link. Then you can take part."))
NOT_ALLOWED = Refusal("not_allowed", _("You may not do this here."))

# The codes every API answer may carry, for the schema. Formats add codes of their own (see their rules.py).
CODES = {
    "not_found": "nothing at this address, or not visible to you (404)",
    "not_authenticated": "log in first (403)",
    "email_not_confirmed": "confirm your e-mail address first (403)",
    "module_not_started": "the format has not started yet; the detail says from when (403)",
    "module_closed": "the format has ended: reading stays possible, taking part not (403)",
    "not_allowed": "not allowed for you, here or now (403)",
    "invalid": "bad input; `errors` names each field with its messages (400)",
    "csrf_failed": "a write with a session needs the session's CSRF token in the header `X-CSRFToken` (403)",
    "authentication_failed": "the API token is not valid (401)",
    "method_not_allowed": "the address does not take this method; `Allow` lists those it takes (405)",
    "not_acceptable": "the format asked for (`Accept`, `format`) is not one the address answers in (406)",
    "request_too_large": "the body is too large (413)",
    "unsupported_media_type": "the body's `Content-Type` is not one the address reads (415)",
    "throttled": "too many requests in a short time; `Retry-After` says how long to wait (429)",
    "invalid_json": "the body is not JSON (400)",
    "too_deep": "the JSON is nested more than 32 levels deep (400)",
    "invalid_characters": "a control character (such as NUL) or a lone surrogate in a parameter or the body; a field's "
                          "character is answered under the field's name instead (400)",
}


def refusal_of_person(user) -> Refusal:
    """Why a permission was refused, as far as the person is concerned: not logged in, not confirmed, or not allowed."""
    if not user.is_authenticated:
        return NOT_AUTHENTICATED
    if not user.is_active or not getattr(user, "email_confirmed_at", None):
        return EMAIL_NOT_CONFIRMED
    return NOT_ALLOWED
