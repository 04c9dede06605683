"""Pre-moderation, shared by every format whose residents write something others read.

A model that residents write (a contribution, a comment, an opinion) inherits ``Moderated``: it starts
``pending``, a moderator approves or rejects it (with a reason the author sees), and a published item
that residents report can be hidden. Once ``REPORTS_TO_HIDE`` different residents have reported a published item,
it is hidden at once until a moderator decides (``moderation_hide_after_reports``); its author and the reporters are
told, and again when the moderator has decided. A format puts its models into the moderators' queue in its
``format.py`` (``Format.moderation``, see geo_participation/formats.py).
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

    @property
    def awaits_review(self) -> bool:
        """Hidden because enough residents reported it, and no moderator has decided yet (a moderator's hiding
        always has a reason and a moderator)."""
        return self.status == ModerationStatus.HIDDEN and not self.moderated_by_id and not self.moderation_reason


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
    # An item hidden after reports was taken off the site "until a moderator decides": its author hears the
    # decision even when the state stays hidden, and so do the residents who reported it.
    changed = item.status != status or item.awaits_review
    item.status = status
    item.moderation_reason = reason
    item.moderated_by = moderator
    item.moderated_at = timezone.now()
    item.save(update_fields=["status", "moderation_reason", "moderated_by", "moderated_at"])
    reporters = _resolve_reports(item)  # a decision answers the reports that are open
    if notify:
        from .notifications import notify_author_of_decision, notify_reporters

        if changed:
            notify_author_of_decision(item)
        notify_reporters(item, reporters)
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
    return _decide(item, moderator=moderator, status=ModerationStatus.HIDDEN, reason=reason.strip(), notify=notify)


def queue_entry(label: str) -> QueueEntry | None:
    """The declared entry for a model label such as ``mapping.contribution``."""
    return next((entry for entry in queue_entries() if entry.model._meta.label_lower == label), None)


def queue_pending(entry: QueueEntry):
    """The entry's items that wait for a decision, oldest first (first come, first decided)."""
    return entry.model._default_manager.filter(status=ModerationStatus.PENDING).order_by("pk")


def queue_reported(entry: QueueEntry):
    """The entry's items with reports no moderator has looked at yet: published ones, and those hidden after
    reports until a moderator decides (hidden by a moderator, an item has no open reports)."""
    from django.contrib.contenttypes.models import ContentType

    from .models import Report

    reports = Report.objects.filter(content_type=ContentType.objects.get_for_model(entry.model), resolved_at__isnull=True)
    return entry.model._default_manager.filter(status__in=[ModerationStatus.APPROVED, ModerationStatus.HIDDEN],
                                               pk__in=reports.values("object_id")).order_by("pk")


def open_reports(item):
    """The reports of ``item`` that no moderator has answered yet, oldest first."""
    from django.contrib.contenttypes.models import ContentType

    from .models import Report

    return Report.objects.filter(content_type=ContentType.objects.get_for_model(item), object_id=item.pk,
                                 resolved_at__isnull=True).order_by("created_at", "pk")


def _resolve_reports(item: Moderated) -> list:
    """Mark the open reports of ``item`` as answered; the residents who sent them (for telling them)."""
    reports = open_reports(item)
    reporters = [report.reporter for report in reports.select_related("reporter") if report.reporter is not None]
    reports.update(resolved_at=timezone.now())
    return reporters


def moderation_hide_after_reports(item: Moderated, *, notify: bool = True) -> bool:
    """Hide a published item that ``REPORTS_TO_HIDE`` different residents have reported, until a moderator decides.

    Called with the item's row locked (``core.services.report_create``), so that reports sent at the same moment are
    counted one after another: each counts once, and the one that reaches the threshold hides the item. Its author
    and everyone who reported it are told.
    """
    if item.status != ModerationStatus.APPROVED:
        return False
    reports = list(open_reports(item).select_related("reporter"))
    if len(reports) < settings.REPORTS_TO_HIDE:
        return False
    item.status = ModerationStatus.HIDDEN
    item.moderation_reason = ""
    item.moderated_by = None
    item.moderated_at = timezone.now()
    item.save(update_fields=["status", "moderation_reason", "moderated_by", "moderated_at"])
    if notify:
        from .notifications import notify_author_of_reports, notify_reporters

        notify_author_of_reports(item, count=len(reports))
        notify_reporters(item, [report.reporter for report in reports if report.reporter is not None])
    return True


@transaction.atomic
def moderation_dismiss_reports(*, item: Moderated, moderator, notify: bool = True) -> int:
    """Keep a reported item published (or publish it again, if the reports had hidden it); the reports are answered."""
    count = open_reports(item).count()
    if item.status == ModerationStatus.HIDDEN:
        _decide(item, moderator=moderator, status=ModerationStatus.APPROVED, notify=notify)
        return count
    reporters = _resolve_reports(item)
    if notify:
        from .notifications import notify_reporters

        notify_reporters(item, reporters)
    return count
