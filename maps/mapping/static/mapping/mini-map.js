// The small map on a contribution's page: its place, nothing else to do.
import { createMap } from "../js/map-base.js";

const element = document.getElementById("mini-map");
const map = createMap(element, { maxZoom: 19, scrollWheelZoom: false });
const geometry = JSON.parse(element.dataset.geojson);
const colour = element.dataset.colour;
const shape = L.geoJSON(geometry, {
  style: { color: colour, weight: 5, fillOpacity: 0.25 },
  pointToLayer: (_feature, latlng) => L.circleMarker(latlng, { radius: 10, color: "#fff", weight: 3, fillColor: colour, fillOpacity: 1 }),
}).addTo(map);
if (geometry.type === "Point") map.setView(shape.getBounds().getCenter(), 17);
else map.fitBounds(shape.getBounds(), { maxZoom: 18, padding: [20, 20] });
element.dataset.ready = "true";
