from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from geo_participation.core.forms import PlainLabels
from maps.ballot_boxes.models import BallotBox

from .models import Poll


class VoteForm(PlainLabels, forms.Form):
    """Radio buttons for a single choice, checkboxes for a multiple choice; the service checks the rest."""

    def __init__(self, *args, poll: Poll, options, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(o.pk, o.title) for o in options]
        if poll.is_multiple:
            self.fields["options"] = forms.TypedMultipleChoiceField(
                label=ngettext("Choose up to %(n)d option", "Choose up to %(n)d options", poll.max_choices)
                % {"n": poll.max_choices},
                choices=choices, coerce=int, widget=forms.CheckboxSelectMultiple,
                error_messages={"required": _("Please choose an option.")})
        else:
            self.fields["options"] = forms.TypedChoiceField(
                label=_("Choose one option"), choices=choices, coerce=int, widget=forms.RadioSelect,
                error_messages={"required": _("Please choose an option.")})

    def chosen(self) -> list[int]:
        value = self.cleaned_data["options"]
        return value if isinstance(value, list) else [value]


def add_service_errors(form: forms.Form, error) -> None:
    """Put a service's ValidationError on the form: on the field it names, or above the form."""
    for field, messages in error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]:
        form.add_error(field if field in form.fields else None, messages)


class CountsMixin:
    """One whole-number field per option of the poll, plus invalid cards."""

    def add_count_fields(self, poll: Poll, initial: dict[int, int] | None = None):
        self.options = list(poll.options.all())
        for option in self.options:
            self.fields[f"count_{option.pk}"] = forms.IntegerField(
                label=option.title, min_value=0, initial=(initial or {}).get(option.pk),
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "count"}))
        self.fields["invalid_count"] = forms.IntegerField(
            label=_("Invalid postcards"), min_value=0, help_text=_("Cards that cannot be counted for any option."),
            widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "count"}))
        self.fields["note"] = forms.CharField(label=_("Note (optional)"), required=False, max_length=500)

    def counts(self) -> dict[int, int]:
        return {option.pk: self.cleaned_data[f"count_{option.pk}"] for option in self.options}

    def count_fields(self):
        return [self[f"count_{option.pk}"] for option in self.options]


class TallyForm(PlainLabels, CountsMixin, forms.Form):
    box = forms.ModelChoiceField(label=_("Ballot box"), queryset=BallotBox.objects.none(),
                                 empty_label=_("– choose a box –"))
    emptied_on = forms.DateField(label=_("Emptied on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                 help_text=_("The day the box was emptied."))

    def __init__(self, *args, poll: Poll, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["box"].queryset = poll.ballot_boxes.order_by("name")
        self.fields["emptied_on"].initial = timezone.localdate
        self.add_count_fields(poll)


class CorrectionForm(PlainLabels, CountsMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for the correction"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("For example: two cards were counted twice."))

    def __init__(self, *args, poll: Poll, tally, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_count_fields(poll, initial={c.option_id: c.count for c in tally.counts.all()})
        self.fields["invalid_count"].initial = tally.invalid_count
        self.order_fields([*(f"count_{o.pk}" for o in self.options), "invalid_count", "reason", "note"])
