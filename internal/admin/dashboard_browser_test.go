package admin

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"trangtin/internal/browsertest"
	"trangtin/internal/content"
	"trangtin/internal/httpx"
)

// TestBrowserDashboardAndMenu: the approver's dashboard in a real browser,
// on a desktop (1366×768) and a phone (390×844), with axe-core: the
// figures match the fixture and each link opens its filtered list; the
// grouped menu; the editor of an article waiting for approval with its
// approval bar.
func TestBrowserDashboardAndMenu(t *testing.T) {
	f := newDashFixture(t)
	waiting := f.article(f.reporter, content.StatusApproval, "Bài chờ duyệt để xem thanh duyệt")
	srv := httptest.NewServer(httpx.SecurityHeaders(f.h))
	defer srv.Close()
	b := browsertest.New(t)
	p := signInWith(t, b, srv.URL, f.approver.Email)
	for _, size := range []struct {
		name string
		set  func(*browsertest.Page)
	}{
		{"may-tinh", func(p *browsertest.Page) { p.SetViewport(1366, 768) }},
		{"dien-thoai", func(p *browsertest.Page) { p.SetMobileViewport(390, 844) }},
	} {
		size.set(p)
		p = b.Visit(srv.URL + pathHome)
		var figs map[string]string
		p.Eval(`Object.fromEntries([...document.querySelectorAll('.figure a')].map(a =>
			[a.querySelector('.figure-label').textContent, a.querySelector('.figure-count').textContent]))`, &figs)
		for label, want := range map[string]string{"Bài chờ biên tập": "2", "Bài chờ duyệt": "4", "Câu hỏi quá hạn": "1",
			"Câu hỏi sắp đến hạn": "2", "Góp ý chờ duyệt": "3", "Hôm nay: lượt truy cập": "2"} {
			if figs[label] != want {
				t.Errorf("%s: figure %q = %q, want %q", size.name, label, figs[label], want)
			}
		}
		var groups []string
		p.Eval(`[...document.querySelectorAll('.nav-group-label')].map(e => e.textContent)`, &groups)
		if got := strings.Join(groups, " · "); got != "Nội dung · Văn bản · Công dân" {
			t.Errorf("%s: the approver's menu groups %q", size.name, got)
		}
		p.Screenshot("tong-quan-" + size.name)
		p.AssertNoAxeViolations()

		// Each figure opens its list.
		for _, c := range []struct {
			link  string
			rows  int
			title string
		}{
			{`.figure a[href$="trang-thai=approval"]`, 4, "Bài viết"},
			{`.figure a[href$="trang-thai=qua-han"]`, 1, "Hỏi đáp"},
			{`.figure a[href$="trang-thai=sap-den-han"]`, 2, "Hỏi đáp"},
		} {
			p = b.Visit(srv.URL + pathHome)
			p = p.ClickAndWait(c.link)
			var rows int
			p.Eval(`document.querySelectorAll('.article-item').length`, &rows)
			if h1 := p.Text("h1"); p.Status != http.StatusOK || h1 != c.title || rows != c.rows {
				t.Errorf("%s: %s opens %d %q with %d rows, want %q with %d", size.name, c.link, p.Status, h1, rows, c.title, c.rows)
			}
			p.AssertNoAxeViolations()
		}

		// The editor of an article waiting for approval: the bar on top.
		p = b.Visit(srv.URL + articleURL(waiting.ID))
		var bar struct{ Top, Scrolled float64 }
		p.Eval(`(() => { window.scrollTo(0, document.body.scrollHeight); const r = document.querySelector('.approval-bar').getBoundingClientRect();
			return {Top: r.top, Scrolled: window.scrollY}; })()`, &bar)
		if bar.Scrolled < 200 || bar.Top < -1 || bar.Top > 1 {
			t.Errorf("%s: scrolled %.0f px, the approval bar is at %.0f px, want 0", size.name, bar.Scrolled, bar.Top)
		}
		if txt := p.Text(".approval-bar"); !strings.Contains(txt, "Đăng ngay") || !strings.Contains(txt, "Hẹn giờ") || !strings.Contains(txt, "Trả lại") {
			t.Errorf("%s: the approval bar says %q", size.name, txt)
		}
		p.Screenshot("thanh-duyet-" + size.name)
		p.AssertNoAxeViolations()
	}
}
