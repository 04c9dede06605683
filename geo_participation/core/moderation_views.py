"""The moderators' queue: every registered model's pending items and reported items, each on a small map.

Generic over ``moderation.queue_entries()``: a format that registers its model appears here with no change.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.contrib.gis.db.models.functions import AsGeoJSON
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from . import moderation

PER_ENTRY = 30  # items shown per model and list; the rest follow after these are decided
_OWN_FIELDS = {"status", "moderation_reason", "moderated_by", "moderated_at"}


@dataclass
class QueueItem:
    label: str  # e.g. "mapping.contribution"
    kind: str  # the entry's label, e.g. "Map contributions"
    item: models.Model
    texts: list[tuple[str, str]]
    author: str
    author_told: bool  # an anonymous survey answer has nobody to tell the reason to
    geojson: str | None
    context: str
    url: str | None
    reports: list[str]


def _texts(item) -> list[tuple[str, str]]:
    """What residents wrote: the model's text fields, with their names (not again what the heading says)."""
    texts, heading = [], str(item)
    for field in item._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)) and not field.choices and field.name not in _OWN_FIELDS:
            value = getattr(item, field.name)
            if value and str(value) != heading:
                texts.append((str(field.verbose_name), str(value)))
    return texts


def _author(item) -> str:
    if hasattr(item, "public_author"):
        return item.public_author
    author = getattr(item, "author", None)
    return author.username if author else ""


def _has_author(item) -> bool:
    """Whether someone is told of a decision on ``item`` (core.notifications tells ``item.author``)."""
    return getattr(item, "author", None) is not None


def _items(entry, queryset, *, with_reports: bool) -> list[QueueItem]:
    if entry.geometry_field:
        queryset = queryset.annotate(queue_geojson=AsGeoJSON(entry.geometry_field, precision=6))
    label = entry.model._meta.label_lower
    reports: dict[int, list[str]] = {}
    items = list(queryset[:PER_ENTRY])
    if with_reports and items:
        from django.contrib.contenttypes.models import ContentType

        from .models import Report

        for report in Report.objects.filter(content_type=ContentType.objects.get_for_model(entry.model),
                                            object_id__in=[i.pk for i in items], resolved_at__isnull=True):
            reports.setdefault(report.object_id, []).append(report.reason)
    return [
        QueueItem(label=label, kind=entry.label, item=item, texts=_texts(item), author=_author(item),
                  author_told=_has_author(item),
                  geojson=getattr(item, "queue_geojson", None), context=str(getattr(item, "module", "") or ""),
                  url=item.get_absolute_url() if hasattr(item, "get_absolute_url") else None,
                  reports=reports.get(item.pk, []))
        for item in items
    ]


class ModeratorRequiredMixin(LoginRequiredMixin, UserPassesTestMixin):
    def test_func(self):
        return self.request.user.has_perm("core.moderate")  # bound to the moderators' role in accounts/rules.py


class ModerationQueueView(ModeratorRequiredMixin, TemplateView):
    """Pending items of every registered model, oldest first, and the published items residents reported."""

    template_name = "core/moderation_queue.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pending, reported, counts = [], [], []
        for entry in moderation.queue_entries():
            waiting = moderation.queue_pending(entry)
            flagged = moderation.queue_reported(entry)
            counts.append((entry.label, waiting.count(), flagged.count()))
            pending += _items(entry, waiting, with_reports=False)
            reported += _items(entry, flagged, with_reports=True)
        pending.sort(key=lambda queued: getattr(queued.item, "created_at", None) or 0)
        context.update(pending=pending, reported=reported, counts=counts)
        return context

    def post(self, request):
        """Approve, reject (with a reason the author sees), hide (with a reason) or keep a reported item."""
        label, _sep, pk = request.POST.get("item", "").partition(":")
        entry = moderation.queue_entry(label)
        if entry is None or not (pk.isascii() and pk.isdigit()) or len(pk) > 18:  # "²" is a digit int() cannot read
            raise Http404
        item = get_object_or_404(entry.model, pk=int(pk))
        decision, reason = request.POST.get("decision"), request.POST.get("reason", "")
        try:
            if decision == "approve":
                moderation.moderation_approve(item=item, moderator=request.user)
                messages.success(request, _("Approved and published: %(item)s") % {"item": item})
            elif decision == "reject":
                moderation.moderation_reject(item=item, moderator=request.user, reason=reason)
                messages.success(request, (_("Rejected: %(item)s. The author sees your reason.") if _has_author(item)
                                           else _("Rejected: %(item)s. It has no author to tell.")) % {"item": item})
            elif decision == "hide":
                moderation.moderation_hide(item=item, moderator=request.user, reason=reason)
                messages.success(request, (_("Hidden: %(item)s. The author sees your reason.") if _has_author(item)
                                           else _("Hidden: %(item)s. It has no author to tell.")) % {"item": item})
            elif decision == "keep":
                moderation.moderation_dismiss_reports(item=item, moderator=request.user)
                messages.success(request, _("Kept published; the reports are closed: %(item)s") % {"item": item})
            else:
                messages.error(request, _("Please choose a decision."))
        except ValidationError as error:
            # Shown at the item's reason field, where the moderator is, not at the top of a long page.
            context = self.get_context_data(error_label=label, error_pk=int(pk), error_messages=error.messages)
            return self.render_to_response(context, status=400)
        return redirect(request.path)
