// Calendar helper of the date fields (input[data-lich]), shared by the
// public site and the editors' area. A progressive enhancement only: the
// field is a plain text field that takes a date typed as ngày/tháng/năm
// (05/12/2026), which the server reads; this script adds a "Chọn ngày"
// button next to it that opens a month grid, usable with the keyboard:
// arrows move by a day or a week, Page Up/Down by a month (with Shift by
// a year), Home/End to the start/end of the week, Enter or Space picks,
// Escape closes. The date it writes is always day/month/year, whatever
// the language of the browser or of the operating system.
"use strict";
(function () {
  var WEEKDAYS = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"];
  var SHORT = ["T2", "T3", "T4", "T5", "T6", "T7", "CN"];
  var seq = 0;

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function numeric(d) { return pad(d.getDate()) + "/" + pad(d.getMonth() + 1) + "/" + d.getFullYear(); }
  function weekday(d) { return WEEKDAYS[(d.getDay() + 6) % 7]; }
  function sameDay(a, b) { return a && b && a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate(); }
  function addDays(d, n) { return new Date(d.getFullYear(), d.getMonth(), d.getDate() + n); }
  function addMonths(d, n) {
    var last = new Date(d.getFullYear(), d.getMonth() + n + 1, 0).getDate();
    return new Date(d.getFullYear(), d.getMonth() + n, Math.min(d.getDate(), last));
  }

  // parse reads what the server reads (vi.ParseDay): 5/12/2026,
  // 05-12-2026, 05.12.2026 or 2026-12-05; null for anything else or a day
  // not on the calendar.
  function parse(s) {
    var m = /^\s*(\d{1,2})([\/.\-])(\d{1,2})\2(\d{4})\s*$/.exec(s), y, mo, d;
    if (m) { d = +m[1]; mo = +m[3]; y = +m[4]; } else {
      m = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/.exec(s);
      if (!m) { return null; }
      y = +m[1]; mo = +m[2]; d = +m[3];
    }
    var t = new Date(y, mo - 1, d);
    return t.getFullYear() === y && t.getMonth() === mo - 1 && t.getDate() === d ? t : null;
  }

  function labelOf(input) {
    var l = input.id && document.querySelector('label[for="' + input.id + '"]');
    if (!l) { return ""; }
    var c = l.cloneNode(true);
    c.querySelectorAll(".field-format, .required").forEach(function (e) { e.remove(); });
    return c.textContent.replace(/\s+/g, " ").trim();
  }

  function enhance(input) {
    var id = "lich-" + (++seq);
    var name = labelOf(input);
    var toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "lich-nut";
    toggle.textContent = "Chọn ngày";
    if (name) { toggle.setAttribute("aria-label", "Chọn ngày trên lịch: " + name); }
    toggle.setAttribute("aria-expanded", "false");
    toggle.setAttribute("aria-controls", id);
    var box = document.createElement("div");
    box.className = "lich-hop";
    box.id = id;
    box.hidden = true;
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-label", "Lịch chọn " + (name ? name.toLowerCase() : "ngày"));
    var wrap = document.createElement("span");
    wrap.className = "lich-o";
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    wrap.appendChild(toggle);
    wrap.appendChild(box);

    var chosen = null, focus = null;

    function button(text, label, onclick, key) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = text;
      if (key) { b.setAttribute("data-nut", key); }
      if (label) { b.setAttribute("aria-label", label); }
      b.addEventListener("click", onclick);
      return b;
    }

    // render draws the month of focus; then the keyboard focus goes to
    // the focused day (where "day"), or back to the button of the header
    // that was used (a key of data-nut), or stays (null).
    function render(where) {
      box.textContent = "";
      var head = document.createElement("div");
      head.className = "lich-dau";
      var title = document.createElement("p");
      title.className = "lich-thang";
      title.id = id + "-thang";
      title.setAttribute("aria-live", "polite");
      title.textContent = "Tháng " + (focus.getMonth() + 1) + " năm " + focus.getFullYear();
      head.appendChild(button("‹", "Tháng trước", function () { focus = addMonths(focus, -1); render("truoc"); }, "truoc"));
      head.appendChild(title);
      head.appendChild(button("›", "Tháng sau", function () { focus = addMonths(focus, 1); render("sau"); }, "sau"));
      box.appendChild(head);

      var table = document.createElement("table");
      table.className = "lich-bang";
      table.setAttribute("aria-labelledby", id + "-thang");
      var tr = document.createElement("tr");
      SHORT.forEach(function (s, i) {
        var th = document.createElement("th");
        th.scope = "col";
        th.abbr = WEEKDAYS[i];
        th.textContent = s;
        tr.appendChild(th);
      });
      var thead = document.createElement("thead");
      thead.appendChild(tr);
      table.appendChild(thead);
      var tbody = document.createElement("tbody");
      var first = new Date(focus.getFullYear(), focus.getMonth(), 1);
      var day = addDays(first, -((first.getDay() + 6) % 7));
      var today = new Date();
      var current = null;
      for (var w = 0; w < 6; w++) {
        if (w > 0 && day.getMonth() !== focus.getMonth()) { break; }
        tr = document.createElement("tr");
        for (var i = 0; i < 7; i++, day = addDays(day, 1)) {
          var td = document.createElement("td");
          if (day.getMonth() === focus.getMonth()) {
            var b = document.createElement("button");
            b.type = "button";
            // Named "5 tháng 12 năm 2026, Thứ bảy": the visible number
            // first, the rest for screen readers.
            var rest = document.createElement("span");
            rest.className = "lich-an";
            rest.textContent = " tháng " + (day.getMonth() + 1) + " năm " + day.getFullYear() + ", " + weekday(day);
            b.textContent = day.getDate();
            b.appendChild(rest);
            b.setAttribute("data-ngay", numeric(day));
            b.tabIndex = sameDay(day, focus) ? 0 : -1;
            if (sameDay(day, today)) { b.setAttribute("aria-current", "date"); }
            if (sameDay(day, chosen)) { b.setAttribute("aria-pressed", "true"); }
            if (sameDay(day, focus)) { current = b; }
            td.appendChild(b);
          }
          tr.appendChild(td);
        }
        tbody.appendChild(tr);
      }
      table.appendChild(tbody);
      box.appendChild(table);
      var foot = document.createElement("p");
      foot.className = "lich-cuoi";
      foot.appendChild(button("Hôm nay", "", function () { focus = new Date(); render("day"); }));
      foot.appendChild(button("Đóng", "Đóng lịch", function () { close(true); }));
      box.appendChild(foot);
      if (where === "day" && current) { current.focus(); }
      else if (where) { box.querySelector('[data-nut="' + where + '"]').focus(); }
    }

    function open() {
      chosen = parse(input.value);
      focus = chosen || new Date();
      box.hidden = false;
      toggle.setAttribute("aria-expanded", "true");
      render("day");
    }

    function close(refocus) {
      if (box.hidden) { return; }
      box.hidden = true;
      toggle.setAttribute("aria-expanded", "false");
      if (refocus) { toggle.focus(); }
    }

    function pick(text) {
      input.value = text;
      input.dispatchEvent(new Event("input", { bubbles: true }));
      input.dispatchEvent(new Event("change", { bubbles: true }));
      close(false);
      input.focus();
    }

    toggle.addEventListener("click", function () { if (box.hidden) { open(); } else { close(true); } });
    box.addEventListener("click", function (ev) {
      var b = ev.target.closest("button[data-ngay]");
      if (b) { pick(b.getAttribute("data-ngay")); }
    });
    box.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") { ev.preventDefault(); close(true); return; }
      if (!ev.target.hasAttribute("data-ngay")) { return; }
      var next = null;
      switch (ev.key) {
        case "ArrowLeft": next = addDays(focus, -1); break;
        case "ArrowRight": next = addDays(focus, 1); break;
        case "ArrowUp": next = addDays(focus, -7); break;
        case "ArrowDown": next = addDays(focus, 7); break;
        case "PageUp": next = addMonths(focus, ev.shiftKey ? -12 : -1); break;
        case "PageDown": next = addMonths(focus, ev.shiftKey ? 12 : 1); break;
        case "Home": next = addDays(focus, -((focus.getDay() + 6) % 7)); break;
        case "End": next = addDays(focus, 6 - (focus.getDay() + 6) % 7); break;
      }
      if (!next) { return; }
      ev.preventDefault();
      focus = next;
      render("day");
    });
    document.addEventListener("click", function (ev) {
      // (A button of the calendar is gone once clicked: it redraws.)
      if (!box.hidden && ev.target.isConnected && !wrap.contains(ev.target)) { close(false); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-lich]").forEach(enhance);
  });
})();
