import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


def new_referral_code() -> str:
    return secrets.token_urlsafe(8)[:10]


class User(AbstractUser):
    """A resident or staff member. Only ``username`` is ever shown publicly; the e-mail address never is."""

    email = models.EmailField(_("E-mail address"))
    language = models.CharField(_("Language"), max_length=8, choices=settings.LANGUAGES, default="de")
    newsletter = models.BooleanField(_("Subscribe to the newsletter"), default=False)
    referral_code = models.CharField(_("Invitation code"), max_length=16, unique=True, default=new_referral_code,
                                     editable=False)
    referred_by = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="referrals", verbose_name=_("invited by"))
    email_confirmed_at = models.DateTimeField(_("E-mail address confirmed on"), null=True, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("User")
        verbose_name_plural = _("Users")
        constraints = [
            models.UniqueConstraint(Lower("username"), name="accounts_user_username_ci_unique",
                                    violation_error_message=_("This username is already taken.")),
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique",
                                    violation_error_message=_("This e-mail address is already registered.")),
        ]

    def __str__(self):
        return self.username

    @property
    def is_confirmed(self) -> bool:
        return self.email_confirmed_at is not None
