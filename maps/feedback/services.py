"""Writes of the feedback format: features staff load, opinions residents give, change and withdraw.

Moderation: an opinion is one item, published as a whole. A rating without a comment has nothing anyone
could object to, so it counts at once. An opinion with a comment waits until a moderator approves it; until
then its rating does not count either. Changing an approved opinion keeps it published unless the comment
changes; an opinion moderators rejected or hid goes back to them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.contrib.gis.geos import MultiLineString, Point
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from geo_participation.core.input import InputRefused, json_loads
from geo_participation.core.moderation import ModerationStatus
from geo_participation.core.refusals import Conflict
from geo_participation.projects.door import phase_refusal
from maps.geo.parsing import GeoJSONError, members_check

from .geometry import MAX_LINE_VERTICES, lines_from_geojson
from .models import COMMENT_MAX_LENGTH, Feature, Opinion, Rating
from .selectors import feedback_settings

MAX_IMPORT_FEATURES = 1000
# A GeoJSON file may name its CRS only if it is the one RFC 7946 prescribes (older QGIS versions write it).
ACCEPTED_CRS_NAMES = {"urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC::CRS84", "EPSG:4326",
                      "urn:ogc:def:crs:EPSG::4326"}


def _require_open(module) -> None:
    """Opinions are given, changed and withdrawn while the format is open (the door refuses earlier, in the same words)."""
    if refusal := phase_refusal(module):
        raise ValidationError({"module": refusal.message})


def _check_rating(rating) -> None:
    if rating not in Rating.values:
        raise ValidationError({"rating": _("Please choose one of the ratings: good, okay or bad.")})


def _clean_comment(comment: str) -> str:
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise ValidationError({"comment": _("Please write at most %(max)d characters (you wrote %(count)d).")
                               % {"max": COMMENT_MAX_LENGTH, "count": len(comment)}})
    return comment


def point_snap(*, feature: Feature, point: Point) -> Point:
    """Move a spot onto the feature's line; refuse it if it lies farther from the line than the format allows.

    Measured in EPSG:25832 (UTM 32N, metres, fits Kaiserslautern), so the nearest point is nearest in metres.
    """
    settings = feedback_settings(module=feature.module)
    if not settings.points_enabled:
        raise ValidationError({"point": _("This format does not ask for a spot on the line.")})
    if feature.geometry is None:
        raise ValidationError({"point": _("%(name)s: the course is not drawn on the map yet, so no spot can be "
                                          "placed on it. Please describe the spot in your comment.")
                                        % {"name": feature.name}})
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_X(snapped), ST_Y(snapped), distance FROM ("
            "SELECT ST_Transform(ST_ClosestPoint(line, spot), 4326) AS snapped, ST_Distance(line, spot) AS distance "
            "FROM (SELECT ST_Transform(geometry, 25832) AS line, "
            "             ST_Transform(ST_SetSRID(ST_MakePoint(%s, %s), 4326), 25832) AS spot "
            "      FROM feedback_feature WHERE id = %s) AS t) AS s",
            [point.x, point.y, feature.pk],
        )
        x, y, distance = cursor.fetchone()
    if distance > settings.max_point_distance_m:
        raise ValidationError({"point": _("This spot is %(distance)s m away from the drawn course (%(name)s). Please "
                                          "mark a spot at most %(max)s m from it.")
                                        % {"distance": number_format(round(distance), force_grouping=True), "name": feature.name,
                                           "max": settings.max_point_distance_m}})
    return Point(x, y, srid=4326)


def _status_after(*, comment: str, previous: Opinion | None) -> str:
    """The moderation state of an opinion after its author wrote it (see the module docstring)."""
    if previous is not None and previous.status == ModerationStatus.HIDDEN:
        return ModerationStatus.PENDING
    if not comment:
        return ModerationStatus.APPROVED
    if previous is not None and previous.status == ModerationStatus.APPROVED and previous.comment == comment:
        return ModerationStatus.APPROVED
    return ModerationStatus.PENDING


def _already_given():
    return Conflict("feature", _("You have already given your opinion on this. You can change it instead."),
                    code="already_given")


@transaction.atomic
def opinion_create(*, feature: Feature, author, rating: str, comment: str = "", point: Point | None = None) -> Opinion:
    """Record a resident's opinion on a feature: one per person and feature, only while the format is open."""
    _require_open(feature.module)
    # Lock the feature so that two racing requests of one person are decided one after the other.
    Feature.objects.select_for_update().only("id").get(pk=feature.pk)
    if Opinion.objects.filter(feature=feature, author=author).exists():
        raise _already_given()
    _check_rating(rating)
    comment = _clean_comment(comment)
    opinion = Opinion(feature=feature, author=author, rating=rating, comment=comment,
                      point=point_snap(feature=feature, point=point) if point is not None else None,
                      status=_status_after(comment=comment, previous=None))
    opinion.full_clean()
    try:
        with transaction.atomic():
            opinion.save()
    except IntegrityError:  # the unique constraint, should the lock ever be bypassed
        raise _already_given() from None
    return opinion


@transaction.atomic
def opinion_change(*, opinion: Opinion, rating: str, comment: str = "", point: Point | None = None) -> Opinion:
    """Replace the rating, comment and spot of an opinion while the format is open."""
    opinion = Opinion.objects.select_for_update().select_related("feature__module__project").get(pk=opinion.pk)
    _require_open(opinion.module)
    _check_rating(rating)
    comment = _clean_comment(comment)
    previous = Opinion(status=opinion.status, comment=opinion.comment)
    opinion.rating = rating
    opinion.comment = comment
    opinion.point = point_snap(feature=opinion.feature, point=point) if point is not None else None
    opinion.status = _status_after(comment=comment, previous=previous)
    if opinion.status != previous.status or opinion.status == ModerationStatus.PENDING:
        opinion.moderation_reason, opinion.moderated_by, opinion.moderated_at = "", None, None
    opinion.full_clean()
    opinion.save()
    return opinion


@transaction.atomic
def opinion_withdraw(*, opinion: Opinion) -> None:
    """Delete an opinion at its author's wish while the format is open; its rating stops counting at once."""
    _require_open(opinion.module)
    Opinion.objects.filter(pk=opinion.pk).delete()


# --- features, loaded by staff -------------------------------------------------------------------------------


def slug_for_name(name: str) -> str:
    german = name.replace("ß", "ss").replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    german = german.replace("Ä", "Ae").replace("Ö", "Oe").replace("Ü", "Ue")
    return slugify(german)[:100] or "abschnitt"


def feature_geometry_errors(*, module, geometry: MultiLineString | None) -> list[str]:
    """What is wrong with a course for this format: it must be valid and lie inside the format's area."""
    if geometry is None:
        return []
    errors = []
    if geometry.num_coords > MAX_LINE_VERTICES:
        errors.append(_("The course has %(count)d vertices; at most %(max)d are accepted.")
                      % {"count": geometry.num_coords, "max": MAX_LINE_VERTICES})
    if not geometry.valid:
        errors.append(_("The course is not a valid line (%(reason)s).") % {"reason": geometry.valid_reason})
    elif not module.area.covers(geometry):
        errors.append(_("The course leaves the area of this format (the city, unless the project has its own "
                        "area). Are longitude and latitude swapped?"))
    return errors


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int

    def __str__(self):
        return _("%(created)d new, %(updated)d updated") % {"created": self.created, "updated": self.updated}


def _crs_error(collection: dict) -> str | None:
    crs = collection.get("crs")
    if crs is None:
        return None
    name = crs.get("properties", {}).get("name") if isinstance(crs, dict) and isinstance(crs.get("properties"), dict) else None
    if name in ACCEPTED_CRS_NAMES:
        return None
    return _("The file uses the coordinate system “%(crs)s”. Please save it as GeoJSON in WGS 84 (EPSG:4326), "
             "longitude before latitude.") % {"crs": str(name or crs)[:80]}


@transaction.atomic
def features_import(*, module, data: bytes | str, source: str = "") -> ImportResult:
    """Load features from a GeoJSON file: all of them or, if any is wrong, none, with a message per bad feature.

    A feature whose name the format already has gets the file's status, description and course (if the file
    has one); the spots residents marked stay where they were.
    """
    try:
        collection = json_loads(data, strict=False)  # NaN: named per feature below
    except InputRefused as error:
        raise ValidationError({"file": _("This file is not valid GeoJSON (it cannot be read as JSON).")
                               if error.code == "invalid_json" else str(error)}) from None
    if isinstance(collection, dict) and collection.get("type") == "Feature":
        collection = {"type": "FeatureCollection", "features": [collection], "crs": collection.get("crs")}
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection" \
            or not isinstance(collection.get("features"), list):
        raise ValidationError({"file": _("The file must contain a GeoJSON FeatureCollection.")})
    try:
        members_check(collection)
    except GeoJSONError as error:
        raise ValidationError({"file": str(error)}) from None
    features = collection["features"]
    if not features:
        raise ValidationError({"file": _("The file contains no features.")})
    if len(features) > MAX_IMPORT_FEATURES:
        raise ValidationError({"file": _("The file contains %(count)d features; at most %(max)d can be loaded at once.")
                               % {"count": len(features), "max": MAX_IMPORT_FEATURES}})
    if crs_error := _crs_error(collection):
        raise ValidationError({"file": crs_error})

    errors, rows, seen = [], [], set()
    for number, item in enumerate(features, start=1):
        label = _("Feature %(number)d") % {"number": number}
        if not isinstance(item, dict) or item.get("type") != "Feature":
            errors.append(_("%(feature)s: this is not a GeoJSON Feature.") % {"feature": label})
            continue
        try:
            members_check(item)
        except GeoJSONError as error:
            errors.append(f"{label}: {error}")
            continue
        properties = item.get("properties") if isinstance(item.get("properties"), dict) else {}
        name = properties.get("name")
        if not isinstance(name, str) or not name.strip():
            errors.append(_("%(feature)s: the property “name” is missing.") % {"feature": label})
            continue
        name = name.strip()
        label = f"{label} („{name[:60]}“)"
        problems = []
        if len(name) > 200:
            problems.append(_("the name is longer than 200 characters"))
        slug = slug_for_name(name)
        if slug in seen:
            problems.append(_("the file contains this name twice"))
        seen.add(slug)
        geometry = None
        if item.get("geometry") is not None:
            try:
                geometry = lines_from_geojson(item["geometry"])
            except GeoJSONError as error:
                problems.append(str(error))
            else:
                problems += feature_geometry_errors(module=module, geometry=geometry)
        texts = {key: properties.get(key) for key in ("description", "status")}
        for key, limit in (("description", 5000), ("status", 300)):
            if texts[key] is not None and (not isinstance(texts[key], str) or len(texts[key]) > limit):
                problems.append(_("“%(key)s” must be a text of at most %(max)d characters") % {"key": key, "max": limit})
        if problems:
            errors.append(f"{label}: " + "; ".join(problems))
            continue
        rows.append({"slug": slug, "name": name, "geometry": geometry, "description": texts["description"] or "",
                     "status_text": texts["status"] or "", "weight": number})
    if errors:
        raise ValidationError({"file": errors})

    created = updated = 0
    for row in rows:
        feature = Feature.objects.filter(module=module, slug=row["slug"]).first() or Feature(module=module)
        is_new = feature.pk is None
        for key, value in row.items():
            if not is_new and (key == "weight" or (key == "geometry" and value is None)):
                continue  # keep the order staff set by hand, and a course they drew where the file has none
            setattr(feature, key, value)
        feature.source = source or feature.source
        feature.full_clean()
        feature.save()
        created += is_new
        updated += not is_new
    return ImportResult(created=created, updated=updated)


@transaction.atomic
def feature_create(*, module, name: str, geometry: MultiLineString | None = None, description: str = "",
                   status_text: str = "", source: str = "", weight: int = 0) -> Feature:
    """Add one feature to a format (the demo and tests; staff use the admin or a GeoJSON file)."""
    if errors := feature_geometry_errors(module=module, geometry=geometry):
        raise ValidationError({"geometry": errors})
    feature = Feature(module=module, name=name, slug=slug_for_name(name), geometry=geometry, description=description,
                      status_text=status_text, source=source, weight=weight)
    feature.full_clean()
    feature.save()
    return feature


def personal_data(*, user) -> list[dict]:
    """A person's opinions, for "download my data"."""
    return [
        {
            "format": opinion.feature.module.title,
            "feature": opinion.feature.name,
            "rating": opinion.rating,
            "comment": opinion.comment,
            "point": json.loads(opinion.point.json) if opinion.point else None,
            "status": opinion.status,
            "moderation_reason": opinion.moderation_reason,
            "created_at": opinion.created_at.isoformat(),
            "updated_at": opinion.updated_at.isoformat(),
        }
        for opinion in Opinion.objects.filter(author=user).select_related("feature__module").order_by("created_at")
    ]
