// Thumbnails drawn in the background appear when ready: the page asks how they stand every
// 1.5 s for a while, then shows them. Without JavaScript the placeholder stays until a reload.
(function () {
  "use strict";
  var WAIT = 1500, TRIES = 120;

  function poll(url, tries, done) {
    fetch(url, {cache: "no-store", credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        if (!s) { return; }
        if (s.state === "pending" && tries > 0) {
          window.setTimeout(function () { poll(url, tries - 1, done); }, WAIT);
        } else { done(s); }
      })
      .catch(function () {});
  }

  function pages(box) {
    poll(box.dataset.state, TRIES, function (s) {
      if (s.state !== "ready") { return; }
      box.textContent = "";
      for (var n = 1; n <= s.pages; n++) {
        var fig = document.createElement("figure"), img = document.createElement("img");
        var cap = document.createElement("figcaption");
        fig.className = "pv-page";
        img.src = box.dataset.page + "&page=" + n;
        img.alt = box.dataset.alt + " " + n;
        img.width = 120;
        cap.textContent = String(n);
        if (box.dataset.view) {
          var link = document.createElement("a");
          link.href = box.dataset.view + "#page=" + n;
          link.appendChild(img);
          fig.appendChild(link);
        } else { fig.appendChild(img); }
        fig.appendChild(cap);
        box.appendChild(fig);
      }
      box.removeAttribute("data-pending");
    });
  }

  function hit(img) {
    poll(img.dataset.state, TRIES, function (s) {
      if (s.state === "ready") { img.src = img.src.split("&ready")[0] + "&ready=1"; }
    });
  }

  var box = document.getElementById("pv-pages");
  if (box && box.dataset.pending) { pages(box); }
  function allHits() {
    var hits = document.querySelectorAll(".pv-hit img[data-state]");
    for (var i = 0; i < hits.length; i++) { hit(hits[i]); }
  }
  allHits();
  document.addEventListener("results-replaced", allHits);  // search as you type (pages.js)
})();
