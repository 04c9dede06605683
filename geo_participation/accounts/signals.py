from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.db.models.signals import post_save
from django.dispatch import receiver

from .services import user_mark_confirmed


@receiver(email_confirmed)
def remember_confirmation(sender, request, email_address, **kwargs):
    """A resident clicked the confirmation link."""
    user_mark_confirmed(user=email_address.user)


@receiver(post_save, sender=EmailAddress)
def remember_verified_address(sender, instance, **kwargs):
    """Staff marked an address as verified in the admin: the account counts as confirmed as well."""
    if instance.verified and instance.user_id and instance.user.email_confirmed_at is None:
        user_mark_confirmed(user=instance.user)
