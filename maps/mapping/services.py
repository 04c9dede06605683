"""Writes of the map format. Services keep the invariants; who may call them is decided in rules.py."""

from __future__ import annotations

from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from geo_participation.core.moderation import ModerationStatus
from geo_participation.core.refusals import Conflict
from geo_participation.projects.models import Module
from maps.geo.selectors import district_at

from .geometry import geometry_check
from .models import Category, Comment, Contribution, Photo, Support
from .photos import photo_encode
from .schema import attributes_check
from .selectors import attributes_of, map_settings_for

MAX_PHOTOS = 3


def _category_check(module: Module, category: Category | None) -> None:
    if category is None:
        if module.map_categories.exists():
            raise ValidationError({"category": _("Please choose a category.")})
    elif category.module_id != module.pk:
        raise ValidationError({"category": _("This category does not belong to this format.")})


# Foreign keys that services fill with objects just read from the database: full_clean() would ask the database
# again whether each exists (one query apiece); the foreign-key constraints still guard the INSERT.
_LOADED_RELATIONS = ["module", "author", "category", "district"]


def _district(geometry: GEOSGeometry | None):
    return district_at(geometry.point_on_surface) if geometry is not None else None


@transaction.atomic
def contribution_create(*, module: Module, author, title: str, description: str = "", category: Category | None = None,
                        geometry: GEOSGeometry | None = None, attributes: dict | None = None) -> Contribution:
    """Record a resident's mark. It waits for moderation before anyone else sees it."""
    settings = map_settings_for(module)
    geometry_check(geometry, kinds=settings.geometry_kinds, area=settings.effective_area)
    _category_check(module, category)
    attributes = attributes_check(attributes, attributes_of(module))
    contribution = Contribution(module=module, author=author, title=title.strip(), description=description.strip(),
                                category=category, geometry=geometry, attributes=attributes,
                                district=_district(geometry), status=ModerationStatus.PENDING)
    contribution.full_clean(exclude=_LOADED_RELATIONS)
    contribution.save()
    return contribution


_UNCHANGED = object()


@transaction.atomic
def contribution_change(*, contribution: Contribution, title=_UNCHANGED, description=_UNCHANGED, category=_UNCHANGED,
                        geometry=_UNCHANGED, attributes=_UNCHANGED) -> Contribution:
    """Change one's own contribution. A changed text or place is new to the public, so it is moderated again."""
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    module = contribution.module
    settings = map_settings_for(module)
    if geometry is not _UNCHANGED:
        geometry_check(geometry, kinds=settings.geometry_kinds, area=settings.effective_area)
        contribution.geometry, contribution.district = geometry, _district(geometry)
    if category is not _UNCHANGED:
        _category_check(module, category)
        contribution.category = category
    if attributes is not _UNCHANGED:
        contribution.attributes = attributes_check(attributes, attributes_of(module))
    if title is not _UNCHANGED:
        contribution.title = title.strip()
    if description is not _UNCHANGED:
        contribution.description = description.strip()
    contribution.status, contribution.moderation_reason = ModerationStatus.PENDING, ""
    contribution.moderated_by, contribution.moderated_at = None, None
    contribution.full_clean()
    contribution.save()
    return contribution


@transaction.atomic
def contribution_withdraw(*, contribution: Contribution) -> None:
    """Withdraw one's own contribution: it is deleted with its photos, supports and comments."""
    photos = list(contribution.photos.all())
    contribution.delete()
    # Files go only once the deletion is committed, so a rollback leaves nothing broken.
    transaction.on_commit(lambda: [_delete_files(photo) for photo in photos])


def _delete_files(photo: Photo) -> None:
    photo.image.delete(save=False)
    photo.thumbnail.delete(save=False)


@transaction.atomic
def support_add(*, contribution: Contribution, user) -> Contribution:
    """Say “me too”: once per person; the count grows with the row, so racing requests cannot count twice."""
    if contribution.author_id == user.pk:
        raise ValidationError({"support": _("You cannot support your own contribution.")})
    if not contribution.is_published:
        raise Conflict("support", _("Only published contributions can be supported."), code="not_published")
    try:
        with transaction.atomic():
            Support.objects.create(contribution=contribution, user=user)
    except IntegrityError:
        raise Conflict("support", _("You already support this contribution."), code="already_supported") from None
    Contribution.objects.filter(pk=contribution.pk).update(support_count=F("support_count") + 1)
    contribution.refresh_from_db(fields=["support_count"])
    return contribution


@transaction.atomic
def support_remove(*, contribution: Contribution, user) -> Contribution:
    """Take one's “me too” back."""
    deleted, _detail = Support.objects.filter(contribution=contribution, user=user).delete()
    if not deleted:
        raise Conflict("support", _("You do not support this contribution."), code="not_supported")
    Contribution.objects.filter(pk=contribution.pk).update(support_count=F("support_count") - 1)
    contribution.refresh_from_db(fields=["support_count"])
    return contribution


@transaction.atomic
def comment_create(*, contribution: Contribution, author, text: str) -> Comment:
    """Comment on a published contribution; the comment waits for moderation."""
    if not contribution.is_published:
        raise Conflict("text", _("Only published contributions can be commented on."), code="not_published")
    comment = Comment(contribution=contribution, author=author, text=text.strip(), status=ModerationStatus.PENDING)
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def photo_add(*, contribution: Contribution, upload, alt_text: str) -> Photo:
    """Add a photo to one's contribution (re-encoded, metadata stripped). A new photo is moderated again."""
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if contribution.photos.count() >= MAX_PHOTOS:
        raise Conflict("photo", _("A contribution can have at most %(max)d photos.") % {"max": MAX_PHOTOS},
                       code="too_many_photos")
    if not alt_text.strip():
        raise ValidationError({"alt_text": _("Please describe in a few words what the photo shows.")})
    encoded = photo_encode(upload)
    photo = Photo(contribution=contribution, alt_text=alt_text.strip())
    photo.full_clean(exclude=["image", "thumbnail"])
    photo.image.save(encoded.image.name, encoded.image, save=False)
    photo.thumbnail.save(encoded.thumbnail.name, encoded.thumbnail, save=False)
    try:
        photo.save()
    except Exception:
        _delete_files(photo)  # no row, no files
        raise
    if contribution.status != ModerationStatus.PENDING:
        Contribution.objects.filter(pk=contribution.pk).update(status=ModerationStatus.PENDING, moderation_reason="")
    return photo


def personal_data(*, user) -> dict:
    """A resident's contributions, comments and supports in the map formats, for “download my data”."""
    return {
        "contributions": [
            {"format": c.module.title, "title": c.title, "description": c.description,
             "category": c.category.name if c.category else None, "attributes": c.attributes,
             "place": c.geometry.geojson if c.geometry else None, "status": c.status,
             "moderation_reason": c.moderation_reason, "created_at": c.created_at.isoformat(),
             "photos": [{"url": p.url, "alt_text": p.alt_text} for p in c.photos.all()]}
            for c in user.map_contributions.select_related("module", "category").prefetch_related("photos")
        ],
        "comments": [
            {"contribution": c.contribution.title, "text": c.text, "status": c.status,
             "moderation_reason": c.moderation_reason, "created_at": c.created_at.isoformat()}
            for c in user.map_comments.select_related("contribution")
        ],
        "supports": [
            {"contribution": s.contribution.title, "created_at": s.created_at.isoformat()}
            for s in user.map_supports.select_related("contribution")
        ],
    }
