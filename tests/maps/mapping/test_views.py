"""The pages: the map with its list, the form without JavaScript, a contribution's page, and the moderators' queue."""

import io
import re

import pytest
from django.contrib.gis.geos import Point
from PIL import Image

from geo_participation.core.models import Report
from geo_participation.core.moderation import ModerationStatus, moderation_hide
from maps.geo.models import GazetteerEntry
from maps.mapping.models import Comment, Contribution, Support
from tests.factories.mapping import make_contribution, make_map_module, make_photo

pytestmark = pytest.mark.django_db


def page(module, tail=""):
    return f"/karte/{module.slug}/{tail}"


def form_data(module, **fields):
    return {"title": "Dunkle Ecke am Park", "description": "", "category": module.map_categories.first().pk,
            "attr_tageszeit": "nacht", "geometry": "", "place_query": "", "latitude": "", "longitude": "", **fields}


def test_the_format_page_lists_published_marks_only_and_filters_the_list(client, map_module):
    night = make_contribution(module=map_module, title="Nachts dunkel", attributes={"tageszeit": "nacht"})
    day = make_contribution(module=map_module, title="Tagsüber eng", attributes={"tageszeit": "tag"})
    make_contribution(module=map_module, title="Noch geheim", status=ModerationStatus.PENDING)
    html = client.get(page(map_module)).content.decode()
    assert night.title in html and day.title in html and "Noch geheim" not in html
    assert 'id="contribution-map"' in html and "2 Beiträge" in html
    filtered = client.get(page(map_module), {"attr_tageszeit": "tag"}).content.decode()
    assert day.title in filtered and night.title not in filtered and "gefiltert" in filtered
    nul = client.get(page(map_module), {"district": "\x00"})  # was a 500 (schemathesis); core.input refuses it
    assert nul.status_code == 400 and "„district“ enthält ein Steuerzeichen" in nul.content.decode()


def test_a_form_without_a_place_says_so_together_with_the_other_missing_fields(client, map_module, resident):
    """The place was asked for only after every other field was right: one more round trip for the resident."""
    client.force_login(resident)
    response = client.post(page(map_module, "beitraege/neu/"), form_data(map_module, title=""))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Titel: Dieses Feld ist zwingend erforderlich." in html
    assert "Bitte wähle einen Ort" in html
    assert not Contribution.objects.exists()


def test_the_author_sees_pending_and_rejected_marks_with_the_reason(client, map_module, resident):
    make_contribution(module=map_module, author=resident, title="Mein Hinweis", status=ModerationStatus.REJECTED,
                      moderation_reason="Bitte ohne Namen von Personen.")
    client.force_login(resident)
    html = client.get(page(map_module)).content.decode()
    assert "Deine Beiträge" in html and "Mein Hinweis" in html and "Bitte ohne Namen von Personen." in html


def test_a_resident_marks_a_place_without_javascript_by_typing_coordinates_with_a_decimal_comma(client, map_module, resident):
    client.force_login(resident)
    response = client.post(page(map_module, "beitraege/neu/"), form_data(map_module, latitude="49,4440", longitude="7,7695"))
    contribution = Contribution.objects.get()
    assert response.status_code == 302 and response["Location"] == contribution.get_absolute_url()
    assert contribution.geometry.equals_exact(Point(7.7695, 49.444, srid=4326), 1e-9)
    assert (contribution.status, contribution.author) == (ModerationStatus.PENDING, resident)


@pytest.mark.parametrize("category", ["other format", "999999", "eins", " "])
def test_the_form_takes_only_a_category_of_this_format(client, map_module, resident, category):
    if category == "other format":
        category = make_map_module().map_categories.first().pk
    client.force_login(resident)
    response = client.post(page(map_module, "beitraege/neu/"), form_data(map_module, latitude="49,4440",
                                                                         longitude="7,7695", category=category))
    assert response.status_code == 400 and "category" in response.context["form"].errors
    assert not Contribution.objects.exists()


def test_a_control_character_in_a_form_field_is_a_400_naming_the_field(client, map_module, resident):
    client.force_login(resident)
    response = client.post(page(map_module, "beitraege/neu/"), form_data(map_module, latitude="49,4440",
                                                                         longitude="7,7695", category="1\x00"))
    assert response.status_code == 400 and "„category“ enthält ein Steuerzeichen" in response.content.decode()
    assert not Contribution.objects.exists()


def test_the_form_stores_the_chosen_category(client, map_module, resident):
    chosen = map_module.map_categories.last()
    client.force_login(resident)
    client.post(page(map_module, "beitraege/neu/"), form_data(map_module, latitude="49,4440", longitude="7,7695",
                                                              category=str(chosen.pk)))
    assert Contribution.objects.get().category == chosen


def test_a_resident_marks_a_place_without_javascript_by_searching_it(client, map_module, resident):
    GazetteerEntry.objects.create(kind="square", name="Stiftsplatz", search_text="stiftsplatz", source_key="t:1", source="t",
                                  geometry=Point(7.7693, 49.4443, srid=4326), point=Point(7.7693, 49.4443, srid=4326))
    client.force_login(resident)
    client.post(page(map_module, "beitraege/neu/"), form_data(map_module, place_query="Stiftspl."))
    assert Contribution.objects.get().geometry.coords == (7.7693, 49.4443)


def test_a_drawn_area_comes_as_geojson_in_the_hidden_field(client, map_module, resident):
    client.force_login(resident)
    area = '{"type":"Polygon","coordinates":[[[7.768,49.444],[7.770,49.444],[7.770,49.445],[7.768,49.444]]]}'
    client.post(page(map_module, "beitraege/neu/"), form_data(map_module, geometry=area))
    assert Contribution.objects.get().geometry_kind == "polygon"


@pytest.mark.parametrize("fields, message", [
    ({"latitude": "7,7695", "longitude": "49,4440"}, "vertauscht? Hier liegt der Breitengrad bei etwa 49,"),
    ({"latitude": "49,4440"}, "Breitengrad und Längengrad"),
    ({"place_query": "Zzyzxstraße"}, "keine Straße"),
    ({}, "Bitte wähle einen Ort"),
    ({"latitude": "49,444", "longitude": "7,7695", "attr_tageszeit": ""}, "erforderlich"),
    ({"latitude": "49,444", "longitude": "7,7695", "title": "x" * 101}, "100 Zeichen"),
])
def test_form_errors_are_shown_in_german_and_nothing_is_stored(client, map_module, resident, fields, message):
    client.force_login(resident)
    response = client.post(page(map_module, "beitraege/neu/"), form_data(map_module, **fields))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bitte prüfe deine Angaben" in html and message in html
    assert "<title>Fehler: Neuer Beitrag" in html  # screen readers hear it first
    assert not Contribution.objects.exists()


def test_a_comment_or_report_that_comes_back_says_error_in_the_title(client, map_module, resident):
    contribution = make_contribution(module=map_module)
    client.force_login(resident)
    for url, data in [(page(map_module, f"beitraege/{contribution.pk}/"), {"text": ""}),
                      (page(map_module, f"beitraege/{contribution.pk}/melden/"), {"reason": ""})]:
        response = client.post(url, data)
        assert response.status_code == 400 and "<title>Fehler: " in response.content.decode(), url


def test_closed_formats_refuse_and_visitors_are_sent_to_log_in(client, closed_module, map_module, resident):
    response = client.get(page(map_module, "beitraege/neu/"))
    assert response.status_code == 302 and "/konto/login/" in response["Location"]
    response = client.get(page(closed_module, "beitraege/neu/"))  # logging in would not open it
    assert response.status_code == 403 and "beendet" in response.content.decode()
    client.force_login(resident)
    response = client.post(page(closed_module, "beitraege/neu/"), form_data(closed_module, latitude="49,444", longitude="7,77"))
    assert response.status_code == 403 and "beendet" in response.content.decode()
    assert not Contribution.objects.exists()


def test_an_oversized_upload_is_a_413(client, map_module, resident):
    client.force_login(resident)
    response = client.generic("POST", page(map_module, "beitraege/neu/"), b"x", content_type="multipart/form-data; boundary=x",
                              CONTENT_LENGTH=str(20 * 1024 * 1024))
    assert response.status_code == 413


def test_a_contribution_has_its_own_page_and_pending_ones_are_not_public(client, map_module, resident):
    published = make_contribution(module=map_module, title="Öffentlich", description="Sehr dunkel hier.")
    html = client.get(published.get_absolute_url()).content.decode()
    assert "Öffentlich" in html and "Sehr dunkel hier." in html and 'id="mini-map"' in html
    assert f"von {published.author.username}" in html and published.author.email not in html
    pending = make_contribution(module=map_module, author=resident, status=ModerationStatus.PENDING)
    assert client.get(pending.get_absolute_url()).status_code == 404
    client.force_login(resident)
    assert "Bis zur Freigabe" in client.get(pending.get_absolute_url()).content.decode()


def test_support_comment_report_change_and_withdraw_through_the_pages(client, map_module, resident, other_resident):
    contribution = make_contribution(module=map_module, author=resident)
    client.force_login(other_resident)
    client.post(page(map_module, f"beitraege/{contribution.pk}/unterstuetzen/"))
    assert Support.objects.filter(contribution=contribution, user=other_resident).exists()
    client.post(page(map_module, f"beitraege/{contribution.pk}/"), {"text": "Sehe ich auch so."})
    assert Comment.objects.get().status == ModerationStatus.PENDING
    client.post(page(map_module, f"beitraege/{contribution.pk}/melden/"), {"reason": "Nennt eine Person."})
    assert Report.objects.get().reason == "Nennt eine Person."
    assert client.get(page(map_module, f"beitraege/{contribution.pk}/bearbeiten/")).status_code == 403
    client.force_login(resident)
    assert client.get(page(map_module, f"beitraege/{contribution.pk}/bearbeiten/")).status_code == 200
    client.post(page(map_module, f"beitraege/{contribution.pk}/zurueckziehen/"))
    assert not Contribution.objects.exists()


def test_an_idea_collection_has_no_map_and_takes_ideas_without_a_place(client, city, resident):
    ideas = make_map_module(kinds=(), attributes=())
    assert 'id="contribution-map"' not in client.get(page(ideas)).content.decode()
    client.force_login(resident)
    client.post(page(ideas, "beitraege/neu/"), {"title": "Ein Repair-Café", "category": ideas.map_categories.first().pk})
    assert Contribution.objects.get().geometry is None


# --- the moderators' queue (core), with the map format's models registered in it

def test_only_moderators_open_the_queue(client, resident, moderator):
    assert client.get("/moderation/").status_code == 302
    client.force_login(resident)
    assert client.get("/moderation/").status_code == 403
    client.force_login(moderator)
    assert client.get("/moderation/").status_code == 200


def test_the_queue_shows_pending_items_of_every_registered_model_on_a_map(client, map_module, moderator, resident):
    contribution = make_contribution(module=map_module, title="Bitte prüfen", status=ModerationStatus.PENDING)
    Comment.objects.create(contribution=make_contribution(module=map_module), author=resident, text="Ein Kommentar")
    client.force_login(moderator)
    html = client.get("/moderation/").content.decode()
    assert "Bitte prüfen" in html and "Ein Kommentar" in html
    assert html.count('class="moderation-map"') == 2 and "7.7695" in html
    assert f'value="mapping.contribution:{contribution.pk}"' in html
    assert "Grund für eine Ablehnung (die Verfasserin oder der Verfasser sieht ihn)" in html  # its author is told


def test_moderators_approve_reject_with_a_reason_and_hide_reported_items(client, map_module, moderator, resident):
    first = make_contribution(module=map_module, status=ModerationStatus.PENDING)
    second = make_contribution(module=map_module, author=resident, status=ModerationStatus.PENDING)
    reported = make_contribution(module=map_module, title="Gemeldet")
    Report.objects.create(content_type_id=_content_type(), object_id=reported.pk, reporter=resident, reason="Beleidigend")
    client.force_login(moderator)
    client.post("/moderation/", {"item": f"mapping.contribution:{first.pk}", "decision": "approve"})
    response = client.post("/moderation/", {"item": f"mapping.contribution:{second.pk}", "decision": "reject", "reason": ""})
    # Said at the item's reason field (the page jumped to the item and the message stood at the top, out of sight).
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Fehler: Moderation" in html
    field = re.search(rf'<textarea id="reason-mappingcontribution-{second.pk}"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in field and "autofocus" in field
    error = re.search(rf'id="reason-error-mappingcontribution-{second.pk}">([^<]+)<', html).group(1)
    assert "warum der Beitrag abgelehnt wurde" in error
    second.refresh_from_db()
    assert second.status == ModerationStatus.PENDING  # no reason, no rejection
    client.post("/moderation/", {"item": f"mapping.contribution:{second.pk}", "decision": "reject", "reason": "Werbung"})
    assert "Gemeldet" in client.get("/moderation/").content.decode()
    client.post("/moderation/", {"item": f"mapping.contribution:{reported.pk}", "decision": "hide", "reason": "Beleidigend"})
    statuses = dict(Contribution.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "approved", second.pk: "rejected", reported.pk: "hidden"}
    assert Report.objects.get().resolved_at is not None
    client.force_login(resident)
    assert "Werbung" in client.get(second.get_absolute_url()).content.decode()  # the author reads the reason


def test_unknown_items_in_the_queue_are_404(client, moderator):
    client.force_login(moderator)
    assert client.post("/moderation/", {"item": "auth.user:1", "decision": "approve"}).status_code == 404


def _content_type():
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Contribution).pk


def test_a_photo_comes_with_the_form_and_is_shown_with_its_description(client, map_module, resident, moderator):
    from tests.maps.mapping.test_services import jpeg_with_gps

    client.force_login(resident)
    client.post(page(map_module, "beitraege/neu/"), {**form_data(map_module, latitude="49,444", longitude="7,7695"),
                                                     "photo": jpeg_with_gps((640, 480)), "photo_alt": "Die Unterführung bei Nacht"})
    contribution = Contribution.objects.get()
    html = client.get(contribution.get_absolute_url()).content.decode()
    assert 'alt="Die Unterführung bei Nacht"' in html and contribution.photos.count() == 1


def test_staff_configure_a_map_format_on_its_module_page(client, map_module, staff):
    from geo_participation.accounts.roles import sync_roles

    sync_roles()  # post_migrate skips it while the last app (polls) has no models: see the report
    client.force_login(staff)
    html = client.get(f"/verwaltung/projects/module/{map_module.pk}/change/").content.decode()
    assert "Karteneinstellungen" in html and "Kategorien" in html and "Merkmale" in html
    assert "vendor/ol-7.2.2/ol.js" in html  # the area is drawn on our own map widget, no CDN


def test_a_long_list_of_own_marks_folds_away_but_a_rejection_stays_in_sight(client, map_module, resident):
    for n in range(6):
        make_contribution(module=map_module, author=resident, title=f"Veröffentlicht {n}")
    make_contribution(module=map_module, author=resident, title="Abgelehnt", status=ModerationStatus.REJECTED,
                      moderation_reason="Bitte ohne Namen von Personen.")
    client.force_login(resident)
    html = client.get(page(map_module)).content.decode()
    own = html[html.index('id="own-heading"'):html.index('id="contributions-heading"')]
    shown, folded = own.split('<details class="own-more">')
    assert "Abgelehnt" in shown and "Bitte ohne Namen von Personen." in shown
    assert shown.count('class="card"') == 3 and folded.count('class="card"') == 4
    assert "4 weitere deiner Beiträge zeigen" in folded


def test_labels_carry_no_trailing_colon_as_on_the_other_forms_of_the_site(client, map_module, resident):
    client.force_login(resident)
    html = client.get(page(map_module, "beitraege/neu/")).content.decode()
    labels = re.findall(r"<label[^>]*>([^<]+)</label>", html)
    assert "Titel" in labels and not [label for label in labels if label.rstrip().endswith(":")]


# --- Photos: served only by the photo view, which asks the rules on every request


def photo_of(module, author, status=ModerationStatus.APPROVED):
    contribution = make_contribution(module=module, author=author, status=status)
    return contribution, make_photo(contribution=contribution)


def fetch(client, address, user=None, **headers):
    if user is not None:
        client.force_login(user)
    else:
        client.logout()
    return client.get(address, **headers)


def test_a_published_photo_and_its_thumbnail_are_served_to_everyone(client, map_module, resident):
    contribution, photo = photo_of(map_module, resident)
    assert photo.url == f"/karte/{map_module.slug}/beitraege/{contribution.pk}/fotos/{photo.pk}.jpg"
    for address, long_edge in ((photo.url, 800), (photo.thumbnail_url, 480)):
        response = fetch(client, address)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=300"}
        with Image.open(io.BytesIO(b"".join(response.streaming_content))) as image:
            assert image.format == "JPEG" and max(image.size) == long_edge
        again = fetch(client, address, HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304  # asked again after five minutes, checked again, nothing sent


def test_a_hidden_contributions_photo_is_gone_for_the_public_but_not_for_its_author_and_the_moderators(
        client, map_module, resident, other_resident, moderator):
    contribution, photo = photo_of(map_module, resident)
    assert fetch(client, photo.url).status_code == 200
    moderation_hide(item=contribution, moderator=moderator, reason="Zeigt ein Autokennzeichen")
    for address in (photo.url, photo.thumbnail_url):
        assert fetch(client, address).status_code == 404
        assert fetch(client, address, other_resident).status_code == 404
        for person in (resident, moderator):
            response = fetch(client, address, person)
            assert response.status_code == 200
            assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
            assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("status", [ModerationStatus.PENDING, ModerationStatus.REJECTED])
def test_a_photo_waiting_or_rejected_is_seen_by_its_author_alone(client, map_module, resident, other_resident, status):
    contribution, photo = photo_of(map_module, resident, status=status)
    assert fetch(client, photo.url, other_resident).status_code == 404
    assert fetch(client, photo.thumbnail_url).status_code == 404
    response = fetch(client, photo.thumbnail_url, resident)
    assert response.status_code == 200 and "private" in response["Cache-Control"]


def test_a_published_contributions_address_does_not_open_another_ones_photo(client, map_module, resident):
    published, photo = photo_of(map_module, resident)
    _hidden, secret = photo_of(map_module, resident, status=ModerationStatus.HIDDEN)
    tampered = f"/karte/{map_module.slug}/beitraege/{published.pk}/fotos/{secret.pk}.jpg"
    assert fetch(client, tampered).status_code == 404
    other_module = make_map_module()
    elsewhere = f"/karte/{other_module.slug}/beitraege/{published.pk}/fotos/{photo.pk}.jpg"
    assert fetch(client, elsewhere).status_code == 404


def test_a_photo_in_a_draft_format_is_for_the_team_only_and_never_cached_publicly(client, resident, moderator, city):
    module = make_map_module(is_draft=True)
    _contribution, photo = photo_of(module, resident)
    assert fetch(client, photo.url).status_code == 404
    response = fetch(client, photo.url, moderator)
    assert response.status_code == 200 and "private" in response["Cache-Control"]


def test_pages_link_photos_through_the_photo_view_only(client, map_module, resident, staff):
    from geo_participation.accounts.roles import sync_roles

    contribution, photo = photo_of(map_module, resident)
    html = fetch(client, contribution.get_absolute_url()).content.decode()
    assert f'href="{photo.url}"' in html and f'src="{photo.thumbnail_url}"' in html
    assert "/media/" not in html
    sync_roles()
    admin = fetch(client, f"/verwaltung/mapping/contribution/{contribution.pk}/change/", staff).content.decode()
    assert f'src="{photo.thumbnail_url}"' in admin and "/media/" not in admin
