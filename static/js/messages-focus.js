// After an action the page is a new one: put the focus on what happened, so that screen readers say it. A form
// that came back has its error summary focused instead; a part of the page the address points to and that
// takes the focus itself (e.g. "#deine-meinung") keeps it.
// After "load": the browser's own jump to the address's #part would otherwise take the focus back.
window.addEventListener("load", () => setTimeout(() => {
  if (document.getElementById("error-summary")) return;
  const target = location.hash.length > 1 ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
  if (target && target.hasAttribute("tabindex")) return;
  document.getElementById("messages").focus({ preventScroll: Boolean(target) });
}));
