"""Failed logins slow down whoever fails, never the person whose account it is.

Counting failures per account alone let anyone lock a resident or moderator out by typing five wrong passwords
for their public username. So failures are counted per account *and* client address together (each failure past
the free ones doubles the wait), plus a ceiling per address across all accounts (one address trying many accounts).
The right password from another address is never held up by someone else's failures. The address is the one
``core.middleware.ClientAddressMiddleware`` determined (``PROXY_COUNT``); IPv6 addresses count by their /64 network,
which one connection can change at will. Nothing readable is stored: keys are keyed hashes (``SECRET_KEY``) of what
was typed and the address, and rows are forgotten a day after their last failure. Staff see and lift throttles in
the admin (``LoginThrottle``). Settings: ``LOGIN_THROTTLE`` (README, Configuration).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import LoginThrottle, User

Scope = LoginThrottle.Scope


def _setting(name: str) -> int:
    return int(settings.LOGIN_THROTTLE[name])


def client_network(request) -> str:
    """The client's address as counted: IPv4 as it is, IPv6 by its /64 network."""
    raw = request.META.get("REMOTE_ADDR", "") or ""
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw[:64]
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _digest(*parts: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), "\x1f".join(parts).encode(), hashlib.sha256).hexdigest()


def _account(login: str) -> tuple[str, User | None]:
    """Who was tried: the account a login (username or e-mail address, in any case) names, or the text itself."""
    login = (login or "").strip()
    user = User.objects.filter(Q(username__iexact=login) | Q(email__iexact=login)).order_by("pk").first() if login else None
    return (f"user:{user.pk}", user) if user else (f"login:{login.lower()}", None)


def _keys(request, login: str):
    network = client_network(request)
    who, user = _account(login)
    return (_digest(Scope.ACCOUNT, who, network), _digest(Scope.ADDRESS, network), user,
            _digest("fingerprint", network)[:8])


def login_wait(request, login: str) -> tuple[int, str | None]:
    """Seconds until this address may try this login again (0: now), and which throttle holds it."""
    account_key, address_key, _user, _fp = _keys(request, login)
    now = timezone.now()
    held = (LoginThrottle.objects.filter(key__in=[account_key, address_key], locked_until__gt=now)
            .order_by("-locked_until").values_list("locked_until", "scope").first())
    if held is None:
        return 0, None
    return max(1, math.ceil((held[0] - now).total_seconds())), held[1]


_UPSERT = """
INSERT INTO accounts_loginthrottle (key, scope, user_id, address, failures, first_failure_at, last_failure_at)
VALUES (%(key)s, %(scope)s, %(user)s, %(address)s, 1, %(now)s, %(now)s)
ON CONFLICT (key) DO UPDATE SET
    failures = CASE WHEN accounts_loginthrottle.first_failure_at < %(window_start)s THEN 1
                    ELSE accounts_loginthrottle.failures + 1 END,
    first_failure_at = CASE WHEN accounts_loginthrottle.first_failure_at < %(window_start)s THEN %(now)s
                            ELSE accounts_loginthrottle.first_failure_at END,
    last_failure_at = %(now)s
RETURNING id, failures, first_failure_at
"""


def account_delay(failures: int) -> int:
    """Seconds to wait after ``failures`` failures for one account from one address: none for the free ones, then
    the first delay, doubled with each further failure, up to the maximum."""
    free = _setting("FREE_FAILURES")
    if failures < free:
        return 0
    return min(_setting("FIRST_DELAY") * 2 ** min(failures - free, 30), _setting("MAX_DELAY"))


@transaction.atomic
def login_failure_record(request, login: str) -> None:
    """Count a failed login for the account from this address and for the address; lock either when due.

    Counted by the database (one upsert per row), so failures sent at the same moment all count.
    """
    account_key, address_key, user, fingerprint = _keys(request, login)
    now = timezone.now()
    forget = timedelta(seconds=_setting("FORGET_AFTER"))
    window = timedelta(seconds=_setting("ADDRESS_WINDOW"))
    with connection.cursor() as cursor:
        for key, scope, window_start in [(account_key, Scope.ACCOUNT, now - forget), (address_key, Scope.ADDRESS, now - window)]:
            cursor.execute(_UPSERT, {"key": key, "scope": scope, "user": user.pk if user and scope == Scope.ACCOUNT else None,
                                     "address": fingerprint, "now": now, "window_start": window_start})
            pk, failures, first = cursor.fetchone()
            if scope == Scope.ACCOUNT and (delay := account_delay(failures)):
                LoginThrottle.objects.filter(pk=pk).update(locked_until=now + timedelta(seconds=delay))
            elif scope == Scope.ADDRESS and failures >= _setting("ADDRESS_FAILURES"):
                LoginThrottle.objects.filter(pk=pk).update(locked_until=first + window)
    # What is no longer needed is not kept.
    LoginThrottle.objects.filter(last_failure_at__lt=now - forget).filter(
        Q(locked_until__isnull=True) | Q(locked_until__lt=now)).delete()


def login_success_record(request, login: str) -> None:
    """The right password from this address: its failures for this account are forgotten (not the address's)."""
    account_key, _address_key, _user, _fp = _keys(request, login)
    LoginThrottle.objects.filter(key=account_key).delete()


def throttles_lift(*, throttles) -> int:
    """Staff lift throttles (a resident called, say): the failures are forgotten and logins allowed at once."""
    count, _by_model = throttles.delete()
    return count


def wait_words(seconds: int) -> str:
    if seconds < 60:
        return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


def wait_message(seconds: int, scope: str | None) -> str:
    """Why the login is refused and for how long, for the login form."""
    if scope == Scope.ADDRESS:
        return _("Too many failed logins from your connection. Please wait %(wait)s, then try again.") % {
            "wait": wait_words(seconds)}
    return _("Too many failed logins for this account from your connection. Please wait %(wait)s, then try again. "
             "If you have forgotten your password, you can set a new one.") % {"wait": wait_words(seconds)}
