// trangtin: the article editor. It turns the body's <textarea> into a small
// WYSIWYG editor (contenteditable) with bold, italic, headings, lists,
// links, photos uploaded through /quan-tri/anh, and cleaning of pasted Word
// and web HTML. The HTML stays in the textarea, which the form submits;
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
    FIGURE: [], FIGCAPTION: [], TABLE: [], THEAD: [], TBODY: [], TR: [],
    TH: ["colspan", "rowspan", "scope"], TD: ["colspan", "rowspan"]
  };
  var RENAME = { H1: "H2", H5: "H4", H6: "H4", DIV: "P", STRIKE: "S" };
  var DROP = /^(SCRIPT|STYLE|META|LINK|TITLE|HEAD|IFRAME|FRAME|OBJECT|EMBED|APPLET|TEMPLATE|NOSCRIPT|SVG|MATH|CANVAS|VIDEO|AUDIO|FORM|INPUT|BUTTON|SELECT|TEXTAREA|XML)$/;

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
      '<div class="editor-upload-actions"></div>';
    var fileInput = panel.querySelector("input[type=file]");
    var altInput = panel.querySelector("input[type=text]");
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
          var img = document.createElement("img");
          img.setAttribute("src", d.url);
          if (d.srcset) {
            img.setAttribute("srcset", d.srcset);
            img.setAttribute("sizes", "(max-width: 960px) 100vw, 960px");
          }
          if (d.width) img.setAttribute("width", String(d.width));
          if (d.height) img.setAttribute("height", String(d.height));
          img.setAttribute("alt", d.alt || alt);
          img.setAttribute("loading", "lazy");
          var fig = document.createElement("figure");
          fig.appendChild(img);
          insertBlock(fig);
          fileInput.value = "";
          altInput.value = "";
          panel.hidden = true;
          if (imgButton) imgButton.setAttribute("aria-expanded", "false");
          say("Đã chèn ảnh.");
        })
        .catch(function () {
          send.disabled = false;
          say("Không kết nối được máy chủ để tải ảnh. Vui lòng thử lại.", true);
        });
    });

    if (!readOnly) box.insertBefore(toolbar, source);
    if (!readOnly && uploadURL) box.insertBefore(panel, source);
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
