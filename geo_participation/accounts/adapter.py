from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from . import roles, throttles
from .services import EMAIL_TAKEN, USERNAME_TAKEN


class AccountAdapter(DefaultAccountAdapter):
    # allauth's German texts use "Sie"; the city's site speaks to residents with "du".
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": _("This account has been deactivated. Write to us if you think this is a mistake."),
        "cannot_remove_primary_email": _("You cannot remove your main e-mail address. Make another address the main one first."),
        "duplicate_email": _("This e-mail address already belongs to your account."),
        "email_password_mismatch": _("The e-mail address or the password is not correct."),
        "username_password_mismatch": _("The username or the password is not correct."),
        "email_taken": EMAIL_TAKEN,
        "username_taken": USERNAME_TAKEN,
        "username_blacklisted": _("This username is reserved. Please choose another one."),
        "enter_current_password": _("Please enter your current password."),
        "incorrect_password": _("The password is not correct."),
        "invalid_login": _("Logging in did not work. Please try again."),
        "invalid_password_reset": _("This link to reset your password is not valid (any more)."),
        "max_email_addresses": _("You cannot add more than %d e-mail addresses."),
        "too_many_login_attempts": _("Too many failed attempts. Please wait a few minutes and try again."),
        "unverified_primary_email": _("Please confirm your main e-mail address first."),
        "same_as_current": _("The new value must be different from the current one."),
        "rate_limited": _("Too many requests in a short time. Please wait a moment and try again."),
    }

    # Failed logins: accounts.throttles instead of allauth's per-account lock-out (see there).
    def pre_authenticate(self, request, **credentials):
        wait, scope = throttles.login_wait(request, _login_of(credentials))
        if wait:
            request.login_retry_after = wait  # LoginView answers 429 with Retry-After
            raise forms.ValidationError(throttles.wait_message(wait, scope), code="too_many_login_attempts")

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None:
            throttles.login_success_record(request, _login_of(credentials))
        return user

    def authentication_failed(self, request, **credentials):
        throttles.login_failure_record(request, _login_of(credentials))

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.referred_by = getattr(form, "referrer", None)
        user.newsletter = form.cleaned_data.get("newsletter", False)
        if request is not None and getattr(request, "LANGUAGE_CODE", None):
            user.language = request.LANGUAGE_CODE
        if commit:
            user.save()
            user.groups.add(roles.group(roles.RESIDENT))
        return user

    def send_notification_mail(self, template_prefix, user, context=None, email=None):
        # allauth leaves the person out of a notice's context; our mails greet them and use their language.
        super().send_notification_mail(template_prefix, user, {"user": user, **(context or {})}, email)

    def send_mail(self, template_prefix, email, context):
        # A mail to a person is written in the language of their profile, whatever page they are on.
        user = context.get("user")
        language = getattr(user, "language", None) or translation.get_language() or settings.LANGUAGE_CODE
        context = {"SITE_NAME": settings.SITE_NAME, "CITY_NAME": settings.CITY_NAME,
                   "CONTACT_EMAIL": settings.CONTACT_EMAIL, **context}
        with translation.override(language):
            if self.request is None:
                # Outside a request (a moderator's decision sent after the commit): allauth would look up the site
                # from the request; our mails name the site from the settings, so render and send directly.
                self.render_mail(template_prefix, email, {"email": email, **context}).send()
            else:
                super().send_mail(template_prefix, email, context)


def _login_of(credentials: dict) -> str:
    return credentials.get("username") or credentials.get("email") or ""
