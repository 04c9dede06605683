from django import forms
from django.contrib.gis.geos import Point
from django.utils.translation import gettext_lazy as _

from geo_participation.core.forms import PlainLabels
from geo_participation.projects.models import Module
from maps.geo.parsing import GeoJSONError

from .geometry import point_from_lon_lat
from .models import COMMENT_MAX_LENGTH, FORMAT_KEY, Rating

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class OpinionForm(PlainLabels, forms.Form):
    """Rating, comment and (on the feature's own page) the spot on the line, typed or set on the map."""

    rating = forms.ChoiceField(label=_("Your rating"), choices=Rating.choices, widget=forms.RadioSelect,
                               error_messages={"required": _("Please choose a rating: good, okay or bad.")})
    comment = forms.CharField(
        label=_("Comment (optional)"), required=False, max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("With a comment, your opinion is published once the moderators have approved it."))
    point_lat = forms.FloatField(label=_("Latitude"), required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                                 help_text=_("e.g. 49.4381"),
                                 error_messages={"invalid": _("Please enter the latitude as a number, e.g. 49.4381.")})
    point_lon = forms.FloatField(label=_("Longitude"), required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                                 help_text=_("e.g. 7.7675"),
                                 error_messages={"invalid": _("Please enter the longitude as a number, e.g. 7.7675.")})

    def __init__(self, *args, with_point: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_point:
            del self.fields["point_lat"], self.fields["point_lon"]
        for name in ("point_lat", "point_lon"):
            if name in self.fields:
                self.fields[name].localize = True  # accepts "49,4381" as well as "49.4381"
                self.fields[name].widget.is_localized = True

    def clean(self):
        data = super().clean()
        lat, lon = data.get("point_lat"), data.get("point_lon")
        data["point"] = None
        if "point_lat" not in self.fields or self.has_error("point_lat") or self.has_error("point_lon"):
            return data
        if lat is None and lon is None:
            return data
        if lat is None or lon is None:
            self.add_point_error(_("Please give both latitude and longitude, or neither."))
            return data
        try:
            data["point"] = point_from_lon_lat(lon, lat)
        except GeoJSONError as error:
            self.add_point_error(str(error))
        return data

    def add_point_error(self, message: str) -> None:
        # The spot is two inputs; its errors belong to their fieldset, under the key "point" as in the API.
        self._errors.setdefault("point", self.error_class()).append(str(message))

    def add_service_error(self, error) -> None:
        """Show a service's ValidationError at the field it names (the spot at its fieldset, the rest on top)."""
        for field, messages in error.message_dict.items():
            if field in self.fields:
                self.add_error(field, messages)
            elif field == "point":
                for message in messages:
                    self.add_point_error(message)
            else:
                self.add_error(None, messages)

    @classmethod
    def initial_for(cls, opinion) -> dict:
        if opinion is None:
            return {}
        point: Point | None = opinion.point
        return {"rating": opinion.rating, "comment": opinion.comment,
                "point_lat": round(point.y, 6) if point else None, "point_lon": round(point.x, 6) if point else None}


class ReportForm(PlainLabels, forms.Form):
    reason = forms.CharField(label=_("What is wrong with this opinion?"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 4}))


class FeatureImportForm(PlainLabels, forms.Form):
    """A GeoJSON file with features for one feedback format (admin)."""

    module = forms.ModelChoiceField(label=_("Participation format"), queryset=None)
    file = forms.FileField(label=_("GeoJSON file"),
                           help_text=_("A FeatureCollection in WGS 84 (EPSG:4326) with lines (LineString or "
                                       "MultiLineString) and the property “name”; optional “status” and "
                                       "“description”. At most 5 MB."))
    source = forms.CharField(label=_("Source of the courses"), max_length=500, required=False,
                             help_text=_("e.g. “© OpenStreetMap contributors”; shown below the map."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = Module.objects.filter(format_key=FORMAT_KEY).select_related("project")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload
