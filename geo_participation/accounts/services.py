from django.db import transaction
from django.utils import timezone

from geo_participation import formats

REFERRAL_SESSION_KEY = "referral_code"


def personal_data_export(*, user) -> dict:
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
            "roles": sorted(user.groups.values_list("name", flat=True)),
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user)
        ],
    }
    for fmt, collect in formats.each("personal_data"):
        data[fmt.key] = collect(user=user)
    return data


@transaction.atomic
def user_delete(*, user) -> None:
    """Erase a person's personal data. Contributions stay, anonymised: every link to the account is SET_NULL."""
    user.delete()
