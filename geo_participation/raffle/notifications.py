"""E-mails to winners: the prize drawn for them, or the prize a reserve moved up for.

Sent after the draw (or the move-up) is committed, in the language of the winner's profile (the account adapter
renders them), like ``core.notifications``; each mail sent, or failed, is a step in the raffle's log.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from .audit import audit
from .models import AuditEntry, Winner

logger = logging.getLogger(__name__)


def notify_winner(winner: Winner) -> None:
    """Tell a winner (or a reserve who moved up) by e-mail, once the transaction is committed."""
    transaction.on_commit(lambda: _send(winner.pk))


def _send(winner_pk: int) -> None:
    from allauth.account.adapter import get_adapter

    winner = Winner.objects.select_related("participant__user", "prize", "raffle__module").get(pk=winner_pk)
    user, raffle = winner.participant.user, winner.raffle
    data = {"draw": winner.draw, "pseudonym": winner.participant.pseudonym, "prize": winner.prize.name}
    if user is None or not user.is_active or not user.email:
        audit(raffle, AuditEntry.Action.NOTIFY_FAILED, error="no active account with an e-mail address", **data)
        return
    with translation.override(user.language or settings.LANGUAGE_CODE):  # the texts staff gave in English, too
        context = {
            "user": user,
            "raffle_title": raffle.module.i18n.title,
            "prize": winner.prize.i18n.name,
            "moved_up": winner.moved_up_at is not None,
            "url": f"{settings.SITE_URL.rstrip('/')}{raffle.module.get_absolute_url()}",
        }
    try:
        get_adapter().send_mail("raffle/email/winner", user.email, context)
    except Exception as error:  # noqa: BLE001 - the mail server's trouble must not hide the step
        logger.exception("raffle %s: the e-mail to draw %s failed", raffle.module.slug, winner.draw)
        audit(raffle, AuditEntry.Action.NOTIFY_FAILED, error=str(error)[:200], **data)
        return
    Winner.objects.filter(pk=winner.pk).update(notified_at=timezone.now())
    audit(raffle, AuditEntry.Action.NOTIFIED, **data)
