"""Vector tiles of every layer at /tiles/{layer}/{z}/{x}/{y}.mvt, with a TileJSON document per layer.

The same filters as downloads (query parameters); public layers for everyone and cacheable, the others for
planners and staff (session or API token). An ETag lets clients and proxies revalidate a tile cheaply.
"""

from __future__ import annotations

import hashlib
import json
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseNotModified, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from geo_participation.core.limits import rate_exceeded
from maps.geo import layers as registry
from maps.planning import access
from maps.planning.access import LayerRefused
from maps.planning.tokens import TokenRefused, request_user

from . import mvt

MVT = "application/vnd.mapbox-vector-tile"
KINDS = {"integer": "Number", "number": "Number", "boolean": "Boolean"}


def error(status: int, message: str) -> JsonResponse:
    response = JsonResponse({"detail": message}, status=status, json_dumps_params={"ensure_ascii": False})
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="tiles"'
    return response


class TileError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


class LayerView(View):
    rate = "tile"

    def dispatch(self, request, *args, **kwargs):
        try:
            request.user = request_user(request)
            if self.rate and rate_exceeded(request, self.rate):
                raise TileError(429, _("Too many requests in a short time. Please wait a little and try again."))
            try:
                self.layer = access.layer_for(kwargs["key"], request.user)
            except LayerRefused as refusal:
                raise TileError(refusal.status, _("This layer is for planners and staff: please log in or send your "
                                                  "API token.") if refusal.status == 401
                                else _("This layer is for planners and staff only.")) from None
            if self.layer is None:
                raise TileError(404, _("There is no layer with this name."))
            response = super().dispatch(request, *args, **kwargs)
        except TokenRefused as refusal:
            return error(401, str(refusal))
        except TileError as problem:
            return error(problem.status, problem.message)
        except ValidationError as problem:
            return JsonResponse({name: [str(m) for m in messages] for name, messages in problem.message_dict.items()},
                                status=400, json_dumps_params={"ensure_ascii": False})
        response["Vary"] = "Authorization, Cookie"
        return response

    def cache_control(self) -> str:
        return "public, max-age=300" if self.layer.public else "private, max-age=60"


class TileView(LayerView):
    def get(self, request, key, z, x, y):
        z, x, y = int(z), int(x), int(y)
        if not 0 <= z <= mvt.MAX_ZOOM:
            raise TileError(400, _("Zoom level %(z)d is out of range (0 to %(max)d).") % {"z": z, "max": mvt.MAX_ZOOM})
        if not (0 <= x < 2 ** z and 0 <= y < 2 ** z):
            raise TileError(400, _("Tile %(x)d/%(y)d does not exist at zoom level %(z)d: x and y run from 0 to %(last)d.")
                            % {"x": x, "y": y, "z": z, "last": 2 ** z - 1})
        rows, _given = registry.row_query_from(request.GET, self.layer)
        data = mvt.tile(self.layer, rows, z, x, y)
        etag = '"' + hashlib.md5(data, usedforsecurity=False).hexdigest() + '"'
        if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
            response = HttpResponseNotModified()
        else:
            response = HttpResponse(data, content_type=MVT)
        response["ETag"] = etag
        response["Cache-Control"] = self.cache_control()
        return response


class TileJsonView(LayerView):
    """TileJSON 3.0 of a layer: the tile address (with the filters asked for), zooms, bounds, fields, attribution."""

    rate = "read"

    def get(self, request, key):
        layer = self.layer
        registry.row_query_from(request.GET, layer)  # bad filters are named here, not in every tile
        query = urlencode({k: v for k, v in request.GET.items()})
        template = request.build_absolute_uri(reverse("tiles:tile", kwargs={"key": key, "z": 0, "x": 0, "y": 0}))
        template = template.replace("/0/0/0.mvt", "/{z}/{x}/{y}.mvt") + (f"?{query}" if query else "")
        extent = layer.extent() or (7.64, 49.34, 7.92, 49.51)
        fields = {c.name: KINDS.get(c.kind, "String") for c in layer.tile_columns}
        document = {
            "tilejson": "3.0.0", "name": layer.title, "description": layer.description[:500],
            "attribution": layer.licence_text, "scheme": "xyz", "tiles": [template],
            "minzoom": 0, "maxzoom": mvt.MAX_ZOOM, "bounds": list(extent),
            "center": [(extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2, 12],
            "vector_layers": [{
                "id": layer.key, "minzoom": 0, "maxzoom": mvt.MAX_ZOOM, "fields": fields,
                "description": _("Below zoom %(z)d the places are grouped: points with a count (and the id when a "
                                 "point is one place).") % {"z": mvt.CLUSTER_BELOW_ZOOM},
            }],
        }
        response = HttpResponse(json.dumps(document, ensure_ascii=False), content_type="application/json")
        response["Cache-Control"] = self.cache_control()
        return response
