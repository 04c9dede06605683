"""Test objects of the feedback format; the Parkstraße's real course (OSM) from the demo fixtures."""

import json
from functools import cache

from django.contrib.gis.geos import Point

from geo_participation.core.demo import FIXTURES
from maps.feedback.geometry import lines_from_geojson
from maps.feedback.models import FeedbackSettings, Feature, Opinion
from maps.feedback.services import slug_for_name

from . import make_module


@cache
def bike_street_geojson(name: str) -> dict | None:
    for feature in json.loads((FIXTURES / "bike_streets.geojson").read_text(encoding="utf-8"))["features"]:
        if feature["properties"]["name"] == name:
            return feature["geometry"]
    raise KeyError(name)


def park_street_line():
    return lines_from_geojson(bike_street_geojson("Parkstraße"))


# A vertex of the Parkstraße and a spot ~20 m north of it (0.00018° of latitude ≈ 20 m).
PARK_VERTEX = (7.76767, 49.43823)
NEAR_PARK = Point(7.76767, 49.43841, srid=4326)
FAR_FROM_PARK = Point(7.76767, 49.44023, srid=4326)  # ≈ 220 m north


def make_feedback_module(*, state: str = "open", settings: dict | None = None, **fields):
    module = make_module(format_key="feedback", state=state, **fields)
    if settings is not None:
        FeedbackSettings.objects.create(module=module, **settings)
    return module


def make_feature(*, module=None, name: str = "Parkstraße", geometry="park", **fields) -> Feature:
    module = module or make_feedback_module()
    if geometry == "park":
        geometry = park_street_line()
    slug = fields.pop("slug", None) or slug_for_name(name)
    return Feature.objects.create(module=module, name=name, slug=slug, geometry=geometry, **fields)


def make_opinion(*, feature: Feature, author, rating: str = "good", comment: str = "", point=None,
                 status: str = "approved") -> Opinion:
    """Straight into the table (no service), for counts and lists."""
    return Opinion.objects.create(feature=feature, author=author, rating=rating, comment=comment, point=point,
                                  status=status)
