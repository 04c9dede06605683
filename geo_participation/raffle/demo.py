"""Demo raffles of the Lautrer Stadtdialog: the finished raffle of the press release (cut-off 30 November; a
Betze season ticket for the second half of the season, a tablet, Bluetooth speakers), drawn and published with its
files, and an open raffle whose cut-off lies ahead, for which the demo residents collect tickets (ben came through
anna's invitation, so anna has 2 tickets).

Dates are relative to the day the demo is loaded: the finished raffle's cut-off is the end of 30 November of this
year if that has passed, else of last year; the open one's is six weeks ahead. The pot holds every confirmed demo
resident (the polls' demo voters too); the residents made here have invented names.
"""

from __future__ import annotations

import datetime as dt
import random
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from geo_participation.accounts import roles
from geo_participation.accounts.models import User
from geo_participation.projects.models import Module, Project
from geo_participation.projects.templatetags.module_dates import format_deadline

from .models import AuditEntry, Prize, Raffle, Winner
from .services import raffle_draw, raffle_freeze, raffle_settings_save, winner_handover, winner_not_claimed

PROJECT_SLUG = "lautrer-stadtdialog"
FINISHED_SLUG = "verlosung-klmitwirkung"
OPEN_SLUG = "verlosung-mitmachen-lohnt-sich"

FINISHED_PRIZES = [("Betze-Rückrunden-Dauerkarte", 1), ("Tablet", 1), ("Bluetooth-Lautsprecher", 1)]
OPEN_PRIZES = [("Stadtführung „Lautrer Geschichte(n)“ für vier Personen (Demo)", 1),
               ("Gutschein für den Wochenmarkt über 25 Euro (Demo)", 3)]

RULES = """Veranstalterin ist die Stadt Kaiserslautern, Lautrer Stadtdialog (Demo-Text).

- Teilnehmen können alle, deren Konto auf Kaiserslautern MitWirkung bis zum Stichtag bestätigt ist. Mitarbeitende des Plattform-Teams sind ausgeschlossen.
- Jede Person kann nur einen Preis gewinnen. Eine Barauszahlung ist nicht möglich.
- Die Gewinnerinnen und Gewinner erhalten eine E-Mail und melden sich innerhalb von zwei Wochen. Wer sich nicht meldet, verzichtet; dann rückt die nächste Person von der Reserveliste nach.
- Der Rechtsweg ist ausgeschlossen."""

FIRST_NAMES = ["Janine", "Lukas", "Selin", "Jonas", "Marie", "Tobias", "Aylin", "Felix", "Hannah", "Kemal", "Lea",
               "Nico", "Sophie", "Dennis", "Mira", "Paul", "Greta", "Yusuf", "Carla", "Timo"]
LAST_NAMES = ["Amster", "Becker", "Demir", "Fischer", "Hofmann", "Klein", "Lang", "Meyer", "Neumann", "Özdemir",
              "Roth", "Schmitt", "Wagner", "Weber", "Zimmer"]
RESIDENTS = 60


def _cutoff_of_finished(now) -> dt.datetime:
    """The end of 30 November (midnight into 1 December, Europe/Berlin) of this year if past, else of last year."""
    local_now = timezone.localtime(now)
    year = local_now.year
    end_of_november = timezone.make_aware(dt.datetime(year, 12, 1))
    if end_of_november > now:
        end_of_november = timezone.make_aware(dt.datetime(year - 1, 12, 1))
    return end_of_november


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(0)))


def _residents(cutoff: dt.datetime, rng: random.Random) -> int:
    """Confirmed demo residents who cannot log in, most of them confirmed before the finished raffle's cut-off, some
    after it, a few never; with invitations among them (one brought more friends than the cap counts)."""
    names = [f"demo-los-{n:03d}" for n in range(1, RESIDENTS + 1)]
    if User.objects.filter(username__in=names).exists():
        return 0
    password = make_password(None)
    users = []
    for n, username in enumerate(names):
        if n % 20 == 19:
            confirmed = None  # never confirmed
        elif n % 10 == 8:
            confirmed = cutoff + timedelta(days=rng.randint(1, 20), minutes=rng.randint(0, 1000))  # too late
        else:
            confirmed = cutoff - timedelta(days=rng.randint(1, 400), minutes=rng.randint(0, 1400))
        joined = (confirmed or cutoff) - timedelta(minutes=rng.randint(5, 600))
        users.append(User(username=username, email=f"{username}@example.org", password=password,
                          first_name=FIRST_NAMES[n % len(FIRST_NAMES)], last_name=LAST_NAMES[n % len(LAST_NAMES)],
                          email_confirmed_at=confirmed, date_joined=joined))
    User.objects.bulk_create(users)
    created = list(User.objects.filter(username__in=names).order_by("username"))
    resident = roles.group(roles.RESIDENT)
    User.groups.through.objects.bulk_create([User.groups.through(user_id=u.pk, group_id=resident.pk) for u in created])
    # Invitations: the first resident brought seven friends (five count), others one or two.
    for friend in created[1:8]:
        friend.referred_by = created[0]
    for n in range(10, len(created), 3):
        created[n].referred_by = created[n - 1]
    User.objects.bulk_update(created, ["referred_by"])
    return len(created)


def _anna_and_ben(before: dt.datetime) -> None:
    """anna and ben, confirmed well before the finished raffle's cut-off; ben came through anna's invitation."""
    anna, ben = User.objects.get(username="anna"), User.objects.get(username="ben")
    for person in (anna, ben):
        if person.email_confirmed_at is None or person.email_confirmed_at > before:
            person.email_confirmed_at, person.date_joined = before, before - timedelta(hours=1)
            person.save(update_fields=["email_confirmed_at", "date_joined"])
    if ben.referred_by_id is None:
        ben.referred_by = anna
        ben.save(update_fields=["referred_by"])


def _raffle(*, slug, title, description, start, cutoff, prizes) -> Raffle:
    project = Project.objects.get(slug=PROJECT_SLUG)
    module = Module.objects.create(project=project, format_key="raffle", slug=slug, title=title,
                                   description=description, start=start, end=cutoff, weight=10)
    raffle = raffle_settings_save(raffle=Raffle(module=module, cutoff=cutoff, rules=RULES, referral_cap=5,
                                                reserve_count=3))
    # As if the commitment had been published when the raffle opened (the demo is loaded later than that).
    Raffle.objects.filter(pk=raffle.pk).update(committed_at=start)
    AuditEntry.objects.filter(raffle=raffle, action=AuditEntry.Action.COMMITTED).update(at=start)
    raffle.committed_at = start
    Prize.objects.bulk_create([Prize(raffle=raffle, name=name, quantity=quantity, order=n)
                               for n, (name, quantity) in enumerate(prizes, start=1)])
    return raffle


def _finished(now) -> str:
    cutoff = _cutoff_of_finished(now)
    _anna_and_ben(cutoff - timedelta(days=40))
    _residents(cutoff, random.Random(1130))
    raffle = _raffle(
        slug=FINISHED_SLUG, title="Gewinnspiel: Registrieren und gewinnen",
        description="Zum Stichtag am 30. November landeten alle bis dahin Registrierten im Lostopf – Neuanmeldungen "
                    "wie bereits Registrierte. Wer Freundinnen und Freunde für die Plattform geworben hat, bekam "
                    "weitere Lose. Verlost wurden eine Betze-Rückrundendauerkarte, ein modernes Tablet und "
                    "hochwertige Bluetooth-Lautsprecher.",
        start=cutoff - timedelta(days=76), cutoff=cutoff, prizes=FINISHED_PRIZES)
    staff = User.objects.get(username="verwaltung")
    frozen_at = min(now, cutoff + timedelta(minutes=12))  # the hourly job, just after the cut-off
    raffle_freeze(raffle=raffle, now=frozen_at)
    drawn_at = min(now, cutoff + timedelta(days=10, hours=10))
    raffle = raffle_draw(raffle=raffle, by=staff, now=drawn_at, notify=False)
    winners = list(Winner.objects.filter(raffle=raffle, reserve_rank__isnull=True).order_by("draw"))
    handed_over = min(now, drawn_at + timedelta(days=40))
    for winner in winners[:2]:
        winner_handover(winner=winner, by=staff, now=handed_over)
    reserve = winner_not_claimed(winner=winners[2], by=staff, now=min(now, drawn_at + timedelta(days=15)), notify=False)
    if reserve is not None:
        winner_handover(winner=reserve, by=staff, now=handed_over)
    return f"„{raffle.module.title}“ gezogen ({raffle.ticket_count} Lose)"


def _open(now) -> str:
    today = timezone.localdate(now)
    raffle = _raffle(
        slug=OPEN_SLUG, title="Verlosung: Mitmachen lohnt sich",
        description="Alle, die bis zum Stichtag ein bestätigtes Konto haben, sind im Lostopf. Jede Freundin und jeder "
                    "Freund, die oder den du einlädst, bringt dir ein weiteres Los. (Demo-Text)",
        start=_midnight(today - timedelta(days=14)), cutoff=_midnight(today + timedelta(days=43)), prizes=OPEN_PRIZES)
    return f"„{raffle.module.title}“ sammelt Lose {format_deadline(raffle.cutoff)}"


def load(*, progress) -> str:
    """Idempotent: a raffle that exists already is left as it is."""
    now = timezone.now()
    done = []
    if not Module.objects.filter(slug=FINISHED_SLUG).exists():
        done.append(_finished(now))
    if not Module.objects.filter(slug=OPEN_SLUG).exists():
        _anna_and_ben(now - timedelta(days=1))
        done.append(_open(now))
    return "; ".join(done) or "Verlosungen schon vorhanden"
