// A small map per item, drawn when it scrolls into view: dozens of items stay light.
import { createMap } from "../js/map-base.js";
const draw = (element) => {
  const map = createMap(element, { scrollWheelZoom: false, maxZoom: 19 });
  const shape = L.geoJSON(JSON.parse(element.dataset.geojson), {
    style: { color: "#b0001e", weight: 5, fillOpacity: 0.25 },
    pointToLayer: (_f, latlng) => L.circleMarker(latlng, { radius: 9, color: "#fff", weight: 3, fillColor: "#b0001e", fillOpacity: 1 }),
  }).addTo(map);
  map.fitBounds(shape.getBounds(), { maxZoom: 17, padding: [20, 20] });
  element.dataset.ready = "true";
};
const observer = new IntersectionObserver((entries) => {
  for (const entry of entries) if (entry.isIntersecting) { observer.unobserve(entry.target); draw(entry.target); }
});
document.querySelectorAll(".moderation-map").forEach((element) => observer.observe(element));
