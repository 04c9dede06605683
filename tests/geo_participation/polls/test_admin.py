import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from geo_participation.polls.services import image_without_metadata, tally_create
from tests.factories.polls import make_box, make_poll, option_ids

pytestmark = pytest.mark.django_db


def test_staff_set_up_polls_and_boxes_in_the_admin(client, staff):
    poll = make_poll()
    box = make_box(polls=[poll])
    tally = tally_create(poll=poll, box=box, emptied_on=timezone.localdate(), counts=dict.fromkeys(option_ids(poll), 1),
                         invalid_count=0, entered_by=staff)
    client.force_login(staff)

    module_page = client.get(f"/verwaltung/projects/module/{poll.pk}/change/").content.decode()
    assert "Einstellungen der Abstimmung" in module_page
    poll_page = client.get(f"/verwaltung/polls/poll/{poll.pk}/change/").content.decode()
    assert "Roundnet" in poll_page and "Abstimmungsbox" in poll_page
    assert client.get(f"/verwaltung/ballot_boxes/ballotbox/{box.pk}/change/").status_code == 200
    assert client.get("/verwaltung/polls/postcardtally/").status_code == 200
    # Tallies are never edited in the admin: only looked at.
    response = client.post(f"/verwaltung/polls/postcardtally/{tally.pk}/change/", {"invalid_count": 9})
    assert response.status_code in (302, 403)
    tally.refresh_from_db()
    assert tally.invalid_count == 0


def test_option_images_lose_their_metadata():
    exif = Image.Exif()
    exif[0x010F] = "Kamerahersteller"  # Make
    exif[0x0132] = "2022:05:06 10:15:00"  # DateTime
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, format="JPEG", exif=exif)
    upload = SimpleUploadedFile("platz.jpg", buffer.getvalue(), content_type="image/jpeg")
    assert Image.open(io.BytesIO(buffer.getvalue())).getexif()

    clean = image_without_metadata(upload)

    image = Image.open(io.BytesIO(clean.read()))
    assert image.size == (40, 30) and image.format == "JPEG"
    assert not image.getexif() and "exif" not in image.info
