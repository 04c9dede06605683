from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import gettext_lazy as _

from . import roles


class AccountAdapter(DefaultAccountAdapter):
    # allauth's German texts use "Sie"; the city's site speaks to residents with "du".
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_taken": _("This username is already taken. Please choose another one."),
        "email_taken": _("Someone has already signed up with this e-mail address. Have you forgotten your password?"),
    }

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.referred_by = form.cleaned_data.get("referrer")
        user.newsletter = form.cleaned_data.get("newsletter", False)
        if request is not None and getattr(request, "LANGUAGE_CODE", None):
            user.language = request.LANGUAGE_CODE
        if commit:
            user.save()
            user.groups.add(roles.group(roles.RESIDENT))
        return user
