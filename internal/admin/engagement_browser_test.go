package admin

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"trangtin/internal/browsertest"
	"trangtin/internal/httpx"
	"trangtin/internal/rating"
)

// TestBrowserScheduleAndRatingsAccessible runs axe-core (WCAG 2.1 A/AA) on
// the work schedule's week list, its form (also with errors) and the
// ratings page, on a desktop and a phone.
func TestBrowserScheduleAndRatingsAccessible(t *testing.T) {
	f, _ := engagementFixture(t)
	f.db.AddRating(context.Background(), f.siteA.ID, rating.Article, 1, 5, time.Now())
	srv := httptest.NewServer(httpx.SecurityHeaders(f.h))
	defer srv.Close()
	b := browsertest.New(t)
	p := b.Visit(srv.URL + "/quan-tri/")
	fill(t, p, map[string]string{"email": "btv@giavien.gov.vn", "password": testPassword})
	p = p.ClickAndWait("button[type=submit]")
	p.Text(".user-name")

	p = b.Visit(srv.URL + pathSchedule + "/moi?ngay=2026-11-30")
	if h1 := p.Text("h1"); h1 != "Thêm mục lịch công tác" {
		t.Fatalf("form heading %q", h1)
	}
	p.Screenshot("lich-cong-tac-them")
	p.AssertNoAxeViolations()
	fill(t, p, map[string]string{"gio": "", "lanh-dao": "", "cong-viec": "Họp giao ban"})
	p = p.ClickAndWait("form.form button[type=submit]")
	if msg := p.Text(".error-summary"); !strings.Contains(msg, "Vui lòng nhập tên lãnh đạo") {
		t.Fatalf("error summary %q", msg)
	}
	p.Screenshot("lich-cong-tac-loi")
	p.AssertNoAxeViolations()
	fill(t, p, map[string]string{"lanh-dao": "Nguyễn Văn Thoả", "dia-diem": "Hội trường"})
	p = p.ClickAndWait("form.form button[type=submit]")
	if notice := p.Text(".notice"); notice != "Đã lưu mục lịch công tác." {
		t.Fatalf("after saving: %q", notice)
	}
	p.Screenshot("lich-cong-tac-tuan")
	p.AssertNoAxeViolations()

	p = b.Visit(srv.URL + pathRatings)
	if got := p.Text(".data-table"); !strings.Contains(got, "Hội nghị tổng kết năm") {
		t.Errorf("ratings table %q", got)
	}
	p.Screenshot("danh-gia")
	p.AssertNoAxeViolations()

	p.SetMobileViewport(390, 844)
	for _, path := range []string{pathSchedule + "?tuan=2026-W49", pathRatings} {
		// Switching to a phone may still be settling the last page's
		// execution context on a busy machine: try the visit twice.
		var err error
		if p, err = b.TryVisit(srv.URL + path); err != nil {
			t.Logf("visit %s: %v; again", path, err)
			p = b.Visit(srv.URL + path)
		}
		var overflow bool
		p.Eval(`document.documentElement.scrollWidth > window.innerWidth`, &overflow)
		if overflow {
			t.Errorf("%s scrolls sideways on a phone", path)
		}
		p.AssertNoAxeViolations()
	}
}
