// The map page's live map: Leaflet (vendored in static/leaflet) with clustered markers that
// split as you zoom, a popup per site and launch→landing lines. Without this script (or
// without JavaScript) the page keeps its server-drawn SVG map and the list of places.
"use strict";

function escapeText(text) {
  const span = document.createElement("span");
  span.textContent = text;
  return span.innerHTML;
}

function sitePopup(site) {
  const what = site.kind === "launch" ? "launch" : "landing";
  const count = `${site.events} ${what}${site.events === 1 ? "" : "s"}`;
  const last = site.last ? `, the latest on ${escapeText(site.last)}` : "";
  return `<strong>${escapeText(site.name)}</strong><br>${count}${last}<br>` +
    `<a href="${escapeText(site.href)}">List its events</a>`;
}

async function startMap() {
  const box = document.getElementById("live-map");
  if (!box || typeof L === "undefined" || typeof L.markerClusterGroup !== "function") return;
  box.hidden = false;
  const map = L.map(box, { worldCopyJump: true, minZoom: 1, maxZoom: 12 }).setView([30, 130], 2);
  map.attributionControl.setPrefix(false);
  if (box.dataset.tiles) {
    L.tileLayer(box.dataset.tiles, { attribution: escapeText(box.dataset.attribution || "") }).addTo(map);
  } else {
    const land = await (await fetch(box.dataset.basemap)).json();
    L.geoJSON(land, { style: { className: "land-shape" }, interactive: false }).addTo(map);
    map.attributionControl.addAttribution("Natural Earth (public domain)");
  }
  const data = await (await fetch(box.dataset.sites)).json();
  const clusters = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 });
  const bounds = [];
  for (const site of data.sites) {
    const icon = L.divIcon({ className: `site-marker site-${site.kind}`, iconSize: [26, 26] });
    const marker = L.marker([site.lat, site.lon], { icon, title: `${site.name}: ${site.events}`, keyboard: true });
    marker.bindPopup(sitePopup(site));
    clusters.addLayer(marker);
    bounds.push([site.lat, site.lon]);
  }
  for (const [lat1, lon1, lat2, lon2] of data.lines) {
    L.polyline([[lat1, lon1], [lat2, lon2]], { className: "flight-line", interactive: false }).addTo(map);
  }
  map.addLayer(clusters);
  if (bounds.length) {
    map.fitBounds(bounds, { padding: [30, 30], maxZoom: 7, animate: false });
  }
  const fallback = document.getElementById("static-map");
  if (fallback) fallback.hidden = true;
  box.dataset.ready = "true";
}

document.addEventListener("DOMContentLoaded", () => {
  startMap().catch((error) => {
    console.warn("launchwatch: the live map could not start:", error);
    // The server-drawn map stays when the live one cannot start.
    const box = document.getElementById("live-map");
    if (box) box.hidden = true;
  });
});
