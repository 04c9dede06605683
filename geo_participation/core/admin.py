from django.contrib import admin, messages
from django.contrib.admin import widgets
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .models import BarrierReport, SitePage
from .moderation import moderation_approve, moderation_hide, moderation_reject

# What moderators decide goes through the moderation services (reason required, moderator and time kept, the
# author told by e-mail); the fields themselves are read-only in every admin that uses ModerationActions.
MODERATION_FIELDS = ["status", "moderation_reason", "moderated_by", "moderated_at"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record staff read in the administration but never add, change or delete there (a log, a count, a draw):
    what changes it goes through its services, which keep the trail."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AdminSplitDateTime(widgets.AdminSplitDateTime):
    """The admin's date and time fields, also when an add form is prefilled from the address (``?start=…``).

    The admin takes initial values from the query string as text; Django's widget expects a datetime and failed
    with a 500 on any text. Text that reads as a date and time is shown, anything else leaves the field empty.
    Used for every DateTimeField of the admin (``CoreConfig.ready``). Its template labels both inputs.
    """

    template_name = "core/widgets/split_datetime.html"

    def decompress(self, value):
        if isinstance(value, str):
            try:
                value = parse_datetime(value.strip())
            except ValueError:
                value = None
            if value is not None and timezone.is_naive(value):
                value = timezone.make_aware(value)
        return super().decompress(value)


class ModerationActions:
    """Admin actions for a ``Moderated`` model: approve, reject or hide the selected items (the latter two with a
    reason the authors read), through the same services as the moderation queue."""

    actions = ["approve", "reject", "hide"]

    @admin.action(description=gettext_lazy("Approve and publish the selected items"), permissions=["change"])
    def approve(self, request, queryset):
        for item in queryset:
            moderation_approve(item=item, moderator=request.user)
        count = queryset.count()
        self.message_user(request, ngettext("%(count)d item published.", "%(count)d items published.", count)
                          % {"count": count}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Reject the selected items (with a reason)"), permissions=["change"])
    def reject(self, request, queryset):
        return self._decide_with_reason(request, queryset, decide=moderation_reject, title=_("Reject"),
                                        done=lambda n: ngettext("%(count)d item rejected.", "%(count)d items rejected.", n))

    @admin.action(description=gettext_lazy("Hide the selected items (with a reason)"), permissions=["change"])
    def hide(self, request, queryset):
        return self._decide_with_reason(request, queryset, decide=moderation_hide, title=_("Hide"),
                                        done=lambda n: ngettext("%(count)d item hidden.", "%(count)d items hidden.", n))

    def _decide_with_reason(self, request, queryset, *, decide, title, done):
        """Ask for the reason the authors will read, then decide every selected item."""
        if "apply" in request.POST:
            reason = request.POST.get("reason", "").strip()
            if reason:
                for item in queryset:
                    decide(item=item, moderator=request.user, reason=reason)
                count = queryset.count()
                self.message_user(request, done(count) % {"count": count}, messages.SUCCESS)
                return None
            self.message_user(request, _("Please give a reason; the authors will read it."), messages.ERROR)
        return TemplateResponse(request, "admin/moderation/reason.html", {
            **self.admin_site.each_context(request), "title": title, "items": queryset, "opts": self.model._meta,
            "action": request.POST["action"], "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        })


@admin.register(SitePage)
class SitePageAdmin(admin.ModelAdmin):
    list_display = ["title_de", "slug", "updated_at"]
    readonly_fields = ["slug", "updated_at"]
    fieldsets = [
        (None, {"fields": ["slug", "updated_at"]}),
        ("Deutsch", {"fields": ["title_de", "body_de"]}),
        ("English", {"fields": ["title_en", "body_en"]}),
    ]

    def has_add_permission(self, request):
        return False  # the set of pages is fixed; their text is what staff edit

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BarrierReport)
class BarrierReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "page_url", "handled"]
    list_filter = ["handled"]
    list_editable = ["handled"]
    readonly_fields = ["created_at", "page_url", "description", "contact_email", "reporter"]
