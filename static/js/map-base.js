// What every Leaflet map on the site shares: tiles (if configured), attribution, icon paths, keyboard use.
// Leaflet comes from our own static files (see templates geo/_leaflet.html); no CDN anywhere.

const config = JSON.parse(document.getElementById("map-config").textContent);

// With hashed static file names Leaflet cannot guess its icon paths from the CSS, so we tell it.
L.Icon.Default.mergeOptions({
  iconUrl: config.icons.icon,
  iconRetinaUrl: config.icons.icon_2x,
  shadowUrl: config.icons.shadow,
});
L.Icon.Default.imagePath = "";

export const CITY_CENTRE = [49.4447, 7.769];

export function createMap(element, options = {}) {
  const map = L.map(element, { center: CITY_CENTRE, zoom: 12, keyboard: true, ...options, zoomControl: false });
  if (options.zoomControl !== false) {
    L.control.zoom({ zoomInTitle: config.labels.zoom_in, zoomOutTitle: config.labels.zoom_out }).addTo(map);
  }
  map.on("popupopen", (event) => event.popup._closeButton?.setAttribute("aria-label", config.labels.close_popup));
  map.attributionControl.setPrefix(false);
  if (config.tile_url) {
    L.tileLayer(config.tile_url, { attribution: config.tile_attribution, maxZoom: 19 }).addTo(map);
  }
  map.attributionControl.addAttribution(config.data_attribution);
  return map;
}

export async function fetchJson(url, options = {}) {
  const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" }, ...options });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

export async function addCityBoundary(map, url) {
  const data = await fetchJson(url);
  const layer = L.geoJSON(data, { style: { color: "#1d4f91", weight: 2, fill: false }, interactive: false }).addTo(map);
  map.fitBounds(layer.getBounds());
  return layer;
}

export { config };

// The map's centre once any running pan has ended. Leaflet pans with a short animation when an arrow key is
// pressed; a keyboard user who presses Enter right after it means the place where the pan ends.
export function whenSettled(map, callback) {
  if (map._panAnim && map._panAnim._inProgress) map.once("moveend", () => callback(map.getCenter()));
  else callback(map.getCenter());
}
