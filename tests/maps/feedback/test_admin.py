"""Staff load features by GeoJSON upload or by drawing; moderators decide on opinions in the admin."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from geo_participation.accounts.roles import sync_roles
from geo_participation.core.moderation import ModerationStatus
from maps.feedback.models import Feature, Opinion
from tests.factories import make_user
from tests.factories.feedback import bike_street_geojson, make_opinion

pytestmark = pytest.mark.django_db

IMPORT_URL = "/verwaltung/feedback/feature/geojson-hochladen/"


@pytest.fixture(autouse=True)
def roles_with_permissions(db):
    sync_roles()  # the role groups get their admin permissions (post_migrate may have skipped this)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client, module, content: bytes, name="strassen.geojson"):
    return client.post(IMPORT_URL, {"module": module.pk, "source": "© OSM",
                                    "file": SimpleUploadedFile(name, content, content_type="application/geo+json")})


def collection(*features):
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def feature(name, geometry):
    return {"type": "Feature", "properties": {"name": name, "status": "geplant"}, "geometry": geometry}


def test_staff_load_the_bike_streets_file_from_the_fixtures(feedback_module, staff):
    from geo_participation.core.demo import FIXTURES

    client = logged_in(staff)
    assert "Aus GeoJSON-Datei laden" in client.get("/verwaltung/feedback/feature/").content.decode()
    response = upload(client, feedback_module, (FIXTURES / "bike_streets.geojson").read_bytes())
    assert response.status_code == 302
    assert sorted(Feature.objects.values_list("name", flat=True)) == ["Augustastraße", "Parkstraße", "Rütschhofstraße"]
    assert Feature.objects.get(name="Rütschhofstraße").geometry is None
    assert Feature.objects.get(name="Parkstraße").source == "© OSM"
    assert "3 neu, 0 aktualisiert" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("content, words", [
    (b"kein json", "kein gültiges GeoJSON"),
    (b'{"type": "Point", "coordinates": [7.7, 49.4]}', "FeatureCollection"),
    (collection(feature("Weit weg", {"type": "LineString", "coordinates": [[8.5, 49.9], [8.6, 49.9]]})),
     "außerhalb des Gebiets"),
    (collection(feature("Punkt", {"type": "Point", "coordinates": [7.767, 49.438]})), "nicht einen Punkt"),
    (collection(feature("Gut", bike_street_geojson("Parkstraße")),
                feature("NaN", {"type": "LineString", "coordinates": [[7.767, 49.438], [7.768, 1e999]]})),
     "endliche Zahlen"),
    (collection({"type": "Feature", "properties": "Parkstraße", "geometry": None}), "„properties“ eines Features"),
    (collection({**feature("Gut", bike_street_geojson("Parkstraße")), "bbox": "junk"}), "„bbox“ muss ein Array"),
    (json.dumps({"type": "FeatureCollection", "features": [], "bbox": {}}).encode(), "„bbox“ muss ein Array"),
])
def test_a_bad_file_loads_nothing_and_says_why_per_feature(feedback_module, staff, content, words):
    response = upload(logged_in(staff), feedback_module, content)
    assert response.status_code == 400
    html = response.content.decode()
    assert words in html and "Es wurde nichts geladen" in html
    assert not Feature.objects.exists()


def test_a_file_larger_than_5_mb_is_refused(feedback_module, staff):
    response = upload(logged_in(staff), feedback_module, b" " * (5 * 1024 * 1024 + 1))
    assert response.status_code == 400 and "größer als 5 MB" in response.content.decode()


def test_residents_and_moderators_cannot_upload(feedback_module, resident, moderator):
    content = collection(feature("Parkstraße", bike_street_geojson("Parkstraße")))
    assert upload(logged_in(resident), feedback_module, content).status_code == 302  # to the admin login
    assert upload(logged_in(moderator), feedback_module, content).status_code == 403
    assert not Feature.objects.exists()


def _as_drawn(geojson: dict) -> str:
    """What the admin's OpenLayers widget posts: the geometry in the map's projection (EPSG:3857), no crs."""
    from django.contrib.gis.geos import GEOSGeometry

    geometry = GEOSGeometry(json.dumps(geojson), srid=4326)
    return geometry.transform(3857, clone=True).json


def test_staff_draw_a_course_on_the_admin_map(feedback_module, staff):
    multi = _as_drawn({"type": "MultiLineString", "coordinates": [bike_street_geojson("Parkstraße")["coordinates"]]})
    client = logged_in(staff)
    page = client.get("/verwaltung/feedback/feature/add/").content.decode()
    assert "vendor/ol-7.2.2/ol.js" in page  # our OpenLayers, no CDN
    response = client.post("/verwaltung/feedback/feature/add/", {
        "module": feedback_module.pk, "name": "Parkstraße", "slug": "", "status_text": "", "description": "",
        "weight": 0, "geometry": multi, "source": ""})
    assert response.status_code == 302, response.context["adminform"].form.errors
    feature = Feature.objects.get()
    assert feature.slug == "parkstrasse" and feature.geometry.num_coords == 16
    assert abs(feature.geometry.extent[0] - 7.76027) < 1e-6  # back in longitude and latitude


def test_a_drawn_course_outside_the_area_is_refused(feedback_module, staff):
    far = _as_drawn({"type": "MultiLineString", "coordinates": [[[8.5, 49.9], [8.6, 49.9]]]})
    response = logged_in(staff).post("/verwaltung/feedback/feature/add/", {
        "module": feedback_module.pk, "name": "Weit weg", "slug": "", "weight": 0, "geometry": far})
    assert response.status_code == 200 and "außerhalb des Gebiets" in response.content.decode()
    assert not Feature.objects.exists()


def test_moderators_approve_in_the_admin(park_street, moderator):
    opinion = make_opinion(feature=park_street, author=make_user(), comment="Zu eng.", status="pending")
    response = logged_in(moderator).post("/verwaltung/feedback/opinion/", {
        "action": "approve", "_selected_action": [opinion.pk]})
    assert response.status_code == 302
    opinion.refresh_from_db()
    assert opinion.status == ModerationStatus.APPROVED and opinion.moderated_by == moderator


def test_moderators_reject_with_a_reason_the_author_reads(park_street, moderator):
    opinion = make_opinion(feature=park_street, author=make_user(), comment="Unsachlich", status="pending")
    client = logged_in(moderator)
    ask = client.post("/verwaltung/feedback/opinion/", {"action": "reject", "_selected_action": [opinion.pk]})
    assert ask.status_code == 200 and 'name="reason"' in ask.content.decode()
    client.post("/verwaltung/feedback/opinion/", {"action": "reject", "_selected_action": [opinion.pk],
                                                   "apply": "1", "reason": "  "})
    assert Opinion.objects.get().status == ModerationStatus.PENDING  # no reason, no rejection
    client.post("/verwaltung/feedback/opinion/", {"action": "reject", "_selected_action": [opinion.pk],
                                                   "apply": "1", "reason": "Bitte sachlich bleiben."})
    opinion.refresh_from_db()
    assert (opinion.status, opinion.moderation_reason) == (ModerationStatus.REJECTED, "Bitte sachlich bleiben.")


def test_the_opinion_admin_shows_usernames_and_cannot_add(park_street, moderator, resident):
    make_opinion(feature=park_street, author=resident, comment="Zu eng.", status="pending")
    client = logged_in(moderator)
    html = client.get("/verwaltung/feedback/opinion/").content.decode()
    assert "resi" in html and resident.email not in html
    assert client.get("/verwaltung/feedback/opinion/add/").status_code == 403


def test_the_module_admin_shows_the_features_and_settings_of_a_feedback_format(park_street, staff):
    html = logged_in(staff).get(f"/verwaltung/projects/module/{park_street.module.pk}/change/").content.decode()
    assert "Parkstraße" in html and "max_point_distance_m" in html
