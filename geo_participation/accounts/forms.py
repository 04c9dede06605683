"""The account forms residents meet. allauth's own labels are formal ("Sie") and use placeholders; ours speak
to residents with "du" and use labels (WCAG 3.3.2), with the autocomplete attributes browsers need (WCAG 1.3.5)."""

from allauth.account import forms as allauth_forms
from allauth.account.internal.userkit import filter_users_by_email
from django import forms
from django.urls import reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from .models import User
from .selectors import referrer_for_code

# allauth's German for this says "das selbe" (it is "dasselbe") and "musst": naming the message here puts it into
# our catalogue, which Django reads before allauth's.
gettext_noop("You must type the same password each time.")

PASSWORD_HELP = _("At least 10 characters. Not a common password, not only digits and not similar to your username "
                  "or name. A short sentence is easy to remember.")


def _labels(form, labels: dict, autocomplete: dict | None = None) -> None:
    """Our labels instead of allauth's, and no placeholders: a placeholder is no label and vanishes on typing."""
    form.label_suffix = ""
    for name, field in form.fields.items():
        field.widget.attrs.pop("placeholder", None)
        if name in labels:
            field.label = labels[name]
        if autocomplete and name in autocomplete:
            field.widget.attrs["autocomplete"] = autocomplete[name]


CHECKBOX_TEMPLATE = "accounts/forms/checkbox_field.html"


class CheckboxField(forms.BooleanField):
    """A checkbox with its label after it, as people expect to read it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("template_name", CHECKBOX_TEMPLATE)
        super().__init__(*args, **kwargs)


class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _labels(self, {"login": _("Username or e-mail address"), "password": _("Password"),
                       "remember": _("Stay logged in on this device")},
                {"login": "username", "password": "current-password"})
        self.fields["password"].help_text = format_html('<a href="{}">{}</a>', reverse_lazy("account_reset_password"),
                                                        _("Forgotten your password?"))
        if "remember" in self.fields:
            self.fields["remember"].template_name = CHECKBOX_TEMPLATE


class SignupForm(allauth_forms.SignupForm):
    """Sign-up: public username, private name and e-mail address, password; optionally who invited you."""

    first_name = forms.CharField(label=_("First name"), max_length=150,
                                 widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    last_name = forms.CharField(label=_("Last name"), max_length=150,
                                widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    referral_code = forms.CharField(
        label=_("Invitation code (optional)"), max_length=16, required=False,
        help_text=_("The code from a friend's invitation link. If you came through the link, it is already filled in."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    newsletter = CheckboxField(label=_("Yes, send me the newsletter about new projects (you can unsubscribe at any time)."),
                               required=False)
    privacy = CheckboxField(label=_("I have read the privacy notice."), required=True,
                            error_messages={"required": _("Please confirm that you have read the privacy notice.")})

    field_order = ["username", "first_name", "last_name", "email", "password1", "password2", "referral_code",
                   "newsletter", "privacy"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.referrer = None
        self.referral_note = None
        _labels(self, {"username": _("Username"), "email": _("E-mail address"), "password1": _("Password"),
                       "password2": _("Repeat the password")},
                {"username": "username", "email": "email", "password1": "new-password", "password2": "new-password"})
        self.fields["username"].help_text = _(
            "Shown publicly with your contributions. Letters, digits and . _ + - only. "
            "Nobody but you sees your name and e-mail address.")
        self.fields["email"].help_text = _("We send you a confirmation link. It is never shown publicly.")
        self.fields["password1"].help_text = PASSWORD_HELP
        self.fields["privacy"].help_text = format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>', reverse_lazy("page", args=["datenschutz"]),
            _("Read the privacy notice (opens in a new tab)"))

    def clean_referral_code(self):
        """An unknown code (mistyped, or of an account that is gone) does not stop the sign-up: the account is made
        without it, and the view says so (``referral_note``)."""
        code = self.cleaned_data["referral_code"].strip()
        self.referral_note = None
        if code:
            self.referrer = referrer_for_code(code)
            if self.referrer is None:
                self.referral_note = _("We do not know the invitation code “%(code)s”, so your sign-up counts as "
                                       "nobody's invitation. You are signed up all the same.") % {"code": code}
        return code


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    """Never says whether an address is registered: whoever owns it gets a mail either way."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _labels(self, {"email": _("E-mail address")}, {"email": "email"})

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        self.users = filter_users_by_email(email, is_active=True, prefer_verified=True, for_login=True)
        return email


class ResetPasswordKeyForm(allauth_forms.ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _labels(self, {"password1": _("New password"), "password2": _("Repeat the new password")})
        self.fields["password1"].help_text = PASSWORD_HELP


class ChangePasswordForm(allauth_forms.ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _labels(self, {"oldpassword": _("Current password"), "password1": _("New password"),
                       "password2": _("Repeat the new password")})
        self.fields["oldpassword"].help_text = ""
        self.fields["password1"].help_text = PASSWORD_HELP


class SetPasswordForm(allauth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _labels(self, {"password1": _("Password"), "password2": _("Repeat the password")})
        self.fields["password1"].help_text = PASSWORD_HELP


class AddEmailForm(allauth_forms.AddEmailForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _labels(self, {"email": _("New e-mail address")}, {"email": "email"})


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "language", "newsletter"]
        labels = {"first_name": _("First name"), "last_name": _("Last name"), "language": _("Language of the site and of our e-mails"),
                  "newsletter": _("Send me the newsletter about new projects.")}
        widgets = {"first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
                   "last_name": forms.TextInput(attrs={"autocomplete": "family-name"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        # Sign-up asks for both names; the profile keeps them filled in.
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.fields["newsletter"].template_name = CHECKBOX_TEMPLATE


class AccountDeleteForm(forms.Form):
    password = forms.CharField(label=_("Your password, to confirm"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."), code="wrong_password")
        return password
