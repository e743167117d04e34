// trangtin: the article editor. It turns the body's <textarea> into a small
// WYSIWYG editor (contenteditable) with bold, italic, headings, lists,
// links, photos uploaded through /quan-tri/anh (with a caption) or taken
// from the media library (one by one or as a gallery), videos (an MP4 of
// the media library with its poster, or a YouTube or VTV address, which
// the public page loads only on a click),
// and cleaning of pasted Word and web HTML. The HTML stays in the textarea, which the form submits;
// without JavaScript the textarea is the editor. The server sanitises the
// body again on save: the cleaning here only keeps the editor tidy.
(function () {
  "use strict";

  // Elements kept, with the attributes kept on each. Others are unwrapped
  // (their text stays), or dropped with their content (DROP).
  var KEEP = {
    P: [], BR: [], B: [], STRONG: [], I: [], EM: [], U: [], S: [], SUB: [], SUP: [],
    H2: [], H3: [], H4: [], UL: [], OL: [], LI: [], BLOCKQUOTE: [],
    A: ["href"], IMG: ["src", "srcset", "sizes", "alt", "width", "height", "loading"],
    FIGURE: ["class"], FIGCAPTION: [], TABLE: [], THEAD: [], TBODY: [], TR: [],
    VIDEO: ["controls", "preload", "poster", "aria-label"], SOURCE: ["src", "type"],
    TH: ["colspan", "rowspan", "scope"], TD: ["colspan", "rowspan"]
  };
  var RENAME = { H1: "H2", H5: "H4", H6: "H4", DIV: "P", STRIKE: "S" };
  var DROP = /^(SCRIPT|STYLE|META|LINK|TITLE|HEAD|IFRAME|FRAME|OBJECT|EMBED|APPLET|TEMPLATE|NOSCRIPT|SVG|MATH|CANVAS|AUDIO|FORM|INPUT|BUTTON|SELECT|TEXTAREA|XML)$/;

  function localURL(u) {
    if (!u) return false;
    if (u.charAt(0) === "/" && u.charAt(1) !== "/" && u.charAt(1) !== "\\") return true;
    return u.indexOf(location.origin + "/") === 0;
  }
  function safeHref(u) {
    return /^(https?:|mailto:|tel:|\/|#)/i.test(u) && !/^\/\//.test(u);
  }

  // clean returns HTML with only the kept elements and attributes, and
  // the number of photos dropped because they came from elsewhere.
  function clean(html) {
    var doc = new DOMParser().parseFromString("<body>" + html, "text/html");
    var out = document.createElement("div");
    var dropped = 0;
    function walk(from, to) {
      for (var n = from.firstChild; n; n = n.nextSibling) {
        if (n.nodeType === 3) {
          to.appendChild(document.createTextNode(n.nodeValue));
          continue;
        }
        if (n.nodeType !== 1) continue; // comments, Word's conditional blocks
        var tag = n.tagName.toUpperCase();
        if (DROP.test(tag) || tag.indexOf(":") > 0 && tag !== "O:P") continue;
        tag = RENAME[tag] || tag;
        var attrs = KEEP[tag];
        if (!attrs) { walk(n, to); continue; }
        // A video of the media library only (the server checks again).
        if (tag === "VIDEO" && !localURL(n.getAttribute("poster") || "") ||
            tag === "SOURCE" && !localURL(n.getAttribute("src") || "")) continue;
        if (tag === "IMG") {
          var src = n.getAttribute("src") || "";
          if (!localURL(src) || Number(n.getAttribute("width")) === 1 || Number(n.getAttribute("height")) === 1) {
            dropped++;
            continue;
          }
        }
        var el = document.createElement(tag);
        // The attributes in their own order, so that an unchanged body
        // comes back as it was stored.
        for (var i = 0; i < n.attributes.length; i++) {
          var name = n.attributes[i].name.toLowerCase(), v = n.attributes[i].value;
          if (attrs.indexOf(name) < 0) continue;
          if (name === "href" && !safeHref(v)) continue;
          if (name === "class" && !/^(gallery|video)$/.test(v)) continue;
          if (name === "srcset" && !v.split(",").every(function (s) { return localURL(s.trim()); })) continue;
          el.setAttribute(name, v);
        }
        walk(n, el);
        // Word leaves empty paragraphs and spans behind.
        if (tag === "P" && el.textContent.replace(/[\s\u00a0]/g, "") === "" && !el.querySelector("img,br")) continue;
        to.appendChild(el);
      }
    }
    walk(doc.body, out);
    return { html: out.innerHTML, dropped: dropped };
  }

  function escapeText(s) {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }
  // textToHTML makes paragraphs of plain text: a blank line ends one.
  function textToHTML(text) {
    return text.replace(/\r\n?/g, "\n").split(/\n\s*\n/).map(function (p) {
      p = p.trim();
      return p ? "<p>" + escapeText(p).replace(/\n/g, "<br>") + "</p>" : "";
    }).join("");
  }

  function button(label, title) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    if (title) b.setAttribute("aria-label", title);
    return b;
  }

  function setup(box, n) {
    var source = box.querySelector("textarea.editor-source");
    if (!source) return;
    var form = source.form;
    var readOnly = source.disabled || source.readOnly;
    var uploadURL = box.getAttribute("data-upload");
    var libraryURL = box.getAttribute("data-library");
    var labelId = source.id + "-nhan";
    var label = document.querySelector('label[for="' + source.id + '"]');
    if (label && !label.id) label.id = labelId;

    var area = document.createElement("div");
    area.className = "editor-area";
    area.id = source.id + "-soan-thao";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    if (label) area.setAttribute("aria-labelledby", label.id);
    if (source.getAttribute("aria-describedby")) area.setAttribute("aria-describedby", source.getAttribute("aria-describedby"));
    if (source.getAttribute("aria-invalid")) area.setAttribute("aria-invalid", source.getAttribute("aria-invalid"));
    area.setAttribute("contenteditable", readOnly ? "false" : "true");
    if (readOnly) area.setAttribute("aria-readonly", "true");
    else area.tabIndex = 0;
    area.innerHTML = clean(source.value).html;

    var status = document.createElement("p");
    status.className = "editor-status";
    status.setAttribute("role", "status");
    status.id = source.id + "-trang-thai";

    function say(msg, isError) {
      status.textContent = msg;
      status.className = "editor-status" + (isError ? " editor-status-error" : "");
    }
    function sync() { source.value = area.innerHTML; }

    // The selection in the area, kept while the toolbar or the upload
    // panel has the focus.
    var saved = null;
    function keep() {
      var sel = window.getSelection();
      if (sel.rangeCount && area.contains(sel.getRangeAt(0).commonAncestorContainer)) saved = sel.getRangeAt(0).cloneRange();
    }
    function restore() {
      area.focus();
      if (saved) {
        var sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(saved);
      }
    }
    // insertBlock puts a block (a photo's figure) after the block holding
    // the cursor, never inside a paragraph, with an empty paragraph after
    // it to go on typing in.
    function insertBlock(node) {
      restore();
      var sel = window.getSelection();
      var block = null;
      if (sel && sel.rangeCount && area.contains(sel.getRangeAt(0).startContainer)) {
        block = sel.getRangeAt(0).startContainer;
        while (block && block.parentNode !== area) block = block.parentNode;
      }
      area.insertBefore(node, block ? block.nextSibling : null);
      var next = document.createElement("p");
      next.appendChild(document.createElement("br"));
      area.insertBefore(next, node.nextSibling);
      if (sel) {
        var r = document.createRange();
        r.setStart(next, 0);
        r.collapse(true);
        sel.removeAllRanges();
        sel.addRange(r);
      }
      sync();
      keep();
      dirty = true;
      updateState();
    }
    function exec(cmd, arg) {
      restore();
      document.execCommand(cmd, false, arg);
      sync();
      keep();
      dirty = true;
      updateState();
    }

    var toolbar = document.createElement("div");
    toolbar.className = "editor-toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", "Định dạng nội dung");
    toolbar.setAttribute("aria-controls", area.id);
    var pressed = [];
    function tool(label, title, fn, stateCmd) {
      var b = button(label, title);
      b.addEventListener("mousedown", function (e) { e.preventDefault(); }); // keep the selection
      b.addEventListener("click", fn);
      if (stateCmd) {
        b.setAttribute("aria-pressed", "false");
        pressed.push([b, stateCmd]);
      }
      toolbar.appendChild(b);
      return b;
    }
    function updateState() {
      for (var i = 0; i < pressed.length; i++) {
        var on = false;
        try { on = document.queryCommandState(pressed[i][1]); } catch (e) { on = false; }
        pressed[i][0].setAttribute("aria-pressed", on ? "true" : "false");
      }
    }
    var dirty = false;

    if (!readOnly) {
      tool("Đậm", "Chữ đậm", function () { exec("bold"); }, "bold");
      tool("Nghiêng", "Chữ nghiêng", function () { exec("italic"); }, "italic");
      tool("Tiêu đề", "Tiêu đề mục", function () { exec("formatBlock", "<h2>"); });
      tool("Tiêu đề nhỏ", "", function () { exec("formatBlock", "<h3>"); });
      tool("Đoạn văn", "Đoạn văn thường", function () { exec("formatBlock", "<p>"); });
      tool("Danh sách", "Danh sách có dấu đầu dòng", function () { exec("insertUnorderedList"); }, "insertUnorderedList");
      tool("Danh sách số", "", function () { exec("insertOrderedList"); }, "insertOrderedList");
      tool("Liên kết", "Tạo liên kết", function () {
        keep();
        var u = window.prompt("Địa chỉ liên kết (https://… hoặc đường dẫn bắt đầu bằng /):", "https://");
        if (u === null) { restore(); return; }
        u = u.trim();
        if (!safeHref(u) || u === "https://") { say("Địa chỉ liên kết không hợp lệ.", true); restore(); return; }
        exec("createLink", u);
        say("Đã tạo liên kết.");
      });
      tool("Bỏ liên kết", "Bỏ liên kết", function () { exec("unlink"); });
      if (uploadURL) {
        var imgButton = tool("Chèn ảnh", "Chèn ảnh", function () {
          keep();
          var open = panel.hidden;
          panel.hidden = !open;
          imgButton.setAttribute("aria-expanded", open ? "true" : "false");
          if (open) fileInput.focus();
        });
        imgButton.setAttribute("aria-expanded", "false");
      }
      if (libraryURL) {
        var libButton = tool("Ảnh từ thư viện", "Chèn ảnh hoặc bộ ảnh từ thư viện", function () {
          keep();
          toggle(libPanel, libButton, libSearch);
          if (!libPanel.hidden && !libList.childNodes.length) findPhotos();
        });
        libButton.setAttribute("aria-expanded", "false");
      }
      var videoButton = tool("Video", "Chèn video của thư viện, hoặc video YouTube hoặc VTV", function () {
        keep();
        toggle(videoPanel, videoButton, libraryURL ? videoPick : videoURL);
        if (!videoPanel.hidden && libraryURL) findVideos();
      });
      videoButton.setAttribute("aria-expanded", "false");
      tool("Bỏ định dạng", "Bỏ định dạng chữ", function () { exec("removeFormat"); });
      var htmlButton = tool("Mã HTML", "Sửa mã HTML", function () {
        var sourceShown = !box.classList.contains("editor-on");
        if (sourceShown) {
          area.innerHTML = clean(source.value).html;
          box.classList.add("editor-on");
          area.hidden = false;
          htmlButton.setAttribute("aria-pressed", "false");
          area.focus();
        } else {
          sync();
          box.classList.remove("editor-on");
          area.hidden = true;
          htmlButton.setAttribute("aria-pressed", "true");
          source.focus();
        }
      });
      htmlButton.setAttribute("aria-pressed", "false");
    }

    // The photo upload panel: a file and its description, posted to the
    // upload endpoint with the session cookie (same origin, so the
    // cross-site check lets it through).
    var panel = document.createElement("div");
    panel.className = "editor-upload";
    panel.hidden = true;
    var fileId = source.id + "-anh-" + n, altId = source.id + "-mo-ta-" + n;
    panel.innerHTML =
      '<div class="field"><label for="' + fileId + '">Tệp ảnh (JPEG, PNG, GIF hoặc WebP)</label>' +
      '<input type="file" id="' + fileId + '" accept="image/jpeg,image/png,image/gif,image/webp"></div>' +
      '<div class="field"><label for="' + altId + '">Mô tả ảnh <span class="required">(bắt buộc)</span></label>' +
      '<p class="field-hint" id="' + altId + '-goi-y">Viết ngắn gọn ảnh chụp gì, cho người không xem được ảnh.</p>' +
      '<input type="text" id="' + altId + '" maxlength="300" aria-describedby="' + altId + '-goi-y"></div>' +
      '<div class="field"><label for="' + altId + '-chu-thich">Chú thích dưới ảnh</label>' +
      '<p class="field-hint" id="' + altId + '-chu-thich-goi-y">In nghiêng dưới ảnh, ví dụ: Ảnh: Kim Thoả. Có thể để trống.</p>' +
      '<input type="text" id="' + altId + '-chu-thich" maxlength="500" aria-describedby="' + altId + '-chu-thich-goi-y"></div>' +
      '<div class="editor-upload-actions"></div>';
    var fileInput = panel.querySelector("input[type=file]");
    var altInput = panel.querySelector("input[type=text]");
    var captionInput = document.getElementById(altId + "-chu-thich") || panel.querySelectorAll("input[type=text]")[1];
    var actions = panel.querySelector(".editor-upload-actions");
    var send = button("Tải lên và chèn");
    send.className = "button";
    var cancel = button("Huỷ");
    cancel.className = "button button-secondary";
    actions.appendChild(send);
    actions.appendChild(cancel);
    cancel.addEventListener("click", function () {
      panel.hidden = true;
      if (imgButton) { imgButton.setAttribute("aria-expanded", "false"); imgButton.focus(); }
    });
    altInput.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); send.click(); }
    });
    send.addEventListener("click", function () {
      var file = fileInput.files && fileInput.files[0];
      var alt = altInput.value.trim();
      if (!file) { say("Hãy chọn tệp ảnh.", true); fileInput.focus(); return; }
      if (!alt) { say("Hãy nhập mô tả ảnh.", true); altInput.focus(); return; }
      var fd = new FormData();
      fd.append("file", file);
      fd.append("alt", alt);
      fd.append("caption", captionInput.value.trim());
      send.disabled = true;
      say("Đang tải ảnh lên…");
      fetch(uploadURL, { method: "POST", body: fd, credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (res) {
          return res.json().then(function (data) { return { res: res, data: data }; }, function () {
            return { res: res, data: null };
          });
        })
        .then(function (r) {
          send.disabled = false;
          var d = r.data;
          if (!r.res.ok || !d || !d.url) {
            var msg = d && d.error && d.error.message ? d.error.message : "Không tải được ảnh lên (mã lỗi " + r.res.status + "). Vui lòng thử lại.";
            say(msg, true);
            return;
          }
          d.alt = d.alt || alt;
          insertBlock(photoFigure(d, "(max-width: 960px) 100vw, 960px"));
          fileInput.value = "";
          altInput.value = "";
          captionInput.value = "";
          panel.hidden = true;
          if (imgButton) imgButton.setAttribute("aria-expanded", "false");
          say("Đã chèn ảnh.");
        })
        .catch(function () {
          send.disabled = false;
          say("Không kết nối được máy chủ để tải ảnh. Vui lòng thử lại.", true);
        });
    });

    // photoFigure is a photo of the library as the body holds it: its
    // variants, its description, and its caption under it.
    function photoFigure(d, sizes) {
      var img = document.createElement("img");
      img.setAttribute("src", d.url);
      if (d.srcset) {
        img.setAttribute("srcset", d.srcset);
        img.setAttribute("sizes", sizes);
      }
      if (d.width) img.setAttribute("width", String(d.width));
      if (d.height) img.setAttribute("height", String(d.height));
      img.setAttribute("alt", d.alt || "");
      img.setAttribute("loading", "lazy");
      var fig = document.createElement("figure");
      fig.appendChild(img);
      if (d.caption) {
        var cap = document.createElement("figcaption");
        cap.textContent = d.caption;
        fig.appendChild(cap);
      }
      return fig;
    }
    function toggle(p, b, first) {
      var open = p.hidden;
      p.hidden = !open;
      b.setAttribute("aria-expanded", open ? "true" : "false");
      if (open && first) first.focus();
    }
    function closePanel(p, b) {
      p.hidden = true;
      if (b) { b.setAttribute("aria-expanded", "false"); b.focus(); }
    }

    // The library panel: photos of the site, searched; the chosen ones go
    // in one by one, or together as a gallery (a grid, and a viewer on the
    // public page).
    var libPanel = document.createElement("div");
    libPanel.className = "editor-upload editor-library";
    libPanel.hidden = true;
    var libId = source.id + "-thu-vien-" + n;
    libPanel.innerHTML =
      '<div class="field"><label for="' + libId + '">Tìm ảnh trong thư viện</label>' +
      '<input type="search" id="' + libId + '" maxlength="200"></div>' +
      '<div class="editor-upload-actions"></div>' +
      '<fieldset><legend>Ảnh tìm được</legend><ul class="editor-library-list"></ul></fieldset>' +
      '<div class="editor-upload-actions editor-library-actions"></div>';
    var libSearch = libPanel.querySelector("input[type=search]");
    var libList = libPanel.querySelector(".editor-library-list");
    var found = {};
    var findButton = button("Tìm");
    findButton.className = "button button-secondary";
    libPanel.querySelector(".editor-upload-actions").appendChild(findButton);
    var insertOne = button("Chèn ảnh đã chọn");
    insertOne.className = "button";
    var insertGallery = button("Chèn thành bộ ảnh");
    insertGallery.className = "button";
    var libCancel = button("Đóng");
    libCancel.className = "button button-secondary";
    var libActions = libPanel.querySelector(".editor-library-actions");
    libActions.appendChild(insertOne);
    libActions.appendChild(insertGallery);
    libActions.appendChild(libCancel);
    function findPhotos() {
      say("Đang tìm ảnh trong thư viện…");
      fetch(libraryURL + "?dang=json&q=" + encodeURIComponent(libSearch.value.trim()), { credentials: "same-origin" })
        .then(function (res) { return res.ok ? res.json() : Promise.reject(res.status); })
        .then(function (photos) {
          libList.innerHTML = "";
          photos.forEach(function (p) {
            found[p.id] = p;
            var li = document.createElement("li");
            var id = libId + "-" + p.id;
            li.innerHTML = '<input type="checkbox" id="' + id + '" value="' + p.id + '"><label for="' + id + '"><img alt="" width="120"> <span></span></label>';
            li.querySelector("img").src = p.thumb;
            li.querySelector("span").textContent = (p.alt || "(chưa có mô tả)") + (p.caption ? " — " + p.caption : "");
            libList.appendChild(li);
          });
          say(photos.length ? "Tìm thấy " + photos.length + " ảnh." : "Không tìm thấy ảnh nào.");
        })
        .catch(function () { say("Không tìm được trong thư viện. Vui lòng thử lại.", true); });
    }
    findButton.addEventListener("click", findPhotos);
    libSearch.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); findPhotos(); }
    });
    function chosen() {
      var out = [];
      libList.querySelectorAll("input:checked").forEach(function (c) { out.push(found[c.value]); });
      var missing = out.filter(function (p) { return !p.alt; });
      if (!out.length) { say("Hãy chọn ít nhất một ảnh.", true); return null; }
      if (missing.length) { say("Có ảnh chưa có mô tả: hãy viết mô tả cho ảnh trong Thư viện ảnh và tệp trước.", true); return null; }
      return out;
    }
    insertOne.addEventListener("click", function () {
      var photos = chosen();
      if (!photos) return;
      photos.forEach(function (p) { insertBlock(photoFigure(p, "(max-width: 960px) 100vw, 960px")); });
      libList.querySelectorAll("input:checked").forEach(function (c) { c.checked = false; });
      closePanel(libPanel, libButton);
      say("Đã chèn " + photos.length + " ảnh.");
    });
    insertGallery.addEventListener("click", function () {
      var photos = chosen();
      if (!photos) return;
      if (photos.length < 2) { say("Bộ ảnh cần ít nhất hai ảnh.", true); return; }
      var gallery = document.createElement("figure");
      gallery.className = "gallery";
      photos.forEach(function (p) { gallery.appendChild(photoFigure(p, "(max-width: 600px) 50vw, 320px")); });
      insertBlock(gallery);
      libList.querySelectorAll("input:checked").forEach(function (c) { c.checked = false; });
      closePanel(libPanel, libButton);
      say("Đã chèn bộ " + photos.length + " ảnh.");
    });
    libCancel.addEventListener("click", function () { closePanel(libPanel, libButton); });

    // The video panel: a YouTube or VTV address, kept as a link; the
    // public page loads the player only when the reader asks.
    var videoPanel = document.createElement("div");
    videoPanel.className = "editor-upload editor-video";
    videoPanel.hidden = true;
    var vId = source.id + "-video-" + n;
    videoPanel.innerHTML =
      (libraryURL ? '<div class="field"><label for="' + vId + '-thu-vien">Video đã tải lên thư viện</label>' +
      '<p class="field-hint" id="' + vId + '-thu-vien-goi-y">Tải video MP4 và ảnh bìa lên ở trang Thư viện ảnh và tệp. Chọn video ở đây, hoặc để trống và nhập địa chỉ YouTube, VTV ở dưới.</p>' +
      '<select id="' + vId + '-thu-vien" aria-describedby="' + vId + '-thu-vien-goi-y"><option value="">(Không chọn)</option></select></div>' : '') +
      '<div class="field"><label for="' + vId + '">Địa chỉ video YouTube hoặc VTV</label>' +
      '<p class="field-hint" id="' + vId + '-goi-y">Ví dụ: https://www.youtube.com/watch?v=… hoặc https://vtv.vn/video/…. Trang chỉ tải video khi bạn đọc bấm xem.</p>' +
      '<input type="url" id="' + vId + '" maxlength="500" aria-describedby="' + vId + '-goi-y"></div>' +
      '<div class="field"><label for="' + vId + '-chu-thich">Chú thích</label>' +
      '<input type="text" id="' + vId + '-chu-thich" maxlength="500"></div>' +
      '<div class="editor-upload-actions"></div>';
    var videoURL = videoPanel.querySelector("input[type=url]");
    var videoPick = videoPanel.querySelector("select");
    var videos = {};
    function findVideos() {
      fetch(libraryURL + "?dang=json&loai=video", { credentials: "same-origin" })
        .then(function (res) { return res.ok ? res.json() : Promise.reject(res.status); })
        .then(function (list) {
          var keep = videoPick.value;
          videoPick.length = 1;
          list.forEach(function (v) {
            videos[v.id] = v;
            var o = document.createElement("option");
            o.value = String(v.id);
            o.textContent = (v.alt || v.name) + (v.name ? " (" + v.name + ")" : "");
            videoPick.appendChild(o);
          });
          videoPick.value = keep;
        })
        .catch(function () { say("Không đọc được danh sách video của thư viện. Vui lòng thử lại.", true); });
    }
    // videoFigure is a video of the library as the sanitiser keeps it.
    function videoFigure(v, caption) {
      var fig = document.createElement("figure");
      var el = document.createElement("video");
      el.setAttribute("controls", "");
      el.setAttribute("preload", "none");
      el.setAttribute("poster", v.url);
      if (v.alt) el.setAttribute("aria-label", v.alt);
      var src = document.createElement("source");
      src.setAttribute("src", v.video);
      src.setAttribute("type", "video/mp4");
      el.appendChild(src);
      fig.appendChild(el);
      if (caption) {
        var cap = document.createElement("figcaption");
        cap.textContent = caption;
        fig.appendChild(cap);
      }
      return fig;
    }
    var videoCaption = videoPanel.querySelector("input[type=text]");
    var videoInsert = button("Chèn video");
    videoInsert.className = "button";
    var videoCancel = button("Huỷ");
    videoCancel.className = "button button-secondary";
    videoPanel.querySelector(".editor-upload-actions").appendChild(videoInsert);
    videoPanel.querySelector(".editor-upload-actions").appendChild(videoCancel);
    videoCancel.addEventListener("click", function () { closePanel(videoPanel, videoButton); });
    videoInsert.addEventListener("click", function () {
      var picked = videoPick && videos[videoPick.value];
      if (picked) {
        insertBlock(videoFigure(picked, videoCaption.value.trim() || picked.caption));
        videoPick.value = "";
        videoCaption.value = "";
        closePanel(videoPanel, videoButton);
        say("Đã chèn video.");
        return;
      }
      var u = videoURL.value.trim();
      var yt = /^https:\/\/(www\.|m\.)?(youtube\.com\/(watch\?v=|shorts\/|embed\/)|youtu\.be\/)[A-Za-z0-9_-]{11}/.test(u);
      var vtv = /^https:\/\/(www\.)?vtv\.vn\/\S+$/.test(u);
      if (!yt && !vtv) { say("Địa chỉ video không hợp lệ: chỉ nhận địa chỉ https của YouTube hoặc VTV.", true); videoURL.focus(); return; }
      var fig = document.createElement("figure");
      fig.className = "video";
      var a = document.createElement("a");
      a.setAttribute("href", u);
      a.textContent = yt ? "Xem video trên YouTube" : "Xem video trên VTV";
      fig.appendChild(a);
      if (videoCaption.value.trim()) {
        var cap = document.createElement("figcaption");
        cap.textContent = videoCaption.value.trim();
        fig.appendChild(cap);
      }
      insertBlock(fig);
      videoURL.value = "";
      videoCaption.value = "";
      closePanel(videoPanel, videoButton);
      say("Đã chèn video.");
    });
    videoURL.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); videoInsert.click(); }
    });

    if (!readOnly) box.insertBefore(toolbar, source);
    if (!readOnly && uploadURL) box.insertBefore(panel, source);
    if (!readOnly && libraryURL) box.insertBefore(libPanel, source);
    if (!readOnly) box.insertBefore(videoPanel, source);
    box.insertBefore(area, source);
    box.appendChild(status);
    box.classList.add("editor-on");
    if (label) label.addEventListener("click", function (e) { e.preventDefault(); area.focus(); });

    if (readOnly) return;
    try { document.execCommand("defaultParagraphSeparator", false, "p"); } catch (e) { /* old browsers */ }

    area.addEventListener("input", function () { dirty = true; sync(); keep(); });
    area.addEventListener("keyup", function () { keep(); updateState(); });
    area.addEventListener("mouseup", function () { keep(); updateState(); });
    area.addEventListener("blur", keep);
    area.addEventListener("focus", function () {
      if (area.innerHTML.trim() === "") {
        area.innerHTML = "<p><br></p>";
        var r = document.createRange();
        r.setStart(area.firstChild, 0);
        r.collapse(true);
        var sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(r);
      }
    });
    area.addEventListener("paste", function (e) {
      var cd = e.clipboardData;
      if (!cd) return;
      var html = cd.getData("text/html");
      var text = cd.getData("text/plain");
      e.preventDefault();
      var c = html ? clean(html) : { html: textToHTML(text || ""), dropped: 0 };
      document.execCommand("insertHTML", false, c.html);
      sync();
      dirty = true;
      if (c.dropped) say("Đã bỏ " + c.dropped + " ảnh dán từ nơi khác. Hãy tải ảnh lên bằng nút «Chèn ảnh».", true);
      else say("Đã dán nội dung và loại bỏ định dạng thừa.");
    });
    area.addEventListener("drop", function (e) {
      // Dropped files would become data: URLs the server does not keep.
      if (e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files.length) {
        e.preventDefault();
        say("Hãy tải ảnh lên bằng nút «Chèn ảnh».", true);
      }
    });
    if (form) {
      form.addEventListener("input", function (e) { if (e.target !== area) dirty = true; });
      form.addEventListener("submit", function () {
        if (box.classList.contains("editor-on")) source.value = clean(area.innerHTML).html;
        dirty = false;
      });
    }
    window.addEventListener("beforeunload", function (e) {
      if (dirty) { e.preventDefault(); e.returnValue = ""; }
    });
    if (source.hasAttribute("autofocus")) area.focus();
  }

  var boxes = document.querySelectorAll(".editor");
  for (var i = 0; i < boxes.length; i++) setup(boxes[i], i);
})();
