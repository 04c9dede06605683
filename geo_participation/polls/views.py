from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from geo_participation.projects.views import ModuleMixin, require_perm
from maps.ballot_boxes.selectors import boxes_for_poll

from .forms import VoteForm, add_service_errors
from .models import Poll
from .selectors import my_participation, poll_result, poll_result_csv
from .services import ballot_cast, ballot_change, poll_results_publish


class PollMixin(ModuleMixin):
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

    def post(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if self.poll is None:
            raise Http404
        participation = my_participation(poll=self.poll, user=request.user)
        perm = "polls.change_ballot" if participation else "polls.add_ballot"
        require_perm(request.user, perm, self.module)
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
        participation = my_participation(poll=poll, user=user)
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

    def post(self, request, *args, **kwargs):
        if self.poll is None:
            raise Http404
        if not request.user.has_perm("polls.publish_result", self.module):
            raise PermissionDenied
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
