import json

import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError

from geo_participation.core.moderation import ModerationStatus, moderation_approve, moderation_hide, moderation_reject
from maps.feedback.models import FeedbackSettings, Feature, Opinion
from maps.feedback.selectors import feature_stats
from maps.feedback.services import (feature_create, features_import, opinion_change, opinion_create, opinion_withdraw,
                                    personal_data, point_snap)
from tests.factories import make_user
from tests.factories.feedback import (FAR_FROM_PARK, NEAR_PARK, PARK_VERTEX, bike_street_geojson, make_feature,
                                      make_feedback_module, make_opinion)

pytestmark = pytest.mark.django_db


def _distance_m(a: Point, b: Point) -> float:
    return a.transform(25832, clone=True).distance(b.transform(25832, clone=True))


# --- snapping ----------------------------------------------------------------------------------------------


def test_a_spot_near_the_street_is_moved_onto_the_line(park_street):
    snapped = point_snap(feature=park_street, point=NEAR_PARK)
    on_line = park_street.geometry.transform(25832, clone=True)
    assert on_line.distance(snapped.transform(25832, clone=True)) < 0.01  # on the line, to the centimetre
    assert 19 < _distance_m(snapped, NEAR_PARK) < 21  # it moved the ~20 m it was off
    assert snapped.srid == 4326


def test_a_spot_on_a_vertex_stays_where_it_is(park_street):
    snapped = point_snap(feature=park_street, point=Point(*PARK_VERTEX, srid=4326))
    assert _distance_m(snapped, Point(*PARK_VERTEX, srid=4326)) < 0.01


def test_a_spot_far_from_the_street_is_refused_naming_the_distance_in_metres(park_street):
    with pytest.raises(ValidationError) as error:
        point_snap(feature=park_street, point=FAR_FROM_PARK)
    message = error.value.message_dict["point"][0]
    expected = park_street.geometry.transform(25832, clone=True).distance(FAR_FROM_PARK.transform(25832, clone=True))
    assert 200 < expected < 230 and f"{expected:.0f} m" in message
    assert "50 m" in message  # the default largest distance


def test_the_largest_distance_is_set_per_format(park_street):
    FeedbackSettings.objects.create(module=park_street.module, max_point_distance_m=10)
    park_street.module.refresh_from_db()
    with pytest.raises(ValidationError):
        point_snap(feature=park_street, point=NEAR_PARK)  # 20 m > 10 m


def test_swapped_longitude_and_latitude_land_far_away_and_are_refused(park_street):
    with pytest.raises(ValidationError) as error:
        point_snap(feature=park_street, point=Point(NEAR_PARK.y, NEAR_PARK.x, srid=4326))
    assert "point" in error.value.message_dict


def test_no_spot_can_be_set_on_a_street_whose_course_is_not_drawn(street_without_course, resident):
    with pytest.raises(ValidationError) as error:
        opinion_create(feature=street_without_course, author=resident, rating="bad", point=NEAR_PARK)
    assert "not drawn" in error.value.message_dict["point"][0]
    assert not Opinion.objects.exists()


def test_a_format_can_switch_spots_off(park_street, resident):
    FeedbackSettings.objects.create(module=park_street.module, points_enabled=False)
    park_street.module.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        opinion_create(feature=park_street, author=resident, rating="bad", point=NEAR_PARK)
    assert "point" in error.value.message_dict


# --- giving, changing, withdrawing -------------------------------------------------------------------------


def test_a_rating_without_comment_counts_at_once(park_street, resident):
    opinion = opinion_create(feature=park_street, author=resident, rating="good")
    assert opinion.status == ModerationStatus.APPROVED
    assert feature_stats(module=park_street.module)[park_street.pk].good == 1


def test_an_opinion_with_a_comment_waits_for_moderation_and_then_counts(park_street, resident, moderator):
    opinion = opinion_create(feature=park_street, author=resident, rating="bad", comment="  Zu eng.  ",
                             point=NEAR_PARK)
    assert opinion.status == ModerationStatus.PENDING and opinion.comment == "Zu eng."
    assert opinion.point is not None and _distance_m(opinion.point, NEAR_PARK) > 19  # stored snapped
    assert feature_stats(module=park_street.module)[park_street.pk].total == 0

    moderation_approve(item=opinion, moderator=moderator)
    stats = feature_stats(module=park_street.module)[park_street.pk]
    assert (stats.bad, stats.total, stats.verdict) == (1, 1, "bad")


def test_one_opinion_per_person_and_feature(park_street, resident):
    opinion_create(feature=park_street, author=resident, rating="good")
    with pytest.raises(ValidationError) as error:
        opinion_create(feature=park_street, author=resident, rating="bad")
    assert "feature" in error.value.message_dict
    assert Opinion.objects.get().rating == "good"


def test_the_database_refuses_a_second_opinion_even_past_the_service(park_street, resident):
    from django.db import IntegrityError, transaction

    make_opinion(feature=park_street, author=resident)
    with pytest.raises(IntegrityError), transaction.atomic():
        Opinion.objects.create(feature=park_street, author=resident, rating="bad")


def test_the_database_refuses_an_unknown_rating(park_street, resident):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Opinion.objects.create(feature=park_street, author=resident, rating="super")


@pytest.mark.parametrize("values, field", [
    ({"rating": "super"}, "rating"),
    ({"rating": ""}, "rating"),
    ({"rating": "good", "comment": "x" * 2001}, "comment"),
    ({"rating": "good", "point": Point(7.76767, 49.6, srid=4326)}, "point"),
])
def test_bad_input_is_refused_naming_the_field_and_nothing_is_stored(park_street, resident, values, field):
    with pytest.raises(ValidationError) as error:
        opinion_create(feature=park_street, author=resident, **values)
    assert field in error.value.message_dict
    assert not Opinion.objects.exists()


@pytest.mark.parametrize("state", ["upcoming", "closed"])
def test_no_opinions_outside_the_period(resident, state):
    feature = make_feature(module=make_feedback_module(state=state))
    with pytest.raises(ValidationError) as error:
        opinion_create(feature=feature, author=resident, rating="good")
    assert "module" in error.value.message_dict
    assert not Opinion.objects.exists()


def test_changing_only_the_rating_keeps_an_approved_comment_published(park_street, resident, moderator):
    opinion = opinion_create(feature=park_street, author=resident, rating="bad", comment="Zu eng.")
    moderation_approve(item=opinion, moderator=moderator)
    opinion = opinion_change(opinion=opinion, rating="okay", comment="Zu eng.", point=NEAR_PARK)
    assert opinion.status == ModerationStatus.APPROVED and opinion.point is not None
    assert feature_stats(module=park_street.module)[park_street.pk].okay == 1


def test_changing_the_comment_sends_it_back_to_the_moderators(park_street, resident, moderator):
    opinion = opinion_create(feature=park_street, author=resident, rating="bad", comment="Zu eng.")
    moderation_approve(item=opinion, moderator=moderator)
    opinion = opinion_change(opinion=opinion, rating="bad", comment="Zu eng und zu schnell.")
    assert opinion.status == ModerationStatus.PENDING and opinion.moderated_by is None
    assert feature_stats(module=park_street.module)[park_street.pk].total == 0


def test_a_rejected_opinion_goes_back_to_the_moderators_when_changed(park_street, resident, moderator):
    opinion = opinion_create(feature=park_street, author=resident, rating="bad", comment="Unsachlich")
    moderation_reject(item=opinion, moderator=moderator, reason="Bitte sachlich bleiben.")
    opinion = opinion_change(opinion=opinion, rating="bad", comment="Sachlich: zu eng.")
    assert opinion.status == ModerationStatus.PENDING and opinion.moderation_reason == ""


def test_a_hidden_opinion_stays_with_the_moderators_even_without_comment(park_street, resident, moderator):
    opinion = opinion_create(feature=park_street, author=resident, rating="bad")
    moderation_hide(item=opinion, moderator=moderator, reason="Mehrfachkonto")
    opinion = opinion_change(opinion=opinion, rating="good", comment="")
    assert opinion.status == ModerationStatus.PENDING


def test_a_change_with_bad_input_changes_nothing(park_street, resident):
    opinion = opinion_create(feature=park_street, author=resident, rating="good", comment="", point=NEAR_PARK)
    before = Opinion.objects.values().get(pk=opinion.pk)
    with pytest.raises(ValidationError):
        opinion_change(opinion=opinion, rating="bad", comment="neu", point=FAR_FROM_PARK)
    assert Opinion.objects.values().get(pk=opinion.pk) == before


def test_withdrawing_removes_the_rating_from_the_counts(park_street, resident):
    opinion = opinion_create(feature=park_street, author=resident, rating="good")
    opinion_withdraw(opinion=opinion)
    assert not Opinion.objects.exists()
    assert feature_stats(module=park_street.module)[park_street.pk].total == 0


def test_nothing_can_be_changed_or_withdrawn_after_the_end(resident):
    module = make_feedback_module(state="closed")
    feature = make_feature(module=module)
    opinion = make_opinion(feature=feature, author=resident, rating="good")
    with pytest.raises(ValidationError):
        opinion_change(opinion=opinion, rating="bad")
    with pytest.raises(ValidationError):
        opinion_withdraw(opinion=opinion)
    assert Opinion.objects.get().rating == "good"


# --- counts and verdicts -----------------------------------------------------------------------------------


@pytest.mark.parametrize("good, okay, bad, verdict", [
    (0, 0, 0, "none"), (1, 0, 0, "good"), (0, 0, 1, "bad"), (0, 1, 0, "mixed"),
    (2, 1, 1, "mixed"), (3, 2, 1, "good"), (1, 1, 2, "mixed"), (1, 2, 4, "bad"), (5, 0, 5, "mixed"),
])
def test_the_verdict_follows_the_share_of_good_and_bad(feedback_module, good, okay, bad, verdict):
    feature = make_feature(module=feedback_module)
    for rating, count in (("good", good), ("okay", okay), ("bad", bad)):
        for _ in range(count):
            make_opinion(feature=feature, author=make_user(), rating=rating)
    stats = feature_stats(module=feedback_module)[feature.pk]
    assert (stats.good, stats.okay, stats.bad, stats.verdict) == (good, okay, bad, verdict)


def test_only_approved_opinions_count(park_street):
    for status in ModerationStatus.values:
        make_opinion(feature=park_street, author=make_user(), rating="bad", status=status)
    assert feature_stats(module=park_street.module)[park_street.pk].bad == 1


def test_counts_of_another_format_do_not_mix_in(park_street, resident):
    other = make_feature(module=make_feedback_module())
    make_opinion(feature=other, author=resident, rating="bad")
    assert feature_stats(module=park_street.module)[park_street.pk].total == 0


def test_a_deleted_account_keeps_its_rating_anonymised(park_street, resident):
    make_opinion(feature=park_street, author=resident, rating="good")
    resident.delete()
    opinion = Opinion.objects.get()
    assert opinion.author is None
    assert feature_stats(module=park_street.module)[park_street.pk].good == 1


def test_download_my_data_lists_the_persons_opinions(park_street, resident, other_resident):
    make_opinion(feature=park_street, author=resident, rating="bad", comment="Zu eng.", point=NEAR_PARK)
    make_opinion(feature=park_street, author=other_resident, rating="good")
    data = personal_data(user=resident)
    assert [(d["feature"], d["rating"], d["comment"]) for d in data] == [("Parkstraße", "bad", "Zu eng.")]
    assert data[0]["point"]["type"] == "Point"
    json.dumps(data)  # JSON-able


# --- loading features --------------------------------------------------------------------------------------


def _collection(*features, **extra):
    return json.dumps({"type": "FeatureCollection", "features": list(features), **extra})


def _feature(name, geometry="park", **properties):
    geometry = bike_street_geojson("Parkstraße") if geometry == "park" else geometry
    return {"type": "Feature", "properties": {"name": name, **properties}, "geometry": geometry}


def test_a_geojson_file_loads_its_lines_and_features_without_course(feedback_module):
    result = features_import(module=feedback_module, source="© OSM", data=_collection(
        _feature("Parkstraße", status="geplant"),
        _feature("Augustastraße", geometry=bike_street_geojson("Augustastraße")),
        _feature("Rütschhofstraße", geometry=None)))
    assert (result.created, result.updated) == (3, 0)
    features = {f.name: f for f in Feature.objects.all()}
    assert features["Parkstraße"].geometry.geom_type == "MultiLineString"
    assert features["Parkstraße"].status_text == "geplant" and features["Parkstraße"].source == "© OSM"
    assert features["Rütschhofstraße"].geometry is None and features["Rütschhofstraße"].slug == "ruetschhofstrasse"


def test_loading_again_updates_features_of_the_same_name(feedback_module):
    features_import(module=feedback_module, data=_collection(_feature("Parkstraße", geometry=None)))
    result = features_import(module=feedback_module, data=_collection(_feature("Parkstraße", status="neu")))
    assert (result.created, result.updated) == (0, 1)
    feature = Feature.objects.get()
    assert feature.geometry is not None and feature.status_text == "neu"
    # a file without a course leaves the course alone
    features_import(module=feedback_module, data=_collection(_feature("Parkstraße", geometry=None, status="alt")))
    feature.refresh_from_db()
    assert feature.geometry is not None and feature.status_text == "alt"


@pytest.mark.parametrize("data, words", [
    (b"\xff\xfe nonsense", "not valid GeoJSON"),
    ("{", "not valid GeoJSON"),
    (json.dumps({"type": "Point", "coordinates": [7.7, 49.4]}), "FeatureCollection"),
    (_collection(), "no features"),
    (_collection(_feature("A"), crs={"type": "name", "properties": {"name": "EPSG:25832"}}), "EPSG:25832"),
])
def test_an_unreadable_file_is_refused_as_a_whole(feedback_module, data, words):
    with pytest.raises(ValidationError) as error:
        features_import(module=feedback_module, data=data)
    assert words in " ".join(error.value.message_dict["file"])
    assert not Feature.objects.exists()


def test_a_file_with_crs84_as_older_qgis_writes_it_is_accepted(feedback_module):
    data = _collection(_feature("Parkstraße"), crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}})
    assert features_import(module=feedback_module, data=data).created == 1


def test_one_bad_feature_and_nothing_is_loaded_with_a_message_per_bad_feature(feedback_module):
    data = _collection(
        _feature("Parkstraße"),
        _feature("Weit weg", geometry={"type": "LineString", "coordinates": [[8.5, 49.9], [8.6, 49.9]]}),
        _feature("Vertauscht", geometry={"type": "LineString", "coordinates": [[49.438, 7.767], [49.439, 7.768]]}),
        _feature("Ein Punkt", geometry={"type": "Point", "coordinates": [7.767, 49.438]}),
        _feature("", geometry=None),
        _feature("Parkstraße", geometry=None),
        {"type": "Feature", "properties": {"name": "Kaputt"}, "geometry": {"type": "LineString", "coordinates": [[7.7, "x"]]}},
    )
    with pytest.raises(ValidationError) as error:
        features_import(module=feedback_module, data=data)
    messages = error.value.message_dict["file"]
    assert len(messages) == 6
    assert messages[0].startswith("Feature 2") and "area" in messages[0]
    assert "Feature 3" in messages[1] and "swapped" in messages[1]  # lat/lon swapped: out of range or outside
    assert "Feature 4" in messages[2] and "line" in messages[2]
    assert "Feature 5" in messages[3] and "name" in messages[3]
    assert "Feature 6" in messages[4] and "twice" in messages[4]
    assert "Feature 7" in messages[5] and "numbers" in messages[5]
    assert not Feature.objects.exists()


def test_a_feature_is_refused_outside_the_area_of_its_format(feedback_module):
    far = {"type": "LineString", "coordinates": [[8.5, 49.9], [8.6, 49.9]]}
    from maps.feedback.geometry import lines_from_geojson

    with pytest.raises(ValidationError) as error:
        feature_create(module=feedback_module, name="Weit weg", geometry=lines_from_geojson(far))
    assert "geometry" in error.value.message_dict
