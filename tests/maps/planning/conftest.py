"""A fear-space map with a crowded corner (six marks on one spot: a heatmap cell over k) and a few scattered marks
(cells under k), one waiting for moderation; planners, residents and an API token."""

import pytest
from django.contrib.gis.geos import LineString, Point, Polygon

from geo_participation.accounts import roles
from geo_participation.core.demo import FIXTURES
from geo_participation.core.moderation import ModerationStatus
from maps.geo.services import areas_load
from maps.planning.tokens import token_create
from tests.factories import make_user
from tests.factories.mapping import make_contribution, make_map_module

CROWDED = Point(7.7695, 49.4440, srid=4326)  # Stiftsplatz
SCATTERED = [Point(7.7400, 49.4300, srid=4326), Point(7.7900, 49.4600, srid=4326), Point(7.7300, 49.4500, srid=4326)]


@pytest.fixture
def city(db):
    areas_load(boundary_file=FIXTURES / "boundary.geojson", districts_file=FIXTURES / "districts.geojson")


def fill(module, *, crowded: int = 6):
    """Marks on the module: ``crowded`` on one spot, the scattered ones, a line, an area and one pending mark."""
    categories = list(module.map_categories.all())
    made = [make_contribution(module=module, geometry=CROWDED, title=f"Dunkle Ecke {n}", category=categories[n % 2])
            for n in range(crowded)]
    made += [make_contribution(module=module, geometry=point, title=f"Einzeln {n}", category=categories[0],
                               attributes={"tageszeit": "tag"}) for n, point in enumerate(SCATTERED)]
    made.append(make_contribution(module=module, geometry=LineString((7.720, 49.420), (7.725, 49.422), srid=4326),
                                  title="=HYPERLINK(\"http://böse.example\")", description="+49 Anruf"))
    made.append(make_contribution(module=module, title="Platz",
                                  geometry=Polygon(((7.810, 49.471), (7.812, 49.470), (7.810, 49.470), (7.810, 49.471)), srid=4326)))  # clockwise
    made.append(make_contribution(module=module, geometry=CROWDED, title="Wartet", status=ModerationStatus.PENDING))
    return made


@pytest.fixture
def fear(city):
    module = make_map_module(title="Angsträume markieren", slug="angstraeume", kinds=("point", "line", "polygon"))
    fill(module)
    return module


@pytest.fixture
def token(planner):
    _token, secret = token_create(user=planner, name="QGIS im Büro")
    return secret


@pytest.fixture
def bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def staff_member(db):
    return make_user(username="verwalterin", role=roles.STAFF)
