// Starts Django's MapWidget (gis/js/OLMapWidget.js) for each map field of an admin form, from the options its
// template hands over in data-map-widget: the page's Content-Security-Policy allows no inline script to do it.
// OpenLayers' XYZ source writes {z}/{x}/{y} like Leaflet; no tile URL means no background, our layers only.
document.addEventListener("DOMContentLoaded", () => {
  for (const wrapper of document.querySelectorAll("[data-map-widget]")) {
    const { module, tile_url: url, tile_attribution: attributions, labels, ...options } = JSON.parse(wrapper.dataset.mapWidget);
    options.base_layer = new ol.layer.Tile(url ? { source: new ol.source.XYZ({ url, attributions }) } : {});
    const widget = window[module] = new MapWidget(options);
    // OpenLayers' default buttons carry English titles: the same buttons, titled in the page's language.
    const controls = widget.map.getControls();
    controls.clear();
    controls.push(new ol.control.Zoom({ zoomInTipLabel: labels.zoom_in, zoomOutTipLabel: labels.zoom_out }));
    controls.push(new ol.control.Attribution({ tipLabel: labels.attributions }));
  }
});
