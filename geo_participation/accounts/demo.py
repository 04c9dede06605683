from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from geo_participation.core.demo import DEMO_PASSWORD

from . import roles
from .models import User

# username, first name, last name, role (None: resident), superuser
DEMO_ACCOUNTS = [
    ("anna", "Anna", "Becker", None, False),
    ("ben", "Ben", "Schneider", None, False),
    ("moderation", "Mia", "Moderatorin", roles.MODERATOR, False),
    ("planung", "Paul", "Planer", roles.PLANNER, False),
    ("verwaltung", "Vera", "Verwaltung", roles.STAFF, False),
    ("admin", "Ada", "Admin", roles.STAFF, True),
]


@dataclass
class DemoAccounts:
    rows: list[tuple[str, str, str]]

    def __str__(self):
        return f"{len(self.rows)} Konten"


def demo_accounts_load() -> DemoAccounts:
    """One confirmed account per role (two residents, so one can support the other's marks)."""
    rows = []
    password_hash = None  # one hash for the shared demo password: hashing is slow on purpose
    for username, first, last, role, superuser in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org",
                      "email_confirmed_at": timezone.now(), "is_superuser": superuser, "is_staff": superuser},
        )
        if created:
            password_hash = password_hash or make_password(DEMO_PASSWORD)
            user.password = password_hash
            user.save(update_fields=["password"])
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        user.groups.add(roles.group(roles.RESIDENT))
        if role:
            roles.assign_role(user, role)
        rows.append((username, (role or roles.RESIDENT) + (" + Superuser" if superuser else ""), DEMO_PASSWORD))
    return DemoAccounts(rows)
