// Mapbox vector tiles (v2, protocol buffers) read in the browser, and a Leaflet layer that draws their features
// as ordinary Leaflet markers and shapes (so they can be focused with the keyboard and have popups).
// Small on purpose: our tiles (maps/tiles/mvt.py) hold points, lines and polygons with plain attributes.

function reader(bytes, start, end) {
  let pos = start;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const varint = () => {
    let result = 0;
    let factor = 1;
    let byte;
    do {
      byte = bytes[pos++];
      result += (byte & 0x7f) * factor;
      factor *= 128;
    } while (byte & 0x80);
    return result;
  };
  return {
    more: () => pos < end,
    key() { const key = varint(); return [key >>> 3, key & 7]; },
    varint,
    svarint() { const n = varint(); return n % 2 ? -(n + 1) / 2 : n / 2; },
    bytes() { const length = varint(); const from = pos; pos += length; return [from, pos]; },
    string() { const [from, to] = this.bytes(); return new TextDecoder().decode(bytes.subarray(from, to)); },
    float() { const value = view.getFloat32(pos, true); pos += 4; return value; },
    double() { const value = view.getFloat64(pos, true); pos += 8; return value; },
    packed() { const [from, to] = this.bytes(); const sub = reader(bytes, from, to); const out = []; while (sub.more()) out.push(sub.varint()); return out; },
    skip(type) {
      if (type === 0) varint();
      else if (type === 1) pos += 8;
      else if (type === 2) { const length = varint(); pos += length; }
      else if (type === 5) pos += 4;
      else throw new Error(`unknown wire type ${type}`);
    },
  };
}

function value(bytes, [from, to]) {
  const r = reader(bytes, from, to);
  let result = null;
  while (r.more()) {
    const [field, type] = r.key();
    if (field === 1) result = r.string();
    else if (field === 2) result = r.float();
    else if (field === 3) result = r.double();
    else if (field === 4 || field === 5) result = r.varint();
    else if (field === 6) result = r.svarint();
    else if (field === 7) result = Boolean(r.varint());
    else r.skip(type);
  }
  return result;
}

// Geometry commands into parts (points, or lines and rings) in tile units.
function geometry(commands) {
  const parts = [];
  let x = 0;
  let y = 0;
  let part = null;
  for (let i = 0; i < commands.length;) {
    const command = commands[i] & 7;
    const count = commands[i] >> 3;
    i += 1;
    if (command === 7) { if (part && part.length) part.push(part[0]); continue; }
    for (let n = 0; n < count; n += 1) {
      const dx = commands[i]; const dy = commands[i + 1];
      i += 2;
      x += dx % 2 ? -(dx + 1) / 2 : dx / 2;
      y += dy % 2 ? -(dy + 1) / 2 : dy / 2;
      if (command === 1) { part = [[x, y]]; parts.push(part); } else part.push([x, y]);
    }
  }
  return parts;
}

function layer(bytes, [from, to]) {
  const r = reader(bytes, from, to);
  const keys = []; const values = []; const raw = [];
  let name = ""; let extent = 4096;
  while (r.more()) {
    const [field, type] = r.key();
    if (field === 1) name = r.string();
    else if (field === 2) raw.push(r.bytes());
    else if (field === 3) keys.push(r.string());
    else if (field === 4) values.push(value(bytes, r.bytes()));
    else if (field === 5) extent = r.varint();
    else r.skip(type);
  }
  const features = raw.map(([start, end]) => {
    const f = reader(bytes, start, end);
    const feature = { id: null, type: 0, properties: {}, parts: [] };
    while (f.more()) {
      const [field, type] = f.key();
      if (field === 1) feature.id = f.varint();
      else if (field === 2) { const tags = f.packed(); for (let t = 0; t + 1 < tags.length; t += 2) feature.properties[keys[tags[t]]] = values[tags[t + 1]]; }
      else if (field === 3) feature.type = f.varint();
      else if (field === 4) feature.parts = geometry(f.packed());
      else f.skip(type);
    }
    return feature;
  });
  return { name, extent, features };
}

// The layers of a tile: {name, extent, features: [{id, type (1 point, 2 line, 3 polygon), properties, parts}]}.
export function decodeTile(buffer) {
  const bytes = new Uint8Array(buffer);
  const r = reader(bytes, 0, bytes.length);
  const layers = [];
  while (r.more()) {
    const [field, type] = r.key();
    if (field === 3) layers.push(layer(bytes, r.bytes()));
    else r.skip(type);
  }
  return layers;
}

// A point in tile units of tile (z, x, y) as a Leaflet LatLng.
export function toLatLng(point, extent, { z, x, y }) {
  const n = 2 ** z;
  const lon = ((x + point[0] / extent) / n) * 360 - 180;
  const mercator = Math.PI * (1 - (2 * (y + point[1] / extent)) / n);
  return L.latLng((Math.atan(Math.sinh(mercator)) * 180) / Math.PI, lon);
}

// A Leaflet layer of vector tiles: draw(feature, latLngs, extent, coords) returns the Leaflet layers of a feature
// (or nothing). Each tile's layers leave the map with the tile. `onload(features)` hears each loaded set.
export function vectorTileLayer(urlTemplate, { draw, onload, onerror, ...options }) {
  const Grid = L.GridLayer.extend({
    initialize(opts) {
      L.GridLayer.prototype.initialize.call(this, opts);
      this.groups = new Map();
      this.on("tileunload", (event) => this.dropTile(this._tileCoordsToKey(event.coords)));
    },
    onRemove(map) {
      for (const key of [...this.groups.keys()]) this.dropTile(key);
      L.GridLayer.prototype.onRemove.call(this, map);
    },
    dropTile(key) {
      const group = this.groups.get(key);
      if (group) { group.remove(); this.groups.delete(key); }
    },
    createTile(coords, done) {
      const tile = document.createElement("div");
      const key = this._tileCoordsToKey(coords);
      const url = urlTemplate.replace("{z}", coords.z).replace("{x}", coords.x).replace("{y}", coords.y);
      fetch(url, { credentials: "same-origin" })
        .then((response) => (response.ok ? response.arrayBuffer() : Promise.reject(new Error(`${url}: ${response.status}`))))
        .then((buffer) => {
          if (!this._map) return;
          const group = L.featureGroup();
          const drawn = [];
          for (const tileLayer of decodeTile(buffer)) {
            for (const feature of tileLayer.features) {
              const latLngs = feature.parts.map((part) => part.map((point) => toLatLng(point, tileLayer.extent, coords)));
              const layers = draw(feature, latLngs, tileLayer.extent, coords);
              for (const item of [].concat(layers || [])) group.addLayer(item);
              drawn.push(feature);
            }
          }
          this.dropTile(key);
          this.groups.set(key, group);
          group.addTo(this._map);
          if (onload) onload(drawn, coords);
          done(null, tile);
        })
        .catch((error) => { if (onerror) onerror(error); done(error, tile); });
      return tile;
    },
  });
  return new Grid({ tileSize: 256, updateWhenZooming: false, keepBuffer: 1, ...options });
}
