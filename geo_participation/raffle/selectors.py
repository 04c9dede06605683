"""Reads of raffles: the people as the ticket rules see them, a resident's tickets and why, the public results."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from geo_participation.accounts import roles
from geo_participation.accounts.models import User
from geo_participation.projects.templatetags.module_dates import format_deadline

from . import tickets as rules_of_tickets
from .models import Participant, Raffle, Ticket, Winner
from .templatetags.raffle_words import format_cutoff

TEAM_ROLES = (roles.MODERATOR, roles.PLANNER, roles.STAFF)


def people(*, where: Q | None = None) -> list[rules_of_tickets.Person]:
    """The accounts as the ticket rules see them (all of them, or those ``where`` selects). The team: moderators,
    planners, staff, superusers and anyone else who works in the administration."""
    in_team_role = User.groups.through.objects.filter(user_id=OuterRef("pk"), group__name__in=TEAM_ROLES)
    rows = (User.objects.filter(where or Q())
            .annotate(in_team_role=Exists(in_team_role))
            .values_list("pk", "email_confirmed_at", "is_active", "is_superuser", "is_staff", "in_team_role",
                         "referred_by_id"))
    return [rules_of_tickets.Person(id=pk, confirmed_at=confirmed_at, active=active,
                                    team=superuser or staff or team_role, referred_by=referred_by)
            for pk, confirmed_at, active, superuser, staff, team_role, referred_by in rows]


@dataclass
class FriendLine:
    username: str
    status: str  # tickets.COUNTS, OVER_CAP, NOT_CONFIRMED, ...


@dataclass
class MyTickets:
    """A resident's tickets in one raffle, and why: live before the list is frozen, from the list after."""

    account: int = 0  # 1 if the account itself takes part
    referrals: int = 0
    ineligible: str | None = None  # why the account does not take part (tickets.INACTIVE, TEAM, ...)
    friends: list[FriendLine] = field(default_factory=list)
    frozen: bool = False
    pseudonym: str | None = None
    numbers: list[int] = field(default_factory=list)  # the ticket numbers in the published list

    @property
    def total(self) -> int:
        return self.account + self.referrals


def my_tickets(*, raffle: Raffle, user) -> MyTickets | None:
    """The tickets of ``user`` (None for visitors): the same rules as the draw, over the person and their friends."""
    if not user.is_authenticated:
        return None
    (me,) = people(where=Q(pk=user.pk))
    friends = people(where=Q(referred_by_id=user.pk))
    usernames = dict(User.objects.filter(referred_by_id=user.pk).values_list("pk", "username"))
    statuses = rules_of_tickets.friend_statuses(me, friends, cutoff=raffle.cutoff, referral_cap=raffle.referral_cap)
    result = MyTickets(ineligible=rules_of_tickets.ineligibility(me, raffle.cutoff))
    if raffle.frozen_at is None:
        mine = [t for t in rules_of_tickets.tickets([me, *friends], cutoff=raffle.cutoff,
                                                    referral_cap=raffle.referral_cap) if t.owner == user.pk]
        result.account = sum(1 for t in mine if t.reason == rules_of_tickets.ACCOUNT)
        result.referrals = len(mine) - result.account
        result.friends = [FriendLine(usernames.get(friend.id, "?"), status) for friend, status in statuses]
        return result
    # Frozen: the list is what counts; the friends' lines say why the others do not.
    result.frozen = True
    participant = Participant.objects.filter(raffle=raffle, user=user).first()
    rows = list(Ticket.objects.filter(raffle=raffle, participant=participant).select_related("friend__user")
                .order_by("number")) if participant else []
    if rows:
        result.pseudonym = participant.pseudonym
        result.ineligible = None
    result.numbers = [row.number for row in rows]
    result.account = sum(1 for row in rows if row.reason == Ticket.Reason.ACCOUNT)
    result.referrals = len(rows) - result.account
    counted = {row.friend.user_id for row in rows if row.friend_id and row.friend.user_id}
    result.friends = [FriendLine(usernames.get(friend.id, "?"),
                                 rules_of_tickets.COUNTS if friend.id in counted
                                 else (rules_of_tickets.OVER_CAP if status == rules_of_tickets.COUNTS else status))
                      for friend, status in statuses]
    return result


def participant_of(*, raffle: Raffle, user) -> Participant | None:
    if not user.is_authenticated:
        return None
    return Participant.objects.filter(raffle=raffle, user=user).first()


def winners_of(*, raffle: Raffle) -> list[Winner]:
    """The winners and reserves in draw order, with their prizes and people."""
    return list(Winner.objects.filter(raffle=raffle)
                .select_related("participant__user", "prize", "prize_at_draw").order_by("draw"))


def raffles_listed(*, user) -> list[Raffle]:
    """The raffles the person may see, newest cut-off first."""
    raffles = Raffle.objects.select_related("module__project").order_by("-cutoff")
    return [raffle for raffle in raffles if user.has_perm("projects.view_module", raffle.module)]


def current_raffle() -> Raffle | None:
    """The public raffle collecting tickets now with the nearest cut-off, else the one whose cut-off passed last."""
    now = timezone.now()
    public = Raffle.objects.filter(module__is_draft=False, module__project__is_draft=False,
                                   module__start__lte=now).select_related("module")
    return (public.filter(cutoff__gt=now).order_by("cutoff").first()
            or public.filter(cutoff__lte=now).order_by("-cutoff").first())


def personal_data(*, user) -> list[dict]:
    """For "download my data": the raffles I take part in, with my pseudonym, my tickets and what I won.
    Nothing that is secret before a draw (the seed) is ever in it."""
    rows = []
    for participant in (Participant.objects.filter(user=user).select_related("raffle__module")
                        .order_by("raffle__cutoff")):
        raffle = participant.raffle
        tickets = list(Ticket.objects.filter(participant=participant).select_related("friend")
                       .order_by("number").values_list("number", "reason", "friend__pseudonym"))
        wins = list(Winner.objects.filter(participant=participant).select_related("prize"))
        rows.append({
            "raffle": raffle.module.title,
            "cutoff": raffle.cutoff.isoformat(),
            "pseudonym": participant.pseudonym,
            "public_name": participant.public_name,
            "tickets": [{"number": n, "reason": reason, "friend": friend} for n, reason, friend in tickets],
            "won": [{"draw": w.draw, "prize": w.prize.name if w.prize else None, "reserve": w.reserve_rank,
                     "handed_over_at": w.handed_over_at.isoformat() if w.handed_over_at else None} for w in wins],
        })
    return rows


def referral_notes(*, friend, referrer) -> list[tuple[int, str]]:
    """What an invitation means for the current raffle, said to the friend who just signed up with it: a ticket for
    the person who invited them once they confirm by the cut-off, or none when the cut-off has passed."""
    raffle = current_raffle()
    if raffle is None:
        return []
    values = {"raffle": raffle.module.i18n.title, "referrer": referrer.username}
    if raffle.cutoff <= timezone.now():
        values["cutoff"] = format_cutoff(raffle.cutoff)
        return [(messages.WARNING, _("The cut-off of “%(raffle)s” was %(cutoff)s: the invitation of %(referrer)s is "
                                     "recorded, but it brings no ticket in this raffle.") % values)]
    values["deadline"] = format_deadline(raffle.cutoff)
    (inviter,) = people(where=Q(pk=referrer.pk))
    if inviter.team or not inviter.active or raffle.referral_cap == 0:
        return [(messages.INFO, _("Confirm your e-mail address %(deadline)s, and you take part in “%(raffle)s”.")
                 % values)]
    return [(messages.INFO, _("You came through the invitation of %(referrer)s. Confirm your e-mail address "
                              "%(deadline)s: then you take part in “%(raffle)s”, and your sign-up can bring %(referrer)s another "
                              "ticket.")
             % values)]
