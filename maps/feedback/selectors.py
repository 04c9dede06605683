"""Reads that the pages, the API and "download my data" share. Counts and GeoJSON are built by PostGIS."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from django.db import connection
from django.utils.translation import gettext as _

from geo_participation.core.moderation import ModerationStatus
from maps.geo.geojson import feature_collection

from .models import FeedbackSettings, Feature, Opinion, Rating

# The verdict that colours a feature on the map: "good" when good ratings outnumber bad ones by at least a
# third of all ratings, "bad" the other way round, "mixed" in between, "none" without approved ratings.
# Written once, in SQL, so the map, the list and the API always agree.
VERDICT_SQL = (
    "CASE WHEN s.total = 0 THEN 'none' "
    "WHEN 3 * (s.good - s.bad) >= s.total THEN 'good' "
    "WHEN 3 * (s.bad - s.good) >= s.total THEN 'bad' "
    "ELSE 'mixed' END"
)

STATS_SQL = f"""
    SELECT s.*, {VERDICT_SQL} AS verdict FROM (
        SELECT f.id, f.name, f.slug, f.status_text, f.weight, f.geometry,
               count(o.id) FILTER (WHERE o.rating = 'good') AS good,
               count(o.id) FILTER (WHERE o.rating = 'okay') AS okay,
               count(o.id) FILTER (WHERE o.rating = 'bad') AS bad,
               count(o.id) AS total
        FROM feedback_feature f
        LEFT JOIN feedback_opinion o ON o.feature_id = f.id AND o.status = 'approved'
        WHERE f.module_id = %(module_id)s
        GROUP BY f.id
    ) AS s
"""

VERDICTS = ("good", "mixed", "bad", "none")
MAX_PAGE_SIZE = 1000


@dataclass(frozen=True)
class FeatureStats:
    """The approved ratings of one feature, counted."""

    good: int = 0
    okay: int = 0
    bad: int = 0
    verdict: str = "none"

    @property
    def total(self) -> int:
        return self.good + self.okay + self.bad

    def share(self, rating: str) -> float:
        """Percentage of the approved ratings that are ``rating``."""
        return round(100 * getattr(self, rating) / self.total, 1) if self.total else 0

    good_share = property(lambda self: self.share("good"))
    okay_share = property(lambda self: self.share("okay"))
    bad_share = property(lambda self: self.share("bad"))


@dataclass(frozen=True)
class Page:
    limit: int = 100
    offset: int = 0


@dataclass(frozen=True)
class BBox:
    west: float
    south: float
    east: float
    north: float

    @classmethod
    def parse(cls, text: str) -> "BBox":
        """``west,south,east,north`` in degrees (longitude first), as in OGC API Features; ValueError if not."""
        parts = text.split(",")
        if len(parts) != 4:
            raise ValueError(_("Please give four numbers: west,south,east,north (longitude first)."))
        try:
            west, south, east, north = (float(p) for p in parts)
        except ValueError:
            raise ValueError(_("Please give four numbers: west,south,east,north (longitude first).")) from None
        if not all(math.isfinite(v) for v in (west, south, east, north)):
            raise ValueError(_("The numbers must be finite."))
        if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
            raise ValueError(_("West must be less than east and south less than north, within −180 to 180 and "
                               "−90 to 90."))
        return cls(west, south, east, north)


def feedback_settings(*, module) -> FeedbackSettings:
    """The format's settings; the defaults if staff never saved any."""
    try:
        return module.feedback_settings
    except FeedbackSettings.DoesNotExist:
        return FeedbackSettings(module=module)


def feature_list(*, module):
    return Feature.objects.filter(module=module).order_by("weight", "name")


def feature_stats(*, module) -> dict[int, FeatureStats]:
    """Approved ratings per feature of the format, with the verdict that colours the map."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, good, okay, bad, verdict FROM ({STATS_SQL}) AS t", {"module_id": module.pk})
        return {row[0]: FeatureStats(good=row[1], okay=row[2], bad=row[3], verdict=row[4]) for row in cursor.fetchall()}


def features_with_stats(*, module) -> list[tuple[Feature, FeatureStats]]:
    stats = feature_stats(module=module)
    return [(feature, stats.get(feature.pk, FeatureStats())) for feature in feature_list(module=module)]


def _bbox_condition(bbox: BBox | None, column: str) -> tuple[str, dict]:
    if bbox is None:
        return "", {}
    return (f" AND ST_Intersects({column}, ST_MakeEnvelope(%(west)s, %(south)s, %(east)s, %(north)s, 4326))",
            {"west": bbox.west, "south": bbox.south, "east": bbox.east, "north": bbox.north})


def _collection(rows_sql: str, params: dict, count_sql: str, page: Page) -> str:
    """A FeatureCollection with OGC-style paging members; features without a place get ``"geometry": null``."""
    feature_sql = (
        "'{\"type\":\"Feature\",\"id\":' || to_json(f.id)::text"
        " || ',\"geometry\":' || coalesce(ST_AsGeoJSON(f.geometry, 6), 'null')"
        " || ',\"properties\":' || f.properties::text || '}'"
    )
    with connection.cursor() as cursor:
        cursor.execute(count_sql, params)
        matched = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT coalesce(string_agg({feature_sql}, ',' ORDER BY f.ord), ''), count(*) FROM ("
            f"SELECT row_number() OVER () AS ord, r.* FROM ({rows_sql} LIMIT %(limit)s OFFSET %(offset)s) AS r) AS f",
            {**params, "limit": page.limit, "offset": page.offset},
        )
        features, returned = cursor.fetchone()
    return (f'{{"type":"FeatureCollection","numberMatched":{matched},"numberReturned":{returned},'
            f'"features":[{features}]}}')


FEATURE_PROPERTIES_SQL = (
    "json_build_object('name', s.name, 'slug', s.slug, 'status', s.status_text, "
    "'url', %(base_url)s || s.slug || '/', 'has_course', s.geometry IS NOT NULL, "
    "'good', s.good, 'okay', s.okay, 'bad', s.bad, 'total', s.total, 'verdict', s.verdict)"
)


def features_geojson(*, module, base_url: str, bbox: BBox | None = None, page: Page = Page()) -> str:
    """The format's features with their approved counts and verdict, as a FeatureCollection built by PostGIS.

    Features whose course is not drawn yet have ``"geometry": null`` (and are left out when a bbox is asked for).
    """
    stats_where, bbox_params = _bbox_condition(bbox, "s.geometry")
    count_where, _params = _bbox_condition(bbox, "t.geometry")
    params = {"module_id": module.pk, "base_url": base_url, **bbox_params}
    rows_sql = (f"SELECT s.id, s.geometry, {FEATURE_PROPERTIES_SQL} AS properties "
                f"FROM ({STATS_SQL}) AS s WHERE true{stats_where} ORDER BY s.weight, s.name, s.id")
    count_sql = f"SELECT count(*) FROM feedback_feature t WHERE t.module_id = %(module_id)s{count_where}"
    return _collection(rows_sql, params, count_sql, page)


def feature_geojson(*, feature, base_url: str) -> str | None:
    """One feature as a GeoJSON Feature with its counts."""
    sql = (
        "SELECT '{\"type\":\"Feature\",\"id\":' || to_json(s.id)::text"
        " || ',\"geometry\":' || coalesce(ST_AsGeoJSON(s.geometry, 6), 'null')"
        f" || ',\"properties\":' || {FEATURE_PROPERTIES_SQL}::text || '}}' "
        f"FROM ({STATS_SQL}) AS s WHERE s.id = %(feature_id)s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, {"module_id": feature.module_id, "feature_id": feature.pk, "base_url": base_url})
        row = cursor.fetchone()
    return row[0] if row else None


OPINION_PROPERTIES_SQL = (
    "json_build_object('feature', o.feature_id, 'feature_name', f.name, 'rating', o.rating, 'comment', o.comment, "
    "'author', u.username, 'created_at', o.created_at, 'updated_at', o.updated_at)"
)


def opinions_geojson(*, module, feature_id: int | None = None, bbox: BBox | None = None,
                     with_point: bool = False, page: Page = Page()) -> str:
    """Published opinions as GeoJSON (the spot on the line, or null); the author is the public username only."""
    where = " AND o.feature_id = %(feature_id)s" if feature_id is not None else ""
    if with_point or bbox is not None:
        where += " AND o.point IS NOT NULL"
    bbox_where, bbox_params = _bbox_condition(bbox, "o.point")
    where += bbox_where
    params = {"module_id": module.pk, "feature_id": feature_id, "approved": ModerationStatus.APPROVED, **bbox_params}
    from_sql = (
        "FROM feedback_opinion o JOIN feedback_feature f ON f.id = o.feature_id "
        "LEFT JOIN accounts_user u ON u.id = o.author_id "
        f"WHERE f.module_id = %(module_id)s AND o.status = %(approved)s{where}"
    )
    rows_sql = f"SELECT o.id, o.point AS geometry, {OPINION_PROPERTIES_SQL} AS properties {from_sql} ORDER BY o.created_at DESC, o.id DESC"
    return _collection(rows_sql, params, f"SELECT count(*) {from_sql}", page)


def problem_points_geojson(*, module, feature_id: int | None = None) -> str:
    """The published spots of the format (for its map): small, built in one statement by maps.geo."""
    condition = " AND o.feature_id = %(feature_id)s" if feature_id is not None else ""
    return feature_collection(
        f"SELECT o.id, o.point AS geometry, json_build_object('feature', o.feature_id, 'feature_name', f.name, "
        f"'rating', o.rating, 'comment', left(o.comment, 200), 'author', u.username) AS properties "
        "FROM feedback_opinion o JOIN feedback_feature f ON f.id = o.feature_id "
        "LEFT JOIN accounts_user u ON u.id = o.author_id "
        f"WHERE f.module_id = %(module_id)s AND o.status = 'approved' AND o.point IS NOT NULL{condition} "
        "ORDER BY o.created_at",
        {"module_id": module.pk, "feature_id": feature_id},
    )


def opinion_list(*, feature):
    """The published opinions on a feature, newest first."""
    return (Opinion.objects.filter(feature=feature, status=ModerationStatus.APPROVED)
            .select_related("author").only("id", "rating", "comment", "point", "created_at", "updated_at",
                                           "feature_id", "author__username"))


def opinion_of(*, feature, user) -> Opinion | None:
    """The person's own opinion on a feature, in whatever moderation state."""
    if not user.is_authenticated:
        return None
    return Opinion.objects.filter(feature=feature, author=user).first()


def opinions_of(*, module, user) -> dict[int, Opinion]:
    """The person's own opinions in a format, by feature id."""
    if not user.is_authenticated:
        return {}
    return {o.feature_id: o for o in Opinion.objects.filter(feature__module=module, author=user)}


def opinion_json(opinion: Opinion) -> dict:
    """An opinion as the API shows it to its author (with the moderation state and reason)."""
    return {
        "id": opinion.pk,
        "feature": opinion.feature_id,
        "rating": opinion.rating,
        "comment": opinion.comment,
        "point": json.loads(opinion.point.geojson) if opinion.point else None,
        "status": opinion.status,
        "moderation_reason": opinion.moderation_reason,
        "author": opinion.author.username if opinion.author_id else None,
        "created_at": opinion.created_at.isoformat(),
        "updated_at": opinion.updated_at.isoformat(),
    }


def rating_labels() -> dict[str, str]:
    return {value: str(label) for value, label in Rating.choices}
