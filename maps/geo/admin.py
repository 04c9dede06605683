from django.contrib import admin
from django.contrib.gis.admin import GISModelAdmin

from .models import AdministrativeArea
from .widgets import MapWidget


@admin.register(AdministrativeArea)
class AdministrativeAreaAdmin(GISModelAdmin):
    gis_widget = MapWidget
    list_display = ["name", "level"]
    list_filter = ["level"]
