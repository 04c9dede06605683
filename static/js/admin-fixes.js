// The administration's accessibility fixes to markup Django's scripts write (axe found them).
// The two-list selector (filter_horizontal) puts an aria-label on a plain <span> icon, where ARIA does not allow one:
// as an image, the icon may carry its name.
const fix = (root) => {
  for (const icon of root.querySelectorAll?.(".search-label-icon[aria-label]:not([role])") ?? []) {
    icon.setAttribute("role", "img");
  }
};
new MutationObserver((changes) => changes.forEach((change) => change.addedNodes.forEach((node) => {
  if (node.nodeType === Node.ELEMENT_NODE) fix(node.parentElement ?? node);
}))).observe(document.documentElement, { childList: true, subtree: true });
fix(document);
