"""OGC API – Features (Part 1 Core with GeoJSON, HTML and an OpenAPI 3.0 definition; Part 2 CRS by reference)
at /ogc/: every map layer the platform holds is a collection, so that QGIS, ArcGIS and GDAL load them live.

Public layers for everyone; non-public ones (unmoderated contributions, later survey answers) only for planners
and staff, logged in or with a personal API token (``Authorization: Bearer mw_…``). Items pages are one query each
(features and numberMatched together), built by PostGIS; ``next`` links page by id (keyset), so that no page scans
the ones before it. Bad input answers with an OGC exception document.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from geo_participation.core.limits import rate_exceeded
from maps.geo import layers as registry
from maps.geo.geojson import feature_sql
from maps.geo.layers import CRS84, CRS_URI, EPSG_25832, PRECISION, Layer, RowQuery
from maps.planning import access
from maps.planning.access import LayerRefused
from maps.planning.heatmap import CELL_SIZES, kept_counts_where, served_by_counts
from maps.planning.tokens import TokenRefused, request_user

from . import openapi

JSON = "application/json"
GEOJSON = "application/geo+json"
HTML = "text/html"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"
DEFAULT_LIMIT, MAX_LIMIT = 100, 10_000
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
]
ITEMS_PARAMETERS = {"f", "limit", "offset", "after", "bbox", "bbox-crs", "crs", "datetime", "status"}
TRS = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"


class OgcError(Exception):
    """An OGC API exception: an HTTP status, a code (as in the OGC exception schema) and a description."""

    def __init__(self, status: int, code: str, description: str):
        super().__init__(description)
        self.status, self.code, self.description = status, code, description


def exception_response(error: OgcError) -> HttpResponse:
    response = HttpResponse(json.dumps({"code": error.code, "description": error.description}, ensure_ascii=False),
                            status=error.status, content_type=JSON)
    if error.status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="ogc"'
    return response


def bad_parameter(error: ValidationError) -> OgcError:
    messages = [f"{name}: {message}" for name, texts in error.message_dict.items() for message in texts]
    return OgcError(400, "InvalidParameterValue", " ".join(messages))


class OgcView(View):
    """What every OGC API resource shares: who asks (session or token), the output format, the exceptions."""

    html_template = ""
    rate = None

    def dispatch(self, request, *args, **kwargs):
        try:
            self.user = request_user(request)
            request.user = self.user
            if self.rate and rate_exceeded(request, self.rate):
                raise OgcError(429, "TooManyRequests", _("Too many requests in a short time. Please wait a little and "
                                                         "try again."))
            self.output = self.negotiate(request)
            response = super().dispatch(request, *args, **kwargs)
        except TokenRefused as refusal:
            return exception_response(OgcError(401, "NotAuthorized", str(refusal)))
        except OgcError as error:
            return exception_response(error)
        except ValidationError as error:
            return exception_response(bad_parameter(error))
        response["Vary"] = "Accept, Authorization, Cookie"
        return response

    def negotiate(self, request) -> str:
        wanted = request.GET.get("f")
        if wanted is not None:
            if wanted not in ("json", "html", "geojson"):
                raise OgcError(400, "InvalidParameterValue", _("f: please ask for json or html."))
            return "html" if wanted == "html" else "json"
        accept = request.headers.get("Accept", "")
        return "html" if "text/html" in accept and "json" not in accept.split(",")[0] else "json"

    def url(self, name: str, query: dict | None = None, **kwargs) -> str:
        key = (name, *kwargs.items())
        addresses = self.__dict__.setdefault("_addresses", {})  # an items page links its own address four times
        address = addresses.get(key)
        if address is None:
            address = addresses[key] = self.request.build_absolute_uri(reverse(f"ogc:{name}", kwargs=kwargs))
        return f"{address}?{urlencode(query)}" if query else address

    def answer(self, document: dict, *, content_type: str = JSON, context: dict | None = None, status: int = 200,
               headers: dict | None = None) -> HttpResponse:
        if self.output == "html":
            response = render(self.request, self.html_template, {"doc": document, **(context or {})}, status=status)
        else:
            response = HttpResponse(json.dumps(document, ensure_ascii=False, default=str), content_type=content_type,
                                    status=status)
        for key, value in (headers or {}).items():
            response[key] = value
        return response

    def links(self, name: str, title: str, *, json_type: str = JSON, query: dict | None = None, **kwargs) -> list[dict]:
        """This resource as JSON and as HTML: the one asked for is ``self``, the other ``alternate``."""
        query = {k: v for k, v in (query or {}).items() if k != "f"}
        as_json = {"href": self.url(name, {**query, "f": "json"} if self.output == "html" else query or None, **kwargs),
                   "type": json_type, "title": title}
        as_html = {"href": self.url(name, {**query, "f": "html"}, **kwargs), "type": HTML, "title": title}
        as_json["rel"], as_html["rel"] = ("alternate", "self") if self.output == "html" else ("self", "alternate")
        return [as_json, as_html]

    def layer(self, collection_id: str) -> Layer:
        try:
            layer = access.layer_for(collection_id, self.user)
        except LayerRefused as refusal:
            if refusal.status == 401:
                raise OgcError(401, "NotAuthorized", _("This collection is for planners and staff: please log in or "
                                                       "send your API token.")) from None
            raise OgcError(403, "Forbidden", _("This collection is for planners and staff only.")) from None
        if layer is None:
            raise OgcError(404, "NotFound", _("There is no collection with this name."))
        return layer


class LandingView(OgcView):
    html_template = "ogc/landing.html"

    def get(self, request):
        doc = {
            "title": _("Kaiserslautern MitWirkung: map layers"),
            "description": _("Contributions of residents (fear spaces, heat spots, ratings of bike streets, …) as OGC "
                             "API – Features, in WGS 84 and ETRS89 / UTM 32N."),
            "links": [*self.links("landing", _("This document")),
                      {"href": self.url("openapi"), "rel": "service-desc", "type": OPENAPI,
                       "title": _("API definition (OpenAPI 3.0)")},
                      {"href": self.url("openapi", {"f": "html"}), "rel": "service-doc", "type": HTML,
                       "title": _("API documentation")},
                      {"href": self.url("conformance"), "rel": "conformance", "type": JSON,
                       "title": _("Conformance classes")},
                      {"href": self.url("collections"), "rel": "data", "type": JSON, "title": _("Collections")}],
        }
        return self.answer(doc)


class ConformanceView(OgcView):
    html_template = "ogc/conformance.html"

    def get(self, request):
        return self.answer({"conformsTo": CONFORMANCE, "links": self.links("conformance", _("Conformance classes"))})


class OpenApiView(OgcView):
    html_template = "ogc/api.html"

    def get(self, request):
        document = openapi.definition(self, access.layers_for(self.user), max_limit=MAX_LIMIT,
                                      default_limit=DEFAULT_LIMIT)
        return self.answer(document, content_type=OPENAPI)


def collection_document(view: OgcView, layer: Layer) -> dict:
    extent = layer.extent()
    start, end = layer.interval
    licence_link = [{"href": layer.licence_url, "rel": "license", "type": HTML, "title": layer.licence}] \
        if layer.licence_url else []
    return {
        "id": layer.key, "title": layer.title, "description": layer.description, "itemType": "feature",
        "extent": {
            "spatial": {"bbox": [list(extent)] if extent else [[5.86, 47.27, 15.04, 55.06]], "crs": CRS84},
            "temporal": {"interval": [[start.isoformat() if start else None, end.isoformat() if end else None]],
                         "trs": TRS},
        },
        "crs": [CRS84, EPSG_25832], "storageCrs": CRS84,
        "license": layer.licence, "attribution": layer.attribution,
        "links": [*view.links("collection", layer.title, collection_id=layer.key),
                  {"href": view.url("items", collection_id=layer.key), "rel": "items", "type": GEOJSON,
                   "title": _("Features")},
                  {"href": view.url("items", {"f": "html"}, collection_id=layer.key), "rel": "items", "type": HTML,
                   "title": _("Features")},
                  *licence_link],
    }


class CollectionsView(OgcView):
    html_template = "ogc/collections.html"

    def get(self, request):
        layers = access.layers_for(self.user)
        doc = {"links": self.links("collections", _("Collections")),
               "collections": [collection_document(self, layer) for layer in layers],
               "crs": [CRS84, EPSG_25832]}
        return self.answer(doc)


class CollectionView(OgcView):
    html_template = "ogc/collection.html"

    def get(self, request, collection_id):
        layer = self.layer(collection_id)
        return self.answer(collection_document(self, layer), context={"layer": layer, "cell_sizes": CELL_SIZES})


def _int(query, name: str, default: int, *, minimum: int, maximum: int) -> int:
    raw = query.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise OgcError(400, "InvalidParameterValue", _("%(name)s: please give a whole number.") % {"name": name}) from None
    if not minimum <= value <= maximum:
        raise OgcError(400, "InvalidParameterValue", _("%(name)s: please give a number from %(min)d to %(max)d.")
                       % {"name": name, "min": minimum, "max": maximum})
    return value


def _count_sql(layer: Layer, q: RowQuery) -> tuple[str, list]:
    """How many rows match: from the heatmap counts when the filters allow (one index range, not the rows),
    else counted from the rows (through their indexes)."""
    if layer.heat is not None and served_by_counts(layer, q):
        where, params = kept_counts_where(layer, q, max(CELL_SIZES))
        return f"SELECT coalesce(sum(count), 0) FROM planning_heatcell WHERE {where}", params
    inner, params = registry.rows_sql(layer, RowQuery(statuses=q.statuses, filters=q.filters, bbox=q.bbox,
                                                      start=q.start, end=q.end, nothing=q.nothing),
                                      fields=("id",), ordered=False)
    return f"SELECT count(*) FROM ({inner}) AS m", list(params)


def items_page(layer: Layer, q: RowQuery, *, srid: int, with_count: bool) -> tuple[bytes, int, int | None, int | None]:
    """One page of features (a JSON array's inside, as bytes), how many it holds, how many match, and its last id:
    one query."""
    rows, params = registry.features_rows_sql(layer, q, srid=srid)
    count_sql, count_params = _count_sql(layer, q) if with_count else ("SELECT NULL::bigint", [])
    sql = (f"SELECT coalesce(string_agg({feature_sql(PRECISION[srid])}, ','), ''), count(*), max(f.id), "
           f"({count_sql}) FROM ({rows}) AS f")
    features, returned, last_id, matched = registry.fetch_one(sql, [*count_params, *params])  # count first in the SQL
    return features, returned, matched, last_id


class ItemsView(OgcView):
    html_template = "ogc/items.html"
    rate = "read"

    def get(self, request, collection_id):
        layer = self.layer(collection_id)
        query = request.GET
        filter_names = layer.filter_names()
        unknown = sorted(name for name in query if name not in ITEMS_PARAMETERS and name not in filter_names)
        if unknown:
            raise OgcError(400, "InvalidParameterValue", _("Unknown parameter: %(names)s. This collection understands: "
                                                           "%(known)s.") % {"names": ", ".join(unknown)[:100],
                                                                            "known": ", ".join(sorted(ITEMS_PARAMETERS | filter_names))})
        limit = _int(query, "limit", DEFAULT_LIMIT, minimum=1, maximum=MAX_LIMIT)
        offset = _int(query, "offset", 0, minimum=0, maximum=10**9)
        after = _int(query, "after", 0, minimum=0, maximum=2**62) if query.get("after") else None
        srid = registry.parse_crs(query.get("crs"), default=4326)
        bbox_srid = registry.parse_crs(query.get("bbox-crs"), name="bbox-crs", default=4326)
        rows, _given = registry.row_query_from(query, layer, bbox_srid=bbox_srid)
        rows.limit, rows.offset, rows.after = limit, offset, after
        features, returned, matched, last_id = items_page(layer, rows, srid=srid, with_count=after is None)
        more = returned == limit and (matched is None or offset + returned < matched)
        links = self.links("items", _("Features"), json_type=GEOJSON, query=query.dict(), collection_id=layer.key)
        if more:
            following = {k: v for k, v in query.items() if k not in ("offset", "after", "f")}
            following["after"] = last_id
            links += [{"href": self.url("items", following, collection_id=layer.key), "rel": "next", "type": GEOJSON,
                       "title": _("Next page")},
                      {"href": self.url("items", {**following, "f": "html"}, collection_id=layer.key), "rel": "next",
                       "type": HTML, "title": _("Next page")}]
        links.append({"href": self.url("collection", collection_id=layer.key), "rel": "collection", "type": JSON,
                      "title": layer.title})
        head = {"type": "FeatureCollection", "timeStamp": _now(), "numberReturned": returned}
        if matched is not None:
            head["numberMatched"] = matched
        head["links"] = links
        headers = {"Content-Crs": f"<{CRS_URI[srid]}>",
                   "Cache-Control": "public, max-age=60" if layer.public else "private, no-store"}
        if self.output == "html":
            doc = {**head, "features": json.loads(b"[" + features + b"]")}
            return self.answer(doc, context={"layer": layer, "columns": layer.geojson_columns, "crs": CRS_URI[srid]},
                               headers=headers)
        # One copy of the features (megabytes) into the body, not one per concatenation.
        body = b"".join((json.dumps(head, ensure_ascii=False)[:-1].encode(), b',"features":[', features, b"]}"))
        response = HttpResponse(body, content_type=GEOJSON)
        for key, value in headers.items():
            response[key] = value
        return response


def _now() -> str:
    from django.utils import timezone

    return timezone.now().isoformat(timespec="seconds")


class ItemView(OgcView):
    html_template = "ogc/item.html"
    rate = "read"

    def get(self, request, collection_id, feature_id):
        layer = self.layer(collection_id)
        unknown = sorted(name for name in request.GET if name not in ("f", "crs"))
        if unknown:
            raise OgcError(400, "InvalidParameterValue", _("Unknown parameter: %(names)s. A single feature understands: "
                                                           "f, crs.") % {"names": ", ".join(unknown)[:100]})
        srid = registry.parse_crs(request.GET.get("crs"), default=4326)
        if not (str(feature_id).isascii() and str(feature_id).isdigit()) or int(feature_id) > 2**62:
            raise OgcError(404, "NotFound", _("There is no feature with this id in the collection."))
        q = RowQuery(statuses=layer.statuses, ids=(int(feature_id),), limit=1)
        rows, params = registry.features_rows_sql(layer, q, srid=srid)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {feature_sql(PRECISION[srid])} FROM ({rows}) AS f", params)
            row = cursor.fetchone()
        if row is None:
            raise OgcError(404, "NotFound", _("There is no feature with this id in the collection."))
        feature = json.loads(row[0])
        feature["links"] = [
            *self.links("item", _("This feature"), json_type=GEOJSON, collection_id=layer.key, feature_id=feature_id),
            {"href": self.url("collection", collection_id=layer.key), "rel": "collection", "type": JSON,
             "title": layer.title},
        ]
        headers = {"Content-Crs": f"<{CRS_URI[srid]}>",
                   "Cache-Control": "public, max-age=60" if layer.public else "private, no-store"}
        return self.answer(feature, content_type=GEOJSON, headers=headers,
                           context={"layer": layer, "columns": layer.geojson_columns})
