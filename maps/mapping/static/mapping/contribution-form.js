// Placing a contribution: click or tap the map (drag the marker to adjust), draw a line or an area, or use the
// keyboard (arrow keys move the map under the crosshair, Enter sets a point), or search a place, or type
// coordinates. Whatever was chosen is announced in a live region, with the nearest address and the district.
// The hidden field "geometry" carries GeoJSON to the server, which checks everything again.
import { createMap, whenSettled } from "../js/map-base.js";
import { format } from "./markers.js";

const config = JSON.parse(document.getElementById("mapping-form-config").textContent);
const S = config.strings;
const mapElement = document.getElementById("place-map");
const wrap = document.getElementById("place-map-wrap");
const geometryInput = document.getElementById("id_geometry");
const latInput = document.getElementById("id_latitude");
const lonInput = document.getElementById("id_longitude");
const announcement = document.getElementById("place-announcement");
const tools = document.getElementById("draw-tools");
const undoButton = tools.querySelector("[data-action=undo]");
const german = document.documentElement.lang === "de";

document.getElementById("keyboard-help").hidden = false;
tools.hidden = false;
wrap.classList.add("show-crosshair");

const map = createMap(mapElement, { maxZoom: 19, keyboardPanDelta: 60 });
const area = L.geoJSON(config.area, { style: { color: "#1d4f91", weight: 2, fill: false }, interactive: false }).addTo(map);
map.fitBounds(area.getBounds());

let kind = config.kinds[0];
let vertices = [];
let marker = null;
let shape = null;
let describeRun = 0;

const fmt = (n) => (german ? n.toFixed(6).replace(".", ",") : n.toFixed(6));
const parse = (text) => Number.parseFloat(String(text).trim().replace(",", "."));

function insideRing(point, ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > point[1] !== yj > point[1] && point[0] < ((xj - xi) * (point[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function insideArea(latlng) {
  const polygons = config.area.type === "MultiPolygon" ? config.area.coordinates : [config.area.coordinates];
  const point = [latlng.lng, latlng.lat];
  return polygons.some(([outer, ...holes]) => insideRing(point, outer) && !holes.some((hole) => insideRing(point, hole)));
}

function toGeoJSON() {
  const positions = vertices.map((v) => [Number(v.lng.toFixed(6)), Number(v.lat.toFixed(6))]);
  if (kind === "point" && positions.length === 1) return { type: "Point", coordinates: positions[0] };
  if (kind === "line" && positions.length >= 2) return { type: "LineString", coordinates: positions };
  if (kind === "polygon" && positions.length >= 3) return { type: "Polygon", coordinates: [[...positions, positions[0]]] };
  return null;
}

function render() {
  if (shape) shape.remove();
  shape = null;
  if (kind === "point" && vertices.length === 1) {
    if (!marker) {
      marker = L.marker(vertices[0], { draggable: true, keyboard: false, autoPan: true }).addTo(map);
      marker.on("dragend", () => {
        vertices = [marker.getLatLng()];
        changed(vertices[0]);
      });
    } else {
      marker.setLatLng(vertices[0]);
    }
    return;
  }
  if (marker) marker.remove();
  marker = null;
  if (vertices.length === 0) return;
  shape = L.featureGroup().addTo(map);
  if (vertices.length > 1) (kind === "polygon" ? L.polygon : L.polyline)(vertices, { color: "#b0001e", weight: 4 }).addTo(shape);
  for (const vertex of vertices) L.circleMarker(vertex, { radius: 5, color: "#fff", weight: 2, fillColor: "#b0001e", fillOpacity: 1 }).addTo(shape);
}

async function describe(latlng) {
  const run = ++describeRun;
  let place = `${fmt(latlng.lat)}, ${fmt(latlng.lng)}`;
  try {
    const response = await fetch(`${config.reverseUrl}?lat=${latlng.lat.toFixed(6)}&lon=${latlng.lng.toFixed(6)}`);
    if (response.ok) place = (await response.json()).label;
  } catch {
    // the coordinates say where it is, too
  }
  if (run !== describeRun) return;
  // One vertex is a start, not "a line with 1 points".
  let text = format(S[kind !== "point" && vertices.length === 1 ? `${kind}Start` : kind], { place, n: vertices.length });
  if (!insideArea(latlng)) text += ` ${S.outside}`;
  if (kind === "point") text += ` ${format(S.coordinates, { lat: fmt(latlng.lat), lon: fmt(latlng.lng) })}`;
  announcement.textContent = text;
  mapElement.dataset.described = String(run);
}

function changed(latest) {
  render();
  const geojson = toGeoJSON();
  geometryInput.value = geojson ? JSON.stringify(geojson) : "";
  if (kind === "point" && vertices.length === 1) {
    latInput.value = fmt(vertices[0].lat);
    lonInput.value = fmt(vertices[0].lng);
  } else {
    latInput.value = "";
    lonInput.value = "";
  }
  if (latest) describe(latest);
}

function addVertex(latlng) {
  if (kind === "point") vertices = [latlng];
  else vertices.push(latlng);
  changed(latlng);
}

function setKind(next, { quiet = false } = {}) {
  if (!config.kinds.includes(next)) return;
  kind = next;
  vertices = [];
  changed(null);
  for (const button of tools.querySelectorAll("[data-kind]")) button.setAttribute("aria-pressed", String(button.dataset.kind === kind));
  if (undoButton) undoButton.hidden = kind === "point";
  if (!quiet) announcement.textContent = S[`kind${kind[0].toUpperCase()}${kind.slice(1)}`];
}

map.on("click", (event) => addVertex(event.latlng));
mapElement.addEventListener("keydown", (event) => {
  if (event.target !== mapElement) return; // keys on a marker or popup are theirs
  if (event.key === "Enter" || event.key === " ") {
    event.preventDefault();
    whenSettled(map, addVertex);
  } else if (event.key === "Backspace" && kind !== "point" && vertices.length) {
    event.preventDefault();
    vertices.pop();
    changed(null);
    announcement.textContent = S.removed;
  }
});

tools.addEventListener("click", (event) => {
  const button = event.target.closest("button");
  if (!button) return;
  if (button.dataset.kind) setKind(button.dataset.kind);
  else if (button.dataset.action === "place") addVertex(map.getCenter());
  else if (button.dataset.action === "undo" && vertices.length) {
    vertices.pop();
    changed(null);
    announcement.textContent = S.removed;
  } else if (button.dataset.action === "clear") {
    vertices = [];
    changed(null);
    announcement.textContent = S.cleared;
  }
});

function coordinatesTyped() {
  const lat = parse(latInput.value);
  const lon = parse(lonInput.value);
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return;
  if (kind !== "point") setKind("point", { quiet: true });
  const latlng = L.latLng(lat, lon);
  vertices = [latlng];
  changed(latlng);
  map.setView(latlng, Math.max(map.getZoom(), 16));
}
latInput.addEventListener("change", coordinatesTyped);
lonInput.addEventListener("change", coordinatesTyped);

// --- place search: an ARIA 1.2 combobox over the gazetteer
const searchInput = document.getElementById("id_place_query");
const listbox = document.getElementById("place-results");
let results = [];
let active = -1;
let searchTimer = null;
let searchRun = 0;
searchInput.setAttribute("role", "combobox");
searchInput.setAttribute("aria-autocomplete", "list");
searchInput.setAttribute("aria-expanded", "false");
searchInput.setAttribute("aria-controls", "place-results");

function closeList() {
  listbox.hidden = true;
  searchInput.setAttribute("aria-expanded", "false");
  searchInput.removeAttribute("aria-activedescendant");
  active = -1;
}

function showResults(features) {
  results = features;
  listbox.replaceChildren(...features.map((feature, index) => {
    const option = document.createElement("li");
    option.id = `place-option-${index}`;
    option.setAttribute("role", "option");
    option.setAttribute("aria-selected", "false");
    const p = feature.properties;
    option.textContent = p.name;
    const detail = document.createElement("small");
    detail.textContent = [p.kind_label, p.detail, p.district].filter(Boolean).join(" · ");
    option.append(detail);
    option.addEventListener("mousedown", (event) => event.preventDefault());
    option.addEventListener("click", () => choose(index));
    return option;
  }));
  if (features.length) {
    listbox.hidden = false;
    searchInput.setAttribute("aria-expanded", "true");
    announcement.textContent = features.length === 1 ? S.result : format(S.results, { n: features.length });
  } else {
    closeList();
    announcement.textContent = S.noResults;
  }
}

function activate(index) {
  const options = listbox.querySelectorAll("[role=option]");
  if (!options.length) return;
  active = (index + options.length) % options.length;
  options.forEach((option, i) => option.setAttribute("aria-selected", String(i === active)));
  searchInput.setAttribute("aria-activedescendant", options[active].id);
  options[active].scrollIntoView({ block: "nearest" });
}

function choose(index) {
  const feature = results[index];
  if (!feature) return;
  const [lon, lat] = feature.geometry.coordinates;
  const latlng = L.latLng(lat, lon);
  searchInput.value = feature.properties.name;
  closeList();
  map.setView(latlng, 17);
  if (kind === "point") addVertex(latlng);
  else announcement.textContent = format(S.moved, { place: feature.properties.name });
}

async function search() {
  const query = searchInput.value.trim();
  if (query.length < 2) {
    closeList();
    return;
  }
  const run = ++searchRun;
  try {
    const response = await fetch(`${config.gazetteerUrl}?q=${encodeURIComponent(query)}&limit=8`);
    if (!response.ok || run !== searchRun) return;
    showResults((await response.json()).features);
  } catch {
    closeList();
  }
}

searchInput.addEventListener("input", () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(search, 200);
});

searchInput.addEventListener("keydown", (event) => {
  if (event.key === "ArrowDown" && results.length) {
    event.preventDefault();
    if (listbox.hidden) showResults(results);
    activate(active + 1);
  } else if (event.key === "ArrowUp" && !listbox.hidden) {
    event.preventDefault();
    activate(active - 1);
  } else if (event.key === "Enter") {
    event.preventDefault(); // Enter here searches or chooses a place; it never sends the form
    if (!listbox.hidden) choose(active >= 0 ? active : 0);
    else {
      clearTimeout(searchTimer);
      search();
    }
  } else if (event.key === "Escape" && !listbox.hidden) {
    event.preventDefault();
    closeList();
  }
});
searchInput.addEventListener("blur", () => setTimeout(closeList, 150));

// --- start: the kind buttons, and the place already chosen (after an error, or when changing)
if (config.initial) {
  const types = { Point: "point", LineString: "line", Polygon: "polygon" };
  setKind(types[config.initial.type] || kind, { quiet: true });
  const coordinates = config.initial.type === "Point" ? [config.initial.coordinates]
    : config.initial.type === "Polygon" ? config.initial.coordinates[0].slice(0, -1) : config.initial.coordinates;
  vertices = coordinates.map(([lon, lat]) => L.latLng(lat, lon));
  changed(null);
  const bounds = L.latLngBounds(vertices);
  if (vertices.length === 1) map.setView(vertices[0], 17);
  else map.fitBounds(bounds, { maxZoom: 18 });
} else {
  setKind(kind, { quiet: true });
}
mapElement.dataset.ready = "true";
