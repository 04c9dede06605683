from django.contrib import admin
from django.contrib.gis.admin import GISModelAdmin

from .models import AdministrativeArea, GazetteerEntry
from .widgets import MapWidget


@admin.register(AdministrativeArea)
class AdministrativeAreaAdmin(GISModelAdmin):
    gis_widget = MapWidget
    list_display = ["name", "level"]
    list_filter = ["level"]


@admin.register(GazetteerEntry)
class GazetteerEntryAdmin(GISModelAdmin):
    gis_widget = MapWidget
    list_display = ["name", "kind", "detail", "district"]
    list_filter = ["kind", "district"]
    search_fields = ["name", "detail"]
    readonly_fields = ["source_key", "source"]
