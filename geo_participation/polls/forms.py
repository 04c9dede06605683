from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from geo_participation.core.forms import PlainLabels

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
