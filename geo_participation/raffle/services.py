"""Every write of a raffle, each one a step in its log: settings and commitment, the frozen ticket list, the draw,
the winners' e-mails, handovers, unclaimed prizes and reserves moving up."""

from __future__ import annotations

import json
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from geo_participation.projects.templatetags.module_dates import format_moment

from . import algorithm
from .audit import audit
from . import tickets as rules_of_tickets
from .models import AuditEntry, Participant, Prize, Raffle, Ticket, Winner
from .notifications import notify_winner
from .selectors import people

def _local(moment: datetime) -> str:
    return timezone.localtime(moment).isoformat()


# --- settings and the commitment

@transaction.atomic
def raffle_settings_save(*, raffle: Raffle, by=None) -> Raffle:
    """Create or change a raffle's settings. A new raffle gets its secret seed and publishes the commitment to it at
    once; the module ends at the cut-off; from the cut-off on nothing can be changed any more."""
    now = timezone.now()
    module = raffle.module
    adding = raffle._state.adding
    if not adding:
        stored = Raffle.objects.select_for_update().get(pk=raffle.pk)
        if stored.frozen_at is not None or stored.cutoff <= now:
            raise ValidationError(_("The cut-off has passed: the raffle's settings cannot be changed any more."),
                                  code="locked")
    if raffle.cutoff is not None and raffle.cutoff <= module.start:
        raise ValidationError({"cutoff": _("The cut-off must be after the start of the format (%(start)s).")
                               % {"start": format_moment(module.start)}})
    if adding:
        raffle.seed = algorithm.new_seed()
        raffle.commitment = algorithm.commitment_of(raffle.seed)
        raffle.committed_at = now
    raffle.full_clean()
    raffle.save()
    if module.end != raffle.cutoff:
        module.end = raffle.cutoff
        module.save(update_fields=["end"])
    if adding:
        audit(raffle, AuditEntry.Action.COMMITTED, actor=by, commitment=raffle.commitment, cutoff=_local(raffle.cutoff))
    else:
        audit(raffle, AuditEntry.Action.SETTINGS, actor=by, cutoff=_local(raffle.cutoff),
              referral_cap=raffle.referral_cap, reserves=raffle.reserve_count)
    return raffle


def prizes_locked(raffle: Raffle | None, *, now=None) -> bool:
    """Prizes are fixed from the cut-off on (who gets which prize follows from their order)."""
    return raffle is not None and raffle.pk is not None and (raffle.frozen_at is not None
                                                             or raffle.cutoff <= (now or timezone.now()))


# --- the ticket list

def _new_pseudonyms(count: int, taken: set[str]) -> list[str]:
    result = []
    while len(result) < count:
        pseudonym = algorithm.new_pseudonym()
        if pseudonym not in taken:
            taken.add(pseudonym)
            result.append(pseudonym)
    return result


@transaction.atomic
def raffle_freeze(*, raffle: Raffle, now: datetime | None = None, by=None) -> Raffle:
    """After the cut-off, fix who takes part with how many tickets (the eligibility snapshot): every eligible person
    gets a random pseudonym, every ticket a row and a number in the canonical list. Done once; later calls return."""
    now = now or timezone.now()
    raffle = Raffle.objects.select_for_update(of=("self",)).select_related("module").get(pk=raffle.pk)
    if raffle.frozen_at is not None:
        return raffle
    if now < raffle.cutoff:
        raise ValidationError(_("The cut-off (%(cutoff)s) has not passed yet.") % {"cutoff": format_moment(raffle.cutoff)},
                              code="before_cutoff")
    claims = rules_of_tickets.tickets(people(), cutoff=raffle.cutoff, referral_cap=raffle.referral_cap)
    owners = {claim.owner for claim in claims}
    existing = {p.user_id: p for p in Participant.objects.filter(raffle=raffle, user_id__in=owners)}
    taken = set(Participant.objects.filter(raffle=raffle).values_list("pseudonym", flat=True))
    missing = sorted(owners - set(existing))
    created = Participant.objects.bulk_create(
        [Participant(raffle=raffle, user_id=user_id, pseudonym=pseudonym, created_at=now)
         for user_id, pseudonym in zip(missing, _new_pseudonyms(len(missing), taken))])
    by_user = {**existing, **{p.user_id: p for p in created}}
    by_pseudonym = {p.pseudonym: p for p in by_user.values()}
    data = algorithm.tickets_csv(
        (by_user[c.owner].pseudonym, c.reason, by_user[c.friend].pseudonym if c.friend else "") for c in claims)
    rows = algorithm.parse_tickets(data)
    Ticket.objects.bulk_create(
        [Ticket(raffle=raffle, number=row.number, participant=by_pseudonym[row.pseudonym], reason=row.reason,
                friend=by_pseudonym[row.friend] if row.friend else None) for row in rows], batch_size=2000)
    raffle.tickets_csv = data.decode("utf-8")
    raffle.tickets_sha256 = algorithm.sha256_hex(data)
    raffle.ticket_count, raffle.participant_count = len(rows), len(by_user)
    raffle.frozen_at = now
    raffle.save(update_fields=["tickets_csv", "tickets_sha256", "ticket_count", "participant_count", "frozen_at"])
    audit(raffle, AuditEntry.Action.FROZEN, actor=by, at=now, cutoff=_local(raffle.cutoff),
          participants=len(by_user), tickets=len(rows),
          referrals=sum(1 for row in rows if row.reason == algorithm.REFERRAL), sha256=raffle.tickets_sha256)
    return raffle


def raffles_freeze_due(*, now: datetime | None = None) -> list[Raffle]:
    """Freeze the ticket list of every raffle whose cut-off has passed (the scheduled job)."""
    now = now or timezone.now()
    return [raffle_freeze(raffle=raffle, now=now)
            for raffle in Raffle.objects.filter(cutoff__lte=now, frozen_at__isnull=True).select_related("module")]


# --- the draw

def draw_refusal(raffle: Raffle, *, now: datetime) -> ValidationError | None:
    """Why this raffle cannot be drawn now: before the cut-off, drawn already, a seed that does not match the
    published commitment, no prizes; None if it can."""
    if raffle.drawn_at is not None:
        return ValidationError(_("This raffle was drawn on %(when)s. A raffle is drawn once.")
                               % {"when": format_moment(raffle.drawn_at)}, code="drawn")
    if now < raffle.cutoff:
        return ValidationError(_("The cut-off (%(cutoff)s) has not passed yet: the draw can only be made after it.")
                               % {"cutoff": format_moment(raffle.cutoff)}, code="before_cutoff")
    if not algorithm.SEED.fullmatch(raffle.seed or "") or algorithm.commitment_of(raffle.seed) != raffle.commitment:
        return ValidationError(_("The stored seed does not match the commitment published before the cut-off, so the "
                                 "draw is refused. Tell the platform's administrators: the stored data has been "
                                 "changed."), code="seed_mismatch")
    if not raffle.prizes.exists():
        return ValidationError(_("The raffle has no prizes: add them in the administration first."), code="no_prizes")
    return None


def draw_document(raffle: Raffle, prizes: list[Prize], winners: list[dict], drawn_at: datetime) -> dict:
    """The published draw (ziehung.json): everything the verification needs besides the ticket list."""
    module = raffle.module
    return {
        "format": algorithm.FORMAT,
        "algorithm": algorithm.ALGORITHM,
        "raffle": {"title": module.title, "address": f"{settings.SITE_URL.rstrip('/')}{module.get_absolute_url()}",
                   "cutoff": _local(raffle.cutoff), "referral_cap": raffle.referral_cap},
        "commitment": raffle.commitment,
        "committed_at": _local(raffle.committed_at),
        "seed": raffle.seed,
        "tickets": {"file": tickets_filename(raffle), "sha256": raffle.tickets_sha256, "count": raffle.ticket_count,
                    "participants": raffle.participant_count},
        "prizes": [{"order": n, "name": p.name, "quantity": p.quantity} for n, p in enumerate(prizes, start=1)],
        "reserves": raffle.reserve_count,
        "drawn_at": _local(drawn_at),
        "winners": winners,
    }


def tickets_filename(raffle: Raffle) -> str:
    return f"lose-{raffle.module.slug}.csv"


def draw_filename(raffle: Raffle) -> str:
    return f"ziehung-{raffle.module.slug}.json"


def raffle_draw(*, raffle: Raffle, by, now: datetime | None = None, notify: bool = True) -> Raffle:
    """Draw the winners, once, after the cut-off, with the seed committed to before it; publish seed, ticket list and
    winners. Two staff pressing at once: the row lock lets one draw and shows the other the first one's draw."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            locked = Raffle.objects.select_for_update(of=("self",)).select_related("module__project").get(pk=raffle.pk)
            if refusal := draw_refusal(locked, now=now):
                raise refusal
            locked = raffle_freeze(raffle=locked, now=now, by=by)
            if not locked.ticket_count:
                raise ValidationError(_("Nobody takes part in this raffle: there is nothing to draw."), code="empty")
            prizes = list(locked.prizes.all())
            places = [prize for prize in prizes for _n in range(prize.quantity)]
            result = algorithm.winners(locked.seed, locked.tickets_csv.encode("utf-8"),
                                       [(p.name, p.quantity) for p in prizes], locked.reserve_count)
            participants = {p.pseudonym: p for p in Participant.objects.filter(raffle=locked)}
            Winner.objects.bulk_create([
                Winner(raffle=locked, draw=entry["draw"], ticket_number=entry["ticket"],
                       participant=participants[entry["pseudonym"]],
                       prize_at_draw=places[entry["draw"] - 1] if entry["reserve"] is None else None,
                       prize=places[entry["draw"] - 1] if entry["reserve"] is None else None,
                       reserve_rank=entry["reserve"]) for entry in result])
            document = draw_document(locked, prizes, result, now)
            locked.draw_json = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
            locked.drawn_at, locked.drawn_by = now, by
            locked.save(update_fields=["draw_json", "drawn_at", "drawn_by"])
            module = locked.module
            module.results_published_at = now
            module.save(update_fields=["results_published_at"])
            audit(locked, AuditEntry.Action.DRAWN, actor=by, at=now, seed=locked.seed,
                  winners=sum(1 for e in result if e["reserve"] is None),
                  reserves=sum(1 for e in result if e["reserve"] is not None))
            if notify:
                for winner in Winner.objects.filter(raffle=locked, prize__isnull=False):
                    notify_winner(winner)
    except (ValidationError, IntegrityError) as error:
        # Logged outside the rolled-back transaction: a refused draw is a step too (the seed stays secret).
        reason = " ".join(error.messages) if isinstance(error, ValidationError) else _("drawn at the same moment by someone else.")
        audit(raffle, AuditEntry.Action.DRAW_REFUSED, actor=by, reason=reason)
        if isinstance(error, IntegrityError):
            raise ValidationError(_("This raffle was drawn at the same moment by someone else."), code="drawn") from error
        raise
    return locked


# --- after the draw: the residents' choice of name, handovers, reserves

def participant_public_name_set(*, raffle: Raffle, user, public_name: str) -> Participant:
    """Whether the public page names the person by username or by initials, should they win."""
    if public_name not in Participant.PublicName.values:
        raise ValidationError({"public_name": _("Choose your username or your initials.")})
    for attempt in range(3):  # two requests of one person at once: the unique constraint lets one create the row
        try:
            with transaction.atomic():
                participant, _created = Participant.objects.get_or_create(raffle=raffle, user=user)
                participant.public_name = public_name
                participant.save(update_fields=["public_name"])
                return participant
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _winner_data(winner: Winner, **more) -> dict:
    return {"draw": winner.draw, "pseudonym": winner.participant.pseudonym,
            "prize": winner.prize.name if winner.prize else "", **more}


@transaction.atomic
def winner_handover(*, winner: Winner, by, now: datetime | None = None) -> Winner:
    """Staff record that a winner has received their prize."""
    winner = Winner.objects.select_for_update(of=("self",)).select_related("participant", "prize", "raffle__module").get(pk=winner.pk)
    if not winner.is_open:
        raise ValidationError(_("This prize is handed over already, or recorded as not claimed."), code="closed")
    winner.handed_over_at, winner.handed_over_by = now or timezone.now(), by
    winner.save(update_fields=["handed_over_at", "handed_over_by"])
    audit(winner.raffle, AuditEntry.Action.HANDED_OVER, actor=by, at=winner.handed_over_at, **_winner_data(winner))
    return winner


def winner_not_claimed(*, winner: Winner, by, now: datetime | None = None, notify: bool = True) -> Winner | None:
    """Staff record that a winner did not claim their prize; the first reserve not yet moved up gets it (and an
    e-mail). Returns that reserve, or None if no reserve is left."""
    now = now or timezone.now()
    with transaction.atomic():
        Raffle.objects.select_for_update().filter(pk=winner.raffle_id).first()  # one move-up at a time per raffle
        winner = Winner.objects.select_for_update(of=("self",)).select_related("participant", "prize", "raffle__module").get(pk=winner.pk)
        if not winner.is_open:
            raise ValidationError(_("This prize is handed over already, or recorded as not claimed."), code="closed")
        winner.not_claimed_at, winner.not_claimed_by = now, by
        winner.save(update_fields=["not_claimed_at", "not_claimed_by"])
        raffle = winner.raffle
        audit(raffle, AuditEntry.Action.NOT_CLAIMED, actor=by, at=now, **_winner_data(winner))
        reserve = (Winner.objects.select_for_update(of=("self",)).select_related("participant", "raffle__module")
                   .filter(raffle=raffle, reserve_rank__isnull=False, prize__isnull=True).order_by("draw").first())
        if reserve is None:
            return None
        reserve.prize, reserve.moved_up_at = winner.prize, now
        reserve.save(update_fields=["prize", "moved_up_at"])
        audit(raffle, AuditEntry.Action.MOVED_UP, actor=by, at=now, reserve=reserve.reserve_rank, **_winner_data(reserve))
        if notify:
            notify_winner(reserve)
        return reserve
