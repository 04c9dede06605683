"""The planners' data API: downloads (GeoJSON, CSV, GeoPackage) and heatmaps, who may read what, and bad input."""

import csv
import io
import json
import subprocess
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone
from PIL import Image
from shapely.geometry import LinearRing

from geo_participation.core.moderation import ModerationStatus
from maps.mapping.models import Contribution
from maps.planning.models import ApiToken
from maps.planning.tokens import token_revoke

BASE = "/api/planning/layers"


def rfc7946_problems(collection: dict) -> list[str]:
    """What keeps a FeatureCollection from being RFC 7946 GeoJSON in WGS 84 around Kaiserslautern."""
    problems = []
    if collection.get("type") != "FeatureCollection" or "crs" in collection:
        problems.append("not a FeatureCollection, or a crs member")

    def positions(coordinates):
        if coordinates and isinstance(coordinates[0], (int, float)):
            yield coordinates
        else:
            for item in coordinates:
                yield from positions(item)

    for feature in collection["features"]:
        geometry = feature["geometry"]
        if feature.get("type") != "Feature" or "properties" not in feature:
            problems.append(f"{feature.get('id')}: not a Feature")
        if geometry is None:
            continue
        for lon, lat, *_ in positions(geometry["coordinates"]):
            if not (7.5 < lon < 8.0 and 49.3 < lat < 49.6):
                problems.append(f"{feature['id']}: {lon}, {lat} is not lon/lat in Kaiserslautern")
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else \
            geometry["coordinates"] if geometry["type"] == "MultiPolygon" else []
        for rings in polygons:
            for index, ring in enumerate(rings):
                if ring[0] != ring[-1] or len(ring) < 4:
                    problems.append(f"{feature['id']}: ring not closed")
                if LinearRing(ring).is_ccw != (index == 0):
                    problems.append(f"{feature['id']}: ring {index} breaks the right-hand rule")
    return problems


def download(client, url, **headers) -> tuple[int, bytes, object]:
    response = client.get(url, **headers)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body, response


def test_public_geojson_is_rfc7946_open_data_with_licence(client, fear):
    status, body, response = download(client, f"{BASE}/angstraeume/export.geojson")
    assert status == 200 and response["Content-Type"] == "application/geo+json"
    assert 'filename="angstraeume.geojson"' in response["Content-Disposition"]
    assert 'rel="license"' in response["Link"]
    collection = json.loads(body)
    assert rfc7946_problems(collection) == []
    titles = {f["properties"]["title"] for f in collection["features"]}
    assert "Wartet" not in titles and len(collection["features"]) == 11
    assert "dl-de/by-2-0" in collection["license"] and "Kaiserslautern" in collection["attribution"]
    assert {"Polygon", "LineString", "Point"} <= {f["geometry"]["type"] for f in collection["features"]}
    assert b"@example.org" not in body  # no e-mail address anywhere
    assert set(collection["features"][0]["properties"]) == {
        "title", "description", "category", "category_name", "attributes", "district", "support_count", "author",
        "created_at"}


def test_filters_apply_to_downloads(client, fear):
    category = fear.map_categories.order_by("weight").last()
    _status, body, _response = download(client, f"{BASE}/angstraeume/export.geojson?category={category.pk}")
    assert {f["properties"]["category"] for f in json.loads(body)["features"]} == {category.pk}
    Contribution.objects.filter(module=fear, title="Einzeln 0").update(created_at=timezone.now() - timedelta(days=40))
    since = (timezone.localdate() - timedelta(days=10)).isoformat()
    _status, body, _response = download(client, f"{BASE}/angstraeume/export.geojson?from={since}")
    assert "Einzeln 0" not in {f["properties"]["title"] for f in json.loads(body)["features"]}
    _status, body, _response = download(client, f"{BASE}/angstraeume/export.geojson?attr_tageszeit=tag")
    assert {f["properties"]["title"] for f in json.loads(body)["features"]} == {"Einzeln 0", "Einzeln 1", "Einzeln 2"}
    _status, body, _response = download(client, f"{BASE}/angstraeume/export.geojson?bbox=7.76,49.44,7.78,49.45")
    assert {f["properties"]["title"] for f in json.loads(body)["features"]} == {f"Dunkle Ecke {n}" for n in range(6)}


def test_non_public_layer_needs_a_planner_or_a_token(client, fear, resident, planner, bearer, token):
    url = f"{BASE}/angstraeume.alle/export.geojson?status=approved,pending"
    assert client.get(url).status_code == 401
    client.force_login(resident)
    assert client.get(url).status_code == 403
    client.logout()
    status, body, _response = download(client, url, **bearer)
    assert status == 200
    features = json.loads(body)["features"]
    assert {f["properties"]["status"] for f in features} == {"approved", "pending"} and len(features) == 12
    assert client.get(url, HTTP_AUTHORIZATION="Bearer mw_falsch").status_code == 401
    token_revoke(user=planner, pk=ApiToken.objects.get(user=planner).pk)
    refused = client.get(url, **bearer)
    assert refused.status_code == 401 and "widerrufen" in refused.json()["detail"]
    client.force_login(planner)
    assert client.get(url).status_code == 200


def test_tokens_are_stored_hashed_and_only_read(client, fear, planner, token, bearer):
    stored = ApiToken.objects.get(user=planner)
    assert token not in {stored.digest, stored.prefix} and token.startswith(stored.prefix)
    assert client.post(f"{BASE}/angstraeume/export.geojson", **bearer).status_code in (401, 405)
    client.get(f"{BASE}/angstraeume.alle/export.geojson", **bearer)
    stored.refresh_from_db()
    assert stored.last_used_at is not None


def test_public_layers_hold_published_contributions_only(client, fear, bearer):
    # A status the layer does not hold matches nothing, as an unknown category does: the schema of these generic
    # endpoints cannot list each layer's values, so no value it allows is refused (tests/test_api_contract.py).
    for url in (f"{BASE}/angstraeume/export.geojson?status=pending",
                f"{BASE}/angstraeume/export.geojson?status=approved,pending&category=999999"):
        status, body, _response = download(client, url, **bearer)
        assert status == 200 and json.loads(body)["features"] == []
    status, body, _response = download(client, f"{BASE}/angstraeume/export.geojson?status=approved,pending", **bearer)
    features = json.loads(body)["features"]
    assert features and "status" not in features[0]["properties"]


def test_a_box_is_two_opposite_corners_and_a_range_may_hold_nothing(client, fear):
    def features(query):
        status, body, _response = download(client, f"{BASE}/angstraeume/export.geojson?{query}")
        assert status == 200
        return [f["id"] for f in json.loads(body)["features"]]

    inside = features("bbox=7.76,49.44,7.78,49.45")
    assert inside and features("bbox=7.78,49.45,7.76,49.44") == inside == features("bbox=7.76,49.45,7.78,49.44")
    assert features("datetime=2025-06-01/2025-05-01") == [] and features("from=2025-06-01&to=2025-05-01") == []
    assert features("datetime=9999-12-31T23:59:59.999999") == []  # was a 500: one microsecond beyond Python's dates
    assert len(features("datetime=../..")) == len(features(""))


def test_csv_is_safe_for_spreadsheets_with_wkt_and_lon_lat(client, fear):
    status, body, response = download(client, f"{BASE}/angstraeume/export.csv")
    assert status == 200 and response["Content-Type"].startswith("text/csv")
    text = body.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))
    assert len(rows) == 11
    line = next(row for row in rows if row["wkt"].startswith("LINESTRING"))
    assert line["title"].startswith("'=HYPERLINK") and line["description"] == "'+49 Anruf"
    point = next(row for row in rows if row["title"] == "Dunkle Ecke 0")
    assert point["wkt"] == "POINT(7.7695 49.444)" and (point["lon"], point["lat"]) == ("7.769500", "49.444000")
    assert point["attr_tageszeit"] == "nacht" and "attributes" not in point
    _status, body, response = download(client, f"{BASE}/angstraeume/export.csv?crs=EPSG:25832")
    assert "epsg25832" in response["Content-Disposition"]
    metres = next(row for row in csv.DictReader(io.StringIO(body.decode()[1:]), delimiter=";") if row["title"] == "Dunkle Ecke 0")
    x, y = (float(n) for n in metres["wkt"][6:-1].split())
    assert 400_000 < x < 420_000 and 5_470_000 < y < 5_490_000 and metres["lon"] == "7.769500"


def test_licence_side_file(client, fear):
    response = client.get(f"{BASE}/angstraeume/licence.txt")
    assert response.status_code == 200 and "dl-de/by-2-0" in response.content.decode()


def ogrinfo(*arguments) -> str:
    return subprocess.run(["ogrinfo", "-ro", *arguments], capture_output=True, text=True, check=True, timeout=60).stdout


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("crs, srs", [("EPSG:25832", "ETRS89 / UTM zone 32N"), ("EPSG:4326", "WGS 84")])
def test_geopackage_has_the_counts_attributes_reference_system_and_licence(client, fear, crs, srs):
    status, body, response = download(client, f"{BASE}/angstraeume/export.gpkg?crs={crs}")
    assert status == 200 and response["Content-Type"] == "application/geopackage+sqlite3"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ebene.gpkg"
        path.write_bytes(body)
        summary = ogrinfo("-so", str(path), "angstraeume")
        assert "Feature Count: 11" in summary
        assert srs in summary
        for field in ("title: String", "category: Integer", "support_count: Integer", "created_at: DateTime",
                      "attr_tageszeit: String", "author: String"):
            assert field in summary
        assert "dl-de/by-2-0" in summary  # the layer's description and the dataset's metadata
        licence = ogrinfo(str(path), "lizenz")
        assert "Feature Count: 1" in licence and "Stadt Kaiserslautern" in licence
        if crs == "EPSG:25832":
            extent = next(line for line in summary.splitlines() if line.startswith("Extent"))
            assert "(40" in extent and "54" in extent  # easting ~ 400,000, northing ~ 5,480,000
        filtered = download(client, f"{BASE}/angstraeume/export.gpkg?crs={crs}&attr_tageszeit=tag")[1]
        path.write_bytes(filtered)
        assert "Feature Count: 3" in ogrinfo("-so", str(path), "angstraeume")


def test_heatmap_geojson_and_png(client, fear):
    response = client.get(f"{BASE}/angstraeume/heatmap.geojson?cell=200")
    assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"
    collection = response.json()
    assert rfc7946_problems(collection) == []
    assert [f["properties"]["count"] for f in collection["features"]] == [6]
    assert collection["metadata"]["k_anonymity"]["k"] == 5 and "5" in collection["metadata"]["k_anonymity"]["rule"]
    picture = client.get(f"{BASE}/angstraeume/heatmap.png?cell=500&value=weighted")
    assert picture.status_code == 200 and picture["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(picture.content))
    assert image.size == (1200, 900)
    colours = {colour for _count, colour in image.convert("RGB").getcolors(1_000_000)}
    assert (0x99, 0x34, 0x04) in colours  # the darkest class: the crowded cell


@pytest.mark.parametrize("url, field", [
    ("angstraeume/heatmap.geojson?cell=150", "cell"),
    ("angstraeume/heatmap.geojson?cell=abc", "cell"),
    ("angstraeume/heatmap.png?value=average", "value"),
    ("angstraeume/export.geojson?bbox=7.8,49.4,7.7", "bbox"),
    ("angstraeume/export.geojson?bbox=7.7,49.4,7.8,91", "bbox"),
    ("angstraeume/export.geojson?datetime=gestern", "datetime"),
    ("angstraeume/export.geojson?datetime=2025-02-30", "datetime"),
    ("angstraeume/export.geojson?from=2025-13-01", "from"),
    ("angstraeume/export.geojson?datetime=/", "datetime"),
    ("angstraeume/export.gpkg?crs=EPSG:3857", "crs"),
    ("angstraeume/export.csv?crs=irgendwas", "crs"),
])
def test_bad_input_is_a_400_naming_the_parameter_in_german(client, fear, url, field):
    response = client.get(f"{BASE}/{url}")
    assert response.status_code == 400
    body = response.json()["errors"]
    assert field in body, body
    assert any(word in " ".join(body[field]) for word in ("bitte", "Bitte", "Unbekannt", "nicht", "endet", "außerhalb",
                                                          "Zahl", "Zellgröße", "Bezugssystem")), body


def test_cell_sizes_are_named_in_the_message(client, fear):
    message = client.get(f"{BASE}/angstraeume/heatmap.geojson?cell=42").json()["errors"]["cell"][0]
    assert all(str(size) in message for size in (50, 100, 200, 500, 1000))


def test_unknown_layers_and_layers_without_heatmap_are_404(client, fear):
    assert client.get(f"{BASE}/gibt-es-nicht/export.geojson").status_code == 404
    assert client.get(f"{BASE}/angstraeume.unbekannt/export.geojson").status_code == 404
    assert client.get(f"{BASE}/../../etc/export.geojson").status_code == 404


def test_layer_list_shows_planners_more(client, fear, planner):
    public = {layer["key"] for layer in client.get(f"{BASE}/").json()["layers"]}
    assert public == {"angstraeume"}
    client.force_login(planner)
    layers = {layer["key"]: layer for layer in client.get(f"{BASE}/").json()["layers"]}
    assert set(layers) == {"angstraeume", "angstraeume.alle"}
    assert layers["angstraeume.alle"]["statuses"] == ["approved", "pending"]
    assert {f["name"] for f in layers["angstraeume"]["filters"]} == {"category", "attr_tageszeit", "district"}


@override_settings(RATELIMIT_ENABLE=True, RATE_LIMITS={"download": "2/m"})
def test_downloads_are_rate_limited_per_client(client, fear):
    cache.clear()
    for _ in range(2):
        assert client.get(f"{BASE}/angstraeume/export.csv").status_code == 200
    refused = client.get(f"{BASE}/angstraeume/export.csv")
    assert refused.status_code == 429 and "Anfragen" in refused.json()["detail"]
    other = client.get(f"{BASE}/angstraeume/export.csv", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200
    cache.clear()


def test_hidden_and_rejected_contributions_are_nowhere(client, fear, planner):
    Contribution.objects.filter(module=fear, title="Einzeln 0").update(status=ModerationStatus.HIDDEN)
    client.force_login(planner)
    _status, body, _response = download(client, f"{BASE}/angstraeume.alle/export.geojson?status=approved,pending")
    assert "Einzeln 0" not in {f["properties"]["title"] for f in json.loads(body)["features"]}
