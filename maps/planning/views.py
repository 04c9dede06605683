"""The planners' workspace (/planung/) and their API tokens.

The workspace shows one layer at a time with its filters, as a heatmap or as points on a map, with a table
beside the map (the same data without it), and offers every download with the same filters.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from maps.geo import layers as registry
from maps.geo.layers import RowQuery

from . import access, heatmap, tokens
from .forms import WorkspaceForm

PAGE_PARAMETERS = ("layer", "view")
TABLE_ROWS = 50


class PlannerRequiredMixin(LoginRequiredMixin, UserPassesTestMixin):
    def test_func(self):
        return self.request.user.has_perm("planning.use_workspace")


def default_layer(layers):
    """The first layer with a heatmap (the fear spaces in the demo), else the first."""
    return next((layer for layer in layers if layer.heat and layer.public), layers[0] if layers else None)


class WorkspaceView(PlannerRequiredMixin, TemplateView):
    template_name = "planning/workspace.html"

    def get(self, request, *args, **kwargs):
        layers = access.layers_for(request.user)
        layer = next((option for option in layers if option.key == request.GET.get("layer")), None) \
            or default_layer(layers)
        if layer is None:
            return render(request, self.template_name, {"layers": []})
        data = None
        if request.GET:
            data = request.GET.copy()  # what is not asked for shows its default
            for name, default in (("view", "heatmap" if layer.heat else "points"), ("cell", heatmap.DEFAULT_CELL_SIZE),
                                  ("value", "count")):
                if not data.get(name):
                    data[name] = str(default)
        form = WorkspaceForm(data, layers=layers, layer=layer)
        context = {"layers": layers, "layer": layer, "form": form}
        query = request.GET.copy()
        if data is not None and request.GET.get("layer") != layer.key:
            data = None  # a layer that was not found or is not yours: its own defaults
            query = QueryDict(mutable=True)
            form = WorkspaceForm(None, layers=layers, layer=layer)
            context["form"] = form
        valid = data is None or form.is_valid()
        rows, size, measure = RowQuery(), heatmap.DEFAULT_CELL_SIZE, "count"
        if valid:
            try:
                rows, _given = registry.row_query_from(query, layer, not_filters=("cell", "value", *PAGE_PARAMETERS))
                if layer.heat:
                    size = heatmap.parse_cell_size(query.get("cell"))
                    measure = heatmap.parse_measure(query.get("value"))
            except ValidationError as error:
                for name, problems in error.message_dict.items():
                    for problem in problems:
                        form.add_error(name if name in form.fields else None, problem)
                valid = False
        view = (form.cleaned_data.get("view") if valid and data is not None else None) or \
            ("heatmap" if layer.heat else "points")
        context.update(view=view, cell=size, measure=measure)
        if valid:
            context.update(self.results(layer, rows, view=view, size=size, measure=measure, query=query))
        response = render(request, self.template_name, context, status=200 if valid else 400)
        response["Cache-Control"] = "private, no-store"
        return response

    def results(self, layer, rows, *, view, size, measure, query) -> dict:
        api_query = query.copy()
        for name in PAGE_PARAMETERS:
            api_query.pop(name, None)
        filters = api_query.copy()
        for name in ("cell", "value"):
            filters.pop(name, None)
        suffix = f"?{filters.urlencode()}" if filters else ""

        def api(name, extra=None):
            address = reverse(f"planning-api:{name}", kwargs={"key": layer.key})
            params = filters.copy()
            for key, value in (extra or {}).items():
                params[key] = value
            return f"{address}?{params.urlencode()}" if params else address

        result = {
            "downloads": [
                (_("GeoJSON (WGS 84)"), api("export-geojson")),
                (_("GeoPackage (ETRS89 / UTM 32N, EPSG:25832)"), api("export-gpkg", {"crs": "EPSG:25832"})),
                (_("GeoPackage (WGS 84, EPSG:4326)"), api("export-gpkg", {"crs": "EPSG:4326"})),
                (_("CSV (EPSG:25832)"), api("export-csv", {"crs": "EPSG:25832"})),
                (_("CSV (WGS 84)"), api("export-csv", {"crs": "EPSG:4326"})),
            ],
            "licence_url": reverse("planning-api:licence", kwargs={"key": layer.key}),
            "ogc_url": self.request.build_absolute_uri(reverse("ogc:landing")),
            "collection_url": self.request.build_absolute_uri(reverse("ogc:collection", kwargs={"collection_id": layer.key})),
            "tilejson_url": self.request.build_absolute_uri(reverse("tiles:tilejson", kwargs={"key": layer.key})) + suffix,
            "workspace_config": {
                "view": view, "boundary": reverse("city-boundary-geojson"),
                "tiles": reverse("tiles:tile", kwargs={"key": layer.key, "z": 0, "x": 0, "y": 0})
                .replace("/0/0/0.mvt", "/{z}/{x}/{y}.mvt") + suffix,
                "strings": {
                    "cell": _("{n} contributions, {w} with supports"),
                    "cluster": _("{n} contributions here: select to zoom in"),
                    "item": _("Contribution {id}"),
                    "loading": _("Loading …"), "loaded": _("Map loaded."),
                    "error": _("The map data could not be loaded. Please try again."),
                },
            },
        }
        if view == "heatmap" and layer.heat:
            cells = heatmap.heatmap_cells(layer, rows, size=size, measure=measure)
            classes = cells.classes()
            heat_query = {"cell": size, "value": measure}
            result.update(
                heat=cells, classes=classes, min_count=heatmap.min_count(),
                heat_table=self.cell_rows(cells, size)[:TABLE_ROWS],
                heat_geojson=api("heatmap-geojson", heat_query), heat_png=api("heatmap-png", heat_query),
            )
            result["workspace_config"].update(heatmap=result["heat_geojson"], classes=classes, measure=measure)
        else:
            result.update(table=self.feature_rows(layer, rows))
        return result

    @staticmethod
    def cell_rows(cells, size) -> list[dict]:
        """The cells with the most contributions first, with their centre (for the table beside the map)."""
        rows = []
        for i, j, count, weighted in sorted(cells.cells, key=lambda c: (-c[2], -c[3], c[0], c[1])):
            height = 3 ** 0.5 * size
            centre = Point(1.5 * size * i, height * j + (height / 2 if i % 2 else 0), srid=25832)
            lon_lat = centre.transform(4326, clone=True)
            rows.append({"id": f"{i}_{j}", "count": count, "weighted": weighted, "x": round(centre.x),
                         "y": round(centre.y), "lon": round(lon_lat.x, 5), "lat": round(lon_lat.y, 5)})
        return rows

    @staticmethod
    def feature_rows(layer, rows) -> dict:
        rows.limit = TABLE_ROWS
        columns = [c for c in layer.geojson_columns if c.kind != "object" and c.tile]
        queryset = registry.rows_queryset(layer, rows, fields=registry.fields_for(layer, columns))
        items = [{"id": row["id"], "values": [row.get(c.column) for c in columns]} for row in queryset]
        return {"columns": columns, "items": items, "limited": len(items) >= TABLE_ROWS}


class TokenCreateView(PlannerRequiredMixin, View):
    """Make a personal API token and show it once."""

    def post(self, request):
        try:
            token, secret = tokens.token_create(user=request.user, name=request.POST.get("name", ""))
        except ValidationError as error:
            for problem in error.message_dict.get("name", error.messages):
                messages.error(request, problem)
            return redirect(reverse("profile") + "#api-tokens")
        response = render(request, "planning/token_created.html", {"token": token, "secret": secret,
                                                                    "ogc_url": request.build_absolute_uri(reverse("ogc:landing"))})
        response["Cache-Control"] = "no-store"
        return response


class TokenRevokeView(LoginRequiredMixin, View):
    def post(self, request, pk):
        try:
            token = tokens.token_revoke(user=request.user, pk=pk)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The token “%(name)s” is revoked: it opens nothing any more.") % {"name": token.name})
        return redirect(reverse("profile") + "#api-tokens")

