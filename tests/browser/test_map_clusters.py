"""At city zoom, cluster bubbles never cover each other: measured in Chromium, on the rectangles the browser draws.

Found on the walk: the grid's neighbouring cells put their clusters side by side and the bubbles hid each other's
numbers. The layer spreads them (maps.mapping.selectors); here the map page shows 600 published places around three
spots of the city, at every zoom from the city to the streets, and no two bubbles or marks may intersect.
"""

import random

import pytest
from django.contrib.gis.geos import Point
from playwright.sync_api import expect

from geo_participation.core.demo import FIXTURES
from geo_participation.core.moderation import ModerationStatus
from maps.geo.services import areas_load
from maps.mapping.models import Contribution
from tests.factories.mapping import make_map_module

pytestmark = pytest.mark.browser

OVERLAPS = """() => {
  const boxes = [...document.querySelectorAll('#contribution-map .leaflet-marker-icon')]
    .map((el) => ({ text: el.textContent.trim(), r: el.getBoundingClientRect() }));
  const hits = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i].r, b = boxes[j].r;
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) hits.push([boxes[i].text, boxes[j].text]);
  }
  return { count: boxes.length, clusters: document.querySelectorAll('#contribution-map .map-cluster').length, hits };
}"""


@pytest.fixture
def crowded_map(transactional_db):
    areas_load(boundary_file=FIXTURES / "boundary.geojson", districts_file=FIXTURES / "districts.geojson")
    module = make_map_module(title="Hitzepunkte", slug="hitzepunkte")
    category, rng = module.map_categories.first(), random.Random(14)
    spots = [(7.7695, 49.4440, 0.004), (7.7520, 49.4240, 0.003), (7.7700, 49.4440, 0.05)]
    Contribution.objects.bulk_create([
        Contribution(module=module, title=f"Ort {i}", category=category, attributes={}, status=ModerationStatus.APPROVED,
                     geometry=Point(lon + rng.uniform(-d, d), lat + rng.uniform(-d, d) * 0.6, srid=4326))
        for i, (lon, lat, d) in enumerate(spots[i % 3] for i in range(600))])
    return module


def test_no_two_bubbles_cover_each_other_from_city_to_street_zoom(live_server, page, crowded_map):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}{crowded_map.get_absolute_url()}")
    status = page.locator("#map-status")
    expect(status).to_contain_text("600")  # the city view counts every place
    counts = []
    for step in range(5):  # the city's zoom, then four levels closer
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(400)  # Leaflet has placed the markers of this zoom's layer
        result = page.evaluate(OVERLAPS)
        assert result["count"] > 0 and (step or result["clusters"] > 0), result
        assert not result["hits"], f"zoom step {step}: bubbles that cover each other: {result['hits'][:5]}"
        counts.append(result["count"])
        page.locator("#contribution-map .leaflet-control-zoom-in").click()
    assert counts[0] < counts[-1]  # closer in, the clusters open up
