// Progressive enhancements only: every page reads and works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
});

// Satisfaction rating: hide the form of an item this browser already rated
// (its list of rated items is the da-danh-gia cookie), and send a rating
// without leaving the page. Without this script the form posts and the
// server answers with a thank-you page.
document.addEventListener("DOMContentLoaded", function () {
  var rated = (document.cookie.match(/(?:^|;\s*)da-danh-gia=([^;]*)/) || [])[1] || "";
  var keys = rated.split(".");
  document.querySelectorAll("[data-rating-key]").forEach(function (box) {
    var form = box.querySelector("form");
    var done = box.querySelector(".rating-done");
    if (!form || !done) { return; }
    if (keys.indexOf(box.getAttribute("data-rating-key")) >= 0) {
      form.hidden = true;
      done.hidden = false;
    }
    form.addEventListener("submit", function (ev) {
      if (!window.fetch || !window.FormData) { return; }
      ev.preventDefault();
      var data = new URLSearchParams(new FormData(form));
      if (ev.submitter && ev.submitter.name) { data.set(ev.submitter.name, ev.submitter.value); }
      fetch(form.action, { method: "POST", body: data, headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (res) { return res.json().then(function (body) { return { ok: res.ok, body: body }; }); })
        .then(function (r) {
          done.textContent = r.ok ? r.body.message : ((r.body.error && r.body.error.message) || "Chưa gửi được đánh giá. Vui lòng thử lại.");
          form.hidden = r.ok;
          done.hidden = false;
          // The button that had focus is gone: keep the reader's place.
          done.setAttribute("tabindex", "-1");
          done.focus();
        })
        .catch(function () { done.textContent = "Chưa gửi được đánh giá. Vui lòng thử lại."; done.hidden = false; });
    });
  });
});

// Visit counter: a cached page carries the figures it was rendered with;
// fetch the current ones.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.querySelector("[data-visits]");
  if (!box || !window.fetch) { return; }
  fetch(box.getAttribute("data-visits"), { credentials: "omit" })
    .then(function (res) { return res.ok ? res.json() : null; })
    .then(function (f) {
      if (!f) { return; }
      box.querySelectorAll("[data-visits-field]").forEach(function (dd) {
        var v = f[dd.getAttribute("data-visits-field")];
        if (typeof v === "string") { dd.textContent = v; }
      });
    })
    .catch(function () {});
});

// Copy buttons: data-copy names the element whose text (or, for a link,
// address) is copied; the button stays hidden without this script, where
// the text is there to select by hand.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source || !navigator.clipboard) { return; }
    var done = button.parentNode.querySelector(".copy-done");
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = source.href || source.value || source.textContent;
      navigator.clipboard.writeText(text.trim()).then(function () {
        if (done) { done.textContent = "Đã sao chép."; }
      }, function () {
        if (done) { done.textContent = "Chưa sao chép được; hãy chọn và sao chép bằng tay."; }
      });
    });
  });
});

// "Tìm nâng cao": the filters fold on a phone so that the results come
// first; on a wide screen there is room for them, so they open. Without
// this script they stay folded (open when a filter is set).
document.addEventListener("DOMContentLoaded", function () {
  if (!window.matchMedia || !window.matchMedia("(min-width: 48rem)").matches) { return; }
  document.querySelectorAll("details[data-mo-rong]").forEach(function (d) { d.open = true; });
});

// Documents list: "Xem trước" shows the PDF in a frame under its row, on a
// wide screen. Without this script, or on a phone, the link opens the
// PDF (served inline for the preview) in a new tab.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("a[data-xem-truoc]").forEach(function (link) {
    link.setAttribute("aria-expanded", "false");
    link.addEventListener("click", function (ev) {
      if (!window.matchMedia || !window.matchMedia("(min-width: 48rem)").matches) { return; }
      ev.preventDefault();
      var row = link.closest("tr");
      var next = row.nextElementSibling;
      if (next && next.classList.contains("doc-preview-row")) {
        next.remove();
        link.setAttribute("aria-expanded", "false");
        return;
      }
      var tr = document.createElement("tr");
      tr.className = "doc-preview-row";
      var td = document.createElement("td");
      td.colSpan = row.children.length;
      var frame = document.createElement("iframe");
      frame.className = "doc-preview-frame";
      frame.title = "Xem trước " + link.getAttribute("data-xem-truoc");
      frame.src = link.getAttribute("href");
      td.appendChild(frame);
      tr.appendChild(td);
      row.after(tr);
      link.setAttribute("aria-expanded", "true");
    });
  });
});
