// Adding documents (web/_upload.py): files dropped on the box or chosen are sent one per
// request, each with its own progress bar, and each says "recorded and searchable" only when
// the server has recorded and indexed it. Without this script the form posts them all at once.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form || !window.FormData || !window.XMLHttpRequest) { return; }
  var input = document.getElementById("upload-files");
  var zone = document.getElementById("dropzone");
  var list = document.getElementById("upload-progress");
  var words = form.dataset;

  function row(file) {
    var item = document.createElement("li");
    var name = document.createElement("span");
    name.className = "name";
    name.textContent = file.name;
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    var state = document.createElement("span");
    state.className = "state";
    state.textContent = words.sending;
    item.append(name, bar, state);
    list.append(item);
    return {item: item, bar: bar, state: state};
  }

  function said(xhr) {
    try { return JSON.parse(xhr.responseText).error || ""; } catch (e) { return ""; }
  }

  function send(file, shown) {
    return new Promise(function (resolve) {
      var data = new FormData();
      form.querySelectorAll("input[type=hidden], select, input[name=by]").forEach(function (f) {
        data.append(f.name, f.value);
      });
      data.append("files", file, file.name);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable) { shown.bar.value = 100 * event.loaded / event.total; }
      });
      xhr.upload.addEventListener("load", function () {
        shown.bar.value = 100;
        shown.state.textContent = words.recording;
      });
      xhr.addEventListener("load", function () {
        if (xhr.status === 200) {
          var answer = JSON.parse(xhr.responseText);
          shown.item.className = "done";
          shown.state.textContent = words.done;
          answer.files.forEach(function (added) {
            var link = document.createElement("a");
            link.href = added.url;
            link.textContent = added.path;
            var path = document.createElement("small");
            path.append(link);
            shown.item.append(document.createElement("br"), path);
          });
        } else {
          shown.item.className = "failed";
          shown.state.textContent = words.failed + "：" + (said(xhr) || xhr.status);
        }
        resolve();
      });
      xhr.addEventListener("error", function () {
        shown.item.className = "failed";
        shown.state.textContent = words.failed;
        resolve();
      });
      xhr.send(data);
    });
  }

  function upload(files) {
    if (!files.length) { return; }
    list.textContent = "";
    var rows = files.map(row);
    // one after another: the repository takes one writer at a time
    files.reduce(function (chain, file, i) {
      return chain.then(function () { return send(file, rows[i]); });
    }, Promise.resolve()).then(function () { input.value = ""; });
  }

  form.addEventListener("submit", function (event) {
    if (!form.reportValidity()) { return; }
    event.preventDefault();
    upload(Array.prototype.slice.call(input.files));
  });
  ["dragenter", "dragover"].forEach(function (kind) {
    zone.addEventListener(kind, function (event) {
      event.preventDefault();
      zone.classList.add("over");
    });
  });
  ["dragleave", "drop"].forEach(function (kind) {
    zone.addEventListener(kind, function () { zone.classList.remove("over"); });
  });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    if (form.reportValidity()) { upload(Array.prototype.slice.call(event.dataTransfer.files)); }
  });
}());
