"""Reading the gazetteer from an OpenStreetMap extract, and the text normalisation that search relies on.

Pure functions (no database): ``osm_entries()`` turns an .osm(.gz) file into entries; ``search_text()`` is
applied to names when loading and to queries when searching, so both sides are folded the same way.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from shapely import geometry as shp
from shapely.ops import linemerge

SOURCE_OSM = "OpenStreetMap (© OpenStreetMap-Mitwirkende, ODbL 1.0)"

_STREET = re.compile(r"stra(?:ss|ß)e\b|str\.")
_HBF = re.compile(r"\bhbf\b\.?")
_DIGRAPH = re.compile(r"(?<=[a-z])(ae|oe|ue)")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def search_text(value: str, *, with_compound: bool = False) -> str:
    """Lower case, umlauts and their spellings folded (ü, ue, u), "Straße", "Strasse" and "Str." as "str".

    ``with_compound`` adds the words written together, so "martinsplatz" finds "St.-Martins-Platz".
    """
    text = value.lower().replace("ß", "ss")
    text = text.replace("ä", "a").replace("ö", "o").replace("ü", "u")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = _STREET.sub("str", text)
    text = _HBF.sub("hauptbahnhof", text)
    text = _DIGRAPH.sub(lambda match: match.group(1)[0], text)
    text = _NON_WORD.sub(" ", text).strip()
    if with_compound and " " in text:
        text = f"{text} {text.replace(' ', '')}"
    return text


# German words for the kinds of places residents look for (OSM tag values); anything else shows no detail.
PLACE_LABELS = {
    "amenity": {
        "library": "Bibliothek", "school": "Schule", "kindergarten": "Kita", "university": "Hochschule",
        "college": "Hochschule", "hospital": "Krankenhaus", "pharmacy": "Apotheke", "doctors": "Arztpraxis",
        "townhall": "Rathaus", "police": "Polizei", "fire_station": "Feuerwache", "post_office": "Post",
        "place_of_worship": "Kirche / Gebetshaus", "theatre": "Theater", "cinema": "Kino", "restaurant": "Restaurant",
        "cafe": "Café", "bar": "Bar", "pub": "Kneipe", "fast_food": "Imbiss", "bank": "Bank", "parking": "Parkplatz",
        "fuel": "Tankstelle", "marketplace": "Markt", "community_centre": "Gemeinschaftszentrum",
        "arts_centre": "Kulturzentrum", "social_facility": "Soziale Einrichtung", "bus_station": "Busbahnhof",
        "drinking_water": "Trinkwasser", "toilets": "Toiletten", "nightclub": "Club",
    },
    "leisure": {"park": "Park", "playground": "Spielplatz", "sports_centre": "Sportzentrum", "stadium": "Stadion",
                "swimming_pool": "Schwimmbad", "pitch": "Sportplatz", "garden": "Garten"},
    "tourism": {"museum": "Museum", "hotel": "Hotel", "information": "Information", "attraction": "Sehenswürdigkeit",
                "artwork": "Kunstwerk", "viewpoint": "Aussichtspunkt"},
    "shop": {"supermarket": "Supermarkt", "bakery": "Bäckerei", "mall": "Einkaufszentrum",
             "department_store": "Kaufhaus", "kiosk": "Kiosk"},
    "railway": {"station": "Bahnhof", "halt": "Haltepunkt"},
    "historic": {"monument": "Denkmal", "memorial": "Gedenkstätte", "castle": "Burg / Schloss", "ruins": "Ruine"},
    "office": {"government": "Behörde"},
}
_PLACE_KEYS = ("amenity", "leisure", "tourism", "shop", "railway", "historic", "office", "building", "landuse", "natural")
_HIGHWAYS_NOT_STREETS = {"bus_stop", "platform", "street_lamp", "traffic_signals", "crossing", "elevator", "proposed",
                         "construction", "turning_circle", "stop", "give_way"}
_STOP_TAGS = (("highway", "bus_stop"), ("public_transport", "platform"), ("public_transport", "stop_position"),
              ("railway", "tram_stop"))
_MERGE_DEGREES = 0.003  # parts of a street or stop this close (≈ 250 m) are one entry; farther apart, two


@dataclass
class Entry:
    kind: str
    name: str
    detail: str
    geometry: shp.base.BaseGeometry
    point: shp.Point
    source_key: str


def _open(path: Path):
    return gzip.open(path, "rb") if str(path).endswith(".gz") else open(path, "rb")


def _place_label(tags: dict) -> str:
    for key, labels in PLACE_LABELS.items():
        if tags.get(key) in labels:
            return labels[tags[key]]
    return ""


def _address(tags: dict) -> str:
    street, number = tags.get("addr:street"), tags.get("addr:housenumber")
    return f"{street} {number}" if street and number else ""


def _is_stop(tags: dict) -> bool:
    return any(tags.get(key) == value for key, value in _STOP_TAGS)


def _on_line(line) -> shp.Point:
    """The point of a line nearest to its centre: a pin on the street, not beside it."""
    return line.interpolate(line.project(line.centroid))


def _groups(items: list, position) -> list[list]:
    """Group items whose positions lie within _MERGE_DEGREES of a member of the group (single linkage)."""
    groups: list[list] = []
    for item in items:
        here = position(item)
        near = [g for g in groups if any(here.distance(position(other)) < _MERGE_DEGREES for other in g)]
        merged = [item]
        for group in near:
            merged.extend(group)
            groups.remove(group)
        groups.append(merged)
    return groups


def osm_entries(path: Path) -> list[Entry]:
    """Named streets (merged per street), squares, places, stops and addresses of an OSM XML extract."""
    coords: dict[str, tuple[float, float]] = {}
    tagged_nodes: list[tuple[str, dict, tuple[float, float]]] = []
    ways: list[tuple[str, dict, list[tuple[float, float]]]] = []
    for _event, element in ET.iterparse(_open(path), events=("end",)):
        if element.tag == "node":
            position = (float(element.get("lon")), float(element.get("lat")))
            coords[element.get("id")] = position
            tags = {t.get("k"): t.get("v") for t in element.iter("tag")}
            if tags:
                tagged_nodes.append((element.get("id"), tags, position))
            element.clear()
        elif element.tag == "way":
            tags = {t.get("k"): t.get("v") for t in element.iter("tag")}
            if "name" in tags or "addr:housenumber" in tags:
                refs = [coords[nd.get("ref")] for nd in element.iter("nd") if nd.get("ref") in coords]
                if len(refs) >= 2:
                    ways.append((element.get("id"), tags, refs))
            element.clear()
        elif element.tag == "relation":
            element.clear()

    entries: list[Entry] = []
    streets: dict[str, list] = defaultdict(list)
    stops: dict[str, list[shp.Point]] = defaultdict(list)
    addresses: dict[str, Entry] = {}

    def add_address(tags: dict, geometry, point):
        address = _address(tags)
        folded = search_text(address)
        if address and folded not in addresses:  # the first of a building and its entrance nodes wins
            addresses[folded] = Entry("address", address, tags.get("name", ""), geometry, point, f"osm:addr:{folded}")

    for way_id, tags, refs in ways:
        is_area = tags.get("area") == "yes" or "highway" not in tags
        closed = len(refs) >= 4 and refs[0] == refs[-1] and is_area  # a closed street (a loop) stays a line
        geometry = shp.Polygon(refs) if closed else shp.LineString(refs)
        if closed and not geometry.is_valid:
            geometry = geometry.buffer(0)
        point = geometry.representative_point() if closed else _on_line(geometry)
        name = tags.get("name", "")
        key = f"osm:way/{way_id}"
        if name and (tags.get("place") == "square" or (tags.get("highway") == "pedestrian" and tags.get("area") == "yes")):
            entries.append(Entry("square", name, _address(tags), geometry, point, key))
        elif name and "highway" in tags and tags["highway"] not in _HIGHWAYS_NOT_STREETS and not closed:
            streets[name].append(geometry)
        elif name and _is_stop(tags):
            stops[name].append(point)
        elif name and any(k in tags for k in _PLACE_KEYS):
            detail = " · ".join(part for part in (_place_label(tags), _address(tags)) if part)
            entries.append(Entry("place", name, detail, geometry, point, key))
        add_address(tags, geometry, point)

    for node_id, tags, position in tagged_nodes:
        name, point, key = tags.get("name", ""), shp.Point(position), f"osm:node/{node_id}"
        if name and _is_stop(tags):
            stops[name].append(point)
        elif name and tags.get("place") == "square":
            entries.append(Entry("square", name, "", point, point, key))
        elif name and any(k in tags for k in _PLACE_KEYS):
            detail = " · ".join(part for part in (_place_label(tags), _address(tags)) if part)
            entries.append(Entry("place", name, detail, point, point, key))
        add_address(tags, point, point)

    for name, lines in streets.items():
        for number, group in enumerate(_groups(lines, lambda line: line)):
            merged = linemerge(shp.MultiLineString(group)) if len(group) > 1 else group[0]
            longest = max(getattr(merged, "geoms", [merged]), key=lambda line: line.length)
            entries.append(Entry("street", name, "", merged, _on_line(longest), f"osm:street:{name}:{number}"))

    for name, points in stops.items():
        for number, group in enumerate(_groups(points, lambda p: p)):
            centre = shp.MultiPoint(group).centroid
            entries.append(Entry("stop", name, "Haltestelle", centre, centre, f"osm:stop:{name}:{number}"))

    return _without_duplicates(entries) + list(addresses.values())


_KIND_ORDER = {"square": 0, "street": 1, "place": 2, "stop": 3}


def _without_duplicates(entries: list[Entry]) -> list[Entry]:
    """One entry per place: a square mapped twice, or a square that is also a named street, is listed once."""
    kept: dict[tuple[str, bool], list[Entry]] = defaultdict(list)
    for entry in sorted(entries, key=lambda e: _KIND_ORDER[e.kind]):
        key = (search_text(entry.name), entry.kind == "stop")
        if not any(entry.point.distance(other.point) < _MERGE_DEGREES for other in kept[key]):
            kept[key].append(entry)
    return [entry for group in kept.values() for entry in group]
