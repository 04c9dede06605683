"""Reads that the pages, the API and "download my data" share. Counts and GeoJSON are built by PostGIS."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import connection

from geo_participation.core.moderation import ModerationStatus

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



def stats_sql(features_sql: str) -> str:
    """Each row of ``features_sql`` (alias f) with its approved counts and verdict.

    The counts come per feature through the (feature, status) index, so a page of features costs only its own
    opinions, however many the format has.
    """
    return f"""
        SELECT s.*, {VERDICT_SQL} AS verdict FROM (
            SELECT f.*, c.good, c.okay, c.bad, c.good + c.okay + c.bad AS total
            FROM ({features_sql}) AS f
            CROSS JOIN LATERAL (
                SELECT count(*) FILTER (WHERE o.rating = 'good') AS good,
                       count(*) FILTER (WHERE o.rating = 'okay') AS okay,
                       count(*) FILTER (WHERE o.rating = 'bad') AS bad
                FROM feedback_opinion o WHERE o.feature_id = f.id AND o.status = 'approved'
            ) AS c
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
    """A box in degrees, as ``maps.geo.layers.bbox_numbers`` reads it from ``?bbox=``."""

    west: float
    south: float
    east: float
    north: float


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
    sql = stats_sql("SELECT id FROM feedback_feature WHERE module_id = %(module_id)s")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, good, okay, bad, verdict FROM ({sql}) AS t", {"module_id": module.pk})
        return {row[0]: FeatureStats(good=row[1], okay=row[2], bad=row[3], verdict=row[4]) for row in cursor.fetchall()}


def features_with_stats(*, module) -> list[tuple[Feature, FeatureStats]]:
    stats = feature_stats(module=module)
    return [(feature, stats.get(feature.pk, FeatureStats())) for feature in feature_list(module=module)]


def _bbox_condition(bbox: BBox | None, column: str) -> tuple[str, dict]:
    if bbox is None:
        return "", {}
    return (f" AND ST_Intersects({column}, ST_MakeEnvelope(%(west)s, %(south)s, %(east)s, %(north)s, 4326))",
            {"west": bbox.west, "south": bbox.south, "east": bbox.east, "north": bbox.north})


@dataclass(frozen=True)
class GeoJSONPage:
    """One page of a FeatureCollection, written by PostGIS; ``more`` tells whether a next page exists."""

    features: str
    returned: int
    more: bool

    def to_json(self, *, next_url: str | None = None) -> str:
        links = f'[{{"rel":"next","type":"application/geo+json","href":{json.dumps(next_url)}}}]' \
            if self.more and next_url else "[]"
        return (f'{{"type":"FeatureCollection","numberReturned":{self.returned},"links":{links},'
                f'"features":[{self.features}]}}')


def _page(page_sql: str, properties_sql: str, params: dict, page: Page) -> GeoJSONPage:
    """Features from ``page_sql`` (alias r): its rows carry an ``ord`` to sort by and use
    ``LIMIT %(page_limit)s OFFSET %(offset)s``, which asks for one row more than the page holds, so that one
    statement also tells whether a next page exists. The properties are written for this page's rows only.
    """
    feature_sql = (
        "'{\"type\":\"Feature\",\"id\":' || r.id"
        " || ',\"geometry\":' || coalesce(ST_AsGeoJSON(r.geometry, 6), 'null')"
        f" || ',\"properties\":' || ({properties_sql})::text || '}}'"
    )
    sql = (
        f"SELECT coalesce(string_agg({feature_sql}, ',' ORDER BY r.n) FILTER (WHERE r.n <= %(limit)s), ''), "
        "count(*) FILTER (WHERE r.n <= %(limit)s), count(*) > %(limit)s "
        f"FROM (SELECT p.*, row_number() OVER (ORDER BY p.ord) AS n FROM ({page_sql}) AS p) AS r"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, {**params, "limit": page.limit, "page_limit": page.limit + 1, "offset": page.offset})
        features, returned, more = cursor.fetchone()
    return GeoJSONPage(features=features, returned=returned, more=more)


FEATURE_PROPERTIES_SQL = (
    "json_build_object('name', r.name, 'slug', r.slug, 'status', r.status_text, "
    "'url', %(base_url)s || r.slug || '/', 'has_course', r.geometry IS NOT NULL, "
    "'good', r.good, 'okay', r.okay, 'bad', r.bad, 'total', r.total, 'verdict', r.verdict)"
)


def features_geojson(*, module, base_url: str, bbox: BBox | None = None, page: Page = Page()) -> GeoJSONPage:
    """The format's features with their approved counts and verdict, as GeoJSON built by PostGIS.

    Features whose course is not drawn yet have ``"geometry": null`` (and are left out when a bbox is asked for).
    """
    where, bbox_params = _bbox_condition(bbox, "geometry")
    features_sql = (
        "SELECT id, name, slug, status_text, geometry, "
        "row_number() OVER (ORDER BY weight, name, id) AS ord FROM feedback_feature "
        f"WHERE module_id = %(module_id)s{where} ORDER BY weight, name, id LIMIT %(page_limit)s OFFSET %(offset)s"
    )
    return _page(stats_sql(features_sql), FEATURE_PROPERTIES_SQL,
                 {"module_id": module.pk, "base_url": base_url, **bbox_params}, page)


def feature_geojson(*, feature, base_url: str) -> str:
    """One feature as a GeoJSON Feature with its counts."""
    features_sql = ("SELECT id, name, slug, status_text, geometry, 1 AS ord FROM feedback_feature "
                    "WHERE id = %(feature_id)s")
    result = _page(stats_sql(features_sql), FEATURE_PROPERTIES_SQL,
                   {"feature_id": feature.pk, "base_url": base_url}, Page(limit=1))
    return result.features


OPINION_PROPERTIES_SQL = (
    "json_build_object('feature', r.feature_id, 'feature_name', r.feature_name, 'rating', r.rating, "
    "'comment', r.comment, 'author', r.author, 'created_at', r.created_at, 'updated_at', r.updated_at)"
)


def opinions_geojson(*, module, feature_id: int | None = None, bbox: BBox | None = None,
                     with_point: bool = False, page: Page = Page()) -> GeoJSONPage:
    """Published opinions, newest first, with their spot on the line (or null); the author is the public
    username only."""
    where = " AND o.feature_id = %(feature_id)s" if feature_id is not None else ""
    if with_point or bbox is not None:
        where += " AND o.point IS NOT NULL"
    bbox_where, bbox_params = _bbox_condition(bbox, "o.point")
    # The page is chosen first; names and usernames are joined for its rows only.
    page_sql = (
        "SELECT o.id, o.point AS geometry, o.feature_id, f.name AS feature_name, o.rating, o.comment, "
        "(SELECT username FROM accounts_user u WHERE u.id = o.author_id) AS author, o.created_at, o.updated_at, "
        "row_number() OVER (ORDER BY o.created_at DESC, o.id DESC) AS ord FROM ("
        "  SELECT o.* FROM feedback_opinion o JOIN feedback_feature f ON f.id = o.feature_id "
        f" WHERE f.module_id = %(module_id)s AND o.status = %(approved)s{where}{bbox_where} "
        "  ORDER BY o.created_at DESC, o.id DESC LIMIT %(page_limit)s OFFSET %(offset)s"
        ") AS o JOIN feedback_feature f ON f.id = o.feature_id"
    )
    params = {"module_id": module.pk, "feature_id": feature_id, "approved": ModerationStatus.APPROVED, **bbox_params}
    return _page(page_sql, OPINION_PROPERTIES_SQL, params, page)


def opinion_list(*, feature):
    """The published opinions on a feature, newest first."""
    return (Opinion.objects.filter(feature=feature, status=ModerationStatus.APPROVED)
            .select_related("author").only("id", "rating", "comment", "point", "created_at", "updated_at",
                                           "feature_id", "author__username"))


def opinion_of(*, feature, user) -> Opinion | None:
    """The person's own opinion on a feature, in whatever moderation state."""
    if not user.is_authenticated:
        return None
    return Opinion.objects.filter(feature=feature, author=user).select_related("feature__module__project").first()


def opinions_of(*, module, user) -> dict[int, Opinion]:
    """The person's own opinions in a format, by feature id."""
    if not user.is_authenticated:
        return {}
    opinions = Opinion.objects.filter(feature__module=module, author=user).select_related("feature__module__project")
    return {o.feature_id: o for o in opinions}


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
