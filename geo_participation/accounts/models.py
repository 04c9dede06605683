import secrets

from django.conf import settings
from django.contrib.auth import models as auth_models
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from geo_participation.core.prepared import PreparedLookup


def new_referral_code() -> str:
    return secrets.token_urlsafe(8)[:10]


class UserManager(auth_models.UserManager):
    def get(self, *args, **kwargs):
        """``User.objects.get(pk=<int>)`` from prepared SQL, the ORM for every other look-up.

        Django's session authentication asks exactly this on every request of a logged-in person
        (``ModelBackend.get_user``); the ORM compiled the SELECT anew each time, which cost more CPU than PostgreSQL
        took to answer. Related managers (``user.referrals``, ``group.user_set``) subclass this manager and add their
        own filters: they always take the ORM's way.
        """
        pk = kwargs.get("pk")
        # ``self.model is User``: a migration's historical User gets this manager too, but its table may not have
        # today's columns yet, so it must take the ORM's way.
        if (type(self) is UserManager and self.model is User and not args and len(kwargs) == 1 and type(pk) is int
                and self._db is None):
            user = _USER_BY_ID.get(pk)
            if user is None:
                raise self.model.DoesNotExist(f"{self.model._meta.object_name} matching query does not exist.")
            return user
        return super().get(*args, **kwargs)


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


_USER_BY_ID = PreparedLookup(User, where="{self}.id = %s")


class LoginThrottle(models.Model):
    """Failed logins counted for one account from one address, or for one address across all accounts.

    Neither the address nor what was typed as the login is stored: ``key`` is a keyed hash of both
    (``accounts.throttles``), ``address`` a short fingerprint of the hashed address that lets staff tell two
    addresses apart. Rows are forgotten a day after their last failure.
    """

    class Scope(models.TextChoices):
        ACCOUNT = "account", _("one account from one address")
        ADDRESS = "address", _("one address, all accounts")

    key = models.CharField(max_length=64, unique=True, editable=False)
    scope = models.CharField(_("what is counted"), max_length=8, choices=Scope.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="+", verbose_name=_("account"))
    address = models.CharField(_("address (fingerprint)"), max_length=12)
    failures = models.PositiveIntegerField(_("failed logins"), default=0)
    first_failure_at = models.DateTimeField(_("first failure"))
    last_failure_at = models.DateTimeField(_("last failure"), db_index=True)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)

    class Meta:
        verbose_name = _("Login throttle")
        verbose_name_plural = _("Login throttles")
        ordering = ["-last_failure_at"]

    def __str__(self):
        return f"{self.get_scope_display()}: {self.user or '–'} / {self.address}"
