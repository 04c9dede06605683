"""The staff ballot-box map, rendered with folium from our own Leaflet (maps.geo.folium_maps)."""

import json

import folium
from branca.element import MacroElement
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from jinja2 import Template

from maps.geo.folium_maps import MapScript, add_city_boundary, base_map, render_page

from .selectors import BoxState

ACTIVE, INACTIVE, PENDING = "#1c6b2f", "#767983", "#c25e00"  # also in css/folium.css, for the legend


class HtmlPopup(MacroElement):
    """A popup bound with Leaflet's own ``bindPopup``: folium's Popup needs jQuery, which we do not load."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "{{ this._parent.get_name() }}.bindPopup({{ this.html|tojson }}, {maxWidth: {{ this.max_width }}});"
        "{% endmacro %}")

    def __init__(self, html: str, *, max_width: int = 360):
        super().__init__()
        self._name = "HtmlPopup"
        self.html, self.max_width = str(html), max_width


class TextTooltip(MacroElement):
    """A tooltip that shows its text as text. folium's Tooltip writes it unescaped into a JavaScript template
    literal that Leaflet then sets as HTML, so a box named with markup (or a backtick) ran script on staff's map."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "{{ this._parent.get_name() }}.bindTooltip(document.createTextNode({{ this.text_json }}), {sticky: true});"
        "{% endmacro %}")

    def __init__(self, text: str):
        super().__init__()
        self._name = "TextTooltip"
        # A JavaScript string that cannot end the <script> element it stands in.
        self.text_json = (json.dumps(str(text), ensure_ascii=False)
                          .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _popup(state: BoxState) -> str:
    box = state.box
    rows = format_html_join(
        "", "<tr><td>{}</td><td class='num'>{}</td><td class='num'>{}</td><td class='num'>{}</td></tr>",
        ((row["poll"].module.title, row["valid"], row["invalid"], row["pending"]) for row in state.per_poll))
    return format_html(
        "<strong>{name}</strong> ({code})<br>{address}{hint}<br>{state}<br>{last}"
        "<table><thead><tr><th>{poll}</th><th>{valid}</th><th>{invalid}</th><th>{pending}</th></tr></thead>"
        "<tbody>{rows}</tbody></table>",
        name=box.name, code=box.code, address=box.address,
        hint=format_html("<br>{}", box.location_hint) if box.location_hint else "",
        state=_("active") if state.active else _("not active"),
        last=(_("last emptied on %(date)s") % {"date": date_format(state.last_emptied_on, "SHORT_DATE_FORMAT")}
              if state.last_emptied_on else _("not emptied yet")),
        poll=_("Poll"), valid=_("counted"), invalid=_("invalid"), pending=_("to confirm"), rows=rows)


def _legend() -> str:
    # The swatches' colours are in css/folium.css (the map's CSP allows no style attributes): keep them equal.
    items = format_html_join("", '<li><span class="{}"></span>{}</li>', [
        ("legend-active", _("active box")), ("legend-inactive", _("box not active")),
    ])
    pending = format_html('<li><span class="legend-pending"></span>{}</li>', _("entries waiting for confirmation"))
    return format_html('<div class="map-legend leaflet-control" role="note"><strong>{}</strong><ul>{}{}</ul></div>',
                       _("Ballot boxes"), items, pending)


def ballot_box_map_html(states: list[BoxState], *, title: str, nonce: str) -> str:
    """A whole HTML document: every box as a circle coloured by its state, with a popup and a legend.

    Boxes at the same place (the Stadtarchiv sits in the Rathaus) share one circle whose popup lists them all:
    otherwise the one drawn last hides the other and the map seems to miss a box.
    """
    fmap = base_map(zoom_start=15)
    add_city_boundary(fmap)
    places: dict[tuple[float, float], list[BoxState]] = {}
    for state in states:
        places.setdefault((round(state.box.location.y, 6), round(state.box.location.x, 6)), []).append(state)
    for location, here in places.items():
        here.sort(key=lambda s: (not s.active, s.box.name))  # the active box first
        has_pending = any(row["pending"] for state in here for row in state.per_poll)
        marker = folium.CircleMarker(
            location=location, radius=9 if len(here) == 1 else 11, weight=4 if has_pending else 1,
            color=PENDING if has_pending else "#1b1b1f", fill=True, fill_opacity=0.9,
            fill_color=ACTIVE if any(s.active for s in here) else INACTIVE,
        ).add_to(fmap)
        TextTooltip(" · ".join(s.box.name for s in here)).add_to(marker)
        HtmlPopup(format_html_join(mark_safe("<hr>"), "{}", ((_popup(s),) for s in here))).add_to(marker)
    if states:
        lats = [s.box.location.y for s in states]
        lons = [s.box.location.x for s in states]
        # With a maximum zoom: one box (or boxes at one place) alone is a bounds without extent, for which
        # Leaflet finds no zoom and stops the map's script.
        fmap.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]], padding=(40, 40), max_zoom=17)
    # A control in the bottom-right corner: Leaflet stacks it above the attribution, however many lines that takes.
    MapScript(
        "new (L.Control.extend({onAdd() { const t = document.createElement('template'); "
        f"t.innerHTML = {json.dumps(_legend())}; return t.content.firstElementChild; }}}}))"
        "({position: 'bottomright'}).addTo({map});").add_to(fmap)
    return render_page(fmap, title=title, nonce=nonce)
