from django.contrib.gis.geos import MultiPolygon, Polygon

from .models import AdministrativeArea

# The city's bounding box, used until the demo city (or the city's own boundary) is loaded.
KAISERSLAUTERN_BBOX = (7.64, 49.34, 7.92, 49.51)


def city_boundary() -> MultiPolygon:
    """The city boundary; before any is loaded, its bounding box, so that defaults still make sense."""
    city = AdministrativeArea.objects.filter(level=AdministrativeArea.Level.CITY).only("geometry").first()
    if city is not None:
        return city.geometry
    return MultiPolygon(Polygon.from_bbox(KAISERSLAUTERN_BBOX), srid=4326)


def districts():
    return AdministrativeArea.objects.filter(level=AdministrativeArea.Level.DISTRICT).order_by("name")


def district_at(point):
    return districts().filter(geometry__intersects=point).only("name", "slug").first()
