"""Demo polls: the Stadt.Raum.Wir. vote of spring 2022 (closed, result published), an open one to try, and a
closed one whose result is not published yet.

The ranking of the closed poll is the one of the press release of 20 May 2022 ("Lautern tanzt" first,
3D street painting second, Cross Boule third; the top three are realised). The press gave no numbers: the
votes and postcards below are made up to reproduce that ranking, and the poll's texts say so.
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
from maps.ballot_boxes.demo import STAYING, boxes_load

from .models import Ballot, BallotChoice, Option, Participation, Poll, PostcardTally
from .services import poll_results_publish, tally_confirm, tally_correct, tally_create

BERLIN = timezone.get_fixed_timezone(120)  # CEST, spring 2022

EVENTS_SLUG = "stadt-raum-wir-veranstaltungen"
EVENTS = [  # title, description, online votes, postcards per box bb-01 … bb-09
    ("Roundnet", "Das schnelle Ballspiel mit dem runden Netz zum Ausprobieren – für alle Generationen; Netze und "
     "Bälle liegen bereit.", 55, [1, 2, 1, 0, 2, 3, 1, 2, 4]),
    ("Cross Boule mit Käse und Baguette", "Boule quer über den Platz, ohne feste Bahn – dazu französischer Käse und "
     "frisches Baguette.", 96, [5, 3, 4, 3, 5, 6, 4, 3, 7]),
    ("3D-Straßenmalerei", "Künstlerinnen und Künstler malen Bilder auf das Pflaster, die dreidimensional wirken – zum "
     "Zuschauen, Staunen und Fotografieren.", 118, [6, 4, 5, 2, 6, 7, 5, 6, 8]),
    ("Open-Air-Lesung", "Autorinnen und Autoren aus der Region lesen unter freiem Himmel.", 74,
     [6, 3, 10, 3, 4, 2, 5, 3, 2]),
    ("„Lautern tanzt“ – ein Lautrer Tanzabend", "Ein Tanzabend unter freiem Himmel mit Musik für alle Generationen.",
     139, [7, 11, 6, 3, 8, 5, 9, 4, 8]),
]
INVALID = [1, 0, 1, 0, 1, 0, 2, 0, 1]
BOX_CODES = [f"bb-{n:02d}" for n in range(1, 10)]

OPEN_SLUG = "dritte-orte-wuensche"
WISHES = [
    ("Lesecafé ohne Konsumzwang", "Ein Ort zum Lesen, Spielen und Reden – auch ohne etwas zu kaufen. (Demo-Text)"),
    ("Repair-Café", "Gemeinsam reparieren statt wegwerfen: Fahrräder, Toaster, Kleidung. (Demo-Text)"),
    ("Offene Werkstatt für Jugendliche", "Werkzeug, Platz und Begleitung für eigene Projekte. (Demo-Text)"),
    ("Gemeinschaftsgarten", "Gemeinsam gärtnern mitten in der Stadt. (Demo-Text)"),
    ("Treffpunkt für Vereine und Initiativen", "Räume, die Vereine stundenweise nutzen können. (Demo-Text)"),
]
CLOSED_SLUG = "ausprobierbox-funktionen"
BOX_FEATURES = [
    ("Abholfach für Bestellungen", "Bestellungen bei lokalen Geschäften rund um die Uhr abholen. (Demo-Text)"),
    ("Rückgabe von Leihartikeln", "Bücher, Werkzeug oder Spiele zurückgeben, wann es passt. (Demo-Text)"),
    ("Kühlfach", "Frische Lebensmittel vom Wochenmarkt sicher lagern. (Demo-Text)"),
    ("Ladestation für E-Bikes", "Akku laden, während du einkaufst. (Demo-Text)"),
]
DEMO_VOTERS = 520


def _demo_voters(count: int) -> list[int]:
    """Confirmed demo residents who cannot log in (no usable password); created once, in bulk."""
    names = [f"demo-stimme-{n:03d}" for n in range(1, count + 1)]
    existing = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    confirmed = dt.datetime(2022, 4, 1, 12, tzinfo=BERLIN)
    new = [User(username=n, email=f"{n}@example.org", password=make_password(None), email_confirmed_at=confirmed)
           for n in names if n not in existing]
    if new:
        User.objects.bulk_create(new)
        resident = roles.group(roles.RESIDENT)
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=u.pk, group_id=resident.pk) for u in User.objects.filter(username__in=[u.username for u in new])])
    return list(User.objects.filter(username__in=names).order_by("username").values_list("pk", flat=True))


def _votes_bulk(poll: Poll, voter_ids: list[int], choices: list[list[int]], *, start, end, rng) -> None:
    """Participations and unlinked ballots, in independent orders (as the secrecy model keeps them)."""
    span = (end - start).total_seconds()
    Participation.objects.bulk_create([
        Participation(poll=poll, user_id=uid, voted_at=start + timedelta(seconds=rng.uniform(0, span)))
        for uid in voter_ids])
    shuffled = list(choices)
    rng.shuffle(shuffled)
    ballots = Ballot.objects.bulk_create([Ballot(poll=poll) for _ in shuffled])
    BallotChoice.objects.bulk_create([BallotChoice(ballot=b, option_id=o) for b, ids in zip(ballots, shuffled) for o in ids])


def _stadt_raum_wir(voters: list[int], boxes, staff: User, second: User) -> str:
    project = Project.objects.get(slug="stadt-raum-wir")
    module = Module.objects.create(
        project=project, format_key="polls", slug=EVENTS_SLUG,
        title="Welche Veranstaltung soll die öffentlichen Plätze beleben?",
        description="Fünf Veranstaltungen standen zur Wahl, die öffentliche Plätze in der Innenstadt beleben sollen. "
                    "Abgestimmt wurde online hier auf der Plattform und mit Postkarten in neun Abstimmungsboxen in der "
                    "Stadt; beide Stimmen wurden zusammengeführt. Die drei beliebtesten Veranstaltungen werden umgesetzt.",
        results_summary="Auf Platz eins steht „Lautern tanzt“, auf Platz zwei die 3D-Straßenmalerei, auf Platz drei "
                        "Cross Boule mit Käse und Baguette. Die drei Veranstaltungen werden umgesetzt, nicht in der "
                        "Reihenfolge der Platzierung: Den Anfang macht die 3D-Straßenmalerei am 30. Juni und 1. Juli 2022 "
                        "auf dem Stiftsplatz.\n\nDie Reihenfolge stammt aus der Pressemitteilung vom 20. Mai 2022; "
                        "die Stimmenzahlen dieser Demo sind ausgedacht.",
        start=dt.datetime(2022, 3, 28, 9, tzinfo=BERLIN), end=dt.datetime(2022, 5, 16, 0, tzinfo=BERLIN), weight=1)
    poll = Poll.objects.create(module=module, kind=Poll.Kind.SINGLE, max_choices=1, allow_vote_change=True,
                               results_visibility=Poll.ResultsVisibility.PUBLISHED, realised_count=3,
                               tally_needs_confirmation=True)
    options = Option.objects.bulk_create([Option(poll=poll, title=t, description=d, weight=i)
                                          for i, (t, d, _online, _cards) in enumerate(EVENTS)])
    poll.ballot_boxes.add(*(boxes[code] for code in BOX_CODES))

    rng = random.Random(2022)
    choices = [[option.pk] for option, (*_texts, online, _cards) in zip(options, EVENTS) for _ in range(online)]
    _votes_bulk(poll, voters[:len(choices)], choices, start=module.start, end=module.end, rng=rng)

    # Two emptyings per box, entered by one person and confirmed by another (the four-eyes principle).
    for index, code in enumerate(BOX_CODES):
        for day, part in ((dt.date(2022, 5, 6), 0), (dt.date(2022, 5, 16), 1)):
            counts = {o.pk: (cards[index] // 2 if part == 0 else cards[index] - cards[index] // 2)
                      for o, (*_t, _online, cards) in zip(options, EVENTS)}
            invalid = INVALID[index] if part else 0
            if code == "bb-05" and part:  # a miscount, corrected with a reason: the log shows how
                wrong = {**counts, options[2].pk: counts[options[2].pk] + 2}
                tally = tally_create(poll=poll, box=boxes[code], emptied_on=day, counts=wrong, invalid_count=invalid,
                                     entered_by=staff)
                tally_confirm(tally=tally, confirmed_by=second)
                tally = tally_correct(tally=tally, counts=counts, invalid_count=invalid, entered_by=second,
                                      reason="Zwei Karten klebten aneinander und wurden doppelt gezählt.")
                tally_confirm(tally=tally, confirmed_by=staff)
                continue
            tally = tally_create(poll=poll, box=boxes[code], emptied_on=day, counts=counts, invalid_count=invalid,
                                 entered_by=staff)
            tally_confirm(tally=tally, confirmed_by=second)
    # The entries were made in May 2022, the day after each emptying.
    for tally in PostcardTally.objects.filter(poll=poll):
        entered = dt.datetime.combine(tally.emptied_on + timedelta(days=1), dt.time(10, tally.pk % 60), tzinfo=BERLIN)
        PostcardTally.objects.filter(pk=tally.pk).update(entered_at=entered, confirmed_at=entered + timedelta(hours=2))
    poll_results_publish(poll=poll, now=dt.datetime(2022, 5, 20, 10, tzinfo=BERLIN))
    return f"„{module.title}“: {len(choices)} Online-Stimmen, {PostcardTally.objects.filter(poll=poll).count()} Auszählungen"


def _dritte_orte(voters: list[int], boxes, staff: User) -> str:
    project = Project.objects.get(slug="dritte-orte")
    now = timezone.now()
    module = Module.objects.create(
        project=project, format_key="polls", slug=OPEN_SLUG, title="Welche Dritten Orte wünschst du dir?",
        description="Dritte Orte sind Orte neben Zuhause und Arbeit: zum Treffen, Lernen, Ausprobieren. Welche zwei "
                    "Ideen sollen zuerst als Pop-up in der Innenstadt getestet werden? Stimme online ab oder mit einer "
                    "Postkarte in der Stadtbibliothek oder im Rathaus-Foyer. (Demo-Abstimmung)",
        start=now - timedelta(days=10), end=now + timedelta(days=30), weight=1)
    poll = Poll.objects.create(module=module, kind=Poll.Kind.MULTIPLE, max_choices=2, allow_vote_change=True,
                               results_visibility=Poll.ResultsVisibility.LIVE, realised_count=2,
                               tally_needs_confirmation=True)
    options = Option.objects.bulk_create([Option(poll=poll, title=t, description=d, weight=i)
                                          for i, (t, d) in enumerate(WISHES)])
    poll.ballot_boxes.add(*(boxes[code] for code in sorted(STAYING)))

    rng = random.Random(3)
    weights = [5, 4, 2, 3, 1]
    choices = []
    for _ in range(37):
        first = rng.choices(options, weights=weights)[0]
        second = rng.choice([o for o in options if o != first]) if rng.random() < 0.7 else None
        choices.append([first.pk] + ([second.pk] if second else []))
    # The demo residents cannot log in, so their ballots need no link for changing them.
    _votes_bulk(poll, voters[-len(choices):], choices, start=module.start, end=now, rng=rng)

    today = timezone.localdate()
    confirmed = tally_create(poll=poll, box=boxes["bb-09"], emptied_on=today - timedelta(days=3),
                             counts={o.pk: n for o, n in zip(options, [4, 3, 1, 2, 0])}, invalid_count=1,
                             entered_by=staff)
    tally_confirm(tally=confirmed, confirmed_by=User.objects.get(username="admin"))
    tally_create(poll=poll, box=boxes["bb-03"], emptied_on=today - timedelta(days=1),
                 counts={o.pk: n for o, n in zip(options, [5, 2, 2, 1, 1])}, invalid_count=0, entered_by=staff,
                 note="Die Box war fast voll; bitte öfter leeren.")
    return f"„{module.title}“: offen, {len(choices)} Online-Stimmen, eine Auszählung wartet auf Bestätigung"


def _lokale_logistik(voters: list[int]) -> str:
    """A closed poll whose result staff have not published yet: the state between "closed" and "results"."""
    project = Project.objects.get(slug="lokale-logistik")
    start, end = dt.datetime(2022, 4, 4, 9, tzinfo=BERLIN), dt.datetime(2022, 5, 16, 23, 59, tzinfo=BERLIN)
    module = Module.objects.create(
        project=project, format_key="polls", slug=CLOSED_SLUG, title="Was soll die Ausprobierbox können?",
        description="Eine Ausprobierbox in der Innenstadt soll zeigen, wie lokale Logistik funktionieren kann. "
                    "Welche zwei Funktionen sind dir am wichtigsten? Die Antworten fließen in die weitere Ausgestaltung "
                    "des Projekts ein; das Ergebnis veröffentlichen wir nach der Auswertung. (Demo-Abstimmung)",
        start=start, end=end, weight=1)
    poll = Poll.objects.create(module=module, kind=Poll.Kind.MULTIPLE, max_choices=2, allow_vote_change=False,
                               results_visibility=Poll.ResultsVisibility.PUBLISHED)
    options = Option.objects.bulk_create([Option(poll=poll, title=t, description=d, weight=i)
                                          for i, (t, d) in enumerate(BOX_FEATURES)])
    rng = random.Random(7)
    choices = [sorted({o.pk for o in rng.choices(options, weights=[6, 3, 2, 4], k=2)}) for _ in range(64)]
    _votes_bulk(poll, voters[:len(choices)], choices, start=start, end=end, rng=rng)
    return f"„{module.title}“: beendet, {len(choices)} Online-Stimmen, Ergebnis noch nicht veröffentlicht"


def load(*, progress) -> str:
    """Idempotent: a poll that exists already is left as it is (staff may have changed it)."""
    boxes = boxes_load()
    progress.note(f"{len(boxes)} Abstimmungsboxen")
    staff, second = User.objects.get(username="verwaltung"), User.objects.get(username="admin")
    done = []
    need_events = not Module.objects.filter(slug=EVENTS_SLUG).exists()
    need_open = not Module.objects.filter(slug=OPEN_SLUG).exists()
    need_closed = not Module.objects.filter(slug=CLOSED_SLUG).exists()
    if need_events or need_open or need_closed:
        voters = _demo_voters(DEMO_VOTERS)
        if need_events:
            done.append(_stadt_raum_wir(voters, boxes, staff, second))
        if need_open:
            done.append(_dritte_orte(voters, boxes, staff))
        if need_closed:
            done.append(_lokale_logistik(voters))
    return "; ".join(done) or "Abstimmungen schon vorhanden"
