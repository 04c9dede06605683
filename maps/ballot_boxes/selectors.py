"""Reads of the register: the boxes as GeoJSON, built by PostGIS."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from maps.geo.geojson import feature_collection, queryset_sql

from .models import BallotBox


def boxes_geojson(*, boxes: QuerySet[BallotBox] | None = None) -> str:
    """The boxes (all, or those of ``boxes``) as a FeatureCollection built by PostGIS, with whether each is set up today."""
    today = timezone.localdate()
    where, params = "", [today, today]
    if boxes is not None:
        ids_sql, ids_params = queryset_sql(boxes.order_by().values("id"))
        where, params = f"WHERE b.id IN ({ids_sql})", [*params, *ids_params]
    return feature_collection(
        "SELECT b.id, b.location AS geometry, json_build_object("
        " 'code', b.code, 'name', b.name, 'address', b.address, 'location_hint', b.location_hint,"
        " 'opening_hours', b.opening_hours, 'active_from', b.active_from, 'active_until', b.active_until,"
        " 'active', b.active_from <= %s AND (b.active_until IS NULL OR b.active_until >= %s)"
        f") AS properties FROM ballot_boxes_ballotbox b {where} ORDER BY b.name",
        params,
    )
