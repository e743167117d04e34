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

// Videos in a body: a figure.video holds a plain link to YouTube or VTV,
// which works without this script. For YouTube the link becomes a
// placeholder whose button puts the player in its place: nothing is
// requested from YouTube before the reader asks.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("figure.video").forEach(function (fig) {
    var link = fig.querySelector("a[href]");
    if (!link) { return; }
    var m = link.href.match(/^https:\/\/(?:www\.|m\.)?(?:youtube\.com\/(?:watch\?(?:.*&)?v=|shorts\/|embed\/)|youtu\.be\/)([A-Za-z0-9_-]{11})/);
    var cap = fig.querySelector("figcaption");
    var title = cap ? cap.textContent.trim() : "";
    var box = document.createElement("div");
    box.className = "video-placeholder";
    var note = document.createElement("p");
    note.className = "video-note";
    if (!m) {
      note.textContent = "Video được phát trên trang nguồn. ";
      box.appendChild(note);
      fig.insertBefore(box, link);
      note.appendChild(link);
      return;
    }
    var id = m[1];
    var play = document.createElement("button");
    play.type = "button";
    play.className = "video-play";
    play.textContent = "Phát video" + (title ? ": " + title : "");
    note.textContent = "Video do YouTube cung cấp, chỉ được tải khi bạn bấm phát. ";
    var open = link.cloneNode(true);
    open.textContent = "Mở trên YouTube";
    note.appendChild(open);
    box.appendChild(play);
    box.appendChild(note);
    fig.replaceChild(box, link);
    play.addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.src = "https://www.youtube-nocookie.com/embed/" + id + "?autoplay=1";
      frame.title = "Video" + (title ? ": " + title : " YouTube");
      frame.setAttribute("allow", "autoplay; encrypted-media; picture-in-picture; fullscreen");
      frame.setAttribute("allowfullscreen", "");
      frame.className = "video-frame";
      fig.replaceChild(frame, box);
      frame.focus();
    });
  });
});

// Galleries in a body: figure.gallery holds figures of photos, shown as a
// grid without this script. With it, each photo opens a viewer (a modal
// dialog: Esc closes it, the arrow keys and buttons go to the previous and
// next photo, the focus comes back to the photo it was opened from).
document.addEventListener("DOMContentLoaded", function () {
  var galleries = document.querySelectorAll("figure.gallery");
  if (!galleries.length || typeof HTMLDialogElement !== "function") { return; }
  var dlg = document.createElement("dialog");
  dlg.className = "gallery-viewer";
  dlg.setAttribute("aria-label", "Xem ảnh");
  dlg.innerHTML = '<figure><img alt=""><figcaption></figcaption></figure>' +
    '<p class="gallery-count" aria-live="polite"></p>' +
    '<p class="gallery-buttons"><button type="button" class="button" data-go="-1">Ảnh trước</button> ' +
    '<button type="button" class="button" data-go="1">Ảnh sau</button> ' +
    '<button type="button" class="button" data-close>Đóng</button></p>';
  document.body.appendChild(dlg);
  var img = dlg.querySelector("img"), cap = dlg.querySelector("figcaption"), count = dlg.querySelector(".gallery-count");
  var items = [], at = 0, opener = null;
  function show(i) {
    at = (i + items.length) % items.length;
    var src = items[at].img;
    img.src = src.currentSrc || src.src;
    if (src.srcset) { img.srcset = src.srcset; img.sizes = "100vw"; } else { img.removeAttribute("srcset"); }
    img.alt = src.alt;
    cap.textContent = items[at].caption;
    cap.hidden = !items[at].caption;
    count.textContent = "Ảnh " + (at + 1) + "/" + items.length;
  }
  dlg.addEventListener("click", function (e) {
    var t = e.target.closest("button");
    if (t && t.hasAttribute("data-go")) { show(at + Number(t.getAttribute("data-go"))); }
    else if (t && t.hasAttribute("data-close")) { dlg.close(); }
  });
  dlg.addEventListener("keydown", function (e) {
    if (e.key === "ArrowRight") { e.preventDefault(); show(at + 1); }
    if (e.key === "ArrowLeft") { e.preventDefault(); show(at - 1); }
  });
  dlg.addEventListener("close", function () { if (opener) { opener.focus(); } });
  galleries.forEach(function (g) {
    var list = [];
    g.querySelectorAll(":scope > figure").forEach(function (f) {
      var im = f.querySelector("img");
      if (!im) { return; }
      var c = f.querySelector("figcaption");
      list.push({ img: im, caption: c ? c.textContent.trim() : "" });
    });
    list.forEach(function (it, i) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "gallery-open";
      b.setAttribute("aria-label", "Xem ảnh lớn " + (i + 1) + "/" + list.length + (it.img.alt ? ": " + it.img.alt : ""));
      it.img.parentNode.insertBefore(b, it.img);
      b.appendChild(it.img);
      b.addEventListener("click", function () {
        items = list;
        opener = b;
        show(i);
        dlg.showModal();
        dlg.querySelector("[data-go='1']").focus();
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
