"""Demo surveys: the traffic-light symbols (Ampelsymbole, closed, results published), the try-out box of the
Lokale Logistik project (Ausprobierbox: features and where it should stand; closed, results not published yet)
and the forecourt of the Pfalztheater (open, with a map question on the square), each with a few hundred
generated responses online and on paper.

The surveys are named in the city's press releases (the Ampelsymbole in the review of the platform, the
Ausprobierbox on 20 May 2022, the Pfalztheater forecourt in the raffle's); their questions and every answer here
are made up, and the texts say so. Responses are generated deterministically, checked by the same rules as every
answer (answers.answers_clean) and written in bulk. Idempotent: a survey that exists already is left as it is.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import zlib
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Point
from django.utils import timezone

from geo_participation.accounts import roles
from geo_participation.accounts.models import User
from geo_participation.core.demo import FIXTURES
from geo_participation.core.moderation import ModerationStatus
from geo_participation.projects.models import Module, Project, Topic

from .answers import answers_clean
from .models import Answer, Channel, Choice, Mark, Option, Question, Response, Section, Survey, initial_status
from .structure import NO, YES, survey_structure

BERLIN = ZoneInfo(settings.TIME_ZONE)  # the city's time, summer and winter
K = Question.Kind
AGES = ["unter 18", "18 bis 29", "30 bis 49", "50 bis 64", "65 und älter"]


def _respondents(count: int) -> list[int]:
    """Confirmed demo residents who cannot log in (no usable password); created once, in bulk."""
    names = [f"demo-antwort-{n:03d}" for n in range(1, count + 1)]
    existing = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    confirmed = dt.datetime(2022, 3, 1, 12, tzinfo=BERLIN)
    password = make_password(None)
    new = [User(username=n, email=f"{n}@example.org", password=password, email_confirmed_at=confirmed)
           for n in names if n not in existing]
    if new:
        User.objects.bulk_create(new)
        resident = roles.group(roles.RESIDENT)
        User.groups.through.objects.bulk_create([User.groups.through(user_id=pk, group_id=resident.pk) for pk in
                                                 User.objects.filter(username__in=[u.username for u in new])
                                                 .values_list("pk", flat=True)])
    return list(User.objects.filter(username__in=names).order_by("username").values_list("pk", flat=True))


def _build(module: Module, *, intro: str, outro: str, allow_anonymous: bool, sections: list) -> Survey:
    """The survey's sections, questions and options from a plain description."""
    survey = Survey.objects.create(module=module, intro=intro, outro=outro, allow_anonymous=allow_anonymous)
    keyed = {}
    for s_index, (title, description, questions) in enumerate(sections):
        section = Section.objects.create(survey=survey, title=title, description=description, weight=s_index)
        for q_index, spec in enumerate(questions):
            spec = dict(spec)
            key, options, condition = spec.pop("key"), spec.pop("options", []), spec.pop("condition", None)
            question = Question(survey=survey, section=section, weight=q_index, **spec)
            if condition:
                other, value = condition
                question.condition_question = keyed[other]
                question.condition_value = value if value in (YES, NO) else str(keyed[other].option_pk[value])
            question.full_clean()
            question.save()
            created = Option.objects.bulk_create([Option(question=question, text=t, weight=i) for i, t in enumerate(options)])
            question.option_pk = {o.text: o.pk for o in created}
            keyed[key] = question
    survey.keyed = keyed
    return survey


def _bulk_responses(survey: Survey, rows: list[dict], *, staff: User | None) -> int:
    """Check each generated response by the survey's rules and write them all in a few statements."""
    structure = survey_structure(survey)
    responses, pending = [], []
    for row in rows:
        clean = answers_clean(structure, row["values"])
        paper = row["channel"] == Channel.PAPER
        response = Response(survey=survey, respondent_id=None if paper else row.get("respondent"),
                            channel=row["channel"], entered_by=staff if paper else None, status=Response.Status.SUBMITTED,
                            started_at=row["at"] - timedelta(minutes=6), updated_at=row["at"], submitted_at=row["at"])
        responses.append(response)
        pending.append((response, clean, row["at"]))
    Response.objects.bulk_create(responses)
    answers, items = [], []
    for response, clean, at in pending:
        for item in clean.values():
            status = initial_status(item.question)
            if status == ModerationStatus.PENDING and zlib.crc32(item.text.encode()) % 10 < 8:
                status = ModerationStatus.APPROVED  # most free texts have been moderated already
            answers.append(Answer(response=response, question=item.question, number=item.number, date=item.date,
                                  boolean=item.boolean, text=item.text, status=status, created_at=at))
            items.append((response, item, at))
    Answer.objects.bulk_create(answers, batch_size=2000)
    choices, marks = [], []
    for answer, (response, item, at) in zip(answers, items):
        ranked = item.question.kind == K.RANKING
        choices += [Choice(answer=answer, option_id=o, position=i if ranked else None)
                    for i, o in enumerate(item.option_ids, start=1)]
        marks += [Mark(answer=answer, response=response, module_id=survey.pk, question=item.question, category=c,
                       geometry=g, created_at=at) for g, c in item.marks]
    Choice.objects.bulk_create(choices, batch_size=5000)
    Mark.objects.bulk_create(marks, batch_size=2000)
    return len(responses)


def _moments(rng: random.Random, start, end, count: int) -> list:
    span = (end - start).total_seconds()
    return sorted(start + timedelta(seconds=rng.uniform(0.02, 0.98) * span) for _ in range(count))


def _near(rng: random.Random, lon: float, lat: float, metres: float) -> tuple[float, float]:
    """A place about ``metres`` around a centre (normally distributed), in degrees."""
    return (lon + rng.gauss(0, metres) / (111_320 * math.cos(math.radians(lat))), lat + rng.gauss(0, metres) / 110_540)


def _point(lon: float, lat: float) -> dict:
    return {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}


# --- Ampelsymbole (Smarte Mobilität): closed in spring 2023, results published

SYMBOLS = ["Klassisches Ampelmännchen", "Ampelfrau", "Ampelpärchen", "Ampelmännchen mit Kinderwagen",
           "Rote Teufel (FCK)"]
PLACES_FIRST = ["Fackelrondell", "Stiftsplatz", "Hauptbahnhof", "Rathaus / Willy-Brandt-Platz", "Uni-Campus"]
SYMBOL_IDEAS = ["Ein Ampelmännchen mit Rollstuhl, damit alle gemeint sind.", "Der Betzenberg als Symbol für Grün!",
                "Eine Ampelfigur mit Fahrrad an den Radwegen.", "Bitte nicht zu verspielt, man muss es schnell erkennen.",
                "Ein Pfälzerwald-Baum als grünes Licht wäre schön.", "Eine Figur mit Hund, für alle Gassigänger.",
                "Ich finde das klassische Männchen völlig ausreichend.", "Kinder haben abgestimmt: ein Teufelchen!"]


def _ampeln(respondents: list[int], staff: User) -> str:
    project = Project.objects.get(slug="smarte-mobilitaet")
    start, end = dt.datetime(2023, 3, 13, 9, tzinfo=BERLIN), dt.datetime(2023, 4, 16, 23, 59, tzinfo=BERLIN)
    module = Module.objects.create(
        project=project, format_key="surveys", slug="ampelsymbole", title="Welche Ampelsymbole wünschst du dir?",
        description="An einigen Fußgängerampeln der Innenstadt sollen neue Ampelsymbole leuchten. Welche gefallen dir? "
                    "(Demo-Umfrage: die Fragen und alle Antworten sind ausgedacht.)",
        results_summary="Die meisten wünschen sich das Ampelpärchen; es soll zuerst am Fackelrondell leuchten. "
                        "(Demo-Ergebnis aus erfundenen Antworten.)",
        start=start, end=end, weight=2)
    survey = _build(module, allow_anonymous=True,
                    intro="Die Umfrage dauert etwa 3 Minuten. Du kannst auch ohne Konto mitmachen.",
                    outro="Danke! Das Ergebnis veröffentlichen wir nach dem Ende der Umfrage hier.", sections=[
        ("Deine Meinung zu den Ampelsymbolen", "", [
            {"key": "fav", "kind": K.SINGLE, "text": "Welches Ampelsymbol gefällt dir am besten?", "required": True,
             "options": SYMBOLS},
            {"key": "rank", "kind": K.RANKING, "text": "Bring deine drei Lieblingssymbole in eine Reihenfolge.",
             "min_choices": 1, "max_choices": 3, "options": SYMBOLS},
            {"key": "variety", "kind": K.SCALE, "text": "Wie wichtig ist dir, dass Ampelsymbole vielfältig sind?",
             "min_value": 1, "max_value": 5, "min_label": "unwichtig", "max_label": "sehr wichtig"},
            {"key": "all", "kind": K.YES_NO, "text": "Sollen die neuen Symbole an allen Fußgängerampeln der Innenstadt "
                                                      "leuchten?"},
            {"key": "where", "kind": K.MULTIPLE, "text": "Wo sollen sie zuerst leuchten?", "max_choices": 2,
             "options": PLACES_FIRST, "condition": ("all", YES)},
        ]),
        ("Über dich (freiwillig)", "Diese Angaben helfen, die Antworten einzuordnen.", [
            {"key": "age", "kind": K.SINGLE, "text": "Wie alt bist du?", "options": AGES},
            {"key": "idea", "kind": K.LONG_TEXT, "text": "Hast du eine eigene Idee für ein Ampelsymbol?"},
        ]),
    ])
    q = survey.keyed
    rng = random.Random(2023)
    rows = []
    count, paper = 420, 40
    for index, at in enumerate(_moments(rng, start, end, count)):
        favourite = rng.choices(SYMBOLS, weights=[22, 18, 30, 12, 18])[0]
        values = {q["fav"].pk: q["fav"].option_pk[favourite]}
        if rng.random() < 0.8:
            ranked = [favourite] + rng.sample([s for s in SYMBOLS if s != favourite], rng.choice([0, 1, 2, 2]))
            values[q["rank"].pk] = [q["rank"].option_pk[s] for s in ranked]
        if rng.random() < 0.9:
            values[q["variety"].pk] = rng.choices([1, 2, 3, 4, 5], weights=[5, 8, 20, 30, 25])[0]
        if rng.random() < 0.85:
            everywhere = rng.random() < 0.62
            values[q["all"].pk] = everywhere
            if everywhere and rng.random() < 0.9:
                values[q["where"].pk] = [q["where"].option_pk[p] for p in
                                         rng.sample(PLACES_FIRST, rng.choice([1, 2]))] if rng.random() < 0.5 else \
                    [q["where"].option_pk[rng.choices(PLACES_FIRST, weights=[8, 5, 4, 3, 2])[0]]]
        if rng.random() < 0.75:
            values[q["age"].pk] = q["age"].option_pk[rng.choices(AGES, weights=[6, 18, 30, 22, 14])[0]]
        if rng.random() < 0.18:
            values[q["idea"].pk] = rng.choice(SYMBOL_IDEAS)
        channel = Channel.PAPER if index % (count // paper) == 0 else Channel.ONLINE
        rows.append({"values": values, "channel": channel, "at": at,
                     "respondent": respondents[index] if channel == Channel.ONLINE and index % 3 else None})
    written = _bulk_responses(survey, rows, staff=staff)
    module.results_published_at = dt.datetime(2023, 4, 24, 10, tzinfo=BERLIN)
    module.save(update_fields=["results_published_at"])
    return f"„{module.title}“: beendet, Ergebnis veröffentlicht, {written} Antworten"


# --- Ausprobierbox (Lokale Logistik): closed in May 2022, results not published yet

FEATURES = ["Abholfach für Bestellungen lokaler Geschäfte", "Rückgabe von Leihartikeln", "Kühlfach für frische Lebensmittel",
            "Ladestation für E-Bikes", "Paketannahme für die Nachbarschaft", "Tauschregal"]
WHEN = ["morgens", "mittags", "abends", "am Wochenende"]
BOX_PLACES = [  # where people wanted the box: centres (lon, lat), weight, spread in metres
    ((7.7722, 49.4446), 30, 90),  # Stiftsplatz
    ((7.7675, 49.4366), 18, 80),  # Hauptbahnhof
    ((7.7532, 49.4240), 14, 120),  # Uni-Campus
    ((7.7700, 49.4472), 12, 70),  # Rathaus
    ((7.7905, 49.4471), 8, 150),  # Kaiserslautern-Ost
    ((7.7410, 49.4450), 7, 150),  # Lämmchesberg / Westen
    ((7.7090, 49.4040), 5, 200),  # Hohenecken
]
BOX_CATEGORIES = ["In der Nähe meiner Wohnung", "Auf dem Weg zur Arbeit", "Beim Einkaufen"]
BOX_WISHES = ["Sie sollte auch sonntags offen sein.", "Bitte mit Überdachung, damit man im Regen nicht nass wird.",
              "Gut beleuchtet, damit man abends hingeht.", "Bezahlen mit Karte wäre praktisch.",
              "Ein Fach für sperrige Sachen.", "Barrierefrei erreichbar, auch mit Rollator."]


def _ausprobierbox(respondents: list[int], staff: User) -> str:
    project = Project.objects.get(slug="lokale-logistik")
    start, end = dt.datetime(2022, 4, 4, 9, tzinfo=BERLIN), dt.datetime(2022, 5, 16, 23, 59, tzinfo=BERLIN)
    module = Module.objects.create(
        project=project, format_key="surveys", slug="ausprobierbox-umfrage", title="Die Ausprobierbox: was und wo?",
        description="Die Ausprobierbox soll zeigen, wie lokale Logistik in der Innenstadt funktionieren kann. Welche "
                    "Ausstattung und Funktionen soll sie bieten, und wo soll sie stehen? (Demo-Umfrage: die Fragen "
                    "und alle Antworten sind ausgedacht.)",
        start=start, end=end, weight=2)
    survey = _build(module, allow_anonymous=False, intro="Fünf kurze Fragen und eine auf der Karte.", outro="", sections=[
        ("Die Ausprobierbox", "", [
            {"key": "features", "kind": K.MULTIPLE, "text": "Welche Funktionen soll die Ausprobierbox bieten?",
             "required": True, "min_choices": 1, "max_choices": 3, "options": FEATURES},
            {"key": "likely", "kind": K.SCALE, "text": "Wie wahrscheinlich würdest du die Box nutzen?", "required": True,
             "min_value": 1, "max_value": 5, "min_label": "sehr unwahrscheinlich", "max_label": "sehr wahrscheinlich"},
            {"key": "when", "kind": K.SINGLE, "text": "Wann würdest du die Box meistens nutzen?", "options": WHEN},
            {"key": "minutes", "kind": K.NUMBER, "text": "Wie viele Minuten Fußweg zur Box wären für dich in Ordnung?",
             "min_value": 0, "max_value": 60},
        ]),
        ("Der Standort", "", [
            {"key": "where", "kind": K.MAP, "text": "Wo soll die Ausprobierbox stehen?", "geometry_kind": "point",
             "min_choices": 1, "max_choices": 2, "categories": "\n".join(BOX_CATEGORIES),
             "help_text": "Setze einen oder zwei Punkte in der Stadt."},
            {"key": "else", "kind": K.SHORT_TEXT, "text": "Was sollte die Box sonst noch können?"},
        ]),
    ])
    q = survey.keyed
    rng = random.Random(2022)
    city = module.area.prepared
    rows = []
    count = 310
    for index, at in enumerate(_moments(rng, start, end, count)):
        chosen = rng.sample(FEATURES, rng.choice([1, 2, 2, 3]))
        values = {q["features"].pk: [q["features"].option_pk[f] for f in chosen],
                  q["likely"].pk: rng.choices([1, 2, 3, 4, 5], weights=[6, 10, 22, 34, 28])[0]}
        if rng.random() < 0.85:
            values[q["when"].pk] = q["when"].option_pk[rng.choices(WHEN, weights=[14, 8, 30, 22])[0]]
        if rng.random() < 0.8:
            values[q["minutes"].pk] = rng.choice([2, 3, 5, 5, 5, 8, 10, 10, 10, 12, 15, 15, 20, 30])
        if rng.random() < 0.75:
            marks = []
            for _ in range(rng.choice([1, 1, 2])):
                (lon, lat), _weight, spread = rng.choices(BOX_PLACES, weights=[p[1] for p in BOX_PLACES])[0]
                place = _near(rng, lon, lat, spread)
                if city.covers(Point(*place, srid=4326)):
                    marks.append({"geometry": _point(*place), "category": rng.choice(BOX_CATEGORIES)})
            if marks:
                values[q["where"].pk] = marks
        if rng.random() < 0.12:
            values[q["else"].pk] = rng.choice(BOX_WISHES)
        channel = Channel.PAPER if index % 12 == 0 else Channel.ONLINE
        if channel == Channel.PAPER and rng.random() < 0.5:
            values.pop(q["where"].pk, None)  # a map on paper: not always drawn in
        rows.append({"values": values, "channel": channel, "at": at,
                     "respondent": respondents[index] if channel == Channel.ONLINE else None})
    written = _bulk_responses(survey, rows, staff=staff)
    return f"„{module.title}“: beendet, Ergebnis noch nicht veröffentlicht, {written} Antworten"


# --- Pfalztheater forecourt: open now, with a map question on the square

FORECOURT = "vorplatz-pfalztheater"
WISHES = ["Mehr Grün und Schatten", "Sitzgelegenheiten", "Wasser (Brunnen oder Wasserspiel)", "Platz für Veranstaltungen",
          "Fahrradstellplätze", "Barrierefreie Wege"]
USES = ["Ich gehe nur hindurch", "Warten und Treffen", "Besuch im Theater oder Rathaus", "Pause machen",
        "Veranstaltungen"]
HOW_OFTEN = ["täglich", "mehrmals pro Woche", "mehrmals im Monat", "seltener"]
FORECOURT_CATEGORIES = ["Bäume und Grün", "Sitzbänke", "Wasser", "Fahrradständer", "Spielen"]
FORECOURT_SPOTS = {  # around the Willy-Brandt-Platz (OSM outline, fixtures/kaiserslautern/places.geojson)
    "Bäume und Grün": [(7.7677, 49.4458), (7.7690, 49.4466)],
    "Sitzbänke": [(7.7682, 49.4462), (7.7694, 49.4460)],
    "Wasser": [(7.7681, 49.4460)],
    "Fahrradständer": [(7.7697, 49.4463)],
    "Spielen": [(7.7676, 49.4462)],
}
FORECOURT_TEXTS = ["Der Platz ist im Sommer viel zu heiß, es fehlt Schatten.", "Mehr Bänke, auf denen man auch "
                   "sitzen möchte!", "Ein Wasserspiel für Kinder wäre toll.", "Abends ist es dort ziemlich dunkel.",
                   "Bitte an Fahrradbügel denken, die Räder stehen überall.", "Vor dem Theater könnte man im Sommer "
                   "Open-Air-Vorstellungen zeigen.", "Der Platz wirkt leer und grau."]


def _forecourt_project() -> Project:
    """A project of its own whose area is the square in front of the Pfalztheater and Rathaus, with a margin."""
    square = next(f for f in json.loads((FIXTURES / "places.geojson").read_text())["features"]
                  if f["properties"]["name"].startswith("Willy-Brandt-Platz"))
    area = GEOSGeometry(json.dumps(square["geometry"]), srid=4326).transform(25832, clone=True).buffer(70)
    area = area.transform(4326, clone=True)
    project, _created = Project.objects.get_or_create(slug="vorplatz-pfalztheater", defaults=dict(
        title="Vorplatz am Pfalztheater", topic=Topic.URBAN_DEVELOPMENT, office="Referat Stadtentwicklung",
        summary="Der Platz vor Pfalztheater und Rathaus soll neu gestaltet werden. Wie soll er werden?",
        description="Zwischen Pfalztheater und Rathaus liegt der Willy-Brandt-Platz. Bevor die Planung beginnt, fragt die "
                    "Stadt: Wie nutzt du den Platz, und was wünschst du dir dort? (Demo-Text)",
        contact="Referat Stadtentwicklung\ninfo@klmitwirkung.de",
        area=MultiPolygon(area, srid=4326)))
    return project


def _forecourt(respondents: list[int], staff: User) -> str:
    project = _forecourt_project()
    now = timezone.now()
    # Open for 40 more days, until the end of that day in the city's time (as staff would set it).
    last_day = timezone.localdate(now) + timedelta(days=40)
    start, end = now - timedelta(days=12), dt.datetime.combine(last_day, dt.time(23, 59), tzinfo=BERLIN)
    module = Module.objects.create(
        project=project, format_key="surveys", slug=FORECOURT, title="Wie soll der Vorplatz am Pfalztheater werden?",
        description="Der Platz vor dem Pfalztheater soll umgestaltet werden. Sag uns, wie du ihn heute nutzt und was du "
                    "dir wünschst – und zeig auf der Karte, wo. Papierfragebögen liegen im Foyer des Pfalztheaters "
                    "und im Rathaus aus. (Demo-Umfrage)",
        start=start, end=end, weight=1)
    survey = _build(module, allow_anonymous=True,
                    intro="Die Umfrage dauert etwa 5 Minuten. Du kannst deine Antworten zwischenspeichern und "
                          "später weitermachen, wenn du angemeldet bist.",
                    outro="Danke! Die Stadt wertet die Antworten aus und stellt das Ergebnis hier vor, bevor die "
                          "Planung beginnt.", sections=[
        ("Der Platz heute", "", [
            {"key": "regular", "kind": K.YES_NO, "text": "Bist du regelmäßig auf dem Platz vor dem Pfalztheater?",
             "required": True},
            {"key": "often", "kind": K.SINGLE, "text": "Wie oft bist du dort?", "options": HOW_OFTEN,
             "condition": ("regular", YES)},
            {"key": "uses", "kind": K.MULTIPLE, "text": "Wofür nutzt du den Platz?", "options": USES,
             "condition": ("regular", YES)},
            {"key": "comfort", "kind": K.SCALE, "text": "Wie wohl fühlst du dich heute auf dem Platz?",
             "min_value": 1, "max_value": 5, "min_label": "gar nicht wohl", "max_label": "sehr wohl"},
        ]),
        ("Der Platz morgen", "", [
            {"key": "wishes", "kind": K.RANKING, "text": "Was ist dir bei der Umgestaltung am wichtigsten?",
             "min_choices": 1, "max_choices": 3, "options": WISHES},
            {"key": "map", "kind": K.MAP, "text": "Wo auf dem Platz wünschst du dir was?", "geometry_kind": "point",
             "min_choices": 1, "max_choices": 5, "categories": "\n".join(FORECOURT_CATEGORIES),
             "help_text": "Setze bis zu fünf Punkte auf dem Platz und sag bei jedem, was du dir dort wünschst."},
            {"key": "words", "kind": K.LONG_TEXT, "text": "Was möchtest du der Stadt noch zum Platz sagen?"},
        ]),
        ("Über dich (freiwillig)", "", [
            {"key": "age", "kind": K.SINGLE, "text": "Wie alt bist du?", "options": AGES},
            {"key": "theatre", "kind": K.DATE, "text": "Wann warst du zuletzt im Pfalztheater?",
             "help_text": "Ungefähr genügt."},
        ]),
    ])
    q = survey.keyed
    rng = random.Random(2024)
    area = project.area.prepared
    rows = []
    count = 280
    for index, at in enumerate(_moments(rng, start, now - timedelta(hours=2), count)):
        regular = rng.random() < 0.58
        values = {q["regular"].pk: regular}
        if regular:
            values[q["often"].pk] = q["often"].option_pk[rng.choices(HOW_OFTEN, weights=[18, 30, 30, 22])[0]]
            values[q["uses"].pk] = [q["uses"].option_pk[u] for u in rng.sample(USES, rng.choice([1, 1, 2, 3]))]
        if rng.random() < 0.9:
            values[q["comfort"].pk] = rng.choices([1, 2, 3, 4, 5], weights=[20, 32, 26, 15, 7])[0]
        if rng.random() < 0.85:
            top = rng.choices(WISHES, weights=[34, 24, 18, 10, 8, 6])[0]
            rest = rng.sample([w for w in WISHES if w != top], rng.choice([0, 1, 2, 2]))
            values[q["wishes"].pk] = [q["wishes"].option_pk[w] for w in [top, *rest]]
        if rng.random() < 0.7:
            marks = []
            for _ in range(rng.choice([1, 1, 2, 2, 3, 4])):
                category = rng.choices(FORECOURT_CATEGORIES, weights=[34, 26, 16, 14, 10])[0]
                lon, lat = rng.choice(FORECOURT_SPOTS[category])
                place = _near(rng, lon, lat, 14)
                if area.covers(Point(*place, srid=4326)):
                    marks.append({"geometry": _point(*place), "category": category})
            if marks:
                values[q["map"].pk] = marks
        if rng.random() < 0.22:
            values[q["words"].pk] = rng.choice(FORECOURT_TEXTS)
        if rng.random() < 0.7:
            values[q["age"].pk] = q["age"].option_pk[rng.choices(AGES, weights=[5, 20, 32, 25, 18])[0]]
        if rng.random() < 0.4:
            values[q["theatre"].pk] = (timezone.localdate() - timedelta(days=rng.randint(3, 900))).isoformat()
        channel = Channel.PAPER if index % 9 == 0 else Channel.ONLINE
        if channel == Channel.PAPER and rng.random() < 0.5:
            values.pop(q["map"].pk, None)  # a map on paper: not always drawn in
        rows.append({"values": values, "channel": channel, "at": at,
                     "respondent": respondents[index] if channel == Channel.ONLINE and index % 4 else None})
    written = _bulk_responses(survey, rows, staff=staff)
    return f"„{module.title}“: offen, {written} Antworten"


def load(*, progress) -> str:
    """Idempotent: a survey that exists already is left as it is (staff may have changed it)."""
    staff = User.objects.get(username="verwaltung")
    done = []
    loaders = [("ampelsymbole", _ampeln), ("ausprobierbox-umfrage", _ausprobierbox), (FORECOURT, _forecourt)]
    missing = [(slug, fn) for slug, fn in loaders if not Module.objects.filter(slug=slug).exists()]
    if missing:
        respondents = _respondents(420)
        for _slug, fn in missing:
            done.append(fn(respondents, staff))
    return "; ".join(done) or "Umfragen schon vorhanden"
