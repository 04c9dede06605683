from .models import User


def referral_count(*, user: User) -> int:
    """Friends who signed up through a person's invitation link and confirmed their e-mail address."""
    return user.referrals.filter(email_confirmed_at__isnull=False, is_active=True).count()


def referrer_for_code(code: str) -> User | None:
    """The active account whose invitation link carries ``code``."""
    return User.objects.filter(referral_code=code, is_active=True).first()
