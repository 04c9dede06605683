"""OGC API – Features at /ogc/: the resources, paging, reference systems, filters, who sees what, OGC exception
documents for bad input, and GDAL's own client (ogrinfo over OAPIF:) reading every layer."""

import base64
import os
import re
import subprocess

import pytest

from geo_participation.core.moderation import ModerationStatus
from maps.mapping.models import Contribution
from tests.factories.feedback import NEAR_PARK, make_feature, make_feedback_module, make_opinion
from tests.factories import PASSWORD, make_user

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
UTM = "http://www.opengis.net/def/crs/EPSG/0/25832"
ITEMS = "/ogc/collections/angstraeume/items"


def test_landing_page_conformance_and_api_definition(client, fear):
    landing = client.get("/ogc/")
    assert landing.status_code == 200 and landing["Content-Type"] == "application/json"
    rels = {link["rel"]: link for link in landing.json()["links"]}
    assert {"self", "alternate", "service-desc", "service-doc", "conformance", "data"} <= set(rels)
    assert rels["service-desc"]["type"] == "application/vnd.oai.openapi+json;version=3.0"
    conformance = client.get("/ogc/conformance").json()["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core" in conformance
    assert "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs" in conformance
    api = client.get("/ogc/api")
    assert api["Content-Type"].startswith("application/vnd.oai.openapi+json")
    definition = api.json()
    assert definition["openapi"].startswith("3.0")
    items = definition["paths"]["/collections/{collectionId}/items"]["get"]
    limit = next(p for p in items["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 10_000
    assert {"bbox", "bbox-crs", "crs", "datetime", "category", "attr_tageszeit"} <= {p["name"] for p in items["parameters"]}


def test_html_pages(client, fear):
    for url in ("/ogc/?f=html", "/ogc/collections?f=html", "/ogc/collections/angstraeume?f=html",
                f"{ITEMS}?f=html&limit=3", f"{ITEMS}/{Contribution.objects.filter(module=fear, status=ModerationStatus.APPROVED).first().pk}?f=html",
                "/ogc/conformance?f=html", "/ogc/api?f=html"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("text/html"), url
    assert client.get("/ogc/collections", HTTP_ACCEPT="text/html,application/xhtml+xml")["Content-Type"].startswith("text/html")


def test_collections_have_extents_reference_systems_and_licence(client, fear, planner):
    collections = {c["id"]: c for c in client.get("/ogc/collections").json()["collections"]}
    assert set(collections) == {"angstraeume"}
    fear_spaces = collections["angstraeume"]
    west, south, east, north = fear_spaces["extent"]["spatial"]["bbox"][0]
    assert 7.5 < west < east < 8.0 and 49.3 < south < north < 49.6
    assert len(fear_spaces["extent"]["temporal"]["interval"][0]) == 2
    assert fear_spaces["crs"] == [CRS84, UTM] and fear_spaces["storageCrs"] == CRS84
    assert "dl-de/by-2-0" in fear_spaces["license"]
    assert any(link["rel"] == "license" for link in fear_spaces["links"])
    client.force_login(planner)
    assert "angstraeume.alle" in {c["id"] for c in client.get("/ogc/collections").json()["collections"]}


def test_items_page_with_number_matched_and_next_links_through_every_feature(client, fear):
    seen, url, pages = [], f"{ITEMS}?limit=4", 0
    while url:
        page = client.get(url)
        assert page.status_code == 200 and page["Content-Type"] == "application/geo+json"
        body = page.json()
        if pages == 0:
            assert body["numberMatched"] == 11
        assert body["numberReturned"] == len(body["features"])
        seen += [feature["id"] for feature in body["features"]]
        nexts = [link["href"] for link in body["links"] if link["rel"] == "next" and link["type"] == "application/geo+json"]
        url = nexts[0].replace("http://testserver", "") if nexts else None
        pages += 1
    assert len(seen) == len(set(seen)) == 11 and pages == 3


def test_reference_systems_bbox_and_datetime(client, fear):
    crowded = f"{ITEMS}?bbox=7.76,49.44,7.78,49.45"
    body = client.get(crowded).json()
    assert body["numberMatched"] == 6
    in_metres = client.get(f"{crowded}&crs={UTM}")
    assert in_metres["Content-Crs"] == f"<{UTM}>"
    x, y = in_metres.json()["features"][0]["geometry"]["coordinates"]
    assert 400_000 < x < 420_000 and 5_470_000 < y < 5_490_000
    assert client.get(crowded)["Content-Crs"] == f"<{CRS84}>"
    by_metres = client.get(f"{ITEMS}?bbox=410000,5476000,412000,5478500&bbox-crs={UTM}").json()
    assert by_metres["numberMatched"] == 6
    assert client.get(f"{ITEMS}?datetime=2000-01-01/2000-12-31").json()["numberMatched"] == 0
    assert client.get(f"{ITEMS}?datetime=../2100-01-01T00:00:00Z").json()["numberMatched"] == 11


def test_property_filters(client, fear):
    category = fear.map_categories.order_by("weight").last()
    body = client.get(f"{ITEMS}?category={category.pk}").json()
    assert body["numberMatched"] == 3 and {f["properties"]["category"] for f in body["features"]} == {category.pk}
    assert client.get(f"{ITEMS}?attr_tageszeit=tag").json()["numberMatched"] == 3


def test_single_items_and_what_the_public_may_not_see(client, fear, bearer):
    published = Contribution.objects.filter(module=fear, status=ModerationStatus.APPROVED).first()
    pending = Contribution.objects.get(module=fear, status=ModerationStatus.PENDING)
    item = client.get(f"{ITEMS}/{published.pk}")
    assert item.status_code == 200 and item.json()["id"] == published.pk
    assert client.get(f"{ITEMS}/{pending.pk}").status_code == 404
    assert client.get(f"{ITEMS}/{published.pk}?crs={UTM}")["Content-Crs"] == f"<{UTM}>"
    alle = f"/ogc/collections/angstraeume.alle/items/{pending.pk}"
    refused = client.get(alle)
    assert refused.status_code == 401 and refused.json()["code"] == "NotAuthorized"
    assert client.get(alle, **bearer).json()["properties"]["status"] == "pending"
    client.force_login(make_user(username="nur_buergerin"))
    assert client.get(alle).status_code == 403


@pytest.mark.parametrize("url, status", [
    ("/ogc/collections/gibt-es-nicht", 404),
    ("/ogc/collections/gibt-es-nicht/items", 404),
    (f"{ITEMS}/999999999", 404),
    (f"{ITEMS}/abc", 404),
    (f"{ITEMS}?limit=10001", 400),
    (f"{ITEMS}?limit=0", 400),
    (f"{ITEMS}?limit=viele", 400),
    (f"{ITEMS}?bbox=7.8,49.5,7.7,49.4", 400),
    (f"{ITEMS}?bbox=7,49,8", 400),
    (f"{ITEMS}?bbox=7,49,200,50", 400),
    (f"{ITEMS}?bbox=7,49,8,nan", 400),
    (f"{ITEMS}?datetime=letzte-woche", 400),
    (f"{ITEMS}?datetime=2025-02-30", 400),
    (f"{ITEMS}?crs=http://www.opengis.net/def/crs/EPSG/0/3857", 400),
    (f"{ITEMS}?bbox-crs=EPSG:31467&bbox=1,2,3,4", 400),
    (f"{ITEMS}?filter=title='x'", 400),
    (f"{ITEMS}?f=xml", 400),
])
def test_bad_input_is_an_ogc_exception(client, fear, url, status):
    response = client.get(url)
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] in ("InvalidParameterValue", "NotFound") and body["description"]


@pytest.mark.parametrize("query", ["status=pending", "category=0", "category=abc", "district=atlantis"])
def test_a_value_the_layer_does_not_hold_matches_nothing(client, fear, query):
    document = client.get(f"{ITEMS}?{query}").json()
    assert document["numberMatched"] == 0 and document["features"] == []
    assert client.get(ITEMS).json()["numberMatched"] > 0


def test_a_wrong_token_is_refused_not_ignored(client, fear):
    response = client.get(ITEMS, HTTP_AUTHORIZATION="Bearer mw_nicht-gueltig")
    assert response.status_code == 401 and response.json()["code"] == "NotAuthorized"
    assert response["WWW-Authenticate"].startswith("Bearer")


def basic(user: str, password: str) -> dict:
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def test_a_token_also_opens_as_the_password_of_basic_authentication_and_an_account_password_never(client, fear, token, planner):
    """QGIS before 3.26 (Debian 12's) and WFS clients offer only a user name and a password."""
    alle = "/ogc/collections/angstraeume.alle/items"
    assert client.get(alle, **basic("planung", token)).status_code == 200
    assert client.get(alle, **basic("", token)).status_code == 200
    anonymous = client.get(alle).status_code
    assert anonymous in (401, 404)
    assert client.get(alle, **basic(planner.username, PASSWORD)).status_code == anonymous  # not a way in
    assert client.get(alle, HTTP_AUTHORIZATION="Basic kein-base64!").status_code == anonymous
    refused = client.get(alle, **basic("planung", "mw_nicht-gueltig"))
    assert refused.status_code == 401 and refused.json()["code"] == "NotAuthorized"


def ogrinfo(url: str, *arguments, token: str | None = None) -> str:
    env = {**os.environ, "GDAL_HTTP_HEADERS": f"Authorization: Bearer {token}"} if token else None
    return subprocess.run(["ogrinfo", "-ro", "-oo", "PAGE_SIZE=5", f"OAPIF:{url}", *arguments], capture_output=True,
                          text=True, timeout=120, env=env).stdout


def feature_counts(listing: str) -> dict[str, int]:
    counts, name = {}, None
    for line in listing.splitlines():
        if line.startswith("Layer name: "):
            name = line.removeprefix("Layer name: ")
        elif line.startswith("OGRFeature("):
            counts[name] = counts.get(name, 0) + 1
    return counts


@pytest.mark.django_db(transaction=True)
def test_gdal_reads_every_public_layer_in_both_reference_systems(live_server, fear, token):
    bikes = make_feedback_module(title="Fahrradstraßen bewerten", slug="fahrradstrassen")
    park = make_feature(module=bikes)
    for rating in ("bad", "bad", "good"):
        make_opinion(feature=park, author=make_user(), rating=rating, point=NEAR_PARK)
    base = f"{live_server.url}/ogc/"
    listing = ogrinfo(base, "-q")
    assert {line.split(":")[1].split()[0] for line in listing.splitlines() if re.match(r"^\d+:", line)} == {
        "angstraeume", "fahrradstrassen", "fahrradstrassen.strecken"}
    counts = feature_counts(ogrinfo(base, "-al", "-q"))  # follows the next links, 5 features a page
    assert counts == {"angstraeume": 11, "fahrradstrassen": 3, "fahrradstrassen.strecken": 1}
    summary = ogrinfo(base, "-so", "angstraeume")
    assert "Feature Count: 11" in summary and "title: String" in summary
    in_metres = ogrinfo(f"{live_server.url}/ogc/collections/angstraeume?crs={UTM}", "-al", "-q")
    assert feature_counts(in_metres) == {"angstraeume": 11}
    points = re.findall(r"POINT \(([\d.]+) ([\d.]+)\)", in_metres)
    assert points and all(400_000 < float(x) < 420_000 and 5_470_000 < float(y) < 5_490_000 for x, y in points)
    assert "angstraeume.alle" not in listing
    with_token = ogrinfo(base, "-q", token=token)
    assert "angstraeume.alle" in with_token
    assert feature_counts(ogrinfo(f"{live_server.url}/ogc/collections/angstraeume.alle", "-al", "-q", token=token)) == \
        {"angstraeume.alle": 11}  # published ones unless status is asked for
    assert feature_counts(ogrinfo(f"{live_server.url}/ogc/collections/angstraeume.alle?status=approved,pending",
                                  "-al", "-q", token=token)) == {"angstraeume.alle": 12}
