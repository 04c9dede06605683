"""Middleware of the platform: the visitor's own address behind the proxy, input no view should see, and the API's
one error shape whoever answered."""

from csp.constants import HEADER, HEADER_REPORT_ONLY, NONE, SELF
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .input import InputRefused, fields_check, parameters_check
from .refusals import NOT_ALLOWED, NOT_FOUND


class ClientAddressMiddleware:
    """The visitor's own address behind the city's reverse proxy.

    Rate limits count visitors by address (``core.limits``, the barrier-report form, failed logins). Behind a proxy
    every request comes from the proxy's address, so all visitors would share one allowance. With ``PROXY_COUNT``
    proxies in front, each appends the address it saw to ``X-Forwarded-For``; the entry that many places from the
    right was written by our own first proxy and cannot be forged by the client (anything further left can).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.proxies = settings.PROXY_COUNT

    def __call__(self, request):
        if self.proxies:
            forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
            if len(forwarded) >= self.proxies:
                request.META["REMOTE_ADDR"] = forwarded[-self.proxies]
        return self.get_response(request)


class ApiErrorMiddleware:
    """Under ``/api/``, every error is the API's one JSON document (``core.api.error_document``), whoever answered.

    DRF views answer so themselves; this catches the rest: the URL resolver's 404 (``…/opinions/abc/``, where an id
    must be a number; Django's HTML page, or its debug page in development), a 405 or 403 of a plain Django view
    (the method, the CSRF check) and a server error's page. Listed after the language middleware, so that the words
    are in the request's language, and after ``CommonMiddleware``'s redirect to the address with a slash.
    """

    STATUS_WORDS = {
        400: ("invalid", _("The request could not be read.")),
        403: ("not_allowed", NOT_ALLOWED.message),
        404: (NOT_FOUND.code, NOT_FOUND.message),
        405: ("method_not_allowed", None),
        413: ("request_too_large", _("The request is too large.")),
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (response.status_code >= 400 and request.path.startswith("/api/")
                and "json" not in response.get("Content-Type", "")):
            return self.json_error(request, response)
        return response

    def json_error(self, request, response):
        from .api import METHOD_NOT_ALLOWED, SERVER_ERROR, error_document

        code, words = self.STATUS_WORDS.get(response.status_code, ("server_error", SERVER_ERROR)
                                            if response.status_code >= 500 else ("invalid", _("The request was refused.")))
        if response.status_code == 405:
            words = METHOD_NOT_ALLOWED % {"method": request.method}
        answer = JsonResponse(error_document(str(words), code), status=response.status_code,
                              json_dumps_params={"ensure_ascii": False})
        for header in ("Allow", "Retry-After", "WWW-Authenticate", "Content-Language", "Vary"):
            if header in response:
                answer[header] = response[header]
        return answer


class InputCheckMiddleware:
    """Refuse control characters in query parameters and page forms with a 400 in words, before any view runs.

    PostgreSQL refuses NUL in text, so a NUL in ``?abstimmung=`` was a 500 from the database. Query parameters are
    checked on every request; form fields of pages after the CSRF check has read them (listed after
    ``CsrfViewMiddleware``). Views exempt from that check, the API's, read their bodies with ``core.api``'s parsers,
    which refuse the same characters. The answer is JSON under ``/api/`` and a page elsewhere, in the request's
    language (listed after the language middleware).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        try:
            parameters_check(request.GET)
            if request.method == "POST" and not getattr(view_func, "csrf_exempt", False) and _is_form(request):
                try:
                    data = request.POST
                except Exception:  # noqa: BLE001 - an unreadable body is the view's (and Django's) to answer
                    return None
                fields_check(data)
        except InputRefused as error:
            if request.path.startswith("/api/"):
                from .api import api_refusal, input_error

                return api_refusal(request, input_error(error))
            return render(request, "400.html", {"message": str(error)}, status=400)
        return None


def _is_form(request) -> bool:
    return request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy, whose ``frame-ancestors`` says what the response's ``X-Frame-Options`` says.

    Two headers decide who may frame a page: browsers that know CSP follow ``frame-ancestors``, older ones
    ``X-Frame-Options``. Both are derived from one decision, X-Frame-Options (``DENY`` site-wide, ``SAMEORIGIN``
    where a view says ``xframe_options_sameorigin``, like the staff's folium map in its iframe), so they cannot
    disagree. Listed before ``XFrameOptionsMiddleware``, so that its header is set when this one reads it.
    """

    FRAME_ANCESTORS = {"DENY": [NONE], "SAMEORIGIN": [SELF]}
    # The policies built so far, by what they are built from (the nonce stands in as NONCE_MARK): django-csp builds
    # the header anew for every response, twice (the policy and the report-only one), which cost more than the
    # rest of the middleware together on a short API answer (benchmarks/README.md).
    NONCE_MARK = "\x00nonce\x00"
    _built: dict = {}

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        ancestors = self.FRAME_ANCESTORS.get(response.get("X-Frame-Options", "").upper())
        if ancestors is not None:
            parts.replace = {**(parts.replace or {}), "frame-ancestors": ancestors}
        return parts

    def policy(self, request, response, *, report_only: bool) -> str:
        """``csp.utils.build_policy`` of this response's parts, built once per distinct policy."""
        parts = self.get_policy_parts(request=request, response=response, report_only=report_only)
        key = (report_only, repr(parts.config), repr(parts.update), repr(parts.replace), parts.nonce is not None)
        policy = self._built.get(key)
        if policy is None:
            policy = build_policy(config=parts.config, update=parts.update, replace=parts.replace,
                                  nonce=self.NONCE_MARK if parts.nonce is not None else None, report_only=report_only)
            if len(self._built) >= 100:  # decorators' policies are few; anything else is kept bounded
                self._built.clear()
            self._built[key] = policy
        return policy.replace(self.NONCE_MARK, parts.nonce) if parts.nonce is not None else policy

    def process_response(self, request, response):
        """As django-csp's (4.0), with the policy from ``policy``."""
        if response.status_code in (500, 404) and settings.DEBUG:
            return response
        for header, report_only, exempt, setting in ((HEADER, False, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
                                                     (HEADER_REPORT_ONLY, True, "_csp_exempt_ro",
                                                      "CONTENT_SECURITY_POLICY_REPORT_ONLY")):
            policy = self.policy(request, response, report_only=report_only)
            if not policy or header in response or getattr(response, exempt, False) is not False:
                continue
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES", None) or ()
            if not request.path_info.startswith(tuple(prefixes)):
                response[header] = policy
        if getattr(request, "_csp_nonce", None) is None:  # a nonce asked for after the header was written is an error
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


@receiver(setting_changed)
def _forget_policies(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        ContentSecurityPolicyMiddleware._built.clear()
