from django.conf import settings
from django.contrib import messages
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from .services import REFERRAL_SESSION_KEY


class LanguageMiddleware:
    """The person's language: their profile's, else the one they chose with the switch (cookie), else on a first
    visit what their browser asks for (``Accept-Language``), else German.

    Pages and API answers alike (the API's errors too), so an English browser gets English from the first page on;
    the switch and the profile still win. Responses say which language they are in and that it depends on these.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            language = user.language
        if language not in self.languages:
            language = self.from_browser(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    def from_browser(self, request) -> str:
        """The first of the browser's languages we speak (``de-AT`` counts as ``de``), or German."""
        header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
        for code, _quality in translation.trans_real.parse_accept_lang_header(header):
            if code == "*":
                break
            base = code.split("-")[0].lower()
            if base in self.languages:
                return base
        return settings.LANGUAGE_CODE


class ReferralMiddleware:
    """Remember ``?ref=<code>`` from an invitation link until the visitor signs up.

    Someone logged in has an account already: their own link, or a friend's, counts nothing; they are told so, and
    the code is not kept (it would otherwise fill in a sign-up from this browser later)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = request.GET.get("ref")
        if code and len(code) <= 16:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                if code == user.referral_code:
                    messages.info(request, _("This is your own invitation link. Share it with friends: it counts when "
                                             "someone new signs up through it, not for yourself."))
                else:
                    messages.info(request, _("You already have an account, so this invitation link counts nothing for "
                                             "you: invitations count when someone new signs up."))
            else:
                request.session[REFERRAL_SESSION_KEY] = code
        return self.get_response(request)
