"""The OpenAPI 3.0 definition of the OGC API at /ogc/api: its paths, the collections the asker may see, every
parameter with its limits (GDAL and QGIS read ``limit``'s maximum from here), and the exception document."""

from __future__ import annotations

from django.utils.translation import gettext as _

from maps.geo.layers import CRS84, EPSG_25832

EXCEPTION = {"type": "object", "required": ["code"],
             "properties": {"code": {"type": "string"}, "description": {"type": "string"}}}


def _response(description: str, *types: str) -> dict:
    return {"description": description, "content": {t: {"schema": {"type": "object"}} for t in types}}


ERRORS = {
    "400": {"description": "Bad input: an unknown parameter or a value out of range (the description names it).",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/exception"}}}},
    "401": {"description": "Non-public collection: log in, or send a planner's API token (Authorization: Bearer …); "
                           "or a wrong or revoked token.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/exception"}}}},
    "403": {"description": "Non-public collection, and you are not a planner.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/exception"}}}},
    "404": {"description": "No such collection or feature.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/exception"}}}},
    "429": {"description": "Too many requests from this client.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/exception"}}}},
}
F = {"name": "f", "in": "query", "required": False, "style": "form", "explode": False,
     "description": "The format of the answer (default: from the Accept header, else JSON).",
     "schema": {"type": "string", "enum": ["json", "html"]}}


def definition(view, layers, *, max_limit: int, default_limit: int) -> dict:
    ids = [layer.key for layer in layers]
    collection_id = {"name": "collectionId", "in": "path", "required": True, "description": "A collection's id.",
                     "schema": {"type": "string", "enum": ids}}
    filters: dict[str, dict] = {}
    for layer in layers:
        for spec in layer.filter_specs():
            schema = {"type": "integer", "minimum": spec.minimum, "maximum": spec.maximum} if spec.kind == "integer" \
                else {"type": "string"}
            filters.setdefault(spec.name, {
                "name": spec.name, "in": "query", "required": False, "style": "form", "explode": False,
                "description": _("Filter “%(label)s” (collections that have it; several values comma-separated where "
                                 "it is a list).") % {"label": spec.label}, "schema": schema})
    items_parameters = [
        collection_id,
        {"name": "limit", "in": "query", "required": False, "style": "form", "explode": False,
         "description": f"The most features on one page (1 to {max_limit}; default {default_limit}).",
         "schema": {"type": "integer", "minimum": 1, "maximum": max_limit, "default": default_limit}},
        {"name": "bbox", "in": "query", "required": False, "style": "form", "explode": False,
         "description": "minx,miny,maxx,maxy in bbox-crs (default CRS84: lon/lat).",
         "schema": {"type": "array", "minItems": 4, "maxItems": 6, "items": {"type": "number"}}},
        {"name": "bbox-crs", "in": "query", "required": False, "style": "form", "explode": False,
         "schema": {"type": "string", "format": "uri", "enum": [CRS84, EPSG_25832], "default": CRS84}},
        {"name": "crs", "in": "query", "required": False, "style": "form", "explode": False,
         "description": "The reference system of the answer's coordinates (Content-Crs names it).",
         "schema": {"type": "string", "format": "uri", "enum": [CRS84, EPSG_25832], "default": CRS84}},
        {"name": "datetime", "in": "query", "required": False, "style": "form", "explode": False,
         "description": "When the contribution was made: an RFC 3339 date-time or date, or an interval start/end "
                        "with .. for an open end.", "schema": {"type": "string"}},
        {"name": "offset", "in": "query", "required": False, "style": "form", "explode": False,
         "description": "Skip this many features (first pages only; next links page by id).",
         "schema": {"type": "integer", "minimum": 0, "default": 0}},
        {"name": "after", "in": "query", "required": False, "style": "form", "explode": False,
         "description": "Only features with a larger id (what the next links use).",
         "schema": {"type": "integer", "minimum": 0}},
        {"name": "status", "in": "query", "required": False, "style": "form", "explode": False,
         "description": "Collections ending in .alle (planners): approved, pending, or both comma-separated.",
         "schema": {"type": "string"}},
        *filters.values(), F,
    ]
    feature_id = {"name": "featureId", "in": "path", "required": True, "schema": {"type": "integer"}}
    crs = items_parameters[4]
    json_html = ("application/json", "text/html")
    return {
        "openapi": "3.0.3",
        "info": {"title": _("Kaiserslautern MitWirkung: map layers (OGC API – Features)"), "version": "1.0.0",
                 "description": _("Residents' contributions as open data. Non-public collections (ending in .alle) "
                                  "for planners and staff: log in, or send your API token as "
                                  "“Authorization: Bearer mw_…”."),
                 "license": {"name": layers[0].licence if layers else "", "url": layers[0].licence_url if layers else ""}},
        "servers": [{"url": view.url("landing").rstrip("/")}],
        "paths": {
            "/": {"get": {"summary": "Landing page", "operationId": "getLandingPage", "parameters": [F],
                          "responses": {"200": _response("Links to the API", *json_html), "400": ERRORS["400"]}}},
            "/api": {"get": {"summary": "This definition", "operationId": "getApi", "parameters": [F],
                             "responses": {"200": _response("OpenAPI 3.0", "application/vnd.oai.openapi+json;version=3.0",
                                                            "text/html")}}},
            "/conformance": {"get": {"summary": "Conformance classes", "operationId": "getConformance", "parameters": [F],
                                     "responses": {"200": _response("The conformance classes", *json_html)}}},
            "/collections": {"get": {"summary": "The collections", "operationId": "getCollections", "parameters": [F],
                                     "responses": {"200": _response("The collections", *json_html)}}},
            "/collections/{collectionId}": {"get": {
                "summary": "One collection", "operationId": "describeCollection", "parameters": [collection_id, F],
                "responses": {"200": _response("The collection", *json_html),
                              **{k: ERRORS[k] for k in ("401", "403", "404")}}}},
            "/collections/{collectionId}/items": {"get": {
                "summary": "The collection's features", "operationId": "getFeatures", "parameters": items_parameters,
                "responses": {"200": _response("A page of features (numberMatched, numberReturned, next link)",
                                               "application/geo+json", "text/html"), **ERRORS}}},
            "/collections/{collectionId}/items/{featureId}": {"get": {
                "summary": "One feature", "operationId": "getFeature", "parameters": [collection_id, feature_id, crs, F],
                "responses": {"200": _response("The feature", "application/geo+json", "text/html"), **ERRORS}}},
        },
        "components": {"schemas": {"exception": EXCEPTION},
                       "securitySchemes": {"token": {"type": "http", "scheme": "bearer"},
                                           "session": {"type": "apiKey", "in": "cookie", "name": "sessionid"}}},
    }
