// The public map of a map format: published contributions loaded per viewport (bbox) from the layer API,
// which answers clusters below zoom 17. A format with more contributions than GeoJSON should carry
// (config.tiles, TILE_LAYER_THRESHOLD) shows its clusters from vector tiles instead, which browsers and proxies
// cache. The list beside the map is the accessible alternative.
import { createMap } from "../js/map-base.js";
import { vectorTileLayer } from "../tiles/mvt.js";
import { categoryIcon, clusterIcon, format } from "./markers.js";

const element = document.getElementById("contribution-map");
const config = JSON.parse(document.getElementById("mapping-map-config").textContent);
const status = document.getElementById("map-status");
const strings = config.strings;

const map = createMap(element, { maxZoom: 19 });
const area = L.geoJSON(config.area, { style: { color: "#1d4f91", weight: 2, fill: false }, interactive: false }).addTo(map);
map.fitBounds(area.getBounds());
const layer = L.layerGroup().addTo(map);
let controller = null;
// The marker whose popup is open survives reloads: opening a popup pans the map, and the reload this triggers
// must not close the popup again (nor take the keyboard focus out of it).
let openMarker = null;
let loadedZoom = null;

function popupContent(feature) {
  const wrapper = document.createElement("div");
  const title = document.createElement("strong");
  title.textContent = feature.properties.title;
  const category = config.categories[feature.properties.category];
  const meta = document.createElement("div");
  meta.textContent = category ? category.name : "";
  const link = document.createElement("a");
  link.href = `${window.location.pathname}beitraege/${feature.id}/`;
  link.textContent = strings.open;
  wrapper.append(title, meta, link);
  return wrapper;
}

function bindPopup(target, feature) {
  target.featureId = feature.id;
  target.bindPopup(() => popupContent(feature));
  target.on("popupopen", (event) => {
    openMarker = target;
    event.popup.getElement()?.querySelector("a")?.focus();  // keyboard users land in the popup, on its link
  });
  target.on("popupclose", () => { if (openMarker === target) openMarker = null; });
}

function addFeature(feature) {
  const [lon, lat] = feature.geometry.type === "Point" ? feature.geometry.coordinates : [null, null];
  if (feature.properties.cluster) {
    const count = feature.properties.count;
    L.marker([lat, lon], { icon: clusterIcon(count), title: format(strings.cluster, { n: count }), keyboard: true })
      .on("click", () => map.setView([lat, lon], Math.min(map.getZoom() + 2, 18)))
      .addTo(layer);
    return count;
  }
  const category = config.categories[feature.properties.category];
  if (feature.geometry.type === "Point") {
    const marker = L.marker([lat, lon], { icon: categoryIcon(category, config.sprite), title: feature.properties.title,
                                          alt: feature.properties.title, keyboard: true });
    bindPopup(marker, feature);
    marker.addTo(layer);
  } else {
    const colour = category ? category.colour : "#b0001e";
    const shape = L.geoJSON(feature, { style: { color: colour, weight: 5, fillOpacity: 0.25 } });
    // Leaflet puts a string into the tooltip as HTML: a resident's title goes in as a text node only.
    shape.bindTooltip(() => document.createTextNode(feature.properties.title), { sticky: true });
    bindPopup(shape, feature);
    shape.addTo(layer);
  }
  return 1;
}

// Vector tiles below zoom 17: groups with their count, and a group of one as a marker linking to it.
let tiles = null;

function tileFeature(feature, latLngs) {
  const latLng = latLngs[0][0];
  const count = feature.properties.count || 1;
  if (count > 1) {
    return L.marker(latLng, { icon: clusterIcon(count), title: format(strings.cluster, { n: count }), keyboard: true, count })
      .on("click", () => map.setView(latLng, Math.min(map.getZoom() + 2, 18)));
  }
  const marker = L.marker(latLng, { icon: categoryIcon(null, config.sprite), title: strings.open, alt: strings.open,
                                    keyboard: true, count: 1 });
  bindPopup(marker, { id: feature.properties.id, properties: { title: strings.open, category: null } });
  return marker;
}

function tilesShown() {
  let count = 0;
  const bounds = map.getBounds();
  for (const group of tiles.groups.values()) {
    group.eachLayer((marker) => { if (bounds.contains(marker.getLatLng())) count += marker.options.count || 0; });
  }
  status.textContent = count === 0 ? strings.none : count === 1 ? strings.one : format(strings.many, { n: count.toLocaleString(document.documentElement.lang) });
  element.dataset.count = String(count);
  element.dataset.ready = "true";
}

function showTiles() {
  controller?.abort();
  layer.clearLayers();
  if (!tiles) {
    tiles = vectorTileLayer(config.tiles, { draw: tileFeature, onerror: () => { status.textContent = strings.error; } });
    tiles.on("load", tilesShown);
    tiles.addTo(map);
  } else if (!tiles.isLoading()) {
    tilesShown();
  }
}

async function load() {
  if (config.tiles && map.getZoom() < config.tilesBelowZoom) {
    showTiles();
    return;
  }
  if (tiles) {
    tiles.remove();
    tiles = null;
  }
  controller?.abort();
  controller = new AbortController();
  const bounds = map.getBounds().pad(0.15);
  const bbox = [
    Math.max(bounds.getWest(), -180), Math.max(bounds.getSouth(), -90),
    Math.min(bounds.getEast(), 180), Math.min(bounds.getNorth(), 90),
  ].map((n) => n.toFixed(6)).join(",");
  const query = `bbox=${bbox}&zoom=${map.getZoom()}${config.filterQuery ? `&${config.filterQuery}` : ""}`;
  try {
    const response = await fetch(`${config.layerUrl}?${query}`, { signal: controller.signal, headers: { Accept: "application/geo+json" } });
    if (!response.ok) throw new Error(String(response.status));
    const data = await response.json();
    const zoom = map.getZoom();
    const kept = openMarker && zoom === loadedZoom && data.features.some((f) => f.id === openMarker.featureId && !f.properties.cluster)
      ? openMarker : null;
    layer.eachLayer((l) => { if (l !== kept) layer.removeLayer(l); });
    loadedZoom = zoom;
    let count = 0;
    for (const feature of data.features) {
      if (kept && feature.id === kept.featureId && !feature.properties.cluster) count += 1;
      else count += addFeature(feature);
    }
    status.textContent = count === 0 ? strings.none : count === 1 ? strings.one : format(strings.many, { n: count.toLocaleString(document.documentElement.lang) });
    if (data.truncated) status.textContent += ` ${strings.truncated}`;
    element.dataset.count = String(count);
    element.dataset.ready = "true";
  } catch (error) {
    if (error.name !== "AbortError") status.textContent = strings.error;
  }
}

let timer = null;
map.on("moveend", () => {
  clearTimeout(timer);
  timer = setTimeout(load, 120);
});
load();
