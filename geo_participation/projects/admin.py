from django import forms
from django.contrib import admin
from django.contrib.gis.admin import GISModelAdmin
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from geo_participation import formats
from maps.geo.widgets import MapWidget

from .models import Module, Project


class ModuleInline(admin.TabularInline):
    model = Module
    fields = ["title", "format_key", "start", "end", "results_published_at", "is_draft"]
    readonly_fields = ["format_key"]
    show_change_link = True
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False  # formats are added on their own page, where their type-specific settings are


@admin.register(Project)
class ProjectAdmin(GISModelAdmin):
    gis_widget = MapWidget
    list_display = ["title", "topic", "office", "is_draft"]
    list_filter = ["topic", "is_draft"]
    search_fields = ["title", "summary", "office"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ModuleInline]


class ModuleForm(forms.ModelForm):
    format_key = forms.ChoiceField(label=_("Type of format"), choices=())

    class Meta:
        model = Module
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format_key"].choices = formats.choices()
        if self.instance.pk:
            # Changing the type would orphan the type's own data (votes, contributions).
            self.fields["format_key"].disabled = True


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    form = ModuleForm
    list_display = ["title", "project", "format_label", "start", "end", "state_label", "results_published_at"]
    list_filter = ["format_key", "project"]
    search_fields = ["title", "project__title"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "start"
    fieldsets = [
        (None, {"fields": ["project", "format_key", "title", "slug", "description", "weight", "is_draft"]}),
        (_("Period"), {"fields": ["start", "end"]}),
        (_("Results"), {"fields": ["results_published_at", "results_summary"]}),
        (_("In English (optional: English readers see the German text where these are empty)"),
         {"fields": ["title_en", "description_en", "results_summary_en"]}),
    ]

    @admin.display(description=_("Type"))
    def format_label(self, obj):
        return formats.get(obj.format_key).label if obj.format_key in dict(formats.choices()) else obj.format_key

    @admin.display(description=_("State"))
    def state_label(self, obj):
        return obj.state.label

    def get_readonly_fields(self, request, obj=None):
        # Fields a format sets itself (a raffle's end is its cut-off, set on the raffle's settings below).
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.format_key in dict(formats.choices()):
            fields += formats.get(obj.format_key).admin_module_readonly
        return fields

    def get_inlines(self, request, obj):
        # Each format type brings its own settings (categories, options, ...) as inlines.
        if obj is None or obj.format_key not in dict(formats.choices()):
            return []
        return [import_string(path) for path in formats.get(obj.format_key).admin_inlines]

    def view_on_site(self, obj):
        return obj.get_absolute_url()
