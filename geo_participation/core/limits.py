"""How often one person may add something others have to read, so that a script cannot flood the moderators,
and how often one client may download layers or fetch tiles and OGC API pages, so that no script drains the server.

Counted per account (per address for visitors) in Django's cache; the API answers 429, pages show the message.
``settings.RATE_LIMITS`` may override a rate (the benchmarks do). A format counts an action of its own by passing
its rate (``rate_exceeded(request, "survey_answer", rate="10/h")``), so that it needs no line here.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_ratelimit import ALL
from django_ratelimit.core import get_usage

RATES = {
    "contribution": "30/h",
    "comment": "60/h",
    "download": "60/h",  # whole layers as GeoJSON, GeoPackage, CSV
    "tile": "1800/m",  # vector tiles: a map shows a few dozen at a time
    "read": "600/m",  # OGC API pages, heatmaps
}
MESSAGE = _("You have sent a lot in a short time. Please wait a little and try again.")


def _person(group, request):
    return str(request.user.pk) if request.user.is_authenticated else request.META.get("REMOTE_ADDR", "")


def rate_exceeded(request, action: str, *, rate: str | None = None) -> int | None:
    """Count this attempt; when the person has done ``action`` more often than RATES (or ``rate``) allows, the
    seconds until they may again (at least 1, so that the answer is true in a condition), else None."""
    rate = getattr(settings, "RATE_LIMITS", {}).get(action) or rate or RATES[action]
    usage = get_usage(request, group=f"participation.{action}", key=_person, rate=rate, method=ALL, increment=True)
    if usage is None or not usage["should_limit"]:
        return None
    return max(1, usage["time_left"])


def rate_limit_check(request, action: str, *, rate: str | None = None) -> None:
    """For the API: a 429 (code ``throttled``) with ``Retry-After`` when ``rate_exceeded``."""
    if wait := rate_exceeded(request, action, rate=rate):
        from rest_framework.exceptions import Throttled

        raise Throttled(wait=wait, detail=str(MESSAGE))
