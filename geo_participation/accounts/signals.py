from allauth.account.signals import email_confirmed
from django.dispatch import receiver
from django.utils import timezone


@receiver(email_confirmed)
def remember_confirmation(sender, request, email_address, **kwargs):
    """The first confirmed address makes the account a confirmed resident (taking part, raffle pot)."""
    user = email_address.user
    if user.email_confirmed_at is None:
        user.email_confirmed_at = timezone.now()
        user.save(update_fields=["email_confirmed_at"])
