"""The poll page (vote, result, where to vote on paper), and the staff area for postcards: enter, confirm, correct,
the log, the ballot-box map; and the public box layer of a poll."""

from csp.constants import NONCE
from csp.decorators import csp_update
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from geo_participation.projects.door import ModulePageMixin

from .forms import CorrectionForm, TallyForm, VoteForm, add_service_errors
from .models import Poll, PostcardTally
from .selectors import (box_states, boxes_for_poll, my_participation, poll_result, poll_result_csv,
                        polls_with_boxes, tally_log)
from .services import ballot_cast, ballot_change, poll_results_publish, tally_confirm, tally_correct, tally_create


class PollMixin(ModulePageMixin):
    format_key = "polls"

    @cached_property
    def poll(self) -> Poll | None:
        """The poll's settings; None while staff have not set them up."""
        poll = Poll.objects.filter(module=self.module).first()
        if poll is not None:
            self.module.poll = poll  # both ways, so that rules and templates need no further query
        return poll


class PollDetailView(PollMixin, TemplateView):
    """The poll page: options, the vote form, the result (when it may be shown), where to vote on paper."""

    template_name = "polls/poll_detail.html"

    def required_permission(self, method):
        if method != "POST":
            return None
        if self.poll is None:
            raise Http404
        return "polls.change_ballot" if self.participation else "polls.add_ballot"

    @cached_property
    def participation(self):
        return my_participation(poll=self.poll, user=self.request.user)

    def post(self, request, *args, **kwargs):
        participation = self.participation
        form = self.vote_form(data=request.POST)
        if form.is_valid():
            try:
                if participation:
                    ballot_change(poll=self.poll, voter=request.user, option_ids=form.chosen())
                    messages.success(request, _("Your vote has been changed. Thank you!"))
                else:
                    ballot_cast(poll=self.poll, voter=request.user, option_ids=form.chosen())
                    messages.success(request, _("Your vote has been counted. Thank you for taking part!"))
                return redirect(self.module.get_absolute_url() + "#vote")
            except ValidationError as error:
                add_service_errors(form, error)
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def vote_form(self, **kwargs) -> VoteForm:
        return VoteForm(poll=self.poll, options=self.poll_options, auto_id="vote-%s", **kwargs)

    @cached_property
    def poll_options(self):
        return list(self.poll.options.all()) if self.poll else []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, module, poll = self.request.user, self.module, self.poll
        context.update(poll=poll, options=self.poll_options)
        if poll is None:
            return context
        participation = self.participation
        may_vote = module.is_open and user.has_perm("polls.add_ballot", module) and participation is None
        may_change = (module.is_open and participation is not None and poll.allow_vote_change
                      and participation.ballot_id is not None and user.has_perm("polls.change_ballot", module))
        form = kwargs.get("form")
        if form is None and (may_vote or may_change):
            initial = {"options": sorted(participation.option_ids)} if may_change else None
            if initial and not poll.is_multiple:
                initial["options"] = initial["options"][0]
            form = self.vote_form(initial=initial)
        context.update(participation=participation, may_vote=may_vote, may_change=may_change, form=form,
                       option_rows=list(zip(self.poll_options, form["options"])) if form else [],
                       boxes=list(boxes_for_poll(poll=poll)))
        if user.has_perm("polls.view_result", module):
            result = context["result"] = poll_result(poll=poll)
            context["chart_data"] = {
                "labels": [row.option.title for row in result.options],
                "online": [row.online for row in result.options],
                "postcards": [row.postcards for row in result.options],
                "online_label": _("Online"), "postcards_label": _("Postcards"),
            }
        context["may_publish"] = (user.has_perm("polls.publish_result", module) and module.state == module.State.CLOSED
                                  and not module.results_published)
        return context


class PollResultCsvView(PollMixin, View):
    """The result as a CSV download: counts only, nobody's name."""

    def get(self, request, *args, **kwargs):
        if self.poll is None or not request.user.has_perm("polls.view_result", self.module):
            raise Http404
        response = HttpResponse(poll_result_csv(poll_result(poll=self.poll)), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="ergebnis-{self.module.slug}.csv"'
        return response


class PollResultPublishView(PollMixin, View):
    """Staff publish the final result (the poll page offers the button once the poll has ended)."""

    permission_required = "polls.publish_result"
    taking_part = ()  # staff work, after the end

    def post(self, request, *args, **kwargs):
        if self.poll is None:
            raise Http404
        try:
            poll_results_publish(poll=self.poll)
            messages.success(request, _("The result has been published. It is final now."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        next_url = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            next_url = self.module.get_absolute_url()
        return redirect(next_url)


class StaffIndexView(PermissionRequiredMixin, TemplateView):
    """Where staff start: the polls that collect postcards and what waits for them."""

    permission_required = "polls.view_staff_area"
    template_name = "polls/staff_index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(polls=polls_with_boxes(), **kwargs)


class StaffPollMixin(ModulePageMixin):
    """The staff area of one poll: through the format's door, as staff work, which goes on after the end."""

    format_key = "polls"
    permission_required = "polls.view_postcardtally"
    taking_part = ()

    @cached_property
    def poll(self) -> Poll:
        return get_object_or_404(Poll.objects.select_related("module"), module=self.module)

    def get_context_data(self, **kwargs):
        return super().get_context_data(poll=self.poll, **kwargs)


class TallyLogView(StaffPollMixin, TemplateView):
    """The full log of a poll's tallies, what waits for confirmation, and the public summary next to it."""

    template_name = "polls/tally_log.html"

    def get_context_data(self, **kwargs):
        log = tally_log(poll=self.poll)
        return super().get_context_data(
            log=log, pending=[t for t in log if t.status == "pending"], options=list(self.poll.options.all()),
            result=poll_result(poll=self.poll), **kwargs)


class TallyCreateView(StaffPollMixin, FormView):
    permission_required = "polls.add_postcardtally"
    template_name = "polls/tally_form.html"

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
        return redirect("polls-site:tally-log", module_slug=self.module.slug)

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
    permission_required = "polls.confirm_postcardtally"

    def post(self, request, *args, **kwargs):
        try:
            tally_confirm(tally=self.tally, confirmed_by=request.user)
            messages.success(request, _("Confirmed: the postcards of %(tally)s count now.") % {"tally": self.tally})
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect("polls-site:tally-log", module_slug=self.module.slug)


class TallyCorrectView(TallyMixin, FormView):
    permission_required = "polls.add_postcardtally"
    template_name = "polls/tally_correct.html"

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
        return redirect("polls-site:tally-log", module_slug=self.module.slug)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class StaffMapView(PermissionRequiredMixin, TemplateView):
    """The ballot-box map (folium, in a titled iframe) and the same facts as a table."""

    permission_required = "polls.view_ballotbox_map"
    template_name = "polls/staff_map.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(states=box_states(), **kwargs)


@method_decorator(xframe_options_sameorigin, name="dispatch")
@method_decorator(csp_update({"style-src": [NONCE]}), name="dispatch")  # folium's inline <style>s carry the nonce
class StaffMapDocumentView(PermissionRequiredMixin, View):
    permission_required = "polls.view_ballotbox_map"

    def get(self, request):
        # Imported here: folium compiles dozens of Jinja templates on import (0.2-0.5 s of CPU), which every worker
        # paid on its first request of any kind, since the URLconf imports this module (benchmarks/pins.py).
        from .staff_map import ballot_box_map_html

        return HttpResponse(ballot_box_map_html(box_states(), title=_("Map of the ballot boxes"), nonce=request.csp_nonce))
