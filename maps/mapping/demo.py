"""Demo map formats: fear spaces and heat spots with a few hundred approved marks each at plausible places
(along the OSM extract's streets and places, weighted to the centre), an upcoming idea collection without
places, and a closed format with published results. Idempotent: a second run only checks."""

from __future__ import annotations

import math
import random
from datetime import timedelta

from django.contrib.gis.geos import LineString, Point
from django.db import connection
from django.utils import timezone

from geo_participation.accounts import roles
from geo_participation.accounts.models import User
from geo_participation.core.demo import FIXTURES
from geo_participation.core.models import Report
from geo_participation.core.moderation import ModerationStatus
from geo_participation.projects.models import Module, Project
from maps.geo.models import GazetteerEntry
from maps.geo.services import gazetteer_load

from .models import Attribute, Category, Comment, Contribution, MapSettings, Support

OSM_EXTRACT = FIXTURES / "kaiserslautern_osm_bbbike_c2015.osm.gz"
CENTRE = (7.7690, 49.4440)  # Stiftsplatz, the heart of the Innenstadt
RESIDENTS = ["anna", "ben", "lena_k", "murat", "sophie.m", "jonas", "ayse", "tim_kl", "marie", "nils"]
TIME_OF_DAY = "Tag\nAbend\nNacht"

FORMATS = [
    {
        "project": "sicher-unterwegs", "slug": "angstraeume-markieren", "title": "Angsträume markieren",
        "description": "Wo fühlst du dich unwohl oder unsicher, wenn du unterwegs bist? Markiere den Ort auf der Karte – "
                       "als Punkt, als Wegstück oder als Fläche – und sag uns, was ihn zum Angstraum macht. "
                       "Die Stadt prüft alle Hinweise und plant daraus Beleuchtung, Grünschnitt und sichere Wege.",
        "days": (-21, 60), "kinds": ("point", "line", "polygon"), "count": 320, "pending": 6, "seed": 7,
        "categories": [
            ("Schlechte Beleuchtung", "#8a5a00", "light", "Dunkle Wege, defekte oder fehlende Laternen"),
            ("Unübersichtliche Ecken", "#5b3d8f", "eye", "Nischen, Büsche, enge Durchgänge, keine Sicht"),
            ("Belästigung", "#b0001e", "warning", "Pöbeleien, Bedrängen, unangenehme Gruppen"),
            ("Verkehr", "#1d4f91", "car", "Gefährliche Querungen, Raser, fehlende Gehwege"),
        ],
        "attributes": [{"key": "tageszeit", "label": "Wann fühlst du dich hier unsicher?", "kind": "choice",
                        "options": TIME_OF_DAY}],
        "texts": {
            "Schlechte Beleuchtung": [("Kaum Licht am Abend", "Ab der Dämmerung ist es hier stockdunkel. Eine Laterne mehr würde viel helfen."),
                                      ("Laterne seit Wochen defekt", "Die Laterne geht nicht, man sieht den Weg kaum."),
                                      ("Dunkler Fußweg", "Der Weg ist nachts unbeleuchtet, ich gehe lieber einen Umweg."),
                                      ("Unterführung zu dunkel", "In der Unterführung ist das Licht schwach und flackert.")],
            "Unübersichtliche Ecken": [("Hinter den Büschen sieht man nichts", "Die Hecke ist so hoch, dass man nicht sieht, wer dahinter steht."),
                                       ("Enger Durchgang", "Der Durchgang ist eng und man kann nicht ausweichen."),
                                       ("Nische am Hauseingang", "In der Nische stehen oft Leute, man erschrickt leicht."),
                                       ("Parkhaus-Ausgang unübersichtlich", "Der Ausgang ist verwinkelt und schlecht einsehbar.")],
            "Belästigung": [("Hier wird man oft angesprochen", "Besonders abends wird man hier immer wieder blöd angemacht."),
                            ("Unangenehme Gruppen am Abend", "Am Abend sammeln sich hier Gruppen, ich fühle mich bedrängt."),
                            ("Pöbeleien an der Haltestelle", "An der Haltestelle wird häufig gepöbelt.")],
            "Verkehr": [("Gefährliche Querung", "Autos fahren hier schnell, der Überweg fehlt."),
                        ("Kein Gehweg", "Man muss auf der Straße laufen, weil der Gehweg zugeparkt ist."),
                        ("Radfahrende auf dem Gehweg", "Radfahrende fahren hier schnell über den Gehweg."),
                        ("Ampelphase zu kurz", "Mit Kinderwagen schafft man die Ampel nicht.")],
        },
    },
    {
        "project": "hitzeaktionsplan", "slug": "hitzepunkte", "title": "Hitzepunkte in der Stadt",
        "description": "Wo wird es dir im Sommer zu heiß? Markiere Hitzepunkte – einzelne Orte oder ganze Flächen – "
                       "und sag, wie heiß es dort wird und wann. Deine Hinweise helfen bei Schatten, Bäumen, "
                       "Trinkbrunnen und Entsiegelung im Hitzeaktionsplan.",
        "days": (-14, 75), "kinds": ("point", "polygon"), "count": 280, "pending": 5, "seed": 11,
        "categories": [
            ("Kein Schatten", "#b34700", "sun", "Keine Bäume, keine Markisen, pralle Sonne"),
            ("Versiegelte Flächen", "#50525a", "building", "Asphalt, Pflaster und Beton heizen sich auf"),
            ("Hitze in der Nacht", "#3b2e7e", "moon", "Es kühlt nachts nicht ab"),
            ("Kein Trinkwasser", "#006d8f", "water", "Nirgends kann man Wasser nachfüllen"),
        ],
        "attributes": [
            {"key": "wie_heiss", "label": "Wie heiß wird es hier?", "kind": "scale", "minimum": 1, "maximum": 5,
             "minimum_label": "warm", "maximum_label": "unerträglich"},
            {"key": "tageszeit", "label": "Wann ist es hier besonders heiß?", "kind": "choice", "options": TIME_OF_DAY},
        ],
        "texts": {
            "Kein Schatten": [("Kein einziger Baum", "Auf dem ganzen Stück gibt es keinen Schatten."),
                              ("Bushaltestelle in der prallen Sonne", "Beim Warten auf den Bus brennt die Sonne, es gibt kein Dach."),
                              ("Spielplatz ohne Schatten", "Die Kinder können mittags nicht spielen, alles ist heiß.")],
            "Versiegelte Flächen": [("Alles gepflastert", "Der Platz ist komplett versiegelt und strahlt die Hitze ab."),
                                    ("Parkplatz heizt auf", "Der große Parkplatz wird im Sommer glühend heiß."),
                                    ("Asphalt wird weich", "Im Hochsommer wird der Asphalt hier richtig weich.")],
            "Hitze in der Nacht": [("Nachts kein Abkühlen", "Zwischen den Häusern staut sich die Hitze bis in die Nacht."),
                                   ("Wohnung wird nicht kühl", "Die Straße ist eng und dicht bebaut, nachts bleibt es heiß.")],
            "Kein Trinkwasser": [("Trinkbrunnen fehlt", "Hier wäre ein Trinkbrunnen toll, viele Leute sind unterwegs."),
                                 ("Nirgends Wasser nachfüllen", "Es gibt keinen Ort, an dem man die Flasche auffüllen kann.")],
        },
    },
    {
        "project": "dritte-orte", "slug": "ideen-dritte-orte", "title": "Ideen für Dritte Orte",
        "description": "Welche Orte neben Zuhause und Arbeit fehlen dir in Kaiserslautern? Sammle mit uns Ideen – "
                       "ganz ohne Karte. Die Ideensammlung beginnt in Kürze.",
        "days": (14, 75), "kinds": (), "count": 0, "pending": 0, "seed": 13,
        "categories": [("Treffpunkt", "#b0001e", "heart", "Orte zum Zusammenkommen"),
                       ("Lernen und Arbeiten", "#1d4f91", "idea", "Ruhige Orte mit WLAN"),
                       ("Kultur", "#5b3d8f", "noise", "Musik, Theater, Ausstellungen"),
                       ("Draußen", "#1c6b2f", "tree", "Parks, Plätze, Bänke")],
        "attributes": [],
        "texts": {},
    },
    {
        "project": "dialog-zivilgesellschaft", "slug": "ideen-zivilgesellschaft",
        "title": "Ideen: Wie wollen wir mitreden?",
        "description": "Wie sollen Vereine, Initiativen und alle, die in Kaiserslautern leben, bei digitalen Themen "
                       "mitreden? Schreib deine Idee auf – einen Ort auf der Karte brauchst du dafür nicht.",
        "days": (-10, 50), "kinds": (), "count": 8, "pending": 2, "seed": 19,
        "categories": [("Treffen vor Ort", "#b0001e", "heart", "Veranstaltungen, Sprechstunden, Stammtische"),
                       ("Online mitreden", "#1d4f91", "idea", "Beteiligung im Netz"),
                       ("Gemeinsam lernen", "#1c6b2f", "tree", "Kurse und Hilfe für alle Generationen")],
        "attributes": [],
        "texts": {
            "Treffen vor Ort": [("Digitalsprechstunde im Stadtteil", "Einmal im Monat im Bürgerhaus: Fragen stellen, "
                                 "Projekte kennenlernen, Ideen loswerden."),
                                ("Vereinsstammtisch Digitales", "Vereine tauschen sich aus, welche Werkzeuge ihnen helfen."),
                                ("Mitmach-Mobil", "Ein Stand, der durch die Stadtteile fährt und die Beteiligung zu den "
                                 "Menschen bringt.")],
            "Online mitreden": [("Newsletter der Projekte", "Kurz und verständlich: was gerade läuft und wo man "
                                 "mitmachen kann."),
                                ("Mitmachen in Leichter Sprache", "Alle Beteiligungen auch in Leichter Sprache anbieten.")],
            "Gemeinsam lernen": [("Smartphone-Kurse für Ältere", "Jugendliche erklären Älteren ihr Smartphone – "
                                  "in der Stadtbibliothek."),
                                 ("Offene Werkstatt", "Ein Ort, an dem man Sensoren und Apps selbst ausprobieren kann."),
                                 ("Datenspaziergang", "Gemeinsam durch das Viertel gehen und schauen, welche Daten die "
                                  "Stadt dort erhebt.")],
        },
    },
    {
        "project": "klimasensoren", "slug": "standorte-klimasensoren", "title": "Standorte für Klimasensoren",
        "description": "Wo sollen weitere Sensoren Temperatur und Luftfeuchte messen? Die Vorschläge sind ausgewertet.",
        "results": "Aus 60 Vorschlägen hat das Referat Umweltschutz 12 neue Standorte ausgewählt, vor allem in der "
                   "Innenstadt und an Schulen. Die Sensoren werden im Frühjahr montiert.",
        "days": (-120, -30), "kinds": ("point",), "count": 60, "pending": 0, "seed": 17,
        "categories": [("Sensor-Standort", "#0b6e4f", "pin", "Hier soll ein Sensor messen")],
        "attributes": [],
        "texts": {"Sensor-Standort": [("Sensor am Schulhof", "Hier sind viele Kinder, die Temperatur wäre interessant."),
                                      ("Messpunkt auf dem Platz", "Der Platz heizt sich stark auf, ein Sensor würde das zeigen."),
                                      ("Sensor an der Haltestelle", "Viele Menschen warten hier in der Sonne.")]},
    },
]

COMMENTS = ["Sehe ich genauso, da muss etwas passieren.", "Das ist mir auch schon aufgefallen.",
            "Danke für den Hinweis!", "Abends ist es dort wirklich unangenehm.", "Ein Baum würde hier Wunder wirken."]


def _residents() -> list[User]:
    """A handful of confirmed demo residents who wrote the demo contributions."""
    users = []
    for username in RESIDENTS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username.replace('.', '_')}@example.org", "email_confirmed_at": timezone.now()})
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            user.groups.add(roles.group(roles.RESIDENT))
        users.append(user)
    return users


def _places(rng: random.Random, count: int, area) -> list[Point]:
    """Points along the city's streets and at its places, denser towards the centre, a few metres off the line."""
    candidates = list(GazetteerEntry.objects.filter(kind__in=["address", "place", "square", "stop"]).values_list("point", flat=True))
    prepared = area.prepared
    candidates = [p for p in candidates if prepared.covers(p)]
    if not candidates:  # no gazetteer: scatter around the centre
        candidates = [Point(CENTRE[0] + rng.gauss(0, 0.01), CENTRE[1] + rng.gauss(0, 0.006), srid=4326) for _ in range(500)]
    weights = [math.exp(-math.hypot((p.x - CENTRE[0]) * 65, (p.y - CENTRE[1]) * 111) / 1.2) for p in candidates]
    chosen = rng.choices(candidates, weights=weights, k=count)
    return [Point(p.x + rng.uniform(-0.00015, 0.00015), p.y + rng.uniform(-0.0001, 0.0001), srid=4326) for p in chosen]


def _street_pieces(rng: random.Random, count: int, area) -> list[LineString]:
    prepared = area.prepared
    streets = [e.geometry for e in GazetteerEntry.objects.filter(kind="street").only("geometry")
               if e.geometry.geom_type == "LineString" and 3 <= e.geometry.num_points <= 60 and prepared.covers(e.geometry)]
    streets.sort(key=lambda g: abs(g.centroid.x - CENTRE[0]) + abs(g.centroid.y - CENTRE[1]))
    pieces = []
    for street in rng.sample(streets[:80], min(count, len(streets[:80]))):
        coords = street.coords
        start = rng.randrange(0, max(1, len(coords) - 2))
        pieces.append(LineString(coords[start:start + rng.randint(2, 4)], srid=4326))
    return [p for p in pieces if p.num_points >= 2 and p.length > 0]


def _areas(area, names) -> list:
    entries = GazetteerEntry.objects.filter(kind__in=["square", "place"], name__in=names)
    return [e.geometry for e in entries if e.geometry.geom_type == "Polygon" and e.geometry.valid
            and e.geometry.num_points <= 200 and area.covers(e.geometry)]


def _module(spec: dict, now) -> tuple[Module, bool]:
    project = Project.objects.get(slug=spec["project"])
    start_days, end_days = spec["days"]
    module, created = Module.objects.get_or_create(slug=spec["slug"], defaults={
        "project": project, "format_key": "mapping", "title": spec["title"], "description": spec["description"],
        "start": now + timedelta(days=start_days), "end": now + timedelta(days=end_days),
        "results_summary": spec.get("results", ""),
        "results_published_at": now - timedelta(days=10) if spec.get("results") else None,
    })
    if created:
        kinds = spec["kinds"]
        MapSettings.objects.create(module=module, accepts_points="point" in kinds, accepts_lines="line" in kinds,
                                   accepts_polygons="polygon" in kinds)
        for weight, (name, colour, icon, description) in enumerate(spec["categories"]):
            category = Category(module=module, name=name, colour=colour, icon=icon, description=description, weight=weight)
            category.full_clean()
            category.save()
        for weight, fields in enumerate(spec["attributes"]):
            attribute = Attribute(module=module, weight=weight, **fields)
            attribute.full_clean()
            attribute.save()
    return module, created


def _answers(rng: random.Random, attributes: list[Attribute], category: str) -> dict:
    answers = {}
    for attribute in attributes:
        if attribute.kind == Attribute.Kind.SCALE:
            answers[attribute.key] = min(attribute.maximum, max(attribute.minimum, round(rng.gauss(3.6, 1.0))))
        else:
            values = [value for value, _label in attribute.choices]
            weights = [1, 3, 6] if category != "Kein Schatten" else [6, 3, 1]
            answers[attribute.key] = rng.choices(values, weights=weights[:len(values)])[0]
    return answers


def _contributions(module: Module, spec: dict, users: list[User]) -> int:
    rng = random.Random(spec["seed"])
    now = timezone.now()
    settings = MapSettings.objects.get(module=module)
    area = settings.effective_area
    categories = {c.name: c for c in module.map_categories.all()}
    attributes = list(module.map_attributes.all())
    total = spec["count"] + spec["pending"]
    geometries: list = _places(rng, total, area) if settings.has_places else [None] * total
    if settings.accepts_lines:
        for index, piece in enumerate(_street_pieces(rng, 12, area)):
            geometries[index * 7] = piece
    if settings.accepts_polygons:
        names = ["Stiftsplatz", "Schillerplatz", "Mainzer Tor", "St.-Martins-Platz", "Unionsplatz", "Marktplatz",
                 "Volkspark", "Stadtpark", "Japanischer Garten"]
        for index, shape in enumerate(_areas(area, names)):
            geometries[index * 11 + 3] = shape
    rows = []
    # Ideas without a place are few, so each text once (in turn) rather than drawn at random with repeats.
    in_turn = [(name, text) for name, texts in spec["texts"].items() for text in texts]
    for index, geometry in enumerate(geometries):
        if settings.has_places:
            name = rng.choice(list(spec["texts"]))
            title, description = rng.choice(spec["texts"][name])
        else:
            name, (title, description) = in_turn[index % len(in_turn)]
        pending = index >= spec["count"]
        rows.append(Contribution(
            module=module, author=users[index % len(users)] if not pending else users[index % 2],
            category=categories[name], title=title, description=description, geometry=geometry,
            attributes=_answers(rng, attributes, name),
            status=ModerationStatus.PENDING if pending else ModerationStatus.APPROVED,
            moderated_at=None if pending else now))
    created = Contribution.objects.bulk_create(rows, batch_size=500)
    with connection.cursor() as cursor:
        # Spread the dates over the time the format has been open, and give each mark its district.
        cursor.execute(
            "UPDATE mapping_contribution c SET created_at = %s + ((c.id * 7919) %% 1000) / 1000.0 * (%s - %s::timestamptz), "
            "district_id = (SELECT a.id FROM geo_administrativearea a WHERE a.level = 'district' "
            "AND ST_Intersects(a.geometry, ST_PointOnSurface(c.geometry)) LIMIT 1) WHERE c.module_id = %s",
            [module.start, min(now, module.end), module.start, module.pk])
    approved = [c for c in created if c.status == ModerationStatus.APPROVED]
    supports = []
    for contribution in approved:
        if rng.random() < 0.45:
            others = [u for u in users if u.pk != contribution.author_id]
            for user in rng.sample(others, rng.randint(1, min(8, len(others)))):
                supports.append(Support(contribution=contribution, user=user))
    Support.objects.bulk_create(supports, batch_size=1000)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE mapping_contribution c SET support_count = (SELECT count(*) FROM mapping_support s "
                       "WHERE s.contribution_id = c.id) WHERE c.module_id = %s", [module.pk])
    comments = []
    for contribution in rng.sample(approved, len(approved) // 10):
        comments.append(Comment(contribution=contribution, author=rng.choice(users), text=rng.choice(COMMENTS),
                                status=ModerationStatus.APPROVED, moderated_at=now))
    if approved and module.is_open:
        comments.append(Comment(contribution=approved[0], author=users[1], text="Gibt es dazu schon Pläne der Stadt?"))
        rejected = created[-1]
        rejected.status, rejected.moderation_reason = ModerationStatus.REJECTED, (
            "Bitte beschreibe den Ort ohne Namen von Personen. Du kannst den Beitrag ändern und erneut einreichen.")
        rejected.save(update_fields=["status", "moderation_reason"])
        Report.objects.get_or_create(content_type_id=_content_type_id(), object_id=approved[1].pk, reporter=users[1],
                                     defaults={"reason": "Der Text nennt eine konkrete Person."})
    Comment.objects.bulk_create(comments)
    return len(created)


def _content_type_id() -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Contribution).pk


def load(*, progress) -> str:
    """The map formats of the demo city; the gazetteer first, since the demo places come from it."""
    progress.note(f"Ortsverzeichnis: {gazetteer_load(osm_file=OSM_EXTRACT)} Einträge")
    users = _residents()
    now = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)  # formats start and end at midnight
    summary = []
    for spec in FORMATS:
        module, _created = _module(spec, now)
        if spec["count"] + spec["pending"] and not module.map_contributions.exists():
            count = _contributions(module, spec, users)
            summary.append(f"{module.title}: {count} neu")
        else:
            summary.append(f"{module.title}: {module.map_contributions.count()}")
    return "; ".join(summary)
