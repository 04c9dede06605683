"""Raffles and the people in their pot, for tests."""

from datetime import timedelta

from django.utils import timezone

from geo_participation.accounts.models import User
from geo_participation.raffle.models import Prize, Raffle
from geo_participation.raffle.services import raffle_settings_save

from . import make_module, make_user

PRIZES = (("Betze-Rückrunden-Dauerkarte", 1), ("Tablet", 1), ("Bluetooth-Lautsprecher", 2))


def make_raffle(*, cutoff=None, prizes=PRIZES, reserves: int = 2, cap: int = 5, rules: str = "Teilnahme ab 16.",
                **module_fields) -> Raffle:
    """A raffle collecting tickets (cut-off in 30 days) unless ``cutoff`` says otherwise."""
    now = timezone.now()
    cutoff = cutoff or now + timedelta(days=30)
    start = min(cutoff, now) - timedelta(days=30)
    module = make_module(format_key="raffle", start=start, end=cutoff, **module_fields)
    raffle = raffle_settings_save(raffle=Raffle(module=module, cutoff=cutoff, referral_cap=cap, reserve_count=reserves,
                                                rules=rules))
    Prize.objects.bulk_create([Prize(raffle=raffle, name=name, quantity=quantity, order=n)
                               for n, (name, quantity) in enumerate(prizes, start=1)])
    return raffle


def person(*, confirmed_at="now", referred_by=None, **fields) -> User:
    """A resident confirmed at ``confirmed_at`` (None: never), invited by ``referred_by``."""
    user = make_user(confirmed=confirmed_at is not None, referred_by=referred_by, **fields)
    if confirmed_at not in (None, "now"):
        User.objects.filter(pk=user.pk).update(email_confirmed_at=confirmed_at)
        user.email_confirmed_at = confirmed_at
    return user
