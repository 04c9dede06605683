"""Photos are re-encoded on upload: only pixels survive, never EXIF, GPS or the original file name."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = getattr(settings, "MAPPING_PHOTO_MAX_BYTES", 8 * 1024 * 1024)
MAX_PIXELS = 40_000_000  # a 40-megapixel camera; more is a decompression bomb, not a photo
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
LONG_EDGE = 1600
THUMBNAIL_EDGE = 480


@dataclass
class EncodedPhoto:
    image: ContentFile
    thumbnail: ContentFile


def _jpeg(image: Image.Image, edge: int, name: str) -> ContentFile:
    copy = image.copy()
    copy.thumbnail((edge, edge), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    copy.save(buffer, format="JPEG", quality=85, optimize=True, progressive=True)  # no exif=, no icc: nothing but pixels
    return ContentFile(buffer.getvalue(), name=name)


def photo_encode(upload) -> EncodedPhoto:
    """A clean JPEG and a thumbnail from an uploaded JPEG, PNG or WebP file, within size and pixel limits."""
    if upload.size > MAX_BYTES:
        raise ValidationError({"photo": _("The photo is too large: at most %(mb)d MB are allowed.") % {"mb": MAX_BYTES // 2**20}})
    try:
        with Image.open(upload) as probe:
            if probe.format not in ALLOWED_FORMATS:
                raise ValidationError({"photo": _("Please upload a photo as JPEG, PNG or WebP.")})
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError({"photo": _("The photo has too many pixels (at most 40 megapixels).")})
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as original:
            original.load()
            image = ImageOps.exif_transpose(original)  # keep the orientation the camera meant, then drop the EXIF
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise ValidationError({"photo": _("This file is not a photo we can read. Please upload a JPEG, PNG or WebP.")}) from None
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        image = background
    elif image.mode != "RGB":
        image = image.convert("RGB")
    stem = uuid.uuid4().hex
    return EncodedPhoto(image=_jpeg(image, LONG_EDGE, f"{stem}.jpg"), thumbnail=_jpeg(image, THUMBNAIL_EDGE, f"{stem}-klein.jpg"))
