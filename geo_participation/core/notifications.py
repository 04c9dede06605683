"""E-mails to residents about what they wrote or reported: the moderators' decision, with its reason; an item hidden
after reports (to its author); what became of a report (to the residents who sent it).

Sent after the decision is committed, in the language of the author's profile (the account adapter renders them),
only to active accounts with an e-mail address. Transactional, like a confirmation mail: no opt-in needed.
"""

from django.conf import settings
from django.db import transaction
from django.utils.text import Truncator


def _reachable(person) -> bool:
    return person is not None and person.is_active and bool(person.email)


def _about(item) -> dict:
    """What a mail says about the item, fixed when it is decided (the mail goes out after the commit)."""
    link = item.get_absolute_url() if hasattr(item, "get_absolute_url") else ""
    return {
        "status": item.status,
        "awaits_review": getattr(item, "awaits_review", False),
        "reason": item.moderation_reason,
        "kind": item._meta.verbose_name,
        "excerpt": Truncator(str(item)).chars(80),
        "url": f"{settings.SITE_URL.rstrip('/')}{link}" if link else "",
    }


def _send_after_commit(template: str, person, context: dict) -> None:
    def send():
        from allauth.account.adapter import get_adapter

        # In the person's language: the adapter renders with the profile's language (user in the context).
        get_adapter().send_mail(template, person.email, {**context, "user": person})

    transaction.on_commit(send)


def notify_author_of_decision(item) -> None:
    """Tell the author of ``item`` (a contribution, comment or opinion) that it was published, rejected or hidden."""
    author = getattr(item, "author", None)
    if _reachable(author):
        _send_after_commit("moderation/email/decision", author, _about(item))


def notify_author_of_reports(item, *, count: int) -> None:
    """Tell the author that ``count`` residents reported ``item`` and it is hidden until a moderator decides."""
    author = getattr(item, "author", None)
    if _reachable(author):
        _send_after_commit("moderation/email/reported", author, {**_about(item), "count": count})


def notify_reporters(item, reporters) -> None:
    """Tell the residents who reported ``item`` what became of it: hidden until a moderator decides, taken off the
    site, or kept."""
    about = _about(item)
    for reporter in {person.pk: person for person in reporters}.values():
        if _reachable(reporter) and reporter != getattr(item, "author", None):
            _send_after_commit("moderation/email/report_outcome", reporter, about)
