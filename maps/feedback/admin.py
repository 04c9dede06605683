from django import forms
from django.contrib import admin, messages
from django.contrib.gis.admin import GISModelAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from geo_participation.core.admin import ModerationActions
from geo_participation.core.moderation import ModerationStatus
from maps.geo.widgets import MapWidget

from .forms import FeatureImportForm
from .models import FeedbackSettings, Feature, Opinion
from .services import slug_for_name, feature_geometry_errors, features_import


class FeedbackSettingsInline(admin.StackedInline):
    model = FeedbackSettings
    can_delete = False
    max_num = 1
    min_num = 1


class FeatureInline(admin.TabularInline):
    """The features of a format at a glance; their course is drawn on each feature's own page."""

    model = Feature
    fields = ["name", "status_text", "weight", "has_course"]
    readonly_fields = ["has_course"]
    show_change_link = True
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False  # added on the feature page (with the map) or by GeoJSON upload

    @admin.display(description=gettext_lazy("Course drawn"), boolean=True)
    def has_course(self, obj):
        return obj.geometry is not None


class FeatureAdminForm(forms.ModelForm):
    class Meta:
        model = Feature
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Leave empty to derive it from the name.")

    def clean(self):
        data = super().clean()
        if not data.get("slug") and data.get("name"):
            data["slug"] = slug_for_name(data["name"])
            self.instance.slug = data["slug"]
        module = data.get("module")
        if module is not None:
            for message in feature_geometry_errors(module=module, geometry=data.get("geometry")):
                self.add_error("geometry", message)
        return data


@admin.register(Feature)
class FeatureAdmin(GISModelAdmin):
    form = FeatureAdminForm
    gis_widget = MapWidget
    gis_widget_kwargs = {"attrs": {"geom_type": "MULTILINESTRING"}}
    list_display = ["name", "module", "status_text", "has_course", "good", "okay", "bad"]
    list_filter = ["module"]
    search_fields = ["name", "status_text", "module__title"]
    fieldsets = [
        (None, {"fields": ["module", "name", "slug", "status_text", "description", "weight"]}),
        (gettext_lazy("Course"), {"fields": ["geometry", "source"]}),
    ]
    change_list_template = "admin/feedback/feature/change_list.html"

    def get_queryset(self, request):
        approved = Q(opinions__status=ModerationStatus.APPROVED)
        return super().get_queryset(request).select_related("module").annotate(
            good_count=Count("opinions", filter=approved & Q(opinions__rating="good")),
            okay_count=Count("opinions", filter=approved & Q(opinions__rating="okay")),
            bad_count=Count("opinions", filter=approved & Q(opinions__rating="bad")),
        )

    @admin.display(description=gettext_lazy("Course drawn"), boolean=True)
    def has_course(self, obj):
        return obj.geometry is not None

    @admin.display(description=gettext_lazy("good"), ordering="good_count")
    def good(self, obj):
        return obj.good_count

    @admin.display(description=gettext_lazy("okay"), ordering="okay_count")
    def okay(self, obj):
        return obj.okay_count

    @admin.display(description=gettext_lazy("bad"), ordering="bad_count")
    def bad(self, obj):
        return obj.bad_count

    def get_urls(self):
        return [path("geojson-hochladen/", self.admin_site.admin_view(self.import_view), name="feedback_feature_import"),
                *super().get_urls()]

    def import_view(self, request):
        """Upload a GeoJSON file: every feature is checked first; one bad feature and nothing is loaded."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = FeatureImportForm(request.POST or None, request.FILES or None,
                                 initial={"module": request.GET.get("module")})
        if request.method == "POST" and form.is_valid():
            try:
                result = features_import(module=form.cleaned_data["module"], data=form.cleaned_data["file"].read(),
                                         source=form.cleaned_data["source"])
            except ValidationError as error:
                for message in error.message_dict.get("file", []):
                    form.add_error("file", message)
            else:
                self.message_user(request, _("GeoJSON loaded: %(result)s.") % {"result": result}, messages.SUCCESS)
                return redirect(reverse("admin:feedback_feature_changelist") + f"?module__id__exact={form.cleaned_data['module'].pk}")
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "form": form,
                   "title": _("Load features from a GeoJSON file")}
        return TemplateResponse(request, "admin/feedback/feature/import.html", context, status=400 if form.errors else 200)


@admin.register(Opinion)
class OpinionAdmin(ModerationActions, GISModelAdmin):
    """Opinions for moderators: approve, reject (with a reason) or hide (after a report)."""

    gis_widget = MapWidget
    list_display = ["feature", "rating", "short_comment", "status", "author_name", "created_at"]
    list_filter = ["status", "rating", "feature__module", "feature"]
    search_fields = ["comment", "feature__name", "author__username"]
    list_select_related = ["feature", "author"]
    readonly_fields = ["feature", "author_name", "rating", "comment", "point", "status", "moderation_reason",
                       "moderated_by", "moderated_at", "created_at", "updated_at"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False  # residents write opinions; the admin only moderates them

    @admin.display(description=gettext_lazy("Comment"))
    def short_comment(self, obj):
        return obj.comment[:80] + ("…" if len(obj.comment) > 80 else "")

    @admin.display(description=gettext_lazy("author"), ordering="author__username")
    def author_name(self, obj):
        return obj.author.username if obj.author_id else _("deleted account")
