"""The nine ballot boxes of the press release of 29 April 2022, from fixtures/kaiserslautern/ballot_boxes.geojson.

Where inside the building comes from the press release where it says so; otherwise it is marked as a demo value.
"""

import datetime as dt
import json
import re

from django.contrib.gis.geos import GEOSGeometry

from geo_participation.core.demo import FIXTURES

from .models import BallotBox

SET_UP_ON = dt.date(2022, 4, 29)  # "Ab sofort befinden sich an verschiedenen Stellen der Stadt analoge Abstimmungsboxen"
STADT_RAUM_WIR_END = dt.date(2022, 5, 16)  # the last emptying after the poll ended
STAYING = {"bb-03", "bb-09"}  # in the demo these two stay set up; the others were removed after the spring vote

HINTS = {
    "bb-01": ("Im Eingangsbereich (Demo-Angabe)", "Zu den Öffnungszeiten des Museums"),
    "bb-02": ("Im Eingangsbereich (Demo-Angabe)", "Zu den Öffnungszeiten der Musikschule"),
    "bb-03": ("Im Eingangsbereich an der Ausleihe (Demo-Angabe)", "Zu den Öffnungszeiten der Stadtbibliothek"),
    "bb-04": ("Im Stadtarchiv im Rathaus", "Zu den Öffnungszeiten des Stadtarchivs"),
    "bb-05": ("Im Eingangsbereich (Demo-Angabe)", "Zu Veranstaltungen und Öffnungszeiten der Fruchthalle"),
    "bb-06": ("Im Verkaufsraum (Demo-Angabe)", "Zu den Öffnungszeiten der Tourist Information"),
    "bb-07": ("Im Foyer des Pfalztheaters", "Zu den Öffnungszeiten der Theaterkasse und vor Vorstellungen"),
    "bb-08": ("Gebäude A, vor dem Referat Kultur", "Zu den Öffnungszeiten der Stadtverwaltung"),
    "bb-09": ("Im Foyer an der Information", "Zu den Öffnungszeiten des Rathauses"),
}


def _address(raw: str) -> str:
    return re.sub(r"\s*\([^)]*\)\s*$", "", raw).strip()  # the fixture's notes on uncertain parts go to `source`


def boxes_load() -> dict[str, BallotBox]:
    """Create the nine boxes once; a second run keeps what staff changed since."""
    data = json.loads((FIXTURES / "ballot_boxes.geojson").read_text(encoding="utf-8"))
    boxes = {}
    for feature in data["features"]:
        code, props = feature["id"], feature["properties"]
        hint, hours = HINTS.get(code, ("", ""))
        boxes[code], _created = BallotBox.objects.get_or_create(code=code, defaults={
            "name": props["name"], "address": _address(props["address"]), "location_hint": hint,
            "opening_hours": hours, "location": GEOSGeometry(json.dumps(feature["geometry"]), srid=4326),
            "active_from": SET_UP_ON, "active_until": None if code in STAYING else STADT_RAUM_WIR_END,
            "source": f"{props['address']}\n{props['source']}\n{props['precision']}\n{props['license']}",
        })
    return boxes
