from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Participant


class PublicNameForm(forms.Form):
    public_name = forms.ChoiceField(
        label=_("If you win, the raffle page names you by"), choices=Participant.PublicName.choices,
        widget=forms.RadioSelect,
        help_text=_("Your username, or only the first letters of your first and last name (e.g. “A. B.”). Nothing "
                    "else about you is ever published."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
