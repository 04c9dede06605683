from django.contrib.gis.forms import OSMWidget


class MapWidget(OSMWidget):
    """Django's admin map widget, with OpenLayers from our own static files instead of a CDN."""

    default_lon = 7.769
    default_lat = 49.444
    default_zoom = 12

    class Media:
        extend = False
        css = {"all": ("vendor/ol-7.2.2/ol.css", "gis/css/ol3.css")}
        js = ("vendor/ol-7.2.2/ol.js", "gis/js/OLMapWidget.js")
