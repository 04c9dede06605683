// The planners' workspace map: a layer's heatmap (GeoJSON hexagons coloured by the server's classes) or its
// points (vector tiles, grouped below zoom 17). The table under the map holds the same data without the map.
import { addCityBoundary, createMap, fetchJson } from "../js/map-base.js";
import { vectorTileLayer } from "../tiles/mvt.js";

const config = JSON.parse(document.getElementById("workspace-config").textContent);
const strings = config.strings;
const status = document.getElementById("map-status");
const element = document.getElementById("workspace-map");
const map = createMap(element, { maxZoom: 19 });
const format = (template, values) => template.replace(/\{(\w+)\}/g, (_m, key) => values[key] ?? "");
const say = (text) => {
  status.textContent = text;
  element.dataset.ready = String(text !== strings.loading);
};

const boundary = addCityBoundary(map, config.boundary).catch(() => null);

function colourOf(value) {
  const classes = config.classes || [];
  const found = classes.find((cls) => value <= cls.to);
  return (found || classes[classes.length - 1] || { colour: "#993404" }).colour;
}

async function showHeatmap() {
  say(strings.loading);
  try {
    const data = await fetchJson(config.heatmap);
    const layer = L.geoJSON(data, {
      style: (feature) => ({
        color: "#ffffff", weight: 1, fillOpacity: 0.75,
        fillColor: colourOf(config.measure === "weighted" ? feature.properties.weighted : feature.properties.count),
      }),
      onEachFeature: (feature, shape) => shape.bindTooltip(() => document.createTextNode(
        format(strings.cell, { n: feature.properties.count, w: feature.properties.weighted }))),
    }).addTo(map);
    element.dataset.cells = String(data.features.length);
    await boundary;
    if (data.features.length) map.fitBounds(layer.getBounds(), { maxZoom: 15 });
    say(strings.loaded);
  } catch (error) {
    say(strings.error);
  }
}

function popup(feature) {
  const list = document.createElement("dl");
  for (const [key, value] of Object.entries(feature.properties)) {
    const term = document.createElement("dt");
    term.textContent = key;
    const detail = document.createElement("dd");
    detail.textContent = value === null || value === undefined ? "" : String(value);
    list.append(term, detail);
  }
  return list;
}

function clusterMarker(latLng, count) {
  const size = count < 10 ? 30 : count < 100 ? 36 : count < 1000 ? 44 : 52;
  const icon = L.divIcon({
    className: "planning-cluster", iconSize: [size, size], iconAnchor: [size / 2, size / 2],
    html: `<span aria-hidden="true">${Number(count).toLocaleString(document.documentElement.lang)}</span>`,
  });
  return L.marker(latLng, { icon, keyboard: true, title: format(strings.cluster, { n: count }) })
    .on("click", () => map.setView(latLng, Math.min(map.getZoom() + 2, 19)));
}

function pointMarker(latLng, feature) {
  const pending = feature.properties.status === "pending";
  const icon = L.divIcon({ className: `planning-point${pending ? " pending" : ""}`, iconSize: [16, 16], iconAnchor: [8, 8],
                           html: '<span aria-hidden="true"></span>' });
  const title = feature.properties.title || feature.properties.name || format(strings.item, { id: feature.id });
  return L.marker(latLng, { icon, keyboard: true, title, alt: title }).bindPopup(() => popup(feature));
}

function draw(feature, latLngs) {
  if (feature.properties.count !== undefined) {
    const latLng = latLngs[0][0];
    return feature.properties.count > 1 ? clusterMarker(latLng, feature.properties.count)
      : pointMarker(latLng, { id: feature.properties.id, properties: { id: feature.properties.id } });
  }
  if (feature.type === 1) return latLngs.map((part) => pointMarker(part[0], feature));
  const shape = feature.type === 2 ? L.polyline(latLngs, { color: "#8a1538", weight: 4 })
    : L.polygon(latLngs, { color: "#8a1538", weight: 2, fillOpacity: 0.2 });
  return shape.bindPopup(() => popup(feature));
}

function showPoints() {
  say(strings.loading);
  const tiles = vectorTileLayer(config.tiles, { draw, onerror: () => say(strings.error) });
  tiles.on("loading", () => say(strings.loading));
  tiles.on("load", () => { say(strings.loaded); });
  boundary.then(() => tiles.addTo(map));
}

if (config.view === "heatmap") showHeatmap();
else showPoints();
