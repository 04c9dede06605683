// "Where to vote on paper": the ballot boxes on a Leaflet map. The list next to it is the way in without a map.
import { createMap, fetchJson } from "../js/map-base.js";

const element = document.getElementById("box-map");
const map = createMap(element, { zoom: 15 });
const boxes = await fetchJson(element.dataset.boxesUrl);
const markers = new Map();

function popup(properties) {
  // Built from text nodes, so that names and addresses can never inject markup.
  const wrapper = document.createElement("div");
  const name = document.createElement("strong");
  name.textContent = properties.name;
  wrapper.append(name, document.createElement("br"), properties.address);
  if (properties.location_hint) wrapper.append(document.createElement("br"), properties.location_hint);
  return wrapper;
}

const layer = L.geoJSON(boxes, {
  pointToLayer(feature, latlng) {
    const marker = L.marker(latlng, { title: feature.properties.name, alt: feature.properties.name, keyboard: true });
    markers.set(feature.properties.code, marker);
    return marker;
  },
  onEachFeature(feature, marker) {
    marker.bindPopup(popup(feature.properties));
  },
}).addTo(map);
if (markers.size) map.fitBounds(layer.getBounds(), { padding: [30, 30], maxZoom: 16 });

for (const button of document.querySelectorAll("[data-box]")) {
  button.addEventListener("click", () => {
    const marker = markers.get(button.dataset.box);
    if (!marker) return;
    map.setView(marker.getLatLng(), 17);
    marker.openPopup();
  });
}
element.dataset.ready = "true";
