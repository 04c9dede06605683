"""Pre-moderation, shared by every format whose residents write something others read.

A model that residents write (a contribution, a comment, an opinion) inherits ``Moderated``: it starts
``pending``, a moderator approves or rejects it (with a reason the author sees), and a published item
that residents report can be hidden. A format puts its models into the moderators' queue in its ``format.py``
(``Format.moderation``, see geo_participation/formats.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from geo_participation import formats


class ModerationStatus(models.TextChoices):
    PENDING = "pending", _("waiting for moderation")
    APPROVED = "approved", _("published")
    REJECTED = "rejected", _("rejected")
    HIDDEN = "hidden", _("hidden")


class Moderated(models.Model):
    status = models.CharField(_("moderation status"), max_length=16, choices=ModerationStatus.choices,
                              default=ModerationStatus.PENDING, db_index=True)
    moderation_reason = models.TextField(_("reason given by the moderators"), blank=True, max_length=1000)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("moderated by"))
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.status == ModerationStatus.APPROVED


@dataclass(frozen=True)
class QueueEntry:
    model: type[Moderated]
    label: str
    geometry_field: str | None = None  # shown on a small map in the queue


def queue_entries() -> list[QueueEntry]:
    """What waits for the moderators: the models the formats declare (Format.moderation), in the registry's order."""
    entries = []
    for fmt in formats.all_formats():
        for queue in fmt.moderation:
            model = apps.get_model(queue.model)
            if not issubclass(model, Moderated):
                raise ImproperlyConfigured(f"{queue.model} (format {fmt.key!r}) does not inherit core.moderation.Moderated.")
            entries.append(QueueEntry(model=model, label=queue.label, geometry_field=queue.geometry_field))
    return entries


def _decide(item: Moderated, *, moderator, status: str, reason: str = "", notify: bool = True) -> Moderated:
    changed = item.status != status
    item.status = status
    item.moderation_reason = reason
    item.moderated_by = moderator
    item.moderated_at = timezone.now()
    item.save(update_fields=["status", "moderation_reason", "moderated_by", "moderated_at"])
    if notify and changed:
        from .notifications import notify_author_of_decision

        notify_author_of_decision(item)
    return item


@transaction.atomic
def moderation_approve(*, item: Moderated, moderator, notify: bool = True) -> Moderated:
    """Publish an item: from now on everyone sees it, and its author is told by e-mail."""
    return _decide(item, moderator=moderator, status=ModerationStatus.APPROVED, notify=notify)


@transaction.atomic
def moderation_reject(*, item: Moderated, moderator, reason: str, notify: bool = True) -> Moderated:
    """Refuse an item; its author sees the reason (on the site and by e-mail), so there must be one."""
    if not reason.strip():
        raise ValidationError({"reason": _("Please tell the author why their contribution was rejected.")})
    return _decide(item, moderator=moderator, status=ModerationStatus.REJECTED, reason=reason.strip(), notify=notify)


@transaction.atomic
def moderation_hide(*, item: Moderated, moderator, reason: str, notify: bool = True) -> Moderated:
    """Take a published item off the site (after a report, say), with a reason its author sees."""
    if not reason.strip():
        raise ValidationError({"reason": _("Please give a reason for hiding this item.")})
    _resolve_reports(item)  # the reports that led here are answered
    return _decide(item, moderator=moderator, status=ModerationStatus.HIDDEN, reason=reason.strip(), notify=notify)


def queue_entry(label: str) -> QueueEntry | None:
    """The declared entry for a model label such as ``mapping.contribution``."""
    return next((entry for entry in queue_entries() if entry.model._meta.label_lower == label), None)


def queue_pending(entry: QueueEntry):
    """The entry's items that wait for a decision, oldest first (first come, first decided)."""
    return entry.model._default_manager.filter(status=ModerationStatus.PENDING).order_by("pk")


def queue_reported(entry: QueueEntry):
    """The entry's published items that residents reported and no moderator has looked at yet."""
    from django.contrib.contenttypes.models import ContentType

    from .models import Report

    reports = Report.objects.filter(content_type=ContentType.objects.get_for_model(entry.model), resolved_at__isnull=True)
    return entry.model._default_manager.filter(status=ModerationStatus.APPROVED,
                                               pk__in=reports.values("object_id")).order_by("pk")


def _resolve_reports(item: Moderated) -> int:
    from django.contrib.contenttypes.models import ContentType

    from .models import Report

    return Report.objects.filter(content_type=ContentType.objects.get_for_model(item), object_id=item.pk,
                                 resolved_at__isnull=True).update(resolved_at=timezone.now())


@transaction.atomic
def moderation_dismiss_reports(*, item: Moderated, moderator) -> int:
    """Keep a reported item published: the reports are marked as looked at."""
    return _resolve_reports(item)
