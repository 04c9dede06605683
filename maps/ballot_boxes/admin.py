from django.contrib import admin
from django.contrib.gis.admin import GISModelAdmin
from django.utils.translation import gettext_lazy as _

from maps.geo.widgets import MapWidget

from .models import BallotBox, PostcardCount, PostcardTally


@admin.register(BallotBox)
class BallotBoxAdmin(GISModelAdmin):
    gis_widget = MapWidget
    list_display = ["name", "code", "address", "active_from", "active_until"]
    search_fields = ["name", "code", "address"]
    filter_horizontal = ["polls"]
    fieldsets = [
        (None, {"fields": ["name", "code", "address", "location_hint", "opening_hours"]}),
        (_("Location"), {"fields": ["location", "source"]}),
        (_("Period and polls"), {"fields": ["active_from", "active_until", "polls"]}),
    ]


class PostcardCountInline(admin.TabularInline):
    model = PostcardCount
    extra = 0

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PostcardTally)
class PostcardTallyAdmin(admin.ModelAdmin):
    """Read only: tallies are entered, confirmed and corrected in the staff area, never overwritten."""

    list_display = ["box", "poll", "emptied_on", "entered_by", "entered_at", "confirmed_by", "confirmed_at", "supersedes"]
    list_filter = ["poll", "box"]
    inlines = [PostcardCountInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
