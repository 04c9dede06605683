import json

from allauth.account import views as allauth_views
from allauth.account.internal.flows.email_verification import (
    get_address_for_login,
    send_verification_email_to_address,
)
from allauth.account.internal.flows.signup import complete_signup
from allauth.account.internal.stagekit import unstash_login
from allauth.core.exceptions import ImmediateHttpResponse
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from geo_participation import formats

from .forms import AccountDeleteForm, ProfileForm
from .selectors import referral_count
from .services import REFERRAL_SESSION_KEY, personal_data_export, signup_conflict_error, user_delete, user_profile_update


class BadInputIs400:
    """A form sent back with errors answers 400, as the API does: nothing was saved, and the page says why."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class SignupView(BadInputIs400, allauth_views.SignupView):
    def get_initial(self):
        # An invitation link (?ref=<code> on any page) was remembered in the session by ReferralMiddleware.
        return {**super().get_initial(), "referral_code": self.request.session.get(REFERRAL_SESSION_KEY, "")}

    def form_valid(self, form):
        # The form checked the username and address; a sign-up racing this one with the same name or address
        # (in any case) is stopped by the unique constraints, and its loser sees a form error, not a 500.
        try:
            with transaction.atomic():
                self.user, response = form.try_save(self.request)
        except IntegrityError as error:
            conflict = signup_conflict_error(error)
            form.add_error(None, conflict)  # a dict of field errors lands on its fields
            return self.form_invalid(form)
        if response:
            return response
        self.tell_about_the_invitation(form)
        try:
            return complete_signup(self.request, user=self.user, redirect_url=self.get_success_url(),
                                   by_passkey=form.by_passkey)
        except ImmediateHttpResponse as e:
            return e.response

    def tell_about_the_invitation(self, form):
        """What the invitation code means now: unknown (ignored), or what each format makes of it (a raffle: a ticket
        for the friend once the address is confirmed, or none after the cut-off)."""
        self.request.session.pop(REFERRAL_SESSION_KEY, None)
        if form.referral_note:
            messages.warning(self.request, form.referral_note)
        if form.referrer is not None:
            for _fmt, notes in formats.each("referral_notes"):
                for level, message in notes(friend=self.user, referrer=form.referrer):
                    messages.add_message(self.request, level, message)


class ThrottledIs429:
    """A password form refused because of failed logins (accounts.throttles) answers 429 with Retry-After; the form
    says why and for how long."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        retry_after = getattr(self.request, "login_retry_after", None)
        if retry_after:
            response.status_code = 429
            response["Retry-After"] = str(retry_after)
        return response


class LoginView(ThrottledIs429, BadInputIs400, allauth_views.LoginView):
    pass


class ReauthenticateView(ThrottledIs429, BadInputIs400, allauth_views.ReauthenticateView):
    pass


class EmailVerificationSentView(allauth_views.EmailVerificationSentView):
    """After sign-up, and after logging in before confirming: says what to do, and sends the link again on request."""

    def _pending_address(self):
        # allauth keeps the unfinished login in the session until the address is confirmed.
        login = unstash_login(self.request, peek=True)
        if login is None or login.user is None:
            return None, None
        return login, get_address_for_login(login)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        login, address = self._pending_address()
        context.update(pending_email=address.email if address else None, after_signup=bool(login and login.signup))
        return context

    def post(self, request, *args, **kwargs):
        login, address = self._pending_address()
        if address is None or address.verified:
            messages.info(request, _("Please log in again; if your address still needs confirming, we send you a new link."))
            return redirect("account_login")
        if send_verification_email_to_address(request, address):
            messages.success(request, _("We have sent you a new confirmation link."))
        else:
            messages.warning(request, _("We have only just sent you a link. Please wait a few minutes before asking for another one."))
        return redirect("account_email_verification_sent")


class EmailView(BadInputIs400, allauth_views.EmailView):
    pass


class PasswordChangeView(BadInputIs400, allauth_views.PasswordChangeView):
    pass


class PasswordSetView(BadInputIs400, allauth_views.PasswordSetView):
    pass


class PasswordResetView(BadInputIs400, allauth_views.PasswordResetView):
    pass


class PasswordResetFromKeyView(BadInputIs400, allauth_views.PasswordResetFromKeyView):
    pass


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = user_profile_update(user=request.user, **form.cleaned_data)
        translation.activate(user.language)  # the chosen language applies at once, this message included
        messages.success(request, _("Your profile has been saved."))
        response = redirect("profile")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                            secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False), max_age=365 * 24 * 3600)
        return response
    if request.method == "POST":
        request.user.refresh_from_db()  # the page shows what is stored, not what the invalid form held
    referral_link = request.build_absolute_uri(reverse("account_signup") + f"?ref={request.user.referral_code}")
    return render(request, "accounts/profile.html", {
        "form": form,
        "referral_link": referral_link,
        "referral_count": referral_count(user=request.user),
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def data_download(request):
    data = personal_data_export(user=request.user)
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8")
    filename = f"meine-daten-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def account_delete(request):
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        language = user.language
        logout(request)
        user_delete(user=user)
        with translation.override(language):
            messages.success(request, _("Your account has been deleted. Your contributions remain, without your name."))
        return redirect("home")
    return render(request, "accounts/account_delete.html", {"form": form}, status=400 if form.errors else 200)
