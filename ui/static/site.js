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

// Phone menu: the button (shown by the stylesheet on narrow screens where
// scripts run) opens and closes the menu; Escape closes it and gives the
// focus back to the button. Without this script the whole menu shows.
document.addEventListener("DOMContentLoaded", function () {
  var button = document.querySelector(".menu-toggle");
  var menu = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!menu) { return; }
  function set(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    menu.classList.toggle("is-open", open);
  }
  button.addEventListener("click", function () { set(button.getAttribute("aria-expanded") !== "true"); });
  menu.parentNode.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && button.getAttribute("aria-expanded") === "true" && getComputedStyle(button).display !== "none") {
      set(false);
      button.focus();
    }
  });
});
