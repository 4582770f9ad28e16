// launchwatch pages: small progressive enhancements; every page works without this file.
"use strict";

// Following a link to a highlighted claim in an article's text opens that article's text.
function openTarget() {
  const id = decodeURIComponent(location.hash.slice(1));
  const target = id && document.getElementById(id);
  if (!target) return;
  const details = target.closest("details");
  if (details && !details.open) details.open = true;
  target.scrollIntoView({ block: "center" });
}
window.addEventListener("hashchange", openTarget);
document.addEventListener("DOMContentLoaded", openTarget);
