// Placing a contribution: click or tap the map (drag the marker to adjust), draw a line or an area, or use the
// keyboard (arrow keys move the map under the crosshair, Enter sets a point), or search a place, or type
// coordinates. Whatever was chosen is announced in a live region, with the nearest address and the district.
// The hidden field "geometry" carries GeoJSON to the server, which checks everything again.
// The parts every place input shares (the sketch, the keys, the search, the area check) are in js/place-input.js.
import { createMap } from "../js/map-base.js";
import {
  Sketch, describePlace, format, insideArea, localNumber, onMapKeys, parseLocalNumber, placeSearch, showArea,
} from "../js/place-input.js";

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
const announce = (text) => { announcement.textContent = text; };

document.getElementById("keyboard-help").hidden = false;
tools.hidden = false;
wrap.classList.add("show-crosshair");

const map = createMap(mapElement, { maxZoom: 19, keyboardPanDelta: 60 });
showArea(map, config.area);

const sketch = new Sketch(map, { kind: config.kinds[0], onDrag: (latlng) => changed(latlng) });
let describeRun = 0;

async function describe(latlng) {
  const run = ++describeRun;
  const place = await describePlace(config.reverseUrl, latlng);
  if (run !== describeRun) return;
  const { kind } = sketch;
  // One vertex is a start, not "a line with 1 points".
  let text = format(S[kind !== "point" && sketch.vertices.length === 1 ? `${kind}Start` : kind], { place, n: sketch.vertices.length });
  if (!insideArea(config.area, latlng)) text += ` ${S.outside}`;
  if (kind === "point") text += ` ${format(S.coordinates, { lat: localNumber(latlng.lat), lon: localNumber(latlng.lng) })}`;
  announce(text);
  mapElement.dataset.described = String(run);
}

function changed(latest) {
  const geojson = sketch.toGeoJSON();
  geometryInput.value = geojson ? JSON.stringify(geojson) : "";
  if (sketch.kind === "point" && sketch.vertices.length === 1) {
    latInput.value = localNumber(sketch.vertices[0].lat);
    lonInput.value = localNumber(sketch.vertices[0].lng);
  } else {
    latInput.value = "";
    lonInput.value = "";
  }
  if (latest) describe(latest);
}

function addVertex(latlng) {
  sketch.add(latlng);
  changed(latlng);
}

function removeLast() {
  sketch.pop();
  changed(null);
  announce(S.removed);
}

function setKind(next, { quiet = false } = {}) {
  if (!config.kinds.includes(next)) return;
  sketch.setKind(next);
  changed(null);
  for (const button of tools.querySelectorAll("[data-kind]")) button.setAttribute("aria-pressed", String(button.dataset.kind === next));
  if (undoButton) undoButton.hidden = next === "point";
  if (!quiet) announce(S[`kind${next[0].toUpperCase()}${next.slice(1)}`]);
}

map.on("click", (event) => addVertex(event.latlng));
onMapKeys(mapElement, map, {
  enter: addVertex,
  backspace() {
    if (sketch.kind === "point" || !sketch.vertices.length) return false;
    removeLast();
    return true;
  },
});

tools.addEventListener("click", (event) => {
  const button = event.target.closest("button");
  if (!button) return;
  if (button.dataset.kind) setKind(button.dataset.kind);
  else if (button.dataset.action === "place") addVertex(map.getCenter());
  else if (button.dataset.action === "undo" && sketch.vertices.length) removeLast();
  else if (button.dataset.action === "clear") {
    sketch.clear();
    changed(null);
    announce(S.cleared);
  }
});

function coordinatesTyped() {
  const lat = parseLocalNumber(latInput.value);
  const lon = parseLocalNumber(lonInput.value);
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return;
  if (sketch.kind !== "point") setKind("point", { quiet: true });
  const latlng = L.latLng(lat, lon);
  addVertex(latlng);
  map.setView(latlng, Math.max(map.getZoom(), 16));
}
latInput.addEventListener("change", coordinatesTyped);
lonInput.addEventListener("change", coordinatesTyped);

placeSearch({
  input: document.getElementById("id_place_query"),
  listbox: document.getElementById("place-results"),
  url: config.gazetteerUrl,
  announce,
  strings: S,
  onChoose(feature, latlng) {
    map.setView(latlng, 17);
    if (sketch.kind === "point") addVertex(latlng);
    else announce(format(S.moved, { place: feature.properties.name }));
  },
});

// --- start: the kind buttons, and the place already chosen (after an error, or when changing)
if (config.initial) {
  setKind({ Point: "point", LineString: "line", Polygon: "polygon" }[config.initial.type] || sketch.kind, { quiet: true });
  sketch.setGeoJSON(config.initial);
  changed(null);
  if (sketch.vertices.length === 1) map.setView(sketch.vertices[0], 17);
  else map.fitBounds(sketch.bounds(), { maxZoom: 18 });
} else {
  setKind(sketch.kind, { quiet: true });
}
mapElement.dataset.ready = "true";
