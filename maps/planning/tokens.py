"""Personal API tokens: a planner's GIS program (QGIS, GDAL) sends one in a header and reads what the planner may
read. Only a digest is stored; the token is shown once. Tokens only read: no request that changes anything accepts one.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from geo_participation.accounts.rules import is_planner

from .models import ApiToken

PREFIX = "mw_"
HEADER = "Authorization"
SCHEME = "Bearer"
MAX_ACTIVE = 10
USE_RECORDED_EVERY = timedelta(hours=1)


def _digest(token: str) -> str:
    # The tokens are 256 random bits: a plain SHA-256 cannot be reversed or guessed, so no salt or slow hash is needed.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """Make a token for a planner or staff member; returns it with the secret, which is never shown again."""
    if not is_planner(user):
        raise ValidationError({"name": _("Only planners and staff can create API tokens.")})
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Please give the token a name, e.g. “QGIS at work”.")})
    if ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True).count() >= MAX_ACTIVE:
        raise ValidationError({"name": _("You have %(n)d active tokens. Please revoke one you no longer use first.")
                               % {"n": MAX_ACTIVE}})
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, prefix=secret[:len(PREFIX) + 6], digest=_digest(secret))
    token.full_clean(exclude=["digest", "prefix"])
    token.save()
    return token, secret


@transaction.atomic
def token_revoke(*, user, pk: int) -> ApiToken:
    """Revoke one of the person's own tokens; from now on it opens nothing."""
    token = ApiToken.objects.select_for_update().filter(user=user, pk=pk).first()
    if token is None:
        raise ValidationError({"token": _("There is no such token.")})
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def tokens_of(user):
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at")


class TokenRefused(Exception):
    """A token was sent, but it opens nothing: its message says why (in the person's language)."""


def token_from_header(value: str) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, or of ``Basic`` with the token as the password;
    None for any other header.

    Basic is there for GIS programs that offer only a user name and a password (QGIS before 3.26, as Debian 12 ships
    it, and WFS clients): any user name, the token as the password. An account's password is never taken this way.
    """
    scheme, _sep, credentials = (value or "").strip().partition(" ")
    if scheme.lower() == SCHEME.lower():
        return credentials.strip()
    if scheme.lower() == "basic":
        try:
            decoded = base64.b64decode(credentials.strip(), validate=True).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            return None
        password = decoded.partition(":")[2]
        return password if password.startswith(PREFIX) else None
    return None


def user_for_token(token: str):
    """The active user whose token this is; raises TokenRefused for a wrong, revoked or orphaned one."""
    if not token.startswith(PREFIX) or len(token) > 100:
        raise TokenRefused(_("This API token is not valid."))
    found = ApiToken.objects.select_related("user").filter(digest=_digest(token)).first()
    if found is None:
        raise TokenRefused(_("This API token is not valid."))
    if found.revoked_at is not None:
        raise TokenRefused(_("This API token has been revoked. Please create a new one on your profile page."))
    if not found.user.is_active:
        raise TokenRefused(_("This API token is not valid."))
    now = timezone.now()
    if found.last_used_at is None or now - found.last_used_at > USE_RECORDED_EVERY:
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)  # at most once an hour: reads stay reads
    return found.user


def request_user(request):
    """Who is asking: the user of the token in the Authorization header if one is sent, else the session's user.

    Raises TokenRefused if a token is sent that opens nothing: a wrong token is an error, not an anonymous visit.
    """
    token = token_from_header(request.META.get("HTTP_AUTHORIZATION", ""))
    if token is None:
        return request.user
    return user_for_token(token)
