// Giving places on a map, shared by the map format's contribution form and the survey's map questions:
// a sketch of one point, line or area (click or tap, or the keyboard: the arrow keys move the map under the
// crosshair, Enter sets a point there, Backspace takes the last one back), the address search (an ARIA 1.2
// combobox over the gazetteer), the area check and the words a live region says about a place.
// Texts come from the page (templates hand translated strings in); the server checks everything again.
import { whenSettled } from "./map-base.js";

export const german = document.documentElement.lang === "de";

export function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (_match, key) => values[key] ?? "");
}

// Coordinates as people here write them: six decimals, a decimal comma in German.
export const localNumber = (n) => (german ? n.toFixed(6).replace(".", ",") : n.toFixed(6));
export const parseLocalNumber = (text) => Number.parseFloat(String(text).trim().replace(",", "."));

function insideRing(point, ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > point[1] !== yj > point[1] && point[0] < ((xj - xi) * (point[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

// Whether a place lies in a GeoJSON (Multi)Polygon: said at once, before the server says it.
export function insideArea(area, latlng) {
  const polygons = area.type === "MultiPolygon" ? area.coordinates : [area.coordinates];
  const point = [latlng.lng, latlng.lat];
  return polygons.some(([outer, ...holes]) => insideRing(point, outer) && !holes.some((hole) => insideRing(point, hole)));
}

export function showArea(map, area) {
  const layer = L.geoJSON(area, { style: { color: "#1d4f91", weight: 2, fill: false }, interactive: false }).addTo(map);
  // Without the zoom animation Leaflet runs when the area is at most four levels in from the city's view: the map
  // is where it shows the area at once, so a keyboard user's first Enter and the map's data-centre agree.
  map.fitBounds(layer.getBounds(), { animate: false });
  return layer;
}

// The nearest address or place of a point, or its coordinates when the gazetteer cannot say.
export async function describePlace(reverseUrl, latlng) {
  try {
    const response = await fetch(`${reverseUrl}?lat=${latlng.lat.toFixed(6)}&lon=${latlng.lng.toFixed(6)}`);
    if (response.ok) return (await response.json()).label;
  } catch {
    // the coordinates say where it is, too
  }
  return `${localNumber(latlng.lat)}, ${localNumber(latlng.lng)}`;
}

// One geometry being drawn: a point (a marker one can drag), a line or an area (its corners as dots).
export class Sketch {
  constructor(map, { kind = "point", colour = "#b0001e", icon = null, onDrag = null } = {}) {
    Object.assign(this, { map, kind, colour, icon, onDrag, vertices: [], marker: null, shape: null });
  }

  get complete() {
    const needed = { point: 1, line: 2, polygon: 3 }[this.kind];
    return this.vertices.length >= needed;
  }

  add(latlng) {
    if (this.kind === "point") this.vertices = [latlng];
    else this.vertices.push(latlng);
    this.render();
  }

  pop() {
    this.vertices.pop();
    this.render();
  }

  clear() {
    this.vertices = [];
    this.render();
  }

  setKind(kind) {
    this.kind = kind;
    this.clear();
  }

  setGeoJSON(geometry) {
    const types = { Point: "point", LineString: "line", Polygon: "polygon" };
    this.kind = types[geometry.type] || this.kind;
    const coordinates = geometry.type === "Point" ? [geometry.coordinates]
      : geometry.type === "Polygon" ? geometry.coordinates[0].slice(0, -1) : geometry.coordinates;
    this.vertices = coordinates.map(([lon, lat]) => L.latLng(lat, lon));
    this.render();
  }

  toGeoJSON() {
    const positions = this.vertices.map((v) => [Number(v.lng.toFixed(6)), Number(v.lat.toFixed(6))]);
    if (this.kind === "point" && positions.length === 1) return { type: "Point", coordinates: positions[0] };
    if (this.kind === "line" && positions.length >= 2) return { type: "LineString", coordinates: positions };
    if (this.kind === "polygon" && positions.length >= 3) return { type: "Polygon", coordinates: [[...positions, positions[0]]] };
    return null;
  }

  bounds() {
    return this.vertices.length ? L.latLngBounds(this.vertices) : null;
  }

  render() {
    if (this.shape) this.shape.remove();
    this.shape = null;
    if (this.kind === "point" && this.vertices.length === 1) {
      if (!this.marker) {
        const options = { draggable: true, keyboard: false, autoPan: true, ...(this.icon ? { icon: this.icon } : {}) };
        this.marker = L.marker(this.vertices[0], options).addTo(this.map);
        this.marker.on("dragend", () => {
          this.vertices = [this.marker.getLatLng()];
          if (this.onDrag) this.onDrag(this.vertices[0]);
        });
      } else {
        this.marker.setLatLng(this.vertices[0]);
      }
      return;
    }
    if (this.marker) this.marker.remove();
    this.marker = null;
    if (this.vertices.length === 0) return;
    this.shape = L.featureGroup().addTo(this.map);
    const line = { color: this.colour, weight: 4 };
    if (this.vertices.length > 1) (this.kind === "polygon" ? L.polygon : L.polyline)(this.vertices, line).addTo(this.shape);
    for (const vertex of this.vertices) {
      L.circleMarker(vertex, { radius: 5, color: "#fff", weight: 2, fillColor: this.colour, fillOpacity: 1 }).addTo(this.shape);
    }
  }

  remove() {
    this.vertices = [];
    this.render();
  }
}

// The map's keys: Enter (or Space) sets a point at the crosshair where a running pan ends; Backspace takes back.
export function onMapKeys(mapElement, map, { enter, backspace }) {
  mapElement.addEventListener("keydown", (event) => {
    if (event.target !== mapElement) return; // keys on a marker or popup are theirs
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      whenSettled(map, enter);
    } else if (event.key === "Backspace" && backspace && backspace()) {
      event.preventDefault();
    }
  });
}

// The place search: an ARIA 1.2 combobox over the gazetteer. ``onChoose(feature, latlng)`` gets the place chosen.
export function placeSearch({ input, listbox, url, announce, strings, idPrefix = "place-option-", onChoose }) {
  let results = [];
  let active = -1;
  let timer = null;
  let run = 0;
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listbox.id);

  function closeList() {
    listbox.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function showResults(features) {
    results = features;
    listbox.replaceChildren(...features.map((feature, index) => {
      const option = document.createElement("li");
      option.id = `${idPrefix}${index}`;
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
      input.setAttribute("aria-expanded", "true");
      announce(features.length === 1 ? strings.result : format(strings.results, { n: features.length }));
    } else {
      closeList();
      announce(strings.noResults);
    }
  }

  function activate(index) {
    const options = listbox.querySelectorAll("[role=option]");
    if (!options.length) return;
    active = (index + options.length) % options.length;
    options.forEach((option, i) => option.setAttribute("aria-selected", String(i === active)));
    input.setAttribute("aria-activedescendant", options[active].id);
    options[active].scrollIntoView({ block: "nearest" });
  }

  function choose(index) {
    const feature = results[index];
    if (!feature) return;
    const [lon, lat] = feature.geometry.coordinates;
    input.value = feature.properties.name;
    closeList();
    onChoose(feature, L.latLng(lat, lon));
  }

  async function search() {
    const query = input.value.trim();
    if (query.length < 2) {
      closeList();
      return;
    }
    const current = ++run;
    try {
      const response = await fetch(`${url}?q=${encodeURIComponent(query)}&limit=8`);
      if (!response.ok || current !== run) return;
      showResults((await response.json()).features);
    } catch {
      closeList();
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, 200);
  });
  input.addEventListener("keydown", (event) => {
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
        clearTimeout(timer);
        search();
      }
    } else if (event.key === "Escape" && !listbox.hidden) {
      event.preventDefault();
      closeList();
    }
  });
  input.addEventListener("blur", () => setTimeout(closeList, 150));
}
