from django.test import override_settings

from maps.geo.widgets import MapWidget


@override_settings(MAP_TILE_URL="https://tiles.example.org/{z}/{x}/{y}.png", MAP_TILE_ATTRIBUTION="© Example")
def test_the_admin_map_uses_the_configured_tiles_not_openstreetmap_directly():
    html = MapWidget().render("area", None)
    assert "tiles.example.org" in html
    assert "ol.source.OSM" not in html and "<script" not in html


@override_settings(MAP_TILE_URL="")
def test_without_a_tile_server_the_admin_map_has_no_background_layer():
    html = MapWidget().render("area", None)
    assert "tile_url&quot;: &quot;&quot;" in html and "ol.source.OSM" not in html
    media = str(MapWidget().media)
    assert "vendor/ol-7.2.2/ol.js" in media and "geo/map-widget.js" in media and "cdn" not in media
