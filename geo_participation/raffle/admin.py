"""The raffle in the administration: its settings on the module's page (cut-off, rules, cap, reserves; the
commitment shown, the seed never), its prizes on the raffle's own page, the winners and the log read-only.
The draw itself, handovers and unclaimed prizes are on the staff page of the raffle (``/verlosung/<slug>/ziehung/``)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import construct_instance
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from geo_participation.core.admin import ReadOnlyAdmin
from geo_participation.projects.templatetags.module_dates import format_moment

from .models import AuditEntry, Prize, Raffle, Winner
from .services import prizes_locked, raffle_settings_save

SETTINGS_FIELDS = ["cutoff", "rules", "rules_en", "referral_cap", "reserve_count"]
SHOWN = ["phase_label", "commitment", "committed_at", "staff_page"]


class RaffleSettingsForm(forms.ModelForm):
    """Saved through the service: a new raffle gets its seed and publishes its commitment; the module ends at the
    cut-off."""

    class Meta:
        model = Raffle
        fields = SETTINGS_FIELDS

    request_user = None  # set per request by RaffleInline.get_formset (the log says who changed what)

    def _post_clean(self):
        # Not the model's full validation: a new raffle has no seed and commitment yet (the service makes them).
        self.instance = construct_instance(self, self.instance, self._meta.fields)
        try:
            self.instance.full_clean(exclude=["module", "commitment", "seed", "committed_at"], validate_unique=False,
                                     validate_constraints=False)
        except ValidationError as error:
            self._update_errors(error)

    def has_changed(self):
        return super().has_changed() or self.instance._state.adding  # a new raffle is saved even with its defaults

    def save(self, commit=True):
        return raffle_settings_save(raffle=self.instance, by=self.request_user)


class RaffleSettingsFormSet(forms.BaseInlineFormSet):
    """The cut-off of a new raffle starts as the module's end; it must lie after the module's start as the page
    above sends it (the formset's instance)."""

    def __init__(self, *args, **kwargs):
        instance = kwargs.get("instance")
        if instance is not None and instance.pk and not Raffle.objects.filter(module=instance).exists():
            kwargs.setdefault("initial", [{"cutoff": instance.end}])
        super().__init__(*args, **kwargs)

    def clean(self):
        super().clean()
        module = self.instance
        for form in self.forms:
            cutoff = getattr(form, "cleaned_data", {}).get("cutoff")
            if cutoff is not None and module.start is not None and cutoff <= module.start:
                form.add_error("cutoff", _("The cut-off must be after the start of the format (%(start)s).")
                               % {"start": format_moment(module.start)})


class RaffleInline(admin.StackedInline):
    """The raffle's settings on its module's page; prizes are edited on the raffle's page (the link)."""

    model = Raffle
    form = RaffleSettingsForm
    formset = RaffleSettingsFormSet
    fields = SETTINGS_FIELDS + SHOWN
    min_num = max_num = 1
    can_delete = False
    show_change_link = True
    verbose_name = verbose_name_plural = _("Raffle settings (prizes: “Change” link)")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = type(formset.form.__name__, (formset.form,), {"request_user": request.user})
        return formset

    def get_readonly_fields(self, request, obj=None):
        raffle = getattr(obj, "raffle", None) if obj is not None else None
        if prizes_locked(raffle):
            return SETTINGS_FIELDS + SHOWN  # from the cut-off on, nothing changes
        return SHOWN

    @admin.display(description=_("State"))
    def phase_label(self, obj):
        return "–" if obj._state.adding else obj.phase.label

    @admin.display(description=_("Draw, handovers and log"))
    def staff_page(self, obj):
        if obj._state.adding:
            return "–"
        url = reverse("raffle:staff", kwargs={"module_slug": obj.module.slug})
        return format_html('<a href="{}">{}</a>', url, _("Staff page of the raffle"))


class PrizeInline(admin.TabularInline):
    model = Prize
    extra = 0
    fields = ["order", "name", "name_en", "quantity"]

    def _locked(self, obj):
        return prizes_locked(obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not self._locked(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._locked(obj)


@admin.register(Raffle)
class RaffleAdmin(admin.ModelAdmin):
    """The prizes of a raffle; its settings are on the module's page (the raffle is created there)."""

    list_display = ["__str__", "cutoff", "phase_label", "ticket_count", "drawn_at"]
    fields = ["module", "cutoff", "referral_cap", "reserve_count", "commitment", "committed_at", "frozen_at",
              "participant_count", "ticket_count", "tickets_sha256", "drawn_at"]
    readonly_fields = fields
    inlines = [PrizeInline]

    @admin.display(description=_("State"))
    def phase_label(self, obj):
        return obj.phase.label

    def has_add_permission(self, request):
        return False  # a raffle is created with its module (the format's admin page)

    def has_delete_permission(self, request, obj=None):
        return False  # its commitment is public

    def view_on_site(self, obj):
        return obj.module.get_absolute_url()


@admin.register(Winner)
class WinnerAdmin(ReadOnlyAdmin):
    """Read-only: handovers and unclaimed prizes are recorded on the raffle's staff page, each one logged."""

    list_display = ["raffle", "draw", "ticket_number", "participant", "prize", "reserve_rank", "notified_at",
                    "handed_over_at", "not_claimed_at"]
    list_filter = ["raffle"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "raffle", "action", "actor", "message"]
    list_filter = ["raffle", "action"]
    fields = ["at", "raffle", "action", "actor", "message"]
    readonly_fields = fields
