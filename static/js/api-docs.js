// Swagger UI (API documentation) made usable without sight, where its own markup is not (axe found these): every
// parameter's drop-down and every model's expand button gets a name, and example code boxes that scroll can be
// reached with the keyboard. Swagger UI renders as the reader opens things, so each new part is fixed as it comes.
const name = (element, text) => { if (text && !element.getAttribute("aria-label")) element.setAttribute("aria-label", text); };

function fix(root) {
  for (const select of root.querySelectorAll("tr[data-param-name] select")) {
    name(select, select.closest("tr").dataset.paramName);
  }
  for (const button of root.querySelectorAll("button.model-box-control")) {
    if (!button.textContent.trim()) {  // a button with words is named by them; only the empty ones need a name
      name(button, button.closest(".model-container, .model-box, .property-row")?.querySelector(".model-title, td")
        ?.textContent.trim());
    }
  }
  for (const input of root.querySelectorAll("tr[data-param-name] input, tr[data-param-name] textarea")) {
    name(input, input.closest("tr").dataset.paramName);
  }
  for (const body of root.querySelectorAll(".body-param textarea")) name(body, "Request body");
  for (const code of root.querySelectorAll(".highlight-code > .microlight, pre.microlight")) {
    if (!code.hasAttribute("tabindex")) code.setAttribute("tabindex", "0");
  }
}

new MutationObserver(() => fix(document)).observe(document.body, { childList: true, subtree: true });
fix(document);
