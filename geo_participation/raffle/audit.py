"""The raffle's log: every step as a row the staff read (``AuditEntry``) and as a line in the application log."""

import json
import logging
from datetime import datetime

from django.utils import timezone

from .models import AuditEntry, Raffle

logger = logging.getLogger("geo_participation.raffle")


def audit(raffle: Raffle, action: str, *, actor=None, at: datetime | None = None, **data) -> AuditEntry:
    """Write a step into the raffle's log and into the application log. Never pass the seed before the draw."""
    entry = AuditEntry.objects.create(raffle=raffle, action=action, actor=actor, at=at or timezone.now(), data=data)
    logger.info("raffle %s: %s by %s %s", raffle.module.slug, action, getattr(actor, "username", "-"),
                json.dumps(data, ensure_ascii=False, sort_keys=True))
    return entry
