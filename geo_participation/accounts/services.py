from importlib import import_module

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from geo_participation import formats
from geo_participation.core.models import BarrierReport, Report

from .models import User

REFERRAL_SESSION_KEY = "referral_code"
USERNAME_TAKEN = _("This username is already taken. Please choose another one.")
EMAIL_TAKEN = _("Someone has already signed up with this e-mail address. Have you forgotten your password?")


def signup_conflict_error(error: IntegrityError) -> ValidationError:
    """Name the field when the database refused a sign-up that raced another one with the same name or address.

    The form checked both before saving; only a second sign-up in the same instant gets here.
    """
    constraint = getattr(getattr(error.__cause__, "diag", None), "constraint_name", "") or ""
    if "username" in constraint:
        return ValidationError({"username": USERNAME_TAKEN})
    if "email" in constraint:
        return ValidationError({"email": EMAIL_TAKEN})
    return ValidationError(_("Your sign-up could not be saved. Please try again."))


@transaction.atomic
def user_mark_confirmed(*, user: User) -> User:
    """The first confirmed e-mail address makes the account a confirmed resident (taking part, the raffle pot)."""
    if user.email_confirmed_at is None:
        user.email_confirmed_at = timezone.now()
        user.save(update_fields=["email_confirmed_at"])
    return user


@transaction.atomic
def user_profile_update(*, user: User, first_name: str, last_name: str, language: str, newsletter: bool) -> User:
    """Change what a person may change about themselves; the username and e-mail address have their own ways."""
    user.first_name, user.last_name, user.language, user.newsletter = first_name.strip(), last_name.strip(), language, newsletter
    user.full_clean(exclude=["password", "username", "email"])
    user.save(update_fields=["first_name", "last_name", "language", "newsletter"])
    return user


def personal_data_export(*, user: User) -> dict:
    """Everything stored about a person, for "download my data" (GDPR art. 15 and 20)."""
    from allauth.account.models import EmailAddress

    data = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "language": user.language,
            "newsletter": user.newsletter,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_confirmed_at": user.email_confirmed_at.isoformat() if user.email_confirmed_at else None,
            "referral_code": user.referral_code,
            "referred_by": user.referred_by.username if user.referred_by else None,
            "referred_friends": user.referrals.count(),
            "referred_friends_confirmed": user.referrals.filter(email_confirmed_at__isnull=False).count(),
            "roles": sorted(user.groups.values_list("name", flat=True)),
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
        ],
        "barrier_reports": [
            {"received": r.created_at.isoformat(), "page": r.page_url, "description": r.description,
             "contact_email": r.contact_email, "handled": r.handled}
            for r in BarrierReport.objects.filter(reporter=user).order_by("created_at")
        ],
        "reports": [
            {"received": r.created_at.isoformat(), "item": f"{r.content_type.app_label}.{r.content_type.model}:{r.object_id}",
             "reason": r.reason, "resolved_at": r.resolved_at.isoformat() if r.resolved_at else None}
            for r in Report.objects.filter(reporter=user).select_related("content_type").order_by("created_at")
        ],
        # A planner's personal API tokens (maps.planning): what they are called and when used, never their digest.
        "api_tokens": [
            {"name": t.name, "beginning": t.prefix, "created": t.created_at.isoformat(),
             "last_used": t.last_used_at.isoformat() if t.last_used_at else None,
             "revoked": t.revoked_at.isoformat() if t.revoked_at else None}
            for t in user.api_tokens.order_by("created_at")
        ],
    }
    for fmt, collect in formats.each("personal_data"):
        data[fmt.key] = collect(user=user)
    return data


def _end_sessions(user: User) -> None:
    # Sessions are keyed by a random key, not by user: look into the live ones. Deletion is rare, so a scan is fine.
    engine = import_module(settings.SESSION_ENGINE)
    store_class = engine.SessionStore
    model = store_class.get_model_class() if hasattr(store_class, "get_model_class") else None
    if model is None:
        return  # cookie or cache sessions: they die with the account, as the user id no longer resolves
    for session in model.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            store_class(session_key=session.session_key).delete()


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Erase a person's personal data. Contributions stay, anonymised: every link to the account is SET_NULL.

    The account row goes with its e-mail addresses (allauth's rows cascade), open sessions end, and an e-mail
    address the person left on a barrier report for an answer is removed too.
    """
    from allauth.account.models import EmailAddress

    addresses = {user.email.lower(), *(a.lower() for a in EmailAddress.objects.filter(user=user).values_list("email", flat=True))}
    addresses.discard("")
    BarrierReport.objects.filter(reporter=user).update(contact_email="")
    for address in addresses:
        BarrierReport.objects.filter(contact_email__iexact=address).update(contact_email="")
    _end_sessions(user)
    user.delete()
