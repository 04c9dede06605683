from django.contrib import admin
from django.contrib.gis.admin import GISModelAdmin
from django.utils.translation import gettext_lazy as _

from maps.geo.widgets import MapWidget

from .models import BallotBox


@admin.register(BallotBox)
class BallotBoxAdmin(GISModelAdmin):
    gis_widget = MapWidget
    list_display = ["name", "code", "address", "active_from", "active_until"]
    search_fields = ["name", "code", "address"]
    fieldsets = [
        (None, {"fields": ["name", "code", "address", "location_hint", "opening_hours"]}),
        (_("Location"), {"fields": ["location", "source"]}),
        (_("Period"), {"fields": ["active_from", "active_until"]}),
    ]
