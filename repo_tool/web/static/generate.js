// The generate page: on form 2.01, choosing another unit chooses that unit's latest review
// cycle with reviews (each unit option carries it as data-cycle). Without this script the
// page still works: the server chose the cycle for the unit the page was opened with.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("form-201");
  if (!form) { return; }
  var unit = form.querySelector("select[name=unit]");
  var cycle = form.querySelector("select[name=cycle]");
  unit.addEventListener("change", function () {
    var wanted = unit.options[unit.selectedIndex].getAttribute("data-cycle");
    if (wanted) { cycle.value = wanted; }
  });
});
