// trangtin: the media library's upload form. Without this script the form
// posts every chosen file at once; with it, each file goes in its own
// request, with a progress bar, so one refused file does not stop the
// others and a slow line shows how far it got.
(function () {
  "use strict";
  var form = document.querySelector("[data-library-upload]");
  if (!form || !window.FormData || !window.XMLHttpRequest) return;
  var input = form.querySelector("input[type=file]");
  var box = form.querySelector("[data-upload-progress]");
  var bar = box.querySelector("progress");
  var status = box.querySelector(".upload-status");
  var button = form.querySelector("button[type=submit]");

  function send(file, done) {
    var fd = new FormData();
    fd.append("files", file);
    fd.append("alt", form.elements.alt.value);
    fd.append("caption", form.elements.caption.value);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) done.progress(e.loaded / e.total);
    });
    xhr.addEventListener("load", function () {
      var body = null;
      try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
      if (xhr.status === 200 && body && body.stored && body.stored.length) { done.ok(); return; }
      var msg = body && body.problems && body.problems.length ? body.problems.join(" ") :
        body && body.error && body.error.message ? file.name + ": " + body.error.message :
        file.name + ": không tải lên được (mã lỗi " + xhr.status + ").";
      done.fail(msg);
    });
    xhr.addEventListener("error", function () { done.fail(file.name + ": không kết nối được máy chủ."); });
    xhr.send(fd);
  }

  form.addEventListener("submit", function (e) {
    var files = Array.prototype.slice.call(input.files || []);
    if (!files.length) return; // the server answers with its message
    e.preventDefault();
    box.hidden = false;
    button.disabled = true;
    var i = 0, stored = 0, problems = [];
    function next() {
      if (i >= files.length) {
        bar.value = 100;
        if (!problems.length) {
          status.textContent = "Đã tải lên " + stored + " tệp.";
          window.location.href = form.action + "?da-tai=" + stored;
          return;
        }
        button.disabled = false;
        status.textContent = "Đã tải lên " + stored + " / " + files.length + " tệp. " + problems.join(" ");
        return;
      }
      var f = files[i];
      status.textContent = "Đang tải tệp " + (i + 1) + " / " + files.length + ": " + f.name;
      send(f, {
        progress: function (part) { bar.value = Math.round((i + part) / files.length * 100); },
        ok: function () { stored++; i++; next(); },
        fail: function (msg) { problems.push(msg); i++; next(); }
      });
    }
    next();
  });
})();
