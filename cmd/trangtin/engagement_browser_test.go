package main

import (
	"strings"
	"testing"

	"trangtin/internal/browsertest"
	"trangtin/internal/config"
	"trangtin/internal/testenv"
)

// TestBrowserSchedule checks /lich-cong-tac in headless Chromium: zero
// axe-core (WCAG 2.1 A/AA) violations on a desktop and a phone, the print
// button shown by site.js, and every row readable without sideways
// scrolling on the phone.
func TestBrowserSchedule(t *testing.T) {
	app := startApp(t, config.Config{})
	b := browsertest.New(t)
	p := b.Visit(app.URL + "/lich-cong-tac")
	checkRendered(t, p, 200)
	if h1 := p.Text("main h1"); h1 != "Lịch công tác" {
		t.Errorf("heading %q", h1)
	}
	var print struct {
		Hidden bool   `json:"hidden"`
		Text   string `json:"text"`
	}
	p.Eval(`(() => { const b = document.querySelector(".schedule-nav [data-print]"); return {hidden: b.hidden, text: b.textContent}; })()`, &print)
	if print.Hidden || print.Text != "In lịch công tác" {
		t.Errorf("print button %+v", print)
	}
	var rows int
	p.Eval(`document.querySelectorAll(".schedule-table tbody tr").length`, &rows)
	if rows < 9 {
		t.Errorf("%d rows in this week's tables, want the demo's 9", rows)
	}
	p.Screenshot("lich-cong-tac")
	p.AssertNoAxeViolations()

	// Printed: the tables with their headers, without the menus, week
	// links, date picker, print button or footer figures; still accessible.
	p.EmulateMedia("print")
	var printed struct {
		Nav    string `json:"nav"`
		Pick   string `json:"pick"`
		Menu   string `json:"menu"`
		Visits string `json:"visits"`
		Head   string `json:"head"`
		Cell   string `json:"cell"`
	}
	p.Eval(`(() => { const d = s => getComputedStyle(document.querySelector(s)).display; return {
		nav: d(".schedule-nav"), pick: d(".schedule-pick"), menu: d(".menu"), visits: d(".visits"),
		head: d(".schedule-table thead"), cell: d(".schedule-table td") }; })()`, &printed)
	if printed.Nav != "none" || printed.Pick != "none" || printed.Menu != "none" || printed.Visits != "none" ||
		printed.Head != "table-header-group" || printed.Cell != "table-cell" {
		t.Errorf("print layout %+v", printed)
	}
	p.Screenshot("lich-cong-tac-ban-in")
	p.AssertNoAxeViolations()
	p.EmulateMedia("")

	p.SetMobileViewport(375, 812)
	p = b.Visit(app.URL + "/lich-cong-tac")
	checkRendered(t, p, 200)
	var label string
	p.Eval(`getComputedStyle(document.querySelector(".schedule-table td"), "::before").content`, &label)
	if !strings.Contains(label, "Nội dung") {
		t.Errorf("on a phone the cells are not labelled: %q", label)
	}
	p.Screenshot("lich-cong-tac-di-dong")
	p.AssertNoAxeViolations()

	p = b.Visit(app.URL + "/lich-cong-tac?tuan=2020-W10")
	checkRendered(t, p, 200)
	p.AssertNoAxeViolations()
}

// TestBrowserRating rates the reference article with the widget: the
// script sends it and thanks the reader in place, the form stays hidden on
// the next visit (the page itself is the cached one), and the thank-you
// page of the no-script path passes axe-core too.
func TestBrowserRating(t *testing.T) {
	app := startApp(t, config.Config{})
	b := browsertest.New(t)
	p := b.Visit(app.URL + seedArticlePath)
	checkRendered(t, p, 200)
	if got := p.Text("#danh-gia h2"); got != "Đánh giá mức độ hài lòng" {
		t.Fatalf("rating heading %q", got)
	}
	p.AssertNoAxeViolations()
	p.Click(`#danh-gia button[value="4"]`)
	var done string
	p.Eval(`new Promise(r => { const t = setInterval(() => { const d = document.querySelector(".rating-done");
		if (!d.hidden) { clearInterval(t); r(d.textContent); } }, 50); })`, &done)
	if done != "Cảm ơn bạn đã đánh giá!" {
		t.Errorf("after rating: %q", done)
	}
	p.Screenshot("danh-gia-da-gui")
	p.AssertNoAxeViolations()

	p = b.Visit(app.URL + seedArticlePath)
	var state struct {
		FormHidden bool `json:"formHidden"`
		DoneHidden bool `json:"doneHidden"`
	}
	p.Eval(`({formHidden: document.querySelector(".rating-form").hidden, doneHidden: document.querySelector(".rating-done").hidden})`, &state)
	if !state.FormHidden || state.DoneHidden {
		t.Errorf("on the next visit: %+v, want the form hidden and the thanks shown", state)
	}
	a := seedArticle(t, app)
	tally := testenv.Must(app.db.FindRating(t.Context(), a.SiteID, "article", a.ID)).Get(t)
	if tally.Total() != 1 || tally.Counts[3] != 1 {
		t.Errorf("stored %v", tally.Counts)
	}

	p = b.Visit(app.URL + "/danh-gia/cam-on?loai=article&ma=" + itoa(a.ID))
	checkRendered(t, p, 200)
	p.Screenshot("danh-gia-cam-on")
	p.AssertNoAxeViolations()

	// The footer's figures: the cached page carries those it was rendered
	// with (none counted yet: headless Chromium is a robot to the counter);
	// site.js fetches the current ones.
	if baked := p.Text(`[data-visits-field="total"]`); baked != "0" {
		t.Errorf("figure rendered %q, want 0", baked)
	}
	for i := range 3 {
		app.visits.Hit(a.SiteID, "203.0.113."+itoa(int64(i)), browserUA)
	}
	if err := app.visits.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	p = b.Visit(app.URL + seedArticlePath)
	var total string
	p.Eval(`new Promise(r => { const t = setInterval(() => { const d = document.querySelector('[data-visits-field="total"]');
		if (d.textContent !== "0") { clearInterval(t); r(d.textContent); } }, 50); })`, &total)
	if total != "3" {
		t.Errorf("footer total after the script ran: %q, want 3", total)
	}
}
