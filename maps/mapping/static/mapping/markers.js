// Markers of the map format: a circle in the category's colour with its icon; clusters show their count.

export function categoryIcon(category, sprite) {
  const colour = category ? category.colour : "#b0001e";
  const icon = category ? category.icon : "pin";
  return L.divIcon({
    className: "map-marker",
    html: `<span class="category-icon" aria-hidden="true"><svg focusable="false" color="${colour}" viewBox="-7 -7 38 38"><use href="${sprite}#${icon}" width="24" height="24"></use></svg></span>`,
    iconSize: [34, 34],
    iconAnchor: [17, 17],
    popupAnchor: [0, -16],
  });
}

export function clusterIcon(count) {
  const size = count < 10 ? 34 : count < 100 ? 40 : count < 1000 ? 48 : 56;
  return L.divIcon({
    className: "map-cluster",
    html: `<span aria-hidden="true">${count.toLocaleString(document.documentElement.lang)}</span>`,
    iconSize: [size, size],
    iconAnchor: [size / 2, size / 2],
  });
}

export { format } from "../js/place-input.js";
