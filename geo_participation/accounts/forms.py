from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.urls import reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import User
from .services import REFERRAL_SESSION_KEY


class SignupForm(AllauthSignupForm):
    """Sign-up: public username, private name and e-mail, password; optionally who invited you."""

    first_name = forms.CharField(label=_("First name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    last_name = forms.CharField(label=_("Last name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    referral_code = forms.CharField(
        label=_("Invitation code"), max_length=16, required=False,
        help_text=_("Optional: the code from a friend's invitation link."),
    )
    newsletter = forms.BooleanField(label=_("Subscribe to the newsletter"), required=False)
    privacy = forms.BooleanField(label=_("I have read the privacy notice."), required=True)

    field_order = ["username", "first_name", "last_name", "email", "password1", "password2", "referral_code",
                   "newsletter", "privacy"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].help_text = _("Shown publicly with your contributions. Nobody but you sees your name and e-mail address.")
        self.fields["email"].help_text = _("We send you a confirmation link. It is never shown.")
        self.fields["privacy"].help_text = format_html('<a href="{}">{}</a>', reverse_lazy("page", args=["datenschutz"]),
                                                       _("Read the privacy notice"))
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)  # labels, not placeholders (WCAG 3.3.2)
        request = getattr(self, "request", None)
        if request is not None and not self.is_bound:
            self.initial.setdefault("referral_code", request.session.get(REFERRAL_SESSION_KEY, ""))

    def clean_referral_code(self):
        code = self.cleaned_data["referral_code"].strip()
        self.cleaned_data["referrer"] = None
        if code:
            referrer = User.objects.filter(referral_code=code, is_active=True).first()
            if referrer is None:
                raise forms.ValidationError(_("We do not know this invitation code. Check it or leave the field empty."))
            self.cleaned_data["referrer"] = referrer
        return code

    def clean(self):
        referrer = self.cleaned_data.get("referrer")
        cleaned = super().clean()
        cleaned["referrer"] = referrer
        return cleaned


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "language", "newsletter"]


class AccountDeleteForm(forms.Form):
    password = forms.CharField(label=_("Your password, to confirm"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password
