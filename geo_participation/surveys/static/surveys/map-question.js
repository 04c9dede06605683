// Map questions of a survey: set one or more marks (points, or lines, or areas) inside the survey's area, each
// with a category if the question has categories. With the mouse (click or tap; drag a point to move it), with
// the keyboard alone (arrow keys move the map under the crosshair, Enter sets a point there, Backspace takes the
// last one back), by searching an address, or by typing coordinates. The marks are listed below the map, where
// each one's category is chosen and a mark is removed; a live region says what happened and where.
// The hidden field "q<id>" carries the marks as JSON ([{geometry, category}]); the server checks them again.
import { createMap } from "../js/map-base.js";
import {
  Sketch, describePlace, format, insideArea, localNumber, onMapKeys, parseLocalNumber, placeSearch, showArea,
} from "../js/place-input.js";

const config = JSON.parse(document.getElementById("survey-map-config").textContent);
const S = config.strings;

function numberedIcon(n) {
  return L.divIcon({ className: "mark-marker", html: `<span aria-hidden="true">${n}</span>`, iconSize: [30, 30], iconAnchor: [15, 15] });
}

function mapQuestion(element) {
  const id = element.dataset.mapQuestion;
  const question = config.questions[id];
  const { kind, max, categories } = question;
  const $ = (suffix) => document.getElementById(`${id}-${suffix}`);
  const mapElement = $("map");
  const input = document.getElementById(`id_${id}`);
  const tools = $("tools");
  const list = $("marks");
  const liveRegion = $("announcement");
  const latInput = document.getElementById(`id_${id}_lat`);
  const lonInput = document.getElementById(`id_${id}_lon`);
  const announce = (text) => { liveRegion.textContent = text; };

  $("keys").hidden = false;
  tools.hidden = false;
  $("wrap").classList.add("show-crosshair");
  for (const element of document.querySelectorAll(`[data-no-js-for="${id}"]`)) element.hidden = true;
  if (latInput) $("add-typed").hidden = false;

  const map = createMap(mapElement, { maxZoom: 19, keyboardPanDelta: 60 });
  const areaLayer = showArea(map, config.area);

  const marks = []; // {sketch, category, place}
  let drawing = null; // the line or area being drawn (kinds other than points)

  function save() {
    const value = marks.filter((mark) => mark.sketch.complete)
      .map((mark) => ({ geometry: mark.sketch.toGeoJSON(), category: mark.category || null }));
    input.value = JSON.stringify(value);
  }

  function describeMark(mark, index) {
    const n = index + 1;
    const vertices = mark.sketch.vertices.length;
    const where = mark.place ? format(S.at, { place: mark.place }) : "";
    if (kind === "point") return format(S.pointMark, { n, where });
    const shape = format(S[kind === "line" ? "lineMark" : "polygonMark"], { n, count: vertices, where });
    return mark === drawing ? `${shape} ${S.drawing}` : shape;
  }

  function renderList() {
    list.replaceChildren(...marks.map((mark, index) => {
      const n = index + 1;
      const item = document.createElement("li");
      const text = document.createElement("span");
      text.textContent = describeMark(mark, index);
      item.append(text);
      if (categories.length) {
        const label = document.createElement("label");
        label.htmlFor = `${id}-mark-${n}-category`;
        label.textContent = format(S.categoryOf, { n });
        const select = document.createElement("select");
        select.id = label.htmlFor;
        select.append(new Option(S.chooseCategory, ""), ...categories.map((c) => new Option(c, c, false, c === mark.category)));
        select.addEventListener("change", () => {
          mark.category = select.value;
          save();
        });
        item.append(" ", label, " ", select);
      }
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "button secondary small";
      remove.textContent = format(S.remove, { n });
      remove.addEventListener("click", () => removeMark(index, { fromList: true }));
      item.append(" ", remove);
      return item;
    }));
    $("marks-heading").hidden = marks.length === 0;
    marks.forEach((mark, index) => {
      if (mark.sketch.marker) mark.sketch.marker.setIcon(numberedIcon(index + 1));
    });
    save();
  }

  async function locate(mark, latlng) {
    mark.place = null;
    const place = await describePlace(config.reverseUrl, latlng);
    if (!marks.includes(mark)) return;
    mark.place = place;
    const index = marks.indexOf(mark);
    const text = list.children[index]?.firstChild;
    if (text) text.textContent = describeMark(mark, index); // only the words: a select being used keeps its focus
    let words = kind === "point" ? format(S.pointSet, { n: index + 1, place })
      : mark.sketch.vertices.length === 1 ? format(S[`${kind}Start`], { n: index + 1, place })
        : format(S[`${kind}Vertex`], { n: index + 1, count: mark.sketch.vertices.length, place });
    if (!insideArea(config.area, latlng)) words += ` ${S.outside}`;
    if (kind === "point") words += ` ${format(S.coordinates, { lat: localNumber(latlng.lat), lon: localNumber(latlng.lng) })}`;
    announce(words);
    mapElement.dataset.described = String(Number(mapElement.dataset.described || 0) + 1);
  }

  function newMark() {
    if (marks.length >= max) {
      announce(format(S.full, { max }));
      return null;
    }
    const mark = { category: "", place: null };
    mark.sketch = new Sketch(map, {
      kind,
      icon: kind === "point" ? numberedIcon(marks.length + 1) : null,
      onDrag: (latlng) => {
        save();
        locate(mark, latlng);
      },
    });
    marks.push(mark);
    return mark;
  }

  function setPoint(latlng) {
    if (kind === "point") {
      const mark = newMark();
      if (!mark) return;
      mark.sketch.add(latlng);
      renderList();
      locate(mark, latlng);
      return;
    }
    if (!drawing) {
      drawing = newMark();
      if (!drawing) return;
    }
    drawing.sketch.add(latlng);
    renderList();
    locate(drawing, latlng);
  }

  function finish() {
    if (!drawing) {
      announce(S.nothingDrawn);
      return;
    }
    if (!drawing.sketch.complete) {
      announce(S[`${kind}TooShort`]);
      return;
    }
    const n = marks.indexOf(drawing) + 1;
    drawing = null;
    renderList();
    announce(format(S.finished, { n }));
  }

  // ``fromList``: its button is gone with it, so the focus goes to the next mark's button (or the map).
  function removeMark(index, { fromList = false } = {}) {
    const [mark] = marks.splice(index, 1);
    mark.sketch.remove();
    if (mark === drawing) drawing = null;
    renderList();
    announce(format(S.removed, { n: index + 1 }));
    if (fromList) (list.querySelectorAll("li button")[Math.min(index, marks.length - 1)] || mapElement).focus();
  }

  function undo() {
    if (drawing) {
      drawing.sketch.pop();
      if (!drawing.sketch.vertices.length) {
        marks.splice(marks.indexOf(drawing), 1);
        drawing.sketch.remove();
        drawing = null;
      }
      renderList();
      announce(S.vertexRemoved);
      return true;
    }
    if (kind === "point" && marks.length) {
      removeMark(marks.length - 1);
      return true;
    }
    return false;
  }

  map.on("click", (event) => setPoint(event.latlng));
  // Where the crosshair is, once the map has stopped (tests wait for it, as a person waits for the map to move).
  map.on("moveend", () => { mapElement.dataset.centre = map.getCenter().toString(); });
  onMapKeys(mapElement, map, { enter: setPoint, backspace: undo });
  tools.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    if (button.dataset.action === "place") setPoint(map.getCenter());
    else if (button.dataset.action === "undo" && !undo()) announce(S.nothingDrawn);
    else if (button.dataset.action === "finish") finish();
  });

  function typedPoint() {
    const lat = parseLocalNumber(latInput.value);
    const lon = parseLocalNumber(lonInput.value);
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) return false;
    const latlng = L.latLng(lat, lon);
    setPoint(latlng);
    map.setView(latlng, Math.max(map.getZoom(), 16));
    latInput.value = "";
    lonInput.value = "";
    return true;
  }
  if (latInput) {
    $("add-typed").addEventListener("click", () => {
      if (!typedPoint()) announce(S.typeBoth);
    });
    // Coordinates typed but not added yet are added when the form is sent.
    input.form.addEventListener("submit", () => typedPoint());
  }

  placeSearch({
    input: document.getElementById(`id_${id}_place`),
    listbox: $("results"),
    url: config.gazetteerUrl,
    announce,
    strings: S,
    idPrefix: `${id}-place-option-`,
    onChoose(feature, latlng) {
      map.setView(latlng, 18);
      if (kind === "point") setPoint(latlng);
      else announce(format(S.moved, { place: feature.properties.name }));
    },
  });

  // The marks already given (a saved draft, or a form sent back with a problem).
  for (const given of question.initial || []) {
    if (!given || !given.geometry) continue;
    const mark = newMark();
    if (!mark) break;
    mark.category = given.category || "";
    mark.sketch.setGeoJSON(given.geometry);
  }
  renderList();
  // A question shown by an earlier answer (survey-form.js) had no size while it was hidden.
  element.closest(".question")?.addEventListener("question-shown", () => {
    map.invalidateSize();
    if (!marks.length) map.fitBounds(areaLayer.getBounds(), { animate: false });
  });
  const placed = marks.map((mark) => mark.sketch.bounds()).filter(Boolean);
  if (placed.length) map.fitBounds(placed.reduce((all, b) => all.extend(b), L.latLngBounds(placed[0].getSouthWest(), placed[0].getNorthEast())), { maxZoom: 18, animate: false });
  mapElement.dataset.centre = map.getCenter().toString();
  mapElement.dataset.ready = "true";
}

for (const element of document.querySelectorAll("[data-map-question]")) mapQuestion(element);
