from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Module, Topic

STATE_CHOICES = [
    ("", _("all")),
    (Module.State.OPEN, _("open")),
    (Module.State.UPCOMING, _("upcoming")),
    (Module.State.CLOSED, _("closed")),
    ("results", _("Results published")),
]


class ProjectFilterForm(forms.Form):
    topic = forms.ChoiceField(label=_("Topic"), choices=[("", _("all"))] + list(Topic.choices), required=False)
    state = forms.ChoiceField(label=_("State"), choices=STATE_CHOICES, required=False)
