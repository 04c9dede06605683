"""Read-only maps rendered with folium (staff ballot-box map, heatmaps), using our own Leaflet, never a CDN."""

import json
import re

import folium
from branca.element import MacroElement
from django.conf import settings
from django.templatetags.static import static
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from jinja2 import Template

from .context_processors import attribution
from .selectors import city_boundary

LEAFLET_JS = "vendor/leaflet-1.9.4/leaflet.js"
LEAFLET_CSS = "vendor/leaflet-1.9.4/leaflet.css"
CITY_CENTRE = (49.4447, 7.7690)


class MapScript(MacroElement):
    """JavaScript run once the map exists; ``{map}`` in it stands for the map's variable."""

    _template = Template("{% macro script(this, kwargs) %}{{ this.code }}{% endmacro %}")

    def __init__(self, code: str):
        super().__init__()
        self._name = "MapScript"
        self.code = code

    def render(self, **kwargs):
        self.code = self.code.replace("{map}", self._parent.get_name())
        super().render(**kwargs)


def base_map(*, location=CITY_CENTRE, zoom_start=13, **kwargs) -> folium.Map:
    """A folium map with our Leaflet, the configured tiles (if any) and a scale in metres.

    folium's own scale shows feet too; ours is metric only, alone in the bottom-left corner (attributions
    are at the bottom right, in Leaflet's control, as on the maps built with createMap).
    """
    fmap = folium.Map(location=location, zoom_start=zoom_start, tiles=None, **kwargs)
    fmap.default_js = [("leaflet", static(LEAFLET_JS))]
    fmap.default_css = [("leaflet_css", static(LEAFLET_CSS)), ("platform_css", static("css/folium.css"))]
    if settings.MAP_TILE_URL:
        folium.TileLayer(tiles=settings.MAP_TILE_URL, attr=attribution("tile"), name="Karte").add_to(fmap)
    MapScript("{map}.attributionControl.setPrefix(false); L.control.scale({imperial: false}).addTo({map});").add_to(fmap)
    return fmap


def add_city_boundary(fmap: folium.Map) -> None:
    folium.GeoJson(
        city_boundary().json,
        name="Stadtgrenze",
        style_function=lambda _f: {"color": "#1d4f91", "weight": 2, "fill": False},
        attr=attribution("data"),
    ).add_to(fmap)
    MapScript(f"{{map}}.attributionControl.addAttribution({json.dumps(attribution('data'))});").add_to(fmap)


def render_page(fmap: folium.Map, *, title: str, nonce: str) -> str:
    """The whole HTML document of a folium map, to be shown in an iframe with a title.

    folium writes its map as inline scripts and styles: each gets the request's CSP nonce (``request.csp_nonce``),
    so the document needs no 'unsafe-inline'.
    """
    fmap.get_root().title = title
    # Leaflet's zoom buttons are titled in English; name them in the page's language, as createMap does.
    labels = json.dumps({".leaflet-control-zoom-in": _("Zoom in"), ".leaflet-control-zoom-out": _("Zoom out")}, ensure_ascii=False)
    fmap.get_root().script.add_child(folium.Element(
        f"for (const [selector, label] of Object.entries({labels})) document.querySelectorAll(selector)"
        ".forEach((button) => { button.title = label; button.setAttribute('aria-label', label); });"))
    html = fmap.get_root().render()
    html = re.sub(r"<(script|style)\b(?![^>]*\bsrc=)", rf'<\1 nonce="{nonce}"', html)
    return html.replace("<html>", f'<html lang="{get_language() or "de"}">', 1)
