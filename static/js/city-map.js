import { addCityBoundary, createMap, fetchJson } from "./map-base.js";

const element = document.getElementById("city-map");
const map = createMap(element);
await addCityBoundary(map, element.dataset.boundaryUrl);

const districts = await fetchJson(element.dataset.districtsUrl);
const layers = new Map();
L.geoJSON(districts, {
  style: { color: "#b0001e", weight: 1, fillOpacity: 0.05 },
  onEachFeature(feature, layer) {
    layers.set(feature.properties.slug, layer);
    layer.bindTooltip(() => document.createTextNode(feature.properties.name), { sticky: true });  // text, not HTML
  },
}).addTo(map);

// The list is the accessible way in: choosing a district shows it on the map and announces it.
for (const button of document.querySelectorAll("[data-district]")) {
  button.addEventListener("click", () => {
    const layer = layers.get(button.dataset.district);
    if (!layer) return;
    for (const other of layers.values()) other.setStyle({ fillOpacity: 0.05, weight: 1 });
    layer.setStyle({ fillOpacity: 0.3, weight: 3 });
    map.fitBounds(layer.getBounds());
  });
}
element.dataset.ready = "true";
