"""Demo: residents rate Kaiserslautern's bike streets in the project "Fahrradstraßen in Kaiserslautern".

The Rütschhofstraße (a Fahrradstraße since 2022) has no course in the fixtures nor in the OpenStreetMap extract
(it lies north of it), so it is loaded without one: residents rate it from the list, and staff can draw it in
the admin. Park- and Augustastraße (planned) come with their OSM centre lines from bike_streets.geojson.
Opinions and their texts are invented for the demo.
"""

import json
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.gis.geos import Point
from django.db import connection
from django.utils import timezone

from geo_participation.accounts import roles
from geo_participation.accounts.models import User
from geo_participation.core.demo import DEMO_PASSWORD, FIXTURES
from geo_participation.core.moderation import ModerationStatus, moderation_approve, moderation_reject
from geo_participation.projects.models import Module, Project

from .geometry import lines_from_geojson
from .models import FORMAT_KEY, FeedbackSettings, Feature, Opinion
from .services import feature_create, opinion_create

PROJECT_SLUG = "fahrradstrassen"
MODULE_SLUG = "fahrradstrassen-bewerten"
OSM_SOURCE = "Verlauf: © OpenStreetMap-Mitwirkende (ODbL), Straßenmittellinie; der geplante Abschnitt kann kürzer sein"

FEATURES = {
    "Rütschhofstraße": {
        "status_text": "Fahrradstraße seit Juni 2022",
        "description": "Kaiserslauterns erste Fahrradstraße: rund 1,2 km im Ortsbezirk Erzhütten/Wiesenthalerhof, "
                       "Teil der Pendlerradroute Bachbahn. Radfahrende haben Vorrang, zwölf „Berliner Kissen“ "
                       "bremsen den Autoverkehr.\n\nIhr Verlauf ist auf der Karte noch nicht eingezeichnet; du kannst "
                       "sie trotzdem bewerten.",
    },
    "Parkstraße": {
        "status_text": "geplante Fahrradstraße",
        "description": "Der Stadtrat hat sich für Radverkehrsachsen ausgesprochen, darunter eine Fahrradstraße durch "
                       "die Park- und Augustastraße. Eingezeichnet ist die ganze Straße.",
    },
    "Augustastraße": {
        "status_text": "geplante Fahrradstraße",
        "description": "Geplant zusammen mit der Parkstraße, mit einer Querung der Eisenbahnstraße. Eingezeichnet ist "
                       "die ganze Straße.",
    },
}

EXTRA_RESIDENTS = ["radlerin_kl", "pendelrad", "lautrer_lisa", "betzebiker", "stadtradler", "kiezkind",
                   "lastenrad_jo", "tandem_tom", "rad_und_tat", "morlauterer"]

# feature, username, rating, comment, spot (fraction along the line) or None, decision
# decision: "approve" (moderators publish it), "pending" (still waiting), or a rejection reason
OPINIONS = [
    ("Rütschhofstraße", "anna", "good", "Fahre hier täglich zur Arbeit. Seit es eine Fahrradstraße ist, überholen "
     "deutlich weniger Autos knapp.", None, "approve"),
    ("Rütschhofstraße", "ben", "okay", "Die Berliner Kissen lassen sich mit dem Rad gut umfahren, aber manche Autos "
     "fahren trotzdem zu schnell.", None, "approve"),
    ("Rütschhofstraße", "radlerin_kl", "good", "", None, "approve"),
    ("Rütschhofstraße", "pendelrad", "good", "Endlich eine durchgehende Verbindung für den Weg zur Arbeit.", None, "approve"),
    ("Rütschhofstraße", "lautrer_lisa", "bad", "Abends parken Autos teils auf der Fahrbahn, dann wird es eng.", None, "approve"),
    ("Rütschhofstraße", "betzebiker", "good", "", None, "approve"),
    ("Rütschhofstraße", "stadtradler", "okay", "", None, "approve"),
    ("Rütschhofstraße", "kiezkind", "good", "Gute Beschilderung. Unsere Kinder fahren hier jetzt mit dem Rad zur Schule.",
     None, "pending"),
    ("Rütschhofstraße", "tandem_tom", "bad", "Wer hier Auto fährt, ist doch nicht ganz dicht!", None,
     "Bitte bleib sachlich und greif niemanden an. Du kannst deinen Kommentar ändern und noch einmal absenden."),
    ("Rütschhofstraße", "morlauterer", "good", "", None, "approve"),
    ("Parkstraße", "anna", "bad", "Zwischen den parkenden Autos bleibt kaum Platz zum Überholen. Eine Fahrradstraße "
     "wäre hier sehr hilfreich.", 0.3, "approve"),
    ("Parkstraße", "ben", "okay", "", None, "approve"),
    ("Parkstraße", "radlerin_kl", "bad", "An dieser Einmündung ist die Sicht durch parkende Autos versperrt.", 0.62,
     "approve"),
    ("Parkstraße", "pendelrad", "good", "Schon jetzt eine ruhigere Alternative zu den Hauptstraßen.", None, "approve"),
    ("Parkstraße", "lautrer_lisa", "bad", "", 0.85, "approve"),
    ("Parkstraße", "lastenrad_jo", "okay", "Mit dem Lastenrad wird es hier zwischen den Autos eng.", 0.12, "approve"),
    ("Parkstraße", "rad_und_tat", "bad", "Hier hält oft Lieferverkehr in zweiter Reihe.", 0.45, "pending"),
    ("Parkstraße", "kiezkind", "okay", "", None, "approve"),
    ("Parkstraße", "morlauterer", "good", "", None, "approve"),
    ("Augustastraße", "anna", "okay", "Gute Idee. Die Querung der Eisenbahnstraße muss dann aber sicherer werden.",
     None, "approve"),
    ("Augustastraße", "ben", "bad", "Autos fahren hier oft schneller als erlaubt.", 0.55, "approve"),
    ("Augustastraße", "betzebiker", "bad", "Schlaglöcher am Fahrbahnrand, vor allem hier.", 0.35, "approve"),
    ("Augustastraße", "stadtradler", "good", "", None, "approve"),
    ("Augustastraße", "kiezkind", "okay", "", None, "approve"),
    ("Augustastraße", "tandem_tom", "bad", "An dieser Stelle wird der Radverkehr abrupt auf die Fahrbahn geführt.",
     0.72, "approve"),
    ("Augustastraße", "lastenrad_jo", "good", "Als Fahrradstraße wäre das eine gute Verbindung in die Innenstadt.",
     None, "pending"),
    ("Augustastraße", "rad_und_tat", "okay", "", 0.2, "approve"),
    ("Augustastraße", "radlerin_kl", "bad", "", None, "approve"),
]


def _demo_resident(username: str, password_hash: str) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"email": f"{username}@example.org", "email_confirmed_at": timezone.now(), "password": password_hash},
    )
    if created:
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        user.groups.add(roles.group(roles.RESIDENT))
    return user


def _spot(feature: Feature, fraction: float) -> Point:
    """The point at ``fraction`` of the feature's (first) line, a little off it, as a resident would tap."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_LineInterpolatePoint(ST_GeometryN(geometry, 1), %s) AS p "
                       "FROM feedback_feature WHERE id = %s) AS t", [fraction, feature.pk])
        x, y = cursor.fetchone()
    return Point(x + 0.00004, y + 0.00003, srid=4326)


def load(*, progress) -> str:
    project = Project.objects.get(slug=PROJECT_SLUG)
    now = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)  # formats start and end at midnight
    module, created = Module.objects.get_or_create(slug=MODULE_SLUG, defaults={
        "project": project, "format_key": FORMAT_KEY, "title": "Wie findest du die Fahrradstraßen?",
        "description": "Bewerte die Rütschhofstraße und die geplanten Fahrradstraßen in der Park- und Augustastraße: "
                       "gut, okay oder schlecht. Wo hakt es? Markiere die Stelle auf der Karte.",
        "start": now - timedelta(days=21), "end": now + timedelta(days=70), "weight": 1,
    })
    FeedbackSettings.objects.get_or_create(module=module, defaults={
        "question": "Wie gut fährt es sich hier mit dem Rad?", "max_point_distance_m": 40})

    geometries = {}
    for item in json.loads((FIXTURES / "bike_streets.geojson").read_text(encoding="utf-8"))["features"]:
        geometries[item["properties"]["name"]] = item["geometry"]
    features = {}
    for weight, (name, texts) in enumerate(FEATURES.items()):
        feature = Feature.objects.filter(module=module, name=name).first()
        if feature is None:
            geometry = geometries.get(name)
            feature = feature_create(module=module, name=name, weight=weight, **texts,
                                     geometry=lines_from_geojson(geometry) if geometry else None,
                                     source=OSM_SOURCE if geometry else "")
        features[name] = feature

    moderator = User.objects.filter(username="moderation").first()
    users = {u.username: u for u in User.objects.filter(username__in=["anna", "ben"])}
    users.update({u.username: u for u in User.objects.filter(username__in=EXTRA_RESIDENTS)})
    if missing := [name for name in EXTRA_RESIDENTS if name not in users]:
        password_hash = make_password(DEMO_PASSWORD)  # hashed once: the residents share the demo password
        users.update({name: _demo_resident(name, password_hash) for name in missing})
    existing = set(Opinion.objects.filter(feature__module=module).values_list("feature__name", "author__username"))
    added = 0
    for feature_name, username, rating, comment, fraction, decision in OPINIONS:
        if (feature_name, username) in existing or username not in users:
            continue
        feature = features[feature_name]
        point = _spot(feature, fraction) if fraction is not None and feature.geometry else None
        opinion = opinion_create(feature=feature, author=users[username], rating=rating, comment=comment, point=point)
        if opinion.status == ModerationStatus.PENDING and decision != "pending":
            if decision == "approve":
                moderation_approve(item=opinion, moderator=moderator, notify=False)
            else:
                moderation_reject(item=opinion, moderator=moderator, reason=decision, notify=False)
        added += 1
    total = Opinion.objects.filter(feature__module=module).count()
    if not features["Rütschhofstraße"].geometry:
        progress.note("Rütschhofstraße ohne Verlauf (nicht in den Geodaten); in der Verwaltung einzeichnen.")
    return f"{len(features)} Straßen, {total} Meinungen ({added} neu)" + (" – Format neu angelegt" if created else "")
