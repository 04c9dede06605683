import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import AccountDeleteForm, ProfileForm
from .services import personal_data_export, user_delete


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        response = redirect("profile")
        response.set_cookie("language", request.user.language, samesite="Lax")
        return response
    referral_link = request.build_absolute_uri(reverse("account_signup") + f"?ref={request.user.referral_code}")
    return render(request, "accounts/profile.html", {
        "form": form,
        "referral_link": referral_link,
        "referral_count": request.user.referrals.filter(email_confirmed_at__isnull=False).count(),
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def data_download(request):
    data = personal_data_export(user=request.user)
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8")
    filename = f"meine-daten-{request.user.username}-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def account_delete(request):
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        user_delete(user=user)
        messages.success(request, _("Your account has been deleted. Your contributions remain, without your name."))
        return redirect("home")
    return render(request, "accounts/account_delete.html", {"form": form}, status=400 if form.errors else 200)
