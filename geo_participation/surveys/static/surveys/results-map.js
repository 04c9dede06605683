// The map of a survey's results: the marks of its map questions as hexagons coloured by how many marks each holds
// (cells with fewer than k marks are never sent, so that nobody can be located), or, for planners and staff, as
// the places themselves. The filters of the page apply; the tables above give the numbers without the map.
import { createMap, fetchJson } from "../js/map-base.js";
import { format, showArea } from "../js/place-input.js";

const config = JSON.parse(document.getElementById("results-map-config").textContent);
const S = config.strings;
const element = document.getElementById("results-map");
const status = document.getElementById("results-map-status");
const legend = document.getElementById("results-map-legend");
const questionSelect = document.getElementById("map-question");
const viewSelect = document.getElementById("map-view");

const map = createMap(element, { maxZoom: 19 });
showArea(map, config.area);
let layer = null;

function url(base) {
  const query = new URLSearchParams(config.query);
  if (questionSelect.value) query.set("question", questionSelect.value);
  return `${base}?${query}`;
}

function showLegend(classes) {
  legend.replaceChildren(...classes.map((cls) => {
    const item = document.createElement("li");
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.background = cls.colour;
    item.append(swatch, `${cls.from}–${cls.to}`);
    return item;
  }));
  legend.hidden = !classes.length;
}

async function draw() {
  if (layer) layer.remove();
  layer = null;
  element.dataset.ready = "false";
  try {
    if (viewSelect && viewSelect.value === "marks") {
      const data = await fetchJson(url(config.marksUrl));
      layer = L.geoJSON(data, {
        style: { color: "#b0001e", weight: 3, fillOpacity: 0.2 },
        pointToLayer: (_feature, latlng) => L.circleMarker(latlng, { radius: 5, color: "#fff", weight: 1, fillColor: "#b0001e", fillOpacity: 0.85 }),
      }).addTo(map);
      showLegend([]);
      status.textContent = format(S.marks, { n: data.features.length });
    } else {
      const data = await fetchJson(url(config.heatmapUrl));
      const classes = data.metadata.classes;
      const colour = (n) => (classes.find((cls) => n <= cls.to) || classes[classes.length - 1]).colour;
      layer = L.geoJSON(data, {
        style: (feature) => ({ color: "#5c3d00", weight: 1, fillColor: colour(feature.properties.count), fillOpacity: 0.7 }),
        onEachFeature: (feature, cell) => cell.bindTooltip(() => document.createTextNode(String(feature.properties.count))),
      }).addTo(map);
      showLegend(classes);
      const k = data.metadata.k_anonymity.k;
      status.textContent = data.features.length ? format(S.cells, { n: data.features.length, k }) : format(S.none, { k });
    }
  } catch {
    status.textContent = S.error;
  }
  element.dataset.ready = "true";
}

questionSelect.addEventListener("change", draw);
if (viewSelect) viewSelect.addEventListener("change", draw);
draw();
