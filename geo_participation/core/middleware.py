"""The visitor's own address behind the city's reverse proxy.

Rate limits count visitors by address (``core.limits``, the barrier-report form). Behind a proxy every request comes
from the proxy's address, so all visitors would share one allowance. With ``PROXY_COUNT`` proxies in front, each
appends the address it saw to ``X-Forwarded-For``; the entry that many places from the right was written by our own
first proxy and cannot be forged by the client (anything further left can).
"""

from django.conf import settings


class ClientAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.proxies = settings.PROXY_COUNT

    def __call__(self, request):
        if self.proxies:
            forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
            if len(forwarded) >= self.proxies:
                request.META["REMOTE_ADDR"] = forwarded[-self.proxies]
        return self.get_response(request)
