from django.conf import settings
from django.contrib.gis.forms import OSMWidget


class MapWidget(OSMWidget):
    """Django's admin map widget, with OpenLayers from our own static files and the configured tiles."""

    template_name = "geo/map_widget.html"
    default_lon = 7.769
    default_lat = 49.444
    default_zoom = 12

    class Media:
        extend = False
        css = {"all": ("vendor/ol-7.2.2/ol.css", "gis/css/ol3.css")}
        js = ("vendor/ol-7.2.2/ol.js", "gis/js/OLMapWidget.js")

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # OpenLayers' XYZ source writes {z}/{x}/{y} like Leaflet; empty means no background, our layers only.
        context["tile_url"] = settings.MAP_TILE_URL
        context["tile_attribution"] = settings.MAP_TILE_ATTRIBUTION
        return context
