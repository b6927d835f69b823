// Search as you type: a help the search page works without (the form submits as before).
// 300 ms after the last change to the form, the same /search page is fetched with partial=1,
// which returns only the results; they replace the results region and the address follows
// (history.replaceState), so reloading or sharing the page shows the same results.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var results = document.getElementById("results");
  if (!form || !results || !window.fetch || !window.URLSearchParams) {
    return;
  }
  var timer = null;
  var latest = 0;

  function query() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (value !== "") {
        params.append(key, value);
      }
    });
    return params;
  }

  function update() {
    var params = query();
    var asked = ++latest;
    var address = form.getAttribute("action") + (params.toString() ? "?" + params : "");
    params.append("partial", "1");
    results.setAttribute("aria-busy", "true");
    fetch(form.getAttribute("data-partial") + "?" + params, {credentials: "same-origin"})
      .then(function (reply) {
        if (!reply.ok) {
          throw new Error(String(reply.status));
        }
        return reply.text();
      })
      .then(function (html) {
        if (asked !== latest) {
          return; // an answer to an older query came late: a newer one is on its way
        }
        results.innerHTML = html;
        results.removeAttribute("aria-busy");
        history.replaceState(null, "", address);
        // scripts in swapped-in HTML do not run: tell the page's other parts (the hit
        // thumbnails of preview.js) that new results are in
        document.dispatchEvent(new CustomEvent("results-replaced"));
      })
      .catch(function () {
        // a bad value (a date half typed) or a server away: leave the results as they were;
        // pressing the search button still submits the form and shows the reason
        results.removeAttribute("aria-busy");
      });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 300);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
}());
