package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp/kb"

	"trangtin/internal/browsertest"
	"trangtin/internal/config"
	"trangtin/internal/consultation"
	"trangtin/internal/content"
	"trangtin/internal/document"
	"trangtin/internal/media"
	"trangtin/internal/newsroom"
	"trangtin/internal/schedule"
	"trangtin/internal/user"
	"trangtin/internal/vi"
)

// TestBrowserVietnameseDates types 05/12/2026 the Vietnamese way, with
// real key strokes, into every date field of the editors' area (a
// document's issue date, a schedule entry, a draft for consultation, the
// audit log's filter; scheduled publishing gets 05/12 of next year, since
// it must lie ahead) and checks in the store that the day kept is 5
// December, never 12 May; then the same day typed into the public search
// and document filters finds the document, and an old ISO link still
// does. The calendar helper picks a day with the keyboard alone; a day not
// on the calendar (31/02/2026) is refused with the field's Vietnamese
// message and every other field kept. On a desktop (1366×768) and a phone
// (390×844), with a screenshot and axe-core on every page touched.
func TestBrowserVietnameseDates(t *testing.T) {
	app := startApp(t, config.Config{})
	ctx := context.Background()
	site, err := app.db.FindSiteByKey(ctx, "giavien")
	if err != nil {
		t.Fatal(err)
	}
	users := user.NewService(app.db, app.db, app.db, nil)
	const password = "Mat-khau-Gia-Vien-2026"
	approver, err := users.CreateUser(ctx, "duyet.ngay@giavien.gov.vn", "Lê Văn Duyệt", password, user.RoleApprover, site.ID)
	if err != nil {
		t.Fatal(err)
	}
	reporter, err := users.CreateUser(ctx, "phongvien.ngay@giavien.gov.vn", "Nguyễn Thị Thoả", password, user.RoleReporter, site.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := users.CreateUser(ctx, "quantri.ngay@giavien.gov.vn", "Trần Quản Trị", password, user.RoleSiteAdmin, site.ID); err != nil {
		t.Fatal(err)
	}
	cats, err := app.db.FindCategories(ctx, site.ID)
	if err != nil || len(cats) == 0 {
		t.Fatalf("categories: %v (%d)", err, len(cats))
	}
	actor := func(u user.User) newsroom.Actor {
		ms, err := users.FindMemberships(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		return newsroom.Actor{UserID: u.ID, Name: u.Name, Memberships: ms}
	}
	// An article waiting for approval, for each screen.
	toApprove := func(title string) content.Article {
		t.Helper()
		a, err := app.newsroom.Create(ctx, actor(reporter), site.ID, newsroom.Draft{CategoryID: cats[0].ID, Title: title,
			Body: "<p>Nội dung bài viết để thử hẹn giờ đăng.</p>", Author: "Thoả"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := app.newsroom.Submit(ctx, actor(reporter), site.ID, a.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := app.newsroom.PassToApproval(ctx, actor(approver), site.ID, a.ID); err != nil {
			t.Fatal(err)
		}
		return a
	}
	typed := "05/12/2026"
	dec5 := vi.NewDay(2026, time.December, 5)
	nextYear := vi.DayOf(time.Now()).AddDays(400)
	ny, _, _ := nextYear.Date()
	scheduledDay := vi.NewDay(ny, time.December, 5)

	b := browsertest.New(t)
	check := func(p *browsertest.Page, name string, status int) {
		t.Helper()
		if p.Status != status {
			t.Errorf("%s: status %d, want %d", name, p.Status, status)
		}
		p.Screenshot(name)
		p.AssertNoAxeViolations()
	}
	for _, screen := range []struct {
		suffix string
		w, h   int
		phone  bool
	}{{"", 1366, 768, false}, {"-di-dong", 390, 844, true}} {
		if screen.phone {
			b.Visit(app.URL+"/").SetMobileViewport(screen.w, screen.h)
		} else {
			b.Visit(app.URL+"/").SetViewport(screen.w, screen.h)
		}
		number := "12/QĐ-UBND"
		if screen.phone {
			number = "13/QĐ-UBND"
		}
		p := nrSignIn(t, b, app.URL, approver.Email, password)

		// 1. A document issued on 05/12/2026, typed.
		p = b.Visit(app.URL + "/quan-tri/van-ban/moi")
		check(p, "ngay-van-ban-moi"+screen.suffix, http.StatusOK)
		nrFill(t, p, map[string]string{"type": "Quyết định", "issuer": "UBND huyện Gia Viễn", "abstract": "Về việc thử nhập ngày theo kiểu Việt Nam"})
		p.Type("#number", number)
		p.Type("#issued_on", typed)
		p = p.ClickAndWait("#luu-van-ban")
		check(p, "ngay-van-ban-da-luu"+screen.suffix, http.StatusOK)
		doc := findDocument(t, app, site.ID, number)
		if doc.IssuedOn != dec5 {
			t.Errorf("%s: typed %s, stored issue date %s, want 2026-12-05", screen.suffix, typed, doc.IssuedOn)
		}
		var shown string
		p.Eval(`document.getElementById("issued_on").value`, &shown)
		if shown != typed {
			t.Errorf("the saved document's form shows the issue date as %q, want %q", shown, typed)
		}

		// 2. A day not on the calendar: the field's message, and every
		// other field as typed.
		p = b.Visit(app.URL + "/quan-tri/van-ban/moi")
		nrFill(t, p, map[string]string{"type": "Quyết định", "issuer": "UBND huyện Gia Viễn", "abstract": "Trích yếu giữ nguyên"})
		p.Type("#number", "99/QĐ-UBND")
		p.Type("#issued_on", "31/02/2026")
		p.Type("#expires_on", "31/12/2027")
		p = p.ClickAndWait("#luu-van-ban")
		check(p, "ngay-van-ban-sai-ngay"+screen.suffix, http.StatusUnprocessableEntity)
		if msg := p.Text("#issued_on-loi"); !strings.Contains(msg, "Ngày ban hành không hợp lệ") || !strings.Contains(msg, "31/02/2026") {
			t.Errorf("message under the issue date: %q", msg)
		}
		var kept map[string]string
		p.Eval(`Object.fromEntries(["number", "issuer", "abstract", "issued_on", "expires_on"].map(id => [id, document.getElementById(id).value]))`, &kept)
		for id, want := range map[string]string{"number": "99/QĐ-UBND", "issuer": "UBND huyện Gia Viễn", "abstract": "Trích yếu giữ nguyên", "issued_on": "31/02/2026", "expires_on": "31/12/2027"} {
			if kept[id] != want {
				t.Errorf("after the refusal %s shows %q, want %q as typed", id, kept[id], want)
			}
		}

		// 3. The calendar helper, by keyboard only: from 05/12/2026, one
		// day on, one week on, one month on, Enter.
		p.Type("#issued_on", typed)
		p.Eval(`document.querySelector("#issued_on + .lich-nut").focus()`, nil)
		p.Press(kb.Enter)
		var focused string
		p.Wait(`document.activeElement && document.activeElement.getAttribute("data-ngay")`, &focused)
		if focused != typed {
			t.Errorf("the calendar opened on %q, want the field's day %s", focused, typed)
		}
		p.Press(kb.ArrowRight, kb.ArrowDown, kb.PageDown)
		p.Wait(`document.activeElement && document.activeElement.getAttribute("data-ngay")`, &focused)
		if focused != "13/01/2027" {
			t.Errorf("after →, ↓, Page Down the calendar is on %q, want 13/01/2027", focused)
		}
		p.Screenshot("ngay-lich-ban-phim" + screen.suffix)
		p.AssertNoAxeViolations()
		p.Press(kb.Enter)
		var picked, active string
		p.Wait(`document.getElementById("issued_on").value === "13/01/2027" && document.querySelector(".lich-hop").hidden && document.activeElement.id`, &active)
		p.Eval(`document.getElementById("issued_on").value`, &picked)
		if picked != "13/01/2027" || active != "issued_on" {
			t.Errorf("picked %q, focus on %q; want 13/01/2027 in the field, with the focus", picked, active)
		}
		p.Eval(`document.querySelector("#expires_on + .lich-nut").focus()`, nil)
		p.Press(kb.Enter)
		p.Wait(`document.activeElement && document.activeElement.getAttribute("data-ngay")`, nil)
		p.Press(kb.Escape)
		p.Wait(`document.activeElement.classList.contains("lich-nut") && document.querySelectorAll(".lich-hop:not([hidden])").length === 0`, nil)

		// 4. A schedule entry on 05/12/2026 at 08:30.
		p = b.Visit(app.URL + "/quan-tri/lich-cong-tac/moi")
		check(p, "ngay-lich-cong-tac-moi"+screen.suffix, http.StatusOK)
		p.Type("#ngay", typed)
		p.Type("#gio", "8h30")
		leader := "Phạm Văn Lịch" + screen.suffix
		nrFill(t, p, map[string]string{"lanh-dao": leader, "cong-viec": "Họp giao ban thử ngày"})
		p = p.ClickAndWait(`form.form button[type=submit]`)
		check(p, "ngay-lich-cong-tac-da-luu"+screen.suffix, http.StatusOK)
		entries, err := app.db.FindScheduleEntries(ctx, schedule.Filter{SiteID: site.ID})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range entries {
			if e.Leader == leader {
				found = true
				if e.Day != dec5 || e.Time != "08:30" {
					t.Errorf("schedule entry stored on %s at %q, want 2026-12-05 at 08:30", e.Day, e.Time)
				}
			}
		}
		if !found {
			t.Errorf("the schedule entry of %s was not stored", leader)
		}

		// 5. A draft for consultation from 05/12/2026 to 31/12/2026.
		p = b.Visit(app.URL + "/quan-tri/gop-y-du-thao/moi")
		check(p, "ngay-lay-y-kien-moi"+screen.suffix, http.StatusOK)
		title := "Dự thảo thử ngày" + screen.suffix
		nrFill(t, p, map[string]string{"title": title, "summary": "Tóm tắt dự thảo.", "agency": "Văn phòng"})
		p.Type("#opens", typed)
		p.Type("#closes", "31-12-2026")
		p = p.ClickAndWait(`form[action$="/moi"] button[type=submit]`)
		check(p, "ngay-lay-y-kien-da-luu"+screen.suffix, http.StatusOK)
		cs, _, err := app.db.FindConsultations(ctx, consultation.Filter{SiteID: site.ID})
		if err != nil {
			t.Fatal(err)
		}
		found = false
		for _, c := range cs {
			if c.Title == title {
				found = true
				if !c.OpensAt.Equal(dec5.Start()) || vi.DayOf(c.ClosesAt) != vi.NewDay(2026, time.December, 31) {
					t.Errorf("consultation opens %s, closes %s; want 5 and 31 December 2026 (Vietnam time)", c.OpensAt.In(vi.Zone), c.ClosesAt.In(vi.Zone))
				}
			}
		}
		if !found {
			t.Errorf("the consultation %q was not stored", title)
		}
		var opens string
		p.Eval(`document.getElementById("opens").value`, &opens)
		if opens != typed {
			t.Errorf("the saved consultation shows its opening day as %q, want %s", opens, typed)
		}

		// 6. Scheduled publishing on 05/12 of next year at 08:30.
		art := toApprove("Bài hẹn giờ thử ngày" + screen.suffix)
		p = b.Visit(app.URL + "/quan-tri/bai-viet/" + strconv.FormatInt(art.ID, 10))
		check(p, "ngay-hen-gio-dang"+screen.suffix, http.StatusOK)
		p.Type("#at", scheduledDay.Numeric())
		p.Type("#at-gio", "08:30")
		p = p.ClickAndWait(`button[formaction$="/hen-gio"]`)
		check(p, "ngay-hen-gio-da-hen"+screen.suffix, http.StatusOK)
		got, err := app.db.FindArticleByID(ctx, site.ID, art.ID)
		if err != nil {
			t.Fatal(err)
		}
		if want := scheduledDay.At(8, 30); got.Status != content.StatusScheduled || !got.PublishedAt.Equal(want) {
			t.Errorf("article %s for %s, want scheduled for %s (5 December, 08:30 Vietnam time)", got.Status, got.PublishedAt.In(vi.Zone), want)
		}
		nrSignOut(t, p)

		// 7. The audit log's filter, by a site administrator.
		p = nrSignIn(t, b, app.URL, "quantri.ngay@giavien.gov.vn", password)
		p = b.Visit(app.URL + "/quan-tri/nhat-ky")
		p.Type("#tu-ngay", typed)
		p = p.ClickAndWait(`.filter-buttons button[type=submit]`)
		check(p, "ngay-nhat-ky-loc"+screen.suffix, http.StatusOK)
		var q string
		p.Eval(`new URLSearchParams(location.search).get("tu-ngay") + "|" + document.getElementById("tu-ngay").value`, &q)
		if q != typed+"|"+typed {
			t.Errorf("audit filter sent and shown as %q, want %s both", q, typed)
		}
		if h := p.Text("#ket-qua"); !strings.Contains(h, "mục phù hợp") {
			t.Errorf("audit log from %s (entries of today): %q", typed, h)
		}
		p.Type("#tu-ngay", "01/12/2026")
		p.Type("#den-ngay", "31/02/2026")
		p = p.ClickAndWait(`.filter-buttons button[type=submit]`)
		check(p, "ngay-nhat-ky-sai-ngay"+screen.suffix, p.Status)
		if msg := p.Text("#den-ngay-loi"); !strings.Contains(msg, "Đến ngày không hợp lệ") {
			t.Errorf("audit log, bad end day: %q", msg)
		}
		var from string
		p.Eval(`document.getElementById("tu-ngay").value`, &from)
		if from != "01/12/2026" {
			t.Errorf("audit log: the start day typed became %q", from)
		}
		nrSignOut(t, p)

		// 8. The public filters find the document of 05/12/2026 when it
		// is published, typed the same way, and old ISO links still work.
		if _, err := app.docs.Publish(ctx, document.Actor{UserID: approver.ID, Name: approver.Email}, site.ID, doc.ID, 0); err != nil {
			t.Fatal(err)
		}
		p = b.Visit(app.URL + "/van-ban")
		check(p, "ngay-van-ban-cong-khai"+screen.suffix, http.StatusOK)
		var open bool
		p.Eval(`document.querySelector("details.tim-nang-cao").open`, &open)
		if open == screen.phone {
			t.Errorf("phone %v: «Tìm nâng cao» open %v, want folded on a phone and open on a desktop", screen.phone, open)
		}
		if screen.phone {
			p.Click("details.tim-nang-cao > summary")
		}
		p.Type("#vb-tu-ngay", typed)
		p.Type("#vb-den-ngay", "5/12/2026")
		p = p.ClickAndWait(`form.doc-filters button[type=submit]`)
		check(p, "ngay-van-ban-loc"+screen.suffix, http.StatusOK)
		var numbers []string
		p.Eval(`[...document.querySelectorAll(".doc-table tbody th a")].map(a => a.textContent.replace(/^.* số /, ""))`, &numbers)
		if len(numbers) == 0 || !containsAll(numbers, number) || containsAll(numbers, "123/QĐ-UBND") {
			t.Errorf("documents issued on %s: %v, want %s and not the demo's of 2020", typed, numbers, number)
		}
		p.Eval(`document.querySelector("details.tim-nang-cao").open && document.getElementById("vb-den-ngay").value`, &shown)
		if shown != typed {
			t.Errorf("the filtered list shows its end day as %q (folded?), want %s", shown, typed)
		}
		p = b.Visit(app.URL + "/van-ban?tu-ngay=2026-12-05&den-ngay=2026-12-05")
		p.Eval(`[...document.querySelectorAll(".doc-table tbody th a")].map(a => a.textContent.replace(/^.* số /, ""))`, &numbers)
		if !containsAll(numbers, number) || containsAll(numbers, "123/QĐ-UBND") {
			t.Errorf("an old ISO link: %v", numbers)
		}
		p = b.Visit(app.URL + "/van-ban?tu-ngay=31%2F02%2F2026&loai=Quy%E1%BA%BFt+%C4%91%E1%BB%8Bnh")
		check(p, "ngay-van-ban-loc-sai"+screen.suffix, http.StatusBadRequest)
		if msg := p.Text(".form-error"); !strings.Contains(msg, "Ban hành từ ngày không hợp lệ") {
			t.Errorf("public documents, bad day: %q", msg)
		}
		p.Eval(`document.getElementById("vb-tu-ngay").value + "|" + document.getElementById("vb-loai").value`, &shown)
		if shown != "31/02/2026|Quyết định" {
			t.Errorf("after the refusal the filters show %q, want what was typed", shown)
		}

		p = b.Visit(app.URL + "/tim-kiem")
		check(p, "ngay-tim-kiem"+screen.suffix, http.StatusOK)
		if screen.phone {
			p.Click("details.tim-nang-cao > summary")
		}
		p.Type("#tk-q", number)
		p.Type("#tk-tu", typed)
		p.Type("#tk-den", typed)
		p = p.ClickAndWait(`form.search-main button[type=submit]`)
		check(p, "ngay-tim-kiem-loc"+screen.suffix, http.StatusOK)
		if h := p.Text("#ket-qua"); !strings.HasPrefix(h, "Tìm thấy") {
			t.Errorf("search for %s issued on %s: %q", number, typed, h)
		}
		p = b.Visit(app.URL + "/tim-kiem?q=" + number + "&tu=06%2F12%2F2026")
		if h := p.Text("#ket-qua"); !strings.HasPrefix(h, "Không tìm thấy") {
			t.Errorf("search from 06/12/2026 still finds the document of the 5th: %q", h)
		}
		p = b.Visit(app.URL + "/tim-kiem?q=" + number + "&tu=2026-12-05&den=2026-12-05")
		if h := p.Text("#ket-qua"); !strings.HasPrefix(h, "Tìm thấy") {
			t.Errorf("an old ISO search link: %q", h)
		}
		p = b.Visit(app.URL + "/tim-kiem?q=" + number + "&tu=31%2F02%2F2026")
		check(p, "ngay-tim-kiem-sai"+screen.suffix, http.StatusBadRequest)
		if msg := p.Text("#tk-loi"); !strings.Contains(msg, "Từ ngày không hợp lệ") {
			t.Errorf("search, bad day: %q", msg)
		}
		p.Eval(`document.getElementById("tk-tu").value + "|" + document.getElementById("tk-q").value + "|" + document.querySelector("details.tim-nang-cao").open`, &shown)
		if shown != "31/02/2026|"+number+"|true" {
			t.Errorf("after the refusal the search form shows %q, want what was typed, open", shown)
		}

		// 9. The public schedule: the week of a day typed.
		p = b.Visit(app.URL + "/lich-cong-tac")
		check(p, "ngay-lich-cong-khai"+screen.suffix, http.StatusOK)
		p.Type("#lich-ngay", typed)
		p = p.ClickAndWait(`form.schedule-pick button[type=submit]`)
		check(p, "ngay-lich-cong-khai-tuan"+screen.suffix, http.StatusOK)
		if !strings.HasSuffix(p.URL, "?tuan=2026-W49") {
			t.Errorf("the week of %s is %s, want 2026-W49", typed, p.URL)
		}
		if txt := p.Text("main"); !strings.Contains(txt, leader) {
			t.Errorf("the public week of %s does not list %s", typed, leader)
		}
	}
}

// TestBrowserDocumentPreview: the public list of documents is a table on a
// desktop, whose "Xem trước" shows the site's own PDF in a frame of the
// page (the file answers inline and may be framed by its own origin only;
// the page keeps its policy), and cards on a phone.
func TestBrowserDocumentPreview(t *testing.T) {
	app := startApp(t, config.Config{})
	ctx := context.Background()
	site, err := app.db.FindSiteByKey(ctx, "giavien")
	if err != nil {
		t.Fatal(err)
	}
	users := user.NewService(app.db, app.db, app.db, nil)
	approver, err := users.CreateUser(ctx, "duyet.pdf@giavien.gov.vn", "Lê Văn Duyệt", "Mat-khau-Gia-Vien-2026", user.RoleApprover, site.ID)
	if err != nil {
		t.Fatal(err)
	}
	lib := media.NewLibrary(app.db, app.blobs, media.Limits{})
	file, err := lib.UploadFile(ctx, site.ID, approver.ID, "quyet-dinh-45.pdf", bytes.NewReader(onePagePDF("Quyet dinh so 45/QD-UBND")), nil)
	if err != nil {
		t.Fatal(err)
	}
	act := document.Actor{UserID: approver.ID, Name: approver.Email}
	d, err := app.docs.Create(ctx, act, site.ID, document.Input{Type: "Quyết định", Number: "45/QĐ-UBND", Issuer: "UBND huyện Gia Viễn",
		Abstract: "Về việc thử xem trước tệp PDF", IssuedOn: "05/12/2026", FileIDs: []int64{file.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.docs.Publish(ctx, act, site.ID, d.ID, 0); err != nil {
		t.Fatal(err)
	}

	b := browsertest.New(t)
	p := b.Visit(app.URL + "/")
	p.SetViewport(1366, 768)
	p = b.Visit(app.URL + "/van-ban")
	checkRendered(t, p, http.StatusOK)
	var heads []string
	p.Eval(`[...document.querySelectorAll(".doc-table thead th")].filter(th => th.offsetWidth > 1).map(th => th.textContent)`, &heads)
	if strings.Join(heads, "|") != "Số ký hiệu|Ngày ban hành|Trích yếu|Tải về" {
		t.Errorf("desktop table heads %v", heads)
	}
	p.Click(`a[data-xem-truoc]`)
	var src string
	p.Wait(`(() => { const f = document.querySelector(".doc-preview-row iframe"); return f && f.getAttribute("src"); })()`, &src)
	if !strings.HasPrefix(src, "/tep/") || !strings.HasSuffix(src, "?xem=1") {
		t.Errorf("preview frame src %q", src)
	}
	var expanded string
	p.Eval(`document.querySelector("a[data-xem-truoc]").getAttribute("aria-expanded")`, &expanded)
	if expanded != "true" {
		t.Errorf("the preview link says aria-expanded=%q", expanded)
	}
	// The frame's document loaded (a PDF viewer or the bytes, as the
	// browser does it): no CSP refusal, which would leave it blank.
	p.Wait(`(() => { const f = document.querySelector(".doc-preview-row iframe"); return f && f.contentWindow && f.contentWindow.length >= 0 && f.offsetHeight > 300; })()`, nil)
	p.Screenshot("van-ban-xem-truoc")
	p.AssertNoAxeViolations()

	res, _ := get(t, app.URL+src)
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" ||
		!strings.HasPrefix(res.Header.Get("Content-Disposition"), "inline") ||
		res.Header.Get("Content-Security-Policy") != "default-src 'none'; frame-ancestors 'self'" {
		t.Errorf("preview answer %d, %q, %q, CSP %q", res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"), res.Header.Get("Content-Security-Policy"))
	}
	res, _ = get(t, app.URL+strings.TrimSuffix(src, "?xem=1"))
	if !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") || !strings.Contains(res.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
		t.Errorf("download answer %q, CSP %q: only the preview may be framed", res.Header.Get("Content-Disposition"), res.Header.Get("Content-Security-Policy"))
	}
	res, _ = get(t, app.URL+"/van-ban")
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "object-src 'none'") {
		t.Errorf("the list's own policy changed: %q", csp)
	}

	p.SetMobileViewport(390, 844)
	p = b.Visit(app.URL + "/van-ban")
	checkRendered(t, p, http.StatusOK)
	var display string
	p.Eval(`getComputedStyle(document.querySelector(".doc-table tbody tr")).display`, &display)
	if display != "block" {
		t.Errorf("on a phone a document is shown as %q, want a card (block)", display)
	}
	p.Screenshot("van-ban-the-di-dong")
	p.AssertNoAxeViolations()
}

// findDocument returns the site's document of that number.
func findDocument(t *testing.T, app *testApp, siteID int64, number string) document.Document {
	t.Helper()
	ds, err := app.db.FindDocuments(context.Background(), document.Filter{SiteID: siteID, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if d.Number == number {
			return d
		}
	}
	t.Fatalf("no document %s stored", number)
	return document.Document{}
}

func containsAll(list []string, want ...string) bool {
	for _, w := range want {
		found := false
		for _, x := range list {
			if x == w {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// onePagePDF is a valid one-page PDF showing text (ASCII).
func onePagePDF(text string) []byte {
	stream := fmt.Sprintf("BT /F1 24 Tf 72 720 Td (%s) Tj ET", text)
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(stream), stream),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var buf bytes.Buffer
	buf.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = buf.Len()
		fmt.Fprintf(&buf, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := buf.Len()
	fmt.Fprintf(&buf, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&buf, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&buf, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return buf.Bytes()
}
