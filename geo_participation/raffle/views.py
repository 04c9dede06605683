"""The raffle page (who takes part, your tickets and why, the draw and how to check it, the winners), the published
files, and the staff page (the draw, handovers, unclaimed prizes, the log). All through the module door."""

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from geo_participation.projects.door import ModulePageMixin

from . import algorithm
from . import tickets as rules_of_tickets
from .forms import PublicNameForm
from .models import Participant, Raffle, Winner
from .selectors import my_tickets, participant_of, people, raffles_listed, winners_of
from .services import (draw_filename, draw_refusal, participant_public_name_set, raffle_draw, tickets_filename,
                       winner_handover, winner_not_claimed)


class RaffleMixin(ModulePageMixin):
    format_key = "raffle"
    taking_part = ()  # nobody takes part on these pages: tickets come from the account; staff work after the cut-off

    @cached_property
    def raffle(self) -> Raffle | None:
        """The raffle's settings; None while staff have not set them up."""
        raffle = Raffle.objects.filter(module=self.module).first()
        if raffle is not None:
            raffle.module = self.module  # the module the door loaded, with its project
        return raffle

    def get_context_data(self, **kwargs):
        return super().get_context_data(raffle=self.raffle, **kwargs)


class RaffleView(RaffleMixin, TemplateView):
    """The public page of a raffle."""

    template_name = "raffle/raffle_detail.html"
    permission_required = {"POST": "raffle.choose_public_name"}

    def post(self, request, *args, **kwargs):
        if self.raffle is None:
            raise Http404
        form = PublicNameForm(request.POST, auto_id="name-%s")
        if form.is_valid():
            participant_public_name_set(raffle=self.raffle, user=request.user,
                                        public_name=form.cleaned_data["public_name"])
            messages.success(request, _("Saved: if you win, the page names you by your initials.")
                             if form.cleaned_data["public_name"] == Participant.PublicName.INITIALS
                             else _("Saved: if you win, the page names you by your username."))
            return redirect(self.module.get_absolute_url() + "#public-name")
        return self.render_to_response(self.get_context_data(name_form=form), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        raffle, user = self.raffle, self.request.user
        if raffle is None:
            return context
        participant = participant_of(raffle=raffle, user=user)
        if "name_form" not in context and user.has_perm("raffle.choose_public_name", self.module):
            initial = participant.public_name if participant else Participant.PublicName.USERNAME
            context["name_form"] = PublicNameForm(initial={"public_name": initial}, auto_id="name-%s")
        winners = winners_of(raffle=raffle) if raffle.is_drawn else []
        context.update(
            phase=raffle.phase,
            prizes=list(raffle.prizes.all()),
            mine=my_tickets(raffle=raffle, user=user),
            winners=[w for w in winners if not w.is_reserve],
            reserves=[w for w in winners if w.is_reserve],
            may_draw=user.has_perm("raffle.run_draw", self.module),
            referral_link=(self.request.build_absolute_uri(reverse("account_signup") + f"?ref={user.referral_code}")
                           if user.is_authenticated else None),
        )
        return context


class PublishedFileView(RaffleMixin, View):
    """The ticket list (from the freeze on) and the draw (from the draw on), byte for byte as stored."""

    kind = ""  # "tickets" or "draw"

    def get(self, request, *args, **kwargs):
        raffle = self.raffle
        if raffle is None:
            raise Http404
        if self.kind == "tickets" and raffle.frozen_at is not None:
            body, content_type, name = raffle.tickets_csv, "text/csv; charset=utf-8", tickets_filename(raffle)
        elif self.kind == "draw" and raffle.is_drawn:
            body, content_type, name = raffle.draw_json, "application/json; charset=utf-8", draw_filename(raffle)
        else:
            raise Http404
        response = HttpResponse(body.encode("utf-8"), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


def verification_program(request):
    """The draw's algorithm with its checker, a Python file without dependencies (``algorithm.py`` itself)."""
    source = Path(algorithm.__file__).read_bytes()
    response = HttpResponse(source, content_type="text/x-python; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="verlosung_pruefen.py"'
    return response


def raffle_list(request):
    """Every raffle one may see: the open one first in the navigation's sense, then the finished ones."""
    return render(request, "raffle/raffle_list.html", {"raffles": raffles_listed(user=request.user)})


class StaffView(RaffleMixin, TemplateView):
    """The staff page of one raffle: the state of the seed and the ticket list, the draw, the winners, the log."""

    template_name = "raffle/raffle_staff.html"
    permission_required = "raffle.run_draw"  # every method: the page links pseudonyms to accounts

    def get_raffle(self) -> Raffle:
        if self.raffle is None:
            raise Http404
        return self.raffle

    def post(self, request, *args, **kwargs):
        raffle = self.get_raffle()
        try:
            raffle_draw(raffle=raffle, by=request.user)
        except ValidationError as error:
            return self.render_to_response(self.get_context_data(draw_errors=error.messages), status=400)
        messages.success(request, _("Drawn. The winners are told by e-mail; the seed, the ticket list and the draw are "
                                    "published on the raffle's page."))
        return redirect("raffle:staff", module_slug=self.module.slug)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        raffle = self.get_raffle()
        refusal = draw_refusal(raffle, now=timezone.now())
        live = None
        if raffle.frozen_at is None:
            claims = rules_of_tickets.tickets(people(), cutoff=raffle.cutoff, referral_cap=raffle.referral_cap)
            live = {"participants": len({c.owner for c in claims}), "tickets": len(claims)}
        winners = winners_of(raffle=raffle)
        context.update(
            phase=raffle.phase,
            seed_matches=algorithm.SEED.fullmatch(raffle.seed or "") is not None
            and algorithm.commitment_of(raffle.seed) == raffle.commitment,
            refusal=refusal.messages[0] if refusal else None,
            live=live,
            prizes=list(raffle.prizes.all()),
            winners=winners,
            log=list(raffle.audit.select_related("actor").order_by("-at", "-id")),
        )
        return context


class WinnerActionView(RaffleMixin, View):
    """Staff record a handover, or that a prize was not claimed (then the next reserve moves up)."""

    permission_required = "raffle.record_handover"

    def post(self, request, *args, **kwargs):
        if self.raffle is None:
            raise Http404
        winner = get_object_or_404(Winner.objects.select_related("participant", "prize"), raffle=self.raffle,
                                   draw=kwargs["draw"])
        try:
            if kwargs["action"] == "uebergeben":
                winner_handover(winner=winner, by=request.user)
                messages.success(request, _("Recorded: the prize of draw %(draw)s has been handed over.")
                                 % {"draw": winner.draw})
            else:
                reserve = winner_not_claimed(winner=winner, by=request.user)
                if reserve is None:
                    messages.warning(request, _("Recorded: the prize of draw %(draw)s was not claimed. No reserve is "
                                                "left to move up.") % {"draw": winner.draw})
                else:
                    messages.success(request, _("Recorded: the prize of draw %(draw)s was not claimed. Reserve "
                                                "%(reserve)s (draw %(reserve_draw)s) moves up and is told by e-mail.")
                                     % {"draw": winner.draw, "reserve": reserve.reserve_rank,
                                        "reserve_draw": reserve.draw})
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect("raffle:staff", module_slug=self.module.slug)
