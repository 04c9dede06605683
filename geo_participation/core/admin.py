from django.contrib import admin

from .models import BarrierReport, SitePage


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
