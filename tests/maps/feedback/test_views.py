"""The pages: the list works without the map, forms answer bad input in words, and nothing private shows."""

import pytest
from django.test import Client
from django.urls import reverse

from geo_participation.core.models import Report
from geo_participation.core.moderation import ModerationStatus
from maps.feedback.models import FeedbackSettings, Opinion
from tests.factories import make_user
from tests.factories.feedback import FAR_FROM_PARK, NEAR_PARK, make_feature, make_feedback_module, make_opinion

pytestmark = pytest.mark.django_db


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def submit_url(feature):
    return f"{feature.get_absolute_url()}meinung/"


def test_the_format_page_lists_every_feature_with_its_counts_in_words(park_street, street_without_course, resident):
    make_opinion(feature=park_street, author=resident, rating="bad")
    page = client_for().get(park_street.module.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200
    assert 'lang="de"' in html and "Parkstraße" in html and "Rütschhofstraße" in html
    assert "überwiegend schlecht" in html and "noch keine Bewertungen" in html  # the verdict in words
    assert "Noch nicht auf der Karte" in html  # the street without a course is named
    assert "melde dich an" in html  # visitors learn how to take part
    assert 'name="rating"' not in html  # but see no form


def test_a_resident_sees_a_form_per_feature_with_labelled_choices(park_street, street_without_course, resident):
    html = client_for(resident).get(park_street.module.get_absolute_url()).content.decode()
    assert html.count('name="rating"') == 6  # three radios for each of the two features
    assert f'id="id_f{park_street.pk}_rating_0"' in html and f'for="id_f{park_street.pk}_rating_0"' in html
    assert "Meinung abgeben: Parkstraße" in html


def test_rating_from_the_list_without_the_map(park_street, resident):
    url = park_street.module.get_absolute_url()
    response = client_for(resident).post(submit_url(park_street), {"rating": "good", "next": url + "#feature-parkstrasse"})
    assert response.status_code == 302 and response["Location"] == url + "#feature-parkstrasse"
    opinion = Opinion.objects.get()
    assert (opinion.rating, opinion.status, opinion.point) == ("good", "approved", None)
    follow = client_for(resident).get(url).content.decode()
    assert "Deine Bewertung: <strong>gut</strong>" in follow


def test_a_comment_waits_and_the_page_says_so(park_street, resident):
    client = client_for(resident)
    response = client.post(submit_url(park_street), {"rating": "bad", "comment": "Zu eng."}, follow=True)
    html = response.content.decode()
    assert "sobald die Moderation deinen Kommentar freigegeben hat" in html
    assert "wartet auf die Moderation" in html
    assert Opinion.objects.get().status == ModerationStatus.PENDING


def test_the_spot_is_typed_as_coordinates_with_a_german_decimal_comma(park_street, resident):
    response = client_for(resident).post(submit_url(park_street), {
        "rating": "bad", "point_lat": str(NEAR_PARK.y).replace(".", ","), "point_lon": str(NEAR_PARK.x)})
    assert response.status_code == 302
    assert Opinion.objects.get().point is not None


@pytest.mark.parametrize("data, words", [
    ({}, "Bitte wähle eine Bewertung"),
    ({"rating": "super"}, "gültige"),
    ({"rating": "bad", "comment": "x" * 2001}, "2000"),
    ({"rating": "bad", "point_lat": "49.438"}, "Breiten- und Längengrad"),
    ({"rating": "bad", "point_lat": "nan", "point_lon": "7.76"}, "Breitengrad als Zahl"),
    ({"rating": "bad", "point_lat": "49.43", "point_lon": "inf"}, "Längengrad als Zahl"),
    ({"rating": "bad", "point_lat": "95", "point_lon": "7.76"}, "außerhalb des gültigen Bereichs"),
    ({"rating": "bad", "point_lat": str(FAR_FROM_PARK.y), "point_lon": str(FAR_FROM_PARK.x)}, "vom eingezeichneten Verlauf entfernt (Parkstraße)"),
    ({"rating": "bad", "point_lat": str(NEAR_PARK.x), "point_lon": str(NEAR_PARK.y)}, "entfernt"),  # swapped
])
def test_bad_input_shows_the_page_again_with_the_reason_and_stores_nothing(park_street, resident, data, words):
    response = client_for(resident).post(submit_url(park_street), data)
    assert response.status_code == 400
    assert words in response.content.decode()
    assert "<title>Fehler: Parkstraße" in response.content.decode()
    assert not Opinion.objects.exists()


def test_a_second_submission_changes_the_opinion_instead_of_adding_one(park_street, resident):
    client = client_for(resident)
    client.post(submit_url(park_street), {"rating": "good"})
    client.post(submit_url(park_street), {"rating": "bad", "point_lat": str(NEAR_PARK.y), "point_lon": str(NEAR_PARK.x)})
    opinion = Opinion.objects.get()
    assert opinion.rating == "bad" and opinion.point is not None
    # the short form in the list has no spot fields, and leaves the spot alone
    client.post(submit_url(park_street), {"rating": "okay"})
    opinion.refresh_from_db()
    assert opinion.rating == "okay" and opinion.point is not None


def test_the_feature_page_shows_published_opinions_with_username_only(park_street, resident):
    resident.first_name = "Rita"
    resident.save()
    make_opinion(feature=park_street, author=resident, rating="bad", comment="Zu eng.", point=NEAR_PARK)
    make_opinion(feature=park_street, author=make_user(), rating="good", comment="Noch geheim", status="pending")
    html = client_for().get(park_street.get_absolute_url()).content.decode()
    assert "Zu eng." in html and "resi" in html and "Stelle:" in html
    assert "Noch geheim" not in html and "Rita" not in html and resident.email not in html
    assert "1 veröffentlichte Meinung" in html


def test_the_author_sees_the_rejection_reason_on_the_feature_page(park_street, resident):
    opinion = make_opinion(feature=park_street, author=resident, rating="bad", comment="x", status="rejected")
    opinion.moderation_reason = "Bitte sachlich bleiben."
    opinion.save()
    html = client_for(resident).get(park_street.get_absolute_url()).content.decode()
    assert "von der Moderation abgelehnt" in html and "Bitte sachlich bleiben." in html
    assert "Bitte sachlich bleiben." not in client_for().get(park_street.get_absolute_url()).content.decode()


def test_a_street_without_course_says_so_and_can_still_be_rated(street_without_course, resident):
    html = client_for(resident).get(street_without_course.get_absolute_url()).content.decode()
    assert "noch nicht auf der Karte eingezeichnet" in html
    assert 'id="feature-map"' not in html and 'name="point_lat"' not in html  # no spot without a line
    response = client_for(resident).post(submit_url(street_without_course), {"rating": "good"})
    assert response.status_code == 302 and Opinion.objects.count() == 1


def test_staff_get_a_link_to_draw_the_missing_course(street_without_course, staff):
    from geo_participation.accounts.roles import sync_roles

    sync_roles()  # post_migrate may not have reached the roles (it skips apps without models)
    html = client_for(staff).get(street_without_course.get_absolute_url()).content.decode()
    assert f"/verwaltung/feedback/feature/{street_without_course.pk}/change/" in html


def test_without_spots_the_form_has_no_coordinates(park_street, resident):
    FeedbackSettings.objects.create(module=park_street.module, points_enabled=False, question="Wie radelt es sich?")
    html = client_for(resident).get(park_street.get_absolute_url()).content.decode()
    assert 'name="point_lat"' not in html and "Wie radelt es sich?" in html


def test_withdrawing_from_the_feature_page(park_street, resident):
    make_opinion(feature=park_street, author=resident)
    response = client_for(resident).post(f"{park_street.get_absolute_url()}meinung/zurueckziehen/")
    assert response.status_code == 302 and not Opinion.objects.exists()


def test_a_closed_format_shows_no_form_and_refuses_a_post_in_words(resident):
    feature = make_feature(module=make_feedback_module(state="closed"))
    html = client_for(resident).get(feature.get_absolute_url()).content.decode()
    assert "ist beendet" in html and 'name="rating"' not in html
    response = client_for(resident).post(submit_url(feature), {"rating": "good"})
    assert response.status_code == 403 and "ist beendet" in response.content.decode()
    assert not Opinion.objects.exists()


def test_visitors_who_post_are_sent_to_log_in(park_street, unconfirmed):
    response = client_for().post(submit_url(park_street), {"rating": "good"})
    assert response.status_code == 302 and "/konto/login/" in response["Location"]
    assert client_for(unconfirmed).post(submit_url(park_street), {"rating": "good"}).status_code == 403
    assert not Opinion.objects.exists()


def test_a_redirect_after_submitting_stays_on_this_site(park_street, resident):
    response = client_for(resident).post(submit_url(park_street), {"rating": "good", "next": "https://evil.example/"})
    assert response["Location"].startswith(park_street.get_absolute_url())


def test_residents_report_a_published_opinion_once(park_street, resident, other_resident):
    opinion = make_opinion(feature=park_street, author=resident, comment="Beleidigend")
    url = f"{park_street.get_absolute_url()}meinungen/{opinion.pk}/melden/"
    assert "Diese Meinung melden" in client_for(other_resident).get(park_street.get_absolute_url()).content.decode()
    assert client_for(other_resident).post(url, {"reason": "Beleidigung"}).status_code == 302
    second = client_for(other_resident).post(url, {"reason": "Nochmal"})
    assert second.status_code == 400 and Report.objects.count() == 1
    assert "<title>Fehler: Meinung melden" in second.content.decode()
    assert client_for(resident).post(url, {"reason": "Eigene"}).status_code == 403  # not one's own
    assert client_for().get(url).status_code == 302  # visitors log in first


@pytest.mark.parametrize("status", [ModerationStatus.PENDING, ModerationStatus.REJECTED, ModerationStatus.HIDDEN])
def test_reporting_someone_elses_unpublished_opinion_finds_nothing(park_street, resident, other_resident, status):
    """A 403 here told strangers that an unpublished opinion with this id exists; for them it does not."""
    opinion = make_opinion(feature=park_street, author=resident, comment="Noch nicht frei", status=status)
    url = f"{park_street.get_absolute_url()}meinungen/{opinion.pk}/melden/"
    assert client_for(other_resident).get(url).status_code == 404
    assert client_for(other_resident).post(url, {"reason": "Beleidigung"}).status_code == 404
    assert not Report.objects.exists()


def test_a_draft_format_is_not_found_by_the_public(resident):
    feature = make_feature(module=make_feedback_module(is_draft=True))
    assert client_for(resident).get(feature.module.get_absolute_url()).status_code == 404
    assert client_for(resident).get(feature.get_absolute_url()).status_code == 404


def test_an_unknown_feature_is_not_found(feedback_module):
    assert client_for().get(f"{feedback_module.get_absolute_url()}gibt-es-nicht/").status_code == 404


def test_download_my_data_contains_the_opinions(park_street, resident):
    make_opinion(feature=park_street, author=resident, rating="bad", comment="Zu eng.")
    response = client_for(resident).post(reverse("data-download"))
    assert response.status_code == 200
    assert '"feedback"' in response.content.decode() and "Zu eng." in response.content.decode()
