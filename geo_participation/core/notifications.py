"""E-mails to residents about what they wrote: the moderators' decision, with its reason.

Sent after the decision is committed, in the language of the author's profile (the account adapter renders them),
only to active accounts with an e-mail address. Transactional, like a confirmation mail: no opt-in needed.
"""

from django.conf import settings
from django.db import transaction
from django.utils.text import Truncator


def notify_author_of_decision(item) -> None:
    """Tell the author of ``item`` (a contribution, comment or opinion) that it was published, rejected or hidden."""
    author = getattr(item, "author", None)
    if author is None or not author.is_active or not author.email:
        return
    link = item.get_absolute_url() if hasattr(item, "get_absolute_url") else ""
    context = {
        "user": author,
        "status": item.status,
        "reason": item.moderation_reason,
        "kind": item._meta.verbose_name,
        "excerpt": Truncator(str(item)).chars(80),
        "url": f"{settings.SITE_URL.rstrip('/')}{link}" if link else "",
    }

    def send():
        from allauth.account.adapter import get_adapter

        get_adapter().send_mail("moderation/email/decision", author.email, context)

    transaction.on_commit(send)
