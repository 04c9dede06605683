from django.conf import settings
from django.templatetags.static import static
from django.utils.translation import get_language
from django.utils.translation import gettext as _


def attribution(kind: str) -> str:
    """``tile`` or ``data`` attribution in the reader's language: ``MAP_…_ATTRIBUTION_EN`` for English readers when
    it is set, the German ``MAP_…_ATTRIBUTION`` otherwise."""
    german = getattr(settings, f"MAP_{kind.upper()}_ATTRIBUTION")
    if (get_language() or "").startswith("en"):
        return getattr(settings, f"MAP_{kind.upper()}_ATTRIBUTION_EN", "") or german
    return german


def _map_config() -> dict:
    return {
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": attribution("tile"),
        "data_attribution": attribution("data"),
        # Leaflet's own controls speak English ("Zoom in", "Close popup"): screen readers read these instead.
        "labels": {"zoom_in": _("Zoom in"), "zoom_out": _("Zoom out"), "close_popup": _("Close popup")},
        "icons": {
            "icon": static("vendor/leaflet-1.9.4/images/marker-icon.png"),
            "icon_2x": static("vendor/leaflet-1.9.4/images/marker-icon-2x.png"),
            "shadow": static("vendor/leaflet-1.9.4/images/marker-shadow.png"),
        },
    }


def map_config(request):
    """``map_config`` for templates/geo/_leaflet.html: tiles, attributions and Leaflet's icon URLs."""
    return {"map_config": _map_config}  # a callable: templates call it only where a map is shown
