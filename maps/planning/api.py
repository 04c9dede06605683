"""The planners' data API: the layers, their downloads (GeoJSON, GeoPackage, CSV) and heatmaps (GeoJSON, PNG).

Public layers are open data (approved contributions only) for everyone; the others only for planners and staff,
logged in or with a personal API token (``Authorization: Bearer mw_…``). Every answer is one query built by
PostGIS and, for whole layers, streamed. Downloads and heatmaps are rate-limited per client.
"""

from __future__ import annotations

import logging

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from geo_participation.core.limits import rate_exceeded
from geo_participation.core.openapi import BBOX_SCHEMA, DATETIME_SCHEMA
from maps.geo import layers as registry
from maps.geo.layers import CRS84, EPSG_25832, Layer

from . import access, exports, heatmap
from .access import LayerRefused
from .auth import ApiTokenAuthentication
from .png import render_png

logger = logging.getLogger(__name__)
GEOJSON = "application/geo+json"
GPKG = "application/geopackage+sqlite3"
TOO_MANY = gettext_lazy("Too many requests in a short time. Please wait a little and try again.")


class AnyAccept(BaseContentNegotiation):
    """Files and pictures are what the path says, whatever the client accepts; errors come as JSON."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class TooManyRequests(exceptions.Throttled):
    def __init__(self, wait: int):
        super().__init__(wait=wait, detail=str(TOO_MANY))


class LayerApi(APIView):
    """The layer from the URL, if the person (by session or token) may see it."""

    authentication_classes = [ApiTokenAuthentication, SessionAuthentication]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = AnyAccept
    rate = "read"
    http_method_names = ["get", "head", "options"]
    may_refuse_reading = True  # for the OpenAPI schema: non-public layers are for planners and staff (401, 403)

    @property
    def throttled_methods(self):  # for the OpenAPI schema: 429
        return ("GET",) if self.rate else ()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.rate and (wait := rate_exceeded(request, self.rate)):
            raise TooManyRequests(wait)

    @cached_property
    def layer(self) -> Layer:
        try:
            layer = access.layer_for(self.kwargs["key"], self.request.user)
        except LayerRefused as refusal:
            if refusal.status == 401:
                raise exceptions.NotAuthenticated(_("This layer is for planners and staff: please log in or send "
                                                    "your API token.")) from None
            raise exceptions.PermissionDenied(_("This layer is for planners and staff only.")) from None
        if layer is None:
            raise exceptions.NotFound(_("There is no layer with this name."))
        return layer

    def rows(self, *, extra=()):
        return registry.row_query_from(self.request.query_params, self.layer, bbox_either_order=True,
                                       not_filters=("cell", "value", "crs", *extra))

    def attach(self, response, extension: str, srid: int | None = None):
        response["Content-Disposition"] = f'attachment; filename="{exports.filename(self.layer, extension, srid)}"'
        response["Link"] = f'<{self.request.build_absolute_uri(self.licence_url())}>; rel="license"'
        response["Cache-Control"] = "public, max-age=300" if self.layer.public else "private, no-store"
        return response

    def licence_url(self) -> str:
        return reverse("planning-api:licence", kwargs={"key": self.layer.key})


LAYER = OpenApiParameter("key", OpenApiTypes.STR, OpenApiParameter.PATH,
                         description="The layer: a format's address (e.g. angstraeume-markieren), with .alle for all "
                                     "contributions including unmoderated ones (planners), .strecken for a rating "
                                     "format's features.")
FILTERS = [
    OpenApiParameter("status", OpenApiTypes.STR, description="Planners, on .alle layers: approved, pending, or both "
                                                             "comma-separated (default approved)."),
    OpenApiParameter("datetime", DATETIME_SCHEMA, description="Created at or between (RFC 3339, start/end, .. for "
                                                              "open), e.g. 2025-05-01/2025-06-30. A range that ends "
                                                              "before it starts holds nothing."),
    OpenApiParameter("from", OpenApiTypes.DATE, description="Created on or after this day."),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Created on or before this day."),
    OpenApiParameter("bbox", BBOX_SCHEMA, description="west,south,east,north in degrees (WGS 84); two opposite "
                                                      "corners given the other way round are the same box."),
    OpenApiParameter("category", OpenApiTypes.STR, description="Map formats: category id(s), comma-separated."),
    OpenApiParameter("district", OpenApiTypes.STR, description="Map formats: the district's short name."),
    OpenApiParameter("feature", OpenApiTypes.STR, description="Rating formats: the features' short names."),
    OpenApiParameter("rating", OpenApiTypes.STR, description="Rating formats: good, okay, bad (comma-separated)."),
]
ATTRIBUTE_FILTERS = ("A map format's attributes filter as attr_<key>=<option> (ja/nein for yes-or-no questions) and "
                     "attr_<key>_min=<number> for scales; /api/planning/layers/ lists every layer's filters.")
CRS = OpenApiParameter("crs", OpenApiTypes.STR, enum=["EPSG:25832", "EPSG:4326", EPSG_25832, CRS84],
                       description="The reference system of the file: ETRS89 / UTM 32N (default) or WGS 84.")
CELL = OpenApiParameter("cell", OpenApiTypes.INT, enum=list(heatmap.CELL_SIZES),
                        description="Edge length of the hexagons in metres: one of "
                                    f"{', '.join(str(s) for s in heatmap.CELL_SIZES)} (default {heatmap.DEFAULT_CELL_SIZE}).")
VALUE = OpenApiParameter("value", OpenApiTypes.STR, enum=["count", "weighted"],
                         description="What colours the cells (PNG, legend): contributions, or contributions plus supports.")
FILE = OpenApiResponse(OpenApiTypes.BINARY)


class LayersApi(APIView):
    """The layers you may see, with their filters and the addresses of their downloads, heatmaps, tiles and OGC API."""

    authentication_classes = [ApiTokenAuthentication, SessionAuthentication]
    renderer_classes = [JSONRenderer]
    throttled_methods = ("GET",)  # for the OpenAPI schema: 429

    @extend_schema(responses={200: OpenApiResponse(OpenApiTypes.OBJECT)})
    def get(self, request):
        if wait := rate_exceeded(request, "read"):
            raise TooManyRequests(wait)
        return Response({"layers": [layer_summary(layer, request) for layer in access.layers_for(request.user)]})


def layer_summary(layer: Layer, request) -> dict:
    def url(name, **kwargs):
        return request.build_absolute_uri(reverse(name, kwargs={"key": layer.key, **kwargs}))

    links = {"geojson": url("planning-api:export-geojson"), "gpkg": url("planning-api:export-gpkg"),
             "csv": url("planning-api:export-csv"), "licence": url("planning-api:licence"),
             "ogc": request.build_absolute_uri(reverse("ogc:collection", kwargs={"collection_id": layer.key})),
             "tilejson": url("tiles:tilejson")}
    if layer.heat:
        links.update(heatmap_geojson=url("planning-api:heatmap-geojson"), heatmap_png=url("planning-api:heatmap-png"))
    return {
        "key": layer.key, "title": layer.title, "public": layer.public, "geometry_type": layer.geometry_type,
        "statuses": list(layer.statuses), "heatmap": layer.heat is not None,
        "filters": [{"name": spec.name, "label": spec.label, "kind": spec.kind,
                     "choices": [{"value": value, "label": label} for value, label in spec.choices],
                     **({"minimum": spec.minimum, "maximum": spec.maximum} if spec.kind == "integer" else {})}
                    for spec in layer.filter_specs()],
        "licence": layer.licence, "licence_url": layer.licence_url, "attribution": layer.attribution, "links": links,
    }


class GeoJSONExportApi(LayerApi):
    """The whole layer (with the filters) as one GeoJSON file (RFC 7946, WGS 84), streamed."""

    rate = "download"

    @extend_schema(parameters=[LAYER, *FILTERS], description=f"{__doc__} {ATTRIBUTE_FILTERS}",
                   responses={(200, GEOJSON): OpenApiResponse(OpenApiTypes.OBJECT, description="FeatureCollection")})
    def get(self, request, key):
        rows, given = self.rows()
        return self.attach(StreamingHttpResponse(exports.stream_geojson(self.layer, rows, filters=given),
                                                 content_type=GEOJSON), "geojson")


class CsvExportApi(LayerApi):
    """The whole layer as CSV (semicolons, UTF-8): the properties, the geometry as WKT in the chosen reference
    system, and lon/lat of a point on it. Licence and attribution: the file linked as rel="license"."""

    rate = "download"

    @extend_schema(parameters=[LAYER, CRS, *FILTERS], description=f"{__doc__} {ATTRIBUTE_FILTERS}",
                   responses={(200, "text/csv"): FILE})
    def get(self, request, key):
        srid = registry.parse_crs(request.query_params.get("crs"), default=4326)
        rows, given = self.rows()
        return self.attach(StreamingHttpResponse(exports.stream_csv(self.layer, rows, srid=srid),
                                                 content_type="text/csv; charset=utf-8"), "csv", srid)


class GeoPackageExportApi(LayerApi):
    """The whole layer as a GeoPackage in EPSG:25832 (default) or EPSG:4326, written by GDAL from PostGIS, with a
    table ``lizenz`` and the licence in the layer's description."""

    rate = "download"

    @extend_schema(parameters=[LAYER, CRS, *FILTERS], description=f"{__doc__} {ATTRIBUTE_FILTERS}",
                   responses={(200, GPKG): FILE})
    def get(self, request, key):
        srid = registry.parse_crs(request.query_params.get("crs"), default=25832)
        rows, given = self.rows()
        try:
            handle = exports.geopackage(self.layer, rows, srid=srid)
        except exports.ExportFailed as error:
            logger.error("GeoPackage export of %s failed: %s", self.layer.key, error)
            raise exceptions.APIException(_("The GeoPackage could not be written. Please try again later.")) from None
        response = FileResponse(handle, content_type=GPKG)
        response.block_size = 256 * 1024
        return self.attach(response, "gpkg", srid)


class LicenceApi(LayerApi):
    """The layer's licence and attribution as plain text (the CSV download's side file)."""

    rate = None

    @extend_schema(parameters=[LAYER], responses={(200, "text/plain"): OpenApiResponse(OpenApiTypes.STR)})
    def get(self, request, key):
        response = HttpResponse(exports.licence_text(self.layer), content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{self.layer.key}-lizenz.txt"'
        return response


class HeatmapMixin:
    def heatmap_input(self):
        if self.layer.heat is None:
            raise exceptions.NotFound(_("This layer has no heatmap."))
        size = heatmap.parse_cell_size(self.request.query_params.get("cell"))
        measure = heatmap.parse_measure(self.request.query_params.get("value"))
        rows, given = self.rows()
        return rows, size, measure, given


class HeatmapGeoJSONApi(HeatmapMixin, LayerApi):
    """The layer's contributions counted in hexagons (RFC 7946 polygons in WGS 84): ``count`` and ``weighted``
    (contributions plus their supports) per cell. Cells with fewer than k contributions (default 5) are left out;
    the metadata states the rule, the cell size and the legend's classes. Unfiltered, or filtered by status and
    category (rating, feature), it comes from kept per-cell counts; other filters count the rows live."""

    @extend_schema(parameters=[LAYER, CELL, VALUE, *FILTERS], description=f"{__doc__} {ATTRIBUTE_FILTERS}",
                   responses={(200, GEOJSON): OpenApiResponse(OpenApiTypes.OBJECT, description="FeatureCollection")})
    def get(self, request, key):
        rows, size, measure, given = self.heatmap_input()
        body = heatmap.heatmap_geojson(self.layer, rows, size=size, filters=given, measure=measure)
        response = HttpResponse(body, content_type=GEOJSON)
        response["Content-Disposition"] = f'inline; filename="{self.layer.key}-heatmap-{size}m.geojson"'
        response["Cache-Control"] = "public, max-age=60" if self.layer.public else "private, no-store"
        return response


class HeatmapPngApi(HeatmapMixin, LayerApi):
    """The heatmap as a PNG picture (EPSG:25832, north up) with legend, scale bar, the rule and the attribution."""

    @extend_schema(parameters=[LAYER, CELL, VALUE, *FILTERS], description=f"{__doc__} {ATTRIBUTE_FILTERS}",
                   responses={(200, "image/png"): FILE})
    def get(self, request, key):
        rows, size, measure, given = self.heatmap_input()
        picture = render_png(heatmap.heatmap_cells(self.layer, rows, size=size, filters=given, measure=measure))
        response = HttpResponse(picture, content_type="image/png")
        response["Content-Disposition"] = f'inline; filename="{self.layer.key}-heatmap-{size}m.png"'
        response["Cache-Control"] = "public, max-age=60" if self.layer.public else "private, no-store"
        return response
