import json
from pathlib import Path

from django.contrib.gis.geos import GEOSGeometry, MultiPolygon
from django.db import transaction
from django.utils.text import slugify

from .models import AdministrativeArea


def _multipolygon(geometry: dict) -> MultiPolygon:
    geos = GEOSGeometry(json.dumps(geometry), srid=4326)
    return geos if isinstance(geos, MultiPolygon) else MultiPolygon(geos, srid=4326)


@transaction.atomic
def areas_load(*, boundary_file: Path, districts_file: Path) -> int:
    """Load (or update) the city boundary and the districts from GeoJSON files; returns how many areas were loaded."""
    count = 0
    for path, level in ((boundary_file, AdministrativeArea.Level.CITY), (districts_file, AdministrativeArea.Level.DISTRICT)):
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
            props = feature["properties"]
            slug = slugify(props["name"].replace("ö", "oe").replace("ü", "ue").replace("ä", "ae"))
            AdministrativeArea.objects.update_or_create(
                slug=slug if level == AdministrativeArea.Level.DISTRICT else f"stadt-{slug}",
                defaults={"level": level, "name": props["name"], "geometry": _multipolygon(feature["geometry"]),
                          "source": props.get("source", "")},
            )
            count += 1
    return count
