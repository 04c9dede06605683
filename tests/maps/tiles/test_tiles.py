"""Vector tiles: decoded with GDAL's own MVT driver, grouped at low zoom and single features with attributes
from zoom 17, cacheable with an ETag, TileJSON per layer, and refusals for bad coordinates and other people's data."""

import math
import re
import subprocess
import tempfile
from pathlib import Path

import pytest

from maps.tiles.mvt import CLUSTER_BELOW_ZOOM

from ..planning.conftest import CROWDED


def tile_of(point, z: int) -> tuple[int, int]:
    n = 2 ** z
    x = int((point.x + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(point.y))) / math.pi) / 2 * n)
    return x, y


def decoded(data: bytes, z: int, x: int, y: int) -> str:
    """ogrinfo's listing of the tile, read by GDAL's MVT driver (which takes z/x/y from the file's path)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / str(z) / str(x) / f"{y}.pbf"
        path.parent.mkdir(parents=True)
        path.write_bytes(data)
        return subprocess.run(["ogrinfo", "-ro", "-al", str(path)], capture_output=True, text=True, check=True,
                              timeout=60).stdout


def attributes(listing: str, name: str) -> list[str]:
    return [line.split("=", 1)[1].strip() for line in listing.splitlines() if line.strip().startswith(f"{name} (")]


def test_low_zoom_tiles_group_the_places_with_their_count(client, fear):
    z = 8  # one tile holds the whole city
    x, y = tile_of(CROWDED, z)
    response = client.get(f"/tiles/angstraeume/{z}/{x}/{y}.mvt")
    assert response.status_code == 200 and response["Content-Type"] == "application/vnd.mapbox-vector-tile"
    listing = decoded(response.content, z, x, y)
    assert sum(int(n) for n in attributes(listing, "count")) == 11  # every published place, the pending one not
    assert "title" not in listing
    z = 12
    x, y = tile_of(CROWDED, z)
    counts = [int(n) for n in attributes(decoded(client.get(f"/tiles/angstraeume/{z}/{x}/{y}.mvt").content, z, x, y), "count")]
    assert max(counts) >= 6  # the crowded corner is one point


def test_high_zoom_tiles_hold_single_features_with_attributes(client, fear):
    z = CLUSTER_BELOW_ZOOM
    x, y = tile_of(CROWDED, z)
    response = client.get(f"/tiles/angstraeume/{z}/{x}/{y}.mvt")
    listing = decoded(response.content, z, x, y)
    titles = attributes(listing, "title")
    assert sorted(titles) == [f"Dunkle Ecke {n}" for n in range(6)]
    assert "description" not in listing  # long texts stay out of tiles
    x3857, y3857 = (float(n) for n in next(line for line in listing.splitlines() if "POINT" in line).split("(")[1][:-1].split())
    expected = CROWDED.transform(3857, clone=True)
    assert abs(x3857 - expected.x) < 1 and abs(y3857 - expected.y) < 1  # Web Mercator metres, as GDAL reads tiles


def test_tiles_carry_cache_headers_and_revalidate(client, fear):
    x, y = tile_of(CROWDED, 14)
    url = f"/tiles/angstraeume/14/{x}/{y}.mvt"
    first = client.get(url)
    assert first["Cache-Control"].startswith("public") and first["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_filters_and_non_public_tiles(client, fear, bearer):
    z = CLUSTER_BELOW_ZOOM
    x, y = tile_of(CROWDED, z)
    category = fear.map_categories.order_by("weight").last()
    filtered = decoded(client.get(f"/tiles/angstraeume/{z}/{x}/{y}.mvt?category={category.pk}").content, z, x, y)
    assert len(attributes(filtered, "title")) == 3
    for query in ("category=abc", "status=pending"):  # values the layer does not hold match nothing
        response = client.get(f"/tiles/angstraeume/{z}/{x}/{y}.mvt?{query}")
        assert response.status_code == 200 and response.content == b""  # an empty tile is an empty body
    url = f"/tiles/angstraeume.alle/{z}/{x}/{y}.mvt?status=approved,pending"
    assert client.get(url).status_code == 401
    response = client.get(url, **bearer)
    assert response.status_code == 200 and response["Cache-Control"].startswith("private")
    assert "Wartet" in attributes(decoded(response.content, z, x, y), "title")


@pytest.mark.parametrize("path, status", [
    ("angstraeume/23/0/0.mvt", 400),
    ("angstraeume/3/8/0.mvt", 400),
    ("angstraeume/3/0/-1.mvt", 400),
    ("angstraeume/-1/0/0.mvt", 400),
    ("gibt-es-nicht/3/0/0.mvt", 404),
    ("angstraeume/3/0/0.mvt?bbox=1,2,3", 400),
])
def test_bad_tile_requests(client, fear, path, status):
    response = client.get(f"/tiles/{path}")
    assert response.status_code == status
    assert response.json()


def test_tilejson(client, fear):
    category = fear.map_categories.first().pk
    document = client.get(f"/tiles/angstraeume.json?category={category}").json()
    assert document["tilejson"] == "3.0.0"
    assert document["tiles"][0].endswith(f"/tiles/angstraeume/{{z}}/{{x}}/{{y}}.mvt?category={category}")
    assert document["vector_layers"][0]["id"] == "angstraeume"
    assert "title" in document["vector_layers"][0]["fields"]
    assert "dl-de/by-2-0" in document["attribution"]
    assert client.get("/tiles/angstraeume.alle.json").status_code == 401


def test_groups_in_neighbouring_cells_never_cover_each_other(client, fear):
    """Groups sit at their cells' centres, 64 px apart, as the public map's clusters keep their distance
    (mapping.selectors): two places either side of a cell's edge were two bubbles on top of each other."""
    from django.contrib.gis.geos import Point

    from tests.factories.mapping import make_contribution

    z = 14
    x, y = tile_of(Point(7.7695, 49.444), z)
    west, north = x / 2 ** z * 360 - 180, math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / 2 ** z))))
    edge = west + 360 / 2 ** z / 4  # the edge between the tile's first and second column of cells
    row = north - 0.0003  # inside the first row of cells
    for dx in (-0.00005, 0.00005):  # ~4 m apart, either side of the edge
        for _ in range(2):
            make_contribution(module=fear, geometry=Point(edge + dx, row, srid=4326))
    listing = decoded(client.get(f"/tiles/angstraeume/{z}/{x}/{y}.mvt").content, z, x, y)
    points = [tuple(map(float, m)) for m in re.findall(r"POINT \(([-\d.]+) ([-\d.]+)\)", listing)]
    metres_per_px = 2 * math.pi * 6378137 / (256 * 2 ** z)
    near_the_edge = [p for p in points if abs(p[1] - points[0][1]) < 1]  # the first row's groups
    assert len(near_the_edge) >= 2
    for i, a in enumerate(points):
        for b in points[i + 1:]:
            assert max(abs(a[0] - b[0]), abs(a[1] - b[1])) / metres_per_px >= 63.9, (a, b)
