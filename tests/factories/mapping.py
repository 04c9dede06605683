"""Test objects of the map format; written straight to the database (services are tested on their own)."""

import io

from django.contrib.gis.geos import Point
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from geo_participation.core.moderation import ModerationStatus
from maps.mapping.models import Attribute, Category, Contribution, MapSettings, Photo

from . import make_module, make_user

STIFTSPLATZ = Point(7.7695, 49.4440, srid=4326)
TIME_OF_DAY = "Tag\nAbend\nNacht"


def make_map_module(*, state: str = "open", kinds=("point",), photos: bool = True, supports: bool = True,
                    comments: bool = True, categories=(("Schlechte Beleuchtung", "#8a5a00", "light"), ("Verkehr", "#1d4f91", "car")),
                    attributes=({"key": "tageszeit", "label": "Tageszeit", "kind": "choice", "options": TIME_OF_DAY},),
                    **module_fields):
    module = make_module(format_key="mapping", state=state, **module_fields)
    MapSettings.objects.create(module=module, accepts_points="point" in kinds, accepts_lines="line" in kinds,
                               accepts_polygons="polygon" in kinds, photos_enabled=photos, supports_enabled=supports,
                               comments_enabled=comments)
    for weight, (name, colour, icon) in enumerate(categories):
        Category.objects.create(module=module, name=name, colour=colour, icon=icon, weight=weight)
    for weight, fields in enumerate(attributes):
        Attribute.objects.create(module=module, weight=weight, **fields)
    return module


def make_contribution(*, module, author=None, status: str = ModerationStatus.APPROVED, geometry=STIFTSPLATZ,
                      category=None, attributes=None, title: str = "Dunkle Ecke", **fields) -> Contribution:
    return Contribution.objects.create(
        module=module, author=author if author is not None else make_user(), status=status, geometry=geometry,
        category=category if category is not None else module.map_categories.first(),
        attributes={"tageszeit": "nacht"} if attributes is None else attributes, title=title,
        moderated_at=timezone.now() if status != ModerationStatus.PENDING else None, **fields)


def make_photo(*, contribution: Contribution, alt_text: str = "Die dunkle Unterführung", size=(800, 600)) -> Photo:
    """A photo through the service (the files are its business), leaving the contribution in the state it was in."""
    from maps.mapping.services import photo_add

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="JPEG")
    photo = photo_add(contribution=contribution, alt_text=alt_text,
                      upload=SimpleUploadedFile("foto.jpg", buffer.getvalue(), content_type="image/jpeg"))
    Contribution.objects.filter(pk=contribution.pk).update(status=contribution.status)
    return photo
