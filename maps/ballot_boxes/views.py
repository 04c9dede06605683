"""The staff area for postcards (enter, confirm, correct, log, ballot-box map) and the public box layer."""

from csp.constants import NONCE
from csp.decorators import csp_update
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from geo_participation.polls.forms import add_service_errors
from geo_participation.polls.models import Poll
from geo_participation.polls.selectors import poll_result
from geo_participation.projects.views import ModuleMixin

from .forms import CorrectionForm, TallyForm
from .models import PostcardTally
from .selectors import box_states, boxes_geojson, polls_with_boxes, tally_log
from .services import tally_confirm, tally_correct, tally_create


@cache_control(public=True, max_age=300)
def boxes_geojson_view(request):
    """The boxes (of one poll, with ``?abstimmung=<slug>``) as GeoJSON; their places are public anyway."""
    poll = None
    if slug := request.GET.get("abstimmung"):
        poll = Poll.objects.filter(module__slug=slug).select_related("module__project").first()
        if poll is None or not request.user.has_perm("projects.view_module", poll.module):
            raise Http404
    return HttpResponse(boxes_geojson(poll=poll), content_type="application/geo+json")


class StaffIndexView(PermissionRequiredMixin, TemplateView):
    """Where staff start: the polls that collect postcards and what waits for them."""

    permission_required = "ballot_boxes.view_staff_area"
    template_name = "ballot_boxes/staff_index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(polls=polls_with_boxes(), **kwargs)


class StaffPollMixin(PermissionRequiredMixin, ModuleMixin):
    permission_required = "ballot_boxes.view_postcardtally"

    @cached_property
    def poll(self) -> Poll:
        return get_object_or_404(Poll.objects.select_related("module"), module=self.module)

    def get_permission_object(self):
        return self.module

    def get_context_data(self, **kwargs):
        return super().get_context_data(poll=self.poll, **kwargs)


class TallyLogView(StaffPollMixin, TemplateView):
    """The full log of a poll's tallies, what waits for confirmation, and the public summary next to it."""

    template_name = "ballot_boxes/tally_log.html"

    def get_context_data(self, **kwargs):
        log = tally_log(poll=self.poll)
        return super().get_context_data(
            log=log, pending=[t for t in log if t.status == "pending"], options=list(self.poll.options.all()),
            result=poll_result(poll=self.poll), **kwargs)


class TallyCreateView(StaffPollMixin, FormView):
    permission_required = "ballot_boxes.add_postcardtally"
    template_name = "ballot_boxes/tally_form.html"

    def get_form(self, form_class=None):
        return TallyForm(poll=self.poll, **self.get_form_kwargs())

    def form_valid(self, form):
        try:
            tally = tally_create(poll=self.poll, box=form.cleaned_data["box"], emptied_on=form.cleaned_data["emptied_on"],
                                 counts=form.counts(), invalid_count=form.cleaned_data["invalid_count"],
                                 entered_by=self.request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The postcards of %(tally)s have been entered.") % {"tally": tally} + " " + (
            _("A second person must confirm the entry before it counts.") if tally.needs_confirmation
            else _("They count from now on.")))
        return redirect("ballot-boxes:tally-log", module_slug=self.module.slug)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class TallyMixin(StaffPollMixin):
    @cached_property
    def tally(self) -> PostcardTally:
        return get_object_or_404(PostcardTally.objects.select_related("box", "entered_by"), pk=self.kwargs["pk"],
                                 poll=self.poll)

    def get_permission_object(self):
        return self.tally


class TallyConfirmView(TallyMixin, View):
    permission_required = "ballot_boxes.confirm_postcardtally"

    def post(self, request, *args, **kwargs):
        try:
            tally_confirm(tally=self.tally, confirmed_by=request.user)
            messages.success(request, _("Confirmed: the postcards of %(tally)s count now.") % {"tally": self.tally})
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect("ballot-boxes:tally-log", module_slug=self.module.slug)


class TallyCorrectView(TallyMixin, FormView):
    permission_required = "ballot_boxes.add_postcardtally"
    template_name = "ballot_boxes/tally_correct.html"

    def get_form(self, form_class=None):
        return CorrectionForm(poll=self.poll, tally=self.tally, **self.get_form_kwargs())

    def get_context_data(self, **kwargs):
        return super().get_context_data(tally=self.tally, **kwargs)

    def form_valid(self, form):
        try:
            tally_correct(tally=self.tally, counts=form.counts(), invalid_count=form.cleaned_data["invalid_count"],
                          reason=form.cleaned_data["reason"], entered_by=self.request.user,
                          note=form.cleaned_data["note"])
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The correction has been entered; the earlier entry stays in the log."))
        return redirect("ballot-boxes:tally-log", module_slug=self.module.slug)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class StaffMapView(PermissionRequiredMixin, TemplateView):
    """The ballot-box map (folium, in a titled iframe) and the same facts as a table."""

    permission_required = "ballot_boxes.view_ballotbox_map"
    template_name = "ballot_boxes/staff_map.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(states=box_states(), **kwargs)


@method_decorator(xframe_options_sameorigin, name="dispatch")
@method_decorator(csp_update({"style-src": [NONCE]}), name="dispatch")  # folium's inline <style>s carry the nonce
class StaffMapDocumentView(PermissionRequiredMixin, View):
    permission_required = "ballot_boxes.view_ballotbox_map"

    def get(self, request):
        # Imported here: folium compiles dozens of Jinja templates on import (0.2-0.5 s of CPU), which every worker
        # paid on its first request of any kind, since the URLconf imports this module (benchmarks/pins.py).
        from .staff_map import ballot_box_map_html

        return HttpResponse(ballot_box_map_html(box_states(), title=_("Map of the ballot boxes"), nonce=request.csp_nonce))
