// Maps of the feedback format: features coloured by their ratings, the published spots, and (on a feature's
// page) picking the spot of a problem with the mouse, a finger or the keyboard. The lists and forms of the
// page work without this script; it only adds the map.
import { createMap, fetchJson, whenSettled } from "../js/map-base.js";

const strings = JSON.parse(document.getElementById("feedback-strings").textContent);

// Colour and dash pattern per verdict: the pattern keeps the map readable without colour (see the legend).
const VERDICT_STYLE = {
  good: { color: "#1c6b2f", dashArray: null, weight: 6 },
  mixed: { color: "#8f5300", dashArray: "14 8", weight: 6 },
  bad: { color: "#b0001e", dashArray: "5 7", weight: 6 },
  none: { color: "#5f6169", dashArray: "1 8", weight: 4 },
};
const RATING_COLOUR = { good: "#1c6b2f", okay: "#8f5300", bad: "#b0001e" };

function format(template, values) {
  return template.replace(/%\((\w+)\)s/g, (_match, key) => String(values[key] ?? ""));
}

// Tooltips are built as elements with textContent: names and comments are never parsed as HTML.
function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function featureSummary(properties) {
  const box = element("div");
  box.append(element("strong", properties.name));
  box.append(element("div", `${strings.verdicts[properties.verdict]} – ${format(strings.counts, properties)}`));
  return box;
}

function addFeatures(map, collection, { withPopup }) {
  // A white casing under each line keeps it visible on any background.
  L.geoJSON(collection, { style: (f) => ({ color: "#fff", weight: VERDICT_STYLE[f.properties.verdict].weight + 4, opacity: 0.9 }), interactive: false }).addTo(map);
  return L.geoJSON(collection, {
    style: (f) => ({
      ...VERDICT_STYLE[f.properties.verdict],
      lineCap: "butt",
      opacity: 1,
      className: `feedback-line feedback-line-${f.id} verdict-${f.properties.verdict}`,
    }),
    onEachFeature(feature, layer) {
      layer.bindTooltip(() => featureSummary(feature.properties), { sticky: true });
      if (withPopup) {
        layer.bindPopup(() => {
          const box = featureSummary(feature.properties);
          const link = element("a", format(strings.open_page, feature.properties));
          link.href = feature.properties.url;
          box.append(link);
          return box;
        });
      }
    },
  }).addTo(map);
}

function addSpots(map, collection) {
  return L.geoJSON(collection, {
    pointToLayer: (feature, latlng) => L.circleMarker(latlng, {
      radius: 7, color: "#fff", weight: 2, fillColor: RATING_COLOUR[feature.properties.rating] || "#1d4f91",
      fillOpacity: 1, className: `feedback-spot feedback-spot-${feature.id}`,
    }),
    onEachFeature(feature, layer) {
      const p = feature.properties;
      layer.bindTooltip(() => {
        const box = element("div");
        box.append(element("strong", `${p.feature_name}: ${strings.ratings[p.rating]}`));
        if (p.comment) box.append(element("div", p.comment.length > 140 ? `${p.comment.slice(0, 140)}…` : p.comment));
        box.append(element("div", p.author || strings.anonymous, "tooltip-meta"));
        return box;
      });
    },
  }).addTo(map);
}

// The point of the lines nearest to ``latlng``, in screen pixels at the current zoom: a preview only, the
// server moves the spot onto the line in metres.
function nearestOnLines(map, linesLayer, latlng) {
  const target = map.latLngToLayerPoint(latlng);
  let best = null;
  let bestDistance = Infinity;
  linesLayer.eachLayer((layer) => {
    const parts = layer.getLatLngs();
    for (const part of Array.isArray(parts[0]) ? parts : [parts]) {
      for (let i = 1; i < part.length; i += 1) {
        const a = map.latLngToLayerPoint(part[i - 1]);
        const b = map.latLngToLayerPoint(part[i]);
        const candidate = L.LineUtil.closestPointOnSegment(target, a, b);
        const distance = target.distanceTo(candidate);
        if (distance < bestDistance) {
          bestDistance = distance;
          best = candidate;
        }
      }
    }
  });
  return best ? map.layerPointToLatLng(best) : latlng;
}

function parseNumber(value) {
  const number = Number.parseFloat(String(value).trim().replace(",", "."));
  return Number.isFinite(number) ? number : null;
}

function enablePointPicker(map, container, linesLayer, form) {
  const lat = form.querySelector("[name=point_lat]");
  const lon = form.querySelector("[name=point_lon]");
  const status = form.querySelector("[data-point-status]");
  const clear = form.querySelector("[data-point-clear]");
  const name = container.dataset.featureName;
  let marker = null;

  function show(latlng, { fill = true, announce = true } = {}) {
    if (!marker) {
      marker = L.marker(latlng, { draggable: true, keyboard: false, title: strings.spot, alt: strings.spot }).addTo(map);
      marker.on("dragend", () => place(marker.getLatLng()));
      marker.getElement()?.classList.add("feedback-picked-spot");
    } else {
      marker.setLatLng(latlng);
    }
    if (fill) {
      lat.value = latlng.lat.toFixed(6);
      lon.value = latlng.lng.toFixed(6);
    }
    clear.disabled = false;
    if (announce) {
      status.textContent = format(strings.point_set, { name, lat: latlng.lat.toFixed(5), lon: latlng.lng.toFixed(5) });
    }
  }

  function place(latlng) {
    show(nearestOnLines(map, linesLayer, latlng));
  }

  map.on("click", (event) => place(event.latlng));
  // Keyboard: the arrow keys pan the map (Leaflet), Enter or Space marks the centre, shown by a crosshair.
  container.append(element("div", "", "map-crosshair"));
  container.addEventListener("keydown", (event) => {
    if ((event.key === "Enter" || event.key === " ") && event.target === container) {
      event.preventDefault();
      whenSettled(map, place);
    }
  });
  for (const input of [lat, lon]) {
    input.addEventListener("change", () => {
      const y = parseNumber(lat.value);
      const x = parseNumber(lon.value);
      if (y !== null && x !== null && Math.abs(y) <= 90 && Math.abs(x) <= 180) show(L.latLng(y, x), { fill: false, announce: false });
    });
  }
  clear.addEventListener("click", () => {
    marker?.remove();
    marker = null;
    lat.value = "";
    lon.value = "";
    clear.disabled = true;
    status.textContent = strings.point_removed;
  });

  const y = parseNumber(lat.value);
  const x = parseNumber(lon.value);
  // The button is disabled, not hidden, while there is no spot: showing it when a typed field is left (on the
  // mousedown of a click on "send") moved the send button away from under the pointer, and the click was lost.
  if (y !== null && x !== null) show(L.latLng(y, x), { fill: false, announce: false });
  else clear.disabled = true;
}

// The city boundary for orientation; unlike map-base's addCityBoundary it does not move the map, which
// fits the features instead.
async function addBoundaryOutline(map, url) {
  const data = await fetchJson(url).catch(() => null);
  return data && L.geoJSON(data, { style: { color: "#1d4f91", weight: 2, fill: false }, interactive: false }).addTo(map);
}

async function moduleMap(container) {
  const map = createMap(container);
  const boundary = await addBoundaryOutline(map, container.dataset.boundaryUrl);
  const lines = addFeatures(map, await fetchJson(container.dataset.featuresUrl), { withPopup: true });
  addSpots(map, await fetchJson(container.dataset.spotsUrl));
  if (lines.getLayers().length) map.fitBounds(lines.getBounds(), { padding: [24, 24] });
  else if (boundary) map.fitBounds(boundary.getBounds());
  container.dataset.ready = "true";
}

async function featureMap(container) {
  const map = createMap(container);
  const lines = addFeatures(map, await fetchJson(container.dataset.featureUrl), { withPopup: false });
  if (lines.getLayers().length) map.fitBounds(lines.getBounds(), { padding: [32, 32] });
  addSpots(map, await fetchJson(container.dataset.spotsUrl));
  const form = document.querySelector("[data-point-form]");
  if (form) enablePointPicker(map, container, lines, form);
  container.dataset.ready = "true";
}

const overview = document.getElementById("feedback-map");
if (overview) await moduleMap(overview);
const single = document.getElementById("feature-map");
if (single) await featureMap(single);
