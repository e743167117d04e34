// trangtin: the featured photo (ảnh đại diện) in the article editor. The
// server offers the library's newest photos as radio buttons, which work
// without this script; with it, a new photo is uploaded and chosen in
// place, and older photos are found by a search of the library. Neither
// puts the photo in the body: the public page shows it once, above it.
(function () {
  "use strict";
  var host = document.querySelector("[data-photo-picker]");
  if (!host || !window.fetch || !window.FormData) return;
  var uploadURL = host.getAttribute("data-photo-picker");
  var libraryURL = host.getAttribute("data-library");
  var list = document.querySelector(".photo-choices");
  if (!list) return;

  var box = document.createElement("div");
  box.className = "photo-tools";
  box.innerHTML =
    '<div class="photo-tool"><p class="photo-tool-title" id="anh-moi-nhan">Tải ảnh mới làm ảnh đại diện</p>' +
    '<div class="field"><label for="anh-moi-tep">Tệp ảnh (JPEG, PNG, GIF hoặc WebP)</label>' +
    '<input type="file" id="anh-moi-tep" accept="image/jpeg,image/png,image/gif,image/webp"></div>' +
    '<div class="field"><label for="anh-moi-mo-ta">Mô tả ảnh <span class="required">(bắt buộc)</span></label>' +
    '<input type="text" id="anh-moi-mo-ta" maxlength="300"></div>' +
    '<div class="field"><label for="anh-moi-chu-thich">Chú thích</label>' +
    '<input type="text" id="anh-moi-chu-thich" maxlength="500" aria-describedby="anh-moi-chu-thich-goi-y">' +
    '<p class="field-hint" id="anh-moi-chu-thich-goi-y">Ví dụ: Ảnh: Kim Thoả.</p></div>' +
    '<button type="button" class="button button-secondary" data-act="upload">Tải lên và chọn</button></div>' +
    '<div class="photo-tool"><div class="field"><label for="anh-tim">Tìm ảnh cũ trong thư viện</label>' +
    '<input type="search" id="anh-tim" maxlength="200" aria-describedby="anh-tim-goi-y">' +
    '<p class="field-hint" id="anh-tim-goi-y">Tên tệp, mô tả hoặc chú thích. Ảnh tìm được hiện thêm vào danh sách để chọn.</p></div>' +
    '<button type="button" class="button button-secondary" data-act="search">Tìm ảnh</button></div>' +
    '<p class="picker-status" role="status" id="anh-dai-dien-trang-thai"></p>';
  host.parentNode.insertBefore(box, host.nextSibling);
  var status = box.querySelector("[role=status]");
  function say(msg, bad) {
    status.textContent = msg;
    status.className = "picker-status" + (bad ? " picker-status-error" : "");
  }

  // choice adds (or finds) the radio of photo p and checks it when asked.
  function choice(p, check) {
    var id = "photo-" + p.id;
    var input = document.getElementById(id);
    if (!input) {
      var li = document.createElement("li");
      li.className = "photo-choice";
      input = document.createElement("input");
      input.type = "radio";
      input.name = "photo";
      input.id = id;
      input.value = String(p.id);
      var label = document.createElement("label");
      label.setAttribute("for", id);
      var img = document.createElement("img");
      img.src = p.thumb;
      img.alt = "";
      img.width = 120;
      var span = document.createElement("span");
      span.textContent = p.alt || "(chưa có mô tả)";
      label.appendChild(img);
      label.appendChild(document.createTextNode(" "));
      label.appendChild(span);
      li.appendChild(input);
      li.appendChild(label);
      var none = list.firstElementChild;
      list.insertBefore(li, none ? none.nextSibling : null);
    }
    if (check) {
      input.checked = true;
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }
    return input;
  }

  box.addEventListener("click", function (e) {
    var act = e.target.getAttribute && e.target.getAttribute("data-act");
    if (act === "upload") {
      var file = box.querySelector("#anh-moi-tep").files[0];
      var alt = box.querySelector("#anh-moi-mo-ta").value.trim();
      if (!file) { say("Hãy chọn tệp ảnh.", true); box.querySelector("#anh-moi-tep").focus(); return; }
      if (!alt) { say("Hãy nhập mô tả ảnh.", true); box.querySelector("#anh-moi-mo-ta").focus(); return; }
      var fd = new FormData();
      fd.append("file", file);
      fd.append("alt", alt);
      fd.append("caption", box.querySelector("#anh-moi-chu-thich").value);
      e.target.disabled = true;
      say("Đang tải ảnh lên…");
      fetch(uploadURL, { method: "POST", body: fd, credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (res) { return res.json().then(function (d) { return { ok: res.ok, d: d, status: res.status }; }, function () { return { ok: false, d: null, status: res.status }; }); })
        .then(function (r) {
          e.target.disabled = false;
          if (!r.ok || !r.d || !r.d.id) {
            say(r.d && r.d.error ? r.d.error.message : "Không tải được ảnh lên (mã lỗi " + r.status + ").", true);
            return;
          }
          choice(r.d, true);
          box.querySelector("#anh-moi-tep").value = "";
          say("Đã tải lên và chọn làm ảnh đại diện. Ảnh không được chèn vào nội dung bài.");
        })
        .catch(function () { e.target.disabled = false; say("Không kết nối được máy chủ để tải ảnh. Vui lòng thử lại.", true); });
    } else if (act === "search") {
      var q = box.querySelector("#anh-tim").value.trim();
      say("Đang tìm…");
      fetch(libraryURL + "?dang=json&q=" + encodeURIComponent(q), { credentials: "same-origin" })
        .then(function (res) { return res.ok ? res.json() : Promise.reject(res.status); })
        .then(function (photos) {
          photos.forEach(function (p) { choice(p, false); });
          say(photos.length ? "Tìm thấy " + photos.length + " ảnh; các ảnh đã hiện trong danh sách ảnh đại diện." : "Không tìm thấy ảnh nào.");
        })
        .catch(function () { say("Không tìm được trong thư viện. Vui lòng thử lại.", true); });
    }
  });
  box.querySelector("#anh-tim").addEventListener("keydown", function (e) {
    if (e.key === "Enter") { e.preventDefault(); box.querySelector("[data-act=search]").click(); }
  });
})();
