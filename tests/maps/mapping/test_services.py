import io
from pathlib import Path

import pytest
from django.contrib.gis.geos import LineString, Point, Polygon
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from geo_participation.core.moderation import ModerationStatus, moderation_approve
from maps.mapping.models import Attribute, Comment, Contribution, Photo, Support
from maps.mapping.services import (
    comment_create, contribution_change, contribution_create, contribution_withdraw, personal_data, photo_add,
    support_add, support_remove,
)
from tests.factories.mapping import STIFTSPLATZ, make_contribution, make_map_module, make_photo

pytestmark = pytest.mark.django_db


def create(module, author, **fields):
    values = {"title": "Dunkle Unterführung", "category": module.map_categories.first(), "geometry": STIFTSPLATZ,
              "attributes": {"tageszeit": "nacht"}, **fields}
    return contribution_create(module=module, author=author, **values)


def jpeg_with_gps(size=(3000, 2000)) -> SimpleUploadedFile:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "Kamera GmbH"  # Make
    exif[0x0112] = 6  # orientation: rotated; the re-encoded photo must come out upright
    gps = {1: "N", 2: (49.0, 26.0, 40.0), 3: "E", 4: (7.0, 46.0, 8.0)}
    exif[0x8825] = gps
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    return SimpleUploadedFile("IMG_20260801_Anna_Becker.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_a_new_contribution_waits_for_moderation_and_knows_its_district(map_module, resident):
    contribution = create(map_module, resident)
    assert contribution.status == ModerationStatus.PENDING
    assert contribution.district.name == "Innenstadt"
    assert contribution.attributes == {"tageszeit": "nacht"}


def test_lines_and_areas_are_accepted_where_the_format_allows_them(map_module, resident):
    line = LineString((7.768, 49.444), (7.770, 49.445), srid=4326)
    area = Polygon(((7.768, 49.444), (7.770, 49.444), (7.770, 49.445), (7.768, 49.444)), srid=4326)
    assert create(map_module, resident, geometry=line).geometry_kind == "line"
    assert create(map_module, resident, geometry=area).geometry_kind == "polygon"


@pytest.mark.parametrize("fields, field, words", [
    ({"geometry": Point(8.5, 50.1, srid=4326)}, "geometry", "außerhalb"),
    ({"geometry": None}, "geometry", "Bitte wähle einen Ort"),
    ({"category": None}, "category", "Kategorie"),
    ({"attributes": {}}, "attributes", "Tageszeit: Bitte beantworte"),
    ({"attributes": {"tageszeit": "mittags"}}, "attributes", "tag, abend, nacht"),
    ({"attributes": {"tageszeit": "nacht", "alter": 40}}, "attributes", "Unbekanntes Merkmal: alter"),
    ({"title": "x" * 101}, "title", "100"),
    ({"description": "x" * 2001}, "description", "2000"),
])
def test_bad_input_is_refused_naming_the_field_and_nothing_is_stored(map_module, resident, fields, field, words):
    with pytest.raises(ValidationError) as error:
        create(map_module, resident, **fields)
    assert field in error.value.message_dict
    assert words in " ".join(error.value.message_dict[field])
    assert not Contribution.objects.exists()


def test_a_category_of_another_format_is_refused(map_module, resident):
    other = make_map_module()
    with pytest.raises(ValidationError) as error:
        create(map_module, resident, category=other.map_categories.first())
    assert "category" in error.value.message_dict


def test_scale_and_yes_no_attributes_are_checked_by_the_schema(city, resident):
    module = make_map_module(attributes=[
        {"key": "wie_heiss", "label": "Wie heiß?", "kind": "scale", "minimum": 1, "maximum": 5},
        {"key": "schatten", "label": "Schatten?", "kind": "yes_no", "required": False},
    ])
    assert create(module, resident, attributes={"wie_heiss": 5, "schatten": False}).attributes["wie_heiss"] == 5
    for bad in ({"wie_heiss": 6}, {"wie_heiss": "heiß"}, {"wie_heiss": 3, "schatten": "ja"}, {"wie_heiss": True}):
        with pytest.raises(ValidationError) as error:
            create(module, resident, attributes=bad)
        assert error.value.message_dict["attributes"]


def test_an_idea_collection_takes_no_place(city, resident):
    ideas = make_map_module(kinds=(), categories=(), attributes=())
    contribution = contribution_create(module=ideas, author=resident, title="Ein Repair-Café")
    assert contribution.geometry is None and contribution.district is None
    with pytest.raises(ValidationError):
        contribution_create(module=ideas, author=resident, title="Mit Ort", geometry=STIFTSPLATZ)


def test_a_change_is_moderated_again(map_module, resident, moderator):
    contribution = create(map_module, resident)
    moderation_approve(item=contribution, moderator=moderator)
    changed = contribution_change(contribution=contribution, title="Laterne defekt", attributes={"tageszeit": "abend"})
    assert (changed.title, changed.status, changed.moderated_by) == ("Laterne defekt", ModerationStatus.PENDING, None)


def test_a_bad_change_keeps_what_was_stored(map_module, resident):
    contribution = create(map_module, resident)
    with pytest.raises(ValidationError):
        contribution_change(contribution=contribution, title="Neu", geometry=Point(8.5, 50.1, srid=4326))
    contribution.refresh_from_db()
    assert contribution.title == "Dunkle Unterführung" and contribution.geometry.equals(STIFTSPLATZ)


def test_support_once_per_person_not_for_ones_own_and_only_when_published(map_module, resident, other_resident):
    contribution = make_contribution(module=map_module, author=resident)
    assert support_add(contribution=contribution, user=other_resident).support_count == 1
    with pytest.raises(ValidationError, match="schon zu"):
        support_add(contribution=contribution, user=other_resident)
    with pytest.raises(ValidationError, match="eigenen"):
        support_add(contribution=contribution, user=resident)
    assert support_remove(contribution=contribution, user=other_resident).support_count == 0
    pending = make_contribution(module=map_module, status=ModerationStatus.PENDING)
    with pytest.raises(ValidationError):
        support_add(contribution=pending, user=other_resident)
    assert Support.objects.count() == 0


def test_comments_wait_for_moderation_and_need_a_published_contribution(map_module, resident):
    comment = comment_create(contribution=make_contribution(module=map_module), author=resident, text=" Sehe ich auch so. ")
    assert (comment.status, comment.text) == (ModerationStatus.PENDING, "Sehe ich auch so.")
    with pytest.raises(ValidationError):
        comment_create(contribution=make_contribution(module=map_module, status=ModerationStatus.PENDING), author=resident, text="Hm")
    with pytest.raises(ValidationError):
        comment_create(contribution=make_contribution(module=map_module), author=resident, text="x" * 1001)
    assert Comment.objects.count() == 1


def test_photos_are_re_encoded_without_any_metadata_upright_and_with_a_thumbnail(map_module, resident):
    contribution = make_contribution(module=map_module, author=resident)
    photo = photo_add(contribution=contribution, upload=jpeg_with_gps(), alt_text="Die dunkle Unterführung")
    with Image.open(photo.image.path) as stored:
        assert stored.format == "JPEG"
        assert not stored.getexif() and "exif" not in stored.info and "icc_profile" not in stored.info
        assert stored.size == (1067, 1600)  # turned upright as the camera meant, then fitted into 1600 px
    with Image.open(photo.thumbnail.path) as thumbnail:
        assert max(thumbnail.size) == 480
    assert "Anna" not in photo.image.name and "IMG" not in photo.image.name
    contribution.refresh_from_db()
    assert contribution.status == ModerationStatus.PENDING  # a new photo is checked again


@pytest.mark.parametrize("upload, words", [
    (SimpleUploadedFile("x.jpg", b"GIF89a" + b"\0" * 100, content_type="image/jpeg"), "kein Foto"),
    (SimpleUploadedFile("x.pdf", b"%PDF-1.4 hello", content_type="application/pdf"), "kein Foto"),
])
def test_files_that_are_no_photos_are_refused(map_module, resident, upload, words):
    contribution = make_contribution(module=map_module, author=resident)
    with pytest.raises(ValidationError) as error:
        photo_add(contribution=contribution, upload=upload, alt_text="Foto")
    assert words in error.value.message_dict["photo"][0]
    assert not Photo.objects.exists()


def test_a_gif_or_an_oversized_file_is_refused(map_module, resident, settings):
    contribution = make_contribution(module=map_module, author=resident)
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="GIF")
    with pytest.raises(ValidationError, match="JPEG, PNG oder WebP"):
        photo_add(contribution=contribution, upload=SimpleUploadedFile("a.gif", buffer.getvalue()), alt_text="Foto")
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"0" * (8 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError, match="zu groß"):
        photo_add(contribution=contribution, upload=big, alt_text="Foto")


def test_withdrawing_deletes_the_contribution_and_its_photo_files(map_module, resident, django_capture_on_commit_callbacks):
    contribution = make_contribution(module=map_module, author=resident)
    photo = photo_add(contribution=contribution, upload=jpeg_with_gps((400, 300)), alt_text="Foto")
    paths = [photo.image.path, photo.thumbnail.path]
    with django_capture_on_commit_callbacks(execute=True):
        contribution_withdraw(contribution=contribution)
    assert not Contribution.objects.exists() and not Photo.objects.exists()
    import os
    assert not any(os.path.exists(path) for path in paths)


def test_photo_files_live_outside_the_public_media_folder_and_have_no_address_of_their_own(map_module, resident, settings):
    photo = make_photo(contribution=make_contribution(module=map_module, author=resident))
    for file in (photo.image, photo.thumbnail):
        path = Path(file.path).resolve()
        assert path.is_file() and path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
        assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
        with pytest.raises(ValueError):
            file.url  # noqa: B018  (a forgotten .url would bypass the photo view: it fails loudly instead)


def test_the_migration_moves_photos_stored_before_out_of_the_public_media_folder(map_module, resident, settings):
    import importlib
    import shutil

    from django.apps import apps

    migration = importlib.import_module("maps.mapping.migrations.0002_photos_private_storage")
    photo = make_photo(contribution=make_contribution(module=map_module, author=resident))
    public = Path(settings.MEDIA_ROOT) / photo.image.name
    public.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(photo.image.path, public)  # where photos lay before
    migration.to_private(apps, None)
    assert not public.exists() and Path(photo.image.path).is_file() and Path(photo.thumbnail.path).is_file()


def test_personal_data_gives_ones_photos_by_the_photo_views_address(map_module, resident):
    contribution = make_contribution(module=map_module, author=resident, status=ModerationStatus.HIDDEN)
    photo = make_photo(contribution=contribution)
    assert personal_data(user=resident)["contributions"][0]["photos"] == [
        {"url": photo.url, "alt_text": "Die dunkle Unterführung"}]


def test_personal_data_holds_ones_contributions_comments_and_supports(map_module, resident, other_resident):
    contribution = make_contribution(module=map_module, author=resident)
    support_add(contribution=contribution, user=other_resident)
    comment_create(contribution=contribution, author=other_resident, text="Stimmt!")
    data = personal_data(user=other_resident)
    assert data["supports"][0]["contribution"] == contribution.title
    assert data["comments"][0]["text"] == "Stimmt!"
    assert personal_data(user=resident)["contributions"][0]["title"] == contribution.title


def test_deleting_an_account_keeps_its_contributions_anonymised(map_module, resident):
    contribution = make_contribution(module=map_module, author=resident)
    resident.delete()
    contribution.refresh_from_db()
    assert contribution.author is None and contribution.public_author == "gelöschtes Konto"


def test_attribute_options_become_values_for_addresses(db):
    attribute = Attribute(key="tageszeit", label="Tageszeit", options="Tag\nAbend\n\nNacht\nFrüh morgens")
    assert attribute.choices == [("tag", "Tag"), ("abend", "Abend"), ("nacht", "Nacht"), ("fruh-morgens", "Früh morgens")]
