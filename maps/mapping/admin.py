"""Staff configure a map format on its module page (inlines through Format.admin_inlines) and see contributions."""

from django.contrib import admin
from django.contrib.gis.admin import GISModelAdmin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from geo_participation.core.admin import MODERATION_FIELDS, ModerationActions
from maps.geo.widgets import MapWidget

from .models import Attribute, Category, Comment, Contribution, MapSettings, Photo


class MapSettingsInline(admin.StackedInline):
    model = MapSettings
    can_delete = False
    max_num = 1
    min_num = 1
    fieldsets = [
        (_("Which places residents mark (none of them: ideas without a place)"),
         {"fields": ["accepts_points", "accepts_lines", "accepts_polygons"]}),
        (_("What residents may add"), {"fields": ["photos_enabled", "supports_enabled", "comments_enabled"]}),
        (_("Area"), {"fields": ["area"]}),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "area":
            kwargs["widget"] = MapWidget()
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class CategoryInline(admin.TabularInline):
    model = Category
    fields = ["name", "colour", "icon", "description", "name_en", "description_en", "weight"]
    extra = 0


class AttributeInline(admin.StackedInline):
    model = Attribute
    extra = 0
    fields = [("key", "label", "kind", "required"), "options", ("minimum", "minimum_label", "maximum", "maximum_label"),
              ("help_text", "weight")]


class PhotoInline(admin.TabularInline):
    model = Photo
    fields = ["preview", "alt_text"]
    readonly_fields = ["preview"]
    extra = 0

    @admin.display(description=_("Photo"))
    def preview(self, photo):
        """Through the photo view, as everywhere: the files themselves have no address."""
        if photo.pk is None:
            return ""
        return format_html('<a href="{}"><img src="{}" alt="{}" class="photo-preview"></a>',
                           photo.url, photo.thumbnail_url, photo.alt_text)


@admin.register(Contribution)
class ContributionAdmin(ModerationActions, GISModelAdmin):
    gis_widget = MapWidget
    list_display = ["title", "module", "category", "status", "support_count", "created_at"]
    list_filter = ["status", "module", "category"]
    search_fields = ["title", "description"]
    readonly_fields = ["author", "support_count", "district", "created_at", "updated_at", *MODERATION_FIELDS]
    list_select_related = ["module", "category"]
    inlines = [PhotoInline]
    date_hierarchy = "created_at"


@admin.register(Comment)
class CommentAdmin(ModerationActions, admin.ModelAdmin):
    list_display = ["__str__", "contribution", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["text"]
    readonly_fields = ["author", "contribution", "created_at", *MODERATION_FIELDS]
