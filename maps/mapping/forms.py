"""The contribution form, built from the format's settings: its categories, attributes and place options."""

from __future__ import annotations

from django import forms
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from geo_participation.core.forms import PlainLabels
from maps.geo.selectors import gazetteer_search

from .geometry import PLACE_MISSING, geometry_from_geojson
from .models import Attribute, Category, MapSettings

ATTRIBUTE_PREFIX = "attr_"


class CategoryChoiceField(forms.ModelChoiceField):
    """The format's categories. A choice is checked against those the view has read (``by_pk``), not asked of the
    database once more: the form is how most pins arrive."""

    by_pk: dict[int, Category] = {}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        try:
            return self.by_pk[int(value)]
        except (KeyError, ValueError, TypeError):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                  params={"value": value}) from None

    def label_from_instance(self, category):
        texts = category.i18n
        return f"{texts.name} – {texts.description}" if texts.description else texts.name


def _attribute_field(attribute: Attribute) -> forms.Field:
    common = {"label": attribute.label, "required": attribute.required, "help_text": attribute.help_text}
    if attribute.kind == Attribute.Kind.CHOICE:
        choices = attribute.choices if attribute.required else [("", _("no answer")), *attribute.choices]
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if attribute.kind == Attribute.Kind.SCALE:
        def label(value):
            meaning = {attribute.minimum: attribute.minimum_label, attribute.maximum: attribute.maximum_label}.get(value)
            return f"{value} ({meaning})" if meaning else str(value)
        choices = [(value, label(value)) for value in range(attribute.minimum, attribute.maximum + 1)]
        if not attribute.required:
            choices = [("", _("no answer")), *choices]
        return forms.TypedChoiceField(choices=choices, coerce=int, empty_value=None, widget=forms.RadioSelect, **common)
    if attribute.kind == Attribute.Kind.YES_NO:
        choices = [("ja", _("yes")), ("nein", _("no"))]
        if not attribute.required:
            choices = [("", _("no answer")), *choices]
        return forms.TypedChoiceField(choices=choices, coerce=lambda value: value == "ja", empty_value=None,
                                      widget=forms.RadioSelect, **common)
    return forms.CharField(max_length=200, **common)


class ContributionForm(PlainLabels, forms.Form):
    """Title, text, category, place (map, address search or coordinates), attributes and a photo."""

    title = forms.CharField(label=gettext_lazy("Title"), max_length=100,
                            help_text=gettext_lazy("In a few words: what is it about?"))
    description = forms.CharField(label=gettext_lazy("Description"), max_length=2000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 5}),
                                  help_text=gettext_lazy("Optional, at most 2,000 characters."))
    category = CategoryChoiceField(label=gettext_lazy("Category"), queryset=Category.objects.none(),
                                   widget=forms.RadioSelect, empty_label=None)
    geometry = forms.CharField(widget=forms.HiddenInput, required=False)
    place_query = forms.CharField(label=gettext_lazy("Address or place"), max_length=100, required=False,
                                  help_text=gettext_lazy("For example “Stiftsplatz” or “Pariser Straße 12”."))
    latitude = forms.FloatField(label=gettext_lazy("Latitude"), required=False, localize=True, min_value=-90, max_value=90,
                                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
                                help_text=gettext_lazy("For example 49.4447"))
    longitude = forms.FloatField(label=gettext_lazy("Longitude"), required=False, localize=True, min_value=-180, max_value=180,
                                 widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
                                 help_text=gettext_lazy("For example 7.7690"))
    photo = forms.FileField(label=gettext_lazy("Photo"), required=False,
                            widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
                            help_text=gettext_lazy("Optional: JPEG, PNG or WebP, at most 8 MB. We remove location and camera data."))
    photo_alt = forms.CharField(label=gettext_lazy("What does the photo show?"), max_length=200, required=False,
                                help_text=gettext_lazy("A short description for people who cannot see the photo."))

    def __init__(self, *args, settings: MapSettings, categories: list[Category], attributes: list[Attribute],
                 with_photo: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.settings, self.attributes = settings, attributes
        if categories:
            self.fields["category"].queryset = Category.objects.filter(pk__in=[c.pk for c in categories])
            self.fields["category"].by_pk = {c.pk: c for c in categories}
        else:
            del self.fields["category"]
        if not settings.has_places:
            for name in ("geometry", "place_query", "latitude", "longitude"):
                del self.fields[name]
        if not (settings.photos_enabled and with_photo):
            del self.fields["photo"], self.fields["photo_alt"]
        for attribute in attributes:
            self.fields[ATTRIBUTE_PREFIX + attribute.key] = _attribute_field(attribute)

    @property
    def attribute_fields(self):
        return [self[ATTRIBUTE_PREFIX + attribute.key] for attribute in self.attributes]

    @property
    def place_fields(self):
        return [self[name] for name in ("place_query", "latitude", "longitude") if name in self.fields]

    def clean(self):
        data = super().clean()
        if "geometry" in self.fields:
            data["geometry"] = self._place(data)
        if self.fields.get("photo") and data.get("photo") and not (data.get("photo_alt") or "").strip():
            self.add_error("photo_alt", _("Please describe in a few words what the photo shows."))
        return data

    def _place(self, data):
        """The drawn geometry if there is one, else the typed coordinates, else the first place the search finds."""
        if data.get("geometry"):
            try:
                return geometry_from_geojson(data["geometry"])
            except ValidationError as error:
                self.add_error("geometry", error.message_dict["geometry"])
                return None
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if (latitude is None) != (longitude is None) and not self.has_error("latitude") and not self.has_error("longitude"):
            self.add_error("latitude" if latitude is None else "longitude", _("Please give both latitude and longitude."))
            return None
        if latitude is not None and longitude is not None:
            return Point(longitude, latitude, srid=4326)
        if data.get("place_query"):
            found = gazetteer_search(data["place_query"], limit=1)
            if not found:
                self.add_error("place_query", _("We found no street or place of this name. Please try another spelling."))
                return None
            return Point(found[0]["lon"], found[0]["lat"], srid=4326)
        # Said now, with the other missing fields, not only after the resident has fixed those.
        self.add_error("geometry", str(PLACE_MISSING))
        return None

    def attribute_values(self) -> dict:
        values = {}
        for attribute in self.attributes:
            value = self.cleaned_data.get(ATTRIBUTE_PREFIX + attribute.key)
            if value not in (None, ""):
                values[attribute.key] = value
        return values

    def add_service_errors(self, error: ValidationError) -> None:
        """Show a service's errors at the fields they name; attributes' problems above the questions."""
        names = {"photo": "photo", "alt_text": "photo_alt"}
        for field, messages in error.message_dict.items():
            name = names.get(field, field)
            self.add_error(name if name in self.fields else None, messages)


def contribution_initial(contribution) -> dict:
    initial = {"title": contribution.title, "description": contribution.description, "category": contribution.category_id,
               "geometry": contribution.geometry.geojson if contribution.geometry else ""}
    for key, value in (contribution.attributes or {}).items():
        initial[ATTRIBUTE_PREFIX + key] = ("ja" if value else "nein") if isinstance(value, bool) else value
    return initial


class CommentForm(PlainLabels, forms.Form):
    text = forms.CharField(label=gettext_lazy("Your comment"), max_length=1000, widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=gettext_lazy("At most 1,000 characters. Comments are published after moderation."))


class ReportForm(PlainLabels, forms.Form):
    reason = forms.CharField(label=gettext_lazy("What is wrong with it?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
                             help_text=gettext_lazy("For example: insulting, personal data, advertising."))


class FilterForm(forms.Form):
    """The filters shared by the map and the list; GET parameters as the API takes them."""

    def __init__(self, *args, categories: list[Category], attributes: list[Attribute], districts, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        if categories:
            self.fields["category"] = forms.MultipleChoiceField(
                label=_("Categories"), required=False, widget=forms.CheckboxSelectMultiple,
                choices=[(str(c.pk), c.i18n.name) for c in categories])
        for attribute in attributes:
            if attribute.kind == Attribute.Kind.CHOICE:
                self.fields[f"attr_{attribute.key}"] = forms.ChoiceField(
                    label=attribute.label, required=False, choices=[("", _("all")), *attribute.choices])
            elif attribute.kind == Attribute.Kind.SCALE:
                self.fields[f"attr_{attribute.key}_min"] = forms.ChoiceField(
                    label=_("%(label)s (at least)") % {"label": attribute.label}, required=False,
                    choices=[("", _("all")), *[(str(v), str(v)) for v in range(attribute.minimum, attribute.maximum + 1)]])
            elif attribute.kind == Attribute.Kind.YES_NO:
                self.fields[f"attr_{attribute.key}"] = forms.ChoiceField(
                    label=attribute.label, required=False, choices=[("", _("all")), ("ja", _("yes")), ("nein", _("no"))])
        self.fields["district"] = forms.ChoiceField(label=_("District"), required=False,
                                                    choices=[("", _("all")), *[(d.slug, d.name) for d in districts]])
