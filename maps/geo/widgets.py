import json

from django.conf import settings
from django.contrib.gis.forms import OSMWidget
from django.utils.translation import gettext as _


class MapWidget(OSMWidget):
    """Django's admin map widget, with OpenLayers from our own static files and the configured tiles.

    Its options go to the page as data, started by geo/map-widget.js: Django's template does it in an inline script,
    which the Content-Security-Policy does not allow (and a widget, rendered without the request, has no nonce).
    """

    template_name = "geo/map_widget.html"
    default_lon = 7.769
    default_lat = 49.444
    default_zoom = 12

    class Media:
        extend = False
        css = {"all": ("vendor/ol-7.2.2/ol.css", "gis/css/ol3.css")}
        js = ("vendor/ol-7.2.2/ol.js", "gis/js/OLMapWidget.js", "geo/map-widget.js")

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_id = context.get("id", "")  # what Django's template writes for an id it was not given
        context["map_options"] = json.dumps({
            "module": context["module"],
            "geom_name": context["geom_type"],
            "id": widget_id,
            "map_id": f"{widget_id}_map",
            "map_srid": context["map_srid"],
            "name": context["name"],
            "default_lon": context["default_lon"],
            "default_lat": context["default_lat"],
            "default_zoom": context["default_zoom"],
            "tile_url": settings.MAP_TILE_URL,
            "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
            # OpenLayers' own button titles are English; the site's map says the same in the user's language.
            "labels": {"zoom_in": _("Zoom in"), "zoom_out": _("Zoom out"), "attributions": _("Attributions")},
        })
        return context
