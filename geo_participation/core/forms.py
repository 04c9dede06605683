from django import forms
from django.utils.translation import gettext_lazy as _

from .models import BarrierReport


class PlainLabels:
    """Labels without Django's trailing colon ("Titel" rather than "Titel:"), as on every form of the site."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class BarrierReportForm(PlainLabels, forms.ModelForm):
    class Meta:
        model = BarrierReport
        fields = ["page_url", "description", "contact_email"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6}),
                   "contact_email": forms.EmailInput(attrs={"autocomplete": "email"})}
        help_texts = {
            "page_url": _("For example the page's address or its title."),
            "contact_email": _("Optional. Only if you want us to answer."),
        }
