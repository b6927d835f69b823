// The generate page, two small helps; without this script the page works the same.
// - Form 2.01: choosing another unit chooses that unit's latest review cycle with reviews
//   (each unit option carries it as data-cycle).
// - Sending any form takes away the reason an earlier one was refused: a download leaves the
//   page as it is, so the old message would stay; a new refusal brings the page back anyway.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("form-201");
  if (form) {
    var unit = form.querySelector("select[name=unit]");
    var cycle = form.querySelector("select[name=cycle]");
    unit.addEventListener("change", function () {
      var wanted = unit.options[unit.selectedIndex].getAttribute("data-cycle");
      if (wanted) { cycle.value = wanted; }
    });
  }
  document.querySelectorAll(".card form").forEach(function (each) {
    each.addEventListener("submit", function () {
      document.querySelectorAll(".card .error").forEach(function (said) { said.remove(); });
    });
  });
});
