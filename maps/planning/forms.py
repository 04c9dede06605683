"""The workspace's form: a layer, how to show it, and the layer's filters (GET parameters as the API takes them)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from maps.geo.layers import FROM, TO, Layer, status_choices

from .heatmap import CELL_SIZES, DEFAULT_CELL_SIZE


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class WorkspaceForm(forms.Form):
    """What the workspace shows: fields for the chosen layer's own filters are added from its description."""

    VIEWS = (("heatmap", _("Heatmap")), ("points", _("Points")))
    VALUES = (("count", _("Contributions")), ("weighted", _("Contributions and supports")))

    def __init__(self, data, *, layers: list[Layer], layer: Layer, **kwargs):
        super().__init__(data, label_suffix="", **kwargs)
        groups: dict[str, list] = {}
        for option in layers:
            groups.setdefault(option.module.title if option.module else "", []).append((option.key, option.title))
        self.fields["layer"] = forms.ChoiceField(label=_("Layer"), choices=list(groups.items()), initial=layer.key)
        views = self.VIEWS if layer.heat else self.VIEWS[1:]
        self.fields["view"] = forms.ChoiceField(label=_("Show as"), choices=views, widget=forms.RadioSelect,
                                                initial=views[0][0], required=False)
        if layer.heat:
            self.fields["cell"] = forms.TypedChoiceField(
                label=_("Cell size (edge length)"), coerce=int, required=False, initial=DEFAULT_CELL_SIZE,
                choices=[(size, f"{size} m") for size in CELL_SIZES])
            self.fields["value"] = forms.ChoiceField(label=_("Colour by"), choices=self.VALUES, required=False,
                                                     initial="count")
        self.fields[FROM] = forms.DateField(label=_("Created from"), required=False, widget=DateInput())
        self.fields[TO] = forms.DateField(label=_("Created until"), required=False, widget=DateInput())
        if layer.moderated:
            self.fields["status"] = forms.MultipleChoiceField(
                label=_("Moderation status"), required=False, widget=forms.CheckboxSelectMultiple,
                choices=status_choices(layer), help_text=_("Nothing ticked: published contributions only."))
        for spec in layer.filter_specs():
            if spec.kind == "choices":
                field = forms.MultipleChoiceField(label=spec.label, required=False, choices=spec.choices,
                                                  widget=forms.CheckboxSelectMultiple)
            elif spec.kind == "integer":
                field = forms.ChoiceField(label=spec.label, required=False,
                                          choices=[("", _("all")), *[(str(v), str(v)) for v in
                                                                     range(spec.minimum, spec.maximum + 1)]])
            else:
                field = forms.ChoiceField(label=spec.label, required=False, choices=[("", _("all")), *spec.choices])
            self.fields[spec.name] = field

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get(FROM), cleaned.get(TO)
        if start and end and start > end:
            self.add_error(TO, _("The time range ends before it starts."))
        return cleaned
